"""The daily close: ended access-log days committed, a head signed when the tree moved —
by the library, ``ledger close-day``, ``ledger commit-access-log`` and the sweep
(SQLite AND PostgreSQL)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from publiccredit.cli import app
from publiccredit.service.daily_close import close_day
from publiccredit.store.access_log import log_access
from publiccredit.store.heads import all_heads
from publiccredit.store.keyfiles import load_signing_key
from publiccredit.store.schema import access_log
from publiccredit.store.unit import write_unit
from publiccredit.store.verify import verify_store

READ_AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 on 2 March in Beijing
NEXT_MORNING = datetime(2026, 3, 3, 1, 0, tzinfo=UTC)  # 09:00 on 3 March in Beijing
runner = CliRunner()


@pytest.fixture
def store(engine: Engine, db_url: str, tmp_path: Path) -> list[str]:
    where = ["--db", db_url, "--data-dir", str(tmp_path)]
    assert runner.invoke(app, ["init", *where]).exit_code == 0
    with engine.begin() as conn:
        log_access(
            conn, "bank-1", "financial_institution", "91440300MA5FTEST01", "x", None, READ_AT
        )
    return where


def test_close_commits_ended_days_and_signs_once(
    engine: Engine, store: list[str], tmp_path: Path
) -> None:
    key = load_signing_key(tmp_path)
    first = close_day(engine, key, NEXT_MORNING)
    assert [day for day, _ in first.committed] == [date(2026, 3, 2)]
    assert first.head is not None
    assert first.head.size == first.committed[0][1]
    again = close_day(engine, key, NEXT_MORNING)
    assert (again.committed, again.head) == ([], None)  # nothing new: no commit, no head
    with engine.connect() as conn:
        assert conn.execute(sa.select(access_log.c.committed_seq)).scalar() == first.head.size
        report = verify_store(conn, key.public_key())
    assert report.ok, report.findings
    assert report.heads_checked == 1


def test_a_day_without_reads_is_committed_too(
    engine: Engine, store: list[str], tmp_path: Path
) -> None:
    later = datetime(2026, 3, 5, 1, 0, tzinfo=UTC)
    closed = close_day(engine, load_signing_key(tmp_path), later)
    assert [day for day, _ in closed.committed] == [date(2026, 3, 2), date(2026, 3, 4)]


def test_the_commands_and_the_sweep_run_the_close(
    engine: Engine, store: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUBLICCREDIT_NOW", "2026-03-02T12:00:00+08:00")
    result = runner.invoke(app, ["ledger", "commit-access-log", *store, "--json"])
    assert json.loads(result.stdout) == {"access_log_days": [{"day": "2026-03-01", "seq": 1}]}
    refused = runner.invoke(app, ["ledger", "commit-access-log", "--day", "2026-03-02", *store])
    assert refused.exit_code != 0  # the day has not ended in Beijing
    monkeypatch.setenv("PUBLICCREDIT_NOW", "2026-03-03T09:00:00+08:00")
    swept = runner.invoke(app, ["sweep", *store, "--json"])
    assert swept.exit_code == 0, swept.output
    assert "access log of 2026-03-02 committed in event 2" in swept.stderr
    assert "signed head 1 (size 2)" in swept.stderr
    with engine.connect() as conn:
        assert [head.size for head in all_heads(conn)] == [2]
    closed = runner.invoke(app, ["ledger", "close-day", *store, "--json"])
    assert json.loads(closed.stdout) == {"access_log_days": [], "signed_head": None}
    with write_unit(engine) as conn:
        log_access(conn, "a", "auditor", None, "late", None, datetime(2026, 3, 3, 2, tzinfo=UTC))
    verified = runner.invoke(app, ["verify", *store, "--json"])
    assert json.loads(verified.stdout)["ok"]
