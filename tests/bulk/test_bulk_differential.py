"""Bulk and online assessments are identical, subject by subject (SQLite AND PostgreSQL).

The store is seeded and re-assessed online; ``bulk export`` then ``bulk assess
--engine duckdb`` run through the command line on the export, and every
subject's bulk document must equal the stored one in full.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bulk_store import (
    bulk_assess,
    bulk_documents,
    online_assessments,
    seed_and_export,
    synthetic_records,
)
from sqlalchemy.engine import Engine

RECORDS = synthetic_records()


@pytest.fixture
def exported(engine: Engine, db_url: str, tmp_path: Path) -> tuple[Path, dict[str, dict[str, Any]]]:
    folder, _manifest = seed_and_export(engine, db_url, tmp_path, RECORDS)
    return folder, online_assessments(engine)


def test_duckdb_bulk_equals_online_subject_by_subject(
    exported: tuple[Path, dict[str, dict[str, Any]]],
) -> None:
    folder, online = exported
    assert len(online) == 13  # twelve entities and the natural person
    summary = bulk_assess(folder, "--engine", "duckdb", "--workers", "2")
    assert summary["subjects"] == len(online)
    assert summary["records"] == len(RECORDS)
    bulk = bulk_documents(Path(summary["out"]))
    assert bulk.keys() == online.keys()
    for key, document in online.items():
        assert bulk[key] == document, key
    states = {e["state"] for doc in bulk.values() for e in doc["records"]}
    assert "revoked" in states  # the revocation fact travelled through the export
    person = next(doc for doc in bulk.values() if doc["subject"]["kind"] == "person")
    assert person["subject"]["id"] == "110105********002X"  # masked, as online


def test_one_worker_gives_the_same_as_two(
    exported: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path
) -> None:
    folder, online = exported
    out = tmp_path / "one"
    bulk_assess(folder, "--workers", "1", "--out", str(out))
    assert bulk_documents(out) == online
