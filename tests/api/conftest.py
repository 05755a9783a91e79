"""A seeded store and an app over it, built once per module on SQLite and on PostgreSQL.

The store holds ~30 synthetic entities (publiccredit.synth) ingested through
``ingest_file`` exactly as ``publiccredit ingest`` does, a signed tree head,
one API key per role, and a live consent for the institution key. PostgreSQL
gets its own schema per module (so the suite's per-test ``engine`` fixture,
which empties tables, never touches it); it is dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from publiccredit.api import create_app
from publiccredit.api.state import ApiSettings
from publiccredit.ingest.batch import IngestOptions, ingest_file
from publiccredit.policy import default_pack
from publiccredit.service.consents import grant as grant_consent
from publiccredit.store.config import StoreConfig
from publiccredit.store.db import make_engine
from publiccredit.store.heads import sign_current_head
from publiccredit.store.keyfiles import load_signing_key
from publiccredit.store.keys import create_key
from publiccredit.store.personal import load_personal_keys
from publiccredit.store.schema import subjects
from publiccredit.store.setup import initialise
from publiccredit.synth import SynthConfig, write

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PG_URL = os.environ.get("PUBLICCREDIT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
HOW_TO_START = f"PostgreSQL is not reachable at {PG_URL} (see tests/conftest.py)"
ENTITIES = 30
INSTITUTION = "Example Bank"
AGENCY = "samr-440300"


@dataclass
class Seeded:
    """What a test needs to know about the seeded store."""

    config: StoreConfig
    client: TestClient
    tokens: dict[str, str]
    entity: str
    listed: str
    person: str | None
    consented: str
    backend: str
    extra: dict[str, str] = field(default_factory=dict)

    def auth(self, role: str) -> dict[str, str]:
        """Headers for ``role`` (no header for the public)."""
        return {} if role == "public" else {"Authorization": f"Bearer {self.tokens[role]}"}


def _pg_database(tmp: Path) -> tuple[str, str] | None:
    admin = make_engine(PG_URL, connect_args={"connect_timeout": 3})
    try:
        with admin.begin() as conn:
            schema = f"pc_api_{secrets.token_hex(6)}"
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError:
        return None
    finally:
        admin.dispose()
    return f"{PG_URL}?options=-csearch_path%3D{schema}", schema


def _drop_schema(schema: str) -> None:
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def seed(config: StoreConfig, tmp: Path, settings: ApiSettings | None = None) -> Seeded:
    """Initialise, ingest a synthetic file, sign a head, create keys; the seeded app."""
    initialise(config)
    summary = write(SynthConfig(entities=ENTITIES, seed=7), tmp / "synth", "jsonl")
    engine = make_engine(config.db_url)
    now = datetime.now(UTC)
    result = ingest_file(
        engine,
        summary.path,
        default_pack(),
        load_personal_keys(config.data_dir),
        IngestOptions(now.date(), now, legacy_listings=True),
    )
    assert result.committed, result.problems[:3]
    with engine.begin() as conn:
        sign_current_head(conn, load_signing_key(config.data_dir))
        rows = conn.execute(sa.select(subjects.c.subject_key, subjects.c.kind)).all()
        entities = sorted(key for key, kind in rows if kind == "entity")
        persons = sorted(key for key, kind in rows if kind == "person")
        listed = (
            conn.execute(
                sa.text(
                    "SELECT subject_key FROM assessments WHERE CAST(assessment AS TEXT) LIKE :p"
                ),
                {"p": '%"abnormal_operations"%'},
            ).scalar()
            or entities[0]
        )
        entity = entities[1]
        tokens = {}
        for role, scope in (
            ("agency", {"agency": AGENCY}),
            ("subject", {"subject_key": entity}),
            ("institution", {"institution": INSTITUTION}),
            ("auditor", {}),
            ("admin", {}),
        ):
            tokens[role] = create_key(conn, role, label=f"test {role}", **scope)[1]
        consented = entities[2]
        consent = grant_consent(
            conn,
            consented,
            INSTITUTION,
            "loan application",
            now - timedelta(days=1),
            now + timedelta(days=30),
            now,
        )
    engine.dispose()
    app = create_app(config, settings=settings or ApiSettings(rate=1000.0, burst=100_000))
    client = TestClient(app, raise_server_exceptions=False)
    client.__enter__()
    return Seeded(
        config,
        client,
        tokens,
        entity,
        listed,
        persons[0] if persons else None,
        consented,
        "sqlite" if config.is_sqlite else "postgresql",
        {"consent_id": consent.id},
    )


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Seeded]:
    """The seeded store and app on each backend (once per test module)."""
    tmp = tmp_path_factory.mktemp(f"api-{request.param}")
    schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'api.sqlite3'}"
    else:
        found = _pg_database(tmp)
        if found is None:
            if IN_CI:
                pytest.fail(HOW_TO_START)
            pytest.skip(HOW_TO_START)
        url, schema = found
    data = seed(StoreConfig(tmp / "data", url), tmp)
    try:
        yield data
    finally:
        data.client.__exit__(None, None, None)
        if schema is not None:
            _drop_schema(schema)
