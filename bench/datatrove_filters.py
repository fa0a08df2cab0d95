"""Throughput of HuggingFace datatrove's rule filters on a JSONL file.

What it measures
----------------
The wall time of datatrove's own pipeline machinery running

    JsonlReader -> GopherRepetitionFilter -> GopherQualityFilter -> C4QualityFilter

with every filter at its default settings (language: English), executed by a
``LocalPipelineExecutor`` with ``--workers`` processes and as many tasks as workers.
The pipeline ends after the last filter: the executor consumes the surviving
documents itself, and the number kept is read from datatrove's merged stats (so
no writer's serialisation or compression cost is included).

datatrove shards its input *by file* (task ``r`` reads files ``r, r+N, ...``), so
before timing the input is split into ``tasks`` contiguous pieces of about equal
size in a temporary directory; this split is not timed. Each repeat starts a fresh
executor (fresh logging directory, so no task is skipped as "completed") and is
timed from ``executor.run()`` start to finish, which includes starting the worker
processes and loading the spaCy tokenizer in each of them. The reported time is
the median of ``--repeats`` runs.

Output: one line of JSON on stdout::

    {"docs": n_in, "kept": n_kept, "seconds": median_wall_seconds,
     "docs_per_s": docs / seconds, "mb_per_s": input_bytes / 1e6 / seconds,
     "repeats": R}

``docs`` counts the documents that entered the filters (JSONL lines with a
non-empty "text"); ``mb_per_s`` uses the size of INPUT.jsonl in bytes (10^6 bytes
per MB). A short summary (per-repeat times, drop reasons) goes to stderr;
datatrove's own logs go to the temporary directory, which is removed afterwards
(``--verbose`` shows them on stderr). Nothing is written in the repository.

Run it in the separate datatrove environment (datatrove needs numpy>=2)::

    make datatrove-env
    .venv-datatrove/bin/python bench/datatrove_filters.py INPUT.jsonl [--workers N] [--repeats R]

INPUT.jsonl holds one JSON object per line with at least {"id": str, "text": str};
other fields (e.g. "lang") are carried as metadata and ignored by the filters.
Exit status: 0 on success, 2 for a missing, empty or malformed input file or bad
arguments, 1 if the pipeline itself fails.

Offline: the default English word tokenizer of these filters is spaCy's blank
"en" pipeline plus its rule-based sentencizer (datatrove's
assets/tokenizer_assignment.csv maps eng -> SpaCyTokenizer("en")); it needs no
model or NLTK "punkt" download.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

EXIT_BAD_INPUT = 2


def fail(msg: str, code: int = EXIT_BAD_INPUT):
    print(f"datatrove_filters.py: error: {msg}", file=sys.stderr)
    sys.exit(code)


def split_input(path: str, out_dir: str, n_shards: int) -> tuple[int, int]:
    """Check every line of `path` and split it into up to `n_shards` contiguous files of about equal size.

    Returns (number of documents with text, number of non-blank lines)."""
    size = os.path.getsize(path)
    target = max(1, -(-size // n_shards))  # bytes per shard, rounded up
    n_docs = n_lines = 0
    shard_i, shard_bytes, out = 0, 0, None
    try:
        with open(path, "rb") as f:
            for lineno, raw in enumerate(f, 1):
                if not raw.strip():
                    continue
                try:
                    obj = json.loads(raw)
                except ValueError as e:
                    fail(f"{path}:{lineno}: not valid JSON ({e})")
                if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                    fail(f'{path}:{lineno}: expected a JSON object with a string "text" field')
                n_lines += 1
                n_docs += bool(obj["text"])
                if out is None or (shard_bytes >= target and shard_i < n_shards - 1):
                    if out is not None:
                        out.close()
                        shard_i += 1
                    out = open(os.path.join(out_dir, f"shard_{shard_i:05d}.jsonl"), "wb")
                    shard_bytes = 0
                out.write(raw if raw.endswith(b"\n") else raw + b"\n")
                shard_bytes += len(raw)
    finally:
        if out is not None:
            out.close()
    return n_docs, n_lines


class _Redirect:
    """Send this process's (and its children's) stdout and stderr to a file at fd level,
    so stdout carries only the final JSON line."""

    def __init__(self, path: str | None):
        self.path = path

    def __enter__(self):
        sys.stdout.flush()
        sys.stderr.flush()
        self.saved = (os.dup(1), os.dup(2))
        target = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND) if self.path else os.dup(2)
        os.dup2(target, 1)  # with --verbose (path None) only stdout moves, onto stderr
        if self.path:
            os.dup2(target, 2)
        os.close(target)
        return self

    def __exit__(self, *exc):
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(self.saved[0], 1)
        os.dup2(self.saved[1], 2)
        for fd in self.saved:
            os.close(fd)
        return False


def tail(path: str, n: int = 40) -> str:
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", help="JSONL file, one {'id': str, 'text': str, ...} per line")
    ap.add_argument("--workers", type=int, default=2, help="worker processes (= tasks); default 2")
    ap.add_argument("--repeats", type=int, default=3, help="timed runs; the median is reported; default 3")
    ap.add_argument("--verbose", action="store_true", help="show datatrove's logs on stderr")
    args = ap.parse_args(argv)
    if args.workers < 1:
        ap.error("--workers must be >= 1")
    if args.repeats < 1:
        ap.error("--repeats must be >= 1")

    path = os.path.abspath(args.input)
    if not os.path.exists(path):
        fail(f"input file not found: {args.input}")
    if not os.path.isfile(path):
        fail(f"input is not a regular file: {args.input}")
    if os.path.getsize(path) == 0:
        fail(f"input file is empty: {args.input}")

    try:
        from datatrove.executor import LocalPipelineExecutor
        from datatrove.pipeline.filters import C4QualityFilter, GopherQualityFilter, GopherRepetitionFilter
        from datatrove.pipeline.readers import JsonlReader
        from datatrove.utils.logging import logger
    except ImportError as e:
        fail(f"cannot import datatrove ({e}); run with .venv-datatrove/bin/python (make datatrove-env)", 1)

    tmp = tempfile.mkdtemp(prefix="datatrove-bench-")
    try:
        data_dir = os.path.join(tmp, "input")
        os.mkdir(data_dir)
        n_docs, n_lines = split_input(path, data_dir, args.workers)
        if n_lines == 0:
            fail(f"input file has no JSON lines: {args.input}")
        if n_docs == 0:
            fail(f'input file has no document with a non-empty "text": {args.input}')
        n_bytes = os.path.getsize(path)
        log_file = None if args.verbose else os.path.join(tmp, "run.log")
        if not args.verbose:
            logger.remove()  # main-process logs; worker tasks log to their logging_dir (and run.log)

        times, result = [], None
        for r in range(args.repeats):
            executor = LocalPipelineExecutor(
                pipeline=[
                    JsonlReader(data_dir, glob_pattern="shard_*.jsonl"),
                    GopherRepetitionFilter(),
                    GopherQualityFilter(),
                    C4QualityFilter(),
                ],
                tasks=args.workers,
                workers=args.workers,
                logging_dir=os.path.join(tmp, f"logs_{r}"),
            )
            try:
                with _Redirect(log_file):
                    t0 = time.perf_counter()
                    stats = executor.run()
                    times.append(time.perf_counter() - t0)
            except Exception as e:  # the pipeline failed: show why, then stop
                if log_file:
                    sys.stderr.write(tail(log_file))
                fail(f"datatrove pipeline failed: {type(e).__name__}: {e}", 1)
            if stats is None or len(stats.stats) < 4:
                if log_file:
                    sys.stderr.write(tail(log_file))
                fail("datatrove returned no stats (did every task run?)", 1)
            # stats.stats: [reader, repetition, quality, c4] merged over tasks
            entered = int(stats.stats[1]["total"].total)
            kept = int(stats.stats[3]["forwarded"].total)
            if result is None:
                result = (entered, kept, stats)
            elif (entered, kept) != result[:2]:
                fail(f"runs disagree: {result[:2]} vs {(entered, kept)} (docs, kept)", 1)

        entered, kept, stats = result
        seconds = statistics.median(times)
        drops = {}
        for label, step in zip(("gopher_repetition", "gopher_quality", "c4_quality"), stats.stats[1:]):
            for key, val in sorted(step.stats.items()):
                if key.startswith("dropped_"):
                    drops[f"{label}:{key[8:]}"] = int(val.total)
        print(
            f"datatrove {args.workers} worker(s): runs {', '.join(f'{t:.2f}' for t in times)} s; "
            f"{entered} docs in ({n_lines} lines), {kept} kept; drops {json.dumps(drops, ensure_ascii=False)}",
            file=sys.stderr,
        )
        if entered != n_docs:
            print(f"warning: {n_docs} documents with text in the input, but {entered} entered the filters", file=sys.stderr)
        print(
            json.dumps(
                {
                    "docs": entered,
                    "kept": kept,
                    "seconds": round(seconds, 4),
                    "docs_per_s": round(entered / seconds, 1),
                    "mb_per_s": round(n_bytes / 1e6 / seconds, 3),
                    "repeats": args.repeats,
                }
            ),
            flush=True,
        )
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
