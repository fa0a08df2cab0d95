"""Faults the notebook does not show: a stage killed mid-write, failures before and after a good run, loading by path."""
import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from internlm_course import core


STAGE_SCRIPT = textwrap.dedent('''
    import os, sys, time
    from dataclasses import dataclass
    from internlm_course.core import register_stage, run_stages

    @dataclass(frozen=True)
    class Cfg:
        text: str = 'good'

    @register_stage('writer', lambda p: Cfg())
    def writer(cfg, profile, inputs, out):
        "Write a file slowly, so the test can kill it half-way."
        with open(out/'weights.bin', 'w') as f:
            f.write(cfg.text); f.flush()
            if cfg.text == 'slow':
                print('half-written', flush=True); time.sleep(60)
        return {'chars': len(cfg.text)}

    run_stages(stages=['writer'], overrides={'writer.text': sys.argv[1]})
''')


def run_writer(home, text, **kw):
    script = home/'writer.py'
    script.write_text(STAGE_SCRIPT)
    return subprocess.Popen([sys.executable, str(script), text], stdout=subprocess.PIPE, text=True, cwd=home, **kw)


def test_sigkill_mid_stage_keeps_previous_artifacts(home):
    assert run_writer(home, 'good').wait(timeout=120) == 0
    stage_dir = home/'runs'/'default'/'writer'
    before = core.read_manifest(stage_dir)

    p = run_writer(home, 'slow')
    assert p.stdout.readline().strip() == 'half-written'
    os.kill(p.pid, signal.SIGKILL); p.wait()

    assert (stage_dir/'weights.bin').read_text() == 'good'
    assert core.read_manifest(stage_dir) == before
    assert run_writer(home, 'again').wait(timeout=120) == 0
    assert (stage_dir/'weights.bin').read_text() == 'again'


def test_first_run_failure_is_recorded(home):
    @core.register_stage('broken', lambda p: core.ModelsConfig())
    def broken(cfg, profile, inputs, out):
        "Always fails."
        raise OSError('disk full')
    try:
        with pytest.raises(core.StageFailed, match='disk full'):
            core.run_stages(stages=['broken'])
        m = json.loads((home/'runs'/'default'/'broken'/'manifest.json').read_text())
        assert m['status'] == 'failed' and 'OSError: disk full' in m['error']
        assert 'Last attempt failed' in (home/'runs'/'default'/'report.md').read_text()
    finally:
        del core.STAGES['broken']


def test_load_model_from_local_folder_and_hub_policy(home, monkeypatch):
    folder = core.model_path('smollm2-135m-instruct')
    model = core.load_model(str(folder))
    assert model.config.model_type == 'llama' and not model.training
    with pytest.raises(core.CourseError, match='allow_hub=True'):
        core.model_path('internlm/internlm2_5-7b-chat')
    monkeypatch.setenv('INTERNLM_COURSE_ALLOW_HUB', '1')
    assert core.model_path('internlm/internlm2_5-7b-chat') == 'internlm/internlm2_5-7b-chat'
    with pytest.raises(core.CourseError, match='has no config.json'):
        core.model_path(str(home))


def test_profiles_apply_overrides_and_refuse_cuda_without_it():
    p = core.get_profile('gpu-8gb', seed='7')
    assert (p.seed, p.dtype) == (7, 'bfloat16')
    import torch
    if not torch.cuda.is_available():
        with pytest.raises(core.CourseError, match='needs CUDA'):
            core.torch_setup(p)
