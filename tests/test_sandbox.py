"""Escapes tried against the sandbox: each must fail, and the sandbox must still work afterwards."""
import os
import socket
import threading
import time
import uuid
from pathlib import Path

import pytest

from internlm_course.sandbox import isolation, network_isolation, run_sandboxed

REPO = Path(__file__).resolve().parents[1]


def still_works():
    r = run_sandboxed('print(6 * 7)')
    assert (r['error'], r['stdout'].strip()) == (None, '42')


def processes_with(marker: str) -> list[int]:
    "Host pids whose command line holds `marker` (the sandbox's own pids live in another PID namespace)."
    found = []
    for d in Path('/proc').iterdir():
        if not d.name.isdigit(): continue
        try: cmdline = (d/'cmdline').read_bytes()
        except OSError: continue
        try: state = (d/'stat').read_text().rsplit(')', 1)[1].split()[0]
        except (OSError, IndexError): state = '?'
        if marker.encode() in cmdline and state != 'Z': found.append(int(d.name))
    return found


def test_isolation_layers_are_reported():
    layers = isolation()
    assert isinstance(layers, tuple) and network_isolation() in ('namespace', 'socket-blocked')
    if os.geteuid() == 0 and 'network namespace' in layers:  # this machine: root, unshare allowed
        assert {'pid namespace', 'mount namespace', 'read-only root (chroot)', 'uid 65534', 'no_new_privs'} <= set(layers), layers


def test_endless_loop_is_killed():
    t0 = time.perf_counter()
    r = run_sandboxed('while True: pass', timeout_s=2)
    assert 'timed out' in r['error'] and time.perf_counter() - t0 < 8
    still_works()


def test_sleeping_children_are_killed_even_in_a_new_session():
    marker = f'sandbox-child-{uuid.uuid4().hex}'
    code = ('import subprocess, sys, os\n'
            f'child = "import time; time.sleep(600)  # {marker}"\n'
            'procs = [subprocess.Popen([sys.executable, "-c", child]) for _ in range(5)]\n'
            'procs += [subprocess.Popen([sys.executable, "-c", child], start_new_session=True) for _ in range(3)]\n'
            'print(len(procs), flush=True)\n'
            'while True: pass\n')
    r = run_sandboxed(code, timeout_s=4)
    assert 'timed out' in r['error'] and r['stdout'].strip() == '8', r
    deadline = time.time() + 5
    while processes_with(marker) and time.time() < deadline: time.sleep(0.2)
    assert processes_with(marker) == []
    still_works()


def test_fork_bomb_is_capped_and_killed():
    marker = f'sandbox-bomb-{uuid.uuid4().hex}'
    code = (f'# {marker}\nimport os\n'
            'while True:\n'
            '    try: os.fork()\n'
            '    except OSError: pass\n')
    t0 = time.perf_counter()
    r = run_sandboxed(code, timeout_s=3)
    assert r['error'] and time.perf_counter() - t0 < 15, r
    still_works()


def test_memory_and_file_size_limits():
    assert 'MemoryError' in run_sandboxed('x = bytearray(10 * 2**30)', memory_mb=256)['error']
    assert run_sandboxed('open("big", "wb").write(b"x" * 64 * 2**20)')['error']
    still_works()


@pytest.mark.parametrize('path', ['/etc/passwd', str(REPO/'settings.ini'), str(REPO/'internlm_course'/'sandbox.py')])
def test_files_outside_the_scratch_directory_cannot_be_read(path):
    assert os.path.exists(path)
    r = run_sandboxed(f'print(open({path!r}).read()[:40])')
    assert r['error'] and r['stdout'] == '', r
    still_works()


def test_nothing_outside_the_scratch_directory_can_be_written(tmp_path):
    targets = [tmp_path/'escaped.txt', Path('/tmp')/f'escaped-{uuid.uuid4().hex}.txt', REPO/f'escaped-{uuid.uuid4().hex}.txt']
    for target in targets:
        r = run_sandboxed(f'open({str(target)!r}, "w").write("gotcha")')
        assert r['error'] and not target.exists(), (target, r)
    r = run_sandboxed('open("inside.txt", "w").write("ok"); print(open("inside.txt").read())')
    assert (r['error'], r['stdout'].strip()) == (None, 'ok')
    still_works()


def test_no_network_even_to_this_machine():
    server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen()
    port = server.getsockname()[1]
    accepted = []
    threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True).start()
    r = run_sandboxed(f'import socket; socket.create_connection(("127.0.0.1", {port}), timeout=3); print("connected")', timeout_s=8)
    server.close()
    assert r['error'] and 'connected' not in r['stdout'] and not accepted, (network_isolation(), r)
    still_works()


def test_the_parent_cannot_be_signalled():
    me = os.getpid()
    code = ('import os, signal\n'
            f'for pid in {{os.getppid(), {me}}} - {{0}}:  # 0 would be the sandbox\'s own group\n'
            '    try: os.kill(pid, signal.SIGKILL); print("sent", pid)\n'
            '    except Exception as e: print(type(e).__name__)\n')
    r = run_sandboxed(code)
    assert 'sent' not in r['stdout'], r
    assert os.getpid() == me  # still alive
    still_works()


def test_parent_environment_is_not_inherited_and_scratch_is_the_working_directory(monkeypatch):
    monkeypatch.setenv('COURSE_SECRET_TOKEN', 'hunter2')
    r = run_sandboxed('import os; print(os.environ.get("COURSE_SECRET_TOKEN")); print(os.getcwd()); print(sorted(os.environ))')
    secret, cwd, names = r['stdout'].splitlines()
    assert secret == 'None' and 'hunter2' not in r['stdout'] and (cwd == '/scratch' or 'sandbox-' in cwd)
    assert not cwd.startswith(str(REPO)) and 'COURSE' not in names
    still_works()


@pytest.mark.parametrize('code', [
    'import ctypes; print(ctypes.CDLL(None).getpid())',
    'import sys; sys.modules.pop("ctypes"); sys.modules.pop("_ctypes")\nimport ctypes; libc = ctypes.CDLL("libc.so.6"); print(libc.kill({me}, 9))',
])
def test_ctypes_cannot_reach_libc(code):
    r = run_sandboxed(code.format(me=os.getpid()))
    assert r['error'] and r['stdout'] == '', r
    still_works()


def test_the_in_python_fallback_still_refuses_the_simple_escapes(monkeypatch, tmp_path):
    "Where namespaces are not allowed (a container without privileges), the audit-hook guards take over."
    import internlm_course.sandbox as sb
    monkeypatch.setattr(sb, 'isolation', lambda: ())
    assert sb.network_isolation() == 'socket-blocked'
    for code in ['print(open("/etc/passwd").read())', f'open({str(tmp_path/"x")!r}, "w")',
                 'import socket; socket.socket()', 'import os; os.kill(os.getppid(), 0); print("sent")',
                 'import ctypes; print(ctypes.CDLL(None).getpid())']:
        r = sb.run_sandboxed(code)
        assert r['error'] and r['stdout'] == '', (code, r)
    assert not (tmp_path/'x').exists()
    r = sb.run_sandboxed('import json, math; open("ok", "w").write("1"); print(math.sqrt(16))')
    assert (r['error'], r['stdout'].strip()) == (None, '4.0')
