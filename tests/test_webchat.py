"""The browser chat page: a greedy reply typed and read in headless Chromium matches the engine's own; a page that leaves frees its slot."""
import time

import pytest
import torch

from internlm_course.serve import start_engine
from internlm_course.webchat import chat_page, reply_stream

NAME = 'smollm2-135m-instruct'


@pytest.fixture(scope='module')
def engine():
    torch.set_num_threads(2)
    e, _ = start_engine(NAME)
    yield e
    e.close()


def test_a_reply_left_mid_stream_frees_its_batch_slot(engine):
    gen = reply_stream(engine, [], 'Tell me a long story about the sea.', temperature=0.7, max_tokens=200)
    first = next(gen)
    assert first and engine.running
    gen.close()                                   # what gradio does when the page stops or leaves
    deadline = time.time() + 30
    while engine.running and time.time() < deadline: time.sleep(0.05)
    assert not engine.running


def test_the_page_streams_the_greedy_reply_into_headless_chromium(engine, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
    question = 'What is the capital of France?'
    expected = list(reply_stream(engine, [], question, temperature=0, max_tokens=24))[-1]
    page = chat_page(engine, NAME, temperature=0, max_tokens=24)
    page.queue().launch(server_name='127.0.0.1', prevent_thread_lock=True, inline=False, quiet=True)
    try:
        assert page.local_url.startswith('http://127.0.0.1:')
        browser.get(page.local_url)
        box = WebDriverWait(browser, 60).until(lambda d: d.find_element(By.CSS_SELECTOR, 'textarea'))
        box.send_keys(question, Keys.ENTER)
        bot = lambda d: [m.text.strip() for m in d.find_elements(By.CSS_SELECTOR, '[data-testid="bot"]')]
        WebDriverWait(browser, 90).until(lambda d: bot(d) and bot(d)[-1] == expected.strip())
        assert question in browser.find_element(By.CSS_SELECTOR, '[data-testid="user"]').text
    finally:
        page.close()
