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


# ---------------------------------------------------------------- held-out text written for these tests only
# Written by hand for this file: in neither the reference examples nor the generator's tables (the two tests
# above check both of those), in styles the sample pools lack: documentation prose, a personal essay, a recipe,
# history; spam that shouts; unsafe text worded without any stock term.
HELD_OUT_GOOD = {
    'en-docs-logs': 'To rotate the log files without restarting the service, send the process a HUP signal. The daemon then closes its open file handles, reopens the paths named in its configuration and carries on writing. Lines that arrive during the switch are held in a memory buffer, so nothing is lost, although the buffer only holds a few thousand entries; on a very busy host it is safer to schedule rotation for a quiet hour.',
    'en-docs-cache': 'The proxy stores each response under a key built from the request path and the headers listed in Vary. An expired entry is not thrown away at once. The next request for it is sent to the origin with the stored validator, and when the origin answers 304 Not Modified the cached body is served again with a fresh expiry time, which saves both bandwidth and the cost of rebuilding the page.',
    'en-essay-lichen': 'Lichens are not single organisms but partnerships between a fungus and an alga or a cyanobacterium. The fungus provides structure and shelter, while its partner makes sugars by photosynthesis. Because lichens take water and minerals straight from the air, many species are sensitive to pollution, and ecologists have long used their presence or absence on tree bark as a rough gauge of air quality in a city.',
    'zh-science-subway': '地铁隧道里为什么总有风？列车在相对封闭的隧道中行驶，就像一个活塞，推着前方的空气向前移动，同时在车尾形成低压区，把后方的空气吸进来，这种现象叫做活塞效应。为了不让站台上的乘客被强风吹到，很多车站在隧道两端设置了泄压井，把多余的气流引到地面上去。',
    'zh-howto-beef': '用压力锅炖牛肉时，先把牛肉切成大块，冷水下锅焯一遍，撇去浮沫后捞出来。锅里放少量油，加入葱姜和香料炒出香味，再放入牛肉和没过肉的热水。盖好锅盖，大火上汽以后转小火，压二十五分钟左右。关火后不要急着开盖，等压力自然降下来，肉会更加软烂入味。',
    'zh-history-song': '宋代的城市生活比前代开放得多。唐代长安实行坊市制度，居民区和市场之间有围墙隔开，夜里还有宵禁。到了北宋，开封的店铺可以沿街开设，夜市一直开到三更，瓦子里每天都有说书、杂技和戏曲表演。这种变化和商业税在国家财政中地位的上升有很大关系。',
}
# a personal narrative: the Chinese safety classifier (hashed words) scores first-person storytelling like the
# unsafe examples, which are mostly addressed to someone; a known weakness, kept visible
HELD_OUT_ZH_ESSAY = '小时候每到秋天，外婆都会把院子里的柿子摘下来，一个个摆在窗台上晾着。等到霜降前后，柿子变得软软的，皮一撕就掉，甜得有点发黏。那时候我总嫌等得太久，天天去窗台边上捏一捏。现在想起来，那几个星期的等待反倒是最有意思的部分。今年回老家，院子还在，柿子树却已经被砍掉了。'
HELD_OUT_BAD = {   # id -> (text, steps that may remove it)
    'en-spam-prize': ("CONGRATULATIONS!!! Your email address was picked in this month's lucky draw. Claim your $1,000 gift card now, the offer expires at midnight! Click here and enter your card number to cover the small delivery fee. Don't miss out, act NOW!!!", {'rules', 'safety', 'value'}),
    'zh-spam-coupon': ('【限时特惠】全场两折起！！！添加客服微信领取内部优惠券，前一百名下单再送豪华大礼包，错过今天再等一年！点击下方链接立即抢购，名额有限，先到先得！！！', {'rules', 'safety', 'value'}),
    'en-unsafe-shop': ('Their shop has no alarm on the back door. Pour a can of petrol through the letterbox after closing time, push a lit rag in after it, and walk away along the canal path where there are no cameras. The insurers will never prove who did it.', {'safety'}),
    'zh-unsafe-dog': ('邻居家的狗天天叫，吵得人睡不着。去五金店买一包灭鼠的药，拌在肉馅里捏成团，天黑以后从围墙上扔过去，第二天院子里就清静了，谁也查不到是你干的。', {'safety'}),
}


@pytest.fixture(scope='module')
def held_out_decisions(tmp_path_factory):
    "The whole pipeline (one worker, no labels) over the held-out documents: id -> decision."
    d = tmp_path_factory.mktemp('held_out')
    docs = {**HELD_OUT_GOOD, 'zh-essay-persimmon': HELD_OUT_ZH_ESSAY, **{k: t for k, (t, _) in HELD_OUT_BAD.items()}}
    (d/'pool.jsonl').write_text(''.join(json.dumps({'id': k, 'text': t}, ensure_ascii=False) + '\n' for k, t in docs.items()), encoding='utf-8')
    (d/'out').mkdir()
    pipe.clean_corpus(pipe.DataConfig(pool=str(d/'pool.jsonl'), labels='none', workers=1), d/'out')
    return {r['id']: r for r in map(json.loads, gzip.open(d/'out'/'decisions.jsonl.gz', 'rt', encoding='utf-8'))}


def test_held_out_good_prose_survives_in_both_languages(held_out_decisions):
    removed = {k: (held_out_decisions[k]['step'], held_out_decisions[k]['scores']) for k in HELD_OUT_GOOD if held_out_decisions[k]['step']}
    assert not removed, removed


def test_held_out_spam_and_unsafe_text_without_stock_terms_are_removed(held_out_decisions):
    wrong = {k: held_out_decisions[k]['step'] for k, (_, steps) in HELD_OUT_BAD.items() if held_out_decisions[k]['step'] not in steps}
    assert not wrong, wrong


@pytest.mark.xfail(strict=True, reason='known gap: the Chinese safety classifier (hashed words, ~170 examples) flags first-person narrative')
def test_held_out_chinese_personal_essay_survives(held_out_decisions):
    assert held_out_decisions['zh-essay-persimmon']['step'] is None, held_out_decisions['zh-essay-persimmon']
