"""Benchmarks of the model and tokenizer: converter parity, speed against HF Llama, compression."""
from internlm_course.core import run_stages


def bench_model(args) -> dict:
    "SmolLM2 Llama->InternLM2 logits parity, and forward+backward speed of internlm2-tiny against HF Llama of the same shape."
    import torch
    from internlm_course import model as M
    from transformers import set_seed
    from internlm_course.model_zoo import load_model, load_tokenizer
    torch.set_num_threads(2)
    smol, tok = load_model('smollm2-135m-instruct'), load_tokenizer('smollm2-135m-instruct')
    tok.padding_side, tok.pad_token = 'left', tok.eos_token
    batch = tok(['The InternLM2 report describes data, pretraining and alignment.', '书生·浦语大模型的全链路开源工具体系。'], return_tensors='pt', padding=True)
    with torch.no_grad(): diff = (smol(**batch).logits - M.llama_to_internlm2(smol)(**batch).logits).abs().max().item()
    set_seed(0)
    ours = M.InternLM2ForCausalLM(M.internlm2_config('internlm2-tiny'))
    speed = M.paired_speed_ratio(ours, M.internlm2_to_llama(ours), pairs=40)
    return {'model.convert_logits_max_abs_diff': diff, 'model.fwd_bwd_vs_llama_ratio': round(speed['ratio'], 3),
            'model.fwd_bwd_tokens_per_s': round(speed['ours_tok_s'], 1), 'model.fwd_bwd_tokens_per_s_llama': round(speed['theirs_tok_s'], 1)}


def bench_tokenizer(args) -> dict:
    "Characters per token on held-out Chinese and English, ours vs SmolLM2's, through the real `tokenizer` stage."
    m = run_stages('cpu', ['tokenizer'], run='bench')['tokenizer']['metrics']
    return {f'tokenizer.{k}': v for k, v in m.items() if k.startswith('chars_per_token')} | {'tokenizer.vocab_size': m['vocab_size']}


BENCHMARKS = {'model': bench_model, 'tokenizer': bench_tokenizer}
