"""Prepared LMDeploy check for a GPU machine (CUDA + the optional `.venv-gpu` with lmdeploy): under 5 minutes.

  .venv-gpu/bin/python tools/gpu_lmdeploy.py [--model DIR] [--out bench/gpu_lmdeploy-<date>.json]

1. `lmdeploy lite auto_awq` on the course's own calibration text (data_samples/calibration.txt, nothing fetched
   from a hub: the text is written as a local dataset and passed with --calib-dataset),
2. pipeline() with the TurboMind engine on the W4 model, with quant_policy=8 (int8 KV cache): batch-1 and
   16-request throughput, time to first token,
3. the OpenAI-compatible api_server answering the official `openai` client.
Writes every figure, with the date, GPU and versions, to a JSON file. Not run in this session (no GPU was lent).
"""
import argparse
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


def run(cmd, timeout):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    return p.returncode, time.perf_counter() - t0, (p.stdout + p.stderr)[-2000:]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--model', default=None, help='HF model folder (default: the course cache copy of SmolLM2-135M-Instruct)')
    ap.add_argument('--out', default=str(ROOT/'bench'/f'gpu_lmdeploy-{dt.date.today().isoformat()}.json'))
    args = ap.parse_args()
    import torch
    import lmdeploy
    from lmdeploy import GenerationConfig, TurbomindEngineConfig, pipeline
    model = args.model or str(Path(os.environ.get('INTERNLM_COURSE_CACHE', ROOT/'.cache'))/'models'/'smollm2-135m-instruct')
    res = {'date': dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds'), 'gpu': torch.cuda.get_device_name(0),
           'lmdeploy': lmdeploy.__version__, 'torch': torch.__version__, 'model': model}
    work = Path(tempfile.mkdtemp())
    calib = work/'calib'; calib.mkdir()
    lines = [l for l in (ROOT/'data_samples'/'calibration.txt').read_text(encoding='utf-8').splitlines() if l.strip()]
    (calib/'train.jsonl').write_text(''.join(json.dumps({'text': l}, ensure_ascii=False) + '\n' for l in lines), encoding='utf-8')
    w4 = work/'w4'
    rc, secs, log = run([shutil.which('lmdeploy') or 'lmdeploy', 'lite', 'auto_awq', model, '--work-dir', str(w4), '--calib-dataset', str(calib),
                         '--calib-samples', str(len(lines)), '--calib-seqlen', '256', '--w-bits', '4', '--w-group-size', '128'], 150)
    res |= {'awq_rc': rc, 'awq_seconds': round(secs, 1), 'awq_log_tail': log[-500:] if rc else ''}
    target = str(w4) if rc == 0 else model
    cfg = TurbomindEngineConfig(model_format='awq' if rc == 0 else 'hf', quant_policy=8, cache_max_entry_count=0.2)
    pipe = pipeline(target, backend_config=cfg)
    gen = GenerationConfig(max_new_tokens=64, do_sample=False, ignore_eos=True)
    pipe(['warm up'], gen_config=gen)
    t0 = time.perf_counter(); r = pipe(['Once upon a time'], gen_config=gen); b1 = r[0].generate_token_len / (time.perf_counter() - t0)
    t0 = time.perf_counter(); rs = pipe([f'Tell me about the number {i}.' for i in range(16)], gen_config=gen)
    res |= {'turbomind_w4_kv8_b1_tokens_per_s': round(b1, 1), 'turbomind_c16_tokens_per_s': round(sum(x.generate_token_len for x in rs) / (time.perf_counter() - t0), 1),
            'sample': r[0].text[:120]}
    del pipe
    port = free_port()
    srv = subprocess.Popen([shutil.which('lmdeploy') or 'lmdeploy', 'serve', 'api_server', target, '--server-port', str(port), '--quant-policy', '8',
                            '--cache-max-entry-count', '0.2'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import openai
        client = openai.OpenAI(base_url=f'http://127.0.0.1:{port}/v1', api_key='none', max_retries=0)
        for _ in range(120):
            try: name = client.models.list().data[0].id; break
            except Exception: time.sleep(1)
        t0 = time.perf_counter()
        st = client.chat.completions.create(model=name, messages=[{'role': 'user', 'content': 'Say hello.'}], max_tokens=16, stream=True)
        first = None
        for ch in st:
            if first is None and ch.choices and ch.choices[0].delta.content: first = time.perf_counter() - t0
        res |= {'api_server_ok': True, 'api_server_ttft_ms': round(1000 * (first or 0), 1)}
    except Exception as e:
        res |= {'api_server_ok': False, 'api_server_error': repr(e)[:300]}
    finally:
        srv.terminate(); srv.wait(30)
    Path(args.out).write_text(json.dumps(res, indent=1, ensure_ascii=False) + '\n')
    print(json.dumps(res, indent=1, ensure_ascii=False))


if __name__ == '__main__':
    sys.exit(main())
