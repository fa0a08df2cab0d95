"""Faults the notebook does not show: a stage killed mid-write, failures before and after a good run; the cache key against code edits."""
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

import internlm_course
from internlm_course import core

LIB = Path(internlm_course.__file__).parent
ROOT = LIB.parent


@dataclass(frozen=True)
class Empty:
    pass


STAGE_SCRIPT = textwrap.dedent('''
    import os, sys, time
    from dataclasses import dataclass
    from internlm_course.core import register_stage, run_stages

    @dataclass(frozen=True)
    class Cfg:
        text: str = 'good'

    @register_stage('writer', lambda p: Cfg())
    def writer(cfg, profile, inputs, out):
        "Write a file slowly, so the test can kill it half-way (or pause, so a second process asks meanwhile); log each run."
        with open('runs.log', 'a') as log: log.write(cfg.text + '\\n')
        if cfg.text == 'pause': time.sleep(5)
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


def test_two_processes_asking_for_one_stage_run_it_once(home):
    procs = [run_writer(home, 'pause', stderr=subprocess.PIPE) for _ in range(2)]   # both start at once; the stage pauses 5 s
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert (home/'runs.log').read_text() == 'pause\n'                              # one ran it; the other waited, then read its result
    assert sum('waiting for another process' in p.stderr.read() for p in procs) == 1
    assert (home/'runs'/'default'/'writer'/'weights.bin').read_text() == 'pause'


def test_first_run_failure_is_recorded(home):
    @core.register_stage('broken', lambda p: Empty())
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


def test_profiles_apply_overrides_and_refuse_cuda_without_it():
    p = core.get_profile('gpu-8gb', seed='7')
    assert (p.seed, p.dtype) == (7, 'bfloat16')
    import torch
    if not torch.cuda.is_available():
        with pytest.raises(core.CourseError, match='needs CUDA'):
            core.torch_setup(p)


def test_core_imports_no_course_module_and_the_graph_has_no_circle():
    graph = {p.stem: core.course_imports(p) for p in LIB.glob('*.py') if not p.stem.startswith('_')}
    assert graph['core'] == set()
    from graphlib import TopologicalSorter
    order = list(TopologicalSorter(graph).static_order())   # raises CycleError on a circle
    assert order.index('core') < order.index('model') < order.index('pretrain')


def test_cache_key_follows_edits_to_lower_modules(tmp_path):
    "A copy of the library: editing model.py changes pretrain's code hash; editing an unrelated module does not."
    lib = tmp_path/'internlm_course'
    shutil.copytree(LIB, lib, ignore=shutil.ignore_patterns('__pycache__'))
    before = core.code_hash(lib/'pretrain.py')
    assert {'model', 'core'} <= core.course_imports(lib/'pretrain.py')
    (lib/'cli.py').write_text((lib/'cli.py').read_text() + '\n# an unrelated edit\n')
    assert core.code_hash(lib/'pretrain.py') == before
    (lib/'model.py').write_text((lib/'model.py').read_text().replace('def count_params(', 'def count_params_renamed('))
    assert core.code_hash(lib/'pretrain.py') != before


DEP_STAGE = """
from dataclasses import dataclass
from internlm_course.core import register_stage
from .low import VALUE

@dataclass(frozen=True)
class Cfg:
    pass

@register_stage('toy-dep', lambda p: Cfg())
def toy_dep(cfg, profile, inputs, out):
    "Writes a value defined in a lower module."
    (out/'value.txt').write_text(str(VALUE))
    return {'value': VALUE}
"""


def test_runner_recomputes_a_stage_when_a_module_it_imports_changes(home, tmp_path, monkeypatch):
    pkg = tmp_path/'toypkg'; pkg.mkdir()
    (pkg/'__init__.py').write_text('')
    (pkg/'low.py').write_text('VALUE = 1\n')
    (pkg/'stage.py').write_text(DEP_STAGE)
    (pkg/'unrelated.py').write_text('X = 1\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    import importlib
    importlib.import_module('toypkg.stage')
    try:
        run = lambda: core.run_stages(stages=['toy-dep'])['toy-dep']
        assert not run()['cached'] and run()['cached']
        (pkg/'unrelated.py').write_text('X = 2\n')
        assert run()['cached']                                  # nothing the stage reaches changed
        (pkg/'low.py').write_text('VALUE = 1  # same value, edited source\n')
        assert not run()['cached']                              # the lower module changed: recomputed
    finally:
        del core.STAGES['toy-dep']


def test_notebook_prose_edit_leaves_every_code_hash_alone(tmp_path):
    "Edit a markdown cell of a copy of the course, export it with nbdev: no module's hash moves."
    for d in ('nbs', 'internlm_course'): shutil.copytree(ROOT/d, tmp_path/d, ignore=shutil.ignore_patterns('__pycache__', '.ipynb_checkpoints'))
    shutil.copy(ROOT/'settings.ini', tmp_path)
    hashes = {p.stem: core.code_hash(p) for p in (tmp_path/'internlm_course').glob('[!_]*.py')}
    nb_path = tmp_path/'nbs'/'03_pretrain.ipynb'
    nb = json.loads(nb_path.read_text())
    cell = next(c for c in nb['cells'] if c['cell_type'] == 'markdown')
    cell['source'] = ''.join(cell['source']) + '\n\nA sentence added by a test.'
    nb_path.write_text(json.dumps(nb))
    subprocess.run([str(Path(sys.executable).parent/'nbdev_export')], cwd=tmp_path, check=True)
    assert {p.stem: core.code_hash(p) for p in (tmp_path/'internlm_course').glob('[!_]*.py')} == hashes


def test_stage_order_uses_needs_and_refuses_circles(home):
    @core.register_stage('ring-a', lambda p: Empty(), needs=('ring-b',))
    def a(cfg, profile, inputs, out): "a"
    @core.register_stage('ring-b', lambda p: Empty(), needs=('ring-a',))
    def b(cfg, profile, inputs, out): "b"
    try:
        with pytest.raises(core.CourseError, match='circle'):
            core.run_stages(stages=['ring-a'])
    finally:
        del core.STAGES['ring-a'], core.STAGES['ring-b']


def test_read_jsonl_reads_a_byte_order_mark_on_any_line(tmp_path):
    p = tmp_path/'x.jsonl'
    p.write_bytes(b'\xef\xbb\xbf{"text": "a"}\n\xef\xbb\xbf{"text": "b"}\n')
    assert core.read_texts(p) == ['a', 'b']


def test_editing_course_data_invalidates_the_cache(home, monkeypatch):
    "A stage cached against data_samples/ recomputes after a data file changes (a copy of the checkout, so the real data is untouched)."
    root = home/'course'
    (root/'nbs').mkdir(parents=True); (root/'data_samples').mkdir()
    (root/'settings.ini').write_text('[DEFAULT]\n'); (root/'data_samples'/'examples.jsonl').write_text('{"text": "a"}\n')
    monkeypatch.chdir(root)
    before = core.data_hash()
    (root/'data_samples'/'examples.jsonl').write_text('{"text": "b"}\n')
    assert core.data_hash() != before


def test_force_names_the_stages_to_recompute(home):
    calls = []
    @core.register_stage('low', lambda p: Empty())
    def low(cfg, profile, inputs, out):
        "low"
        calls.append('low'); return {}
    @core.register_stage('high', lambda p: Empty(), needs=('low',))
    def high(cfg, profile, inputs, out):
        "high"
        calls.append('high'); return {}
    try:
        core.run_stages(stages=['high'])
        core.run_stages(stages=['high'], force=['high'])
        assert calls == ['low', 'high', 'high']   # the needed stage came from the cache
        core.run_stages(stages=['high'], force=True)
        assert calls[3:] == ['low', 'high']
        with pytest.raises(core.CourseError, match='stage'):
            core.run_stages(stages=['high'], force=['hihg'])
    finally:
        del core.STAGES['low'], core.STAGES['high']
