"""The data stage under bad input, worker crashes and real multi-process runs on a small pool."""
import gzip
import json
import os
import subprocess
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from internlm_course import data
from internlm_course.core import CourseError

ROOT = Path(__file__).resolve().parents[1]
BAD_LINES = [b'{"id": "x1", "text": "unterminated}\n', b'{"id": "x2", "text": "caf\xe9"}\n', b'{"id": "x3"}\n',
             b'{"id": "x4", "text": "  "}\n', b'{"id": "x5", "text": ["a"]}\n', b'"just a string"\n', b'\n']


@pytest.fixture
def small_pool(tmp_path):
    "300 documents of the shipped pool with seven kinds of broken line mixed in."
    with gzip.open(ROOT/'data_samples'/'raw_pool.jsonl.gz', 'rb') as f:
        lines = [l for l in f if l.startswith(b'{"id": "doc-')][:300]
    for i, bad in enumerate(BAD_LINES): lines.insert(40*i + 7, bad)
    path = tmp_path/'pool.jsonl'
    path.write_bytes(b''.join(lines))
    return path, len(lines)


def test_bad_lines_are_counted_with_reasons_and_nothing_is_lost(small_pool, tmp_path):
    pool, n = small_pool
    out = tmp_path/'out'; out.mkdir()
    m = data.clean_corpus(data.DataConfig(pool=str(pool), labels='none', workers=2, chunk_docs=50), out)
    assert m['lines'] == n and m['removed.read'] == len(BAD_LINES)
    rejects = [json.loads(l) for l in gzip.open(out/'rejects.jsonl.gz', 'rt')]
    reasons = {r['reason'] for r in rejects if r['step'] == 'read'}
    for expected in ['malformed JSON', 'undecodable bytes', 'missing field "text"', 'empty document', 'not a string', 'not a JSON object', 'empty line']:
        assert any(expected in r for r in reasons), (expected, reasons)
    clean = sum(1 for _ in gzip.open(out/'clean.jsonl.gz', 'rt'))
    assert clean + len(rejects) == n and clean > 100
    assert not (out/'work').exists()
    card = (out/'section.md').read_text()
    assert '| read | 7 |' in card and 'undecodable bytes' in card


def test_bad_config_fails_before_anything_is_written(tmp_path):
    with pytest.raises(CourseError, match='is not a file'): data.DataConfig(pool=str(tmp_path/'missing.jsonl'))
    with pytest.raises(CourseError, match='valid: code, math, other, world'): data.DataConfig(target_mix='world=0.5,poetry=0.5')
    with pytest.raises(CourseError, match='sum to 1'): data.DataConfig(target_mix='world=0.5,math=0.1')
    env = os.environ | {'INTERNLM_COURSE_HOME': str(tmp_path)}
    r = subprocess.run([str(Path(sys.executable).parent/'internlm-course'), 'run', '--stages', 'data', '--set', f'data.pool={tmp_path}/nope.jsonl'],
                       capture_output=True, text=True, env=env, cwd=ROOT)
    assert r.returncode == 2 and 'is not a file' in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path/'runs').exists()


def _die(x):
    if x == 3: os._exit(1)
    return x


def test_a_dead_worker_raises_instead_of_hanging():
    with pytest.raises(BrokenProcessPool):
        list(data.ordered_map(_die, range(8), workers=2))


def test_near_duplicates_found_and_distinct_documents_kept(tmp_path):
    base = 'The printing press with movable metal type is credited to Johannes Gutenberg in Mainz, in the year 1440. ' * 1
    texts = [base + 'It changed trade, science and daily life across Europe within a century of its invention.',
             base + 'It changed trade, science and daily life across Europe within a century of its creation.',
             'Copper is used for electrical wiring and plumbing because it conducts heat and electricity very well indeed.',
             '法国是位于欧洲的国家，首都是巴黎。法国的大多数人使用法语，学校和政府也使用这种语言。巴黎是法国的政治中心。',
             '法国是位于欧洲的国家，首都是巴黎。法国的大多数人使用法语，学校和政府也使用这种语言。巴黎是法国的政治中心！']
    from datasketch import MinHash
    import numpy as np
    with open(tmp_path/'sigs.bin', 'wb') as f:
        for t in texts:
            lang = data.detect_language(t)[0]
            m = MinHash(num_perm=128); m.update_batch(data.shingles(t, lang, 5 if lang == 'zh' else 3)); f.write(m.hashvalues.astype(np.uint64).tobytes())
    exact = np.array([data.exact_key(t) for t in texts], dtype=np.uint64)
    dups = data.find_duplicates(tmp_path/'sigs.bin', exact, 128, 0.7, tmp_path)
    assert dups == {1: (0, 'near'), 4: (3, 'exact')}
