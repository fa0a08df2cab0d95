"""The engine against transformers' generate: greedy parity (alone, batched, joining mid-flight), on SmolLM2 and the course's InternLM2."""
import threading

import pytest
import torch

from internlm_course.core import CourseError
from internlm_course.engine import Engine, Pipeline, SamplingParams, encode_prompt
from internlm_course.model import InternLM2ForCausalLM, internlm2_config
from internlm_course.model_zoo import load_model, load_tokenizer

QS = ['What is the capital of France?', 'Name three fruits.', 'Write a haiku about rain.', 'What is 7 times 6?']


@pytest.fixture(scope='module')
def smol():
    torch.set_num_threads(2)
    return load_model('smollm2-135m-instruct'), load_tokenizer('smollm2-135m-instruct')


@pytest.fixture(scope='module')
def intern(smol):
    torch.manual_seed(0)
    return InternLM2ForCausalLM(internlm2_config('internlm2-tiny', vocab_size=len(smol[1]), num_hidden_layers=2)).eval()


def hf_greedy(model, tok, ids, n):
    x = torch.tensor([ids])
    with torch.inference_mode():
        out = model.generate(x, attention_mask=torch.ones_like(x), max_new_tokens=n, do_sample=False, pad_token_id=tok.eos_token_id)
    return [t for t in out[0, len(ids):].tolist() if t != tok.eos_token_id]


@pytest.mark.parametrize('which', ['smol', 'intern'])
def test_greedy_equals_hf_generate_alone_and_in_a_continuous_batch(smol, intern, which):
    model = smol[0] if which == 'smol' else intern
    tok = smol[1]
    prompts = [encode_prompt(tok, [{'role': 'user', 'content': q}]) for q in QS]
    ref = [hf_greedy(model, tok, p, 12) for p in prompts]
    eng = Engine(model, tok, max_batch=4)
    reqs = [eng.submit(prompts[0], SamplingParams(max_new_tokens=12))]
    for _ in range(4): eng.step()                       # the first request is mid-flight when the others join
    reqs += [eng.submit(p, SamplingParams(max_new_tokens=12)) for p in prompts[1:]]
    eng.step()
    assert len(eng.running) == 4, 'new requests did not join the running batch'
    assert eng.stats['shared_prefix_tokens'] > 0, 'the joiners share the chat template head: it should run once'
    eng.run_until_done()
    for r, want in zip(reqs, ref): assert r.out_ids[:8] == want[:8]
    assert eng.cache is None and not eng.running


def test_sampling_is_reproducible_with_a_seed_and_varies_without(smol):
    pipe = Pipeline(*smol)
    a = pipe(['Tell me a story.'] * 2, SamplingParams(max_new_tokens=8, temperature=1.0, top_p=0.95, top_k=50, seed=3))
    b = pipe('Tell me a story.', SamplingParams(max_new_tokens=8, temperature=1.0, top_p=0.95, top_k=50, seed=3))
    assert a[0].text == a[1].text == b.text
    seeds = {pipe('Tell me a story.', SamplingParams(max_new_tokens=8, temperature=1.2, seed=s)).text for s in range(3)}
    assert len(seeds) > 1


def test_stop_strings_cut_the_reply_and_streaming_matches(smol):
    model, tok = smol
    eng = Engine(model, tok).start()
    try:
        free = eng.submit(tok.encode('1, 2, 3, 4, 5,'), SamplingParams(max_new_tokens=12))
        ''.join(free.pieces(timeout=60))
        stop = free.text.strip()[:3]
        r = eng.submit(tok.encode('1, 2, 3, 4, 5,'), SamplingParams(max_new_tokens=12, stop=(stop,)))
        pieces = list(r.pieces(timeout=60))
        assert r.finish_reason == 'stop' and stop not in r.text and ''.join(pieces) == r.text
        assert free.text.startswith(r.text)
    finally: eng.close()


def test_cancel_frees_the_slot_and_concurrent_submits_are_safe(smol):
    model, tok = smol
    eng = Engine(model, tok, max_batch=8).start()
    try:
        long = eng.submit(tok.encode('Once upon a time'), SamplingParams(max_new_tokens=200))
        next(long.pieces(timeout=60))
        long.cancel()
        assert long.done.wait(30) and long.finish_reason == 'cancelled'
        out = []
        ts = [threading.Thread(target=lambda: out.append(Pipeline.__call__(pipe, 'Hi', max_new_tokens=4))) for _ in range(6)]
        pipe = Pipeline(model, tok); pipe.engine = eng
        for t in ts: t.start()
        for t in ts: t.join(60)
        assert len(out) == 6 and len({o.text for o in out}) == 1
        assert eng.stats['max_running'] >= 2
    finally: eng.close()
    assert not eng.running


def test_bad_requests_raise_course_errors(smol):
    eng = Engine(*smol)
    with pytest.raises(CourseError, match='exceeds the context'): eng.submit([1, 2], SamplingParams(max_new_tokens=10**6))
    with pytest.raises(CourseError, match='empty'): eng.submit([])
    with pytest.raises(CourseError, match='temperature'): SamplingParams(temperature=-1)
