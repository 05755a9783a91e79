"""What the browser tests share: Chromium's launch settings, the live site, one test's tab.

Kept out of conftest.py so the test modules can import it by a name no other
test folder uses (``browser_site``). See conftest.py for why the tests exist.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import sys
import warnings
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from publiccredit.ingest.batch import IngestOptions, ingest_file
from publiccredit.policy import default_pack
from publiccredit.store.config import StoreConfig
from publiccredit.store.db import make_engine
from publiccredit.store.heads import sign_current_head
from publiccredit.store.keyfiles import load_signing_key
from publiccredit.store.keys import create_key
from publiccredit.store.personal import load_personal_keys
from publiccredit.store.schema import subjects
from publiccredit.textfold import fold

ROOT = Path(__file__).resolve().parents[2]
API_CONFTEST = ROOT / "tests" / "api" / "conftest.py"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = Path(os.environ.get("PUBLICCREDIT_CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]
LAUNCH_TIMEOUT_MS = 30_000
ACTION_TIMEOUT_MS = 15_000
SERVER_START_SECONDS = 20.0
HOSTILE = (
    '<img src=x onerror="window.__pwned=1;alert(1)">'
    "<script>window.__pwned=2;alert(2)</script>测试有限公司"
)
"""A subject name that would run script if any page put it into HTML unescaped."""


def missing(reason: str) -> None:
    """Skip (outside CI) or fail (under ``CI=true``) saying how to make the test run."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


def api_seeding() -> Any:
    """tests/api/conftest.py as a module (its ``seed``), loaded as the web tests load it."""
    name = "api_seed_for_browser"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, API_CONFTEST)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


@dataclass
class Site:
    """The live server and what the tests need to know about its store."""

    base: str
    seeded: Any = field(repr=False)
    entity_name: str
    hostile_key: str
    own_key: str
    """The subject of the self-service flow (it has a repairable penalty)."""
    own_token: str = field(repr=False)
    """A subject API key of ``own_key``, for signing in."""
    penalty_id: str

    def url(self, path: str) -> str:
        """``path`` (``/portal/...``) on the live server."""
        return f"{self.base}{path}"

    def engine(self) -> sa.Engine:
        """A new engine on the store (dispose it when done)."""
        return make_engine(self.seeded.config.db_url)


def unused_entity(config: StoreConfig, avoid: set[str]) -> str:
    """The entity with the highest code not in ``avoid`` (so the flows never share one)."""
    engine = make_engine(config.db_url)
    with engine.connect() as conn:
        keys = conn.execute(
            sa.select(subjects.c.subject_key)
            .where(subjects.c.kind == "entity")
            .order_by(subjects.c.subject_key.desc())
        ).scalars()
        key = next(k for k in keys if k not in avoid)
    engine.dispose()
    return str(key)


def make_hostile(config: StoreConfig, key: str) -> None:
    """Rename entity ``key`` to ``HOSTILE``."""
    engine = make_engine(config.db_url)
    with engine.begin() as conn:
        conn.execute(
            subjects.update()
            .where(subjects.c.subject_key == key)
            .values(name=HOSTILE, name_folded=fold(HOSTILE))
        )
    engine.dispose()


def subject_token(config: StoreConfig, key: str) -> str:
    """A new subject API key of ``key``; its token."""
    engine = make_engine(config.db_url)
    with engine.begin() as conn:
        token = create_key(conn, "subject", subject_key=key, label="browser self-service")[1]
    engine.dispose()
    return token


def beijing_today() -> date:
    """Today in Beijing (UTC+8), the day publication periods count in."""
    return datetime.now(timezone(timedelta(hours=8))).date()


def entity_name(config: StoreConfig, key: str) -> str:
    engine = make_engine(config.db_url)
    with engine.connect() as conn:
        name = conn.execute(
            sa.select(subjects.c.name).where(subjects.c.subject_key == key)
        ).scalar_one()
    engine.dispose()
    return str(name)


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@dataclass
class Tab:
    """One test's page, the dialogs it saw, and its screenshots."""

    page: Any
    site: Site
    test: str
    dialogs: list[str] = field(default_factory=list)

    def go(self, path: str) -> Any:
        """Open ``path`` on the live server; the response (must be a success)."""
        response = self.page.goto(self.site.url(path), wait_until="load")
        assert response is not None
        assert response.ok, f"{path}: HTTP {response.status}"
        return response

    def follow(self, target: Any) -> Any:
        """Click ``target`` (a selector or a locator: a link or a submit button) and wait for
        the page it leads to, which must be a success.

        A failure names the page and shows its text, so the broken step is plain.
        """
        clicked = self.page.locator(target) if isinstance(target, str) else target
        with self.page.expect_navigation() as navigation:
            clicked.click()
        response = navigation.value
        if response is None or not response.ok:
            status = "no response" if response is None else f"HTTP {response.status}"
            shown = self.page.locator("body").inner_text()[:500]
            raise AssertionError(f"{target} on {self.page.url}: {status}: {shown}")
        return response

    def shot(self, step: str) -> Path:
        """A full-page screenshot: test-artifacts/browser/<test>-<step>.png."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.test}-{step}.png"
        try:
            self.page.screenshot(path=str(path), full_page=True, timeout=ACTION_TIMEOUT_MS)
        except PlaywrightTimeout:
            # A screenshot is evidence for a person, not a check: on a loaded machine a
            # full-page capture of a long page can outlast the timeout. Keep the test's
            # verdict to its assertions and say what is missing.
            warnings.warn(f"screenshot {path.name} timed out (machine busy)", stacklevel=2)
        return path

    def html_lang(self) -> str:
        """The ``lang`` attribute of the page's ``<html>``."""
        return str(self.page.get_attribute("html", "lang"))


def add_repairable_penalty(config: StoreConfig, key: str, today: date) -> str:
    """Give ``key`` a general penalty (fine paid) past its minimum publication period.

    The synthetic seed has no published penalty, and the self-service flow must
    apply to repair one. The two records are ingested like any agency file; the
    tree head is signed again so the public report covers them. Returns the
    penalty's source record id.
    """
    decided = today - timedelta(days=200)
    engine = make_engine(config.db_url)
    with engine.connect() as conn:
        name = conn.execute(
            sa.select(subjects.c.name).where(subjects.c.subject_key == key)
        ).scalar_one()
    common = {
        "agency": f"samr-{key[2:8]}",
        "subject_kind": "entity",
        "subject_id": key,
        "subject_name": name,
        "effective_until": None,
        "amount": None,
    }
    penalty = {
        **common,
        "source_record_id": "PE-BROWSER-00001",
        "record_type": "admin_penalty",
        "decision_no": f"浏览器测试罚〔{decided.year}〕1号",
        "decided_on": decided.isoformat(),
        "effective_from": decided.isoformat(),
        "severity": "general",
        "legal_basis": "《中华人民共和国食品安全法》",
        "facts": "经营不符合食品安全标准的食品",
        "amount": "5000.00",
        "refers_to": "",
        "recorded_at": f"{decided.isoformat()}T10:00:00+08:00",
        "extra": {"penalty_kinds": ["fine"], "procedure": "ordinary"},
    }
    paid = decided + timedelta(days=20)
    performed = {
        **common,
        "source_record_id": "OP-BROWSER-00001",
        "record_type": "obligation_performed",
        "decision_no": "",
        "decided_on": paid.isoformat(),
        "effective_from": None,
        "severity": None,
        "legal_basis": "",
        "facts": "",
        "refers_to": "PE-BROWSER-00001",
        "recorded_at": f"{paid.isoformat()}T10:00:00+08:00",
        "extra": {"what": "fine_paid"},
    }
    path = config.data_dir.parent / "browser-penalty.jsonl"
    lines = (json.dumps(r, ensure_ascii=False) for r in (penalty, performed))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    now = datetime.now(UTC)
    result = ingest_file(
        engine,
        path,
        default_pack(),
        load_personal_keys(config.data_dir),
        IngestOptions(now.date(), now, legacy_listings=True),
    )
    assert result.committed, result.problems[:3]
    with engine.begin() as conn:
        sign_current_head(conn, load_signing_key(config.data_dir))
    engine.dispose()
    return str(penalty["source_record_id"])
