"""The evaluation family: templates, topics and phrase lists disjoint from `family_tune.py`, for the labelled
evaluation pool (`eval_pool.jsonl.gz`) and its seed set. Nothing is tuned on this pool; the course reports its
figures here. Everything here is written for this course."""

# ---------------------------------------------------------------- facts
# (en, zh, length in km, continent en, continent zh, where it ends en, zh)
RIVERS = [
    ('the Nile', '尼罗河', 6650, 'Africa', '非洲', 'the Mediterranean Sea', '地中海'),
    ('the Amazon', '亚马孙河', 6400, 'South America', '南美洲', 'the Atlantic Ocean', '大西洋'),
    ('the Yangtze', '长江', 6300, 'Asia', '亚洲', 'the East China Sea', '东海'),
    ('the Mississippi', '密西西比河', 3730, 'North America', '北美洲', 'the Gulf of Mexico', '墨西哥湾'),
    ('the Volga', '伏尔加河', 3530, 'Europe', '欧洲', 'the Caspian Sea', '里海'),
    ('the Mekong', '湄公河', 4900, 'Asia', '亚洲', 'the South China Sea', '南海'),
    ('the Danube', '多瑙河', 2850, 'Europe', '欧洲', 'the Black Sea', '黑海'),
    ('the Congo', '刚果河', 4700, 'Africa', '非洲', 'the Atlantic Ocean', '大西洋'),
    ('the Yellow River', '黄河', 5460, 'Asia', '亚洲', 'the Bohai Sea', '渤海'),
    ('the Murray', '墨累河', 2500, 'Oceania', '大洋洲', 'the Southern Ocean', '南大洋'),
    ('the Rhine', '莱茵河', 1230, 'Europe', '欧洲', 'the North Sea', '北海'),
    ('the Ganges', '恒河', 2500, 'Asia', '亚洲', 'the Bay of Bengal', '孟加拉湾'),
]
# (en, zh, order from the sun, days per orbit, moons, a feature en, zh)
PLANETS = [
    ('Mercury', '水星', 1, 88, 0, 'a surface scarred by craters and almost no atmosphere', '布满陨石坑的表面，几乎没有大气'),
    ('Venus', '金星', 2, 225, 0, 'thick clouds of sulphuric acid and a surface hot enough to melt lead', '浓厚的硫酸云层和足以熔化铅的地表高温'),
    ('Mars', '火星', 4, 687, 2, 'red dust rich in iron oxide and the tallest volcano known', '富含氧化铁的红色尘土和已知最高的火山'),
    ('Jupiter', '木星', 5, 4333, 95, 'a storm larger than the Earth that has lasted for centuries', '一个比地球还大、持续了几百年的风暴'),
    ('Saturn', '土星', 6, 10759, 146, 'broad rings made of ice and rock', '由冰块和岩石组成的宽阔光环'),
    ('Uranus', '天王星', 7, 30687, 28, 'an axis tilted so far that it rolls around the sun on its side', '自转轴倾斜得几乎躺着绕太阳运行'),
    ('Neptune', '海王星', 8, 60190, 16, 'the fastest winds measured in the solar system', '太阳系中测到的最快的风'),
]
# (en, zh, class en, class zh, what it eats en, zh, a habit en, zh)
ANIMALS = [
    ('the African elephant', '非洲象', 'mammal', '哺乳动物', 'grass, bark and fruit', '草、树皮和果实', 'lives in herds led by the oldest female', '以年纪最大的母象为首群居'),
    ('the emperor penguin', '帝企鹅', 'bird', '鸟类', 'fish and krill', '鱼和磷虾', 'breeds during the Antarctic winter', '在南极的冬季繁殖'),
    ('the octopus', '章鱼', 'mollusc', '软体动物', 'crabs and small fish', '螃蟹和小鱼', 'changes colour to hide from predators', '会改变体色躲避天敌'),
    ('the honeybee', '蜜蜂', 'insect', '昆虫', 'nectar and pollen', '花蜜和花粉', 'tells its hive where flowers are by dancing', '用舞蹈告诉同伴花在哪里'),
    ('the giant panda', '大熊猫', 'mammal', '哺乳动物', 'bamboo', '竹子', 'spends most of the day eating', '一天中大部分时间都在进食'),
    ('the blue whale', '蓝鲸', 'mammal', '哺乳动物', 'krill', '磷虾', 'calls to others across hundreds of kilometres of ocean', '能与几百公里外的同伴互相呼唤'),
    ('the monarch butterfly', '帝王蝶', 'insect', '昆虫', 'milkweed as a caterpillar and nectar as an adult', '幼虫吃马利筋，成虫吸花蜜', 'migrates thousands of kilometres each autumn', '每年秋天迁徙几千公里'),
    ('the green sea turtle', '绿海龟', 'reptile', '爬行动物', 'seagrass and algae', '海草和藻类', 'returns to the beach where it hatched to lay eggs', '回到自己出生的海滩产卵'),
]


# ---------------------------------------------------------------- good documents: (plain, deep) per subject
def world_en(r):
    kind = r.choice(['river', 'planet', 'animal'])
    if kind == 'river':
        v, v2 = r.sample(RIVERS, 2)
        name = v[0][4:].capitalize() if v[0].startswith('the ') else v[0]
        plain = [f'{v[0][0].upper() + v[0][1:]} is a river in {v[3]} about {v[2]:,} kilometres long.', f'{v[0][0].upper() + v[0][1:]} flows into {v[5]}.',
                 f'Boats have carried goods along {v[0]} for a very long time.', f'Several large cities stand on the banks of {v[0]}.',
                 f'{v2[0][0].upper() + v2[0][1:]} measures roughly {v2[2]:,} kilometres.']
        deep = [f'At about {v[2]:,} kilometres, {v[0]} is {"longer" if v[2] > v2[2] else "shorter"} than {v2[0]}, so a journey along it takes {"more" if v[2] > v2[2] else "fewer"} days by boat.',
                f'Where {v[0]} meets {v[5]}, it drops the silt it has carried, which builds a delta of very fertile farmland.',
                f'Seasonal floods on {v[0]} once spread fresh soil over the fields, and that is why early farming villages grew along its banks.',
                f'Dams on {v[0]} now produce electricity and control floods, but they also trap the silt that the lower river needs.',
                f'The {name} basin gathers rain from a huge area, so a wet season far upstream can raise the water level weeks later downstream.']
    elif kind == 'planet':
        p, p2 = r.sample(PLANETS, 2)
        plain = [f'{p[0]} is planet number {p[2]} counted from the sun.', f'One orbit of {p[0]} takes about {p[3]:,} Earth days.',
                 f'{p[0]} has {p[4] if p[4] else "no"} known moon{"" if p[4] == 1 else "s"}.', f'{p[0]} is known for {p[5]}.',
                 f'{p2[0]} needs roughly {p2[3]:,} days to circle the sun.']
        deep = [f'Because {p[0]} is {"closer to" if p[2] < p2[2] else "farther from"} the sun than {p2[0]}, its year is {"shorter" if p[3] < p2[3] else "longer"}: {p[3]:,} days against {p2[3]:,}.',
                f'Astronomers explain {p[5]} on {p[0]} by its distance from the sun and by what its atmosphere is made of.',
                f'A planet\'s gravity holds its moons, which is why the giant planets, with far more mass, keep many more moons than {p[0] if p[4] < 3 else "the rocky planets"}.',
                f'Space probes sent to {p[0]} took years to arrive, since a craft must follow a long curved path to match the planet\'s orbit.']
    else:
        a, a2 = r.sample(ANIMALS, 2)
        cap = a[0][0].upper() + a[0][1:]
        an = lambda w: ('an ' if w[0] in 'aeiou' else 'a ') + w
        plain = [f'{cap} is {an(a[2])}.', f'{cap} feeds on {a[4]}.', f'{cap} {a[6]}.', f'{a2[0][0].upper() + a2[0][1:]} is {an(a2[2])} that eats {a2[4]}.',
                 f'Zoos and nature reserves around the world study {a[0]}.']
        deep = [f'{cap} {a[6]}, a habit that helps it survive where food and shelter are hard to find.',
                f'Since {a[0]} eats {a[4]}, it depends on that food being plentiful, and a poor season quickly shows in the numbers of young.',
                f'Unlike {a2[0]}, which is {an(a2[2])}, {a[0]} is {an(a[2])}, so the two differ in how they breathe, grow and raise their young.',
                f'Scientists fit some animals with small trackers, and the data show how far {a[0]} really travels in a year.']
    return plain, deep


def world_zh(r):
    kind = r.choice(['river', 'planet', 'animal'])
    if kind == 'river':
        v, v2 = r.sample(RIVERS, 2)
        plain = [f'{v[1]}是{v[4]}的一条河流，全长约{v[2]}公里。', f'{v[1]}最终注入{v[6]}。', f'很久以来，船只就沿着{v[1]}运送货物。',
                 f'{v[1]}两岸坐落着好几座大城市。', f'{v2[1]}的长度大约是{v2[2]}公里。']
        deep = [f'{v[1]}全长约{v[2]}公里，比{v2[1]}{"长" if v[2] > v2[2] else "短"}，所以乘船走完全程需要的天数也{"更多" if v[2] > v2[2] else "更少"}。',
                f'{v[1]}在流入{v[6]}的地方放下一路携带的泥沙，慢慢堆积成肥沃的三角洲。',
                f'过去{v[1]}每年泛滥时会给农田铺上一层新土，这就是早期的农业村落沿河分布的原因。',
                f'如今{v[1]}上的水坝可以发电、防洪，但也拦住了下游需要的泥沙。']
    elif kind == 'planet':
        p, p2 = r.sample(PLANETS, 2)
        plain = [f'{p[1]}是距离太阳第{p[2]}近的行星。', f'{p[1]}绕太阳一周大约需要{p[3]}个地球日。', f'目前已知{p[1]}有{p[4]}颗卫星。' if p[4] else f'{p[1]}没有天然卫星。',
                 f'{p[1]}以{p[6]}而闻名。', f'{p2[1]}绕太阳一周大约要{p2[3]}天。']
        deep = [f'由于{p[1]}离太阳比{p2[1]}{"近" if p[2] < p2[2] else "远"}，它的一年也更{"短" if p[3] < p2[3] else "长"}：{p[3]}天对{p2[3]}天。',
                f'天文学家用{p[1]}与太阳的距离和它大气的成分，来解释它为什么会有{p[6]}。',
                '行星靠引力留住卫星，质量大得多的巨行星因此拥有多得多的卫星。',
                f'飞往{p[1]}的探测器要飞好几年，因为它必须沿一条长长的弧线飞行，才能赶上这颗行星的轨道。']
    else:
        a, a2 = r.sample(ANIMALS, 2)
        plain = [f'{a[1]}属于{a[3]}。', f'{a[1]}以{a[5]}为食。', f'{a[1]}{a[7]}。', f'{a2[1]}也是一种{a2[3]}，吃{a2[5]}。', f'世界各地的动物园和保护区都在研究{a[1]}。']
        deep = [f'{a[1]}{a[7]}，这个习性帮助它在食物和藏身之处都难找的环境里生存下来。',
                f'{a[1]}吃{a[5]}，所以它离不开充足的食物来源，年景不好时幼崽的数量马上就会减少。',
                f'{a2[1]}属于{a2[3]}，而{a[1]}属于{a[3]}，因此它们在呼吸、生长和养育后代的方式上都不相同。',
                f'科学家给一些动物戴上小型追踪器，数据显示{a[1]}一年到底要走多远。']
    return plain, deep


def math_en(r, deep):
    kind = r.choice(['fractions', 'speed', 'units', 'interest', 'rectangle', 'chance'])
    if kind == 'fractions':
        a, b, c, d = r.randint(1, 5), r.randint(2, 9), r.randint(1, 5), r.randint(2, 9)
        num, den = a*d + c*b, b*d
        q = f'Exercise: add the fractions {a}/{b} and {c}/{d}.'
        return [q, f'Bring both fractions to the common denominator {den} by multiplying top and bottom: {a*d}/{den} and {c*b}/{den}.',
                f'Now the numerators can be added directly, which gives {num}/{den}.', 'A common denominator is needed because only parts of the same size can be counted together.'] \
            if deep else [q, f'Result: {num}/{den}.']
    if kind == 'speed':
        v, t = r.randint(30, 110), r.randint(2, 9)
        q = f'Exercise: a bus travels at {v} km per hour for {t} hours. How far does it go?'
        return [q, 'Distance is speed multiplied by time, as long as both use the same unit of time.', f'Here that is {v} times {t}, so the bus covers {v*t} km.',
                f'Dividing the distance by the time, {v*t} / {t}, gives back the speed of {v} km per hour, which confirms the result.'] if deep else [q, f'Result: {v*t} km.']
    if kind == 'units':
        m = r.randint(2, 95)*100
        q = f'Exercise: how many kilometres are {m} metres?'
        return [q, 'One kilometre is 1000 metres, so converting metres to kilometres means dividing by 1000.', f'{m} divided by 1000 is {m/1000:g}.',
                'Writing the unit next to every intermediate number makes it obvious whether to multiply or divide.'] if deep else [q, f'Result: {m/1000:g} km.']
    if kind == 'interest':
        p, rate, y = r.randint(5, 90)*100, r.choice([2, 3, 4, 5, 6]), r.randint(2, 8)
        q = f'Exercise: {p} dollars are saved at {rate} percent simple interest per year for {y} years. How much interest is earned?'
        return [q, f'Simple interest is the same every year: {rate} percent of {p}, which is {p*rate/100:g} dollars.', f'Over {y} years that adds up to {p*rate*y/100:g} dollars.',
                'Compound interest would pay more, because each year\'s interest would itself start earning interest.'] if deep else [q, f'Result: {p*rate*y/100:g} dollars.']
    if kind == 'rectangle':
        w, h = r.randint(2, 30), r.randint(2, 30)
        q = f'Exercise: a rectangle is {w} cm wide and {h} cm tall. Find its perimeter and its area.'
        return [q, f'The perimeter adds all four sides: 2 times ({w} + {h}), which is {2*(w + h)} cm.', f'The area multiplies the two sides: {w} times {h} is {w*h} square cm.',
                'Perimeter is a length and area is a surface, which is why their units differ.'] if deep else [q, f'Result: perimeter {2*(w + h)} cm, area {w*h} square cm.']
    red, blue = r.randint(1, 9), r.randint(1, 9)
    q = f'Exercise: a bag holds {red} red and {blue} blue marbles. What is the chance of drawing a red one?'
    return [q, f'There are {red + blue} marbles in total and each is equally likely to be drawn.', f'{red} of them are red, so the chance is {red}/{red + blue}.',
            'Counting the favourable cases and dividing by all cases works only when every case is equally likely.'] if deep else [q, f'Result: {red}/{red + blue}.']


def math_zh(r, deep):
    kind = r.choice(['fractions', 'speed', 'units', 'rectangle', 'chance'])
    if kind == 'fractions':
        a, b, c, d = r.randint(1, 5), r.randint(2, 9), r.randint(1, 5), r.randint(2, 9)
        num, den = a*d + c*b, b*d
        q = f'练习：计算{b}分之{a}加{d}分之{c}。'
        return [q, f'先通分，把分母都化成{den}：分别得到{den}分之{a*d}和{den}分之{c*b}。', f'分母相同以后，分子直接相加，结果是{den}分之{num}。',
                '之所以要通分，是因为只有大小相同的份数才能直接相加。'] if deep else [q, f'结果：{den}分之{num}。']
    if kind == 'speed':
        v, t = r.randint(30, 110), r.randint(2, 9)
        q = f'练习：一辆大巴以每小时{v}公里的速度行驶了{t}小时，一共行驶了多少公里？'
        return [q, '路程等于速度乘以时间，前提是两者用的时间单位相同。', f'这里就是{v}乘以{t}，大巴一共行驶了{v*t}公里。',
                f'用路程除以时间，{v*t}÷{t}，又得到每小时{v}公里，说明结果没有算错。'] if deep else [q, f'结果：{v*t}公里。']
    if kind == 'units':
        m = r.randint(2, 95)*100
        q = f'练习：{m}米等于多少千米？'
        return [q, '1千米等于1000米，所以米换算成千米要除以1000。', f'{m}除以1000等于{m/1000:g}。', '每一步都写上单位，就很容易判断该乘还是该除。'] if deep else [q, f'结果：{m/1000:g}千米。']
    if kind == 'rectangle':
        w, h = r.randint(2, 30), r.randint(2, 30)
        q = f'练习：一个长方形宽{w}厘米、高{h}厘米，求它的周长和面积。'
        return [q, f'周长是四条边的和：2×({w}+{h})={2*(w + h)}厘米。', f'面积是两边相乘：{w}×{h}={w*h}平方厘米。', '周长是长度，面积是大小，所以两者的单位不同。'] \
            if deep else [q, f'结果：周长{2*(w + h)}厘米，面积{w*h}平方厘米。']
    red, blue = r.randint(1, 9), r.randint(1, 9)
    q = f'练习：袋子里有{red}颗红色弹珠和{blue}颗蓝色弹珠，随机摸出一颗，是红色的可能性有多大？'
    return [q, f'袋子里一共有{red + blue}颗弹珠，每一颗被摸到的机会相同。', f'其中{red}颗是红色，所以可能性是{red + blue}分之{red}。',
            '用有利情况数除以全部情况数，只有在每种情况机会相等时才成立。'] if deep else [q, f'结果：{red + blue}分之{red}。']


# (names, what it does en / zh, parameters, body, example arguments)
TASKS = [
    (['is_palindrome', 'reads_same_backwards'], 'tells whether a word reads the same in both directions', '判断一个单词正着读和倒着读是否相同', 'word',
     'w = word.lower()\n    return w == w[::-1]', lambda r: repr(r.choice(['level', 'rotor', 'kayak', 'planet', 'tiger', 'noon']))),
    (['largest', 'find_max'], 'finds the largest number in a non-empty list', '找出非空列表中最大的数', 'values',
     'best = values[0]\n    for v in values[1:]:\n        if v > best:\n            best = v\n    return best', lambda r: f'{[r.randint(-20, 99) for _ in range(r.randint(3, 7))]}'),
    (['unique_in_order', 'dedupe_keep_order'], 'removes repeated items while keeping the first occurrence of each', '去掉重复元素并保留每个元素第一次出现的位置', 'items',
     'seen = set()\n    out = []\n    for x in items:\n        if x not in seen:\n            seen.add(x)\n            out.append(x)\n    return out', lambda r: f'{[r.randint(0, 5) for _ in range(r.randint(5, 9))]}'),
    (['title_case', 'capitalize_words'], 'capitalises the first letter of every word', '把每个单词的首字母变成大写', 'sentence',
     "return ' '.join(w[:1].upper() + w[1:] for w in sentence.split())", lambda r: repr(' '.join(r.sample(['quiet', 'harbour', 'silver', 'morning', 'lantern', 'meadow'], 3)))),
    (['digit_sum', 'sum_of_digits'], 'adds up the decimal digits of a non-negative integer', '求一个非负整数各位数字之和', 'n',
     'total = 0\n    while n > 0:\n        total += n % 10\n        n //= 10\n    return total', lambda r: f'{r.randint(10, 99999)}'),
    (['is_leap_year', 'leap'], 'tells whether a year is a leap year in the Gregorian calendar', '判断某一年是不是公历闰年', 'year',
     'return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)', lambda r: f'{r.choice([1900, 2000, 2023, 2024, 2100, 1996])}'),
    (['chunks', 'split_every'], 'splits a list into pieces of a given size', '把列表按指定长度切成若干段', 'items, size',
     'return [items[i:i + size] for i in range(0, len(items), size)]', lambda r: f'{list(range(r.randint(5, 9)))}, {r.randint(2, 3)}'),
    (['merge_sorted', 'merge_two'], 'merges two sorted lists into one sorted list', '把两个有序列表合并成一个有序列表', 'a, b',
     'i = j = 0\n    out = []\n    while i < len(a) and j < len(b):\n        if a[i] <= b[j]:\n            out.append(a[i]); i += 1\n        else:\n            out.append(b[j]); j += 1\n    return out + a[i:] + b[j:]',
     lambda r: f'{sorted(r.sample(range(20), 3))}, {sorted(r.sample(range(20), 3))}'),
    (['is_anagram', 'same_letters'], 'tells whether two words use exactly the same letters', '判断两个单词是否由完全相同的字母组成', 'a, b',
     'return sorted(a.lower()) == sorted(b.lower())', lambda r: ', '.join(map(repr, r.choice([('listen', 'silent'), ('earth', 'heart'), ('apple', 'paper'), ('night', 'thing')])))),
    (['running_total', 'cumulative'], 'returns the running totals of a list of numbers', '返回数字列表的累加和序列', 'numbers',
     'out, acc = [], 0\n    for x in numbers:\n        acc += x\n        out.append(acc)\n    return out', lambda r: f'{[r.randint(1, 9) for _ in range(r.randint(4, 7))]}'),
    (['average', 'mean_value'], 'computes the arithmetic mean of a non-empty list', '计算非空列表的算术平均值', 'values',
     'return sum(values) / len(values)', lambda r: f'{[r.randint(0, 50) for _ in range(r.randint(3, 6))]}'),
    (['count_char', 'occurrences'], 'counts how often a character appears in a string', '统计某个字符在字符串中出现的次数', 'text, ch',
     'n = 0\n    for c in text:\n        if c == ch:\n            n += 1\n    return n', lambda r: f"{r.choice(['banana', 'mississippi', 'bookkeeper', 'committee'])!r}, {r.choice('aeiost')!r}"),
    (['first_repeat', 'first_duplicate'], 'returns the first item that appears twice, or None', '返回第一个重复出现的元素，没有则返回 None', 'items',
     'seen = set()\n    for x in items:\n        if x in seen:\n            return x\n        seen.add(x)\n    return None', lambda r: f'{[r.randint(0, 9) for _ in range(r.randint(4, 8))]}'),
    (['clip_list', 'limit_all'], 'limits every number of a list to a maximum value', '把列表中的每个数限制在一个最大值以内', 'values, top',
     'return [min(v, top) for v in values]', lambda r: f'{[r.randint(0, 30) for _ in range(r.randint(3, 6))]}, {r.randint(5, 20)}'),
    (['word_lengths', 'lengths_of_words'], 'maps every word of a sentence to its length', '统计句子中每个单词的长度', 'sentence',
     'return {w: len(w) for w in sentence.split()}', lambda r: repr(' '.join(r.sample(['quiet', 'harbour', 'silver', 'morning', 'lantern', 'meadow', 'fox'], 3)))),
]


def code_doc(r, deep, zh):
    names, what_en, what_zh, args, body, example = r.choice(TASKS)
    fname = r.choice(names)
    src = f'def {fname}({args}):\n    # {r.choice([what_en, "in short: " + what_en, "helper that " + what_en])}\n    {body}'
    scope = {}; exec(src, scope)
    calls = [f'{fname}({example(r)})' for _ in range(r.randint(1, 2))]
    shown = '\n'.join(f'>>> {c}\n{eval(c, scope)!r}' for c in calls)
    if zh:
        head = r.choice([f'函数 {fname} {what_zh}。', f'这个小工具函数叫 {fname}，它{what_zh}。'])
        why = [f'{fname} 没有修改传入的参数，所以调用以后原来的数据保持不变。', '每一步都只用到最基本的语法，读起来像是在描述算法本身。',
               '先在交互式解释器里试几个输入，是确认这种函数行为的最快办法，因为结果一眼就能核对。']
        tail = r.choice(['在解释器里试一试：', '调用示例如下：'])
    else:
        head = r.choice([f'The helper {fname} {what_en}.', f'Meet {fname}: it {what_en}.'])
        why = [f'{fname} never changes its arguments, so the caller\'s data stays exactly as it was.', 'Every step uses only basic syntax, so the code reads like a description of the algorithm.',
               'Trying a few inputs in the interpreter is the quickest way to confirm behaviour like this, since each result can be checked at a glance.']
        tail = r.choice(['Try it in the interpreter:', 'Example session:'])
    sep = '' if zh else ' '
    return sep.join([head] + (r.sample(why, 2) if deep else [])) + '\n\n' + src + '\n\n' + tail + '\n\n' + shown


# (en, zh)
CROPS = [('tomatoes', '番茄'), ('beans', '豆角'), ('lettuce', '生菜'), ('strawberries', '草莓'), ('cucumbers', '黄瓜'), ('basil', '罗勒')]
SPORTS = [('badminton', '羽毛球'), ('table tennis', '乒乓球'), ('swimming', '游泳'), ('volleyball', '排球'), ('climbing', '攀岩')]


def everyday_en(r):
    kind = r.choice(['garden', 'club', 'appliance', 'forecast'])
    if kind == 'garden':
        c = r.choice(CROPS)[0]
        return ([f'We planted {c} in the raised bed by the fence this spring.', f'The first {c} were ready after about {r.randint(6, 14)} weeks.',
                 f'Each plant needs roughly {r.randint(2, 5)} litres of water on a hot day.', f'We harvested {r.randint(3, 20)} kilograms of {c} in total.'],
                [f'Water {c} early in the morning, because the leaves then dry quickly and fungus has less chance to spread.',
                 f'A layer of straw around the stems keeps the soil moist and cool, so the {c} crack less after rain.',
                 'Rotating crops between beds each year stops soil pests from building up in one place.'])
    if kind == 'club':
        s = r.choice(SPORTS)[0]
        return ([f'The {s} club trains on {r.choice(["Mondays", "Tuesdays", "Thursdays"])} from {r.randint(17, 19)}:00.', f'Membership costs {r.randint(40, 120)} pounds a season.',
                 f'The club has {r.randint(20, 90)} members this year.', f'Beginners\' sessions start in {r.choice(["September", "January", "April"])}.'],
                ['New members are paired with an experienced player for their first month, which helps them learn the rules without feeling lost.',
                 'Warm up for ten minutes before every session, because cold muscles are the most common cause of strains.',
                 'The club lends equipment for the first few weeks, so newcomers can try the sport before buying anything.'])
    if kind == 'appliance':
        t = r.choice([30, 40, 60])
        return ([f'Select the {t} degree programme for everyday cotton loads.', 'Press start and wait for the door lock light to come on.',
                 f'A full cycle takes about {r.randint(60, 150)} minutes.', 'Clean the filter at the bottom of the front panel every month.'],
                [f'Washing at {t} degrees saves energy, since most of the power goes into heating the water.',
                 'Leave the door open after washing so the drum can dry, otherwise it starts to smell.',
                 'Do not overfill the drum, because clothes need room to move for the detergent to reach them.'])
    return ([f'Tomorrow will be {r.choice(["cloudy", "sunny", "windy"])} with a high of {r.randint(8, 31)} degrees.', f'Winds will reach {r.randint(10, 50)} km per hour in the afternoon.',
             f'The chance of rain is {r.randint(10, 90)} percent.', f'The weekend looks {r.choice(["drier", "cooler", "warmer"])}.'],
            ['A cold front arrives from the west in the evening, which is why temperatures drop and showers become likely overnight.',
             'Clear skies after sunset let heat escape quickly, so early mornings will feel much colder than the afternoon.',
             'Coastal areas stay milder because the sea warms and cools more slowly than the land.'])


def everyday_zh(r):
    kind = r.choice(['garden', 'club', 'appliance', 'forecast'])
    if kind == 'garden':
        c = r.choice(CROPS)[1]
        return ([f'今年春天我们在篱笆边的菜池里种了{c}。', f'大约{r.randint(6, 14)}周以后，第一批{c}就可以摘了。', f'天热的时候，每株每天大约要浇{r.randint(2, 5)}升水。',
                 f'我们一共收了{r.randint(3, 20)}公斤{c}。'],
                [f'{c}最好在清晨浇水，因为叶子很快就能晒干，病菌不容易蔓延。', f'在根部周围铺一层稻草，可以让土壤保持湿润和凉爽，雨后{c}就不容易开裂。',
                 '每年在不同的菜池之间轮作，可以防止土里的害虫在同一个地方越积越多。'])
    if kind == 'club':
        s = r.choice(SPORTS)[1]
        return ([f'{s}俱乐部每{r.choice(["周一", "周二", "周四"])}晚上{r.randint(17, 19)}点训练。', f'每个赛季的会费是{r.randint(200, 800)}元。',
                 f'俱乐部今年有{r.randint(20, 90)}名会员。', f'新手班{r.choice(["九月", "一月", "四月"])}开课。'],
                ['新会员第一个月会和一位有经验的队员结对练习，这样学规则时不会感到无所适从。', '每次训练前先热身十分钟，因为肌肉没活动开是拉伤最常见的原因。',
                 '俱乐部在头几周免费出借器材，新人可以先试一试，再决定要不要自己买。'])
    if kind == 'appliance':
        t = r.choice([30, 40, 60])
        return ([f'日常的棉质衣物选择{t}度洗涤程序。', '按下启动键，等待门锁指示灯亮起。', f'洗完一个完整的程序大约需要{r.randint(60, 150)}分钟。', '每个月清洗一次前面板下方的过滤器。'],
                [f'用{t}度洗涤比较省电，因为大部分电能都用在了加热水上。', '洗完以后让机门开着，让滚筒晾干，否则容易产生异味。', '不要把滚筒塞得太满，衣物需要空间翻动，洗涤剂才能充分接触到它们。'])
    return ([f'明天{r.choice(["多云", "晴", "有风"])}，最高气温{r.randint(8, 31)}度。', f'午后风速可达每小时{r.randint(10, 50)}公里。', f'降雨概率为{r.randint(10, 90)}%。',
             f'周末天气{r.choice(["转干", "转凉", "回暖"])}。'],
            ['傍晚有一股冷空气从西边移来，所以气温会下降，夜里可能出现阵雨。', '日落以后天空晴朗，热量散失得很快，因此清晨会比下午冷得多。', '沿海地区比较温和，因为海水升温和降温都比陆地慢。'])


def prose(pool_fn, sep):
    def make(r, rich):
        paras = []
        for _ in range(r.choice([1, 2] if rich else [1, 2, 2, 3])):
            plain, deep = pool_fn(r)
            sents = r.sample(plain, 1) + r.sample(deep, 2) if rich else r.sample(plain, min(len(plain), r.randint(4, 5)))
            r.shuffle(sents)
            paras.append(sep.join(sents))
        return '\n\n'.join(paras)
    return make


def worked(pool_fn, sep):
    return lambda r, rich: '\n\n'.join(sep.join(pool_fn(r, rich)) for _ in range(r.choice([1, 1, 2] if rich else [2, 3, 4, 5])))


def code(zh):
    return lambda r, rich: '\n\n'.join(code_doc(r, rich, zh) for _ in range(1 if rich else r.choice([1, 2, 2])))


GOOD = {('world', 'en'): prose(world_en, ' '), ('world', 'zh'): prose(world_zh, ''),
        ('math', 'en'): worked(math_en, ' '), ('math', 'zh'): worked(math_zh, ''),
        ('code', 'en'): code(False), ('code', 'zh'): code(True),
        ('other', 'en'): prose(everyday_en, ' '), ('other', 'zh'): prose(everyday_zh, '')}


# ---------------------------------------------------------------- junk, in other words than the tuning family
NAV = {'en': ['Main menu · Shop · Stories · Support', 'Back to top ↑', 'Follow us on social media', 'Language: English | Deutsch | Français',
              'Accessibility statement', 'Site map · Legal notice · Imprint', 'Search this site', 'Open navigation', 'Your basket is empty',
              'Join 10,000 readers: get our weekly digest'],
       'zh': ['网站导航 · 在线商城 · 品牌故事 · 售后服务', '回到顶部 ↑', '关注我们的官方账号', '语言：简体中文 | 繁體中文 | English', '无障碍说明',
              '网站地图 · 法律声明 · 备案信息', '站内搜索', '打开导航', '您的购物袋是空的', '加入一万名读者，订阅每周精选']}
PROMO = {'en': ['Flash coupon: {p}% off every smart watch until midnight.', 'Use code SAVE{p} at checkout.', 'Free returns, secure payment and friendly support around the clock.',
                'Thousands of happy customers cannot be wrong.', 'Stock is running low, so grab yours before it is gone.', 'VIP members get an extra gift with every parcel.',
                'Instant approval loans up to {n} dollars, no credit check needed.', 'Our luxury skincare range is now {p}% cheaper for one week only.',
                'Upgrade today and unlock premium features for just {n} cents a day.', 'Tap the button below and start saving right away.'],
         'zh': ['限时优惠券：所有智能手表直降{p}%，今晚零点截止。', '结账时输入优惠码 SAVE{p}。', '无忧退货，安全支付，客服全天在线。', '成千上万的满意顾客就是最好的证明。',
                '库存告急，手慢无，赶紧下单。', '会员每单加赠精美礼品一份。', '极速放款最高{n}元，不查征信，当天到账。', '奢华护肤系列本周直降{p}%，仅此一周。',
                '立即升级会员，每天只要{n}分钱即可解锁全部高级功能。', '点击下方按钮，马上开始省钱。']}
FILLER = {'en': ['Everyone knows that some things matter more than others.', 'In this post we will talk about it in a general way.', 'It can be good, and it can also be not so good.',
                 'Many experts have different opinions on the matter.', 'At the end of the day, it is what it is.', 'There is a lot more that could be said here.',
                 'We hope this post was helpful in some way.', 'Let us know what you think about it.', 'It is something to keep in mind going forward.',
                 'All in all, it really depends on the situation.'],
          'zh': ['大家都知道，有些事情比别的事情更重要。', '这篇文章我们就泛泛地聊一聊。', '它可能是好的，也可能没那么好。', '关于这个问题，很多专家有不同的看法。',
                 '说到底，事情就是这样。', '这里其实还有很多可以说的。', '希望这篇文章对你有所帮助。', '欢迎留言告诉我们你的想法。', '以后要记住这一点。', '总的来说，还是要看具体情况。']}
SHORT = ['Under maintenance', 'Session expired', 'Nothing here yet', 'Please wait', 'Forbidden', 'Temporarily unavailable', '系统维护中', '会话已过期', '这里什么也没有', '请稍候', '暂时无法访问']
UNSAFE = {'en': ['Tell me which of your coworkers annoys you and I will show you how to make sure they stop breathing for good.',
                 'Slip a few of these into her drink at the party and she will not remember a thing in the morning.',
                 'We sell ready-to-use identities of real people, with their tax numbers and birth dates, good for taking out loans that never get repaid.',
                 'Those newcomers are not human like us, and the only cure for our town is to make them afraid to walk outside.',
                 'Nobody will miss you, so stop waiting and finish it tonight; I can tell you exactly how much you need to take.',
                 'Our crew will collect the debt from his family if he does not pay, starting with the youngest.',
                 'Empty your grandmother\'s account while she sleeps; old people never check their statements anyway.',
                 'Private videos of girls from your school, recorded without them knowing, new ones every week.'],
          'zh': ['告诉我哪个同事惹你不高兴，我教你怎么让他永远喘不上气来。', '聚会的时候往她的饮料里放几颗，第二天早上她什么都不会记得。',
                 '出售真实存在的人的全套身份，带纳税号和出生日期，拿去贷款永远不用还。', '那些外来的人跟我们根本不是同类，只有让他们不敢出门，我们镇子才能好起来。',
                 '没有人会想你的，别再等了，今晚就了结吧，我可以告诉你到底要吃多少。', '他要是不还钱，我们的人就去找他家里人算账，先从最小的那个开始。',
                 '趁奶奶睡着把她账户里的钱全转走，老人家从来不看账单。', '你们学校女生的私密视频，偷偷拍的，每周更新。']}
OTHER_LANG = [('it', 'Il lago di Como è circondato da montagne e piccoli paesi colorati. In estate i battelli collegano le due sponde più volte al giorno.'),
              ('pt', 'A cidade do Porto fica junto ao rio Douro e é conhecida pelas suas pontes e pelos azulejos que cobrem muitas fachadas.'),
              ('nl', 'Utrecht is een oude universiteitsstad met grachten waar de werven vlak bij het water liggen. Op zaterdag is er een grote markt.'),
              ('tr', 'İzmir, Ege Denizi kıyısında büyük bir liman kentidir. Kordon boyunca yürüyüş yapmak şehir halkının en sevdiği alışkanlıklardan biridir.'),
              ('vi', 'Hội An là một thị trấn cổ bên bờ sông Thu Bồn, nổi tiếng với những ngôi nhà gỗ và đèn lồng nhiều màu sắc.'),
              ('pl', 'Kraków leży nad Wisłą, a jego stare miasto z ogromnym rynkiem jest wpisane na listę światowego dziedzictwa.')]
WORDS = ['harbour', 'meadow', 'lantern', 'silver', 'quiet', 'morning', 'copper', 'thistle', 'velvet', 'orchard']


def spam(r, zh):
    "Promotional prose with prices and codes: fluent, unlike the tuning family's keyword strings."
    lang = 'zh' if zh else 'en'
    sents = [s.format(p=r.choice([20, 30, 40, 50, 60, 70]), n=r.choice([99, 500, 2000, 5000])) for s in r.sample(PROMO[lang], r.randint(4, 7))]
    return ('' if zh else ' ').join(sents)


def filler(r, zh):
    lang = 'zh' if zh else 'en'
    return ('' if zh else ' ').join(r.sample(FILLER[lang], r.randint(5, 8)))


def boilerplate(r, zh):
    return '\n'.join(r.sample(NAV['zh' if zh else 'en'], r.randint(5, 8)))


def unsafe(r, zh):
    lang = 'zh' if zh else 'en'
    sign = f'私信我，暗号{r.choice(WORDS)}{r.randint(100, 999)}。' if zh else f'Message {r.choice(WORDS)}_{r.randint(100, 999)} for details.'
    return ('' if zh else ' ').join(r.sample(UNSAFE[lang], r.randint(2, 3)) + [sign])


def edit(r, text, zh):
    "An edited copy: one sentence dropped, a few words swapped, and sometimes a signature line added."
    end = '。' if zh else '. '
    sents = [s for s in text.split(end) if s]
    if len(sents) > 4: sents.pop(r.randrange(1, len(sents) - 1))
    out = end.join(sents) + (end.strip() if text.rstrip().endswith(end.strip()) else '')
    if not zh:
        words = out.split(' ')
        for _ in range(max(1, len(words)//80)):
            i = r.randrange(len(words)); words[i] = r.choice(['this', 'that', 'each', 'some', 'our'])
        out = ' '.join(words)
    return out + ('\n' + r.choice(['转载请注明出处', '本文来自网友投稿']) if zh else '\n' + r.choice(['Reposted with permission', 'Shared by a reader'])) if r.random() < 0.4 else out
