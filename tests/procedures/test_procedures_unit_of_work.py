"""The unit of work with real concurrent writers, on SQLite AND PostgreSQL.

Every write takes the ledger lock first (``store.unit.write_unit``), then
reads and decides. Each test here widens the window between a writer's read
and its write (a short sleep after the read, as a slow clerk or a loaded
server would) and runs two writers at once in threads: without the lock both
would decide on the same stale state.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from procedures_helpers import COMPANY, SAMR, at
from procedures_store import PENALTY, REGISTRATION
from sqlalchemy.engine import Engine

from publiccredit.domain.record import parse_record
from publiccredit.errors import ProcedureError, PublicCreditError
from publiccredit.policy import default_pack
from publiccredit.procedures.calendar import default_calendar
from publiccredit.procedures.listing import ListingProposal
from publiccredit.service import Submission, assess_stored, load_subjects, sweep
from publiccredit.service import assessments as assessments_module
from publiccredit.service import cases as service
from publiccredit.service import submit as submit_module
from publiccredit.service.case_commit import CaseDesk
from publiccredit.store.personal import PersonalDataKeys, create_personal_keys, load_personal_keys
from publiccredit.store.projections import get_assessment, upsert_assessments
from publiccredit.store.schema import events, records
from publiccredit.store.unit import write_unit

PACK = default_pack()
CAL = default_calendar()
WINDOW = 0.4
"""Seconds a writer lingers between its read and its write."""


@pytest.fixture
def keys(tmp_path: Path) -> PersonalDataKeys:
    create_personal_keys(tmp_path)
    return load_personal_keys(tmp_path)


def _submit(engine: Engine, keys: PersonalDataKeys, rows: list[dict[str, Any]], on: date) -> Any:
    moment = datetime.combine(on, datetime.min.time(), UTC)
    with write_unit(engine) as conn:
        submission = Submission(conn, PACK, keys, on, moment)
        conflicts = submission.add([(i, parse_record(row), ()) for i, row in enumerate(rows, 1)])
        submission.finish()
        return submission.counts, conflicts


def _race(*writers: Callable[[], Any]) -> list[Any]:
    """Run the writers at once in threads; each one's result or the error it raised."""
    results: list[Any] = [None] * len(writers)
    start = threading.Barrier(len(writers))

    def run(index: int) -> None:
        start.wait()
        try:
            results[index] = writers[index]()
        except Exception as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(writers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def _slow_after(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
    """Make ``module.name`` linger ``WINDOW`` seconds after it has read."""
    original = getattr(module, name)

    def slow(*args: Any, **kwargs: Any) -> Any:
        found = original(*args, **kwargs)
        time.sleep(WINDOW)
        return found

    monkeypatch.setattr(module, name, slow)


def _count(engine: Engine, kind: str) -> int:
    with engine.connect() as conn:
        query = sa.select(sa.func.count()).where(events.c.kind == kind)
        return int(conn.execute(query).scalar_one())


def test_two_clerks_deciding_one_case_one_wins_the_other_is_refused(
    engine: Engine, keys: PersonalDataKeys, monkeypatch: pytest.MonkeyPatch
) -> None:
    _submit(engine, keys, [REGISTRATION, PENALTY], date(2026, 9, 1))
    proposal = ListingProposal("serious_illegal_dishonest", "Counterfeits", refers_to=(SAMR, "P-1"),
                               extra={"ground": "counterfeits"})  # fmt: skip
    with write_unit(engine) as conn:
        office = CaseDesk(conn, PACK, CAL, keys)
        case_id = service.open_listing(
            office, COMPANY, proposal, SAMR, at(date(2026, 9, 1))
        ).case.id
        service.act(office, case_id, "serve-notice", "", at(date(2026, 9, 1)))
    _slow_after(monkeypatch, service, "show_case")

    def decide() -> str:
        with write_unit(engine) as conn:
            office = CaseDesk(conn, PACK, CAL, keys)
            return service.decide(
                office, case_id, SAMR, "effective", at(date(2026, 9, 9))
            ).case.state

    results = _race(decide, decide)
    won = [r for r in results if isinstance(r, str)]
    refused = [r for r in results if isinstance(r, PublicCreditError)]
    assert len(won) == 1, results
    assert len(refused) == 1, results
    assert isinstance(refused[0], ProcedureError)
    assert _count(engine, "listing.decided") == 1
    with engine.connect() as conn:
        case = service.show_case(conn, case_id)
    assert case.state == won[0]


def test_a_retried_submission_is_idempotent_not_an_error(
    engine: Engine, keys: PersonalDataKeys, monkeypatch: pytest.MonkeyPatch
) -> None:
    _slow_after(monkeypatch, submit_module, "lookup_records")

    def send() -> Any:
        return _submit(engine, keys, [REGISTRATION, PENALTY], date(2026, 9, 1))

    first, second = _race(send, send)
    assert not isinstance(first, Exception), first
    assert not isinstance(second, Exception), second
    assert sorted([first[0].stored, second[0].stored]) == [0, 2]  # one stored both records
    assert sorted([first[0].unchanged, second[0].unchanged]) == [0, 2]  # the other found them
    assert _count(engine, "record.submitted") == 2
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(records)).scalar_one() == 2


def test_a_stored_assessment_never_moves_back_to_an_older_view(
    engine: Engine, keys: PersonalDataKeys
) -> None:
    _submit(engine, keys, [REGISTRATION, PENALTY], date(2026, 9, 1))
    with engine.connect() as conn:
        stored = get_assessment(conn, COMPANY)
    assert stored is not None
    newer = stored["through_seq"]
    older_row = {
        "subject_key": COMPANY, "policy_version": "older", "as_of": date(2026, 12, 1),
        "next_change_on": None, "through_seq": newer - 1, "assessment_json": "{}",
    }  # fmt: skip
    with write_unit(engine) as conn:
        upsert_assessments(conn, [older_row])
    with engine.connect() as conn:
        kept = get_assessment(conn, COMPANY)
    assert kept is not None
    assert kept["through_seq"] == newer
    assert kept["policy_version"] == PACK.version
    same_row = {**older_row, "through_seq": newer, "policy_version": "same-seq"}
    with write_unit(engine) as conn:
        upsert_assessments(conn, [same_row])
    with engine.connect() as conn:
        replaced = get_assessment(conn, COMPANY)
    assert replaced is not None
    assert replaced["policy_version"] == "same-seq"


def test_the_platform_time_not_the_agency_time_decides_known_at(
    engine: Engine, keys: PersonalDataKeys
) -> None:
    """An agency declaring ``recorded_at`` in the past cannot make the platform have known
    a record before it arrived; the same record sent again is still unchanged."""
    backdated = {**PENALTY, "recorded_at": "2025-10-11T09:00:00+08:00"}
    counts, _ = _submit(engine, keys, [REGISTRATION, backdated], date(2026, 9, 1))
    assert counts.stored == 2
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(records.c.content).where(records.c.source_record_id == "P-1")
        ).scalar_one()
    document = row if isinstance(row, dict) else json.loads(row)
    assert document["record"]["recorded_at"] == "2026-09-01T00:00:00+00:00"
    again, _ = _submit(engine, keys, [REGISTRATION, backdated], date(2026, 9, 2))
    assert (again.stored, again.unchanged, again.corrected) == (0, 2, 0)
    undeclared = {key: value for key, value in backdated.items() if key != "recorded_at"}
    again, _ = _submit(engine, keys, [REGISTRATION, undeclared], date(2026, 9, 2))
    assert (again.stored, again.unchanged, again.corrected) == (0, 2, 0)
    with engine.connect() as conn:
        stored_records, facts = load_subjects(conn, [COMPANY])[COMPANY]
    before = assess_stored(stored_records, facts, PACK, date(2026, 9, 1), date(2026, 8, 31))
    known = assess_stored(stored_records, facts, PACK, date(2026, 9, 1), date(2026, 9, 1))
    assert "P-1" not in {entry.record.source_record_id for entry in before.records}
    assert "P-1" in {entry.record.source_record_id for entry in known.records}


def test_the_sweep_never_overwrites_a_newer_assessment(
    engine: Engine, keys: PersonalDataKeys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sweep page that read the subject's records before a submission committed must not
    save its older view over the submission's assessment."""
    minor = {**PENALTY, "source_record_id": "P-0", "decided_on": "2026-01-05", "severity": "minor"}
    _submit(engine, keys, [REGISTRATION, minor], date(2026, 1, 6))
    _slow_after(monkeypatch, assessments_module, "contents_by_subject")

    def sweep_now() -> int:
        return sweep(engine, PACK, date(2026, 4, 6))

    def submit_penalty() -> Any:
        time.sleep(WINDOW / 4)  # let the sweep read first
        return _submit(engine, keys, [PENALTY], date(2026, 4, 6))

    swept, submitted = _race(sweep_now, submit_penalty)
    assert not isinstance(swept, Exception), swept
    assert not isinstance(submitted, Exception), submitted
    with engine.connect() as conn:
        stored = get_assessment(conn, COMPANY)
    assert stored is not None
    shown = {entry["source_record_id"] for entry in stored["assessment"]["records"]}
    assert "P-1" in shown  # the submission's record is in the stored assessment
