"""Build the course's documentation site (and README.md) from the notebooks, fully offline.

nbdev_docs renders with Quarto, which cannot be installed without downloading a binary. When Quarto is
present we use it; otherwise this script keeps nbdev's own notebook processing (API docs from `show_doc`,
exported cells, `#| hide`) and hands the result to MkDocs with the Material theme as Markdown, honouring
nbdev's directives the way Quarto would: `#| echo: false` hides a cell's code, `#| output: false` its
outputs, `#| include: false` both, and the title cell becomes the page title. MkDocs was chosen over
Sphinx + myst-nb because it renders plain Markdown with real link checking (`--strict` fails on a broken
internal link), ships client-side search that works offline, and needs no extra notebook execution.

Usage: python tools/build_docs.py [--out _site] [--readme]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import yaml
from nbconvert import MarkdownExporter
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
DIRECTIVE = re.compile(r'^\s*#\|\s*([\w-]+)\s*(?::\s*(.*))?$')
NBVAL = re.compile(r'^# NBVAL_\w+\s*$')
IPYNB_LINK = re.compile(r'\]\(([\w./-]+)\.ipynb(#[\w-]*)?\)')
SOURCE_LINK = re.compile(r'^\[source\]\([^)]*\)\{[^}]*\}\n', re.M)


def process_notebooks() -> Path:
    "Run nbdev's docs processors (show_doc, exports, hidden cells) over nbs/ into _proc/; no Quarto needed."
    from nbdev.serve import proc_nbs
    proc_nbs(force=True, n_workers=0)
    return ROOT/'_proc'


def front_matter(nb) -> dict:
    "Pop the YAML front matter that nbdev puts in a raw cell (title, description)."
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == 'raw' and cell.source.startswith('---'):
            del nb.cells[i]
            return yaml.safe_load(cell.source.strip().strip('-')) or {}
    return {}


def apply_directives(nb, keep_images: bool = True):
    "Turn Quarto-style cell directives into what the Markdown export keeps, and drop the directive lines."
    cells = []
    for cell in nb.cells:
        if cell.cell_type == 'markdown':
            cell.source = IPYNB_LINK.sub(r'](\1.md\2)', cell.source)
            cells.append(cell); continue
        if cell.cell_type != 'code': continue
        lines = cell.source.splitlines()
        opts = {m[1]: (m[2] or '').strip() for m in map(DIRECTIVE.match, lines) if m}
        cell.source = '\n'.join(l for l in lines if not DIRECTIVE.match(l) and not NBVAL.match(l)).strip()
        if 'hide' in opts or opts.get('include') == 'false': continue
        if opts.get('echo') == 'false' or not cell.source: cell.metadata.setdefault('tags', []).append('remove_input')
        if opts.get('output') == 'false': cell.outputs = []
        if not keep_images:
            cell.outputs = [o for o in cell.outputs if not any(k.startswith('image/') for k in o.get('data', {}))]
        if 'remove_input' not in cell.metadata.get('tags', []) or cell.outputs: cells.append(cell)
    nb.cells = cells
    return nb


def to_markdown(nb_path: Path, dest_dir: Path, keep_images: bool = True) -> Path:
    "Write one processed notebook as Markdown (+ its plot images) into `dest_dir`."
    nb = nbformat.read(nb_path, as_version=4)
    meta = front_matter(nb)
    apply_directives(nb, keep_images)
    exporter = MarkdownExporter(config=Config({'TagRemovePreprocessor': {'enabled': True, 'remove_input_tags': ['remove_input']}}))
    body, resources = exporter.from_notebook_node(nb, resources={'output_files_dir': f'{nb_path.stem}_files'})
    body = SOURCE_LINK.sub('', body)   # show_doc links to the hosted repo; the site documents the local checkout
    head = f"# {meta.get('title', nb_path.stem)}\n\n" + (f"> {meta['description']}\n\n" if meta.get('description') else '')
    out = dest_dir/f'{nb_path.stem}.md'
    out.write_text(head + body, encoding='utf-8')
    for name, data in resources.get('outputs', {}).items():
        (dest_dir/name).parent.mkdir(parents=True, exist_ok=True)
        (dest_dir/name).write_bytes(data)
    return out


def api_page(docs: Path, modules: list[str]) -> str:
    "One reference page for every exported symbol, rendered by nbdev's own `show_doc` (as on the notebook pages)."
    import importlib
    from nbdev.showdoc import show_doc
    parts = ['# API reference\n', 'Every function and class the notebooks export, module by module.\n']
    for m in modules:
        mod = importlib.import_module(f'internlm_course.{m}')
        parts.append(f'## `internlm_course.{m}`\n')
        parts += [SOURCE_LINK.sub('', show_doc(getattr(mod, name), title_level=3)._repr_markdown_()) + '\n' for name in mod.__all__]
    (docs/'api.md').write_text('\n'.join(parts), encoding='utf-8')
    return 'api.md'


def mkdocs_config(docs: Path, site: Path, pages: list[str]) -> Path:
    "Write mkdocs.yml next to the Markdown sources."
    titles = {p: (docs/p).read_text(encoding='utf-8').split('\n', 1)[0].lstrip('# ').strip() for p in pages}
    cfg = {
        'site_name': 'InternLM Course', 'docs_dir': str(docs), 'site_dir': str(site), 'use_directory_urls': True,
        'theme': {'name': 'material', 'font': False, 'features': ['navigation.sections', 'content.code.copy']},
        'nav': [{titles[p]: p} for p in pages],
        'plugins': ['search'],
        'markdown_extensions': ['tables', 'admonition', 'attr_list', 'pymdownx.superfences', {'toc': {'permalink': True}}],
        'validation': {'links': {'not_found': 'warn', 'absolute_links': 'info', 'unrecognized_links': 'warn'}},
    }
    path = docs.parent/'mkdocs.yml'
    path.write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding='utf-8')
    return path


def build_site(out: Path) -> Path:
    "Build the whole site into `out` (with Quarto via nbdev_docs when it is installed)."
    if shutil.which('quarto'):
        subprocess.run([Path(sys.executable).parent/'nbdev_docs'], cwd=ROOT, check=True)
        return ROOT/'_docs'
    proc = process_notebooks()
    work = ROOT/'_docs_src'
    shutil.rmtree(work, ignore_errors=True)
    docs = work/'docs'
    docs.mkdir(parents=True)
    notebooks = sorted(proc.glob('*.ipynb'), key=lambda p: (p.stem != 'index', p.stem))
    pages = [to_markdown(nb, docs).name for nb in notebooks]
    modules = sorted(p.stem for p in (ROOT/'internlm_course').glob('[!_]*.py'))  # the library nbdev exported
    pages.append(api_page(docs, modules))
    cfg = mkdocs_config(docs, Path(out).resolve(), pages)
    subprocess.run([Path(sys.executable).parent/'mkdocs', 'build', '--strict', '--quiet', '-f', str(cfg)], cwd=ROOT, check=True,
                   env=os.environ | {'NO_MKDOCS_2_WARNING': '1'})
    return Path(out)


def build_readme() -> Path:
    "README.md from nbs/index.ipynb, as nbdev_readme does (text only: plots stay on the site)."
    proc = process_notebooks()
    with_tmp = ROOT/'_docs_src'/'readme'
    shutil.rmtree(with_tmp, ignore_errors=True); with_tmp.mkdir(parents=True)
    md = to_markdown(proc/'index.ipynb', with_tmp, keep_images=False).read_text(encoding='utf-8')
    md = re.sub(r'\]\(([\w-]+)\.md(#[\w-]*)?\)', r'](nbs/\1.ipynb\2)', md).replace('<!-- WARNING: THIS FILE WAS AUTOGENERATED! DO NOT EDIT! -->\n\n', '')
    readme = ROOT/'README.md'
    readme.write_text('<!-- Generated from nbs/index.ipynb by `make docs`: edit the notebook, not this file. -->\n\n' + md.strip() + '\n', encoding='utf-8')
    return readme


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--out', default=str(ROOT/'_site'), help='where the site goes (default: _site/)')
    ap.add_argument('--readme', action='store_true', help='only regenerate README.md from nbs/index.ipynb')
    args = ap.parse_args()
    if args.readme: print(f'README: {build_readme()}')
    else:
        build_readme()
        print(f'site: {build_site(Path(args.out))}  (serve it: python -m http.server -d {args.out} -b 127.0.0.1)')
