"""Tool-use tasks for the agents stage (written for this course; seeded): `tasks_train.jsonl` (the SFT source) and
`tasks_test.jsonl` (held out: other phrasings, other numbers, other documents). Run: .venv/bin/python data_samples/agent/make_agent_sets.py"""
import json
import random
from pathlib import Path

HERE = Path(__file__).parent
DOCS = json.loads((HERE/'docs.json').read_text(encoding='utf-8'))  # {id: {text, question_train, question_test, answer, split}}

# Arithmetic the calculator does; counting and summing loops the interpreter does. Train and test phrasings never share a template;
# several training phrasings per task teach the mapping rather than one sentence.
CALC = {'train': [['What is {a} * {b}?', 'Multiply {a} by {b}.', 'What do you get when you multiply {a} and {b}?', '{a} times {b} is how much?',
                   'Work out the product {a} x {b}.', 'Please compute {a} multiplied by {b}.'],
                  ['Compute {a} * {b} - {c}.', 'What is {a} times {b} minus {c}?', 'Subtract {c} from the product of {a} and {b}.',
                   'Multiply {a} by {b} and take away {c}.'],
                  ['Calculate ({a} + {b}) * {c}.', 'What is the sum of {a} and {b}, times {c}?', 'Multiply {a} plus {b} by {c}.',
                   'Find {c} times the total of {a} and {b}.']],
        'test': [['I need the product of {a} and {b}.'], ['Take {a} times {b}, then subtract {c}. What do you get?'],
                 ['Add {a} and {b}, and multiply the sum by {c}.']]}
CALC_EXPR = ['{a} * {b}', '{a} * {b} - {c}', '({a} + {b}) * {c}']
CODE = {'train': [['What is the sum of the squares of the integers from 1 to {n}?', 'Sum the squares of 1 through {n}.', 'Compute 1^2 + 2^2 + ... + {n}^2.',
                   'Write a loop that totals k squared for k from 1 to {n}: what is the total?'],
                  ['How many prime numbers are there below {n}?', 'How many primes are less than {n}?', 'Find the number of primes under {n}.',
                   'Loop over the numbers below {n}: how many of them are prime?']],
        'test': [['Add up i*i for every whole number i between 1 and {n} inclusive.'], ['Count the primes smaller than {n}.']]}
CODE_SRC = ['print(sum(i * i for i in range(1, {n} + 1)))',
            'print(sum(all(k % d for d in range(2, int(k ** 0.5) + 1)) for k in range(2, {n})))']
CODE_ANSWER = [lambda n: sum(i * i for i in range(1, n + 1)), lambda n: sum(all(k % d for d in range(2, int(k ** 0.5) + 1)) for k in range(2, n))]


def tasks(split: str, n_calc: int, n_code: int, rng: random.Random) -> list[dict]:
    out = []
    for i in range(n_calc):
        t = i % 3; a, b, c = rng.randint(12, 99), rng.randint(12, 99), rng.randint(2, 9)
        expr = CALC_EXPR[t].format(a=a, b=b, c=c)
        out.append({'question': rng.choice(CALC[split][t]).format(a=a, b=b, c=c), 'tool': 'CourseCalculator', 'call': {'expression': expr},
                    'answer': str(eval(expr))})
    for i in range(n_code):
        t = i % 2; n = rng.randint(20, 90)
        out.append({'question': rng.choice(CODE[split][t]).format(n=n), 'tool': 'CourseInterpreter', 'call': {'command': CODE_SRC[t].format(n=n)},
                    'answer': str(CODE_ANSWER[t](n))})
    for doc_id, d in DOCS.items():
        if d['split'] == split:   # a training document is asked in both phrasings; a held-out one only in its own
            for q in ([d['question_train'], d['question_test']] if split == 'train' else [d['question_test']]):
                out.append({'question': q, 'tool': 'CourseDocSearch', 'call': {'query': d['question_train'].replace('According to the course docs, ', '')}, 'answer': d['answer']})
    rng.shuffle(out)
    return [{'id': f'{split}-{i:03d}'} | t for i, t in enumerate(out)]


if __name__ == '__main__':
    rng = random.Random(15)
    for split, (n_calc, n_code) in {'train': (72, 36), 'test': (12, 6)}.items():
        rows = tasks(split, n_calc, n_code, rng)
        (HERE/f'tasks_{split}.jsonl').write_text(''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in rows), encoding='utf-8')
        print(split, len(rows))
