"""Benchmarks of the deploy stage: the engine against HF generate and the matmul ceiling, W4 vs fp32, 16 concurrent requests, quality, server load.

The llama.cpp reference runs in its own environment (`make llamacpp-env`: llama-cpp-python compiled from source) on the
course's own GGUF export of the same SmolLM2 weights (q4_1: groups of 32 with a scale and a minimum, the format the course's W4
also uses); without that environment its figures are left out, not faked.
"""
import json
import statistics
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import torch

NAME, NEW = 'smollm2-135m-instruct', 48
PROMPT = 'Once upon a time, in a small village by the sea, there lived'


def _engine_b1(model, tok) -> float:
    from internlm_course.engine import Engine, SamplingParams
    e = Engine(model, tok)
    r = e.submit(tok.encode(PROMPT), SamplingParams(max_new_tokens=NEW))
    t0 = time.perf_counter(); e.run_until_done()
    return len(r.out_ids) / (time.perf_counter() - t0)


def _hf_b1(model, tok) -> float:
    x = torch.tensor([tok.encode(PROMPT)])
    t0 = time.perf_counter()
    with torch.inference_mode():
        out = model.generate(x, attention_mask=torch.ones_like(x), max_new_tokens=NEW, do_sample=False, pad_token_id=tok.eos_token_id)
    return (out.shape[1] - x.shape[1]) / (time.perf_counter() - t0)


@torch.inference_mode()
def _ceiling(model) -> float:
    "Tokens/s if a decode step were only the model's weight matmuls (LM head included), back to back at batch 1."
    ws = [m.weight for m in model.modules() if isinstance(m, torch.nn.Linear)]
    xs = [torch.randn(1, w.shape[1]) for w in ws]
    best = []
    for _ in range(5):
        t0 = time.perf_counter()
        for x, w in zip(xs, ws): torch.nn.functional.linear(x, w)
        best.append(time.perf_counter() - t0)
    return 1 / statistics.median(best)


def _c16(model, tok) -> tuple[float, list]:
    "Aggregate tokens/s of 16 chat requests submitted at once (prefills included), and the requests."
    from internlm_course.engine import Engine, SamplingParams
    e = Engine(model, tok, max_batch=16)
    chats = [tok.apply_chat_template([{'role': 'user', 'content': f'Tell me a fact about the number {i}.'}], add_generation_prompt=True) for i in range(16)]
    t0 = time.perf_counter()
    reqs = [e.submit(c, SamplingParams(max_new_tokens=32)) for c in chats]
    e.run_until_done()
    return sum(len(r.out_ids) for r in reqs) / (time.perf_counter() - t0), reqs


ROOT = Path(__file__).resolve().parents[1]
LLAMACPP = ROOT/'.venv-llamacpp'/'bin'/'python'


def _llamacpp_b1(gguf_path: Path) -> float:
    "llama.cpp's batch-1 decode tokens/s on `gguf_path` (same prompt, tokens and thread count as the engine)."
    out = subprocess.run([str(LLAMACPP), str(ROOT/'bench'/'llamacpp_decode.py'), str(gguf_path), 'decode', PROMPT, str(NEW), '2'],
                         capture_output=True, text=True, timeout=600, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])['tokens_per_s']


def _llamacpp_tokenizer_agreement(gguf_path: Path, tok, texts: list[str]) -> float:
    "Share of `texts` that llama.cpp, reading the exported file, tokenizes to exactly the ids of the course's tokenizer."
    out = subprocess.run([str(LLAMACPP), str(ROOT/'bench'/'llamacpp_decode.py'), str(gguf_path), 'tokenize'], input=json.dumps(texts),
                         capture_output=True, text=True, timeout=600, check=True)
    theirs = json.loads(out.stdout.strip().splitlines()[-1])
    return sum(t == tok(x, add_special_tokens=False).input_ids for t, x in zip(theirs, texts)) / len(texts)


def bench_deploy_speed(args) -> dict:
    "Batch-1 decode: engine vs HF generate vs the matmul ceiling; W4 vs fp32 and llama.cpp; 16 concurrent requests on W4 and fp32 (aggregate tok/s, TTFT)."
    from internlm_course.model_zoo import load_model, load_tokenizer
    from internlm_course.quantize import quantize_model
    torch.set_num_threads(2)
    model, tok = load_model(NAME), load_tokenizer(NAME)
    w4 = quantize_model(load_model(NAME), tok, 4)
    _engine_b1(model, tok); _hf_b1(model, tok)          # warm-up
    gguf_dir = Path(tempfile.mkdtemp())
    if LLAMACPP.exists():
        from internlm_course.gguf_export import export_gguf
        export_gguf(NAME, gguf_dir/'smollm2-q4_1.gguf', 'q4_1')
    else: print('llama.cpp reference skipped: no .venv-llamacpp (make llamacpp-env)')
    hf, ours, ceil, q, lc = [], [], [], [], []
    for _ in range(3):   # interleaved so all sides see the same machine load
        hf.append(_hf_b1(model, tok)); ours.append(_engine_b1(model, tok)); ceil.append(_ceiling(model)); q.append(_engine_b1(w4, tok))
        if LLAMACPP.exists(): lc.append(_llamacpp_b1(gguf_dir/'smollm2-q4_1.gguf'))
    hf, ours, ceil, q = map(statistics.median, (hf, ours, ceil, q))
    runs = [(_c16(model, tok)[0], _c16(w4, tok)) for _ in range(3)]   # W4 is what the deploy stage serves, and the weights llama.cpp runs (q4_1)
    c16_fp32, c16 = statistics.median(r[0] for r in runs), statistics.median(r[1][0] for r in runs)
    reqs = [q for r in runs for q in r[1][1]]
    llama = {}
    if lc:
        b1 = statistics.median(lc)
        from internlm_course.quantize import heldout_texts
        texts = heldout_texts(40) + [PROMPT, 'Numbers 12345, café — 模型在学习。\n\n  spaces <|im_start|>user']
        llama = {'deploy.gguf_llamacpp_tokenizer_agreement': round(_llamacpp_tokenizer_agreement(gguf_dir/'smollm2-q4_1.gguf', tok, texts), 3),
                 'deploy.llamacpp_b1_tokens_per_s': round(b1, 2), 'deploy.w4_vs_llamacpp_ratio': round(q / b1, 3),
                 'deploy.c16_vs_llamacpp_b1_ratio': round(c16 / b1, 3)}
    return llama | {'deploy.hf_b1_tokens_per_s': round(hf, 2), 'deploy.b1_tokens_per_s': round(ours, 2), 'deploy.b1_vs_hf_ratio': round(ours / hf, 3),
            'deploy.b1_ceiling_tokens_per_s': round(ceil, 2), 'deploy.b1_ceiling_fraction': round(ours / ceil, 3),
            'deploy.w4_b1_tokens_per_s': round(q, 2), 'deploy.w4_vs_fp32_b1_ratio': round(q / ours, 3),
            'deploy.c16_tokens_per_s': round(c16, 2), 'deploy.c16_fp32_tokens_per_s': round(c16_fp32, 2),
            'deploy.ttft_ms': round(1000 * statistics.median(r.t_first - r.t_submit for r in reqs), 1)}


def bench_deploy_quality(args) -> dict:
    "W4 (AWQ), W8 and KV int8 against fp32: memory ratio and perplexity increase on held-out text (SmolLM2, and the course's pretrained InternLM2)."
    from internlm_course.core import run_stages, runs_dir
    from internlm_course.quantize import heldout_texts, quality_table
    torch.set_num_threads(2)
    by = {r['variant'].split()[0]: r for r in quality_table(NAME, heldout_texts(40))}
    # SmolLM2 ships as q4_1, so its weights sit on the very grid W4 fits; the course's own pretrained InternLM2 was trained in fp32
    run_stages('cpu', ['pretrain'], run='bench')
    course = {r['variant'].split()[0]: r for r in quality_table(str(runs_dir()/'bench'/'pretrain'/'model'), heldout_texts(40))}
    return {'deploy.w4_mem_ratio': by['W4']['memory_ratio'], 'deploy.w4_ppl_increase': by['W4']['ppl_increase'],
            'deploy.w4_ppl_increase_course_model': course['W4']['ppl_increase'], 'deploy.w8_ppl_increase_course_model': course['W8']['ppl_increase'],
            'deploy.w8_mem_ratio': by['W8']['memory_ratio'], 'deploy.w8_ppl_increase': by['W8']['ppl_increase'],
            'deploy.kv8_mem_ratio': by['KV']['memory_ratio'], 'deploy.kv8_ppl_increase': by['KV']['ppl_increase']}


def bench_deploy_load(args) -> dict:
    "200 requests, 16 concurrent, one in four bad, against the OpenAI-compatible server on loopback: errors on good ones, latency, throughput."
    import httpx
    import openai
    from internlm_course.engine import Engine
    from internlm_course.model_zoo import load_model, load_tokenizer
    from internlm_course.serve import make_app, serve_in_thread
    torch.set_num_threads(2)
    engine = Engine(load_model(NAME), load_tokenizer(NAME), max_batch=16).start()
    server, url = serve_in_thread(make_app(engine, NAME, timeout_s=600))
    client = openai.OpenAI(base_url=url, api_key='none', max_retries=0, timeout=600)
    def one(i):
        t0 = time.perf_counter()
        try:
            if i % 4 == 3:
                r = httpx.post(url + '/completions', content=json.dumps({'model': NAME, 'prompt': 'x', 'max_tokens': 'lots'}), headers={'content-type': 'application/json'}, timeout=600)
                return 'bad', r.status_code == 400, 0.0, 0
            r = client.chat.completions.create(model=NAME, messages=[{'role': 'user', 'content': f'Name something blue ({i}).'}], max_tokens=16, temperature=0)
            return 'good', True, time.perf_counter() - t0, r.usage.completion_tokens
        except Exception:
            return ('bad' if i % 4 == 3 else 'good'), False, time.perf_counter() - t0, 0
    t0 = time.perf_counter()
    with ThreadPoolExecutor(16) as pool: res = list(pool.map(one, range(200)))
    wall = time.perf_counter() - t0
    server.should_exit = True; engine.close()
    lat = sorted(l for k, ok, l, _ in res if k == 'good' and ok)
    return {'deploy.load_good_errors': sum(1 for k, ok, _, _ in res if k == 'good' and not ok),
            'deploy.load_bad_wrong_status': sum(1 for k, ok, _, _ in res if k == 'bad' and not ok),
            'deploy.load_p50_s': round(lat[len(lat) // 2], 2), 'deploy.load_p95_s': round(lat[int(len(lat) * 0.95)], 2),
            'deploy.load_requests_per_s': round(200 / wall, 2), 'deploy.load_tokens_per_s': round(sum(n for *_, n in res) / wall, 2)}


BENCHMARKS = {'deploy_speed': bench_deploy_speed, 'deploy_quality': bench_deploy_quality, 'deploy_load': bench_deploy_load}
