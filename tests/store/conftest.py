"""An engine per backend: every storage and ledger test runs on SQLite AND PostgreSQL.

SQLite: a fresh file per test in ``tmp_path``. PostgreSQL: the server at
``$PUBLICCREDIT_TEST_PG`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``);
the run creates its own schema (random name), migrates it once, empties the
tables before each test, and drops the schema at the end. Without a server
the PostgreSQL cases skip with how to start one — and FAIL under ``CI=true``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Engine

from publiccredit.domain.event import Event, EventKind
from publiccredit.store import migrate
from publiccredit.store.db import make_engine
from publiccredit.store.keyfiles import create_signing_key, load_signing_key
from publiccredit.store.schema import ledger_state, metadata

PG_URL = os.environ.get("PUBLICCREDIT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
HOW_TO_START = (
    f"PostgreSQL is not reachable at {PG_URL}. Start it with `pg_ctlcluster 15 main start` "
    "(or `apt-get install postgresql` first; see docs/postgresql.md), or point "
    "PUBLICCREDIT_TEST_PG at a server."
)


@pytest.fixture(scope="session")
def pg_schema_engine() -> Iterator[Engine | None]:
    """A migrated engine on a fresh schema of the test server, or None if unreachable."""
    admin = make_engine(PG_URL, connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as conn:
            conn.execute(sa.text("select 1"))
    except sa.exc.OperationalError:
        admin.dispose()
        yield None
        return
    schema = f"pc_test_{secrets.token_hex(6)}"
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _empty(engine: Engine) -> None:
    names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        conn.execute(sa.insert(ledger_state).values(id=1, size=0))


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(
    request: pytest.FixtureRequest, tmp_path: Path, pg_schema_engine: Engine | None
) -> Iterator[Engine]:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'test.sqlite3'}")
        migrate(engine)
        yield engine
        engine.dispose()
        return
    if pg_schema_engine is None:
        if IN_CI:
            pytest.fail(HOW_TO_START)
        pytest.skip(HOW_TO_START)
    _empty(pg_schema_engine)
    yield pg_schema_engine


@pytest.fixture
def signing_key(tmp_path: Path) -> Ed25519PrivateKey:
    """A ledger signing key created the way ``init`` does."""
    create_signing_key(tmp_path)
    return load_signing_key(tmp_path)


EventFactory = Callable[..., Event]


@pytest.fixture
def make_event() -> EventFactory:
    """A factory of synthetic ``record.submitted`` events (override any field by keyword)."""

    def factory(number: int = 0, **fields: Any) -> Event:
        moment = datetime(2025, 3, 1, 8, 0, tzinfo=UTC) + timedelta(minutes=number)
        values: dict[str, Any] = {
            "kind": EventKind.RECORD_SUBMITTED,
            "subject": "91440300MA5FTEST01",
            "occurred_at": moment,
            "recorded_at": moment,
            "actor": "samr-440300",
            "payload": {"source_record_id": f"R{number}", "amount": number * 1.5},
        }
        values.update(fields)
        return Event(**values)

    return factory
