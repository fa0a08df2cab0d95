"""The tokenizer: special tokens, lossless bilingual round trips, InternLM2's chat format, tool calls and the runner stage."""
from pathlib import Path

import pytest
from transformers import AutoTokenizer

from internlm_course import tokenizer as T
from internlm_course.core import CourseError, read_manifest, read_texts, run_stages, runs_dir

ROOT = Path(__file__).resolve().parents[1]
WEATHER = {'type': 'function', 'function': {'name': 'get_weather', 'description': 'Weather in a city',
           'parameters': {'type': 'object', 'properties': {'city': {'type': 'string'}}}}}


@pytest.fixture(scope='module')
def tok():
    texts = read_texts(ROOT/'data_samples'/'validation.jsonl') + read_texts(ROOT/'data_samples'/'seed_hq.jsonl')
    return T.train_tokenizer(texts, vocab_size=2000)


def test_special_tokens_are_single_ids(tok):
    assert tok.convert_ids_to_tokens(list(range(9))) == T.SPECIAL_TOKENS
    for s in T.SPECIAL_TOKENS: assert tok(s, add_special_tokens=False)['input_ids'] == [T.SPECIAL_TOKENS.index(s)]
    assert tok('hi')['input_ids'][0] == tok.bos_token_id == 1 and tok.eos_token_id == 2


@pytest.mark.parametrize('text', ['Plain English, with digits 12345.', '中文文本，含标点：“引号”。', 'mixed 混合 text\n\tcode()',
                                  'emoji 🙂 and rare 龘 characters', '  leading and trailing spaces  '])
def test_round_trip_is_lossless(tok, text):
    ids = tok(text, add_special_tokens=False)['input_ids']
    assert tok.decode(ids) == text
    assert tok.unk_token_id not in ids


def test_digits_are_split(tok):
    assert [t for t in tok.tokenize('2024') if t.strip()] == ['2', '0', '2', '4']


def test_plain_chat_matches_internlm2_format(tok):
    chat = [{'role': 'system', 'content': 'You are helpful.'}, {'role': 'user', 'content': '你好'}]
    assert tok.apply_chat_template(chat, tokenize=False, add_generation_prompt=True) == (
        '<s><|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\n你好<|im_end|>\n<|im_start|>assistant\n')


def test_tools_without_a_system_prompt_come_first(tok):
    text = tok.apply_chat_template([{'role': 'user', 'content': 'Weather?'}], tools=[WEATHER], tokenize=False)
    head = '<s><|im_start|>system name=<|plugin|>\n[{"name": "get_weather"'
    assert text.startswith(head) and text.endswith('<|im_start|>user\nWeather?<|im_end|>\n')


def test_tool_call_round_trip(tok):
    call = {'role': 'assistant', 'content': 'Checking.', 'tool_calls': [
        {'type': 'function', 'function': {'name': 'get_weather', 'arguments': {'city': '上海'}}}]}
    text = tok.apply_chat_template([call], tokenize=False)
    reply = text.split('<|im_start|>assistant\n', 1)[1]
    assert '<|action_start|><|plugin|>\n{"name": "get_weather", "parameters": {"city": "上海"}}<|action_end|><|im_end|>' in reply
    assert T.parse_tool_calls(reply) == call
    interp = tok.apply_chat_template([{'role': 'tool', 'name': 'interpreter', 'content': 'ok'}], tokenize=False)
    assert '<|im_start|>environment name=<|interpreter|>\nok<|im_end|>' in interp


@pytest.mark.parametrize('reply, message', [
    ('<|action_start|><|plugin|>\n{"name": oops}<|action_end|>', 'not valid JSON'),
    ('<|action_start|><|plugin|>\n["get_weather"]<|action_end|>', 'needs {"name": str'),
    ('<|action_start|><|plugin|>\n{"name": "f", "parameters": [1]}<|action_end|>', 'needs {"name": str'),
])
def test_malformed_tool_calls_raise(reply, message):
    with pytest.raises(CourseError, match=message.replace('{', r'\{')): T.parse_tool_calls(reply)


def test_no_tool_call_is_plain_content():
    assert T.parse_tool_calls('Just text.<|im_end|>') == {'role': 'assistant', 'content': 'Just text.'}


@pytest.mark.parametrize('fields, message', [(dict(vocab_size=100), 'vocab_size must be >= 512'),
                                             (dict(min_frequency=0), 'min_frequency must be >= 1'),
                                             (dict(max_token_length=1), 'max_token_length must be >= 2'),
                                             (dict(compare_with='gpt-5'), "unknown model 'gpt-5'")])
def test_bad_stage_config(fields, message):
    with pytest.raises(CourseError, match=message): T.TokenizerConfig(**fields)


def test_stage_saves_a_loadable_tokenizer(home):
    m = run_stages('cpu', ['tokenizer'], overrides={'tokenizer.vocab_size': 4096})['tokenizer']
    out = runs_dir()/'default'/'tokenizer'
    metrics = m['metrics']
    assert metrics['vocab_size'] <= 4096
    assert metrics['chars_per_token_zh'] > 2 * metrics['chars_per_token_zh_smollm2']
    assert {'chars_per_token_en', 'chars_per_token_en_smollm2'} <= set(metrics)
    saved = AutoTokenizer.from_pretrained(out)
    assert saved.chat_template == T.CHAT_TEMPLATE and saved.convert_ids_to_tokens(4) == '<|im_end|>'
    assert (out/'compression.png').stat().st_size > 1000 and 'tokenizer' in (runs_dir()/'default'/'report.md').read_text()
    assert read_manifest(out)['status'] == 'ok'
