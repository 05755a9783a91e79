"""``bulk export`` files and manifest, tampering, and ``--write-store`` (SQLite AND PostgreSQL)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import sqlalchemy as sa
from bulk_store import (
    AS_OF,
    NOW,
    online_assessments,
    run,
    seed_and_export,
    synthetic_records,
)
from sqlalchemy.engine import Engine

from publiccredit.bulk.columns import RECORD_SCHEMA, records_from_columns
from publiccredit.bulk.files import sha256_of
from publiccredit.policy import default_pack
from publiccredit.service import Submission, record_from_row
from publiccredit.store.nodestore import ledger_size
from publiccredit.store.personal import load_personal_keys
from publiccredit.store.schema import assessments, records
from publiccredit.synth import SynthConfig, generate

RECORDS = synthetic_records(entities=6, per_entity=25)


def _export(engine: Engine, db_url: str, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    return seed_and_export(engine, db_url, tmp_path, RECORDS)


def test_export_writes_sorted_typed_parquet_csv_and_a_true_manifest(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    folder, manifest = _export(engine, db_url, tmp_path)
    assert manifest == json.loads((folder / "manifest.json").read_text())
    with engine.connect() as conn:
        size = ledger_size(conn)
        stored = {
            (a, s): json.loads(c) if isinstance(c, str) else c
            for a, s, c in conn.execute(
                sa.select(records.c.agency, records.c.source_record_id, records.c.content)
            )
        }
    assert manifest["tree"]["size"] == size
    assert manifest["policy_version"] == default_pack().version
    for entry in manifest["files"]:
        assert sha256_of(folder / entry["path"]) == entry["sha256"]
    rows = {entry["table"]: entry["rows"] for entry in manifest["files"]}
    assert rows["records"] == len(RECORDS) == len(stored)
    assert rows["subjects"] == 7
    assert rows["facts"] >= 1
    table = pq.read_table(folder / "records.parquet")
    assert table.schema.equals(RECORD_SCHEMA)
    keys = list(zip(table["subject_key"].to_pylist(), table["seq"].to_pylist(), strict=True))
    assert keys == sorted(keys)
    # Records from columns equal the online path's records from the stored documents.
    from_columns = records_from_columns(table)
    for record in from_columns:
        assert record == record_from_row(stored[record.key]["record"])
    with (folder / "records.csv").open(newline="") as handle:
        lines = list(csv.DictReader(handle))
    assert [line["source_record_id"] for line in lines] == table["source_record_id"].to_pylist()
    assert "11010519491231002X" not in (folder / "records.csv").read_text()  # masked only
    assert {f["name"] for f in manifest["schemas"]["records"]} == set(RECORD_SCHEMA.names)


def test_a_tampered_file_is_refused_naming_it(engine: Engine, db_url: str, tmp_path: Path) -> None:
    folder, _manifest = _export(engine, db_url, tmp_path)
    target = folder / "facts.parquet"
    content = bytearray(target.read_bytes())
    content[len(content) // 2] ^= 0xFF  # same size, other bytes
    target.write_bytes(bytes(content))
    done = subprocess.run(
        [str(Path(sys.executable).parent / "publiccredit"), "bulk", "assess", str(folder)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 3, done.stderr
    assert "facts.parquet" in done.stderr
    assert "SHA-256" in done.stderr
    assert "Traceback" not in done.stderr
    output = run("bulk", "assess", str(tmp_path / "nowhere"), code=5)
    assert "manifest.json" in output


def test_write_store_saves_forward_only_and_only_into_its_own_store(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    folder, manifest = _export(engine, db_url, tmp_path)
    later = date(2027, 1, 1)
    # A newer online write for one subject (a record stored after the export).
    extra = next(
        iter(generate(SynthConfig(entities=1, records_per_entity=3, end=date(2026, 12, 1), seed=9)))
    )
    with engine.begin() as conn:
        submission = Submission(
            conn, default_pack(), load_personal_keys(tmp_path / "data"), AS_OF, NOW
        )
        assert submission.add([(1, extra, ())]) == []
        submission.finish()
    newer = online_assessments(engine)[extra.subject_id]
    summary = json.loads(
        run(
            "bulk",
            "assess",
            str(folder),
            "--as-of",
            later.isoformat(),
            "--write-store",
            "--db",
            db_url,
            "--data-dir",
            str(tmp_path / "data"),
            "--json",
        )
    )
    assert summary["written_to_store"] == 7
    with engine.connect() as conn:
        stored = {
            row.subject_key: row
            for row in conn.execute(
                sa.select(assessments.c.subject_key, assessments.c.as_of, assessments.c.through_seq)
            )
        }
    assert str(stored[extra.subject_id].as_of)[:10] == AS_OF.isoformat()  # kept: newer
    assert online_assessments(engine)[extra.subject_id] == newer
    moved = {key for key, row in stored.items() if str(row.as_of)[:10] == later.isoformat()}
    assert moved == set(stored) - {extra.subject_id}
    assert {stored[key].through_seq for key in moved} == {manifest["tree"]["size"]}


def test_write_store_refuses_another_store(engine: Engine, db_url: str, tmp_path: Path) -> None:
    folder, _manifest = _export(engine, db_url, tmp_path)
    other = tmp_path / "other"
    run("init", "--db", f"sqlite:///{other / 'db.sqlite3'}", "--data-dir", str(other))
    other_db = f"sqlite:///{other / 'db.sqlite3'}"
    output = run(
        *("bulk", "assess", str(folder), "--write-store"),
        *("--db", other_db, "--data-dir", str(other)),
        code=3,
    )
    assert "not read from this store" in output
    assert not (folder / "assessments").exists()  # refused before the run, not after
