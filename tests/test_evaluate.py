"""The evaluators under bad input, crashes and numerical checks the notebooks only sketch."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from internlm_course import evaluate as E
from internlm_course import scorecard as S
from internlm_course.core import CourseError, data_samples, read_texts
from internlm_course.model import InternLM2ForCausalLM, internlm2_config
from internlm_course.model_zoo import load_model, load_tokenizer

MCQ = E.eval_sets()/'mcq.jsonl'


@pytest.fixture(scope='module')
def smol():
    return load_model('smollm2-135m-instruct'), load_tokenizer('smollm2-135m-instruct')


@pytest.mark.parametrize('row, message', [
    ({'question': 'q', 'A': 'a', 'B': 'b', 'C': 'c', 'answer': 'A'}, "row 2: field 'D' is missing"),
    ({'question': 'q', 'A': 'a', 'B': 'b', 'C': 'c', 'D': 4, 'answer': 'A'}, "row 2: field 'D' is int 4"),
    ({'question': 'q', 'A': 'a', 'B': 'b', 'C': 'c', 'D': 'd', 'answer': 'E'}, "row 2: field 'answer' is 'E'; valid: A, B, C, D"),
])
def test_bad_rows_name_file_row_and_field(tmp_path, row, message):
    path = tmp_path/'bad.jsonl'
    path.write_text(MCQ.read_text(encoding='utf-8').splitlines()[0] + '\n' + json.dumps(row) + '\n', encoding='utf-8')
    with pytest.raises(CourseError, match=message.replace('(', r'\(')) as e: E.load_mcq(path)
    assert str(path) in str(e.value)


def naive(model, tok, text):
    ids = tok(text, return_tensors='pt')['input_ids']
    with torch.no_grad(): logits = model(ids).logits[0, :-1].float()
    return torch.nn.functional.cross_entropy(logits, ids[0, 1:], reduction='sum').item() / ids.shape[1]


def test_shared_prefix_scoring_equals_plain_scoring_on_both_architectures(smol):
    "The KV-cache shortcut against one-text-at-a-time scoring: SmolLM2 (Llama) and a random course InternLM2, ragged batches."
    model, tok = smol
    torch.manual_seed(0)
    intern = InternLM2ForCausalLM(internlm2_config('internlm2-tiny', vocab_size=len(tok), num_hidden_layers=2)).eval()
    rows = E.load_mcq(MCQ)[:5]
    groups = [E.mcq_texts(r, f) for r in rows for f in E.FORMULATIONS]
    for m in (model, intern):
        fast = E.sequence_losses(m, tok, groups)
        slow = np.array([[naive(m, tok, t) for t in g] for g in groups])
        assert np.abs(fast - slow).max() < 1e-4


def test_circular_eval_is_stricter_than_plain_and_cloze_is_rotation_invariant(smol):
    model, tok = smol
    plain = E.evaluate_mcq('smollm2-135m-instruct', MCQ, 'letter', limit=16, model=model, tok=tok)
    circ = E.evaluate_mcq('smollm2-135m-instruct', MCQ, 'letter', circular=True, limit=16, model=model, tok=tok)
    assert circ['accuracy'] <= plain['accuracy'] and circ['items'] == 16
    cloze = E.evaluate_mcq('smollm2-135m-instruct', MCQ, 'cloze', limit=16, model=model, tok=tok)
    cloze_c = E.evaluate_mcq('smollm2-135m-instruct', MCQ, 'cloze', circular=True, limit=16, model=model, tok=tok)
    assert cloze['accuracy'] == cloze_c['accuracy']


def test_one_failing_item_is_recorded_not_fatal(tmp_path):
    def score(chunk):
        if 3 in chunk: raise RuntimeError('item 3 is poisoned')
        return [{'index': i, 'prediction': 'A', 'correct': True} for i in chunk]
    results = E.ResultsFile(tmp_path/'r.jsonl')
    E._run_items(results, list(range(8)), 4, score, 'test')
    results.close()
    assert len(results.done) == 8 and results.done[3]['correct'] is False and 'poisoned' in results.done[3]['error']
    assert all(results.done[i]['correct'] for i in range(8) if i != 3)


def test_an_unparsable_answer_scores_zero_with_its_reason(smol, tmp_path):
    model, tok = smol
    path = tmp_path/'qa.jsonl'
    path.write_text(json.dumps({'question': 'Reply with one word: hello.', 'answer': '3'}) + '\n', encoding='utf-8')
    m = E.evaluate_generation('smollm2-135m-instruct', path, max_new_tokens=3, out=tmp_path/'out.jsonl', model=model, tok=tok)
    rec = json.loads((tmp_path/'out.jsonl').read_text())
    assert m['accuracy'] == 0 and m['unparsable'] == 1 and rec['reason'] == 'no parsable answer'


def run_cli(*args, **kw):
    return subprocess.Popen([str(Path(sys.executable).parent/'internlm-course'), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def test_sigkill_then_resume_loses_nothing(tmp_path):
    "Kill `internlm-course eval` mid-run; the second run redoes only what is missing and matches an uninterrupted run."
    out, full = tmp_path/'r.jsonl', tmp_path/'full.jsonl'
    args = ['eval', 'smollm2-135m-instruct', '--dataset', str(MCQ), '--formulation', 'cloze', '--limit', '48', '--batch', '4']
    p = run_cli(*args, '--out', str(out))
    deadline = time.time() + 300
    while time.time() < deadline and (not out.exists() or len(out.read_text().splitlines()) < 12): time.sleep(0.2)
    os.kill(p.pid, signal.SIGKILL); p.wait()
    done_before = len(out.read_text().splitlines())
    assert 12 <= done_before < 48
    assert run_cli(*args, '--out', str(out)).wait(timeout=600) == 0
    assert run_cli(*args, '--out', str(full)).wait(timeout=600) == 0
    resumed = sorted((json.loads(l) for l in out.read_text().splitlines()), key=lambda r: r['index'])
    assert [r['index'] for r in resumed] == list(range(48))
    assert [r['prediction'] for r in resumed] == [json.loads(l)['prediction'] for l in full.read_text().splitlines()]


def test_eval_command_rejects_bad_input_with_exit_2(tmp_path):
    bad = tmp_path/'bad.jsonl'
    bad.write_text('{"question": "q", "A": "a"}\n')
    p = run_cli('eval', 'smollm2-135m-instruct', '--dataset', str(bad))
    _, err = p.communicate(timeout=300)
    assert p.returncode == 2 and "row 1: field 'B' is missing" in err
    p = run_cli('eval', 'smollm2-135m-instruct', '--dataset', str(MCQ), '--circular', '--backend', 'opencompass')
    assert p.wait(timeout=300) == 2


def test_planted_items_are_all_found_and_clean_ones_never():
    corpus = read_texts(data_samples()/'seed_hq.jsonl') + read_texts(data_samples()/'validation.jsonl')
    for rows in (E.load_mcq(MCQ), E.load_qa(E.eval_sets()/'arithmetic.jsonl')):
        c = S.contamination_check(rows, corpus)
        assert c['recall'] == 1.0 and c['false_positives'] == 0


def test_the_course_sft_data_holds_no_benchmark_item():
    "The sft stage's chats (identity + general) must not teach the evaluation's answers: no item of any set is found there."
    from internlm_course.finetune import SFTRecipe, sft_rows
    chats = [' '.join(m['content'] for m in r['messages']) for r in sft_rows(SFTRecipe())]
    for rows in (E.load_mcq(MCQ), E.load_qa(E.eval_sets()/'arithmetic.jsonl')):
        assert S.contamination_check(rows, chats)['rate'] == 0


def test_endpoint_judge_asks_the_course_server_and_finds_its_model():
    from internlm_course.engine import Engine
    from internlm_course.serve import make_app, serve_in_thread
    name = 'smollm2-135m-instruct'
    engine = Engine(load_model(name), load_tokenizer(name)).start()
    server, url = serve_in_thread(make_app(engine, name))
    try:
        judge = S.EndpointJudge(url)                      # no model given: the one the server lists
        assert judge.model == name and judge.name == f'{name}@{url}'
        assert judge('What is 2 + 2?', '4', '5') in ('A', 'B', 'tie')
        prompts = [{'prompt': 'What is 2 + 2?', 'lang': 'en'}, {'prompt': '中国的首都是哪里？', 'lang': 'zh'}]
        r = S.pairwise(judge, prompts, ['4', '北京'], ['5', '上海'])
        assert r['n'] == 2 and 0 <= r['win_rate'] <= 1 and 0 <= r['first_slot_share'] <= 1 and r['judge'] == judge.name
    finally:
        server.should_exit = True
        engine.close()


def test_pairwise_cancels_a_judge_that_always_picks_the_first_slot():
    class FirstSlot:
        name = 'always A'
        def __call__(self, prompt, a, b, lang='en'): return 'A'
    prompts = [{'prompt': f'p{i}', 'lang': 'en'} for i in range(10)]
    r = S.pairwise(FirstSlot(), prompts, ['x'] * 10, ['y'] * 10)
    assert (r['win_rate'], r['ties'], r['first_slot_share']) == (0.5, 10, 1.0)
    class PrefersY:
        name = 'prefers y'
        def __call__(self, prompt, a, b, lang='en'): return 'A' if a == 'y' else 'B'
    r = S.pairwise(PrefersY(), prompts, ['x'] * 10, ['y'] * 10)
    assert (r['win_rate'], r['ties'], r['first_slot_share'], r['ci95']) == (1.0, 0, 0.5, [1.0, 1.0])


def test_resuming_refuses_another_models_results(smol, tmp_path):
    "A results file is resumed only by the evaluation that wrote it: another model's file is refused, naming what differs."
    model, tok = smol
    out = tmp_path/'r.jsonl'
    E.evaluate_mcq('smollm2-135m-instruct', MCQ, 'cloze', out=out, limit=2, model=model, tok=tok)
    with pytest.raises(CourseError, match="formulation: 'cloze' there, 'letter' now"):
        E.evaluate_mcq('smollm2-135m-instruct', MCQ, 'letter', out=out, limit=2, model=model, tok=tok)
    tiny = tmp_path/'tiny'
    InternLM2ForCausalLM(internlm2_config('internlm2-tiny', vocab_size=len(tok), num_hidden_layers=1)).save_pretrained(tiny)
    tok.save_pretrained(tiny)
    with pytest.raises(CourseError, match='model_hash'): E.evaluate_mcq(str(tiny), MCQ, 'cloze', out=out, limit=2)


class Killed(BaseException):
    "Stands in for SIGKILL inside one process: no `except Exception` catches it."


def test_evaluate_model_resumes_from_its_per_item_files(smol, tmp_path, monkeypatch):
    "Killed during HumanEval, a second call scores no multiple-choice or arithmetic item again and finishes with provenance everywhere."
    cfg = S.EvaluateConfig(models=('smollm2-135m-instruct',), formulations=('cloze',), mcq_limit=4, arithmetic_limit=2, humaneval_limit=2,
                           max_new_tokens=8, judge_pair=())
    real = S.score_humaneval
    def killed(*a, **k): raise Killed()
    monkeypatch.setattr(S, 'score_humaneval', killed)
    with pytest.raises(Killed): S.evaluate_model('smollm2-135m-instruct', 'smollm2-135m-instruct', cfg, tmp_path)
    d = tmp_path/'results'/'smollm2-135m-instruct'
    assert len((d/'mcq-cloze.jsonl').read_text().splitlines()) == 4 and len((d/'arithmetic.jsonl').read_text().splitlines()) == 2
    calls = []
    monkeypatch.setattr(S, 'score_humaneval', real)
    monkeypatch.setattr(E, 'predict_mcq', lambda *a, **k: calls.append('mcq'))
    monkeypatch.setattr(E, 'generate', lambda *a, **k: calls.append('generate'))
    res = S.evaluate_model('smollm2-135m-instruct', 'smollm2-135m-instruct', cfg, tmp_path)
    assert 'mcq' not in calls and calls.count('generate') == 0
    assert set(res) == {'mcq_cloze', 'arithmetic', 'humaneval'} and res['humaneval']['items'] == 2
    for name, r in res.items(): assert {'backend', 'dtype', 'seed', 'dataset_hash', 'model_hash', 'template'} <= set(r), (name, r)
