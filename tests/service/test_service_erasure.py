"""Erasing personal data never changes an assessment; the ledger keeps the redaction and
still verifies, projections included (SQLite AND PostgreSQL)."""

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
from publiccredit.errors import Conflict, InvalidInput
from publiccredit.policy import default_pack
from publiccredit.service import Submission, revoke
from publiccredit.service.erasure import erase_personal_data
from publiccredit.service.rebuild import reassess_all
from publiccredit.store.personal import load_personal_keys
from publiccredit.store.schema import assessments, events, records
from publiccredit.store.unit import write_unit
from publiccredit.synth import SynthConfig, generate

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
AS_OF = date(2026, 6, 1)
RECORDS = list(
    generate(SynthConfig(entities=10, records_per_entity=15, end=date(2026, 5, 31), seed=1))
)
runner = CliRunner()


@pytest.fixture
def store(engine: Engine, db_url: str, tmp_path: Path) -> list[str]:
    where = ["--db", db_url, "--data-dir", str(tmp_path)]
    assert runner.invoke(app, ["init", *where]).exit_code == 0
    pack = default_pack()
    with write_unit(engine) as conn:
        submission = Submission(conn, pack, load_personal_keys(tmp_path), AS_OF, NOW)
        assert submission.add([(i + 1, r, ()) for i, r in enumerate(RECORDS)]) == []
        submission.finish()
    with write_unit(engine) as conn:
        revoke(conn, pack, RECORDS[-1].key, AS_OF, "quashed", as_of=AS_OF, now=NOW)
    return where


def _assessments(engine: Engine) -> dict[str, tuple[Any, ...]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(assessments)).all()
    return {
        row.subject_key: (
            row.policy_version,
            row.as_of,
            row.next_change_on,
            json.loads(row.assessment) if isinstance(row.assessment, str) else row.assessment,
        )
        for row in rows
    }


def _contents(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        found = conn.execute(sa.select(records.c.content)).scalars()
        return [json.loads(c) if isinstance(c, str) else c for c in found]


def _seqs(engine: Engine, *kinds: str) -> list[int]:
    with engine.connect() as conn:
        query = sa.select(events.c.seq).where(events.c.kind.in_(kinds)).order_by(events.c.seq)
        return list(conn.execute(query).scalars())


def test_erasing_every_record_payload_changes_no_assessment(
    engine: Engine, store: list[str]
) -> None:
    assert any("sealed" in document for document in _contents(engine))  # ID numbers to erase
    before = _assessments(engine)
    targets = _seqs(engine, "record.submitted", "record.corrected")
    assert len(targets) == len(RECORDS)
    first = runner.invoke(
        app,
        ["ledger", "erase", "--event", str(targets[0]), "--reason", "expired", *store, "--json"],
    )
    assert first.exit_code == 0, first.output
    with write_unit(engine) as conn:
        for seq in targets[1:]:
            erase_personal_data(conn, seq, "publication ended", "operator", NOW)
    assert _assessments(engine) == before
    reassess_all(engine, default_pack(), AS_OF)  # re-assessing reads the same masked records
    assert {k: v[3] for k, v in _assessments(engine).items()} == {
        k: v[3] for k, v in before.items()
    }
    with engine.connect() as conn:
        erased = conn.execute(sa.select(sa.func.count()).where(events.c.payload.is_(None)))
        assert erased.scalar_one() == len(targets)
        redactions = conn.execute(
            sa.select(events.c.payload).where(events.c.kind == "payload.erased")
        ).scalars()
        erased_seqs = sorted(json.loads(payload)["seq"] for payload in redactions)
    assert erased_seqs == targets  # the ledger keeps a redaction event for each
    assert not any("sealed" in document for document in _contents(engine))  # no ID number left
    verified = runner.invoke(app, ["verify", *store, "--json"])
    report = json.loads(verified.stdout)
    assert verified.exit_code == 0, report["differences"][:5]
    assert report["payloads_erased"] == len(targets)


def test_only_record_payloads_can_be_erased_and_only_once(engine: Engine, store: list[str]) -> None:
    [revocation] = _seqs(engine, "record.revoked")
    submitted = _seqs(engine, "record.submitted")[0]
    before = _assessments(engine)
    with write_unit(engine) as conn, pytest.raises(InvalidInput, match="only record payloads"):
        erase_personal_data(conn, revocation, "no reason to", "operator", NOW)
    refused = runner.invoke(
        app, ["ledger", "erase", "--event", str(revocation), "--reason", "x", *store]
    )
    assert refused.exit_code != 0
    with write_unit(engine) as conn:
        erase_personal_data(conn, submitted, "expired", "operator", NOW)
    with write_unit(engine) as conn, pytest.raises(Conflict, match="already erased"):
        erase_personal_data(conn, submitted, "again", "operator", NOW)
    assert _assessments(engine) == before
