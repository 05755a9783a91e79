"""Credit repair on the cn pack, with the engine's own eligibility for a synthetic penalty."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import product
from pathlib import Path

import pytest
from procedures_helpers import (
    COMPANY,
    SAMR,
    SCHEDULE_2027,
    TAX,
    at,
    record,
    registration,
    schedule_file,
)

from publiccredit.domain.assessment import RepairEligibility
from publiccredit.domain.event import EventKind
from publiccredit.domain.facts import Repair
from publiccredit.domain.record import Severity
from publiccredit.domain.subject import Subject
from publiccredit.engine import assess
from publiccredit.errors import InvalidInput, PermissionDenied, ProcedureError
from publiccredit.policy import default_pack
from publiccredit.procedures.calendar import default_calendar, load_calendar
from publiccredit.procedures.facts import facts_from_events
from publiccredit.procedures.machine import next_state
from publiccredit.procedures.objection import ObjectionTarget, file_objection
from publiccredit.procedures.repair import (
    REPAIR_TRANSITIONS,
    RepairCommand,
    RepairItem,
    RepairState,
    apply_for_repair,
    decide_repair,
    forward_repair,
    withdraw_repair,
)
from publiccredit.procedures.timers import extend_deadline, recompute_deadlines

PACK = default_pack()
CAL = default_calendar()
KEY = (SAMR, "P-1")
COMMITMENT = "We commit to comply with the law and accept supervision."


def engine_eligibility() -> RepairEligibility:
    """The engine's eligibility for a general fine that was paid."""
    records = [
        registration(),
        record(
            "admin_penalty",
            "P-1",
            date(2026, 4, 10),
            severity=Severity.GENERAL,
            penalty_kinds=["fine"],
            procedure="ordinary",
        ),
        record(
            "obligation_performed", "OP-1", date(2026, 4, 20), refers_to="P-1", what="fine_paid"
        ),
    ]
    subject = Subject.from_records(COMPANY, records)
    assessment = assess(subject, records, PACK, date(2026, 5, 1))
    entry = next(e for e in assessment.records if e.record.source_record_id == "P-1")
    assert entry.repair is not None
    assert entry.repair.eligible_from is not None
    return entry.repair


ELIGIBILITY = engine_eligibility()
ITEM = RepairItem(KEY, "admin_penalty", ELIGIBILITY)


def apply(day: date, channel: str = "portal", calendar=CAL):  # type: ignore[no-untyped-def]
    return apply_for_repair(
        "R1",
        COMPANY,
        [ITEM],
        ["receipt.pdf"],
        COMMITMENT,
        COMPANY,
        at(day),
        PACK,
        calendar,
        channel,
    )


def test_refused_before_the_engine_says_eligible() -> None:
    assert ELIGIBILITY.eligible_from is not None
    too_early = ELIGIBILITY.eligible_from - timedelta(days=1)
    with pytest.raises(ProcedureError, match=f"from {ELIGIBILITY.eligible_from.isoformat()}"):
        apply(too_early)
    blocked = RepairItem(
        KEY,
        "admin_penalty",
        RepairEligibility(True, None, None, ("repeat_offender_bar",), "barred until 2027-05-01"),
    )
    with pytest.raises(ProcedureError, match=r"repeat_offender_bar.*barred until 2027-05-01"):
        apply_for_repair(
            "R1", COMPANY, [blocked], ["r"], COMMITMENT, COMPANY, at(date(2026, 9, 1)), PACK, CAL
        )


def test_portal_forwards_and_samr_decides_within_seven_working_days() -> None:
    assert ELIGIBILITY.eligible_from is not None
    day = max(ELIGIBILITY.eligible_from, date(2026, 9, 21))
    case, events = apply(day)
    forward = case.deadline("forward")
    assert forward is not None
    assert forward.rule == "repair.portal.forward"
    assert forward.party == "portal"
    assert forward.due_on == CAL.add_working_days(day, 10).on
    case, _ = forward_repair(case, at(date(2026, 9, 30)), PACK, CAL)
    decision = case.deadline("decision")
    assert decision is not None
    assert decision.rule == "repair.samr.decision.order107"
    assert decision.due_on == date(2026, 10, 15)  # 30 Sep + 7: 8, 9, 10 (Sat), 12, 13, 14, 15 Oct
    with pytest.raises(PermissionDenied):
        decide_repair(case, True, "", TAX, at(date(2026, 10, 12)))
    case, decided = decide_repair(case, True, "", SAMR, at(date(2026, 10, 12)))
    assert case.state == RepairState.GRANTED
    assert case.deadlines == ()
    assert facts_from_events(events + decided) == (
        Repair(KEY, date(2026, 10, 12), date(2026, 10, 12)),
    )
    with pytest.raises(ProcedureError, match="granted"):
        decide_repair(case, False, "no", SAMR, at(date(2026, 10, 13)))  # deciding twice


def test_other_agencies_get_the_general_three_days() -> None:
    item = RepairItem((TAX, "T-1"), "admin_penalty", ELIGIBILITY)
    case, _ = apply_for_repair(
        "R2",
        COMPANY,
        [item],
        ["r"],
        COMMITMENT,
        COMPANY,
        at(date(2026, 9, 29)),
        PACK,
        CAL,
        "agency",
    )
    decision = case.deadline("decision")
    assert case.state == RepairState.FORWARDED
    assert decision is not None
    assert decision.rule == "repair.agency.decision"
    assert decision.due_on == date(2026, 10, 9)  # 30 Sep, 8 Oct, 9 Oct


def test_extension_needs_a_reason_and_is_recorded() -> None:
    case, _ = apply(date(2026, 9, 29))
    portal = "ndrc-100000"
    with pytest.raises(ProcedureError, match="reason"):
        extend_deadline(case, "forward", 5, " ", portal, at(date(2026, 10, 8)), CAL)
    with pytest.raises(PermissionDenied):
        extend_deadline(case, "forward", 5, "busy", TAX, at(date(2026, 10, 8)), CAL)
    reason = "complex case: three agencies involved"
    case, events = extend_deadline(case, "forward", 5, reason, portal, at(date(2026, 10, 8)), CAL)
    forward = case.deadline("forward")
    assert forward is not None
    assert forward.extra_working_days == 5
    assert forward.due_on == CAL.add_working_days(date(2026, 9, 29), 15).on
    assert case.extensions[0].reason == reason
    assert events[0].kind == EventKind.CASE_DEADLINE_EXTENDED
    case, _ = forward_repair(case, at(date(2026, 10, 9)), PACK, CAL)
    with pytest.raises(PermissionDenied):
        extend_deadline(case, "decision", 2, "site visit", portal, at(date(2026, 10, 9)), CAL)
    case, _ = extend_deadline(case, "decision", 2, "site visit", SAMR, at(date(2026, 10, 9)), CAL)
    decision = case.deadline("decision")
    assert decision is not None
    assert decision.due_on == CAL.add_working_days(date(2026, 10, 9), 9).on


def test_incomplete_or_foreign_applications_are_refused() -> None:
    day = date(2026, 9, 29)
    with pytest.raises(InvalidInput, match="incomplete"):
        apply_for_repair("R3", COMPANY, [ITEM], [], "", COMPANY, at(day), PACK, CAL)
    with pytest.raises(PermissionDenied):
        apply_for_repair("R3", COMPANY, [ITEM], ["r"], COMMITMENT, "someone", at(day), PACK, CAL)
    mixed = [ITEM, RepairItem((TAX, "T-1"), "admin_penalty", ELIGIBILITY)]
    with pytest.raises(InvalidInput, match="designating agency"):
        apply_for_repair("R3", COMPANY, mixed, ["r"], COMMITMENT, COMPANY, at(day), PACK, CAL)


def test_provisional_deadline_is_recomputed_when_the_year_is_loaded(tmp_path: Path) -> None:
    case, _ = apply(date(2026, 12, 28))
    forward = case.deadline("forward")
    assert forward is not None
    assert forward.provisional
    assert case.to_json()["provisional"]
    assert "PROVISIONAL" in forward.describe()
    assert recompute_deadlines(case, CAL, at(date(2026, 12, 29))) == (case, ())
    loaded = load_calendar([schedule_file(tmp_path, SCHEDULE_2027)])
    case2, events = recompute_deadlines(case, loaded, at(date(2026, 12, 29)))
    fresh = case2.deadline("forward")
    assert fresh is not None
    assert not fresh.provisional
    assert fresh.due_on == loaded.add_working_days(date(2026, 12, 28), 10).on
    assert [e.kind for e in events] == [EventKind.CASE_DEADLINES_RECOMPUTED]


def test_the_repair_decision_is_objectionable() -> None:
    case, _ = apply(date(2026, 9, 29))
    target = ObjectionTarget("repair", SAMR, (KEY,), "admin_penalty", case=case)
    with pytest.raises(ProcedureError, match="not decided"):
        file_objection("O", COMPANY, target, COMPANY, "x", [], at(date(2026, 10, 1)), PACK, CAL)
    case, _ = forward_repair(case, at(date(2026, 9, 30)), PACK, CAL)
    case, _ = decide_repair(case, False, "Fine not paid in full.", SAMR, at(date(2026, 10, 9)))
    target = ObjectionTarget("repair", SAMR, (KEY,), "admin_penalty", case=case)
    objection, _ = file_objection(
        "O",
        COMPANY,
        target,
        COMPANY,
        "It was paid.",
        ["bank.pdf"],
        at(date(2026, 10, 12)),
        PACK,
        CAL,
    )
    assert objection.details["target"]["case_id"] == "R1"


def test_withdrawal_and_every_transition() -> None:
    case, _ = apply(date(2026, 9, 29))
    with pytest.raises(PermissionDenied):
        withdraw_repair(case, SAMR, at(date(2026, 9, 30)))
    gone, _ = withdraw_repair(case, COMPANY, at(date(2026, 9, 30)))
    assert gone.state == RepairState.WITHDRAWN
    for state, command in product(RepairState, RepairCommand):
        probe = case.evolve(state=state.value)
        if (state, command) in REPAIR_TRANSITIONS:
            assert (
                next_state(probe, command, REPAIR_TRANSITIONS)
                == REPAIR_TRANSITIONS[(state, command)]
            )
        else:
            with pytest.raises(ProcedureError, match="allowed now"):
                next_state(probe, command, REPAIR_TRANSITIONS)
