"""The test process's shared Chromium (tests/support/browser_support.py): between its uses
other tests can run event loops of their own, each page starts with nothing stored, and a
browser that has gone is replaced."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest

from adversarial_support import descendants, outliving, watch
from browser_support import chromium_path, require_chromium, shared_browser

pytestmark = pytest.mark.browser


async def _answer() -> int:
    await asyncio.sleep(0)
    return 42


def test_an_event_loop_runs_between_uses_of_the_browser(browser):
    with browser.page() as (page, _):
        assert page.evaluate("() => 6 * 7") == 42
        pending = _answer()
        with pytest.raises(RuntimeError, match="running event loop"):
            asyncio.run(pending)  # Playwright's loop is marked running while in use
        pending.close()
    assert asyncio.run(_answer()) == 42  # as a notebook build or a kernel needs
    with browser.page() as (page, _):  # and the browser still answers afterwards
        assert page.evaluate("() => 1 + 1") == 2
    assert shared_browser() is browser


def test_each_page_starts_with_nothing_stored(browser, tmp_path):
    path = tmp_path / "store.html"
    path.write_text("<html><body>x</body></html>", encoding="utf-8")
    visits = []
    for _ in range(2):
        with browser.page() as (page, _):
            page.goto(path.as_uri())
            visits.append((page.evaluate("() => localStorage.getItem('seen')"),
                           page.evaluate("() => history.length")))
            page.evaluate("() => localStorage.setItem('seen', 'yes')")
    assert visits == [(None, 2), (None, 2)]  # about:blank, then the page


def test_a_browser_that_has_gone_is_replaced(browser):
    with browser.awake():
        browser.browser.close()  # as after a crash: Chromium no longer answers
    assert not browser.alive
    fresh = shared_browser()
    assert fresh is not browser and fresh.alive
    with fresh.page() as (page, state):
        page.goto("data:text/html,<p>ok</p>")
        assert page.inner_text("p") == "ok" and state["page_errors"] == []


def _chromium_of_this_process() -> int:
    """The pid of the shared browser's main Chromium process (not a renderer or helper)."""
    browser_name = Path(os.path.realpath(chromium_path())).name.encode()

    for pid in descendants(os.getpid()):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if command[0].rsplit(b"/", 1)[-1] == browser_name and \
                not any(a.startswith(b"--type=") for a in command):
            return pid
    raise AssertionError("no Chromium below this test process")


def test_a_crashed_browser_is_replaced_before_the_next_test_uses_it(browser):
    with browser.page() as (page, _):
        assert page.evaluate("() => 1") == 1
    chromium = _chromium_of_this_process()
    watched = watch({chromium})
    os.kill(chromium, signal.SIGKILL)  # a crash between two tests
    assert not outliving(watched, 10)
    fresh = shared_browser()
    assert fresh is not browser
    with fresh.page() as (page, _):
        assert page.evaluate("() => 2") == 2


def test_a_chromium_path_that_does_not_exist_is_named_in_the_error(monkeypatch, tmp_path):
    missing = str(tmp_path / "chrome")
    monkeypatch.setenv("PROGRAMTHEORY_CHROMIUM", missing)
    monkeypatch.delenv("PROGRAMTHEORY_ALLOW_NO_BROWSER", raising=False)
    with pytest.raises(RuntimeError, match="PROGRAMTHEORY_CHROMIUM") as raised:
        require_chromium()
    assert missing in str(raised.value) and "system_deps" not in str(raised.value)
