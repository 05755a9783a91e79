"""Revocation and the sweep on a real store (SQLite AND PostgreSQL)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from publiccredit.domain.record import Record
from publiccredit.errors import Conflict, NotFound
from publiccredit.policy import default_pack
from publiccredit.service import Submission, revoke, sweep
from publiccredit.service import submit as submit_module
from publiccredit.store.personal import PersonalDataKeys, create_personal_keys, load_personal_keys
from publiccredit.store.projections import get_assessment, get_record
from publiccredit.store.schema import events
from publiccredit.synth import SynthConfig, generate

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
RECORDS = list(
    generate(SynthConfig(entities=8, records_per_entity=30, end=date(2026, 5, 31), seed=8))
)


@pytest.fixture
def keys(tmp_path: Path) -> PersonalDataKeys:
    create_personal_keys(tmp_path)
    return load_personal_keys(tmp_path)


def submit(engine: Engine, keys: PersonalDataKeys, records: list[Record], as_of: date) -> None:
    with engine.begin() as conn:
        submission = Submission(conn, default_pack(), keys, as_of, NOW)
        assert submission.add([(i + 1, r, ()) for i, r in enumerate(records)]) == []
        submission.finish()


def _document(value: object) -> dict[str, object]:
    return value if isinstance(value, dict) else json.loads(str(value))


def test_revocation_is_an_event_a_status_and_a_fact(engine: Engine, keys: PersonalDataKeys) -> None:
    submit(engine, keys, RECORDS, date(2026, 6, 1))
    penalty = next(r for r in RECORDS if r.record_type == "admin_penalty")
    with engine.begin() as conn:
        done = revoke(conn, default_pack(), penalty.key, date(2026, 5, 1), "annulled on review",
                      as_of=date(2026, 6, 1), now=NOW)  # fmt: skip
    with engine.connect() as conn:
        kind = conn.execute(sa.select(events.c.kind).where(events.c.seq == done.seq)).scalar_one()
        stored = get_record(conn, penalty.key)
        assessment = get_assessment(conn, penalty.subject_id)
    assert kind == "record.revoked"
    assert stored is not None
    assert stored["status"] == "revoked"
    assert assessment is not None
    assert assessment["through_seq"] == done.seq
    states = {
        (e["agency"], e["source_record_id"]): e["state"]
        for e in assessment["assessment"]["records"]  # type: ignore[index]
    }
    assert states[penalty.key] == "revoked"
    with engine.begin() as conn, pytest.raises(Conflict):
        revoke(conn, default_pack(), penalty.key, date(2026, 5, 1), "again",
               as_of=date(2026, 6, 1), now=NOW)  # fmt: skip
    with engine.begin() as conn, pytest.raises(NotFound):
        revoke(conn, default_pack(), ("samr-100000", "nope"), date(2026, 5, 1), "x",
               as_of=date(2026, 6, 1), now=NOW)  # fmt: skip


def test_sweep_reassesses_exactly_the_subjects_whose_date_has_come(
    engine: Engine, keys: PersonalDataKeys
) -> None:
    submit(engine, keys, RECORDS, date(2026, 6, 1))
    with engine.connect() as conn:
        rows = conn.execute(sa.text("select subject_key, next_change_on from assessments")).all()
    dates = sorted(d if isinstance(d, date) else date.fromisoformat(d) for _, d in rows if d)
    assert dates, "some assessment must change by time alone"
    day = dates[len(dates) // 2]
    due = {
        key for key, d in rows if d and (d if isinstance(d, date) else date.fromisoformat(d)) <= day
    }
    assert sweep(engine, default_pack(), day) == len(due)
    with engine.connect() as conn:
        after = {key: get_assessment(conn, key) for key, _ in rows}
    for key, found in after.items():
        assert found is not None
        assert found["as_of"] == (day if key in due else date(2026, 6, 1))
        if key in due:
            following = found["next_change_on"]
            assert following is None or following > day
    assert sweep(engine, default_pack(), day) == 0  # nothing left to do for that day


def test_a_large_batch_lets_the_planner_see_its_rows(
    engine: Engine, keys: PersonalDataKeys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside the batch's own transaction, PostgreSQL has statistics for the rows written
    (else it reads the whole table per chunk of subjects re-assessed); SQLite is left be."""
    monkeypatch.setattr(submit_module, "ANALYZE_AFTER", 30)
    records = list(generate(SynthConfig(entities=4, records_per_entity=30, seed=5)))
    assert len(records) >= 60
    with engine.begin() as conn:
        submission = Submission(conn, default_pack(), keys, date(2026, 6, 1), NOW)
        assert submission.add([(i + 1, r, ()) for i, r in enumerate(records)]) == []
        if conn.dialect.name == "postgresql":
            estimate = conn.exec_driver_sql(
                "SELECT reltuples FROM pg_class WHERE oid = to_regclass('records')"
            ).scalar_one()
            assert estimate >= 30  # analysed inside the transaction, its own rows counted
        else:
            stats = conn.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
            ).scalar_one()
            assert stats == 0
        submission.finish()
