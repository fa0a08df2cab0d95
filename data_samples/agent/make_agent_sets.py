"""Tool-use tasks for the agents stage (written for this course; seeded): `tasks_train.jsonl` (the SFT source) and
`tasks_test.jsonl` (held out: other phrasings, other numbers, other documents). Run: .venv/bin/python data_samples/agent/make_agent_sets.py"""
import json
import random
from pathlib import Path

HERE = Path(__file__).parent
DOCS = json.loads((HERE/'docs.json').read_text(encoding='utf-8'))  # {id: {text, question_train, question_test, answer, split}}

# Arithmetic the calculator does; counting and summing loops the interpreter does. Train and test phrasings never share a template.
CALC = {'train': ['What is {a} * {b}?', 'Compute {a} * {b} - {c}.', 'Calculate ({a} + {b}) * {c}.'],
        'test': ['I need the product of {a} and {b}.', 'Take {a} times {b}, then subtract {c}. What do you get?',
                 'Add {a} and {b}, and multiply the sum by {c}.']}
CALC_EXPR = ['{a} * {b}', '{a} * {b} - {c}', '({a} + {b}) * {c}']
CODE = {'train': ['What is the sum of the squares of the integers from 1 to {n}?', 'How many prime numbers are there below {n}?'],
        'test': ['Add up i*i for every whole number i between 1 and {n} inclusive.', 'Count the primes smaller than {n}.']}
CODE_SRC = ['print(sum(i * i for i in range(1, {n} + 1)))',
            'print(sum(all(k % d for d in range(2, int(k ** 0.5) + 1)) for k in range(2, {n})))']
CODE_ANSWER = [lambda n: sum(i * i for i in range(1, n + 1)), lambda n: sum(all(k % d for d in range(2, int(k ** 0.5) + 1)) for k in range(2, n))]


def tasks(split: str, n_calc: int, n_code: int, rng: random.Random) -> list[dict]:
    out = []
    for i in range(n_calc):
        t = i % 3; a, b, c = rng.randint(12, 99), rng.randint(12, 99), rng.randint(2, 9)
        expr = CALC_EXPR[t].format(a=a, b=b, c=c)
        out.append({'question': CALC[split][t].format(a=a, b=b, c=c), 'tool': 'CourseCalculator', 'call': {'expression': expr},
                    'answer': str(eval(expr))})
    for i in range(n_code):
        t = i % 2; n = rng.randint(20, 90)
        out.append({'question': CODE[split][t].format(n=n), 'tool': 'CourseInterpreter', 'call': {'command': CODE_SRC[t].format(n=n)},
                    'answer': str(CODE_ANSWER[t](n))})
    for doc_id, d in DOCS.items():
        if d['split'] == split:
            out.append({'question': d[f'question_{split}'], 'tool': 'CourseDocSearch', 'call': {'query': d['question_train'].replace('According to the course docs, ', '')}, 'answer': d['answer']})
    rng.shuffle(out)
    return [{'id': f'{split}-{i:03d}'} | t for i, t in enumerate(out)]


if __name__ == '__main__':
    rng = random.Random(15)
    for split, (n_calc, n_code) in {'train': (60, 30), 'test': (12, 6)}.items():
        rows = tasks(split, n_calc, n_code, rng)
        (HERE/f'tasks_{split}.jsonl').write_text(''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in rows), encoding='utf-8')
        print(split, len(rows))
