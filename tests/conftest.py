"""Shared fixtures: every test gets its own course home; the converted models are shared; headless Chromium for the pages."""
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def home(tmp_path, monkeypatch):
    "A scratch INTERNLM_COURSE_HOME, with the checkout's model cache so models convert once per machine."
    monkeypatch.setenv('INTERNLM_COURSE_CACHE', os.environ.get('INTERNLM_COURSE_CACHE', str(ROOT/'.cache')))
    monkeypatch.setenv('INTERNLM_COURSE_HOME', str(tmp_path))
    monkeypatch.setenv('INTERNLM_COURSE_QUIET', '1')
    return tmp_path


@pytest.fixture(scope='module')
def browser():
    "Headless Chromium driven by selenium, with the browser's own network chatter switched off (skips where it is missing, except in CI)."
    chromium, driver = shutil.which('chromium'), shutil.which('chromedriver')
    if not (chromium and driver) and not os.environ.get('CI'): pytest.skip('needs chromium + chromium-driver (make browser installs them as root)')
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for flag in ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync']:
        opts.add_argument(flag)
    browser = webdriver.Chrome(options=opts, service=Service(driver))
    yield browser
    browser.quit()
