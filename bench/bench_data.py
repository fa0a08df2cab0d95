"""Benchmarks of the data stage: quality figures on the evaluation pool, throughput and memory, our Gopher rules vs datatrove's."""
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, run_with_peak_rss
from internlm_course.core import cache_dir

SAMPLES = ROOT/'data_samples'
CLEAN = """import json, sys, tempfile
from pathlib import Path
from internlm_course.data_pipeline import DataConfig, clean_corpus
out = Path(tempfile.mkdtemp())
print(json.dumps(clean_corpus(DataConfig(pool=sys.argv[1], labels=sys.argv[2]), out)))
"""
# the figures the course claims, all measured on the evaluation pool (thresholds were tuned on the tuning pool)
EVAL_FIGURES = ['score_auc_min', 'auc_text_quality', 'auc_info_quality', 'auc_info_density', 'auc_value', 'safety_recall',
                'safety_false_positive_rate', 'auc_safety', 'dedup_precision', 'dedup_recall', 'enrich_auc', 'length_auc', 'random_auc',
                'enrich_vs_length_auc_gain', 'domain_accuracy', 'good_removed']


def big_pool(scale: int) -> Path:
    "The tuning pool `scale` times larger (generated once into the cache)."
    big = cache_dir()/'bench'/f'pool{scale}x'
    if not (big/'raw_pool.jsonl.gz').exists():
        subprocess.run([sys.executable, str(SAMPLES/'generate.py'), '--scale', str(scale), '--seed', '1', '--out', str(big)], check=True)
    return big/'raw_pool.jsonl.gz'


def bench_data(args) -> dict:
    "Quality figures on the evaluation pool; throughput and peak memory on the tuning pool and on a larger one."
    ev, _ = run_with_peak_rss([sys.executable, '-c', CLEAN, str(SAMPLES/'eval_pool.jsonl.gz'), str(SAMPLES/'eval_pool.labels.jsonl.gz')])
    ev = json.loads(ev)
    res = {f'data.{k}': ev[k] for k in EVAL_FIGURES}
    pool = SAMPLES/'raw_pool.jsonl.gz'
    runs = [run_with_peak_rss([sys.executable, '-c', CLEAN, str(pool), 'none']) for _ in range(3)]
    seconds = statistics.median(json.loads(out)['seconds'] for out, _ in runs)
    lines, raw_mb = json.loads(runs[0][0])['lines'], sum(len(l) for l in gzip.open(pool, 'rb'))/1e6
    peak = statistics.median(p for _, p in runs)
    res |= {'data.docs_per_s': round(lines/seconds, 1), 'data.mb_per_s': round(raw_mb/seconds, 3), 'data.peak_mem_mb': round(peak, 1)}
    out, big_peak = run_with_peak_rss([sys.executable, '-c', CLEAN, str(big_pool(args.data_scale)), 'none'])
    s = args.data_scale
    res |= {f'data.docs_per_s_{s}x': json.loads(out)['docs_per_s'], f'data.peak_mem_mb_{s}x': round(big_peak, 1), f'data.peak_mem_{s}x_ratio': round(big_peak/peak, 3)}
    return res


OURS = """import json, sys, time
t0 = time.perf_counter()
from internlm_course.data import gopher_violation
gopher_violation('The first call, as on the other side.')
startup = time.perf_counter() - t0
docs = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
t1 = time.perf_counter()
decisions = [gopher_violation(d['text']) for d in docs]
json.dump({'docs': len(docs), 'startup_s': startup, 'filter_s': time.perf_counter() - t1, 'decisions': decisions}, open(sys.argv[2], 'w'))
"""


def bench_datatrove(args) -> dict:
    """The same rules on both sides: datatrove's GopherRepetitionFilter + GopherQualityFilter vs `data.gopher_violation`, on the
    documents of the larger pool, one process each, start-up timed apart from filtering; median of 3, sides alternating."""
    dt_python = ROOT/'.venv-datatrove'/'bin'/'python'
    if not dt_python.exists(): subprocess.run(['make', 'datatrove-env'], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as d:
        src, n = Path(d)/'docs.jsonl', 0
        with open(src, 'w', encoding='utf-8') as f:           # the same documents for both sides
            for line in gzip.open(big_pool(args.data_scale), 'rt', encoding='utf-8', errors='replace'):
                try: doc = json.loads(line.lstrip('\ufeff'))
                except json.JSONDecodeError: continue
                if isinstance(doc, dict) and isinstance(doc.get('text'), str) and doc['text'].strip():
                    f.write(json.dumps({'id': doc['id'], 'text': doc['text']}, ensure_ascii=False) + '\n'); n += 1
        sides = {'ours': [sys.executable, '-c', OURS], 'datatrove': [str(dt_python), str(ROOT/'bench'/'datatrove_filters.py')]}
        runs = {k: [] for k in sides}
        for _ in range(3):
            for name, cmd in sides.items():
                subprocess.run(cmd + [str(src), f'{d}/{name}.json'], check=True, cwd=ROOT)
                runs[name].append(json.load(open(f'{d}/{name}.json')))
    rate = {k: n/statistics.median(r['filter_s'] for r in v) for k, v in runs.items()}
    ours, theirs = runs['ours'][0]['decisions'], runs['datatrove'][0]['decisions']
    return {'data.gopher_docs_per_s_per_process': round(rate['ours'], 1), 'data.datatrove_docs_per_s_per_process': round(rate['datatrove'], 1),
            'data.vs_datatrove_filter_ratio': round(rate['ours']/rate['datatrove'], 3),
            'data.datatrove_decision_agreement': round(sum((a is None) == (b is None) for a, b in zip(ours, theirs))/n, 4),
            'data.datatrove_reason_agreement': round(sum(a == b for a, b in zip(ours, theirs))/n, 4),
            'data.gopher_startup_s': round(statistics.median(r['startup_s'] for r in runs['ours']), 3),
            'data.datatrove_startup_s': round(statistics.median(r['startup_s'] for r in runs['datatrove']), 3), 'data.gopher_bench_docs': n}


BENCHMARKS = {'data': bench_data, 'datatrove': bench_datatrove}
