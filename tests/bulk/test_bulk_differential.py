"""Bulk and online assessments are identical, subject by subject (SQLite AND PostgreSQL).

The store is seeded and re-assessed online; ``bulk export`` then ``bulk assess
--engine duckdb`` run through the command line on the export, and every
subject's bulk document must equal the stored one in full.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from bulk_store import AS_OF, online_assessments, seed, synthetic_records
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from publiccredit.cli import app
from publiccredit.cli.errors import exit_code_for
from publiccredit.errors import PublicCreditError

RECORDS = synthetic_records()


def run(*args: str, code: int = 0) -> str:
    """Run the CLI; a deliberate error's code and message come from the CLI's one mapping."""
    result = CliRunner().invoke(app, list(args))
    if isinstance(result.exception, PublicCreditError):
        assert exit_code_for(result.exception) == code, result.exception
        return str(result.exception)
    assert result.exit_code == code, (result.output, result.exception)
    return result.output


def bulk_documents(folder: Path) -> dict[str, dict[str, Any]]:
    table = pq.read_table(folder)
    return {row["subject_key"]: json.loads(row["assessment"]) for row in table.to_pylist()}


@pytest.fixture
def exported(engine: Engine, db_url: str, tmp_path: Path) -> tuple[Path, dict[str, dict[str, Any]]]:
    data_dir = tmp_path / "data"
    seed(engine, data_dir, RECORDS)
    out = tmp_path / "export"
    run("bulk", "export", "--out", str(out), "--db", db_url, "--data-dir", str(data_dir), "--json")
    return out, online_assessments(engine)


def test_duckdb_bulk_equals_online_subject_by_subject(
    exported: tuple[Path, dict[str, dict[str, Any]]],
) -> None:
    folder, online = exported
    assert len(online) == 13  # twelve entities and the natural person
    summary = json.loads(
        run(
            "bulk",
            "assess",
            str(folder),
            "--engine",
            "duckdb",
            "--workers",
            "2",
            "--as-of",
            AS_OF.isoformat(),
            "--json",
        )
    )
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
    run("bulk", "assess", str(folder), "--workers", "1", "--out", str(out),
        "--as-of", AS_OF.isoformat())  # fmt: skip
    assert bulk_documents(out) == online
