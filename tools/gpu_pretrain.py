"""GPU check for pretraining (issue 10 section 6): bf16 MFU of the course's loop on one GPU at a ~110M-parameter InternLM2.

Run on a CUDA machine (`make setup` first): python tools/gpu_pretrain.py [--steps 40] [--compile]
Finishes in well under 5 minutes on one modern GPU; writes tools/results/gpu_pretrain-<date>.json
(target from the issue: MFU >= 0.45). It uses the pretraining stage's own pieces (optimizer, train_step,
mixed precision, FLOPs formula, measured matmul peak) on a random token stream: MFU does not depend on the data.
"""
import argparse
import datetime
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch

from internlm_course.model import InternLM2ForCausalLM, internlm2_config
from internlm_course.pretrain import (PackedData, PretrainConfig, flops_per_token, make_optimizer, matmul_peak_flops,
                                      mixed_precision, train_step)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--steps', type=int, default=40, help='optimizer steps (the first 5 are warm-up, not counted)')
    ap.add_argument('--seq-len', type=int, default=1024)
    ap.add_argument('--micro-batch', type=int, default=16)
    ap.add_argument('--compile', action='store_true', help='torch.compile the model')
    args = ap.parse_args()
    if not torch.cuda.is_available(): sys.exit('gpu_pretrain.py needs a CUDA GPU (torch.cuda.is_available() is False)')
    torch.manual_seed(0)
    config = internlm2_config('internlm2-tiny', vocab_size=32000, hidden_size=768, intermediate_size=2048, num_hidden_layers=12,
                              num_attention_heads=12, num_key_value_heads=4, max_position_embeddings=args.seq_len)
    model = InternLM2ForCausalLM(config).cuda()
    cfg = PretrainConfig(seq_len=args.seq_len, global_batch=args.micro_batch, micro_batch=args.micro_batch, steps=args.steps, warmup_steps=0)
    data = PackedData(np.random.default_rng(0).integers(0, 32000, (args.steps + 1) * cfg.global_batch * (cfg.seq_len + 1), dtype=np.int32), cfg.seq_len)
    opt = make_optimizer(model, cfg, 'cuda')
    autocast, scaler = mixed_precision('cuda', torch.bfloat16)
    train_model = torch.compile(model) if args.compile else model
    fpt, peak = flops_per_token(model, cfg.seq_len), matmul_peak_flops('cuda', torch.bfloat16)
    times = []
    for step in range(args.steps):
        torch.cuda.synchronize(); t0 = time.perf_counter()
        loss = train_step(train_model, opt, data, step, cfg, device='cuda', autocast=autocast, scaler=scaler)
        torch.cuda.synchronize(); times.append(time.perf_counter() - t0)
    tok_s = cfg.global_batch * cfg.seq_len / statistics.median(times[5:])
    figures = {'date': datetime.date.today().isoformat(), 'gpu': torch.cuda.get_device_name(), 'torch': torch.__version__,
               'params_m': round(sum(p.numel() for p in model.parameters()) / 1e6, 1), 'seq_len': cfg.seq_len, 'micro_batch': cfg.micro_batch,
               'compile': args.compile, 'tokens_per_s': round(tok_s), 'matmul_peak_tflops_bf16': round(peak / 1e12, 1),
               'pretrain.gpu_mfu': round(tok_s * fpt / peak, 4), 'final_loss': round(loss, 4),
               'max_allocated_gb': round(torch.cuda.max_memory_allocated() / 2**30, 2)}
    out = Path(__file__).parent/'results'/f"gpu_pretrain-{figures['date']}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(figures, indent=1) + '\n')
    print(json.dumps(figures, indent=1)); print('written:', out)


if __name__ == '__main__':
    main()
