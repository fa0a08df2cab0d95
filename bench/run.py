"""Run every benchmark of the course, print a table, write bench/results.json (figure name -> number).

Each `bench/bench_<stage>.py` holds a `BENCHMARKS` dict of name -> function(args) -> {figure: number}; this
driver runs them in lifecycle order. Each benchmark repeats its measurement and reports medians: these
machines are shared and noisy. Usage: python bench/run.py [--only smoke data ...] [--data-scale 20]
"""
import argparse
import importlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from internlm_course.core import write_json_atomic  # noqa: E402

RESULTS = HERE/'results.json'
ORDER = ['zoo', 'data', 'model', 'pretrain', 'finetune', 'evaluate', 'deploy', 'agent']


def all_benchmarks() -> dict:
    "name -> function, from every bench_*.py, in lifecycle order."
    files = sorted(HERE.glob('bench_*.py'), key=lambda p: (ORDER.index(p.stem[6:]) if p.stem[6:] in ORDER else len(ORDER), p.stem))
    return {k: v for p in files for k, v in importlib.import_module(p.stem).BENCHMARKS.items()}


if __name__ == '__main__':
    benchmarks = all_benchmarks()
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--only', nargs='+', choices=list(benchmarks), help='run only these benchmarks (results merge into the existing file)')
    ap.add_argument('--data-scale', type=int, default=20, help='size of the larger data pool, in multiples of the shipped one')
    args = ap.parse_args()
    results = json.loads(RESULTS.read_text()) if args.only and RESULTS.exists() else {}
    for name in args.only or benchmarks:
        print(f'running {name}: {benchmarks[name].__doc__}', file=sys.stderr)
        results |= benchmarks[name](args)
        write_json_atomic(RESULTS, results)   # a crash in a later benchmark keeps the earlier figures
    print(f"{'figure':45} value")
    for k, v in results.items(): print(f'{k:45} {v}')
    print(f'written: {RESULTS}')
