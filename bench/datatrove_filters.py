"""HuggingFace datatrove's Gopher rule filters on a JSONL file: start-up and filtering timed apart, decisions recorded.

Run in the separate datatrove environment (datatrove needs numpy>=2)::

    make datatrove-env
    .venv-datatrove/bin/python bench/datatrove_filters.py INPUT.jsonl OUTPUT.json

What it measures, in one process (the figure is docs/s *per process*; more processes scale it by their number):

- ``startup_s``: importing datatrove, building ``GopherRepetitionFilter()`` and ``GopherQualityFilter()`` with their
  defaults (language English, Gopher's thresholds) and loading spaCy's English word tokenizer (the first call).
- ``filter_s``: the time of ``filter(doc)`` of both filters over every document, after start-up; the quality filter
  sees only what the repetition filter keeps, as in a datatrove pipeline. Reading the file is not timed.
- ``decisions``: per document, ``null`` when both filters keep it, else the name of the rule that removed it.

INPUT.jsonl holds {"id": str, "text": str} per line. Exit status 2 for a missing or malformed input, 1 if datatrove fails.
"""
import json
import sys
import time


def main(argv):
    if len(argv) != 2: sys.exit('usage: datatrove_filters.py INPUT.jsonl OUTPUT.json')
    try: docs = [json.loads(l) for l in open(argv[0], encoding='utf-8') if l.strip()]
    except (OSError, ValueError) as e: print(f'datatrove_filters.py: cannot read {argv[0]}: {e}', file=sys.stderr); sys.exit(2)
    t0 = time.perf_counter()
    from datatrove.data import Document
    from datatrove.pipeline.filters import GopherQualityFilter, GopherRepetitionFilter
    steps = [GopherRepetitionFilter(), GopherQualityFilter()]
    warm = Document(text='The tokenizer loads on the first call of the filter.', id='warm-up')
    for f in steps: f.filter(warm)
    startup = time.perf_counter() - t0
    items = [Document(text=d['text'], id=str(d['id'])) for d in docs]
    decisions = []
    t1 = time.perf_counter()
    for doc in items:
        why = None
        for f in steps:
            verdict = f.filter(doc)
            if verdict is not True:
                why = verdict[1] if isinstance(verdict, tuple) else 'removed'
                break
        decisions.append(why)
    filtering = time.perf_counter() - t1
    json.dump({'docs': len(items), 'startup_s': round(startup, 3), 'filter_s': round(filtering, 3), 'decisions': decisions}, open(argv[1], 'w'))


if __name__ == '__main__':
    main(sys.argv[1:])
