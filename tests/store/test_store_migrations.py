"""Migrations give exactly the schema in schema.py, and running them twice is a no-op."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine

from publiccredit.store import migrate
from publiccredit.store.migrate import current_revision, head_revision
from publiccredit.store.schema import DIALECT_ONLY, metadata


def _shared(obj: object, name: str | None, *_: object) -> bool:
    """Leave out what one database only has (the screening trigram indexes)."""
    return name not in DIALECT_ONLY


def test_migrated_database_matches_schema(engine: Engine) -> None:
    with engine.connect() as conn:
        options = {"include_object": _shared}
        differences = compare_metadata(MigrationContext.configure(conn, opts=options), metadata)
    assert differences == []


def test_migrate_is_idempotent(engine: Engine) -> None:
    assert current_revision(engine) == head_revision() == "0013"
    assert migrate(engine) is False
