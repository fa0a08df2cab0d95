"""Shared pieces of the benchmarks: paths and a peak-memory sampler."""
import subprocess
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


def run_with_peak_rss(cmd: list[str]) -> tuple[str, float]:
    "Run `cmd`; return its stdout and the peak resident memory (MB) of its whole process tree, sampled every 50 ms."
    proc, peak = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT), [0]
    def sample():
        p = psutil.Process(proc.pid)
        while proc.poll() is None:
            try: peak[0] = max(peak[0], sum(q.memory_info().rss for q in [p, *p.children(recursive=True)]))
            except psutil.Error: pass
            time.sleep(0.05)
    t = threading.Thread(target=sample); t.start()
    out, _ = proc.communicate(); t.join()
    if proc.returncode: raise RuntimeError(f'{cmd} failed with exit code {proc.returncode}')
    return out, peak[0]/2**20
