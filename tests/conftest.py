"""Shared fixtures: every test gets its own course home; the converted models are shared; headless Chromium for the pages."""
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM, DRIVER = shutil.which('chromium'), shutil.which('chromedriver')
needs_browser = pytest.mark.skipif(not (CHROMIUM and DRIVER) and not os.environ.get('CI'),
                                   reason='needs chromium + chromium-driver (make browser installs them as root)')


@pytest.fixture
def home(tmp_path, monkeypatch):
    "A scratch INTERNLM_COURSE_HOME, with the checkout's model cache so models convert once per machine."
    monkeypatch.setenv('INTERNLM_COURSE_CACHE', os.environ.get('INTERNLM_COURSE_CACHE', str(ROOT/'.cache')))
    monkeypatch.setenv('INTERNLM_COURSE_HOME', str(tmp_path))
    monkeypatch.setenv('INTERNLM_COURSE_QUIET', '1')
    return tmp_path


@pytest.fixture(scope='module')
def browser():
    "Headless Chromium driven by selenium, with the browser's own network chatter switched off."
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync']:
        opts.add_argument(flag)
    driver = webdriver.Chrome(options=opts, service=Service(DRIVER))
    yield driver
    driver.quit()
