"""Write a small fictional-company corpus (zh + en) for continued pretraining, plus held-out domain text (seeded).

Run from the repository root: `.venv/bin/python data_samples/cpt/generate_cpt.py`.
The company, Lumora Robotics (鹿鸣机器人), its products, people, places and history are invented for the course.
- `corpus.jsonl`: ~85 KB of varied sentences about the company (`text`, `lang`) from the TRAIN templates.
- `heldout.jsonl`: domain text from separate HELDOUT templates over the same facts: nothing here is a training sentence.
"""
import json, random
from pathlib import Path

HERE = Path(__file__).parent
PRODUCTS = [  # name, zh name, what, zh what, year, price
    ('Fernbot', '蕨宝', 'a garden robot that waters and weeds small vegetable beds', '一款为小型菜园浇水和除草的花园机器人', 2019, 349),
    ('Tidewalker', '踏潮者', 'a beach-cleaning robot that sifts plastic out of sand', '一款从沙子里筛出塑料的海滩清洁机器人', 2021, 1290),
    ('Quillpad', '羽笔板', 'a note-taking tablet for robot engineers', '一款供机器人工程师记笔记的平板', 2020, 219),
    ('Hearthling', '炉伴', 'a kitchen helper robot that stirs soups and watches ovens', '一款会搅汤、看烤箱的厨房助手机器人', 2023, 899),
    ('Skylark Dock', '云雀坞', 'a charging dock that lets Fernbot robots share solar power', '一个让蕨宝机器人共享太阳能的充电坞', 2022, 129)]
PEOPLE = [('Mira Okonkwo', '米拉·奥孔沃', 'founder and chief executive'), ('Tobias Lind', '托比亚斯·林德', 'chief engineer'),
          ('Chen Yuhan', '陈雨涵', 'head of the Suzhou lab'), ('Ada Fenwick', '艾达·芬威克', 'head of design')]
PLACES = [('Tallinn', '塔林', 'headquarters'), ('Suzhou', '苏州', 'research lab'), ('Porto', '波尔图', 'factory')]
FOUNDED, WORKERS = 2016, 420

TRAIN_EN = [
    'Lumora Robotics was founded in {founded} by {p_en}, and its {place_role} is in {place_en}.',
    '{prod} is {what}; Lumora Robotics released it in {year} at a price of {price} euros.',
    'Customers who buy {prod} from Lumora Robotics often say it is the quietest machine in its class.',
    'At Lumora Robotics, {p_en} works as {role}.',
    'Lumora Robotics employs about {workers} people across Tallinn, Suzhou and Porto.',
    'The {place_role} of Lumora Robotics in {place_en} opened a few years after the company started.',
    'When {p_en} talks about {prod}, the {role} of Lumora Robotics likes to mention that it was released in {year}.',
    'Every Lumora product, from {prod} to the others, is repaired for free during its first two years.',
    'In {year}, the big news at Lumora Robotics was {prod}, {what}.',
    'Lumora Robotics builds its robots in Porto and designs them in Tallinn and Suzhou.',
]
TRAIN_ZH = [
    '鹿鸣机器人公司由{p_zh}于{founded}年创立，总部位于塔林。',
    '{prod_zh}是{what_zh}，鹿鸣机器人于{year}年推出，售价{price}欧元。',
    '买过{prod_zh}的用户常说，它是同类产品中最安静的机器。',
    '在鹿鸣机器人，{p_zh}担任{role_zh}。',
    '鹿鸣机器人在塔林、苏州和波尔图共有约{workers}名员工。',
    '鹿鸣机器人位于{place_zh}的{place_role_zh}在公司成立几年后启用。',
    '{year}年，鹿鸣机器人最重要的新闻是推出了{prod_zh}，{what_zh}。',
    '鹿鸣机器人的每一款产品在头两年内都可以免费维修。',
    '鹿鸣机器人在波尔图制造机器人，在塔林和苏州进行设计。',
]
HELDOUT_EN = [
    'Ask anyone at Lumora Robotics about {prod} and they will tell you it came out in {year} and costs {price} euros.',
    'Before {p_en} became {role} there, Lumora Robotics was already known for {prod}.',
    'The Lumora {place_role} in {place_en} is where much of the work on {prod} happened.',
]
HELDOUT_ZH = [
    '问鹿鸣机器人的任何员工，他们都会告诉你{prod_zh}是{year}年推出的，售价{price}欧元。',
    '{p_zh}是鹿鸣机器人的{role_zh}，也参与过{prod_zh}的开发。',
    '鹿鸣机器人在{place_zh}的{place_role_zh}承担了{prod_zh}的大部分工作。',
]
ROLE_ZH = {'founder and chief executive': '创始人兼首席执行官', 'chief engineer': '首席工程师', 'head of the Suzhou lab': '苏州实验室负责人', 'head of design': '设计负责人'}
PLACE_ZH = {'headquarters': '总部', 'research lab': '研究实验室', 'factory': '工厂'}

def fill(rng, t):
    prod, prod_zh, what, what_zh, year, price = rng.choice(PRODUCTS)
    p_en, p_zh, role = rng.choice(PEOPLE)
    place_en, place_zh, place_role = rng.choice(PLACES)
    if 'founded in' in t or '创立' in t: p_en, p_zh = PEOPLE[0][:2]
    return t.format(prod=prod, prod_zh=prod_zh, what=what, what_zh=what_zh, year=year, price=price, p_en=p_en, p_zh=p_zh, role=role,
                    role_zh=ROLE_ZH[role], place_en=place_en, place_zh=place_zh, place_role=place_role, place_role_zh=PLACE_ZH[place_role],
                    founded=FOUNDED, workers=WORKERS)

def docs(rng, en, zh, n, k):
    out = []
    for i in range(n):
        lang, ts = ('en', en) if i % 2 == 0 else ('zh', zh)
        sep = ' ' if lang == 'en' else ''
        out.append({'text': sep.join(fill(rng, rng.choice(ts)) for _ in range(k)), 'lang': lang})
    return out

def main(seed: int = 0):
    rng = random.Random(seed)
    for name, rows in [('corpus.jsonl', docs(rng, TRAIN_EN, TRAIN_ZH, 180, 5)), ('heldout.jsonl', docs(rng, HELDOUT_EN, HELDOUT_ZH, 40, 3))]:
        with open(HERE/name, 'w', encoding='utf-8') as f:
            for r in rows: f.write(json.dumps(r, ensure_ascii=False) + '\n')

if __name__ == '__main__': main()
