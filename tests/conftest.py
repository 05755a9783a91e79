"""Suite-wide rules and the per-backend database fixtures.

Under ``CI=true`` a skipped test is a failure: CI must never pass by silently
not running something (a missing PostgreSQL, a missing browser). Outside CI a
skip is allowed and its reason says how to make the test run.

``engine``: every storage, ledger, service and ingestion test runs on SQLite
AND PostgreSQL. SQLite: a fresh file per test in ``tmp_path``. PostgreSQL: the
server at ``$PUBLICCREDIT_TEST_PG`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``); the run creates its own
schema (random name), migrates it once, empties the tables before each test,
and drops the schema at the end. Without a server the PostgreSQL cases skip
with how to start one — and FAIL under ``CI=true``. ``db_url`` is the same
database as a URL, for tests that run the command line.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from sqlalchemy.engine import Engine

from publiccredit.store import migrate
from publiccredit.store.db import make_engine
from publiccredit.store.schema import ledger_state, metadata

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
SHARED = Path(__file__).resolve().parents[2] / "shared"
"""The workspace's shared folder (``../shared`` beside the project root)."""

# Timing-based health checks and deadlines measure the machine, not the code:
# on a loaded 2-core CI box they fail at random. Correctness checks stay on.
settings.register_profile(
    "publiccredit", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("publiccredit")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which forbids skips: {report.longrepr}"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; the reference vectors the tests read."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.fail(f"reference data not found at {path}: clone the project beside shared/")
    return path


PG_URL = os.environ.get("PUBLICCREDIT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
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
def db_url(engine: Engine) -> str:
    """``engine``'s database as a URL for the command line (PostgreSQL: with its schema)."""
    if engine.dialect.name == "sqlite":
        return str(engine.url)
    with engine.connect() as conn:
        schema = conn.execute(sa.text("select current_schema()")).scalar_one()
    return f"{PG_URL}?options=-csearch_path%3D{schema}"
