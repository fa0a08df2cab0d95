"""Tool-use tasks for the agents stage (written for this course; seeded): `tasks_train.jsonl` (the SFT source) and
`tasks_test.jsonl` (held out: other phrasings, other numbers, other documents) and `tasks_far.jsonl` (held out, hand-written away from
the grammar: word problems, symbols, other verbs). Run: .venv/bin/python data_samples/agent/make_agent_sets.py

Training questions come from a small grammar (each operation has several wordings, two-step sums are said as one noun
phrase or as steps, wrappers vary the sentence), so the model learns the mapping from words to a call rather than a
handful of sentences. Held-out questions come from separate hand-written templates, and any training question that one
of those templates could also have produced is dropped.
"""
import json
import random
import re
from pathlib import Path

HERE = Path(__file__).parent
DOCS = json.loads((HERE/'docs.json').read_text(encoding='utf-8'))  # {id: {text, question_train, question_test, answer, split}}

# --- held-out templates (never produced for training) ---
TEST_CALC = [('*', None, 'I need the product of {a} and {b}.'), ('*', '-', 'Take {a} times {b}, then subtract {c}. What do you get?'),
             ('+', '*', 'Add {a} and {b}, and multiply the sum by {c}.')]
TEST_CODE = [('squares', 'Add up i*i for every whole number i between 1 and {n} inclusive.'), ('primes', 'Count the primes smaller than {n}.')]

# A second held-out set, written by hand away from the grammar (word problems, symbols, other verbs): `tasks_far.jsonl`.
FAR = [('CourseCalculator', 'A crate holds {a} bottles. How many bottles are in {b} crates?', '{a} * {b}'),
       ('CourseCalculator', 'Subtract {c} from {a}\u00d7{b}.', '{a} * {b} - {c}'),
       ('CourseCalculator', "{a} multiplied with {b}, minus {c}: what's that?", '{a} * {b} - {c}'),
       ('CourseCalculator', 'What number is {c} times as big as {a} + {b}?', '({a} + {b}) * {c}'),
       ('CourseCalculator', 'Quick math: ({a}+{b})*{c}', '({a} + {b}) * {c}'),
       ('CourseCalculator', 'There are {b} rows of {a} chairs and {c} chairs are broken. How many chairs can be used?', '{a} * {b} - {c}'),
       ('CourseInterpreter', 'Using Python, find how many primes lie below {n}.', 'primes'),
       ('CourseInterpreter', 'What do the squares of 1, 2, 3, ..., {n} add up to?', 'squares'),
       ('CourseInterpreter', 'Tally the prime numbers that are under {n}.', 'primes'),
       ('CourseDocSearch', 'In the course docs, how many sharding stages does ZeRO have?', 'zero-stages'),
       ('CourseDocSearch', 'What vocabulary size does the course tokenizer use by default?', 'vocab'),
       ('CourseDocSearch', 'Look it up: which user is exempt from the RLIMIT_NPROC limit?', 'nproc'),
       # six more, written later to widen this set (prices, speeds, spending, "run some Python", a sum written out)
       ('CourseCalculator', 'Each ticket costs {a} dollars. What do {b} tickets cost?', '{a} * {b}'),
       ('CourseCalculator', 'I had {a} coins, spent {b} of them, then found {c} more. How many coins do I have now?', '{a} - {b} + {c}'),
       ('CourseCalculator', 'A train covers {a} km every hour. How far does it get in {c} hours?', '{a} * {c}'),
       ('CourseInterpreter', 'Run some Python that counts the primes under {n}.', 'primes'),
       ('CourseInterpreter', 'Write code for 1*1 + 2*2 + ... + {n}*{n} and report the value.', 'squares'),
       ('CourseDocSearch', 'Check the notes: what is the short name for model FLOPs utilization?', 'mfu')]

# --- the training grammar: arithmetic ---
NOUN = {'+': ['the sum of {x} and {y}', 'the total of {x} and {y}', '{x} plus {y}', '{x} + {y}'],
        '-': ['{x} minus {y}', 'the difference between {x} and {y}', '{x} - {y}', '{y} subtracted from {x}'],
        '*': ['the product of {x} and {y}', '{x} times {y}', '{x} multiplied by {y}', '{x} * {y}', '{x} x {y}']}
FIRST = {'+': ['add {a} and {b}', 'add {a} to {b}', 'sum {a} and {b}', 'start with {a} and add {b}', 'take {a} plus {b}'],
         '-': ['subtract {b} from {a}', 'take {b} away from {a}', 'start with {a} and take away {b}', 'take {a} minus {b}'],
         '*': ['multiply {a} by {b}', 'multiply {a} and {b}', 'take {a} times {b}', 'find the product of {a} and {b}', 'start with {a} times {b}']}
IT = {'+': ['the sum', 'the total', 'the result', 'that', 'it'], '-': ['the difference', 'the result', 'that', 'it'],
      '*': ['the product', 'the result', 'that', 'it']}
THEN = {'+': ['add {c} to {it}', 'add {c}', 'increase {it} by {c}', 'plus {c}'],
        '-': ['subtract {c} from {it}', 'subtract {c}', 'take away {c}', 'reduce {it} by {c}', 'minus {c}'],
        '*': ['multiply {it} by {c}', 'multiply by {c}', 'times {c}', 'multiply {c} by {it}']}
JOIN = [', then ', ' and then ', ', and ', '; after that, ', ' and ', '. Then ']
ASK = ['What is {x}?', 'Compute {x}.', 'Work out {x}.', 'How much is {x}?', 'Calculate {x}.', 'Tell me {x}.', 'Find {x}.',
       'What do you get for {x}?', 'Could you give me {x}?', 'Please compute {x}.', 'What does {x} come to?', "What's {x}?"]
DO = ['{s}.', 'Please {s}.', '{s}. What do you get?', '{s}: what is the result?', 'Can you {s}?', '{s} and tell me the answer.',
      'I want you to {s}.', '{s}. What is the answer?']

# --- the training grammar: loops for the interpreter (kind: (program, value, noun phrases, imperative phrases)) ---
CODE = {
    'squares': ('print(sum(i * i for i in range(1, {n} + 1)))', lambda n: sum(i * i for i in range(1, n + 1)),
                ['the sum of the squares of the integers from 1 to {n}', 'the sum of i squared for i from 1 to {n}', '1^2 + 2^2 + ... + {n}^2',
                 'the total of the squares of 1 through {n}', 'the sum of k*k over k = 1..{n}', 'the squares of the numbers 1 to {n}, summed'],
                ['sum the squares of 1 through {n}', 'total k squared for k from 1 to {n}', 'add the squares of the numbers from 1 to {n}',
                 'square every integer from 1 to {n} and add them up']),
    'primes': ('print(sum(all(k % d for d in range(2, int(k ** 0.5) + 1)) for k in range(2, {n})))',
               lambda n: sum(all(k % d for d in range(2, int(k ** 0.5) + 1)) for k in range(2, n)),
               ['the number of primes below {n}', 'how many primes are less than {n}', 'the count of prime numbers under {n}',
                'how many prime numbers there are below {n}', 'the number of primes p with p < {n}'],
               ['count the prime numbers below {n}', 'find how many primes are under {n}', 'count how many numbers less than {n} are prime',
                'loop over the numbers below {n} and count the primes']),
    'cubes': ('print(sum(i ** 3 for i in range(1, {n} + 1)))', lambda n: sum(i ** 3 for i in range(1, n + 1)),
              ['the sum of the cubes of the integers from 1 to {n}', '1^3 + 2^3 + ... + {n}^3', 'the total of k cubed for k from 1 to {n}'],
              ['sum the cubes of 1 through {n}', 'add up the cubes of the numbers 1 to {n}']),
    'digits': ('print(sum(int(d) for d in str(2 ** {n})))', lambda n: sum(int(d) for d in str(2 ** n)),
               ['the sum of the digits of 2 to the power {n}', 'the digit sum of 2**{n}'],
               ['add up the digits of 2^{n}', 'sum the decimal digits of 2 raised to {n}']),
}
CODE_ASK = ['What is {x}?', 'Compute {x}.', 'Find {x}.', 'Tell me {x}.', 'Work out {x}.', 'I would like to know {x}.']


def expression(a: int, op1: str, b: int, op2: str | None = None, c: int | None = None) -> str:
    "The calculator call: ((a op1 b) op2 c), with parentheses only where they change the value."
    if op2 is None: return f'{a} {op1} {b}'
    return f'({a} {op1} {b}) {op2} {c}' if op2 == '*' and op1 in '+-' else f'{a} {op1} {b} {op2} {c}'


def say_calc(rng: random.Random, a: int, op1: str, b: int, op2: str | None = None, c: int | None = None) -> str:
    "One training wording of the expression: a question about a noun phrase, or steps to follow."
    if op2 is None:
        return rng.choice(ASK).format(x=rng.choice(NOUN[op1]).format(x=a, y=b)) if rng.random() < 0.6 else \
            rng.choice(DO).format(s=rng.choice(FIRST[op1]).format(a=a, b=b))
    steps = rng.choice(FIRST[op1]).format(a=a, b=b) + rng.choice(JOIN) + rng.choice(THEN[op2]).format(c=c, it=rng.choice(IT[op1]))
    return rng.choice(DO).format(s=steps)


def capital(s: str) -> str:
    return s[0].upper() + s[1:]


def held_out_pattern(template: str) -> re.Pattern:
    "A held-out template as a regex over any numbers, to keep its wording out of training."
    return re.compile(re.sub(r'\\\{[abcn]\\\}', r'\\d+', re.escape(template)), re.I)


HELD_OUT = [held_out_pattern(t) for *_, t in TEST_CALC + TEST_CODE] + [held_out_pattern(t) for _, t, _ in FAR]


def train_tasks(rng: random.Random, n_calc: int, n_code: int) -> list[dict]:
    out = []
    while len(out) < n_calc:
        a, b, c = rng.randint(12, 99), rng.randint(12, 99), rng.randint(2, 9)
        op1, op2 = rng.choice('+-*'), rng.choice([None, '+', '-', '*', '*'])
        q = capital(say_calc(rng, a, op1, b, op2, c))
        expr = expression(a, op1, b, op2, c) if op2 else expression(a, op1, b)
        if not any(p.fullmatch(q) for p in HELD_OUT):
            out.append({'question': q, 'tool': 'CourseCalculator', 'call': {'expression': expr}, 'answer': str(eval(expr))})
    kinds = ['squares', 'primes', 'squares', 'primes', 'cubes', 'digits']
    while len(out) < n_calc + n_code:
        kind = kinds[len(out) % len(kinds)]; src, value, nouns, dos = CODE[kind]; n = rng.randint(20, 90)
        q = rng.choice(CODE_ASK).format(x=rng.choice(nouns)) if rng.random() < 0.5 else rng.choice(DO).format(s=rng.choice(dos))
        q = capital(q.format(n=n))
        if not any(p.fullmatch(q) for p in HELD_OUT):
            out.append({'question': q, 'tool': 'CourseInterpreter', 'call': {'command': src.format(n=n)}, 'answer': str(value(n))})
    for d in DOCS.values():
        if d['split'] == 'train':   # a training document is asked three ways
            query = d['question_train'].replace('According to the course docs, ', '')
            for q in (d['question_train'], d['question_test'], capital(query)):
                out.append({'question': q, 'tool': 'CourseDocSearch', 'call': {'query': query}, 'answer': d['answer']})
    return out


def test_tasks(rng: random.Random, n_calc: int, n_code: int) -> list[dict]:
    out = []
    for i in range(n_calc):
        op1, op2, t = TEST_CALC[i % len(TEST_CALC)]; a, b, c = rng.randint(12, 99), rng.randint(12, 99), rng.randint(2, 9)
        expr = expression(a, op1, b, op2, c) if op2 else expression(a, op1, b)
        out.append({'question': t.format(a=a, b=b, c=c), 'tool': 'CourseCalculator', 'call': {'expression': expr}, 'answer': str(eval(expr))})
    for i in range(n_code):
        kind, t = TEST_CODE[i % len(TEST_CODE)]; src, value, *_ = CODE[kind]; n = rng.randint(20, 90)
        out.append({'question': t.format(n=n), 'tool': 'CourseInterpreter', 'call': {'command': src.format(n=n)}, 'answer': str(value(n))})
    for d in DOCS.values():
        if d['split'] == 'test':
            out.append({'question': d['question_test'], 'tool': 'CourseDocSearch',
                        'call': {'query': d['question_train'].replace('According to the course docs, ', '')}, 'answer': d['answer']})
    return out


def far_tasks(rng: random.Random) -> list[dict]:
    out = []
    for tool, t, spec in FAR:
        a, b, c, n = rng.randint(12, 99), rng.randint(12, 99), rng.randint(2, 9), rng.randint(20, 90)
        if tool == 'CourseCalculator': call, answer = {'expression': spec.format(a=a, b=b, c=c)}, str(eval(spec.format(a=a, b=b, c=c)))
        elif tool == 'CourseInterpreter': call, answer = {'command': CODE[spec][0].format(n=n)}, str(CODE[spec][1](n))
        else: call, answer = {'query': DOCS[spec]['question_train'].replace('According to the course docs, ', '')}, DOCS[spec]['answer']
        out.append({'question': t.format(a=a, b=b, c=c, n=n), 'tool': tool, 'call': call, 'answer': answer})
    return out


if __name__ == '__main__':
    for split, make, sizes, seed in [('train', train_tasks, (150, 60), 15), ('test', test_tasks, (12, 6), 1515), ('far', far_tasks, (), 99)]:
        rng = random.Random(seed)
        rows = make(rng, *sizes)
        rng.shuffle(rows)
        (HERE/f'tasks_{split}.jsonl').write_text(''.join(json.dumps({'id': f'{split}-{i:03d}'} | r, ensure_ascii=False) + '\n'
                                                         for i, r in enumerate(rows)), encoding='utf-8')
        print(split, len(rows))
