"""Benchmarks of the pretraining loop: the stage, our loop against HF Trainer, DDP against one process, DDP overlap."""
import json
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from internlm_course.core import run_stages


def our_loop_step_seconds(cfg, data, steps: int) -> list[float]:
    "Seconds per optimizer step of the course's loop (no evaluation), fresh model, same seed as the Trainer side."
    import torch
    from internlm_course import pretrain as P
    from transformers import set_seed
    set_seed(cfg.seed)
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
    from transformers import set_seed

    class Sequences(torch.utils.data.Dataset):
        def __len__(self): return data.n
        def __getitem__(self, i):
            s = data.sequence(i)[:-1]   # the same seq_len tokens our loop feeds (Trainer's loss shifts labels itself)
            return {'input_ids': s, 'labels': s}

    class Clock(TrainerCallback):
        def __init__(self): self.times = []
        def on_step_begin(self, *a, **k): self.t0 = time.perf_counter()
        def on_step_end(self, *a, **k): self.times.append(time.perf_counter() - self.t0)

    set_seed(cfg.seed)
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
    from transformers import AutoTokenizer
    from internlm_course import pretrain as P
    from internlm_course.core import get_profile, read_texts, runs_dir
    m = run_stages('cpu', ['pretrain'], run='bench', force=['pretrain'])['pretrain']['metrics']
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
            P.run_pretrain(c, get_profile('cpu'), data_dir, tok_dir, Path(tmp)/name, Path(tmp)/name/'work')
            logs[name] = [json.loads(l) for l in (Path(tmp)/name/'log.jsonl').read_text().splitlines()]
            speeds[name] = statistics.median(e['dt'] for e in logs[name][1:])
    out |= {'pretrain.ddp2_vs_single_max_loss_diff': max(abs(a['loss'] - b['loss']) for a, b in zip(logs['single'], logs['ddp'])),
            'pretrain.ddp2_step_s': round(speeds['ddp'], 3), 'pretrain.ddp2_no_overlap_step_s': round(speeds['ddp_no_overlap'], 3),
            'pretrain.ddp_overlap_speedup': round(speeds['ddp_no_overlap'] / speeds['ddp'], 3)}
    return out


BENCHMARKS = {'pretrain': bench_pretrain}
