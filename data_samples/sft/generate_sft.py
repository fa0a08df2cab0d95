"""Write the course's general SFT chats (zh + en) and the held-out identity questions (seeded, no model needed).

Run from the repository root: `.venv/bin/python data_samples/sft/generate_sft.py`.
- `data_samples/sft/general_chat.jsonl`: single- and multi-turn chats from small fact tables (capitals, arithmetic,
  unit conversion, word meanings, everyday advice) in both languages; mixed into self-cognition SFT so that general
  answers survive.
- `data_samples/identity_eval.jsonl`: unseen identity questions (en + zh). Their phrasings are written here by hand and
  share no template with `internlm_course.finetune.IDENTITY_QUESTIONS` (tests/test_finetune.py checks it).
"""
import json, random
from pathlib import Path

HERE = Path(__file__).parent
# No country here is in data_samples/make_eval_sets.py's benchmark (tests/test_finetune.py checks it): the sft data must not
# teach the evaluation's answers (the evaluate stage's contamination scan found 7% of its multiple-choice items here once).
CAPITALS = [('the Netherlands', 'Amsterdam', '荷兰', '阿姆斯特丹'), ('Denmark', 'Copenhagen', '丹麦', '哥本哈根'),
            ('Belgium', 'Brussels', '比利时', '布鲁塞尔'), ('Cuba', 'Havana', '古巴', '哈瓦那'), ('Iran', 'Tehran', '伊朗', '德黑兰'),
            ('Nepal', 'Kathmandu', '尼泊尔', '加德满都'), ('Morocco', 'Rabat', '摩洛哥', '拉巴特'), ('Colombia', 'Bogotá', '哥伦比亚', '波哥大'),
            ('the Philippines', 'Manila', '菲律宾', '马尼拉'), ('Malaysia', 'Kuala Lumpur', '马来西亚', '吉隆坡'),
            ('New Zealand', 'Wellington', '新西兰', '惠灵顿'), ('Switzerland', 'Bern', '瑞士', '伯尔尼')]
WORDS = [('apple', '苹果', 'a round fruit with red or green skin'), ('river', '河流', 'a large natural stream of water'),
         ('library', '图书馆', 'a place where books are kept for people to read or borrow'),
         ('teacher', '老师', 'a person who helps others learn'), ('bridge', '桥', 'a structure that carries a road over water or a valley'),
         ('cloud', '云', 'a visible mass of water droplets floating in the sky'), ('garden', '花园', 'a piece of ground where plants are grown'),
         ('clock', '钟', 'a device that shows the time')]
TIPS_EN = [('How can I sleep better?', 'Go to bed at the same time every night, keep your room dark and cool, and avoid screens for an hour before sleep.'),
           ('How do I stay focused while studying?', 'Work in short blocks of about 25 minutes, put your phone in another room, and take a short break after each block.'),
           ('Give me a tip for saving money.', 'Write down everything you spend for one month; seeing where the money goes makes it easy to cut the biggest waste.'),
           ('How can I learn to cook?', 'Start with three simple dishes you like, cook each several times, and only then add new recipes.')]
TIPS_ZH = [('怎样才能睡得更好？', '每天固定时间睡觉，让卧室保持黑暗和凉爽，睡前一小时不要看手机。'),
           ('学习时怎样保持专注？', '每次专心学习25分钟左右，把手机放到别的房间，每段结束后休息几分钟。'),
           ('有什么省钱的小建议？', '把一个月的每笔开销都记下来，看清钱花在哪里，就容易减少最大的浪费。'),
           ('怎样学做饭？', '先挑三道自己喜欢的简单菜，每道反复做几次，熟练以后再学新的菜。')]

def capital(rng):
    en, cap, zh, zcap = rng.choice(CAPITALS)
    if rng.random() < 0.5:
        return [('user', rng.choice(['What is the capital of {}?', 'Which city is the capital of {}?']).format(en)),
                ('assistant', f'The capital of {en} is {cap}.')]
    return [('user', rng.choice(['{}的首都是哪里？', '{}的首都是哪座城市？']).format(zh)), ('assistant', f'{zh}的首都是{zcap}。')]

def arithmetic(rng):
    a, b = rng.randint(2, 60), rng.randint(2, 40)
    op = rng.choice(['+', '-', '*'])
    r = {'+': a + b, '-': a - b, '*': a * b}[op]
    if rng.random() < 0.5: return [('user', f'What is {a} {op} {b}?'), ('assistant', f'{a} {op} {b} = {r}.')]
    return [('user', f'{a} {op} {b} 等于多少？'), ('assistant', f'{a} {op} {b} = {r}。')]

def units(rng):
    km = rng.randint(2, 30)
    if rng.random() < 0.5: return [('user', f'How many metres are in {km} kilometres?'), ('assistant', f'{km} kilometres is {km * 1000} metres.')]
    return [('user', f'{km}千米是多少米？'), ('assistant', f'{km}千米等于{km * 1000}米。')]

def word(rng):
    en, zh, meaning = rng.choice(WORDS)
    k = rng.random()
    if k < 0.35: return [('user', f'What does the word "{en}" mean?'), ('assistant', f'"{en.capitalize()}" means {meaning}.')]
    if k < 0.7: return [('user', f'How do you say "{en}" in Chinese?'), ('assistant', f'"{en.capitalize()}" in Chinese is "{zh}".')]
    return [('user', f'“{zh}”用英语怎么说？'), ('assistant', f'“{zh}”的英语是“{en}”。')]

def tip(rng):
    q, a = rng.choice(TIPS_EN + TIPS_ZH)
    return [('user', q), ('assistant', a)]

MAKERS = [capital, arithmetic, units, word, tip]

def chat(rng):
    turns = [t for _ in range(rng.choice([1, 1, 2])) for t in rng.choice(MAKERS)(rng)]
    msgs = [{'role': r, 'content': c} for r, c in turns]
    if rng.random() < 0.15: msgs.insert(0, {'role': 'system', 'content': 'Answer briefly and correctly.'})
    return {'messages': msgs}

IDENTITY_EVAL = [
    ('en', 'May I ask what your name is?'), ('en', 'Which AI am I chatting with right now?'), ('en', 'Could you tell me who you are?'),
    ('en', 'What do people usually call you?'), ('en', 'Identify yourself, please.'), ('en', 'Are you Siri?'),
    ('en', "what's ur name"), ('en', 'Before we begin, which assistant are you?'), ('en', 'Do you have a name?'),
    ('en', 'I forgot your name. Remind me?'), ('en', 'Are you Google Gemini or something else?'), ('en', 'State your name.'),
    ('en', 'Whom am I speaking to?'), ('en', 'Say hello and tell me your name.'), ('en', 'What assistant is this?'),
    ('zh', '能告诉我你的名字吗？'), ('zh', '和我聊天的是哪个助手？'), ('zh', '你是哪位？'), ('zh', '自我介绍一下吧。'),
    ('zh', '您怎么称呼？'), ('zh', '你是不是文心一言？'), ('zh', '你的身份是什么？'), ('zh', '现在回答我问题的是谁？'),
    ('zh', '你有名字吗？'), ('zh', '我忘了你叫啥了，提醒我一下？'), ('zh', '你到底是谁呀？'), ('zh', '报一下你的名字。'),
    ('zh', '跟我打个招呼，顺便说说你是谁。'), ('zh', '这是哪个AI助手？'), ('zh', '你是Siri吗？'),
]

def main(n: int = 400, seed: int = 0):
    rng = random.Random(seed)
    with open(HERE/'general_chat.jsonl', 'w', encoding='utf-8') as f:
        for _ in range(n): f.write(json.dumps(chat(rng), ensure_ascii=False) + '\n')
    with open(HERE.parent/'identity_eval.jsonl', 'w', encoding='utf-8') as f:
        for lang, q in IDENTITY_EVAL: f.write(json.dumps({'question': q, 'lang': lang}, ensure_ascii=False) + '\n')

if __name__ == '__main__': main()
