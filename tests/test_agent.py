"""Agents: tools, the strict protocol against Lagent's, malformed calls never run, step limits, the course's models
in-process, and Lagent's GPTAPI against an OpenAI-compatible server on 127.0.0.1."""
import json
import socket
import threading
import time
import uuid
from pathlib import Path

import pytest
import torch

from internlm_course import agent as A
from internlm_course.core import CourseError

CALL = 'I need the calculator.<|action_start|><|plugin|>\n{"name": "CourseCalculator", "parameters": {"expression": "39 * 62"}}<|action_end|>'
DOCS = {'zero': 'ZeRO has 3 stages.', 'uid': 'The sandbox runs code as uid 65534.', 'mfu': 'MFU is model FLOPs utilization.'}


def test_run_sandboxed_is_the_sandbox_entry_point():
    from internlm_course import sandbox
    assert A.run_sandboxed is sandbox.run_sandboxed
    r = A.run_sandboxed('print(1 + 1)', timeout_s=5, memory_mb=256)
    assert set(r) == {'stdout', 'stderr', 'error', 'seconds'} and r['stdout'].strip() == '2'


@pytest.mark.parametrize('expr, value', [('(24 + 28) * 9', 468), ('2 ** 10 - 1', 1023), ('7 / 2', 3.5), ('-3 * -3', 9)])
def test_calculator(expr, value):
    assert A.safe_eval(expr) == value
    assert json.loads(A.CourseCalculator()({'expression': expr}).format_result()) == {'result': value}


@pytest.mark.parametrize('expr', ['__import__("os").system("true")', 'x + 1', '9 ** 9 ** 9', 'open("f")', '1 +'])
def test_calculator_refuses_anything_but_arithmetic(expr):
    with pytest.raises(CourseError): A.safe_eval(expr)
    assert A.CourseCalculator()({'expression': expr}).errmsg


def test_interpreter_runs_in_the_sandbox_and_reports_errors():
    tool = A.CourseInterpreter(timeout_s=3)
    assert tool({'command': 'import os; print(os.getuid() if os.geteuid() else "root")'}).format_result() in ('65534', 'root')
    for code, error in [('1/0', 'ZeroDivisionError'), ('while True: pass', 'timed out'), ('print(open("/etc/passwd").read())', 'Error')]:
        r = tool({'command': code})
        assert r.state != 0 and error in r.errmsg, (code, r)


def test_doc_search_finds_the_passage():
    search = A.CourseDocSearch(DOCS)
    assert 'uid 65534' in search({'query': 'which user id runs the code'}).format_result()
    assert 'ZeRO' in A.CourseDocSearch()({'query': 'how many ZeRO stages are there'}).format_result()


def test_tool_classes_can_be_defined_twice():
    "The docs build executes exported cells again: redefining a tool must not raise Lagent's RegistryKeyError."
    import importlib
    import internlm_course.agent as mod
    importlib.reload(mod)
    importlib.reload(mod)
    from lagent.actions import BaseAction, tool_api
    for _ in range(2):
        mod.forget_tool('CourseTwice')
        class CourseTwice(BaseAction):
            """A tool defined twice."""
            @tool_api
            def run(self, x: int) -> dict:
                """Echo.

                Args:
                    x (int): a number
                """
                return {'x': x}
    assert CourseTwice()({'x': 3}).format_result() == '{"x": 3}'


WELL_FORMED = [CALL, 'Count.<|action_start|><|interpreter|>\nprint(sum(range(10)))<|action_end|>', 'The answer is 4.',
               'Search.<|action_start|><|plugin|>\n{"name": "CourseDocSearch", "parameters": {"query": "ZeRO"}}<|action_end|>\n',
               CALL + '<|im_end|>']
MALFORMED = [CALL.replace('"parameters"', 'parameters'), CALL.removesuffix('<|action_end|>'), CALL.replace('<|action_start|>', ''),
             CALL + CALL, CALL + ' and more text', 'x<|action_start|><|interpreter|>\nprint(1<|action_end|>',
             'x<|action_start|><|interpreter|>\n<|action_end|>', 'x<|action_start|>\n{"name": "CourseCalculator"}<|action_end|>',
             'x<|action_start|><|plugin|>\n["CourseCalculator"]<|action_end|>',
             'x<|action_start|><|plugin|>\n{"name": "CourseCalculator", "parameters": "39*62"}<|action_end|>']


@pytest.mark.parametrize('reply', WELL_FORMED)
def test_course_parser_agrees_with_lagent_on_well_formed_calls(reply):
    c = A.compare_parsers(reply)
    assert c['agree'], c


@pytest.mark.parametrize('reply', MALFORMED)
def test_course_parser_rejects_malformed_calls(reply):
    with pytest.raises(CourseError): A.parse_action(reply)


def test_chat_template_renders_what_the_parser_reads():
    from transformers import PreTrainedTokenizerFast
    from internlm_course.tokenizer import CHAT_TEMPLATE, train_tokenizer
    tok = train_tokenizer(['a small corpus for a tiny tokenizer ' * 20] * 20, vocab_size=300, min_frequency=1)
    msgs = [{'role': 'user', 'content': 'What is 39 * 62?'},
            {'role': 'assistant', 'content': 'I need the calculator.', 'tool_calls': [{'function': {'name': 'CourseCalculator', 'arguments': {'expression': '39 * 62'}}}]}]
    text = tok.apply_chat_template(msgs, chat_template=CHAT_TEMPLATE, tokenize=False)
    turn = text.split('<|im_start|>assistant\n')[1]
    a = A.parse_action(turn, {'CourseCalculator': ['expression']})
    assert (a['kind'], a['name'], a['parameters']) == ('plugin', 'CourseCalculator', {'expression': '39 * 62'})
    assert A.compare_parsers(turn)['agree']


def test_malformed_calls_go_back_to_the_model_and_never_run(tmp_path):
    marker = f'ran-{uuid.uuid4().hex}'
    bad_code = f'x<|action_start|><|interpreter|>\nprint("{marker}")\nif True print(1)<|action_end|>'
    bad_plugin = f'y<|action_start|><|plugin|>\n{{"name": "CourseInterpreter", "parameters": {{"command": "print(\'{marker}\')"}}}}<|action_end|>'
    script = A.ScriptedLLM([bad_code, bad_plugin, 'I give up.'])
    ret = A.internlm2_agent(script, max_turn=4, docs=DOCS).chat('Say something.')
    assert [a.type for a in ret.actions] == ['InvalidAction', 'InvalidAction']
    assert all(marker not in (a.format_result() or '') for a in ret.actions)
    envs = [s['content'] for s in ret.inner_steps if s['role'] == 'environment']
    assert 'does not compile' in envs[0] and 'unknown tool' in envs[1]
    assert 'malformed' in script.prompts[1][-1]['content'] and ret.response == 'I give up.'


def test_agent_loop_has_a_step_limit_and_tool_errors_return():
    script = A.ScriptedLLM(['again<|action_start|><|interpreter|>\n1/0<|action_end|>'] * 50)
    t0 = time.perf_counter()
    ret = A.internlm2_agent(script, max_turn=3, docs=DOCS).chat('Loop forever.')
    assert len(ret.actions) == 3 and len(script.prompts) == 3 and time.perf_counter() - t0 < 30
    assert all('ZeroDivisionError' in a.errmsg for a in ret.actions)
    react = A.react_agent(A.ScriptedLLM(['Thought: x\nAction: CourseCalculator\nAction Input: {"expression": "1/0"}\n'] * 50), max_turn=2, docs=DOCS)
    r = react.chat('Loop forever.')
    assert len(r.actions) == 2 and 'division' in r.actions[0].errmsg


def test_react_agent_with_a_scripted_model_scores_success():
    llm = A.ScriptedLLM(['Thought: calculator\nAction: CourseCalculator\nAction Input: {"expression": "39 * 62 - 8"}\n',
                         'Thought: done\nFinal Answer: 2410'])
    task = {'id': 't', 'question': 'Take 39 times 62, then subtract 8.', 'tool': 'CourseCalculator', 'answer': '2410'}
    res = A.evaluate_agent(A.react_agent(llm, docs=DOCS), [task])
    assert (res['task_success'], res['valid_call_rate'], res['right_tool_rate']) == (1.0, 1.0, 1.0)


def test_tool_sft_chats_come_from_the_real_loop():
    tasks = A.load_tasks('train', 6)
    chats = A.tool_sft_chats(tasks)
    assert len(chats) == 6
    for t, c in zip(tasks, chats):
        roles = [m['role'] for m in c['messages']]
        assert roles[:3] == ['system', 'system name=<|interpreter|>', 'system name=<|plugin|>'] and roles[3] == 'user'
        assert roles[4] == 'assistant' and roles[5].startswith('environment name=') and roles[6] == 'assistant'
        assert A.parse_action(c['messages'][4]['content'])['kind'] in ('plugin', 'interpreter')
        assert c['messages'][6]['content'] == f"The answer is {t['answer']}."
    held_out = {t['question'] for split in A.HELD_OUT_SPLITS for t in A.load_tasks(split)}
    assert not held_out & {t['question'] for t in A.load_tasks('train')}


def test_no_training_question_has_a_held_out_wording():
    "The generator drops grammar output that a held-out template could have produced (any numbers): the held-out wordings stay unseen."
    import importlib.util
    from internlm_course.core import data_samples
    spec = importlib.util.spec_from_file_location('make_agent_sets', data_samples()/'agent'/'make_agent_sets.py')
    gen = importlib.util.module_from_spec(spec); spec.loader.exec_module(gen)
    assert gen.held_out_pattern('Add {a} and {b}, and multiply the sum by {c}.').fullmatch('add 1 and 22, and multiply the sum by 3.')
    train = [t['question'] for t in A.load_tasks('train')]
    assert not [q for q in train if any(p.fullmatch(q) for p in gen.HELD_OUT)]


def test_held_out_tasks_are_answerable_with_their_tool():
    "Each held-out task's gold call, run through the real tools, yields its answer (the lookups: the passage holds it)."
    for t in (t for split in A.HELD_OUT_SPLITS for t in A.load_tasks(split)):
        [chat] = A.tool_sft_chats([t])
        env = chat['messages'][5]['content']
        assert t['answer'].lower() in env.lower(), (t, env)


def test_course_internlm2_behind_the_internlm2_agent():
    "The course's InternLM2 architecture and tokenizer (tiny, untrained) in-process: special tokens survive decoding, the loop runs."
    from internlm_course import model as M
    from internlm_course.tokenizer import train_tokenizer
    tok = train_tokenizer([f'the course text number {i} about tools and agents' for i in range(200)], vocab_size=400, min_frequency=1)
    torch.manual_seed(0)
    # the agent's tool prompts take ~1,050 of this tiny tokenizer's tokens: the context must hold them (the engine refuses longer prompts)
    model = M.InternLM2ForCausalLM(M.internlm2_config('internlm2-tiny', num_hidden_layers=2, vocab_size=len(tok), max_position_embeddings=4096)).eval()
    llm = A.CourseLLM(model, tok, max_new_tokens=12)
    assert llm.template == tok.chat_template
    with torch.no_grad():
        bias = torch.full((len(tok),), -1e4); bias[tok.convert_tokens_to_ids('<|action_start|>')] = 1e4
        model.output.bias = torch.nn.Parameter(bias)   # force the first token: a tool token the reply must keep
    reply = llm.chat([{'role': 'user', 'content': 'hi'}], max_new_tokens=3)
    assert reply.startswith('<|action_start|>'), reply
    ret = A.internlm2_agent(llm, max_turn=2, docs=DOCS).chat('hi')
    assert len(ret.actions) <= 2 and all(a.type == 'InvalidAction' for a in ret.actions)


def test_concurrent_tasks_share_one_engine_and_change_no_reply():
    "Tasks run in threads have their turns decoded as one batch by the CourseLLM's engine, with the records of one at a time (fp32, greedy)."
    from internlm_course.model_zoo import load_model, load_tokenizer
    llm = A.CourseLLM(load_model('smollm2-135m-instruct'), load_tokenizer('smollm2-135m-instruct'), max_new_tokens=24)
    agent, tasks = A.internlm2_agent(llm, max_turn=2, docs=DOCS), A.load_tasks('test', 3)
    alone = A.evaluate_agent(agent, tasks)
    assert llm.engine.stats['max_running'] == 1
    together = A.evaluate_agent(agent, tasks, concurrent=3)
    assert llm.engine.stats['max_running'] > 1
    records = lambda res: [{k: v for k, v in r.items() if k != 'seconds'} for r in res['records']]
    assert records(together) == records(alone)

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


@pytest.fixture
def openai_server():
    "An OpenAI-compatible endpoint with scripted replies, so the agent's turns are exact (the course's real server: tests/test_serve.py)."
    import uvicorn
    from fastapi import FastAPI
    app, seen = FastAPI(), []
    replies = [CALL, 'The answer is 2418.']

    @app.post('/v1/chat/completions')
    def complete(body: dict):
        seen.append(body)
        content = replies[min(len(seen), len(replies)) - 1]
        return {'id': 'x', 'object': 'chat.completion', 'model': body['model'], 'created': 0,
                'choices': [{'index': 0, 'finish_reason': 'stop', 'message': {'role': 'assistant', 'content': content}}]}

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host='127.0.0.1', port=port, log_level='error'))
    thread = threading.Thread(target=server.run, daemon=True); thread.start()
    for _ in range(100):
        if server.started: break
        time.sleep(0.05)
    yield f'http://127.0.0.1:{port}', seen
    server.should_exit = True; thread.join(5)


def test_gptapi_agent_against_an_openai_compatible_server(openai_server):
    url, seen = openai_server
    ret = A.internlm2_agent(A.api_llm(url), max_turn=3, docs=DOCS).chat('What is 39 * 62?')
    assert ret.response == 'The answer is 2418.' and [a.type for a in ret.actions] == ['CourseCalculator']
    assert json.loads(ret.actions[0].format_result()) == {'result': 2418}
    assert len(seen) == 2 and seen[0]['model'] == 'internlm2'
    assert any('2418' in m['content'] for m in seen[1]['messages'])   # the tool result went back to the server


def test_bad_inputs_name_what_is_wrong():
    with pytest.raises(CourseError, match='http://'): A.api_llm('127.0.0.1:8000')
    with pytest.raises(CourseError, match='split'): A.load_tasks('dev')
    with pytest.raises(CourseError, match='max_turn'): A.AgentConfig(max_turn=0)
    with pytest.raises(CourseError, match='test_limit'): A.AgentConfig(test_limit=-1)
