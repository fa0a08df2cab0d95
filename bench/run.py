"""Run every benchmark of the course, print a table, write bench/results.json (figure name -> number).

Each benchmark repeats its measurement and reports the median: these machines are shared and noisy.
"""
import json
import statistics
import sys
from pathlib import Path

from internlm_course.core import run_stages, write_json_atomic

RESULTS = Path(__file__).resolve().parent/'results.json'


def bench_smoke(repeats: int = 5) -> dict:
    "Greedy generation throughput of the embedded chat model, through the real `chat-smoke` stage."
    rates = [run_stages('cpu', ['chat-smoke'], run='bench', force=True)['chat-smoke']['metrics']['tokens_per_s'] for _ in range(repeats)]
    return {'smoke.tokens_per_s': statistics.median(rates)}


BENCHMARKS = [bench_smoke]

if __name__ == '__main__':
    results = {}
    for bench in BENCHMARKS:
        print(f'running {bench.__name__}: {bench.__doc__}', file=sys.stderr)
        results |= bench()
    print(f"{'figure':40} value")
    for k, v in results.items(): print(f'{k:40} {v}')
    write_json_atomic(RESULTS, results)
    print(f'written: {RESULTS}')
