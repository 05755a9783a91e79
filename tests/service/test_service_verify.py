"""``verify`` rebuilds what the public sees from the events and names every row that differs
(SQLite AND PostgreSQL, through the library and the command line)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from publiccredit.cli import app
from publiccredit.policy import default_pack
from publiccredit.service import Submission, revoke
from publiccredit.service.consents import grant
from publiccredit.service.rebuild import reassess_all
from publiccredit.service.verify_projections import verify_projections
from publiccredit.store.difference import MISSING, Difference
from publiccredit.store.personal import load_personal_keys
from publiccredit.store.schema import assessments, records
from publiccredit.store.unit import write_unit
from publiccredit.synth import SynthConfig, generate

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
AS_OF = date(2026, 6, 1)
RECORDS = list(
    generate(SynthConfig(entities=8, records_per_entity=12, end=date(2026, 5, 31), seed=5))
)
runner = CliRunner()


def _cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout


@pytest.fixture
def store(engine: Engine, db_url: str, tmp_path: Path) -> list[str]:
    """An initialised store holding synthetic records, one revocation and one consent."""
    where = ["--db", db_url, "--data-dir", str(tmp_path)]
    assert _cli("init", *where)[0] == 0
    pack = default_pack()
    with write_unit(engine) as conn:
        submission = Submission(conn, pack, load_personal_keys(tmp_path), AS_OF, NOW)
        assert submission.add([(i + 1, r, ()) for i, r in enumerate(RECORDS)]) == []
        submission.finish()
    penalty = next(r for r in RECORDS if r.severity is not None)
    with write_unit(engine) as conn:
        revoke(conn, pack, penalty.key, AS_OF, "quashed on review", as_of=AS_OF, now=NOW)
        entity = next(r.subject_id for r in RECORDS if r.subject_kind.value == "entity")
        grant(conn, entity, "Demo Bank", "loan", NOW, datetime(2027, 1, 1, tzinfo=UTC), NOW)
    return where


def _differences(engine: Engine) -> list[Difference]:
    with engine.connect() as conn:
        return verify_projections(conn, default_pack()).differences


def _severe_record(engine: Engine) -> tuple[tuple[str, str], dict[str, Any]]:
    """A stored abnormal-operations listing (published, not revoked) and its content."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(records.c.agency, records.c.source_record_id, records.c.content).where(
                records.c.status == "submitted"
            )
        ).all()
    for agency, source_id, content in rows:
        document = json.loads(content) if isinstance(content, str) else content
        if document["record"]["record_type"] == "abnormal_operation_listing":
            return (agency, source_id), document
    raise AssertionError("the synthetic data holds no listing")


def test_an_untouched_store_rebuilds_equal(engine: Engine, store: list[str]) -> None:
    with engine.connect() as conn:
        report = verify_projections(conn, default_pack())
    assert report.differences == []
    assert report.rebuilt["records"] == len(RECORDS)
    assert report.rebuilt["consents"] == 1
    assert report.rebuilt["assessments"] == len({r.subject_id for r in RECORDS})
    code, out = _cli("verify", *store, "--json")
    assert code == 0, out
    assert json.loads(out)["projections_rebuilt"]["records"] == len(RECORDS)


def test_a_record_edited_with_sql_then_reassessed_is_named_twice(
    engine: Engine, store: list[str]
) -> None:
    key, document = _severe_record(engine)
    document["record"]["decided_on"] = "2001-01-01"  # long out of publication
    with engine.begin() as conn:
        conn.execute(
            records.update()
            .where(records.c.agency == key[0], records.c.source_record_id == key[1])
            .values(content=document)
        )
    reassess_all(engine, default_pack(), AS_OF)  # the public listing now follows the edit
    found = _differences(engine)
    name = f"{key[0]}/{key[1]}"
    edited = [d for d in found if d.table == "records"]
    assert [(d.key, d.field, d.stored) for d in edited] == [
        (name, "content.record.decided_on", "2001-01-01")
    ]
    assert edited[0].rebuilt != "2001-01-01"
    subject = document["record"]["subject_id"]
    assert any(d.table == "assessments" and d.key == subject for d in found), found
    code, out = _cli("verify", *store)
    assert code == 1
    assert f'records {name}: content.record.decided_on stored "2001-01-01"' in out
    assert _cli("verify", *store, "--ledger-only")[0] == 0  # the events were never touched


def test_an_assessment_edited_with_sql_is_named(engine: Engine, store: list[str]) -> None:
    with engine.connect() as conn:
        key, document = conn.execute(
            sa.select(assessments.c.subject_key, assessments.c.assessment).limit(1)
        ).one()
    document = json.loads(document) if isinstance(document, str) else document
    document["lists"] = [{"list": "serious_illegal_dishonest"}]
    with engine.begin() as conn:
        conn.execute(
            assessments.update().where(assessments.c.subject_key == key).values(assessment=document)
        )
    found = _differences(engine)
    assert [(d.table, d.key, d.field) for d in found] == [("assessments", key, "assessment.lists")]
    code, out = _cli("verify", *store, "--json")
    assert code == 1
    assert json.loads(out)["differences"][0]["key"] == key


def test_deleted_status_edited_and_forged_rows_are_named(engine: Engine, store: list[str]) -> None:
    key, _ = _severe_record(engine)
    revoked = next(r for r in RECORDS if r.severity is not None).key
    with engine.begin() as conn:
        conn.execute(
            records.delete().where(records.c.agency == key[0], records.c.source_record_id == key[1])
        )
        conn.execute(
            records.update()
            .where(records.c.agency == revoked[0], records.c.source_record_id == revoked[1])
            .values(status="submitted")
        )
        conn.execute(sa.text("UPDATE consents SET purpose = 'anything'"))
    found = {(d.table, d.key, d.field): (d.stored, d.rebuilt) for d in _differences(engine)}
    assert found[("records", f"{key[0]}/{key[1]}", "(row)")][0] == MISSING
    assert found[("records", f"{revoked[0]}/{revoked[1]}", "status")] == ("submitted", "revoked")
    consent = [k for k in found if k[0] == "consents"]
    assert [(k[2], found[k]) for k in consent] == [("purpose", ("anything", "loan"))]
