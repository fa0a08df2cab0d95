#!/usr/bin/env python3
"""Held-out tool-use tasks `tasks_blind_b.jsonl` (30), written by a second helper that saw no course file (stdlib only, seeded)."""
import io
import json
import os
import random
import contextlib

rng = random.Random(31337)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tasks_blind_b.jsonl")


def ab(distinct=True, ordered=False):
    while True:
        a, b = rng.randint(12, 99), rng.randint(12, 99)
        if distinct and a == b:
            continue
        if ordered and a < b:
            a, b = b, a
        return a, b


def c_():
    return rng.randint(2, 9)


def run_code(code):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(code, {})
    return buf.getvalue().strip()


tasks = []


def calc(question, expr):
    tasks.append({"question": question, "tool": "CourseCalculator",
                  "call": {"expression": expr}, "answer": str(eval(expr))})


# ---------------- CourseCalculator: 7 single-step, 7 two-step; 7 word problems, 7 direct
# single-step, word problems
a, b = ab()
calc(f"Our storeroom just received {a} cartons and every carton has {b} jars of jam in it. "
     f"How many jars is that altogether?", f"{a} * {b}")
a, b = ab()
calc(f"i walked {a} min this morning and another {b} min after dinner, how many minutes did i walk today",
     f"{a} + {b}")
a, b = ab(ordered=True)
calc(f"The night bus has {a} seats. {b} of them are already taken when I get on. "
     f"How many seats are still free?", f"{a} - {b}")
# single-step, direct
a, b = ab()
calc(f"{a}*{b}=?", f"{a} * {b}")
a, b = ab()
calc(f"What do you get if you take {b} away from {a}?", f"{a} - {b}")
a, b = ab()
calc(f"Hello, please can you calculate for me {a} plus {b}? Thank you very much.", f"{a} + {b}")
a, b = ab()
calc(f"quick one — {a} x {b}", f"{a} * {b}")

# two-step, word problems
a, b = ab(); c = c_()
calc(f"I'm printing handouts for two tutorial groups, one with {a} students and one with {b}. "
     f"Everybody gets {c} sheets. How many sheets do I need to print?", f"({a} + {b}) * {c}")
a, b = ab(); c = c_()
calc(f"Concert tickets are ${b} each and I bought {a} of them for the whole club, but a promo code "
     f"knocked ${c} off the total. What did I end up paying?", f"{a} * {b} - {c}")
a, b = ab(); c = c_()
calc(f"So my little baking account started the week with {a} followers, then a reel went semi-viral "
     f"and I picked up {b} more, but by Sunday {c} people had unfollowed. Where does that leave me?",
     f"{a} + {b} - {c}")
a, b = ab(); c = c_()
calc(f"We have {a} racks in the lab with {b} GPUs in each rack, plus {c} spare cards sitting on a shelf. "
     f"Total GPU count?", f"{a} * {b} + {c}")
# two-step, direct
a, b = ab(ordered=True); c = c_()
calc(f"({a}-{b})*{c}", f"({a} - {b}) * {c}")
a, b = ab(); c = c_()
calc(f"Compute {a} minus {b}, then add {c} to that.", f"{a} - {b} + {c}")
a, b = ab(); c = c_()
calc(f"Could you multiply {a} by {b} and then multiply the result by {c}?", f"{a} * {b} * {c}")

# ---------------- CourseInterpreter: 2 of each kind
CODE = {
    "squares": "print(sum(i * i for i in range(1, {n} + 1)))",
    "primes": "print(sum(all(k % d for d in range(2, int(k ** 0.5) + 1)) for k in range(2, {n})))",
    "cubes": "print(sum(i ** 3 for i in range(1, {n} + 1)))",
    "digits": "print(sum(int(d) for d in str(2 ** {n})))",
}
used_n = set()


def interp(kind, template):
    while True:
        n = rng.randint(20, 90)
        if (kind, n) not in used_n:
            used_n.add((kind, n))
            break
    code = CODE[kind].format(n=n)
    tasks.append({"question": template.format(n=n), "tool": "CourseInterpreter",
                  "call": {"command": code}, "answer": run_code(code)})


interp("squares", "Write and run a short Python snippet that adds up 1² + 2² + 3² + ... + {n}². What number does it print?")
interp("squares", "sum of k^2 for k = 1..{n}?")
interp("cubes", "For a homework check I need 1³ + 2³ + … + {n}³. Can you get the exact value by running some code?")
interp("cubes", "What do the cubes of the first {n} positive whole numbers add up to?")
interp("primes", "How many prime numbers are there that are smaller than {n}? Please verify it with a script rather than from memory.")
interp("primes", "count primes < {n}")
interp("digits", "If you write 2 to the power of {n} out in ordinary decimal and add all of its digits together, what total do you get?")
interp("digits", "Use Python: what's the digit sum of 2**{n}?")

# ---------------- CourseDocSearch: one per fact
DOCS = [
    ("In the course notes on distributed training, how many stages does ZeRO have?",
     "ZeRO stages", "3"),
    ("The evaluation chapter of this course describes CircularEval. For a multiple-choice question "
     "with four options, how many times does it end up asking that question?",
     "CircularEval rotating options", "4"),
    ("According to our course material, which special token does InternLM2 put in front of code "
     "that should go to the Python tool?",
     "InternLM2 Python tool code token", "interpreter"),
    ("what is the default vocab size of the tokenizer we build in this course??",
     "course tokenizer default vocabulary size", "8192"),
    ("I was reading the course sandbox docs and they mention RLIMIT_NPROC. Which user does that "
     "limit NOT apply to?",
     "RLIMIT_NPROC process limit", "root"),
    ("Sorry for simple question: in the course training efficiency part, model FLOPs utilization "
     "is written short how?",
     "model FLOPs utilization abbreviation", "MFU"),
    ("Our course's code sandbox runs submitted programs as some unprivileged account. What's the "
     "numeric user id it uses?",
     "sandbox user id", "65534"),
    ("Per the course docs, how many problems are in the HumanEval benchmark?",
     "HumanEval number of problems", "164"),
]
for q, query, ans in DOCS:
    tasks.append({"question": q, "tool": "CourseDocSearch", "call": {"query": query}, "answer": ans})

rng.shuffle(tasks)
with open(OUT, "w") as f:
    for i, t in enumerate(tasks):
        row = {"id": f"blind_b-{i:03d}", "question": t["question"], "tool": t["tool"],
               "call": t["call"], "answer": t["answer"]}
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
print(f"wrote {len(tasks)} tasks to {OUT}")
