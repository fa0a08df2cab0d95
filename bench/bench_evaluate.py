"""Benchmarks of the evaluation stage: the built-in evaluator against the opencompass command, contamination, HumanEval, the stage's time."""
import json
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from internlm_course.core import read_texts, run_stages, runs_dir


def bench_evaluate(args) -> dict:
    "Built-in vs OpenCompass on the same 201 items (SmolLM2, PPL, batch 8): speed and item agreement; contamination (planted, and a model leaked on purpose); HumanEval; stage minutes."
    from internlm_course import evaluate as E, opencompass_runs as O, sandbox as SB, scorecard as S
    from internlm_course.model_zoo import load_model, load_tokenizer
    name, data = 'smollm2-135m-instruct', E.eval_sets()/'mcq.jsonl'
    model, tok, rows = load_model(name), load_tokenizer(name), E.load_mcq(data)
    ours, oc_runs, oc_seconds = [], [], []
    with tempfile.TemporaryDirectory() as d:
        one = Path(d)/'one.jsonl'
        one.write_text(data.read_text(encoding='utf-8').splitlines()[0] + '\n', encoding='utf-8')
        startup = []
        for rep in range(2):   # alternate sides so both see the same machine load
            t0 = time.perf_counter(); scores = {f: E.mcq_scores(model, tok, rows, f) for f in ('letter', 'cloze')}
            ours.append(time.perf_counter() - t0)
            cfg = O.write_config(Path(d)/f'all{rep}.py', [O.mcq_dataset_entry(data, f, abbr=f'mcq-{f}') for f in ('letter', 'cloze')], [O.model_entry(name)])
            t0 = time.perf_counter(); oc_runs.append(O.run_opencompass(cfg, Path(d)/f'oc{rep}')); oc_seconds.append(time.perf_counter() - t0)
            cfg1 = O.write_config(Path(d)/f'one{rep}.py', [O.mcq_dataset_entry(one, f, abbr=f'one-{f}') for f in ('letter', 'cloze')], [O.model_entry(name)])
            t0 = time.perf_counter(); O.run_opencompass(cfg1, Path(d)/f'one{rep}'); startup.append(time.perf_counter() - t0)
        diffs = {f: O.compare_predictions(scores[f], O.read_predictions(oc_runs[-1], name, f'mcq-{f}'), rows) for f in ('letter', 'cloze')}
        # OpenCompass left-pads a batch and scores each padded row's first token from the pad before it; at batch 1 nothing is padded
        cfg_b1 = O.write_config(Path(d)/'cloze_b1.py', [O.mcq_dataset_entry(data, 'cloze', abbr='mcq-cloze')], [O.model_entry(name, batch=1)])
        diffs['cloze_b1'] = O.compare_predictions(scores['cloze'], O.read_predictions(O.run_opencompass(cfg_b1, Path(d)/'b1'), name, 'mcq-cloze'), rows)
    items = 2 * len(rows)
    ours_s, oc_s, oc_start = statistics.median(ours), statistics.median(oc_seconds), statistics.median(startup)
    out = {'evaluate.builtin_items_per_s': round(items / ours_s, 2), 'evaluate.opencompass_items_per_s': round(items / oc_s, 2),
           'evaluate.vs_opencompass_ratio': round(oc_s / ours_s, 2),
           'evaluate.vs_opencompass_ratio_startup_excluded': round(max(oc_s - oc_start, 1e-9) / ours_s, 2),
           'evaluate.agreement_diff_items': len(diffs['letter']), 'evaluate.agreement_diff_items_cloze': len(diffs['cloze']),
           'evaluate.agreement_diff_items_cloze_oc_batch1': len(diffs['cloze_b1'])}
    m = run_stages('cpu', ['evaluate'], run='bench', force=['evaluate'])['evaluate']
    corpus = read_texts(runs_dir()/'bench'/'data'/'corpus.jsonl.gz')
    checks = [S.contamination_check(r, corpus) for r in (E.load_mcq(data), E.load_qa(E.eval_sets()/'arithmetic.jsonl'))]
    probs = SB.humaneval_problems(16)
    agree, passing = [], 0
    # the model's completions (SmolLM2 passes few) and HumanEval's canonical solutions (which pass), so both verdicts are compared
    for comps in (SB.humaneval_completions(model, tok, probs, max_new_tokens=128), [p['canonical_solution'] for p in probs]):
        mine, theirs = {r['task_id']: r['passed'] for r in SB.score_humaneval(probs, comps)}, O.opencompass_humaneval(probs, comps)
        agree += [mine[t] == theirs[t] for t in mine]; passing += sum(mine.values())
    leak = S.leak_experiment(name, E.load_mcq(data))     # SmolLM2 trained on 20 items on purpose: Min-K% before/after vs the n-gram check
    return out | {'evaluate.contamination_recall': min(c['recall'] for c in checks),
                  'evaluate.mink_auc_before_leak': leak['mink_auc_before'], 'evaluate.mink_auc_after_leak': leak['mink_auc_after'],
                  'evaluate.leak_ngram_recall': leak['ngram_recall'], 'evaluate.leak_ngram_false_positives': leak['ngram_false_positives'],
                  'evaluate.contamination_false_positives': sum(c['false_positives'] for c in checks),
                  'evaluate.humaneval_agreement': round(float(np.mean(agree)), 3), 'evaluate.humaneval_agreement_items': len(agree),
                  'evaluate.humaneval_agreement_passing_items': passing,
                  'evaluate.cpu_minutes': m['metrics']['cpu_minutes']}


BENCHMARKS = {'evaluate': bench_evaluate}
