"""Benchmarks of the model zoo's smoke stage."""
import statistics

from internlm_course.core import run_stages


def bench_smoke(args) -> dict:
    "Greedy generation throughput of the embedded chat model, through the real `chat-smoke` stage."
    rates = [run_stages('cpu', ['chat-smoke'], run='bench', force=['chat-smoke'])['chat-smoke']['metrics']['tokens_per_s'] for _ in range(5)]
    return {'smoke.tokens_per_s': statistics.median(rates)}


BENCHMARKS = {'smoke': bench_smoke}
