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
