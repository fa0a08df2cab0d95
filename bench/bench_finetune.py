"""Benchmarks of fine-tuning: the sft stage (identity, general score, minutes), the course's Trainer set-up vs a plain Trainer, CPT ratios."""
import statistics
import tempfile
import time
from pathlib import Path

import torch

from internlm_course.core import run_stages


def _tokens_per_s(trainer) -> float:
    "Real (non-padding) tokens per second of `trainer.train()`, counted from the batches its collator made for the steps run."
    collate, real = trainer.data_collator, []
    def counting(rows):
        batch = collate(rows); real.append(int(batch['attention_mask'].sum())); return batch
    trainer.data_collator = counting
    t0 = time.perf_counter(); trainer.train(); secs = time.perf_counter() - t0
    return sum(real[:trainer.args.max_steps]) / secs   # the loader may build one batch ahead


def vs_plain_trainer(steps: int = 6, reps: int = 2) -> dict:
    """LoRA SFT real tokens/s: the course's set-up (make_trainer: our collator, logits on labelled positions only) vs a plain transformers.Trainer
    (DataCollatorForSeq2Seq, full logits), same model, data, batch, steps and loss (kl_weight=0: plain cross-entropy on both
    sides); then the sft stage's KL term, timed alone."""
    from transformers import DataCollatorForSeq2Seq, Trainer, TrainingArguments
    from internlm_course import finetune as F
    rec = F.SFTRecipe(steps=steps, kl_weight=0.0)
    ours, plain, kl = [], [], []
    with tempfile.TemporaryDirectory() as d:
        for rep in range(reps):   # alternate so both see the same machine load
            model, tok = F._load(rec)
            ex, _ = F.build_sft_data(tok, F.sft_rows(rec), rec.max_len)
            ours.append(_tokens_per_s(F.make_trainer(model, tok, ex, rec, Path(d)/f'o{rep}')))
            model, tok = F._load(rec)
            args = TrainingArguments(output_dir=f'{d}/p{rep}', per_device_train_batch_size=rec.micro_batch, max_steps=steps, learning_rate=rec.lr,
                                     report_to=[], save_strategy='no', use_cpu=True, disable_tqdm=True, seed=rec.seed)
            t = Trainer(model=model, args=args, train_dataset=ex, data_collator=DataCollatorForSeq2Seq(tok, label_pad_token_id=-100))
            plain.append(_tokens_per_s(t))
            kl_rec = F.SFTRecipe(steps=steps, kl_weight=1.0)
            model, tok = F._load(kl_rec)
            ex, _ = F.build_sft_data(tok, F.sft_rows(kl_rec), kl_rec.max_len)
            kl.append(_tokens_per_s(F.make_trainer(model, tok, ex, kl_rec, Path(d)/f'k{rep}', kl_weight=kl_rec.kl_weight)))
    return {'finetune.tokens_per_s': round(statistics.median(ours), 1), 'finetune.hf_trainer_tokens_per_s': round(statistics.median(plain), 1),
            'finetune.vs_hf_trainer_ratio': round(statistics.median(ours) / statistics.median(plain), 3),
            'finetune.kl_tokens_per_s': round(statistics.median(kl), 1), 'finetune.kl_cost_ratio': round(statistics.median(ours) / statistics.median(kl), 3)}


def bench_finetune(args) -> dict:
    "The sft stage on the cpu profile (forced), the Trainer comparison, and continued pretraining's perplexity ratios."
    from internlm_course import finetune as F
    torch.set_num_threads(2)
    m = run_stages('cpu', ['sft'], run='bench', force=['sft'])['sft']
    out = {'finetune.identity_accuracy': m['metrics']['identity_accuracy'], 'finetune.identity_accuracy_before': m['metrics']['identity_accuracy_before'],
           'finetune.general_score_ratio': m['metrics']['general_score_ratio'], 'finetune.cpu_minutes': round(m['seconds'] / 60, 2)}
    out |= vs_plain_trainer()
    with tempfile.TemporaryDirectory() as d:
        _, _, c = F.run_cpt(F.CPTRecipe(), Path(d))
    return out | {'finetune.cpt_domain_ppl_ratio': c['cpt_domain_ppl_ratio'], 'finetune.cpt_general_ppl_ratio': c['cpt_general_ppl_ratio']}


BENCHMARKS = {'finetune': bench_finetune}
