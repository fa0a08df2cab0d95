"""Shared fixtures: every test gets its own course home; the converted models are shared."""
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def home(tmp_path, monkeypatch):
    "A scratch INTERNLM_COURSE_HOME, with the checkout's model cache so models convert once per machine."
    monkeypatch.setenv('INTERNLM_COURSE_CACHE', os.environ.get('INTERNLM_COURSE_CACHE', str(ROOT/'.cache')))
    monkeypatch.setenv('INTERNLM_COURSE_HOME', str(tmp_path))
    monkeypatch.setenv('INTERNLM_COURSE_QUIET', '1')
    return tmp_path
