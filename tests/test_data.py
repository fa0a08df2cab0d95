"""The data stage under bad input, worker crashes and real multi-process runs on a small pool; methods that do not
know the generator of the sample pools; labels that point where they say."""
import ast
import gzip
import json
import os
import re
import subprocess
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import numpy as np
import pytest

from internlm_course import data, data_pipeline as pipe
from internlm_course.core import CourseError, read_jsonl, read_labels

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT/'data_samples'
GENERATOR_FILES = sorted(SAMPLES.glob('*.py'))   # generate.py and the phrase-table families it imports
BAD_LINES = [b'{"id": "x1", "text": "unterminated}\n', b'{"id": "x2", "text": "caf\xe9"}\n', b'{"id": "x3"}\n',
             b'{"id": "x4", "text": "  "}\n', b'{"id": "x5", "text": ["a"]}\n', b'"just a string"\n', b'\n']


@pytest.fixture
def small_pool(tmp_path):
    "300 documents of the shipped pool with seven kinds of broken line mixed in."
    with gzip.open(SAMPLES/'raw_pool.jsonl.gz', 'rb') as f:
        lines = [l for l in f if l.removeprefix(data.BOM).startswith(b'{"id": "doc-')][:300]
    for i, bad in enumerate(BAD_LINES): lines.insert(40*i + 7, bad)
    path = tmp_path/'pool.jsonl'
    path.write_bytes(b''.join(lines))
    return path, len(lines)


def test_bad_lines_are_counted_with_reasons_and_nothing_is_lost(small_pool, tmp_path):
    pool, n = small_pool
    out = tmp_path/'out'; out.mkdir()
    m = pipe.clean_corpus(pipe.DataConfig(pool=str(pool), labels='none', workers=2, chunk_docs=50), out)
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


def test_a_byte_order_mark_is_read_not_rejected():
    doc, reject = data.parse_line(data.BOM + b'{"id": "b", "text": "saved by an editor that writes a BOM"}\n', 3)
    assert reject is None and doc == {'id': 'b', 'text': 'saved by an editor that writes a BOM'}
    assert data.parse_line(data.BOM + b'\n', 4)[1]['reason'] == 'empty line'


def test_a_pool_with_nothing_left_stops_naming_the_step(tmp_path):
    pool = tmp_path/'pool.jsonl'
    pool.write_text(''.join(json.dumps({'id': f'x{i}', 'text': 'Loading, please wait'}) + '\n' for i in range(6)) + '{"id": "y"}\n')
    out = tmp_path/'out'; out.mkdir()
    with pytest.raises(CourseError, match=r"every document .* filtered out .* 'rules' \(6 documents, mostly 'too short'\)"):
        pipe.clean_corpus(pipe.DataConfig(pool=str(pool), labels='none', workers=1), out)
    assert not (out/'corpus.jsonl.gz').exists()


def test_the_runner_keeps_the_previous_corpus_when_a_pool_empties(tmp_path, monkeypatch):
    "A failed data stage leaves the last good corpus in place, so tokenizer and pretrain never see an empty one."
    from internlm_course import core
    monkeypatch.setenv('INTERNLM_COURSE_HOME', str(tmp_path))
    good = tmp_path/'good.jsonl'
    good.write_text(''.join(json.dumps({'id': f'g{i}', 'text': t}) + '\n' for i, t in enumerate([
        'Glaciers form where more snow falls in winter than melts in summer, and over decades the snow compacts into ice that flows downhill.',
        'Copper conducts heat and electricity well, which is why it is used for the wiring and the water pipes of most houses in the country.'])))
    empty = tmp_path/'empty.jsonl'
    empty.write_text(''.join(json.dumps({'id': f'x{i}', 'text': 'Loading, please wait'}) + '\n' for i in range(4)))
    common = {'data.labels': 'none', 'data.workers': 1}
    core.run_stages('cpu', ['data'], run='t', overrides=common | {'data.pool': str(good)})
    corpus = core.runs_dir()/'t'/'data'/'corpus.jsonl.gz'
    before = gzip.open(corpus).read()
    with pytest.raises(core.StageFailed, match='filtered out'):
        core.run_stages('cpu', ['data'], run='t', overrides=common | {'data.pool': str(empty)})
    assert gzip.open(corpus).read() == before and before


def test_bad_config_fails_before_anything_is_written(tmp_path):
    with pytest.raises(CourseError, match='is not a file'): pipe.DataConfig(pool=str(tmp_path/'missing.jsonl'))
    with pytest.raises(CourseError, match='valid: code, math, other, world'): pipe.DataConfig(target_mix='world=0.5,poetry=0.5')
    with pytest.raises(CourseError, match='sum to 1'): pipe.DataConfig(target_mix='world=0.5,math=0.1')
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
        list(pipe.ordered_map(_die, range(8), workers=2))


def test_near_duplicates_found_and_distinct_documents_kept(tmp_path):
    base = 'The printing press with movable metal type is credited to Johannes Gutenberg in Mainz, in the year 1440. '
    texts = [base + 'It changed trade, science and daily life across Europe within a century of its invention.',
             base + 'It changed trade, science and daily life across Europe within a century of its creation.',
             'Copper is used for electrical wiring and plumbing because it conducts heat and electricity very well indeed.',
             '法国是位于欧洲的国家，首都是巴黎。法国的大多数人使用法语，学校和政府也使用这种语言。巴黎是法国的政治中心。',
             '法国是位于欧洲的国家，首都是巴黎。法国的大多数人使用法语，学校和政府也使用这种语言。巴黎是法国的政治中心！']
    from datasketch import MinHash
    with open(tmp_path/'sigs.bin', 'wb') as f:
        for t in texts:
            lang = data.detect_language(t)[0]
            m = MinHash(num_perm=128); m.update_batch(data.shingles(t, lang, 5 if lang == 'zh' else 3)); f.write(m.hashvalues.astype(np.uint64).tobytes())
    exact = np.array([data.exact_key(t) for t in texts], dtype=np.uint64)
    dups = pipe.find_duplicates(tmp_path/'sigs.bin', exact, 128, 0.7, tmp_path)
    assert dups == {1: (0, 'near'), 4: (3, 'exact')}


# ---------------------------------------------------------------- the methods do not know the generator
def _phrase_tables() -> str:
    "Every string the generator files write documents from (constants, templates, f-string parts), lower-cased."
    parts = []
    for path in GENERATOR_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str): parts.append(node.value)
    return '\n'.join(parts).lower()


def _terms(pattern: str) -> set[str]:
    "The words a regular expression matches literally: Latin runs of 3+ letters, Han runs of 2+ characters."
    literal = re.sub(r'\\[a-zA-Z]', ' ', pattern)        # \s, \w, \d ... are classes, not words
    return {t.lower() for t in re.findall(r'[A-Za-z]{3,}|[\u4e00-\u9fff]{2,}', literal)}


# HTML's own tag names (SCRIPT_STYLE, BLOCK_TAG) are markup syntax, not a judgement about content
MARKUP = {'SCRIPT_STYLE', 'BLOCK_TAG', 'ANY_TAG'}


def test_no_lexicon_pattern_or_keyword_term_occurs_in_the_generator_tables():
    tables = _phrase_tables()
    assert len(tables) > 10_000 and 'unsafe' in tables     # the scan reads the real tables
    terms = {}
    for mod in (data, pipe):
        for name, value in vars(mod).items():
            if isinstance(value, re.Pattern) and name not in MARKUP: terms.update({t: name for t in _terms(value.pattern)})
            elif isinstance(value, dict) and name.isupper() and all(isinstance(v, (list, tuple)) for v in value.values()):
                terms.update({str(t).lower(): name for v in value.values() for t in v})    # a lexicon by category
    terms.update({'lorem ipsum': 'rule_violation'})   # the C4 placeholder rule, a literal in code
    hits = {t: src for t, src in terms.items() if (re.search(rf'\b{re.escape(t)}\b', tables) if t.isascii() else t in tables)}
    assert not hits, f'terms of the library found in the generator tables: {hits}'


def test_the_hand_written_examples_are_not_copied_from_the_generator():
    "No 6-word (English) or 10-character (Chinese) sequence of a reference example occurs in the generator's tables."
    tables = _phrase_tables()
    zh_tables = re.sub(r'\s+', '', tables)
    copied = []
    for ex in read_jsonl(SAMPLES/'judged_examples.jsonl'):
        t = ex['text'].lower()
        if ex['lang'] == 'zh':
            t = re.sub(r'\s+', '', t)
            copied += [t[i:i + 10] for i in range(len(t) - 9) if re.fullmatch(r'[\u4e00-\u9fff]{10}', t[i:i + 10]) and t[i:i + 10] in zh_tables]
        else:
            w = re.findall(r'[a-z]+', t)
            copied += [' '.join(w[i:i + 6]) for i in range(len(w) - 5) if ' '.join(w[i:i + 6]) in tables]
    assert not copied, copied[:5]


def test_copy_labels_point_at_the_document_they_copy():
    "Accidental copies are labelled with the pool index of the similar document (the generator once pointed elsewhere)."
    labels = read_labels(SAMPLES/'raw_pool.labels.jsonl.gz')
    texts = {}
    with gzip.open(SAMPLES/'raw_pool.jsonl.gz', 'rb') as f:
        for n, raw in enumerate(f):
            doc, _ = data.parse_line(raw, n)
            if doc: texts[doc['id']] = doc['text']
    pairs = [(i, lab['dup_of']) for i, lab in labels.items()    # as generated: debris ('noise') was added after labelling
             if lab.get('accidental') and not lab.get('noise') and not labels[lab['dup_of']].get('noise')]
    assert pairs
    def jaccard(a, b):
        lang = data.detect_language(a)[0]
        A, B = set(data.shingles(a, lang, 5 if lang == 'zh' else 3)), set(data.shingles(b, lang, 5 if lang == 'zh' else 3))
        return len(A & B)/len(A | B)
    sims = [jaccard(texts[i], texts[j]) for i, j in pairs]
    assert np.median(sims) > 0.5 and min(sims) > 0.3, sorted(sims)[:5]
