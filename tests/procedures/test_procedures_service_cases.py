"""Case services on a real store (SQLite AND PostgreSQL): facts, removal, sweep, overdue."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from procedures_helpers import COMPANY, SAMR, at
from procedures_store import PAID, PENALTY, REGISTRATION
from sqlalchemy.engine import Engine

from publiccredit.domain.record import parse_record
from publiccredit.errors import ProcedureError
from publiccredit.policy import default_pack
from publiccredit.procedures.calendar import default_calendar
from publiccredit.procedures.listing import ListingProposal
from publiccredit.service import Submission, sweep
from publiccredit.service import cases as service
from publiccredit.service.case_commit import CaseDesk
from publiccredit.store.cases import find_cases
from publiccredit.store.personal import PersonalDataKeys, create_personal_keys, load_personal_keys
from publiccredit.store.projections import get_assessment, get_record
from publiccredit.store.schema import events

PACK = default_pack()
CAL = default_calendar()


@pytest.fixture
def keys(tmp_path: Path) -> PersonalDataKeys:
    create_personal_keys(tmp_path)
    return load_personal_keys(tmp_path)


@contextmanager
def desk(engine: Engine, keys: PersonalDataKeys) -> Iterator[CaseDesk]:
    with engine.begin() as conn:
        yield CaseDesk(conn, PACK, CAL, keys)


def submit(engine: Engine, keys: PersonalDataKeys, rows: list[dict[str, object]], on: date) -> None:
    with engine.begin() as conn:
        submission = Submission(
            conn, PACK, keys, on, datetime.combine(on, datetime.min.time(), UTC)
        )
        assert submission.add([(i, parse_record(row), ()) for i, row in enumerate(rows)]) == []
        submission.finish()


def states(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        stored = get_assessment(conn, COMPANY)
    assert stored is not None
    return {r["source_record_id"]: r["state"] for r in stored["assessment"]["records"]}


def listed(engine: Engine, keys: PersonalDataKeys) -> str:
    """Penalty, proposal, notice, window passed without objection, listing effective."""
    submit(engine, keys, [REGISTRATION, PENALTY], date(2026, 9, 1))
    proposal = ListingProposal("serious_illegal_dishonest", "Counterfeits", refers_to=(SAMR, "P-1"),
                               extra={"ground": "counterfeits"})  # fmt: skip
    with desk(engine, keys) as office:
        case_id = service.open_listing(
            office, COMPANY, proposal, SAMR, at(date(2026, 9, 1))
        ).case.id
        service.act(office, case_id, "serve-notice", "", at(date(2026, 9, 1)))
        service.decide(office, case_id, SAMR, "effective", at(date(2026, 9, 9)))
    return case_id


def test_objection_shows_under_objection_and_upheld_revocation_opens_removal(
    engine: Engine, keys: PersonalDataKeys
) -> None:
    listing = listed(engine, keys)
    assert states(engine)["P-1"] == "published"
    with desk(engine, keys) as office:
        objection = service.open_objection(
            office, "Wrong company", ["registry.pdf"], at(date(2026, 9, 14)), record=(SAMR, "P-1")
        ).case
    assert states(engine)["P-1"] == "under_objection"
    answer = objection.deadline("decision")
    assert answer is not None
    assert answer.rule == "objection.enterprise_information.answer"
    assert answer.due_on == CAL.add_working_days(date(2026, 9, 14), 20).on
    with desk(engine, keys) as office:
        result = service.decide(office, objection.id, SAMR, "upheld", at(date(2026, 9, 21)),
                                reasons="Identity mix-up confirmed", remedy="revoke")  # fmt: skip
    assert states(engine)["P-1"] == "revoked"
    with engine.connect() as conn:
        stored = get_record(conn, (SAMR, "P-1"))
        kinds = list(conn.execute(sa.select(events.c.kind).order_by(events.c.seq)).scalars())
    assert stored is not None
    assert stored["status"] == "revoked"
    assert kinds[-3:] == ["objection.decided", "record.revoked", "removal.opened"]
    (removal,) = [c for c in result.others if c.kind.value == "removal"]
    deadline = removal.deadline("removal")
    assert deadline is not None
    assert deadline.due_on == date(2026, 9, 24)  # 3 working days after Monday 21 September
    assert removal.details["listing_key"] == [SAMR, listing]
    with desk(engine, keys) as office:
        done = service.decide(office, removal.id, SAMR, "removed", at(date(2026, 9, 22))).case
    assert done.state == "removed"


def test_repair_before_eligibility_is_refused_with_the_day(
    engine: Engine, keys: PersonalDataKeys
) -> None:
    minor = {
        **PENALTY,
        "source_record_id": "P-2",
        "decided_on": "2026-05-11",
        "severity": "general",
    }
    paid = {**PAID, "refers_to": "P-2", "decided_on": "2026-05-20"}
    submit(engine, keys, [REGISTRATION, minor, paid], date(2026, 6, 1))
    with desk(engine, keys) as office, pytest.raises(ProcedureError, match="2026-08-11"):
        service.open_repair(office, COMPANY, [(SAMR, "P-2")], ["r.pdf"], "I commit",
                            at(date(2026, 6, 1)))  # fmt: skip


def test_a_record_is_applied_for_once_at_a_time(engine: Engine, keys: PersonalDataKeys) -> None:
    """A second application while the first awaits its decision is refused, nothing stored;
    once the first is withdrawn the record may be applied for again."""
    minor = {**PENALTY, "source_record_id": "P-2", "decided_on": "2026-01-05",
             "severity": "general"}  # fmt: skip
    paid = {**PAID, "refers_to": "P-2", "decided_on": "2026-01-20"}
    submit(engine, keys, [REGISTRATION, minor, paid], date(2026, 6, 1))
    record = [(SAMR, "P-2")]
    with desk(engine, keys) as office:
        first = service.open_repair(office, COMPANY, record, ["r.pdf"], "I commit",
                                    at(date(2026, 6, 1))).case  # fmt: skip
    with engine.connect() as conn:
        before = conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one()
    with desk(engine, keys) as office, pytest.raises(ProcedureError, match=first.id):
        service.open_repair(office, COMPANY, record, ["r.pdf"], "Again",
                            at(date(2026, 6, 2)))  # fmt: skip
    with engine.connect() as conn:
        after = conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one()
        assert len(find_cases(conn, subject_key=COMPANY, kind="repair")) == 1
    assert after == before
    with desk(engine, keys) as office:
        service.act(office, first.id, "withdraw", COMPANY, at(date(2026, 6, 2)))
        again = service.open_repair(office, COMPANY, record, ["r.pdf"], "Again",
                                    at(date(2026, 6, 3))).case  # fmt: skip
    assert again.id != first.id


def test_minor_information_ends_by_the_sweep_alone(engine: Engine, keys: PersonalDataKeys) -> None:
    minor = {**PENALTY, "decided_on": "2026-01-05", "severity": "minor"}
    submit(engine, keys, [REGISTRATION, minor], date(2026, 1, 6))
    assert states(engine)["P-1"] == "published"
    assert sweep(engine, PACK, date(2026, 4, 6)) == 1
    assert states(engine)["P-1"] == "ended"


def test_sweep_opens_escalation_warning_then_proposal_once(
    engine: Engine, keys: PersonalDataKeys
) -> None:
    abnormal = {"agency": SAMR, "source_record_id": "AB-1",
                "record_type": "abnormal_operation_listing", "subject_kind": "entity",
                "subject_id": COMPANY, "decided_on": "2023-07-03",
                "extra": {"ground": "annual_report_missing"}}  # fmt: skip
    submit(engine, keys, [REGISTRATION, abnormal], date(2026, 1, 5))
    with engine.connect() as conn:
        stored = get_assessment(conn, COMPANY)
    assert stored is not None
    (membership,) = stored["assessment"]["lists"]
    warning_on = date.fromisoformat(membership["escalation"]["warning_on"])
    due_on = date.fromisoformat(membership["escalation"]["on"])

    def count(kind: str) -> int:
        with engine.connect() as conn:
            query = sa.select(sa.func.count()).where(events.c.kind == kind)
            return int(conn.execute(query).scalar_one())

    sweep(engine, PACK, warning_on)
    assert count("escalation.warned") == 1
    sweep(engine, PACK, warning_on)
    assert count("escalation.warned") == 1  # idempotent
    sweep(engine, PACK, due_on)
    sweep(engine, PACK, due_on)
    with engine.connect() as conn:
        proposals = find_cases(conn, subject_key=COMPANY, kind="listing")
    assert len(proposals) == 1
    assert proposals[0].details["list_id"] == "serious_illegal_dishonest"
    assert proposals[0].state == "proposed"  # a person serves the notice and decides
    assert count("escalation.warned") == 1


def test_overdue_and_extension_with_reason(engine: Engine, keys: PersonalDataKeys) -> None:
    submit(engine, keys, [REGISTRATION, PENALTY, PAID], date(2026, 10, 21))
    with desk(engine, keys) as office:
        repair = service.open_repair(office, COMPANY, [(SAMR, "P-1")], ["receipt.pdf"],
                                     "I commit", at(date(2026, 10, 26))).case  # fmt: skip
        service.act(office, repair.id, "forward", "", at(date(2026, 10, 27)))
    with engine.connect() as conn:
        assert service.overdue_cases(conn, date(2026, 11, 5)) == {}
        late = service.overdue_cases(conn, date(2026, 11, 9))
    assert [item.case_id for item in late[SAMR]] == [repair.id]
    assert late[SAMR][0].days_late == 4
    with desk(engine, keys) as office, pytest.raises(ProcedureError, match="reason"):
        service.extend(office, repair.id, 3, " ", SAMR, at(date(2026, 11, 2)))
    with desk(engine, keys) as office:
        extended = service.extend(office, repair.id, 3, "site visit needed", SAMR,
                                  at(date(2026, 11, 2))).case  # fmt: skip
    decision = extended.deadline("decision")
    assert decision is not None
    assert decision.due_on == date(2026, 11, 10)
    assert extended.extensions[0].reason == "site visit needed"
    with engine.connect() as conn:
        assert service.overdue_cases(conn, date(2026, 11, 9)) == {}
