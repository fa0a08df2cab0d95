"""Benchmarks of the agents stage: held-out tool-use success before and after tool-use fine-tuning, the valid-call rate,
sandbox escapes that succeed (of the issue's list), and the stage's minutes on the cpu profile."""
import os
import socket
import tempfile
import threading
import uuid
from pathlib import Path

from internlm_course.core import run_stages

ROOT = Path(__file__).resolve().parents[1]


def escapes() -> dict:
    "Each escape of the issue's list tried once: name -> True if it got out (read, wrote, connected, killed, leaked or outlived its run)."
    from internlm_course.sandbox import run_sandboxed
    me, got = os.getpid(), {}
    out = lambda code, **kw: run_sandboxed(code, **kw)
    got['read /etc/passwd'] = 'root:' in out('print(open("/etc/passwd").read())')['stdout']
    got['read course files'] = '[DEFAULT]' in out(f'print(open({str(ROOT / "settings.ini")!r}).read())')['stdout']
    with tempfile.TemporaryDirectory() as d:
        target = Path(d)/'escaped'
        out(f'open({str(target)!r}, "w").write("x")'); got['write outside'] = target.exists()
    server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen(); accepted = []
    threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True).start()
    r = out(f'import socket; socket.create_connection(("127.0.0.1", {server.getsockname()[1]}), timeout=3); print("connected")', timeout_s=6)
    server.close(); got['socket to 127.0.0.1'] = bool(accepted) or 'connected' in r['stdout']
    marker = f'bench-child-{uuid.uuid4().hex}'
    out('import subprocess, sys\n' + f'[subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)  # {marker}"], start_new_session=True) for _ in range(20)]\n'
        'while True: pass', timeout_s=3)
    import time; time.sleep(1)
    got['sleeping children outlive the run'] = any(marker.encode() in (p/'cmdline').read_bytes() for p in Path('/proc').iterdir() if p.name.isdigit() and (p/'cmdline').exists())
    got['fork bomb'] = out('import os\nwhile True:\n    try: os.fork()\n    except OSError: pass', timeout_s=3)['error'] is None
    got['infinite loop'] = out('while True: pass', timeout_s=2)['error'] is None
    got['10 GB'] = out('x = bytearray(10 * 2**30); print("allocated")')['stdout'].strip() == 'allocated'
    got['os.kill parent'] = 'sent' in out(f'import os\nfor p in {{os.getppid(), {me}}} - {{0}}:\n    try: os.kill(p, 0); print("sent")\n    except OSError: pass')['stdout']
    os.environ['BENCH_SECRET'] = 'hunter2'
    got['parent env'] = 'hunter2' in out('import os; print(os.environ.get("BENCH_SECRET"))')['stdout']
    got['ctypes libc'] = out('import ctypes; print(ctypes.CDLL(None).getpid())')['error'] is None
    got['still usable after'] = out('print(6 * 7)')['stdout'].strip() != '42'
    return got


def bench_agent(args) -> dict:
    """Sandbox escapes of the issue's list; the agent stage on the cpu profile (timed: it fine-tunes and measures a slice), then
    the base and the stage's tuned model on all 24 held-out tasks and on the 18 far ones (hand-written away from the training grammar),
    and the tuned model on the two blind sets of 30 (written by helpers that saw no course file)."""
    from internlm_course import agent as A
    from internlm_course.core import runs_dir
    from internlm_course.model_zoo import load_model, load_tokenizer, model_path
    tried = escapes()
    print('sandbox escapes:', {k: v for k, v in tried.items()})
    timed = run_stages('cpu', ['agent'], run='bench', force=['agent'])['agent']['metrics']
    cfg, runs = A.AgentConfig(), {}
    for who, path in [('before', model_path(cfg.model)), ('after', runs_dir()/'bench'/'agent'/'sft')]:
        llm = A.CourseLLM(load_model(str(path), 'float32', 'cpu'), load_tokenizer(str(path)), cfg.max_new_tokens)
        agents = {'internlm2_agent': A.internlm2_agent(llm, cfg.max_turn)} | ({'react': A.react_agent(llm, cfg.max_turn)} if who == 'before' else {})
        for split in ('test', 'far') + (('blind_a', 'blind_b') if who == 'after' else ()):   # the untuned model makes no valid call on test or far
            for name, agent in agents.items():
                runs[f'{who} {split} {name}'] = r = A.evaluate_agent(agent, A.load_tasks(split), cfg.concurrent_tasks)
                print(who, split, name, {k: v for k, v in r.items() if k != 'records'})
    before, after = runs['before test react'], runs['after test internlm2_agent']
    return {'agent.sandbox_escapes': sum(tried.values()), 'agent.task_success_before': before['task_success'],
            'agent.internlm2_agent_task_success_before': runs['before test internlm2_agent']['task_success'],
            'agent.task_success_after': after['task_success'], 'agent.valid_call_rate': after['valid_call_rate'],
            'agent.valid_call_rate_before': before['valid_call_rate'],
            'agent.far_task_success_before': runs['before far internlm2_agent']['task_success'],
            'agent.far_task_success_after': runs['after far internlm2_agent']['task_success'],
            'agent.far_valid_call_rate': runs['after far internlm2_agent']['valid_call_rate'], 'agent.cpu_minutes': timed['cpu_minutes'],
            **{f'agent.{s}_task_success_after': runs[f'after {s} internlm2_agent']['task_success'] for s in ('blind_a', 'blind_b')},
            **{f'agent.{s}_valid_call_rate': runs[f'after {s} internlm2_agent']['valid_call_rate'] for s in ('blind_a', 'blind_b')}}

BENCHMARKS = {'agent': bench_agent}
