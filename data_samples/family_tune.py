"""The tuning family: the templates, topics and phrase lists of the pool that thresholds are tuned on
(`raw_pool.jsonl.gz`, its seed set and the validation split). `family_eval.py` holds a disjoint family for the
evaluation pool. Everything here is written for this course."""

# ---------------------------------------------------------------- facts (en name, zh name, capital en, capital zh, continent en, continent zh, language en, language zh)
COUNTRIES = [
    ('France', '法国', 'Paris', '巴黎', 'Europe', '欧洲', 'French', '法语'),
    ('Germany', '德国', 'Berlin', '柏林', 'Europe', '欧洲', 'German', '德语'),
    ('Italy', '意大利', 'Rome', '罗马', 'Europe', '欧洲', 'Italian', '意大利语'),
    ('Spain', '西班牙', 'Madrid', '马德里', 'Europe', '欧洲', 'Spanish', '西班牙语'),
    ('Portugal', '葡萄牙', 'Lisbon', '里斯本', 'Europe', '欧洲', 'Portuguese', '葡萄牙语'),
    ('Poland', '波兰', 'Warsaw', '华沙', 'Europe', '欧洲', 'Polish', '波兰语'),
    ('Greece', '希腊', 'Athens', '雅典', 'Europe', '欧洲', 'Greek', '希腊语'),
    ('Sweden', '瑞典', 'Stockholm', '斯德哥尔摩', 'Europe', '欧洲', 'Swedish', '瑞典语'),
    ('Norway', '挪威', 'Oslo', '奥斯陆', 'Europe', '欧洲', 'Norwegian', '挪威语'),
    ('Finland', '芬兰', 'Helsinki', '赫尔辛基', 'Europe', '欧洲', 'Finnish', '芬兰语'),
    ('Egypt', '埃及', 'Cairo', '开罗', 'Africa', '非洲', 'Arabic', '阿拉伯语'),
    ('Kenya', '肯尼亚', 'Nairobi', '内罗毕', 'Africa', '非洲', 'Swahili', '斯瓦希里语'),
    ('Nigeria', '尼日利亚', 'Abuja', '阿布贾', 'Africa', '非洲', 'English', '英语'),
    ('Ethiopia', '埃塞俄比亚', 'Addis Ababa', '亚的斯亚贝巴', 'Africa', '非洲', 'Amharic', '阿姆哈拉语'),
    ('Morocco', '摩洛哥', 'Rabat', '拉巴特', 'Africa', '非洲', 'Arabic', '阿拉伯语'),
    ('China', '中国', 'Beijing', '北京', 'Asia', '亚洲', 'Chinese', '汉语'),
    ('Japan', '日本', 'Tokyo', '东京', 'Asia', '亚洲', 'Japanese', '日语'),
    ('India', '印度', 'New Delhi', '新德里', 'Asia', '亚洲', 'Hindi', '印地语'),
    ('Thailand', '泰国', 'Bangkok', '曼谷', 'Asia', '亚洲', 'Thai', '泰语'),
    ('Vietnam', '越南', 'Hanoi', '河内', 'Asia', '亚洲', 'Vietnamese', '越南语'),
    ('Indonesia', '印度尼西亚', 'Jakarta', '雅加达', 'Asia', '亚洲', 'Indonesian', '印尼语'),
    ('Mongolia', '蒙古', 'Ulaanbaatar', '乌兰巴托', 'Asia', '亚洲', 'Mongolian', '蒙古语'),
    ('Brazil', '巴西', 'Brasilia', '巴西利亚', 'South America', '南美洲', 'Portuguese', '葡萄牙语'),
    ('Argentina', '阿根廷', 'Buenos Aires', '布宜诺斯艾利斯', 'South America', '南美洲', 'Spanish', '西班牙语'),
    ('Peru', '秘鲁', 'Lima', '利马', 'South America', '南美洲', 'Spanish', '西班牙语'),
    ('Chile', '智利', 'Santiago', '圣地亚哥', 'South America', '南美洲', 'Spanish', '西班牙语'),
    ('Canada', '加拿大', 'Ottawa', '渥太华', 'North America', '北美洲', 'English and French', '英语和法语'),
    ('Mexico', '墨西哥', 'Mexico City', '墨西哥城', 'North America', '北美洲', 'Spanish', '西班牙语'),
    ('Australia', '澳大利亚', 'Canberra', '堪培拉', 'Oceania', '大洋洲', 'English', '英语'),
    ('New Zealand', '新西兰', 'Wellington', '惠灵顿', 'Oceania', '大洋洲', 'English and Maori', '英语和毛利语'),
]
# (en, zh, symbol, atomic number, a use in en, the same in zh)
ELEMENTS = [
    ('hydrogen', '氢', 'H', 1, 'fuel cells and the production of ammonia', '燃料电池和合成氨'),
    ('helium', '氦', 'He', 2, 'cooling superconducting magnets and filling balloons', '冷却超导磁体和填充气球'),
    ('carbon', '碳', 'C', 6, 'steel making and all organic chemistry', '炼钢以及全部有机化学'),
    ('nitrogen', '氮', 'N', 7, 'fertilisers and keeping food fresh', '化肥和食品保鲜'),
    ('oxygen', '氧', 'O', 8, 'respiration, medicine and steel making', '呼吸、医疗和炼钢'),
    ('sodium', '钠', 'Na', 11, 'table salt and street lamps', '食盐和路灯'),
    ('aluminium', '铝', 'Al', 13, 'aircraft bodies, cans and window frames', '飞机机身、易拉罐和窗框'),
    ('silicon', '硅', 'Si', 14, 'computer chips and solar panels', '计算机芯片和太阳能电池板'),
    ('chlorine', '氯', 'Cl', 17, 'disinfecting drinking water', '饮用水消毒'),
    ('calcium', '钙', 'Ca', 20, 'bones, teeth and cement', '骨骼、牙齿和水泥'),
    ('iron', '铁', 'Fe', 26, 'steel for buildings, bridges and machines', '建筑、桥梁和机器所用的钢'),
    ('copper', '铜', 'Cu', 29, 'electrical wiring and plumbing', '电线和水管'),
    ('zinc', '锌', 'Zn', 30, 'galvanising steel against rust', '为钢材镀锌防锈'),
    ('silver', '银', 'Ag', 47, 'jewellery, mirrors and electronics', '首饰、镜子和电子器件'),
    ('tin', '锡', 'Sn', 50, 'solder and coating food cans', '焊料和食品罐的镀层'),
    ('gold', '金', 'Au', 79, 'jewellery, coins and electrical contacts', '首饰、硬币和电路触点'),
    ('lead', '铅', 'Pb', 82, 'car batteries and radiation shielding', '汽车电池和辐射屏蔽'),
    ('uranium', '铀', 'U', 92, 'fuel for nuclear power stations', '核电站燃料'),
]
# (en, zh, year, en detail, zh detail)
INVENTIONS = [
    ('the printing press with movable metal type', '金属活字印刷机', 1440, 'Johannes Gutenberg in Mainz', '美因茨的古腾堡'),
    ('the steam engine with a separate condenser', '带分离冷凝器的蒸汽机', 1769, 'James Watt', '詹姆斯·瓦特'),
    ('the telephone', '电话', 1876, 'Alexander Graham Bell', '亚历山大·格拉汉姆·贝尔'),
    ('the practical light bulb', '实用电灯泡', 1879, "Thomas Edison's laboratory", '爱迪生的实验室'),
    ('the first powered aeroplane flight', '首次动力飞机飞行', 1903, 'the Wright brothers', '莱特兄弟'),
    ('penicillin', '青霉素', 1928, 'Alexander Fleming', '亚历山大·弗莱明'),
    ('the transistor', '晶体管', 1947, 'a team at Bell Labs', '贝尔实验室的团队'),
    ('the World Wide Web', '万维网', 1989, 'Tim Berners-Lee at CERN', '欧洲核子研究中心的蒂姆·伯纳斯-李'),
    ('papermaking from bark and rags', '用树皮和破布造纸', 105, 'Cai Lun in the Han dynasty', '汉代的蔡伦'),
    ('the magnetic compass for navigation', '用于航海的指南针', 1040, 'Song dynasty sailors', '宋代的航海者'),
]

# (name stems, what it returns in en / zh, parameters, body, random example arguments)
CODE_TASKS = [
    (['factorial', 'fact', 'product_up_to'], 'the factorial of n', '阶乘', 'n', 'result = 1\n    for k in range(2, n + 1):\n        result *= k\n    return result', lambda r: f'{r.randint(3, 12)}'),
    (['fibonacci', 'fib', 'nth_fibonacci'], 'the n-th Fibonacci number', '第 n 个斐波那契数', 'n', 'a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a', lambda r: f'{r.randint(5, 40)}'),
    (['is_prime', 'prime_check', 'check_prime'], 'whether n is a prime number', 'n 是否为质数', 'n', 'if n < 2:\n        return False\n    k = 2\n    while k * k <= n:\n        if n % k == 0:\n            return False\n        k += 1\n    return True', lambda r: f'{r.randint(2, 500)}'),
    (['gcd', 'greatest_common_divisor', 'euclid'], 'the greatest common divisor of a and b', 'a 和 b 的最大公约数', 'a, b', 'while b:\n        a, b = b, a % b\n    return a', lambda r: f'{r.randint(10, 300)}, {r.randint(10, 300)}'),
    (['reverse_words', 'words_backwards', 'flip_sentence'], 'the words of a sentence in reverse order', '句子中单词的逆序', 'text', "return ' '.join(reversed(text.split()))", lambda r: repr(' '.join(r.sample(WORDS, 4)))),
    (['count_vowels', 'vowel_count', 'num_vowels'], 'how many vowels a string contains', '字符串中元音字母的个数', 'text', "return sum(ch in 'aeiou' for ch in text.lower())", lambda r: repr(' '.join(r.sample(WORDS, 3)))),
    (['moving_average', 'rolling_mean', 'window_average'], 'the moving averages of a list over a window', '列表在窗口上的移动平均', 'xs, k', 'return [sum(xs[i:i + k]) / k for i in range(len(xs) - k + 1)]', lambda r: f'{[r.randint(0, 20) for _ in range(r.randint(4, 7))]}, {r.randint(2, 3)}'),
    (['binary_search', 'find_sorted', 'bisect_index'], 'the index of x in a sorted list, or -1', '有序列表中 x 的下标（找不到时为 -1）', 'xs, x', 'lo, hi = 0, len(xs) - 1\n    while lo <= hi:\n        mid = (lo + hi) // 2\n        if xs[mid] == x:\n            return mid\n        if xs[mid] < x:\n            lo = mid + 1\n        else:\n            hi = mid - 1\n    return -1', lambda r: (lambda xs: f'{xs}, {r.choice(xs)}')(sorted(r.sample(range(100), 6)))),
    (['flatten', 'flatten_rows', 'concat_lists'], 'a flat list from a list of lists', '把嵌套列表展平成一个列表', 'rows', 'return [x for row in rows for x in row]', lambda r: f'{[[r.randint(0, 9) for _ in range(r.randint(1, 3))] for _ in range(3)]}'),
    (['word_counts', 'count_words', 'word_frequencies'], 'how often each word occurs in a text', '文本中每个单词出现的次数', 'text', 'counts = {}\n    for w in text.lower().split():\n        counts[w] = counts.get(w, 0) + 1\n    return counts', lambda r: repr(' '.join(r.choices(WORDS[:6], k=5)))),
    (['clamp', 'clip_value', 'bound'], 'x limited to the range from lo to hi', '把 x 限制在 lo 到 hi 之间的结果', 'x, lo, hi', 'return max(lo, min(x, hi))', lambda r: f'{r.randint(-50, 50)}, {r.randint(-10, 0)}, {r.randint(1, 10)}'),
    (['celsius_to_fahrenheit', 'to_fahrenheit', 'c_to_f'], 'a Celsius temperature in Fahrenheit', '摄氏温度对应的华氏温度', 'c', 'return c * 9 / 5 + 32', lambda r: f'{r.randint(-30, 45)}'),
]
WORDS = ['river', 'stone', 'garden', 'lamp', 'window', 'orange', 'music', 'winter', 'paper', 'bridge', 'cloud', 'pencil', 'market', 'forest']
DISHES = [('bean stew', '豆子炖菜'), ('tomato soup', '番茄汤'), ('fried rice', '炒饭'), ('lentil curry', '扁豆咖喱'), ('vegetable dumplings', '蔬菜饺子'), ('noodle salad', '凉拌面'), ('mushroom risotto', '蘑菇烩饭')]
INGREDIENTS = [('onion', '洋葱'), ('garlic', '大蒜'), ('ginger', '姜'), ('carrot', '胡萝卜'), ('spinach', '菠菜'), ('tofu', '豆腐'), ('mushrooms', '蘑菇'), ('peas', '豌豆'), ('scallions', '葱'), ('cabbage', '白菜'), ('potatoes', '土豆'), ('peppers', '辣椒')]
DAYS = [('Monday', '周一'), ('Tuesday', '周二'), ('Wednesday', '周三'), ('Thursday', '周四'), ('Friday', '周五'), ('Saturday', '周六'), ('Sunday', '周日')]


# ---------------------------------------------------------------- good documents: (plain, deep) sentences per subject
# A document is 'medium' when it states plain facts and 'high' when it also explains them (reasons, comparisons,
# consequences). Both come in one to three paragraphs, so length alone does not tell them apart.
def world_en(r):
    kind = r.choice(['country', 'element', 'invention'])
    if kind == 'country':
        c, c2 = r.sample(COUNTRIES, 2)
        plain = [f'{c[0]} is a country in {c[4]}, and its capital city is {c[2]}.',
                 f'Most people in {c[0]} speak {c[6]}, which is also used in schools and in government.',
                 f'{c[2]} is the seat of the national government and one of the largest cities of {c[0]}.',
                 f'Visitors to {c[2]} usually start with its museums, old markets and public squares.',
                 f'The economy of {c[0]} combines agriculture, industry and a growing service sector.',
                 f'Geography classes often ask students to name the capital of {c[0]}; the answer is {c[2]}.']
        deep = [f'Because {c[2]} is the capital, the ministries, the parliament and most foreign embassies of {c[0]} are located there.',
                f'Since {c[6]} is the main language, newspapers, television and the courts of {c[0]} mostly use it, and learners who know it find travel there much easier.',
                f'Like many countries in {c[4]}, {c[0]} has regions with very different climates, which is why farming and customs change so much from north to south.',
                f'Historians trace the modern borders of {c[0]} to treaties signed over several centuries, so some border towns still mix languages and traditions.',
                f'Unlike {c2[0]}, which is governed from {c2[2]}, {c[0]} has its government in {c[2]}; students who mix the two up usually forget which continent each country is in.',
                f'{c[0]} lies in {c[4]}, while {c2[0]} lies in {c2[4]}, so a flight between {c[2]} and {c2[2]} crosses several time zones.']
    elif kind == 'element':
        e, e2 = r.sample(ELEMENTS, 2)
        plain = [f'{e[0].capitalize()} is a chemical element with the symbol {e[2]} and atomic number {e[3]}.',
                 f'Today {e[0]} is widely used for {e[4]}.',
                 f'In the periodic table, {e[0]} sits among elements with related chemical behaviour.',
                 f'Safe handling of {e[0]} and its compounds is part of every laboratory course.',
                 f'{e2[0].capitalize()} has the symbol {e2[2]} and atomic number {e2[3]}.']
        deep = [f'Its atomic number, {e[3]}, means that every atom of {e[0]} has {e[3]} protons in its nucleus, and that number fixes its chemistry.',
                f'Chemists study how {e[0]} forms compounds, because the way its outer electrons bond explains why it is chosen for {e[4]}.',
                f'Engineers choose {e[0]} when its cost, weight and stability fit the design, which is why it appears in {e[4]}.',
                f'{e[0].capitalize()} has {"fewer" if e[3] < e2[3] else "more"} protons than {e2[0]}, whose atomic number is {e2[3]}, so it sits {"before" if e[3] < e2[3] else "after"} {e2[0]} in the periodic table.',
                f'Where {e[0]} serves {e[4]}, {e2[0]} ({e2[2]}) is chosen for {e2[4]}, because each element\'s properties suit a different job.']
    else:
        i, i2 = r.sample(INVENTIONS, 2)
        cap = i[0][0].upper() + i[0][1:]
        plain = [f'{cap} is credited to {i[3]}, in the year {i[2]}.',
                 f'Museums around the world keep early examples of {i[0]}.',
                 f'Historians still debate which earlier attempts influenced {i[3]}.',
                 f'{i2[0][0].upper() + i2[0][1:]} dates from {i2[2]}.']
        deep = [f'Before {i[0]}, the same work took far longer and reached far fewer people, which is why its arrival mattered so much.',
                f'The idea spread quickly once others could copy and improve the design, so within a generation it was in use far from where it began.',
                f'By the following century, {i[0]} had changed trade, science and daily life, because it made something cheap that had been rare.',
                f'{cap} ({i[2]}) came {abs(i[2] - i2[2])} years {"before" if i[2] < i2[2] else "after"} {i2[0]} ({i2[2]}), and each made later inventions possible.']
    return plain, deep


def world_zh(r):
    kind = r.choice(['country', 'element', 'invention'])
    if kind == 'country':
        c, c2 = r.sample(COUNTRIES, 2)
        plain = [f'{c[1]}是位于{c[5]}的国家，首都是{c[3]}。', f'{c[1]}的大多数人使用{c[7]}，学校和政府也使用这种语言。',
                 f'{c[3]}是{c[1]}的政治中心，也是该国最大的城市之一。', f'游客到了{c[3]}，通常先参观博物馆、老市场和城市广场。',
                 f'{c[1]}的经济由农业、工业和不断发展的服务业共同组成。', f'地理课上常常会问：{c[1]}的首都是哪里？答案是{c[3]}。']
        deep = [f'因为{c[3]}是首都，{c[1]}的政府各部门、议会和大多数外国使馆都设在那里。',
                f'由于{c[7]}是主要语言，{c[1]}的报纸、电视和法院大多使用它，会说这种语言的人去那里旅行会方便得多。',
                f'和{c[5]}的许多国家一样，{c[1]}各地的气候差别很大，所以从北到南，农业和风俗也很不一样。',
                f'历史学家认为，{c[1]}现代的边界是经过几个世纪的条约逐步确定的，因此一些边境小城至今仍然混用几种语言。',
                f'{c2[1]}的首都是{c2[3]}，而{c[1]}的首都是{c[3]}；把两者弄混的学生，往往是忘了这两个国家各在哪个大洲。']
    elif kind == 'element':
        e, e2 = r.sample(ELEMENTS, 2)
        plain = [f'{e[1]}是一种化学元素，元素符号为{e[2]}，原子序数为{e[3]}。', f'如今，{e[1]}被广泛用于{e[5]}。',
                 f'在元素周期表中，{e[1]}和化学性质相近的元素排在一起。', f'安全地处理{e[1]}及其化合物，是每门实验课的必修内容。',
                 f'{e2[1]}的元素符号是{e2[2]}，原子序数是{e2[3]}。']
        deep = [f'原子序数{e[3]}意味着每个{e[1]}原子的原子核里有{e[3]}个质子，正是这个数决定了它的化学性质。',
                f'化学家研究{e[1]}如何形成化合物，因为外层电子的成键方式解释了它为什么适合用于{e[5]}。',
                f'当成本、重量和稳定性合适时，工程师就会选用{e[1]}，所以它常见于{e[5]}。',
                f'{e[1]}的质子数比{e2[1]}{"少" if e[3] < e2[3] else "多"}，{e2[1]}的原子序数是{e2[3]}，因此在周期表中{e[1]}排在{e2[1]}的{"前面" if e[3] < e2[3] else "后面"}。',
                f'{e[1]}用于{e[5]}，而{e2[1]}（{e2[2]}）常用于{e2[5]}，这是因为两种元素的性质适合不同的用途。']
    else:
        i, i2 = r.sample(INVENTIONS, 2)
        plain = [f'{i[1]}一般被认为出自{i[4]}，时间是{i[2]}年。', '世界各地的博物馆都保存着早期的实物。',
                 f'历史学家至今仍在讨论，哪些更早的尝试影响了{i[4]}。', f'{i2[1]}出现于{i2[2]}年。']
        deep = [f'在{i[1]}出现之前，同样的工作要花更长的时间，也只能惠及更少的人，所以它的出现意义重大。',
                '其他人能够仿制和改进这项设计以后，这个想法很快传播开来，一代人之内就传到了很远的地方。',
                f'到了下一个世纪，{i[1]}已经改变了贸易、科学和日常生活，因为它让原本稀少的东西变得便宜。',
                f'{i[1]}（{i[2]}年）比{i2[1]}（{i2[2]}年）{"早" if i[2] < i2[2] else "晚"}{abs(i[2] - i2[2])}年，每一项发明都为后来的发明铺平了道路。']
    return plain, deep


def math_en(r, deep):
    "One worked problem: the bare answer (medium) or every step with its reason and a check (high)."
    kind = r.choice(['linear', 'series', 'circle', 'percent', 'pythagoras'])
    if kind == 'linear':
        a, x, b = r.randint(2, 12), r.randint(-20, 30), r.randint(-50, 50)
        c = a*x + b
        q = f'Problem: solve the equation {a}x + {b} = {c} for x.'
        return [q, f'Step 1: subtract {b} from both sides, which gives {a}x = {c - b}.', f'Step 2: divide both sides by {a}, so x = {x}.',
                f'Check: {a} times {x} plus {b} equals {c}, so the answer x = {x} is correct.',
                'The same two steps, undoing addition and then multiplication, solve every linear equation of this form.'] if deep else [q, f'Answer: x = {x}.']
    if kind == 'series':
        n, a1, d = r.randint(5, 60), r.randint(1, 20), r.randint(1, 9)
        an = a1 + (n - 1)*d
        q = f'Problem: find the sum of the first {n} terms of the arithmetic sequence that starts at {a1} and grows by {d} each step.'
        return [q, f'The last term is {a1} + ({n} - 1) times {d}, which equals {an}.',
                'The sum of an arithmetic sequence is the number of terms times the average of the first and last terms, because the terms pair up from both ends.',
                f'So the sum is {n} times ({a1} + {an}) / 2, which equals {n*(a1 + an)//2}.'] if deep else [q, f'Answer: {n*(a1 + an)//2}.']
    if kind == 'circle':
        rad = r.randint(2, 40)
        q = f'Problem: a circular garden has a radius of {rad} metres. What is its area?'
        return [q, 'The area of a circle is pi times the radius squared.', f'Here the radius squared is {rad*rad}, so the area is about {3.14159*rad*rad:.1f} square metres.',
                'Keeping units with every number avoids most mistakes in geometry problems, because a wrong unit shows up at once.'] if deep else [q, f'Answer: about {3.14159*rad*rad:.1f} square metres.']
    if kind == 'percent':
        price, pct = r.randint(20, 900), r.choice([5, 10, 15, 20, 25, 30, 40])
        q = f'Problem: a jacket costs {price} dollars and is reduced by {pct} percent. What is the new price?'
        return [q, f'{pct} percent of {price} is {price*pct/100:g}, because percent means parts per hundred.',
                f'Subtracting the discount gives {price - price*pct/100:g} dollars.', f'Another way is to multiply {price} by {1 - pct/100:g} directly, which gives the same result in one step.'] \
            if deep else [q, f'Answer: {price - price*pct/100:g} dollars.']
    a, b = r.choice([(3, 4), (5, 12), (8, 15), (7, 24), (6, 8), (9, 12), (20, 21)])
    k = r.randint(1, 5)
    q = f'Problem: a right triangle has legs of length {a*k} and {b*k}. How long is the hypotenuse?'
    h2 = (a*k)**2 + (b*k)**2
    return [q, 'By the Pythagorean theorem, the square of the hypotenuse equals the sum of the squares of the legs.',
            f'The squares are {(a*k)**2} and {(b*k)**2}, and their sum is {h2}.', f'The square root of {h2} is {int(h2**0.5)}, so that is the hypotenuse.'] if deep else [q, f'Answer: {int(h2**0.5)}.']


def math_zh(r, deep):
    kind = r.choice(['linear', 'series', 'circle', 'percent'])
    if kind == 'linear':
        a, x, b = r.randint(2, 12), r.randint(-20, 30), r.randint(-50, 50)
        c = a*x + b
        q = f'题目：解方程 {a}x + {b} = {c}。'
        return [q, f'第一步，方程两边同时减去{b}，得到 {a}x = {c - b}。', f'第二步，两边同时除以{a}，得到 x = {x}。',
                f'检验：{a}乘以{x}再加{b}等于{c}，所以答案正确。', '先消去加法、再消去乘法，这两步可以解出所有这种形式的一元一次方程。'] if deep else [q, f'答案：x = {x}。']
    if kind == 'series':
        n, a1, d = r.randint(5, 60), r.randint(1, 20), r.randint(1, 9)
        an = a1 + (n - 1)*d
        q = f'题目：一个等差数列首项为{a1}，公差为{d}，求前{n}项的和。'
        return [q, f'末项等于{a1}加上({n}-1)乘以{d}，即{an}。', '等差数列的和等于项数乘以首项与末项的平均数，因为首尾两两配对，每一对的和都相等。',
                f'所以前{n}项的和为{n}×({a1}+{an})÷2 = {n*(a1 + an)//2}。'] if deep else [q, f'答案：{n*(a1 + an)//2}。']
    if kind == 'circle':
        rad = r.randint(2, 40)
        q = f'题目：一个圆形花园的半径是{rad}米，它的面积是多少？'
        return [q, '圆的面积等于圆周率乘以半径的平方。', f'半径的平方是{rad*rad}，所以面积约为{3.14159*rad*rad:.1f}平方米。',
                '每个数字都带上单位，可以避免几何题中的大多数错误，因为单位一错马上就能看出来。'] if deep else [q, f'答案：约{3.14159*rad*rad:.1f}平方米。']
    price, pct = r.randint(20, 900), r.choice([5, 10, 15, 20, 25, 30, 40])
    q = f'题目：一件外套原价{price}元，打折后降价{pct}%，现价是多少？'
    return [q, f'{price}的{pct}%是{price*pct/100:g}元，因为百分数表示每一百份中的份数。', f'减去折扣后，现价是{price - price*pct/100:g}元。',
            f'也可以直接用{price}乘以{1 - pct/100:g}，一步就能得到同样的结果。'] if deep else [q, f'答案：{price - price*pct/100:g}元。']


def code_doc(r, deep, zh):
    "One function with its output; the high variant also explains how it works and when to be careful."
    stems, what_en, what_zh, args, body, example = r.choice(CODE_TASKS)
    fname = r.choice(stems) + r.choice(['', '', '_v2', '_fast', '_simple', '_iter'])
    code = f'def {fname}({args}):\n    """Return {what_en}."""\n    {body}'
    calls = [f'{fname}({example(r)})' for _ in range(r.randint(1, 3))]
    scope = {}; exec(code, scope)
    code += '\n\n\n' + '\n'.join(f'print({c})  # {eval(c, scope)!r}' for c in calls)
    if zh:
        intro = [f'下面的 Python 函数 {fname} 用来计算{what_zh}。', f'这段代码演示如何用函数 {fname} 求{what_zh}。', f'我们来写一个计算{what_zh}的函数，命名为 {fname}。']
        more = [f'函数 {fname} 只用到标准库，因此适合初学者阅读，也容易测试。', '写完函数以后，先用几个小例子验证结果，因为手算的小例子最容易发现错误。',
                f'如果输入很大，可以考虑为 {fname} 加上缓存或改用更快的算法，这样重复的计算只做一次。', '注意边界情况，比如空输入或负数，因为很多错误都出在那里。']
        outro = f'运行后依次输出：{"，".join(str(eval(c, scope)) for c in calls)}。'
    else:
        intro = [f'The following Python function, {fname}, computes {what_en}.', f'Here is a short function, {fname}, that returns {what_en}.', f'Let us write {fname}, a function for {what_en}.']
        more = [f'It uses only the standard library, so {fname} is easy to read and to test.', 'Checking a few small examples by hand is the fastest way to trust a function like this, because small cases expose most mistakes.',
                f'For very large inputs, {fname} could be sped up with caching, so that repeated work is done only once.', 'Watch the edge cases, such as empty input or negative numbers, because that is where most bugs hide.']
        outro = f'Running it prints {", ".join(repr(eval(c, scope)) for c in calls)}.'
    sep = '' if zh else ' '
    return sep.join([r.choice(intro)] + r.sample(more, 2 if deep else 0)) + '\n\n' + code + '\n\n' + sep.join([outro] + r.sample(more, 1 if deep else 0))


def everyday_en(r):
    kind = r.choice(['recipe', 'trip', 'notice'])
    if kind == 'recipe':
        d, ing, m = r.choice(DISHES)[0], [i[0] for i in r.sample(INGREDIENTS, 4)], r.randint(10, 90)
        return ([f'This {d} serves {r.randint(2, 6)} people and takes about {m} minutes.', f'Chop the {ing[0]} and the {ing[1]} while the pan heats.',
                 f'Cook the {ing[0]} for {r.randint(3, 8)} minutes before adding the {ing[2]}.', f'Add {r.randint(100, 600)} grams of {ing[3]} and simmer for {m//2} minutes.',
                 f'Leftover {d} keeps for {r.randint(2, 4)} days in the fridge.'],
                ['Season with salt only at the end, because salt added early draws out water and changes the texture.',
                 f'If you have no {ing[1]}, a little more {ing[0]} works too, since both give the base its sweetness.',
                 f'Let the {ing[0]} brown properly before adding anything else, because that browning is where most of the flavour comes from.'])
    if kind == 'trip':
        c, c2 = r.sample(COUNTRIES, 2)
        return ([f'The night train from {c[2]} to the coast leaves at {r.randint(18, 23)}:{r.choice(["00", "15", "30", "45"])} and arrives the next morning.',
                 f'A ticket costs about {r.randint(20, 160)} euros.', f'We spent {r.randint(2, 9)} days in {c[2]} before flying on to {c2[2]}.',
                 f'Our bags weighed under {r.randint(7, 12)} kilograms each.'],
                [f'Book {r.randint(2, 8)} weeks ahead, because the cheapest seats sell out first and prices rise as the date gets closer.',
                 f'In {r.choice(["April", "May", "September", "October"])} the weather in {c[0]} is mild and the museums are quiet, so it is the best time to visit.',
                 f'Most people in {c[0]} speak {c[6]}, so a few phrases go a long way and make people much more willing to help.'])
    d1, d2 = r.sample(DAYS, 2)
    return ([f'The library opens at {r.randint(7, 10)} on weekdays and closes at {r.randint(17, 21)}.', f'On {d1[0]} the reading room closes early, at {r.randint(13, 16)}:00.',
             f'Each card borrows up to {r.randint(5, 20)} books for {r.randint(2, 4)} weeks.', f'The children\'s corner hosts a story hour every {d2[0]} morning.'],
            [f'Fines of {r.randint(10, 50)} cents a day start after the due date, so that popular books come back and others get their turn.',
             'Returned books go through the slot by the main door, which means you can return them even when the library is closed.',
             'Renew online before the due date, because a renewal after it no longer cancels the fine.'])


def everyday_zh(r):
    kind = r.choice(['recipe', 'trip', 'notice'])
    if kind == 'recipe':
        d, ing, m = r.choice(DISHES)[1], [i[1] for i in r.sample(INGREDIENTS, 4)], r.randint(10, 90)
        return ([f'这道{d}够{r.randint(2, 6)}个人吃，大约需要{m}分钟。', f'锅烧热的时候，把{ing[0]}和{ing[1]}切好。', f'先把{ing[0]}炒{r.randint(3, 8)}分钟，再加入{ing[2]}。',
                 f'加入{r.randint(100, 600)}克{ing[3]}，小火煮{m//2}分钟。', f'吃不完的{d}放进冰箱可以保存{r.randint(2, 4)}天。'],
                ['盐最后再放，因为太早放盐会让食材出水，影响口感。', f'如果没有{ing[1]}，多放一点{ing[0]}也可以，因为两者都能让汤底带点甜味。',
                 f'先把{ing[0]}充分炒香再放别的材料，这道菜的香味大部分就来自这一步。'])
    if kind == 'trip':
        c, c2 = r.sample(COUNTRIES, 2)
        return ([f'从{c[3]}开往海边的夜车{r.randint(18, 23)}点出发，第二天早上到达。', f'车票大约{r.randint(100, 900)}元。',
                 f'我们在{c[3]}待了{r.randint(2, 9)}天，然后飞往{c2[3]}。', f'我们每个包都不到{r.randint(7, 12)}公斤。'],
                [f'最好提前{r.randint(2, 8)}周订票，因为便宜的座位最先卖完，越临近出发价格越高。',
                 f'{r.choice(["四月", "五月", "九月", "十月"])}的{c[1]}天气温和，博物馆里人也不多，所以是最适合去的时候。',
                 f'{c[1]}的大多数人说{c[7]}，学几句常用语很有帮助，当地人也会更愿意帮忙。'])
    d1, d2 = r.sample(DAYS, 2)
    return ([f'图书馆工作日早上{r.randint(7, 10)}点开门，晚上{r.randint(17, 21)}点关门。', f'{d1[1]}阅览室提前到{r.randint(13, 16)}点关闭。',
             f'每张借书证最多可以借{r.randint(5, 20)}本书，借期{r.randint(2, 4)}周。', f'儿童区每{d2[1]}上午有故事会。'],
            [f'超过还书日期后，每天收取{r.randint(1, 5)}角滞纳金，这样热门的书才能按时回来，让别人也能借到。',
             '还书可以投进正门旁边的还书口，所以闭馆时也能还书。', '续借要在到期之前办理，因为过期以后再续借，滞纳金也不会取消。'])


def prose(pool_fn, sep):
    "Paragraphs of plain facts (medium), or fewer, shorter paragraphs in which at least two sentences explain (high)."
    def make(r, rich):
        paras = []
        for _ in range(r.choice([1, 1, 2] if rich else [1, 2, 2, 3])):
            plain, deep = pool_fn(r)
            sents = r.sample(plain, r.randint(1, 2)) + r.sample(deep, 2) if rich else r.sample(plain, min(len(plain), r.randint(4, 6)))
            paras.append(sep.join(sents))
        return '\n\n'.join(paras)
    return make


def worked(pool_fn, sep):
    "Maths: several problems with bare answers (medium), or one or two worked with steps and reasons (high)."
    return lambda r, rich: '\n\n'.join(sep.join(pool_fn(r, rich)) for _ in range(r.choice([1, 1, 2] if rich else [2, 3, 4, 5])))


def code(zh):
    "Code: one explained function (high), or one or two without explanation (medium)."
    return lambda r, rich: '\n\n'.join(code_doc(r, rich, zh) for _ in range(1 if rich else r.choice([1, 2, 2])))


GOOD = {('world', 'en'): prose(world_en, ' '), ('world', 'zh'): prose(world_zh, ''),
        ('math', 'en'): worked(math_en, ' '), ('math', 'zh'): worked(math_zh, ''),
        ('code', 'en'): code(False), ('code', 'zh'): code(True),
        ('other', 'en'): prose(everyday_en, ' '), ('other', 'zh'): prose(everyday_zh, '')}


# ---------------------------------------------------------------- what a crawl brings besides good text
NAV = {'en': ['Home | About us | Products | Blog | Contact', 'Login  Register  Cart (0)', 'Skip to main content',
              'Copyright © 2024 All rights reserved. Privacy Policy | Terms of Use', 'Share on Facebook  Tweet  Pin it',
              'We use cookies to improve your experience. Accept all cookies', 'Related posts:', 'Subscribe to our newsletter!',
              'Previous article   Next article', 'Click here to read more >>'],
       'zh': ['首页 | 关于我们 | 产品中心 | 新闻动态 | 联系我们', '登录  注册  购物车(0)', '版权所有 © 2024 保留所有权利 京ICP备12345678号',
              '分享到：微信  微博  QQ空间', '本网站使用 Cookie 以改善您的体验。全部接受', '相关阅读：', '上一篇   下一篇', '点击查看更多 >>', '扫码关注公众号']}
SPAM = {'en': ['cheap watches', 'best price', 'buy now', 'free shipping', 'replica bags', 'discount', 'casino bonus', 'win money fast', 'click here'],
        'zh': ['免费下载', '最新电影', '高清在线', '代开发票', '低价出售', '刷单兼职', '日赚千元', '点击进入', '官方网站']}
FILLER = {'en': ['This page is about many things.', 'There are lots of things here.', 'Things are very good and nice.', 'You can find things on this page.',
                 'It is a good page with good things.', 'We like things and you will like them too.', 'This is some text about the topic.',
                 'The topic is interesting for everyone.', 'More things will be added soon.', 'Thank you for reading this page about things.'],
          'zh': ['这是一个关于很多东西的页面。', '这里有很多很多的东西。', '东西都很好，也很不错。', '你可以在这个页面找到东西。', '这是一个好页面，有好东西。',
                 '我们喜欢这些东西，你也会喜欢的。', '这是一些关于这个主题的文字。', '这个主题大家都感兴趣。', '以后还会添加更多东西。', '感谢阅读这个关于东西的页面。']}
THINGS = {'en': ['things', 'stuff', 'items', 'products', 'ideas', 'topics', 'services', 'options'],
          'zh': ['东西', '内容', '产品', '事情', '服务', '选择', '话题', '资料']}
SHORT = ['404 Not Found', 'Page not found', 'Loading...', 'Coming soon', 'Access denied', 'Error', '页面不存在', '正在加载……', '敬请期待', '暂无内容', '点击这里']
UNSAFE = {'en': ['Step-by-step guide to building an untraceable weapon at home to hurt people.', 'Buy stolen credit card numbers and fake passports here, no questions asked.',
                 'Join our hate group: people of that religion are vermin and must be driven out.', 'Adult explicit content, hot singles, xxx videos, 18+ only, click now.',
                 'How to poison someone slowly without getting caught.', 'Online gambling: bet your savings tonight, guaranteed jackpot, loans available instantly.'],
          'zh': ['教你在家制作炸药，用来报复社会。', '出售他人身份证信息和银行卡，量大从优。', '网络赌博平台，充值就送，保证稳赚不赔。',
                 '成人色情视频，免费观看，未满十八岁禁止进入。', '教你如何下毒而不被发现。', '煽动仇恨：某个民族的人都是坏人，应该被赶走。']}
OTHER_LANG = [('fr', 'La ville de Lyon est connue pour sa cuisine et ses traboules. Le musée des Confluences se trouve au bord du Rhône et de la Saône.'),
              ('de', 'Die Stadt Hamburg liegt an der Elbe und hat einen der größten Häfen Europas. Viele Brücken verbinden die Stadtteile miteinander.'),
              ('es', 'La ciudad de Sevilla es famosa por su catedral y por el barrio de Santa Cruz. En verano las temperaturas superan los cuarenta grados.'),
              ('ja', '京都には多くの寺院や神社があり、毎年たくさんの観光客が訪れます。秋の紅葉の季節は特に人気があります。'),
              ('ru', 'Город Казань стоит на Волге и славится своим кремлём. В городе много университетов и музеев.'),
              ('ko', '부산은 한국에서 두 번째로 큰 도시이며 아름다운 해변으로 유명합니다. 매년 가을에는 영화제가 열립니다.')]


def spam(r, zh):
    kw = r.sample(SPAM['zh' if zh else 'en'], 3)
    return ('' if zh else ' ').join(r.choice(kw) for _ in range(r.randint(40, 120)))


def filler(r, zh):
    "Vacuous text: fluent-looking sentences that say nothing."
    lang = 'zh' if zh else 'en'
    a, b = r.sample(THINGS[lang], 2)
    sents = [t.replace('东西' if zh else 'things', a).replace('页面' if zh else 'page', b) for t in r.sample(FILLER[lang], r.randint(5, 9))]
    return ('' if zh else ' ').join(sents)


def boilerplate(r, zh):
    return '\n'.join(r.sample(NAV['zh' if zh else 'en'], r.randint(4, 7)))


def unsafe(r, zh):
    contact = f'联系QQ {r.randint(10**7, 10**9)}，微信 {r.choice(WORDS)}{r.randint(10, 99)}。' if zh else f'Contact {r.choice(WORDS)}{r.randint(10, 999)} on the forum, code {r.randint(1000, 9999)}.'
    return ('' if zh else ' ').join(r.sample(UNSAFE['zh' if zh else 'en'], r.randint(2, 4)) + [contact])


def edit(r, text, zh):
    "An edited copy: a few words changed and, half the time, a line of navigation added."
    if zh:
        chars = list(text)
        for _ in range(max(1, len(chars)//120)):
            i = r.randrange(len(chars)); chars[i] = r.choice('的了是在和有这个')
        out = ''.join(chars)
    else:
        words = text.split(' ')
        for _ in range(max(1, len(words)//60)):
            i = r.randrange(len(words)); words[i] = r.choice(['the', 'a', 'very', 'also', 'then', 'its'])
        out = ' '.join(words)
    return out + '\n' + r.choice(NAV['zh' if zh else 'en']) if r.random() < 0.5 else out
