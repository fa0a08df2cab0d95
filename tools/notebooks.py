"""Execute the course notebooks in place, and check that committed notebooks are clean.

  python tools/notebooks.py run nbs/01_data.ipynb ...   execute (progress bars off), keep outputs, then nbdev_clean
  python tools/notebooks.py check                       fail on widget state, progress-bar fragments, misspelt nbval
                                                        markers, a notebook with no `# NBVAL_CHECK_OUTPUT` cell, or
                                                        a cell mixing imports with other code

nbval (run by `make test` in lax mode) compares the saved output of every cell marked `# NBVAL_CHECK_OUTPUT`
with a fresh run, so a stale output fails CI; the check here keeps the saved outputs worth comparing.
"""
import argparse
import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
PROGRESS = re.compile(r'\r|\d+%\|[^\n]*\||\d+it/s\]|it \[\d+:\d+')
BAD_MARKER = re.compile(r'^\s*#\|?\s*NBVAL_\w+', re.M)
GOOD_MARKER = re.compile(r'^# NBVAL_(CHECK_OUTPUT|IGNORE_OUTPUT|SKIP|RAISES_EXCEPTION)\s*$', re.M)


def mixes_imports(source: str) -> bool:
    "Does a cell hold an import and other code? nbdev's docs build executes every such cell on its own, out of context."
    if re.search(r'^#\|\s*export', source, re.M) or 'nbdev_export()' in source: return False
    try: tree = ast.parse('\n'.join(l for l in source.splitlines() if not l.lstrip().startswith(('%', '!'))))
    except SyntaxError: return False
    has_import = any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.walk(tree))
    return has_import and any(not isinstance(n, (ast.Import, ast.ImportFrom)) for n in tree.body)


def problems(path: Path) -> list[str]:
    "What is wrong with a committed notebook, one line each."
    nb, out = nbformat.read(path, as_version=4), []
    if 'widgets' in nb.metadata: out.append('saved widget state in the notebook metadata')
    checked = 0
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != 'code': continue
        markers = BAD_MARKER.findall(cell.source)
        if mixes_imports(cell.source): out.append(f'cell {i}: imports mixed with other code (the docs build runs it alone): give the imports a cell of their own')
        if len(markers) != len(GOOD_MARKER.findall(cell.source)):
            out.append(f'cell {i}: nbval markers must be a comment line `# NBVAL_...` (found {markers})')
        if GOOD_MARKER.search(cell.source) and 'CHECK_OUTPUT' in cell.source:
            checked += 1
            if not cell.get('outputs'): out.append(f'cell {i}: marked # NBVAL_CHECK_OUTPUT but has no saved output')
        for o in cell.get('outputs', []):
            if 'application/vnd.jupyter.widget-view+json' in o.get('data', {}): out.append(f'cell {i}: a saved widget (a progress bar?)')
            if o.get('output_type') == 'stream' and PROGRESS.search(''.join(o.get('text', ''))): out.append(f'cell {i}: a progress-bar fragment in {o["name"]}')
    if not checked: out.append('no cell is marked # NBVAL_CHECK_OUTPUT: nothing of it is compared')
    return out


def run(paths: list[Path], timeout: int):
    "Execute each notebook in nbs/ with progress bars off; save it, then let nbdev_clean normalise it."
    env = os.environ | {'INTERNLM_COURSE_QUIET': '1'}
    os.environ.update(env)
    for p in paths:
        print(f'executing {p}', file=sys.stderr)
        nb = nbformat.read(p, as_version=4)
        NotebookClient(nb, timeout=timeout, kernel_name='python3', resources={'metadata': {'path': str(ROOT/'nbs')}}).execute()
        nb.metadata.pop('widgets', None)   # progress bars drawn by libraries (transformers' weight loading) are widgets too
        for cell in nb.cells:
            if cell.cell_type == 'code': cell.outputs = [o for o in cell.outputs if 'application/vnd.jupyter.widget-view+json' not in o.get('data', {})]
        nbformat.write(nb, p)
    subprocess.run([str(Path(sys.executable).parent/'nbdev_clean')], cwd=ROOT, check=True)


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    sub = ap.add_subparsers(dest='cmd', required=True)
    r = sub.add_parser('run', help='execute notebooks in place')
    r.add_argument('paths', nargs='+', type=Path)
    r.add_argument('--timeout', type=int, default=900, help='seconds per cell')
    sub.add_parser('check', help='fail if a committed notebook is not clean')
    args = ap.parse_args()
    if args.cmd == 'run': run(args.paths, args.timeout)
    else:
        bad = {p.name: list(dict.fromkeys(problems(p))) for p in sorted((ROOT/"nbs").glob("*.ipynb"))}
        for name, ps in bad.items():
            for msg in ps: print(f'{name}: {msg}')
        sys.exit(1 if any(bad.values()) else 0)
