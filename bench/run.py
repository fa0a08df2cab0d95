"""Run every benchmark of the course, print a table, write bench/results.json (figure name -> number).

Each benchmark repeats its measurement and reports the median: these machines are shared and noisy.
Usage: python bench/run.py [--only smoke data] [--data-scale 20]
"""
import argparse
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from internlm_course.core import cache_dir, run_stages, write_json_atomic

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent/'results.json'


def bench_smoke(args) -> dict:
    "Greedy generation throughput of the embedded chat model, through the real `chat-smoke` stage."
    rates = [run_stages('cpu', ['chat-smoke'], run='bench', force=True)['chat-smoke']['metrics']['tokens_per_s'] for _ in range(5)]
    return {'smoke.tokens_per_s': statistics.median(rates)}


def run_with_peak_rss(cmd: list[str]) -> tuple[str, float]:
    "Run `cmd`; return its stdout and the peak resident memory (MB) of its whole process tree, sampled every 50 ms."
    proc, peak = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT), [0]
    def sample():
        p = psutil.Process(proc.pid)
        while proc.poll() is None:
            try: peak[0] = max(peak[0], sum(q.memory_info().rss for q in [p, *p.children(recursive=True)]))
            except psutil.Error: pass
            time.sleep(0.05)
    t = threading.Thread(target=sample); t.start()
    out, _ = proc.communicate(); t.join()
    if proc.returncode: raise RuntimeError(f'{cmd} failed with exit code {proc.returncode}')
    return out, peak[0]/2**20


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


def bench_model(args) -> dict:
    "SmolLM2 Llama->InternLM2 logits parity, and forward+backward speed of internlm2-tiny against HF Llama of the same shape."
    import torch
    from internlm_course import model as M
    from internlm_course.core import load_model, load_tokenizer, seed_everything
    torch.set_num_threads(2)
    smol, tok = load_model('smollm2-135m-instruct'), load_tokenizer('smollm2-135m-instruct')
    tok.padding_side, tok.pad_token = 'left', tok.eos_token
    batch = tok(['The InternLM2 report describes data, pretraining and alignment.', '书生·浦语大模型的全链路开源工具体系。'], return_tensors='pt', padding=True)
    with torch.no_grad(): diff = (smol(**batch).logits - M.llama_to_internlm2(smol)(**batch).logits).abs().max().item()
    seed_everything(0)
    ours = M.InternLM2ForCausalLM(M.internlm2_config('internlm2-tiny'))
    speed = M.paired_speed_ratio(ours, M.internlm2_to_llama(ours), pairs=40)
    return {'model.convert_logits_max_abs_diff': diff, 'model.fwd_bwd_vs_llama_ratio': round(speed['ratio'], 3),
            'model.fwd_bwd_tokens_per_s': round(speed['ours_tok_s'], 1), 'model.fwd_bwd_tokens_per_s_llama': round(speed['theirs_tok_s'], 1)}


def bench_tokenizer(args) -> dict:
    "Characters per token on held-out Chinese and English, ours vs SmolLM2's, through the real `tokenizer` stage."
    m = run_stages('cpu', ['tokenizer'], run='bench')['tokenizer']['metrics']
    return {f'tokenizer.{k}': v for k, v in m.items() if k.startswith('chars_per_token')} | {'tokenizer.vocab_size': m['vocab_size']}


BENCHMARKS = {'smoke': bench_smoke, 'data': bench_data, 'datatrove': bench_datatrove, 'model': bench_model, 'tokenizer': bench_tokenizer}

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--only', nargs='+', choices=list(BENCHMARKS), help='run only these benchmarks')
    ap.add_argument('--data-scale', type=int, default=20, help='size of the larger data pool, in multiples of the shipped one')
    args = ap.parse_args()
    results = json.loads(RESULTS.read_text()) if args.only and RESULTS.exists() else {}
    for name in args.only or BENCHMARKS:
        print(f'running {name}: {BENCHMARKS[name].__doc__}', file=sys.stderr)
        results |= BENCHMARKS[name](args)
    print(f"{'figure':40} value")
    for k, v in results.items(): print(f'{k:40} {v}')
    write_json_atomic(RESULTS, results)
    print(f'written: {RESULTS}')
