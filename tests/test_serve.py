"""The OpenAI-compatible server on loopback: the official client, a mixed concurrent load, faults, schema fuzzing, the CLI."""
import json
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import openai
import pytest
import torch
from hypothesis import HealthCheck, given, settings

from internlm_course.engine import Engine
from internlm_course.model import InternLM2ForCausalLM, internlm2_config
from internlm_course.model_zoo import load_model, load_tokenizer
from internlm_course.serve import make_app, serve_in_thread

NAME, KEY = 'smollm2-135m-instruct', 'test-key'
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope='module')
def served():
    torch.set_num_threads(2)
    engine = Engine(load_model(NAME), load_tokenizer(NAME), max_batch=16).start()
    server, url = serve_in_thread(make_app(engine, NAME, api_key=KEY, max_body=64 * 1024, timeout_s=600))
    yield engine, url
    server.should_exit = True
    engine.close()


def client(url): return openai.OpenAI(base_url=url, api_key=KEY, max_retries=0, timeout=600)


def test_openai_client_completions_chat_and_streaming(served):
    engine, url = served
    c = client(url)
    assert [m.id for m in c.models.list()] == [NAME]
    r = c.completions.create(model=NAME, prompt='The capital of France is', max_tokens=6, temperature=0)
    assert r.choices[0].text and r.usage.completion_tokens <= 6
    msgs = [{'role': 'user', 'content': 'Say hello.'}]
    full = c.chat.completions.create(model=NAME, messages=msgs, max_tokens=8, temperature=0).choices[0].message.content
    streamed = ''.join(ch.choices[0].delta.content or '' for ch in c.chat.completions.create(model=NAME, messages=msgs, max_tokens=8, temperature=0, stream=True))
    assert full and streamed == full


BAD = [('/chat/completions', '{"model": oops', 400), ('/chat/completions', json.dumps({'model': NAME, 'messages': []}), 400),
       ('/completions', json.dumps({'model': 'nope', 'prompt': 'hi'}), 404),
       ('/completions', json.dumps({'model': NAME, 'prompt': 'hi', 'max_tokens': 10**7}), 400),
       ('/completions', json.dumps({'model': NAME, 'prompt': 'hi', 'max_tokens': 'many'}), 400),
       ('/chat/completions', json.dumps({'model': NAME, 'messages': [{'role': 'robot', 'content': 'x'}]}), 400),
       ('/completions', json.dumps({'model': NAME, 'prompt': 'x' * 100_000}), 413)]


def test_mixed_concurrent_load_has_no_errors_on_good_requests(served):
    "24 requests, 16 at a time, one in three bad: every good one succeeds, every bad one gets its 4xx JSON error."
    engine, url = served
    c = client(url)
    def good(i):
        t0 = time.perf_counter()
        r = c.chat.completions.create(model=NAME, messages=[{'role': 'user', 'content': f'Give me a number near {i}.'}], max_tokens=4, temperature=0)
        return r.choices[0].message.content is not None, time.perf_counter() - t0
    def bad(i):
        path, body, status = BAD[i % len(BAD)]
        r = httpx.post(url + path, content=body, headers={'Authorization': f'Bearer {KEY}', 'content-type': 'application/json'}, timeout=600)
        return r.status_code == status and 'message' in r.json()['error'], 0.0
    with ThreadPoolExecutor(16) as pool: res = list(pool.map(lambda i: (bad if i % 3 == 2 else good)(i), range(24)))
    assert all(ok for ok, _ in res)
    assert engine.stats['max_running'] >= 4   # they really were batched together


def test_api_key_disconnect_and_timeout(served):
    engine, url = served
    assert httpx.get(url + '/models').status_code == 401
    assert httpx.get(url + '/models', headers={'Authorization': 'Bearer wrong'}).json()['error']['type'] == 'authentication_error'
    body = {'model': NAME, 'prompt': 'Once upon a time', 'max_tokens': 400, 'stream': True}
    with httpx.stream('POST', url + '/completions', json=body, headers={'Authorization': f'Bearer {KEY}'}, timeout=60) as r:
        for line in r.iter_lines():
            if line.startswith('data:') and '"text": "' in line: break
    deadline = time.time() + 20                    # the client left after one token: its row must leave the batch
    while engine.running and time.time() < deadline: time.sleep(0.1)
    assert not engine.running


def test_request_timeout_gives_504():
    torch.set_num_threads(2)
    engine = Engine(load_model(NAME), load_tokenizer(NAME)).start()
    server, url = serve_in_thread(make_app(engine, NAME, timeout_s=0.5))
    try:
        r = httpx.post(url + '/completions', json={'model': NAME, 'prompt': 'Once upon a time', 'max_tokens': 500}, timeout=60)
        assert r.status_code == 504 and r.json()['error']['type'] == 'timeout'
        time.sleep(1)
        assert not engine.running
    finally:
        server.should_exit = True; engine.close()


def test_schemathesis_fuzz_never_gets_a_server_error():
    "Fuzz every operation of the published OpenAPI schema (a tiny random InternLM2 with a 64-token context keeps it fast)."
    import schemathesis
    from schemathesis.checks import not_a_server_error
    tok = load_tokenizer(NAME)
    torch.manual_seed(0)
    model = InternLM2ForCausalLM(internlm2_config('internlm2-tiny', vocab_size=len(tok), num_hidden_layers=1, max_position_embeddings=64)).eval()
    engine = Engine(model, tok).start()
    app = make_app(engine, 'tiny', timeout_s=10)
    schema = schemathesis.openapi.from_asgi('/openapi.json', app)
    try:
        for op in schema.get_all_operations():
            op = op.ok()
            @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
            @given(case=op.as_strategy())
            def fuzz(case):
                case.call_and_validate(checks=[not_a_server_error])
            fuzz()
    finally: engine.close()


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


def test_cli_serve_binds_loopback_and_enforces_the_key():
    port = free_port()
    env = os.environ | {'PYTHONPATH': str(ROOT), 'INTERNLM_COURSE_QUIET': '1'}
    p = subprocess.Popen([sys.executable, '-c', 'import sys; from internlm_course.cli import main; sys.exit(main())', 'serve', NAME, '--port', str(port), '--api-key', 'k'],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline, r = time.time() + 90, None
        while time.time() < deadline:
            try: r = httpx.get(f'http://127.0.0.1:{port}/v1/models', headers={'Authorization': 'Bearer k'}); break
            except httpx.ConnectError: time.sleep(0.5)
        assert r is not None and r.json()['data'][0]['id'] == NAME
        assert httpx.get(f'http://127.0.0.1:{port}/v1/models').status_code == 401
        listening = subprocess.run(['ss', '-ltn'], capture_output=True, text=True).stdout
        assert f'127.0.0.1:{port}' in listening and f'0.0.0.0:{port}' not in listening
    finally:
        p.terminate(); p.wait(10)


def test_the_course_server_is_a_judge_endpoint(served):
    "The evaluation stage's pairwise judging through the deployed server: the same model and prompt as the in-process judge give its verdicts."
    from internlm_course.scorecard import EndpointJudge, LocalJudge, pairwise
    engine, url = served
    prompts = [{'prompt': 'What is the capital of France?', 'lang': 'en'}, {'prompt': '一年有几个月？', 'lang': 'zh'}]
    first, second = ['Paris is the capital of France.', '一年有十二个月。'], ['I like turtles.', '月亮是圆的。']
    remote = EndpointJudge(url, NAME, api_key=KEY)
    r = pairwise(remote, prompts, first, second)
    assert r['n'] == 2 and r['judge'] == f'{NAME}@{url}' and 0 <= r['win_rate'] <= 1
    local = LocalJudge(NAME, engine.model, engine.tok)
    pairs = [(p['prompt'], a, b, p['lang']) for p, x, y in zip(prompts, first, second) for a, b in ((x, y), (y, x))]
    assert [remote(*q) for q in pairs] == [local(*q) for q in pairs]
