"""A small store for the what-if and repair tests, on SQLite or PostgreSQL, dated from today.

One company whose records cover every case the pages show, with dates counted
back from today (Beijing), because a repair application is filed "now":

* ``P-OK`` a serious SAMR fine, paid long ago: repairable today; the serious
  illegal and dishonest listing ``SL`` rests on it (repairing it lifts the list);
* ``P-WAIT`` a general fine paid last month: not eligible until its minimum
  publication period ends (a date in the future);
* ``P-UNPAID`` a general fine not paid: not eligible, no date (obligations first);
* ``AB`` an abnormal-operations listing for a missing annual report (cured by filing).

Keys: the company's own subject key, another subject's key, and one key per other role.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from publiccredit.api import create_app
from publiccredit.api.state import ApiSettings
from publiccredit.domain.record import parse_record
from publiccredit.identifiers.uscc import calc_check_char, calc_inner_check_char
from publiccredit.policy import default_pack
from publiccredit.procedures.calendar import official_day
from publiccredit.service import Submission
from publiccredit.store.config import StoreConfig
from publiccredit.store.db import make_engine
from publiccredit.store.keys import create_key
from publiccredit.store.personal import load_personal_keys
from publiccredit.store.setup import initialise

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PG_URL = os.environ.get("PUBLICCREDIT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SAMR = "samr-440300"
PACK = default_pack()


def _uscc(body: str) -> str:
    first17 = "91440300" + body + calc_inner_check_char(body)
    return first17 + calc_check_char(first17)


COMPANY = _uscc("MA5WHF01")
OTHER = _uscc("MA5WHF02")
TODAY = official_day(datetime.now(UTC))


def ago(days: int) -> str:
    """The ISO date ``days`` before today."""
    return (TODAY - timedelta(days=days)).isoformat()


def _row(subject: str, source: str, record_type: str, days: int, **more: Any) -> dict[str, Any]:
    row = {"agency": SAMR, "source_record_id": source, "record_type": record_type,
           "subject_kind": "entity", "subject_id": subject, "decided_on": ago(days)}  # fmt: skip
    row.update(more)
    return row


def _fine(subject: str, source: str, days: int, severity: str) -> dict[str, Any]:
    extra = {"penalty_kinds": ["fine"], "procedure": "ordinary"}
    return _row(subject, source, "admin_penalty", days, severity=severity, extra=extra,
                facts="Sold goods below the labelled standard")  # fmt: skip


def _paid(subject: str, source: str, penalty: str, days: int) -> dict[str, Any]:
    return _row(subject, source, "obligation_performed", days, refers_to=penalty,
                extra={"what": "fine_paid"})  # fmt: skip


def rows() -> list[dict[str, Any]]:
    """The records of the story (see the module docstring)."""
    registration = {
        "name": "模拟测试有限公司",
        "legal_representative_name": "李模拟",
        "legal_representative_id": "440301199001011234",
        "status": "active",
    }
    other = {**registration, "name": "另一家有限公司"}
    return [
        _row(COMPANY, "REG", "registration", 4000, extra=registration),
        _fine(COMPANY, "P-OK", 500, "serious"),
        _paid(COMPANY, "OP-OK", "P-OK", 490),
        _row(
            COMPANY,
            "SL",
            "serious_dishonesty_listing",
            480,
            severity="serious",
            refers_to="P-OK",
            extra={"ground": "counterfeits"},
        ),
        _fine(COMPANY, "P-UNPAID", 100, "general"),
        _fine(COMPANY, "P-WAIT", 40, "general"),
        _paid(COMPANY, "OP-WAIT", "P-WAIT", 35),
        _row(
            COMPANY,
            "AB",
            "abnormal_operation_listing",
            60,
            extra={"ground": "annual_report_missing"},
        ),
        _row(OTHER, "REG-O", "registration", 4000, extra=other),
        _fine(OTHER, "P-O", 300, "general"),
    ]


@dataclass
class Store:
    """The app over the store, the keys by role, and the store's address."""

    client: TestClient
    tokens: dict[str, str]
    config: StoreConfig
    backend: str

    def auth(self, role: str) -> dict[str, str]:
        """Headers for ``role`` (none for the public)."""
        return {} if role == "public" else {"Authorization": f"Bearer {self.tokens[role]}"}

    def count(self, sql: str) -> int:
        """One number from the store (to check what was or was not stored)."""
        engine = make_engine(self.config.db_url)
        try:
            with engine.connect() as conn:
                return int(conn.execute(sa.text(sql)).scalar_one())
        finally:
            engine.dispose()


def _seed(config: StoreConfig) -> dict[str, str]:
    initialise(config)
    engine = make_engine(config.db_url)
    now = datetime.now(UTC)
    keys = load_personal_keys(config.data_dir)
    try:
        with engine.begin() as conn:
            submission = Submission(conn, PACK, keys, TODAY, now)
            parsed = [(i, parse_record(row), ()) for i, row in enumerate(rows())]
            assert submission.add(parsed) == []
            submission.finish()
            scopes: list[tuple[str, str, dict[str, str]]] = [
                ("subject", "subject", {"subject_key": COMPANY}),
                ("other", "subject", {"subject_key": OTHER}),
                ("agency", "agency", {"agency": SAMR}),
                ("institution", "institution", {"institution": "Example Bank"}),
                ("auditor", "auditor", {}),
                ("admin", "admin", {}),
            ]
            return {
                name: create_key(conn, role, label=f"what-if {name}", **scope)[1]
                for name, role, scope in scopes
            }
    finally:
        engine.dispose()


@contextmanager
def _database(backend: str, tmp: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp / 'what_if.sqlite3'}"
        return
    admin = make_engine(PG_URL, connect_args={"connect_timeout": 3})
    schema = f"pc_whatif_{secrets.token_hex(6)}"
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError:
        admin.dispose()
        reason = f"PostgreSQL is not reachable at {PG_URL} (see tests/conftest.py)"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def store(backend: str, tmp: Path) -> Iterator[Store]:
    """The seeded store and app on ``backend`` (``sqlite`` or ``postgresql``)."""
    with _database(backend, tmp) as url:
        config = StoreConfig(tmp / "data", url)
        tokens = _seed(config)
        app = create_app(config, settings=ApiSettings(rate=1000.0, burst=100_000))
        with TestClient(app, raise_server_exceptions=False) as client:
            yield Store(client, tokens, config, backend)


def today() -> date:
    """Today in Beijing (what the pages count from)."""
    return TODAY
