"""The `internlm-course` command as a user meets it: bad input, a real run, the cache, doctor."""
import subprocess
import sys
from pathlib import Path

import pytest

from internlm_course.cli import main
from internlm_course.core import read_manifest


def cli(*args, cwd=None):
    return subprocess.run([str(Path(sys.executable).parent/'internlm-course'), *args], capture_output=True, text=True, cwd=cwd, timeout=600)


BAD_INPUT = [
    (['run', '--profile', 'tpu'], 'valid: cluster, cpu, gpu-8gb'),
    (['report', '--run', 'never-ran'], 'unknown run'),
    (['run', '--stages', 'no-such-stage'], 'chat-smoke, data, '),   # every registered stage is listed, sorted
    (['run', '--set', 'chat-smoke.model=no-such-model'], 'valid: smollm2-135m-instruct'),
    (['run', '--set', 'chat-smoke.max_tokens=3'], 'valid: model, prompt, max_new_tokens'),
    (['run', '--set', 'no-such-stage.x=1'], 'chat-smoke, data, '),   # every registered stage is listed, sorted
    (['run', '--set', 'threads=many'], 'expected int'),
    (['run', '--run', '../escape'], "valid: letters, digits"),
]


def one_error_line(rc, stderr, valid, home):
    assert rc == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and valid in lines[0], stderr
    assert not (home/'runs').exists()


@pytest.mark.parametrize('args, valid', BAD_INPUT[:2])
def test_bad_input_one_line_exit_2_nothing_written(home, args, valid):
    r = cli(*args, cwd=home)
    one_error_line(r.returncode, r.stderr, valid, home)


@pytest.mark.parametrize('args, valid', BAD_INPUT)
def test_bad_input_in_process(home, monkeypatch, capsys, args, valid):
    "The console script is `cli.main`: the same cases in this process, each without the ~10 s start of a new one."
    monkeypatch.chdir(home)
    try: rc = main(args)
    except SystemExit as e: rc = e.code
    one_error_line(rc, capsys.readouterr().err, valid, home)


def test_run_prints_reply_and_report_then_reuses_cache(home):
    args = ['run', '--stages', 'chat-smoke', '--set', 'chat-smoke.max_new_tokens=6', '--run', 'smoke']
    first = cli(*args, cwd=home)
    assert first.returncode == 0, first.stderr
    assert 'reply: ' in first.stdout and f'report: {home}/runs/smoke/report.md' in first.stdout
    m = read_manifest(home/'runs'/'smoke'/'chat-smoke')
    assert m['status'] == 'ok' and 0 < m['metrics']['new_tokens'] <= 6 and m['metrics']['tokens_per_s'] > 0
    assert m['config']['max_new_tokens'] == 6 and m['versions']['torch']
    report = (home/'runs'/'smoke'/'report.md').read_text()
    assert '## chat-smoke' in report and m['metrics']['reply'] in report

    second = cli(*args, cwd=home)
    assert second.returncode == 0 and second.stdout.count('cached') == 2, second.stdout
    assert read_manifest(home/'runs'/'smoke'/'chat-smoke')['started'] == m['started']


def test_help_names_commands_and_examples():
    r = cli('--help')
    assert r.returncode == 0
    for word in ['run', 'report', 'stages', 'profiles', 'doctor', 'examples:']: assert word in r.stdout


def test_doctor_lists_backends(home):
    r = cli('doctor', cwd=home)
    assert r.returncode == 0
    for backend in ['torch', 'transformers', 'peft', 'bitsandbytes', 'opencompass', 'lagent', 'lmdeploy', 'quarto', 'chromium', 'cuda']:
        assert f'  {backend} ' in r.stdout, backend
    assert 'needs CUDA' in r.stdout or 'make gpu-env' in r.stdout or 'ok ' in r.stdout.split('lmdeploy')[1]
