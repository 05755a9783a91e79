"""Real-browser fixtures: a live server over a seeded store, Debian's Chromium driven by Playwright.

Why a real browser: the page tests (tests/web) read HTML through the test
client; only a browser shows that forms submit, links keep the language, a
cookie session survives navigation, a download really arrives and that a name
full of markup never runs as script.

* ``site``: a SQLite store seeded exactly as the API tests seed theirs
  (tests/api/conftest.py ``seed``), plus a subject whose name is hostile markup;
  the real app (``publiccredit.api.create_app``) served by uvicorn in a
  background thread on a free loopback port. One per test session.
* ``browser``: Debian's Chromium (``/usr/bin/chromium``, or
  ``$PUBLICCREDIT_CHROMIUM``) launched headless by Playwright; Playwright's own
  browser download is never used. One per test module. Missing Chromium or
  Playwright: the tests skip saying how to install them, and FAIL under
  ``CI=true`` (``make test`` installs Chromium with apt when it is missing).
* ``tab``: a fresh browser context (no cookies) and page for one test, with a
  timeout on every action, every JavaScript dialog recorded (a dialog means
  injected script ran: the test fails), and ``tab.shot(step)`` saving a
  full-page screenshot to ``test-artifacts/browser/<test>-<step>.png``; a test
  that fails gets a last one, ``<test>-failed.png``.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Generator, Iterator
from typing import Any

import pytest
import uvicorn
from browser_site import (
    ACTION_TIMEOUT_MS,
    CHROMIUM,
    CHROMIUM_ARGS,
    LAUNCH_TIMEOUT_MS,
    SERVER_START_SECONDS,
    Site,
    Tab,
    add_repairable_penalty,
    api_seeding,
    beijing_today,
    entity_name,
    free_socket,
    make_hostile,
    missing,
    subject_token,
    unused_entity,
)

from publiccredit.api import create_app
from publiccredit.api.state import ApiSettings
from publiccredit.store.config import StoreConfig


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A seeded SQLite store served by the real app on a free loopback port."""
    tmp = tmp_path_factory.mktemp("browser")
    config = StoreConfig(tmp / "data", f"sqlite:///{tmp / 'browser.sqlite3'}")
    seeded = api_seeding().seed(config, tmp)
    seeded.client.__exit__(None, None, None)  # the live server below serves the store
    taken = {seeded.entity, seeded.listed, seeded.consented}
    hostile = unused_entity(config, taken)
    make_hostile(config, hostile)
    own = unused_entity(config, taken | {hostile})
    penalty = add_repairable_penalty(config, own, beijing_today())
    token = subject_token(config, own)
    app = create_app(config, settings=ApiSettings(rate=1000.0, burst=100_000))
    sock = free_socket()
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            pytest.fail(f"the live server did not start within {SERVER_START_SECONDS:.0f} s")
        time.sleep(0.02)
    host, port = sock.getsockname()[:2]
    try:
        name = entity_name(config, seeded.entity)
        yield Site(f"http://{host}:{port}", seeded, name, hostile, own, token, penalty)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (one per test module)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright is not installed: run `make test` (it installs the dev extra)")
    if not os.access(CHROMIUM, os.X_OK):
        missing(
            f"Chromium not found at {CHROMIUM}: `make test` installs it "
            "(`apt-get install chromium chromium-driver`), or set PUBLICCREDIT_CHROMIUM"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=LAUNCH_TIMEOUT_MS
        )
        try:
            yield launched
        finally:
            launched.close()


CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, None]:
    """Remember whether a browser test's body failed, so ``tab`` can take a last screenshot."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed


@pytest.fixture
def tab(browser: Any, site: Site, request: pytest.FixtureRequest) -> Iterator[Tab]:
    """A fresh context (no cookies) and page; fails the test if any JavaScript dialog opened."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    test = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name).strip("_")
    opened = Tab(page, site, test)

    def record(dialog: Any) -> None:
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    try:
        yield opened
        if request.node.stash.get(CALL_FAILED, False):
            opened.shot("failed")  # what the page showed when the test failed
    finally:
        context.close()
    assert not opened.dialogs, f"a JavaScript dialog opened (injected script ran): {opened.dialogs}"
