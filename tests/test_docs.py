"""The documentation site, as a reader meets it: built offline, served on 127.0.0.1, opened in headless Chromium."""
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not (shutil.which('chromium') and shutil.which('chromedriver')) and not os.environ.get('CI'),
                                reason='needs chromium + chromium-driver (make browser installs them as root)')


@pytest.fixture(scope='module')
def site(tmp_path_factory):
    "Build the site with the real `make docs` builder and serve it on a free port of 127.0.0.1."
    out = tmp_path_factory.mktemp('site')
    subprocess.run([sys.executable, str(ROOT/'tools'/'build_docs.py'), '--out', str(out)], cwd=ROOT, check=True, timeout=900)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield out, f'http://127.0.0.1:{server.server_address[1]}/'
    server.shutdown()


def pages(out: Path) -> list[str]:
    rels = (p.parent.relative_to(out).as_posix() for p in out.rglob('index.html') if 'assets' not in p.parts)
    return sorted('' if r == '.' else r + '/' for r in rels)


def status(url: str) -> int:
    try: return urlopen(url).status
    except HTTPError as e: return e.code


def test_every_page_renders_links_resolve_and_a_plot_loads(site, browser):
    out, base = site
    urls = [urljoin(base, p) for p in pages(out)]
    assert len(urls) >= 4, urls                       # home, two notebooks, API reference
    links, plots = set(), 0
    for url in urls:
        browser.get(url)
        title = browser.title
        heading = browser.execute_script("const h = document.querySelector('article h1'); return h ? h.textContent : ''")
        assert title and heading.strip(), f'{url} has no title or heading'
        assert '#|' not in browser.find_element('css selector', 'article').text, f'{url} shows nbdev directives'
        links |= {urldefrag(a)[0] for a in browser.execute_script("return [...document.querySelectorAll('a[href]')].map(a => a.href)")
                  if urlparse(a).netloc == urlparse(base).netloc}
        plots += browser.execute_script(
            "return [...document.querySelectorAll('article img')].filter(i => i.complete && i.naturalWidth > 0).length")
    broken = [u for u in sorted(links) if status(u) != 200]
    assert not broken, broken
    assert plots >= 1, 'no plot image loaded on any page'


def test_api_reference_documents_the_library(site, browser):
    out, base = site
    browser.get(urljoin(base, 'api/'))
    text = browser.find_element('css selector', 'article').text
    for name in ['run_stages', 'load_model', 'register_stage', 'Profile', 'make_parser']: assert name in text, name
