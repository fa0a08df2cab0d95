#!/usr/bin/env python3
"""Held-out tool-use tasks `tasks_blind_a.jsonl` (30), written by a helper that saw no course file: no grammar, no training task, no other held-out set (stdlib only, seeded)."""
import contextlib
import io
import json
import os

import random

rng = random.Random(2026)
OUT_DIR = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(OUT_DIR, "tasks_blind_a.jsonl")


def ab():
    return rng.randint(12, 99), rng.randint(12, 99)


def ab_desc():
    a, b = ab()
    if a < b:
        a, b = b, a
    if a == b:
        a, b = (a, b - 1) if b > 12 else (a + 1, b)
    return a, b


def cc():
    return rng.randint(2, 9)


def expr(a, op1, b, op2=None, c=None):
    if op2 is None:
        return f"{a} {op1} {b}"
    if op2 == "*" and op1 in "+-":
        return f"({a} {op1} {b}) * {c}"
    return f"{a} {op1} {b} {op2} {c}"


def calc(question, expression):
    return {"question": question, "tool": "CourseCalculator",
            "call": {"expression": expression}, "answer": str(eval(expression))}


tasks = []

# ---------------- CourseCalculator: 14 (5 single-step, 9 two-step) ----------
a, b = ab()
tasks.append(calc(f"{a}*{b}", expr(a, "*", b)))

a, b = ab()
tasks.append(calc(f"hey, quick one: what's {a} plus {b}?", expr(a, "+", b)))

a, b = ab_desc()
tasks.append(calc(
    f"Our school library owned {a} atlases, and {b} of them were donated to a "
    f"charity last week. How many atlases does the library still have?",
    expr(a, "-", b)))

a, b = ab()
tasks.append(calc(
    f"Each pallet in the warehouse carries {a} cartons of detergent. If we "
    f"receive {b} pallets, how many cartons is that in total?",
    expr(a, "*", b)))

a, b = ab()
tasks.append(calc(
    f"Would you mind working out {a} minus {b} for me? Thanks!",
    expr(a, "-", b)))

# two-step
a, b = ab(); c = cc()
tasks.append(calc(
    f"A shop receives {a} boxes of eggs, each holding {b} eggs. When unpacking, "
    f"the staff find {c} cracked eggs and throw them away. How many good eggs "
    f"are left?",
    expr(a, "*", b, "-", c)))

a, b = ab(); c = cc()
tasks.append(calc(
    f"Two classes are going on a field trip: one has {a} pupils and the other "
    f"{b}. If every pupil gets {c} sandwiches, how many sandwiches do we need "
    f"to make?",
    expr(a, "+", b, "*", c)))

a, b = ab(); c = cc()
tasks.append(calc(
    f"When the train left the first station there were {a} passengers aboard. "
    f"At the next stop {b} more got on and {c} got off. How many passengers "
    f"are on the train now?",
    expr(a, "+", b, "-", c)))

a, b = ab_desc(); c = cc()
tasks.append(calc(
    f"I started the weekend with ${a}. I spent ${b} at the farmers' market, "
    f"then my sister paid back the ${c} she owed me. How much money do I have?",
    expr(a, "-", b, "+", c)))

a, b = ab(); c = cc()
tasks.append(calc(
    f"For the concert, the hall is set up with {a} rows of {b} seats, plus {c} "
    f"extra folding chairs at the back. What's the total number of seats?",
    expr(a, "*", b, "+", c)))

a, b = ab_desc(); c = cc()
tasks.append(calc(
    f"Each team bus has {a} seats, but {b} seats per bus are blocked off for "
    f"equipment. With {c} buses, how many players can ride to the tournament?",
    expr(a, "-", b, "*", c)))

a, b = ab(); c = cc()
tasks.append(calc(f"compute {a}*{b}-{c}", expr(a, "*", b, "-", c)))

a, b = ab(); c = cc()
tasks.append(calc(
    f"My pancake recipe needs {a} g of flour and {b} g of oatmeal per batch. "
    f"I'm making {c} batches for the brunch - how many grams of dry "
    f"ingredients is that altogether?",
    expr(a, "+", b, "*", c)))

a, b = ab_desc(); c = cc()
tasks.append(calc(f"{a} - {b} - {c} = ?", expr(a, "-", b, "-", c)))

# ---------------- CourseInterpreter: 8 (2 per kind) ------------------------
CODE = {
    "squares": "print(sum(i * i for i in range(1, {n} + 1)))",
    "primes": "print(sum(all(k % d for d in range(2, int(k ** 0.5) + 1)) for k in range(2, {n})))",
    "cubes": "print(sum(i ** 3 for i in range(1, {n} + 1)))",
    "digits": "print(sum(int(d) for d in str(2 ** {n})))",
}


def run_code(code):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(code, {})
    return buf.getvalue().strip()


INTERP_Q = [
    ("squares", "What is the sum of the squares of the whole numbers from 1 up to {n}? Feel free to run some Python."),
    ("squares", "1^2 + 2^2 + 3^2 + ... + {n}^2 = ?"),
    ("primes", "How many prime numbers are there that are smaller than {n}? Write a little program to count them."),
    ("primes", "Could you count the primes below {n} for me, please?"),
    ("cubes", "Add up the cubes of every integer from 1 through {n} and tell me the total."),
    ("cubes", "I need the value of 1^3 + 2^3 + ... + {n}^3 - can you compute it with code?"),
    ("digits", "What's the digit sum of 2^{n}?"),
    ("digits", "Take 2 to the power of {n}, write the result out in decimal, and add up all of its digits. What do you get?"),
]
for kind, q in INTERP_Q:
    n = rng.randint(20, 90)
    code = CODE[kind].format(n=n)
    tasks.append({"question": q.format(n=n), "tool": "CourseInterpreter",
                  "call": {"command": code}, "answer": run_code(code)})

# ---------------- CourseDocSearch: 8 ---------------------------------------
DOCS = [
    ("According to the course notes, how many stages does ZeRO have?",
     "ZeRO stages", "3"),
    ("In this course's evaluation material, CircularEval poses every four-option "
     "multiple-choice question several times with the options rotated. How many "
     "times exactly?", "CircularEval rotating options", "4"),
    ("Which special token does InternLM2 use to mark code meant for the Python "
     "tool, as described in the course docs? Just the word inside the brackets, please.",
     "InternLM2 Python tool code token", "interpreter"),
    ("What's the default vocab size of our course tokenizer?",
     "tokenizer default vocabulary size", "8192"),
    ("Our course docs mention that RLIMIT_NPROC doesn't restrict the process count "
     "for one particular user. Which user is that?",
     "RLIMIT_NPROC limit processes user", "root"),
    ("Per the course documentation, what abbreviation is used for model FLOPs utilization?",
     "model FLOPs utilization abbreviation", "MFU"),
    ("Look it up in the course docs: which user id does the course sandbox run code as?",
     "sandbox user id", "65534"),
    ("How many problems are in HumanEval, according to this course's materials?",
     "HumanEval number of problems", "164"),
]
for q, query, ans in DOCS:
    tasks.append({"question": q, "tool": "CourseDocSearch",
                  "call": {"query": query}, "answer": ans})

# ---------------- shuffle, number, write ------------------------------------
rng.shuffle(tasks)
rows = []
for i, t in enumerate(tasks):
    rows.append({"id": f"blind_a-{i:03d}", "question": t["question"], "tool": t["tool"],
                 "call": t["call"], "answer": t["answer"]})

with open(OUT, "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")

with open(OUT, encoding="utf-8") as f:
    print(f.read(), end="")
