"""Escapes tried against the sandbox: each must fail, and the sandbox must still work afterwards."""
import os
import socket
import threading
import time


from internlm_course.sandbox import network_isolation, run_sandboxed


def still_works():
    r = run_sandboxed('print(6 * 7)')
    assert (r['error'], r['stdout'].strip()) == (None, '42')


def test_endless_loop_and_sleeping_children_are_killed_with_their_group():
    code = ('import subprocess, sys, time\n'
            'procs = [subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"]) for _ in range(5)]\n'
            'print(" ".join(str(p.pid) for p in procs), flush=True)\n'
            'while True: pass\n')
    t0 = time.perf_counter()
    r = run_sandboxed(code, timeout_s=3)
    assert 'timed out' in r['error'] and time.perf_counter() - t0 < 10
    time.sleep(0.5)
    for pid in map(int, r['stdout'].split()):
        assert not os.path.exists(f'/proc/{pid}') or open(f'/proc/{pid}/stat').read().split()[2] == 'Z'
    still_works()


def test_memory_and_file_size_limits():
    assert 'MemoryError' in run_sandboxed('x = bytearray(10 * 2**30)', memory_mb=256)['error']
    assert run_sandboxed('open("big", "wb").write(b"x" * 64 * 2**20)')['error']
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


def test_parent_environment_is_not_inherited_and_scratch_is_the_working_directory(monkeypatch):
    monkeypatch.setenv('COURSE_SECRET_TOKEN', 'hunter2')
    r = run_sandboxed('import os; print(os.environ.get("COURSE_SECRET_TOKEN")); print(os.getcwd())')
    secret, cwd = r['stdout'].split()
    assert secret == 'None' and 'sandbox-' in cwd and not os.path.exists(cwd)
    still_works()
