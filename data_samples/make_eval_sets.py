"""Write the course's evaluation sets (Chinese and English) from fact tables written for the course.

  mcq.jsonl          knowledge multiple choice, 4 options, OpenCompass's custom format {question, A, B, C, D, answer}
  arithmetic.jsonl   grade-school word problems with numeric answers {question, answer, lang}
  open_prompts.jsonl open-ended prompts for pairwise judging {prompt, lang}

Every fact below is general knowledge, checked by hand; distractors come from the same table, so each question has
exactly one right option. Answer positions are balanced over A-D. Usage: python make_eval_sets.py [--out DIR]
"""
import argparse
import json
import random
import re
from pathlib import Path

CAPITALS = [('France', '法国', 'Paris', '巴黎'), ('Japan', '日本', 'Tokyo', '东京'), ('Italy', '意大利', 'Rome', '罗马'),
            ('Germany', '德国', 'Berlin', '柏林'), ('Spain', '西班牙', 'Madrid', '马德里'), ('Egypt', '埃及', 'Cairo', '开罗'),
            ('Russia', '俄罗斯', 'Moscow', '莫斯科'), ('Canada', '加拿大', 'Ottawa', '渥太华'), ('Australia', '澳大利亚', 'Canberra', '堪培拉'),
            ('Brazil', '巴西', 'Brasília', '巴西利亚'), ('India', '印度', 'New Delhi', '新德里'), ('Kenya', '肯尼亚', 'Nairobi', '内罗毕'),
            ('Thailand', '泰国', 'Bangkok', '曼谷'), ('South Korea', '韩国', 'Seoul', '首尔'), ('Greece', '希腊', 'Athens', '雅典'),
            ('Portugal', '葡萄牙', 'Lisbon', '里斯本'), ('Norway', '挪威', 'Oslo', '奥斯陆'), ('Argentina', '阿根廷', 'Buenos Aires', '布宜诺斯艾利斯'),
            ('Mexico', '墨西哥', 'Mexico City', '墨西哥城'), ('Turkey', '土耳其', 'Ankara', '安卡拉'), ('Vietnam', '越南', 'Hanoi', '河内'),
            ('Poland', '波兰', 'Warsaw', '华沙'), ('Sweden', '瑞典', 'Stockholm', '斯德哥尔摩'), ('Ireland', '爱尔兰', 'Dublin', '都柏林'),
            ('Peru', '秘鲁', 'Lima', '利马'), ('Finland', '芬兰', 'Helsinki', '赫尔辛基'), ('Austria', '奥地利', 'Vienna', '维也纳'),
            ('Hungary', '匈牙利', 'Budapest', '布达佩斯'), ('Indonesia', '印度尼西亚', 'Jakarta', '雅加达'), ('Chile', '智利', 'Santiago', '圣地亚哥')]
ELEMENTS = [('hydrogen', '氢', 'H'), ('helium', '氦', 'He'), ('carbon', '碳', 'C'), ('nitrogen', '氮', 'N'), ('oxygen', '氧', 'O'),
            ('sodium', '钠', 'Na'), ('iron', '铁', 'Fe'), ('gold', '金', 'Au'), ('silver', '银', 'Ag'), ('copper', '铜', 'Cu'),
            ('potassium', '钾', 'K'), ('calcium', '钙', 'Ca'), ('lead', '铅', 'Pb'), ('mercury', '汞', 'Hg'), ('tin', '锡', 'Sn'),
            ('zinc', '锌', 'Zn'), ('chlorine', '氯', 'Cl'), ('sulfur', '硫', 'S')]
PROVINCES = [('四川', '成都'), ('湖北', '武汉'), ('广东', '广州'), ('浙江', '杭州'), ('江苏', '南京'), ('陕西', '西安'), ('湖南', '长沙'),
             ('福建', '福州'), ('山东', '济南'), ('河南', '郑州'), ('云南', '昆明'), ('辽宁', '沈阳'), ('黑龙江', '哈尔滨'), ('吉林', '长春'),
             ('河北', '石家庄'), ('山西', '太原'), ('安徽', '合肥'), ('江西', '南昌'), ('贵州', '贵阳'), ('甘肃', '兰州'), ('海南', '海口')]
POEMS = [('静夜思', '李白'), ('春晓', '孟浩然'), ('登鹳雀楼', '王之涣'), ('望庐山瀑布', '李白'), ('春望', '杜甫'), ('悯农', '李绅'),
         ('咏鹅', '骆宾王'), ('游子吟', '孟郊'), ('江雪', '柳宗元'), ('枫桥夜泊', '张继')]
POETS = ['李白', '杜甫', '白居易', '王维', '孟浩然', '王之涣', '李绅', '骆宾王', '孟郊', '柳宗元', '张继', '苏轼']
AUTHORS = [('Romeo and Juliet', 'William Shakespeare'), ('Pride and Prejudice', 'Jane Austen'), ('War and Peace', 'Leo Tolstoy'),
           ('Don Quixote', 'Miguel de Cervantes'), ('The Old Man and the Sea', 'Ernest Hemingway'), ('Oliver Twist', 'Charles Dickens'),
           ('Nineteen Eighty-Four', 'George Orwell'), ('Frankenstein', 'Mary Shelley'), ('Moby-Dick', 'Herman Melville'),
           ('The Odyssey', 'Homer'), ('Dream of the Red Chamber', 'Cao Xueqin'), ('Journey to the West', 'Wu Cheng\'en')]
# (question, right answer, three wrong answers), English then Chinese
FACTS_EN = [
    ('Which planet is closest to the Sun?', 'Mercury', ['Venus', 'Mars', 'Jupiter']),
    ('Which planet is known as the Red Planet?', 'Mars', ['Venus', 'Saturn', 'Neptune']),
    ('What is the largest planet in the Solar System?', 'Jupiter', ['Saturn', 'Earth', 'Uranus']),
    ('What is the largest ocean on Earth?', 'The Pacific Ocean', ['The Atlantic Ocean', 'The Indian Ocean', 'The Arctic Ocean']),
    ('What is the highest mountain above sea level?', 'Mount Everest', ['K2', 'Mont Blanc', 'Mount Kilimanjaro']),
    ('How many continents are there on Earth?', 'Seven', ['Five', 'Six', 'Eight']),
    ('At sea level, water boils at which temperature?', '100 degrees Celsius', ['90 degrees Celsius', '80 degrees Celsius', '120 degrees Celsius']),
    ('Which gas do plants take in for photosynthesis?', 'Carbon dioxide', ['Oxygen', 'Nitrogen', 'Helium']),
    ('How many chambers does the human heart have?', 'Four', ['Two', 'Three', 'Six']),
    ('What is the largest organ of the human body?', 'The skin', ['The liver', 'The brain', 'The heart']),
    ('Which of these animals is a mammal?', 'The whale', ['The shark', 'The trout', 'The octopus']),
    ('Which of these animals is a bird?', 'The penguin', ['The bat', 'The dolphin', 'The flying fish']),
    ('How many legs does a spider have?', 'Eight', ['Six', 'Ten', 'Four']),
    ('How many legs does an insect have?', 'Six', ['Eight', 'Four', 'Ten']),
    ('What is the chemical formula of water?', 'H2O', ['CO2', 'O2', 'NaCl']),
    ('What is the freezing point of water in degrees Fahrenheit?', '32', ['0', '100', '212']),
    ('How many minutes are there in an hour?', 'Sixty', ['One hundred', 'Thirty', 'Twenty-four']),
    ('How many days are there in a leap year?', '366', ['365', '360', '364']),
    ('Which instrument measures air pressure?', 'A barometer', ['A thermometer', 'A speedometer', 'A seismometer']),
    ('What does a thermometer measure?', 'Temperature', ['Air pressure', 'Wind speed', 'Humidity']),
    ('Which organ pumps blood through the body?', 'The heart', ['The lungs', 'The kidneys', 'The stomach']),
    ('Which blood cells carry oxygen?', 'Red blood cells', ['White blood cells', 'Platelets', 'Nerve cells']),
    ('How many players does a football (soccer) team have on the field?', 'Eleven', ['Nine', 'Ten', 'Twelve']),
    ('What is the longest bone in the human body?', 'The femur', ['The tibia', 'The humerus', 'The radius']),
    ('What colour do you get by mixing blue and yellow paint?', 'Green', ['Purple', 'Orange', 'Red']),
    ('How many hours are there in a day?', 'Twenty-four', ['Twelve', 'Twenty', 'Thirty']),
    ('What is the square root of 144?', '12', ['14', '11', '16']),
    ('How many sides does a hexagon have?', 'Six', ['Five', 'Seven', 'Eight']),
    ('What is the smallest prime number?', '2', ['1', '3', '0']),
    ('Who developed the theory of general relativity?', 'Albert Einstein', ['Isaac Newton', 'Charles Darwin', 'Marie Curie']),
    ('Who proposed the theory of evolution by natural selection?', 'Charles Darwin', ['Gregor Mendel', 'Louis Pasteur', 'Albert Einstein']),
    ('Which metal is liquid at room temperature?', 'Mercury', ['Iron', 'Aluminium', 'Copper']),
    ('Light from the Sun takes about how long to reach Earth?', 'Eight minutes', ['Eight seconds', 'Eight hours', 'Eight days']),
    ('What is the main gas in the air we breathe?', 'Nitrogen', ['Oxygen', 'Carbon dioxide', 'Argon']),
]
FACTS_ZH = [
    ('离太阳最近的行星是哪一颗？', '水星', ['金星', '火星', '木星']),
    ('太阳系中最大的行星是哪一颗？', '木星', ['土星', '地球', '天王星']),
    ('地球上面积最大的大洋是哪一个？', '太平洋', ['大西洋', '印度洋', '北冰洋']),
    ('世界上海拔最高的山峰是哪一座？', '珠穆朗玛峰', ['乔戈里峰', '泰山', '富士山']),
    ('在标准大气压下，水的沸点是多少摄氏度？', '100', ['90', '80', '120']),
    ('植物进行光合作用时吸收哪种气体？', '二氧化碳', ['氧气', '氮气', '氦气']),
    ('人的心脏有几个腔？', '四个', ['两个', '三个', '六个']),
    ('下列动物中，哪一种是哺乳动物？', '鲸', ['鲨鱼', '鳟鱼', '章鱼']),
    ('蜘蛛有几条腿？', '八条', ['六条', '十条', '四条']),
    ('水的化学式是什么？', 'H2O', ['CO2', 'O2', 'NaCl']),
    ('一小时有多少分钟？', '六十分钟', ['一百分钟', '三十分钟', '二十四分钟']),
    ('闰年有多少天？', '366天', ['365天', '360天', '364天']),
    ('中国四大发明不包括下列哪一项？', '蒸汽机', ['造纸术', '指南针', '火药']),
    ('中国的首都是哪座城市？', '北京', ['上海', '广州', '南京']),
    ('中国最长的河流是哪一条？', '长江', ['黄河', '珠江', '淮河']),
    ('秦朝的建立者是谁？', '秦始皇', ['汉武帝', '唐太宗', '刘邦']),
    ('唐朝之后是哪个朝代（不计五代十国）？', '宋朝', ['汉朝', '明朝', '隋朝']),
    ('《论语》主要记录了哪位思想家的言行？', '孔子', ['老子', '孟子', '庄子']),
    ('六边形有几条边？', '六条', ['五条', '七条', '八条']),
    ('最小的质数是几？', '2', ['1', '3', '0']),
    ('144的平方根是多少？', '12', ['14', '11', '16']),
    ('常温下呈液态的金属是哪一种？', '汞', ['铁', '铝', '铜']),
    ('提出相对论的科学家是谁？', '爱因斯坦', ['牛顿', '达尔文', '居里夫人']),
    ('端午节在农历几月初五？', '五月', ['正月', '八月', '九月']),
    ('中秋节通常吃什么传统食品？', '月饼', ['粽子', '汤圆', '饺子']),
    ('一年有几个季度？', '四个', ['三个', '六个', '十二个']),
    ('足球比赛中每队场上有几名球员？', '十一名', ['九名', '十名', '十二名']),
    ('蓝色和黄色颜料混合得到什么颜色？', '绿色', ['紫色', '橙色', '红色']),
]


def with_options(rng, question, right, wrong, answer_slot):
    "One MCQ row with `right` in the slot given (0-3) and the wrong options in the others."
    opts = list(wrong[:3]); rng.shuffle(opts); opts.insert(answer_slot, right)
    return {'question': question, **dict(zip('ABCD', opts)), 'answer': 'ABCD'[answer_slot]}


def mcq_rows(rng) -> list[tuple[str, str, list[str]]]:
    "(question, right, wrong options) from every table, both languages."
    rows, pick = [], lambda pool, right: rng.sample([p for p in pool if p != right], 3)
    caps, caps_zh = [c[2] for c in CAPITALS], [c[3] for c in CAPITALS]
    for en, zh, cap, cap_zh in CAPITALS:
        rows.append((f'What is the capital of {en}?', cap, pick(caps, cap)))
        rows.append((f'{zh}的首都是哪座城市？', cap_zh, pick(caps_zh, cap_zh)))
    syms = [e[2] for e in ELEMENTS]
    for en, zh, sym in ELEMENTS:
        rows.append((f'What is the chemical symbol of {en}?', sym, pick(syms, sym)))
        rows.append((f'{zh}的元素符号是什么？', sym, pick(syms, sym)))
    cities = [p[1] for p in PROVINCES]
    rows += [(f'{prov}省的省会是哪座城市？', city, pick(cities, city)) for prov, city in PROVINCES]
    rows += [(f'《{poem}》的作者是谁？', poet, pick(POETS, poet)) for poem, poet in POEMS]
    writers = [a[1] for a in AUTHORS]
    rows += [(f'Who wrote "{book}"?', writer, pick(writers, writer)) for book, writer in AUTHORS]
    rows += [(q, a, w) for q, a, w in FACTS_EN + FACTS_ZH]
    return rows


# The answer of each template, shared by its English and Chinese phrasing (None: computed in arithmetic_row).
ARITH_ANSWERS = [lambda x, y, z: x + y, lambda x, y, z: x * y, lambda x, y, z: x - y, lambda x, y, z: x - y + z, lambda x, y, z: x * y, lambda x, y, z: x - y - z, lambda x, y, z: None, lambda x, y, z: None]
ARITH_EN = [
    '{a} has {x} apples and buys {y} more. How many apples does {a} have now?',
    'A box holds {x} pencils. How many pencils are in {y} boxes?',
    '{a} had {x} stickers and gave {y} of them to a friend. How many stickers are left?',
    'A bus carries {x} passengers. At the first stop {y} get off and {z} get on. How many passengers are on the bus now?',
    '{a} reads {x} pages a day for {y} days. How many pages does {a} read in total?',
    'A rope is {x} metres long. {a} cuts off {y} metres and then another {z} metres. How many metres are left?',
    'Tickets cost {x} dollars each. {a} buys {y} tickets and pays with a {w}-dollar note. How much change does {a} get?',
    '{y} friends share {p} sweets equally. How many sweets does each friend get?',
]
ARITH_ZH = [
    '{a}有{x}个苹果，又买了{y}个。{a}现在一共有多少个苹果？',
    '一盒铅笔有{x}支，{y}盒铅笔一共有多少支？',
    '{a}有{x}张贴纸，送给朋友{y}张，还剩多少张？',
    '一辆公交车上有{x}名乘客，到站后下去{y}人，又上来{z}人。现在车上有多少名乘客？',
    '{a}每天读{x}页书，连续读了{y}天，一共读了多少页？',
    '一根绳子长{x}米，{a}先剪去{y}米，又剪去{z}米，还剩多少米？',
    '每张票{x}元，{a}买了{y}张，付了{w}元，应找回多少元？',
    '{y}个小朋友平均分{p}颗糖，每人分到几颗？',
]
NAMES_EN, NAMES_ZH = ['Tom', 'Lily', 'Sam', 'Mia', 'Ben', 'Zoe', 'Leo', 'Ana'], ['小明', '小红', '小刚', '小丽', '小华', '小芳']


def arithmetic_row(rng, template: str, fn, names, lang: str) -> dict:
    "One word problem with fresh numbers; the answer is computed, never typed."
    x, y, z = rng.randint(30, 90), rng.randint(2, 9), rng.randint(2, 15)
    w, p = 100 * (x * y // 100 + 1), y * rng.randint(3, 12)
    answer = fn(x, y, z)
    if '{w}' in template: answer = w - x * y
    if '{p}' in template: answer = p // y
    return {'question': template.format(a=rng.choice(names), x=x, y=y, z=z, w=w, p=p), 'answer': str(answer), 'lang': lang}


OPEN_PROMPTS = [
    ('Explain in two sentences why the sky looks blue.', 'en'), ('Give three tips for learning a new language.', 'en'),
    ('Write a short, polite email declining a meeting invitation.', 'en'), ('What is the difference between weather and climate?', 'en'),
    ('Describe how to make a cup of tea, step by step.', 'en'), ('Why is sleep important for students?', 'en'),
    ('Summarise what a large language model is for a ten-year-old.', 'en'), ('Suggest a name for a bakery and explain it.', 'en'),
    ('List two advantages and two disadvantages of working from home.', 'en'), ('How can a city reduce traffic jams?', 'en'),
    ('Write a four-line poem about autumn.', 'en'), ('What should you pack for a weekend hiking trip?', 'en'),
    ('请用两句话解释为什么天空是蓝色的。', 'zh'), ('给学习一门新语言的人提三条建议。', 'zh'), ('写一封礼貌地拒绝会议邀请的简短邮件。', 'zh'),
    ('天气和气候有什么区别？', 'zh'), ('一步一步地说明怎样泡一杯茶。', 'zh'), ('为什么睡眠对学生很重要？', 'zh'),
    ('请向十岁的孩子解释什么是大语言模型。', 'zh'), ('为一家面包店起个名字，并说明理由。', 'zh'), ('列出在家办公的两个优点和两个缺点。', 'zh'),
    ('城市可以怎样缓解交通拥堵？', 'zh'), ('写一首关于秋天的四行小诗。', 'zh'), ('周末去徒步旅行应该带些什么？', 'zh'),
]


def write_jsonl(path: Path, rows: list[dict]):
    path.write_text(''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in rows), encoding='utf-8')


def main(out: Path, seed: int = 0):
    rng = random.Random(seed)
    rows = mcq_rows(rng)
    rng.shuffle(rows)
    write_jsonl(out/'mcq.jsonl', [with_options(rng, q, a, w, i % 4) for i, (q, a, w) in enumerate(rows)])
    arith, seen = [], set()
    for templates, names, lang in [(ARITH_EN, NAMES_EN, 'en'), (ARITH_ZH, NAMES_ZH, 'zh')]:
        for t, f in zip(templates, ARITH_ANSWERS):
            for _ in range(7):
                # every problem once, and no two of a template sharing their numbers: near-copies would blur contamination checks
                while (nums := tuple(re.findall(r'\d+', (row := arithmetic_row(rng, t, f, names, lang))['question']))) and (
                        any((t, i, n) in seen for i, n in enumerate(nums))): pass
                seen.update((t, i, n) for i, n in enumerate(nums)); arith.append(row)
    rng.shuffle(arith)
    write_jsonl(out/'arithmetic.jsonl', arith)
    write_jsonl(out/'open_prompts.jsonl', [{'prompt': p, 'lang': l} for p, l in OPEN_PROMPTS])
    print(f'{len(rows)} multiple-choice items, {len(arith)} word problems, {len(OPEN_PROMPTS)} open prompts -> {out}')


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--out', type=Path, default=Path(__file__).resolve().parent/'eval')
    ap.add_argument('--seed', type=int, default=0)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    main(args.out, args.seed)
