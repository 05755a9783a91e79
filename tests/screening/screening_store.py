"""A seeded store for the screening tests: synthetic entities ingested as ``ingest`` does.

Built once per module and backend (SQLite file; PostgreSQL in its own schema,
dropped afterwards), with a signed tree head, like the API tests' store.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from publiccredit.ingest.batch import IngestOptions, ingest_file
from publiccredit.policy import default_pack
from publiccredit.store.config import StoreConfig
from publiccredit.store.db import make_engine
from publiccredit.store.heads import sign_current_head
from publiccredit.store.keyfiles import load_signing_key
from publiccredit.store.personal import load_personal_keys
from publiccredit.store.setup import initialise
from publiccredit.synth import SynthConfig, write

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PG_URL = os.environ.get("PUBLICCREDIT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
HOW_TO_START = f"PostgreSQL is not reachable at {PG_URL} (see tests/conftest.py)"


@dataclass
class Store:
    """A seeded store: its config, an engine, and the backend's name."""

    config: StoreConfig
    engine: Engine
    backend: str

    @property
    def url(self) -> str:
        return self.config.db_url


def _pg_schema() -> tuple[str, str] | None:
    admin = make_engine(PG_URL, connect_args={"connect_timeout": 3})
    try:
        with admin.begin() as conn:
            schema = f"pc_scr_{secrets.token_hex(6)}"
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError:
        return None
    finally:
        admin.dispose()
    return f"{PG_URL}?options=-csearch_path%3D{schema}", schema


def _drop(schema: str) -> None:
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def seed_store(config: StoreConfig, tmp: Path, entities: int, seed: int = 11) -> Engine:
    """Initialise and ingest ``entities`` synthetic entities (few records each)."""
    initialise(config)
    summary = write(
        SynthConfig(entities=entities, records_per_entity=2, seed=seed), tmp / "synth", "csv"
    )
    engine = make_engine(config.db_url)
    now = datetime.now(UTC)
    keys = load_personal_keys(config.data_dir)
    options = IngestOptions(now.date(), now, legacy_listings=True)  # as the API tests seed
    result = ingest_file(engine, summary.path, default_pack(), keys, options)
    assert result.committed, result.problems[:3]
    with engine.begin() as conn:
        sign_current_head(conn, load_signing_key(config.data_dir))
    return engine


def stores(
    request: pytest.FixtureRequest, factory: pytest.TempPathFactory, entities: int
) -> Iterator[Store]:
    """The body of a module fixture parametrised over ``sqlite`` and ``postgresql``."""
    tmp = factory.mktemp(f"screening-{request.param}")
    schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'screening.sqlite3'}"
    else:
        found = _pg_schema()
        if found is None:
            if IN_CI:
                pytest.fail(HOW_TO_START)
            pytest.skip(HOW_TO_START)
        url, schema = found
    config = StoreConfig(tmp / "data", url)
    engine = seed_store(config, tmp, entities)
    try:
        yield Store(config, engine, request.param)
    finally:
        engine.dispose()
        if schema is not None:
            _drop(schema)
