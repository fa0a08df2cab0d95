"""GPU check of the fine-tuning methods and the memory planner (under 5 minutes on one GPU).

Runs two bf16 training steps (forward + backward + AdamW, gradient checkpointing on) of SmolLM2-135M-Instruct with QLoRA
and LoRA on CUDA at two sizes, reads `torch.cuda.max_memory_allocated` (weights included, CUDA context excluded), and
compares it with `plan_memory(..., dtype='bfloat16')`; writes `bench/gpu/finetune-<UTC date>.json`.

    python tools/gpu_finetune.py [--model smollm2-135m-instruct] [--out bench/gpu]
"""
import argparse
import json
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from internlm_course.lora import load_for_method  # noqa: E402
from internlm_course.memory import plan_memory  # noqa: E402


def one_run(name: str, method: str, batch: int, seq: int) -> dict:
    "Peak CUDA memory (GB) of two training steps above what was allocated before loading, and the plan for it."
    torch.cuda.empty_cache()
    before = torch.cuda.memory_allocated()
    model, _ = load_for_method(name, method, dtype=torch.bfloat16, device='cuda')
    torch.cuda.reset_peak_memory_stats()   # loading transients are not training memory; the loaded weights still count
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-5)
    ids = torch.randint(0, 1000, (batch, seq), device='cuda', generator=torch.Generator('cuda').manual_seed(0))
    t0, losses = time.perf_counter(), []
    for _ in range(2):   # step 2 runs with the optimizer states allocated
        loss = model(input_ids=ids, labels=ids).loss
        loss.backward(); opt.step(); opt.zero_grad(set_to_none=True); losses.append(loss.item())
    torch.cuda.synchronize()
    measured = (torch.cuda.max_memory_allocated() - before) / 1e9
    plan = plan_memory(name, method, batch, seq, 'bfloat16', True)
    del model, opt
    return {'method': method, 'micro_batch': batch, 'seq_len': seq, 'measured_gb': round(measured, 4),
            'planned_gb': round(plan['peak'], 4), 'peak_phase': plan['peak_phase'], 'error': round(plan['peak'] / measured - 1, 4),
            'losses': [round(x, 4) for x in losses], 'seconds': round(time.perf_counter() - t0, 2)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--model', default='smollm2-135m-instruct')
    ap.add_argument('--out', type=Path, default=ROOT/'bench'/'gpu')
    args = ap.parse_args(argv)
    if not torch.cuda.is_available(): print('no CUDA device: nothing to check', file=sys.stderr); return 2
    runs = [one_run(args.model, m, b, s) for m in ('qlora', 'lora') for b, s in ((1, 256), (4, 512))]
    now = datetime.now(timezone.utc)
    report = {'date': now.isoformat(timespec='seconds'), 'gpu': torch.cuda.get_device_name(0), 'torch': torch.__version__,
              'model': args.model, 'runs': runs, 'planner_max_error': max(abs(r['error']) for r in runs)}
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out/f"finetune-{now:%Y%m%d-%H%M}.json"
    path.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2)); print(f'wrote {path}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
