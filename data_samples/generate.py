"""Write the course's labelled web-like pools, their seed sets and a validation split.

Two families of templates, topics and phrase lists, written for this course and disjoint from each other:
`family_tune.py` makes the tuning pool (the stage's corpus; thresholds are chosen on it) and `family_eval.py`
the evaluation pool (every figure the course reports is measured on it). Each pool mixes good documents (world
knowledge, maths, code, everyday text; 'high' ones explain, 'medium' ones only state) with the junk a crawl brings:
navigation remnants, HTML and encoding debris, spam, filler, repetitive and very short pages, exact and edited
copies, unsafe pages, other languages, malformed lines and byte-order marks. Labels live in a separate file.
Seeded: the same files every run.

    .venv/bin/python data_samples/generate.py                                # writes every file in data_samples/
    .venv/bin/python data_samples/generate.py --scale 20 --out /tmp/pool20x  # a 20x tuning pool for throughput tests
"""
import argparse
import gzip
import json
import random
import re
import sys
from pathlib import Path

from datasketch import MinHash, MinHashLSH

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import family_eval  # noqa: E402
import family_tune  # noqa: E402

FAMILIES = {'tune': family_tune, 'eval': family_eval}
MIX = {'world': 0.4, 'math': 0.2, 'code': 0.2, 'other': 0.2}
COUNTS = {'good': 2800, 'noisy': 450, 'exact': 200, 'near': 400, 'other-language': 120, 'malformed': 28, 'bom': 25,
          'spam': 300, 'repetitive': 250, 'boilerplate': 200, 'filler': 400, 'short': 250, 'unsafe': 150}
MOJIBAKE = {'é': 'Ã©', "'": 'â€™', '—': 'â€”', '“': 'â€œ', '”': 'â€\x9d'}
COPY_AT, DISTINCT_BELOW = 0.5, 0.4   # Jaccard similarity (exact): a copy by this definition / what a regenerated document must stay under


def good_doc(fam, r, rich):
    domain = r.choices(list(MIX), weights=list(MIX.values()))[0]
    lang = r.choice(['en', 'zh'])
    return fam.GOOD[(domain, lang)](r, rich), {'lang': lang, 'domain': domain, 'quality': 'high' if rich else 'medium', 'kind': 'good'}


def repetitive(fam, r, zh):
    "One sentence of a good document, repeated line after line."
    line = fam.GOOD[('world', 'zh' if zh else 'en')](r, False).split('。' if zh else '. ')[0]
    return '\n'.join([line]*r.randint(15, 40))


def short(fam, r, zh):
    return r.choice(fam.SHORT)


def add_debris(fam, r, text, zh):
    "Web debris that normalisation must repair: HTML, entities, full-width ASCII, mojibake, control characters, navigation."
    kind = r.choice(['html', 'entities', 'fullwidth', 'mojibake', 'control', 'nav'])
    if kind == 'html':
        return '<div class="content">' + ''.join(f'<p>{p}</p>' for p in text.split('\n\n')) + '</div><script>var x=1;</script>'
    if kind == 'entities': return text.replace(' ', '&nbsp;', 3).replace(',', '&#44;').replace('，', '&#65292;').replace('"', '&quot;')
    if kind == 'fullwidth': return ''.join(chr(ord(c) + 0xFEE0) if '!' <= c <= '~' and r.random() < 0.5 else c for c in text)
    if kind == 'mojibake': return text.encode('utf-8').decode('latin-1') if zh else ''.join(MOJIBAKE.get(c, c) for c in text.replace("'", '’'))
    if kind == 'control': return ''.join(c + ('\x07' if r.random() < 0.02 else '') for c in text).replace('\n', '\r\n')
    nav = fam.NAV['zh' if zh else 'en']
    return '\n'.join(r.sample(nav, 2)) + '\n' + text + '\n' + '\n'.join(r.sample(nav, 2))


def shingles(text):
    "The pipeline's definition of a document's shingles: 5 characters for Chinese, 3 words otherwise."
    han = len(re.findall(r'[\u4e00-\u9fff]', text))
    if han > 0.3*max(1, len(re.findall(r'\w', text))):
        t = re.sub(r'\s+', '', text); return [t[i:i + 5].encode() for i in range(max(1, len(t) - 4))]
    w = re.findall(r'\w+', text.lower()); return [' '.join(w[i:i + 3]).encode() for i in range(max(1, len(w) - 2))]


class Distinct:
    """Keeps the labels true. A new document whose Jaccard similarity (on the shingles above) to an earlier one
    reaches `DISTINCT_BELOW` is regenerated, up to 10 times; if it is still at `COPY_AT` or above it is labelled a
    copy of that document (by its index in the pool), otherwise kept as distinct. MinHash LSH finds the candidates,
    the exact Jaccard similarity decides."""
    def __init__(self, enabled=True):
        self.lsh = MinHashLSH(threshold=0.2, num_perm=128) if enabled else None
        self.sets, self.owner = [], []      # shingle set and pool index of every document checked so far

    def check(self, make, index: int) -> tuple[str, dict, int | None]:
        "(text, labels, pool index of the document it copies or None) for a new document that will sit at `index`."
        if self.lsh is None: return (*make(), None)
        for _ in range(10):
            text, lab = make()
            sh = set(shingles(text))
            m = MinHash(num_perm=128)
            m.update_batch(sh)
            best = max(((len(sh & self.sets[k])/len(sh | self.sets[k]), k) for k in self.lsh.query(m)), default=(0.0, None))
            if best[0] < DISTINCT_BELOW: break
        self.lsh.insert(len(self.sets), m); self.sets.append(sh); self.owner.append(index)
        return text, lab, (self.owner[best[1]] if best[0] >= COPY_AT else None)


def pool(fam, r, scale=1.0, check=True):
    "Documents as (text, labels); labels are kept out of the text."
    n = lambda kind: max(1, round(COUNTS[kind]*scale))
    distinct, docs = Distinct(enabled=check), []
    def add(make):
        text, lab, copy_of = distinct.check(make, len(docs))
        if copy_of is not None: lab = lab | {'dup_of': copy_of, 'dup': 'near', 'accidental': True}
        docs.append((text, lab))
    for i in range(n('good')): add(lambda: good_doc(fam, r, rich=i % 3 == 0))
    originals = [i for i, (_, lab) in enumerate(docs) if 'dup_of' not in lab]
    for i in r.sample(originals, n('noisy')): docs[i] = (add_debris(fam, r, docs[i][0], docs[i][1]['lang'] == 'zh'), docs[i][1] | {'noise': True})
    for _ in range(n('exact')):                     # exact copies (after normalising whitespace)
        i = r.choice(originals); docs.append((docs[i][0] + r.choice(['', ' ', '\n']), docs[i][1] | {'dup_of': i, 'dup': 'exact'}))
    for _ in range(n('near')):                      # edited copies
        i = r.choice(originals); t, lab = docs[i]
        docs.append((fam.edit(r, t, lab['lang'] == 'zh'), lab | {'dup_of': i, 'dup': 'near'}))
    makers = {'spam': fam.spam, 'filler': fam.filler, 'boilerplate': fam.boilerplate, 'unsafe': fam.unsafe,
              'repetitive': lambda r, zh: repetitive(fam, r, zh), 'short': lambda r, zh: short(fam, r, zh)}
    for kind, make in makers.items():
        for _ in range(n(kind)):
            zh = r.random() < 0.5
            lab = {'lang': 'zh' if zh else 'en', 'domain': 'other', 'quality': 'low', 'kind': kind, 'unsafe': kind == 'unsafe'}
            if kind in ('filler', 'unsafe', 'spam', 'boilerplate'): add(lambda: (make(r, zh), lab))
            else: docs.append((make(r, zh), lab))
    for _ in range(n('other-language')):
        lang, text = r.choice(fam.OTHER_LANG)
        docs.append((text, {'lang': 'other', 'domain': 'other', 'quality': 'medium', 'kind': 'other-language', 'iso': lang}))
    return docs


def malformed_lines(n):
    "Lines a crawler's output really contains: broken JSON, bad bytes, missing or empty fields."
    kinds = [b'{"id": "broken-%d", "text": "an unterminated string}\n', b'{"id": "bytes-%d", "text": "caf\xe9 \xff\xfe invalid utf-8"}\n',
             b'{"id": "notext-%d", "url": "https://example.org/x"}\n', b'{"id": "empty-%d", "text": "   "}\n', b'{"id": "nonstr-%d", "text": 42}\n',
             b'[1, 2, 3]\n', b'\n']
    return [kinds[i % len(kinds)].replace(b'%d', str(i).encode()) for i in range(n)]


def write_pool(out: Path, name: str, fam, scale: float = 1.0, seed: int = 0, check: bool = True) -> int:
    "Write `name.jsonl.gz` (the raw pool) and `name.labels.jsonl.gz`; returns the number of lines."
    r = random.Random(seed)
    docs = pool(fam, r, scale, check)
    order = list(range(len(docs))); r.shuffle(order)
    ids = {i: f'doc-{k:06d}' for k, i in enumerate(order)}
    bom = set(r.sample(range(len(order)), max(1, round(COUNTS['bom']*scale))))   # lines written by a tool that adds a byte-order mark
    out.mkdir(parents=True, exist_ok=True)
    lines = []
    with gzip.open(out/f'{name}.labels.jsonl.gz', 'wt', encoding='utf-8') as labels:
        for k, i in enumerate(order):
            text, lab = docs[i]
            lab = {key: v for key, v in lab.items() if v not in (None, False)}
            if 'dup_of' in lab: lab['dup_of'] = ids[lab['dup_of']]
            labels.write(json.dumps({'id': ids[i], **lab}, ensure_ascii=False) + '\n')
            url = f'https://{r.choice(["news", "blog", "wiki", "forum", "shop"])}.example-{r.randrange(900)}.com/{r.randrange(10**6)}'
            lines.append((b'\xef\xbb\xbf' if k in bom else b'') + json.dumps({'id': ids[i], 'url': url, 'text': text}, ensure_ascii=False).encode() + b'\n')
    for line in malformed_lines(max(1, round(COUNTS['malformed']*scale))): lines.insert(r.randrange(len(lines)), line)
    with gzip.open(out/f'{name}.jsonl.gz', 'wb', compresslevel=6) as f: f.writelines(lines)
    return len(lines)


def write_docs(path: Path, fam, n: int, rich, seed: int):
    "Good documents that are not in any pool (a seed set or a validation split), one JSON object a line."
    r = random.Random(seed)
    with open(path, 'w', encoding='utf-8') as f:
        for i in range(n):
            text, lab = good_doc(fam, r, rich(i))
            f.write(json.dumps({'id': f'{path.stem}-{i:04d}', 'text': text, **lab}, ensure_ascii=False) + '\n')


def write_all(out: Path) -> dict[str, int]:
    "Every file of data_samples/: the tuning pool, seed set and validation split, the evaluation pool and its seed set."
    sizes = {'raw_pool': write_pool(out, 'raw_pool', family_tune, 1.0, seed=0), 'eval_pool': write_pool(out, 'eval_pool', family_eval, 0.6, seed=1)}
    write_docs(out/'seed_hq.jsonl', family_tune, 120, lambda i: True, seed=2)
    write_docs(out/'validation.jsonl', family_tune, 400, lambda i: i % 3 == 0, seed=3)
    write_docs(out/'eval_seed_hq.jsonl', family_eval, 120, lambda i: True, seed=4)
    return sizes


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--out', default=str(HERE), help='output folder (default: data_samples/)')
    ap.add_argument('--scale', type=float, default=0, help='write only a tuning pool this many times larger (raw_pool*.jsonl.gz), unchecked for accidental copies')
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    if a.scale: print(f"{write_pool(Path(a.out), 'raw_pool', family_tune, a.scale, a.seed, check=False)} lines written to {a.out}")
    else: print(f'{write_all(Path(a.out))} lines written to {a.out}')
