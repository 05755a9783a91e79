"""A small synthetic store for the bulk tests: entities, one natural person, facts.

Seeded through the online path (``Submission``, ``revoke``) and then re-assessed
online as of ``AS_OF`` (``reassess_all``), so the store's ``assessments`` table
holds what the bulk path must reproduce subject by subject.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from publiccredit.cli import app
from publiccredit.cli.errors import exit_code_for
from publiccredit.domain.record import Record, parse_record
from publiccredit.errors import PublicCreditError
from publiccredit.policy import default_pack
from publiccredit.service import Submission
from publiccredit.service.lifecycle import revoke
from publiccredit.service.rebuild import reassess_all
from publiccredit.store.personal import create_personal_keys, load_personal_keys
from publiccredit.store.schema import assessments
from publiccredit.synth import SynthConfig, generate

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
AS_OF = date(2026, 6, 1)
PERSON_ID = "11010519491231002X"


def synthetic_records(entities: int = 12, per_entity: float = 40) -> list[Record]:
    """Synthetic entities' records, plus a court listing of one natural person."""
    config = SynthConfig(
        entities=entities, records_per_entity=per_entity, end=date(2026, 5, 31), seed=5
    )
    found = list(generate(config))
    person = parse_record(
        {
            "agency": "court-440300",
            "source_record_id": "JD-PERSON-1",
            "record_type": "judgment_default_listing",
            "subject_kind": "person",
            "subject_id": PERSON_ID,
            "subject_name": "张测试",
            "decided_on": "2026-03-02",
            "severity": "serious",
            "extra": {"ground": "able_but_refuses", "case_no": "（2026）粤0305执1号"},
        }
    )
    return [*found, person]


def seed(engine: Engine, data_dir: Path, records: list[Record]) -> None:
    """Store ``records``, revoke one penalty, and re-assess everyone online as of ``AS_OF``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    create_personal_keys(data_dir)
    pack = default_pack()
    with engine.begin() as conn:
        submission = Submission(conn, pack, load_personal_keys(data_dir), AS_OF, NOW)
        assert submission.add([(i + 1, r, ()) for i, r in enumerate(records)]) == []
        submission.finish()
    penalty = next(r for r in records if r.record_type == "admin_penalty")
    with engine.begin() as conn:
        revoke(conn, pack, penalty.key, date(2026, 5, 1), "annulled", as_of=AS_OF, now=NOW)
    reassess_all(engine, pack, AS_OF)


def document(value: Any) -> dict[str, Any]:
    """A JSON column's value as a dict."""
    return json.loads(value) if isinstance(value, str | bytes) else dict(value)


def online_assessments(engine: Engine) -> dict[str, dict[str, Any]]:
    """The store's assessment documents by subject key."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(assessments.c.subject_key, assessments.c.assessment))
        return {key: document(value) for key, value in rows}


def run(*args: str, code: int = 0) -> str:
    """Run the CLI; a deliberate error's code and message come from the CLI's one mapping."""
    result = CliRunner().invoke(app, list(args))
    if isinstance(result.exception, PublicCreditError):
        assert exit_code_for(result.exception) == code, result.exception
        return str(result.exception)
    assert result.exit_code == code, (result.output, result.exception)
    return result.output


def seed_and_export(
    engine: Engine, db_url: str, tmp_path: Path, records: list[Record]
) -> tuple[Path, dict[str, Any]]:
    """Seed the store, then ``bulk export`` it through the CLI; (folder, manifest)."""
    data_dir = tmp_path / "data"
    seed(engine, data_dir, records)
    out = tmp_path / "export"
    store = ("--db", db_url, "--data-dir", str(data_dir))
    manifest = json.loads(run("bulk", "export", "--out", str(out), *store, "--json"))
    return out, manifest


def bulk_assess(folder: Path, *options: str) -> dict[str, Any]:
    """``bulk assess FOLDER --as-of AS_OF --json OPTIONS…`` through the CLI; its summary."""
    return dict(
        json.loads(
            run("bulk", "assess", str(folder), "--as-of", AS_OF.isoformat(), "--json", *options)
        )
    )


def bulk_documents(folder: Path) -> dict[str, dict[str, Any]]:
    """The assessment documents in a bulk output folder, by subject key."""
    table = pq.read_table(folder)
    return {row["subject_key"]: json.loads(row["assessment"]) for row in table.to_pylist()}
