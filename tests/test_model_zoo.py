"""The zoo loader on local folders, and the hub policy (no download is ever attempted here)."""
import pytest

from internlm_course import core, model_zoo


def test_load_model_from_local_folder_and_hub_policy(home, monkeypatch):
    folder = model_zoo.model_path('smollm2-135m-instruct')
    model = model_zoo.load_model(str(folder))
    assert model.config.model_type == 'llama' and not model.training
    with pytest.raises(core.CourseError, match='allow_hub=True'):
        model_zoo.model_path('internlm/internlm2_5-7b-chat')
    monkeypatch.setenv('INTERNLM_COURSE_ALLOW_HUB', '1')
    assert model_zoo.model_path('internlm/internlm2_5-7b-chat') == 'internlm/internlm2_5-7b-chat'
    with pytest.raises(core.CourseError, match='has no config.json'):
        model_zoo.model_path(str(home))


def test_smollm2_tokenizer_matches_the_official_release(home):
    "No BOS in front of plain text; a turn (and generation) ends with <|im_end|>, which is also the padding."
    tok = model_zoo.load_tokenizer('smollm2-135m-instruct')
    assert tok('Hello world').input_ids == tok.convert_tokens_to_ids(['Hello', 'Ġworld'])
    assert tok.eos_token == tok.pad_token == '<|im_end|>'
    chat = tok.apply_chat_template([{'role': 'user', 'content': 'Hi'}], tokenize=False, add_generation_prompt=True)
    assert chat.endswith('<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n')


def test_a_cache_from_an_older_materializer_is_rebuilt(home, tmp_path, monkeypatch):
    calls = []
    def materialize(dest): calls.append(dest); (dest/'config.json').write_text('{}')
    model_zoo.register_model('toy-zoo', 'x/y', materialize, version='1')
    monkeypatch.setenv('INTERNLM_COURSE_CACHE', str(tmp_path))
    try:
        model_zoo.model_path('toy-zoo'); model_zoo.model_path('toy-zoo')
        assert len(calls) == 1
        model_zoo.register_model('toy-zoo', 'x/y', materialize, version='2')
        model_zoo.model_path('toy-zoo')
        assert len(calls) == 2 and (tmp_path/'models'/'toy-zoo'/'zoo-version.txt').read_text() == '2'
    finally:
        del model_zoo.MODEL_ZOO['toy-zoo']
