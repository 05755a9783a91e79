"""Migrations give exactly the schema in schema.py, and running them twice is a no-op."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine

from publiccredit.store import migrate
from publiccredit.store.migrate import current_revision, head_revision
from publiccredit.store.schema import metadata


def test_migrated_database_matches_schema(engine: Engine) -> None:
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    assert differences == []


def test_migrate_is_idempotent(engine: Engine) -> None:
    assert current_revision(engine) == head_revision() == "0011"
    assert migrate(engine) is False
