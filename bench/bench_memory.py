"""Benchmarks of the memory planner: measured peaks of real SmolLM2-135M training steps (full, LoRA, QLoRA at two batch
sizes x two sequence lengths, each in a fresh process) against the plan, and XTuner's published ZeRO figures."""
import statistics

from internlm_course.memory import measure_peak, plan_memory

GRID = [(b, s) for b in (1, 4) for s in (64, 256)]


def bench_memory(args) -> dict:
    "Peak memory per method and the planner's worst error over 12 measured runs; XTuner's 7B ZeRO-1/2/3 model states."
    name, runs = 'smollm2-135m-instruct', {}
    for b, s in GRID:   # methods side by side at each size, so they see the same machine load
        for m in ('full', 'lora', 'qlora'):
            runs[m, b, s] = (measure_peak(name, m, b, s), plan_memory(name, m, b, s)['peak'])
            print(f'{m:5s} {b}x{s:3d}: measured {runs[m, b, s][0]:.3f} GB, planned {runs[m, b, s][1]:.3f} GB')
    ratio = lambda m: statistics.median(runs[m, b, s][0] / runs['full', b, s][0] for b, s in GRID)
    worst = lambda m: max(runs[m, b, s][0] / runs['full', b, s][0] for b, s in GRID)
    xtuner = {1: 38.5, 2: 26.25, 3: 14.0}
    zero = max(abs(plan_memory(7e9, 'full', dtype='bfloat16', zero_stage=z, n_devices=8)['model_states'] / v - 1) for z, v in xtuner.items())
    return {'finetune.qlora_mem_ratio': round(ratio('qlora'), 3), 'finetune.qlora_mem_ratio_worst': round(worst('qlora'), 3),
            'finetune.lora_mem_ratio': round(ratio('lora'), 3), 'finetune.lora_mem_ratio_worst': round(worst('lora'), 3),
            'finetune.planner_max_error': round(max(abs(p / g - 1) for g, p in runs.values()), 3),
            'finetune.xtuner_zero_max_error': round(zero, 4)}


BENCHMARKS = {'memory': bench_memory}
