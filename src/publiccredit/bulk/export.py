"""``bulk export``: the store as Parquet (sorted by subject) and CSV, with a manifest.

Everything is read in one snapshot (PostgreSQL ``REPEATABLE READ``; SQLite's
read transaction), so the files, the tree size and root in the manifest agree
with each other even while agencies keep submitting. Records stream from the
database in pages and go to each file in Arrow batches: memory stays bounded
at any store size. Facts are derived from the ledger's events exactly as the
online path derives them (``service.facts.facts_by_subject``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from publiccredit.bulk.columns import (
    FACT_SCHEMA,
    RECORD_SCHEMA,
    SUBJECT_SCHEMA,
    fact_row,
    record_row,
    to_table,
)
from publiccredit.bulk.files import TableWriter
from publiccredit.bulk.manifest import Manifest, write_manifest
from publiccredit.service.facts import facts_by_subject
from publiccredit.store.heads import latest_head
from publiccredit.store.nodestore import ledger_size, root_at
from publiccredit.store.projections import subject_keys_after
from publiccredit.store.schema import records, subjects

BATCH_ROWS = 50_000
"""Rows per Arrow batch (and Parquet row group) written."""
SUBJECT_PAGE = 2_000
"""Subjects whose facts are read per query."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What ``export_store`` wrote."""

    folder: Path
    manifest: Manifest


def _document(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str | bytes) else dict(value)


def _record_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    query = sa.select(
        records.c.subject_key, records.c.first_event_seq, records.c.status, records.c.content
    ).order_by(records.c.subject_key, records.c.first_event_seq)
    result = conn.execution_options(stream_results=True, yield_per=BATCH_ROWS).execute(query)
    for subject_key, seq, status, content in result:
        yield record_row(subject_key, int(seq), status, _document(content)["record"])


def _fact_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    after = ""
    while keys := subject_keys_after(conn, after, SUBJECT_PAGE):
        found = facts_by_subject(conn, keys)
        for key in keys:
            for position, fact in enumerate(found.get(key, ())):
                yield fact_row(key, position, fact)
        after = keys[-1]


def _subject_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    query = sa.select(
        subjects.c.subject_key,
        subjects.c.kind,
        subjects.c.name,
        subjects.c.entity_kind,
        subjects.c.region,
    ).order_by(subjects.c.subject_key)
    for row in conn.execution_options(stream_results=True, yield_per=BATCH_ROWS).execute(query):
        yield dict(row._mapping)


def _batches(rows: Iterator[dict[str, Any]], schema: pa.Schema) -> Iterator[pa.Table]:
    page: list[dict[str, Any]] = []
    for row in rows:
        page.append(row)
        if len(page) >= BATCH_ROWS:
            yield to_table(page, schema)
            page = []
    if page:
        yield to_table(page, schema)


def _snapshot(engine: Engine) -> Connection:
    conn = engine.connect()
    if engine.dialect.name == "postgresql":
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
    return conn


def export_store(
    engine: Engine, folder: Path, policy_version: str, created_at: datetime
) -> ExportResult:
    """Write ``records``, ``facts`` and ``subjects`` as Parquet and CSV into ``folder``,
    then ``manifest.json`` (written last: a folder without one is unfinished)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").unlink(missing_ok=True)
    tables = (
        ("records", RECORD_SCHEMA, _record_rows),
        ("facts", FACT_SCHEMA, _fact_rows),
        ("subjects", SUBJECT_SCHEMA, _subject_rows),
    )
    with _snapshot(engine) as conn, conn.begin():
        size = ledger_size(conn)
        root = root_at(conn, size).hex()
        head = latest_head(conn)
        written = []
        for name, schema, rows in tables:
            with closing(TableWriter(folder, name, schema)) as writer:
                for batch in _batches(rows(conn), schema):
                    writer.write(batch)
            written.extend(writer.files())
    manifest = Manifest(
        created_at=created_at,
        tree_size=size,
        tree_root=root,
        signed_head=None if head is None else head.to_json(),
        policy_version=policy_version,
        files=tuple(written),
        schemas={name: schema for name, schema, _rows in tables},
    )
    write_manifest(folder, manifest)
    return ExportResult(folder, manifest)
