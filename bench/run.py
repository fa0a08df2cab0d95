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
from dataclasses import replace
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


def our_loop_step_seconds(cfg, data, steps: int) -> list[float]:
    "Seconds per optimizer step of the course's loop (no evaluation), fresh model, same seed as the Trainer side."
    import torch
    from internlm_course import pretrain as P
    from internlm_course.core import seed_everything
    seed_everything(cfg.seed)
    model = P.InternLM2ForCausalLM(P.internlm2_config(cfg.preset, vocab_size=int(data.stream.max()) + 1))
    opt = P.make_optimizer(model, cfg, 'cpu')
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: P.lr_factor(s, cfg))
    model.train()
    times = []
    for step in range(steps):
        t0 = time.perf_counter(); P.train_step(model, opt, data, step, cfg); sched.step(); times.append(time.perf_counter() - t0)
    return times[1:]


def trainer_step_seconds(cfg, data, steps: int) -> list[float]:
    "Seconds per optimizer step of HF Trainer on the same model, data order, batch, optimizer settings and schedule."
    import torch
    from transformers import Trainer, TrainerCallback, TrainingArguments
    from internlm_course import pretrain as P
    from internlm_course.core import seed_everything

    class Sequences(torch.utils.data.Dataset):
        def __len__(self): return data.n
        def __getitem__(self, i):
            s = data.sequence(i)[:-1]   # the same seq_len tokens our loop feeds (Trainer's loss shifts labels itself)
            return {'input_ids': s, 'labels': s}

    class Clock(TrainerCallback):
        def __init__(self): self.times = []
        def on_step_begin(self, *a, **k): self.t0 = time.perf_counter()
        def on_step_end(self, *a, **k): self.times.append(time.perf_counter() - self.t0)

    seed_everything(cfg.seed)
    model = P.InternLM2ForCausalLM(P.internlm2_config(cfg.preset, vocab_size=int(data.stream.max()) + 1))
    with tempfile.TemporaryDirectory() as tmp:
        args = TrainingArguments(tmp, per_device_train_batch_size=cfg.micro_batch, gradient_accumulation_steps=cfg.accum_steps, max_steps=steps,
                                 learning_rate=cfg.lr, lr_scheduler_type='cosine', warmup_steps=cfg.warmup_steps, weight_decay=cfg.weight_decay,
                                 adam_beta2=0.95, max_grad_norm=cfg.grad_clip, logging_strategy='no', save_strategy='no', report_to=[],
                                 use_cpu=True, dataloader_num_workers=0, disable_tqdm=True, seed=cfg.seed)
        clock = Clock()
        Trainer(model=model, args=args, train_dataset=Sequences(), callbacks=[clock]).train()
    return clock.times[1:]


def bench_pretrain(args) -> dict:
    "The pretrain stage on the cpu profile; our loop vs HF Trainer; 2-process DDP vs 1 process; DDP bucket overlap."
    import shutil
    from transformers import AutoTokenizer
    from internlm_course import pretrain as P
    from internlm_course.core import get_profile, runs_dir
    from internlm_course.tokenizer import read_texts
    m = run_stages('cpu', ['pretrain'], run='bench', force=True)['pretrain']['metrics']
    out = {'pretrain.cpu_minutes': m['minutes'], 'pretrain.val_loss': m['val_loss'], 'pretrain.unigram_entropy': m['unigram_entropy'],
           'pretrain.mfu': m['mfu'], 'pretrain.tokens_per_s': m['tokens_per_s'], 'pretrain.matmul_peak_gflops': m['matmul_peak_gflops']}
    data_dir, tok_dir = runs_dir()/'bench'/'data', runs_dir()/'bench'/'tokenizer'
    cfg = P.PretrainConfig()
    data = P.PackedData(P.tokenize_stream(AutoTokenizer.from_pretrained(tok_dir), read_texts(data_dir/'corpus.jsonl.gz')), cfg.seq_len, cfg.seed)
    ours, theirs = [], []
    for _ in range(2):   # alternate so both see the same machine load
        ours += our_loop_step_seconds(cfg, data, 12); theirs += trainer_step_seconds(cfg, data, 12)
    out |= {'pretrain.hf_trainer_tokens_per_s': round(cfg.global_batch * cfg.seq_len / statistics.median(theirs), 1),
            'pretrain.loop_tokens_per_s': round(cfg.global_batch * cfg.seq_len / statistics.median(ours), 1),
            'pretrain.vs_hf_trainer_ratio': round(statistics.median(theirs) / statistics.median(ours), 3)}
    small = P.PretrainConfig(seq_len=128, steps=12, warmup_steps=2, eval_every=12, sample_every=12, checkpoint_every=100)
    with tempfile.TemporaryDirectory() as tmp:
        logs, speeds = {}, {}
        for name, c in [('single', small), ('ddp', replace(small, parallel='ddp', nproc=2)),
                        ('ddp_no_overlap', replace(small, parallel='ddp', nproc=2, bucket_mb=10_000.0))]:
            (Path(tmp)/name).mkdir()
            r = P.run_pretrain(c, get_profile('cpu'), data_dir, tok_dir, Path(tmp)/name, Path(tmp)/name/'work')
            logs[name] = [json.loads(l) for l in (Path(tmp)/name/'log.jsonl').read_text().splitlines()]
            speeds[name] = statistics.median(e['dt'] for e in logs[name][1:])
    out |= {'pretrain.ddp2_vs_single_max_loss_diff': max(abs(a['loss'] - b['loss']) for a, b in zip(logs['single'], logs['ddp'])),
            'pretrain.ddp2_step_s': round(speeds['ddp'], 3), 'pretrain.ddp2_no_overlap_step_s': round(speeds['ddp_no_overlap'], 3),
            'pretrain.ddp_overlap_speedup': round(speeds['ddp_no_overlap'] / speeds['ddp'], 3)}
    return out


BENCHMARKS = {'smoke': bench_smoke, 'data': bench_data, 'datatrove': bench_datatrove, 'model': bench_model, 'tokenizer': bench_tokenizer, 'pretrain': bench_pretrain}

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
