"""Benchmarks of the data stage: quality figures, throughput, memory; the rule filters against datatrove's."""
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, run_with_peak_rss
from internlm_course.core import cache_dir


CLEAN = """import json, sys, tempfile
from pathlib import Path
from internlm_course.data import DataConfig, clean_corpus
out = Path(tempfile.mkdtemp())
print(json.dumps(clean_corpus(DataConfig(pool=sys.argv[1], labels=sys.argv[2]), out)))
"""

RULES = """import json, sys, time
from internlm_course.data import han_share, ordered_map, parse_line, read_chunks, rule_violation
def chunk(lines):
    kept = 0
    for n, raw in lines:
        doc, _ = parse_line(raw, n)
        if doc: kept += rule_violation(doc['text'], 'zh' if han_share(doc['text']) > 0.3 else 'en') is None
    return kept
t = time.perf_counter(); kept = sum(ordered_map(chunk, read_chunks(sys.argv[1], 250), 2))
print(json.dumps({'seconds': time.perf_counter() - t, 'kept': kept}))
"""


def bench_data(args) -> dict:
    "The data stage: quality figures, throughput and peak memory on the shipped pool and on a larger one."
    pool = ROOT/'data_samples'/'raw_pool.jsonl.gz'
    runs = [run_with_peak_rss([sys.executable, '-c', CLEAN, str(pool), '']) for _ in range(3)]
    metrics = [json.loads(out) for out, _ in runs]
    m = metrics[0]
    raw_mb = sum(len(l) for l in gzip.open(pool, 'rb'))/1e6
    seconds = statistics.median(x['seconds'] for x in metrics)
    peak = statistics.median(p for _, p in runs)
    res = {'data.dedup_recall': m['dedup_recall'], 'data.dedup_precision': m['dedup_precision'], 'data.score_auc_min': m['score_auc_min'],
           'data.enrich_precision_at_100': m['enrich_precision_at_k'], 'data.docs_per_s': round(m['lines']/seconds, 1),
           'data.mb_per_s': round(raw_mb/seconds, 3), 'data.peak_mem_mb': round(peak, 1)}
    big = cache_dir()/'bench'/f'pool{args.data_scale}x'
    if not (big/'raw_pool.jsonl.gz').exists():
        subprocess.run([sys.executable, str(ROOT/'data_samples'/'generate.py'), '--scale', str(args.data_scale), '--seed', '1', '--out', str(big)], check=True)
    out, big_peak = run_with_peak_rss([sys.executable, '-c', CLEAN, str(big/'raw_pool.jsonl.gz'), 'none'])
    mb = json.loads(out)
    res |= {f'data.docs_per_s_{args.data_scale}x': mb['docs_per_s'], f'data.peak_mem_mb_{args.data_scale}x': round(big_peak, 1),
            'data.peak_mem_20x_ratio' if args.data_scale == 20 else f'data.peak_mem_{args.data_scale}x_ratio': round(big_peak/peak, 3)}
    return res


def bench_datatrove(args) -> dict:
    """Rule filters only (Gopher repetition + quality, C4-style), ours vs datatrove's, same JSONL, 2 processes each, median of 3.
    datatrove's filters are told the language and run no language identification; ours get the script (Han or not) the same way."""
    pool = ROOT/'data_samples'/'raw_pool.jsonl.gz'
    dt_python = ROOT/'.venv-datatrove'/'bin'/'python'
    if not dt_python.exists(): subprocess.run(['make', 'datatrove-env'], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as d:
        src = Path(d)/'pool.jsonl'
        with open(src, 'w', encoding='utf-8') as f:           # the same valid documents for both sides
            for line in gzip.open(pool, 'rt', encoding='utf-8', errors='replace'):
                try: doc = json.loads(line)
                except json.JSONDecodeError: continue
                if isinstance(doc, dict) and isinstance(doc.get('text'), str) and doc['text'].strip(): f.write(json.dumps({'id': doc['id'], 'text': doc['text']}) + '\n')
        n = sum(1 for _ in open(src))
        ours = statistics.median(json.loads(subprocess.run([sys.executable, '-c', RULES, str(src)], capture_output=True, text=True, check=True, cwd=ROOT).stdout)['seconds'] for _ in range(3))
        dt = json.loads(subprocess.run([str(dt_python), str(ROOT/'bench'/'datatrove_filters.py'), str(src), '--workers', '2', '--repeats', '3'],
                                       capture_output=True, text=True, check=True, cwd=ROOT).stdout)
    return {'data.rules_docs_per_s': round(n/ours, 1), 'data.datatrove_docs_per_s': dt['docs_per_s'], 'data.vs_datatrove_ratio': round(n/ours/dt['docs_per_s'], 3)}


BENCHMARKS = {'data': bench_data, 'datatrove': bench_datatrove}
