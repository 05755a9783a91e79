"""Objections on the cn pack: acceptance and verification deadlines, outcomes, review, facts."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest
from procedures_helpers import COMPANY, COURT, OTHER, SAMR, TAX, at

from publiccredit.domain.event import EventKind
from publiccredit.domain.facts import ObjectionPending, ObjectionResolved, Revocation
from publiccredit.errors import PermissionDenied, ProcedureError
from publiccredit.policy import default_pack
from publiccredit.procedures.calendar import default_calendar
from publiccredit.procedures.facts import facts_from_events
from publiccredit.procedures.machine import next_state
from publiccredit.procedures.objection import (
    OBJECTION_TRANSITIONS,
    ObjectionCommand,
    ObjectionState,
    ObjectionTarget,
    confirm_correction,
    decide_acceptance,
    decide_objection,
    decide_review,
    file_objection,
    request_review,
)

PACK = default_pack()
CAL = default_calendar()
KEY = (SAMR, "AB-1")
ABNORMAL = ObjectionTarget(
    "record", SAMR, (KEY,), "abnormal_operation_listing", "abnormal_operations"
)
DEFAULTER = ObjectionTarget(
    "record", COURT, ((COURT, "JD-1"),), "judgment_default_listing", "judgment_defaulters"
)


def filed(target: ObjectionTarget = ABNORMAL, day: date = date(2026, 9, 29)):  # type: ignore[no-untyped-def]
    return file_objection(
        "O1",
        COMPANY,
        target,
        COMPANY,
        "Report was filed on time.",
        ["receipt.pdf"],
        at(day),
        PACK,
        CAL,
    )


def test_acceptance_and_verification_deadlines_cross_national_day() -> None:
    case, events = filed()
    acceptance = case.deadline("acceptance")
    assert acceptance is not None
    assert acceptance.rule == "objection.abnormal.acceptance"
    # 29 Sep 2026 + 5 working days: 30 Sep, 8, 9, 10 (make-up Saturday), 12 Oct.
    assert acceptance.due_on == date(2026, 10, 12)
    assert facts_from_events(events) == (
        ObjectionPending(KEY, date(2026, 9, 29), date(2026, 9, 29)),
    )
    case, _ = decide_acceptance(case, True, SAMR, at(date(2026, 10, 9)), PACK, CAL)
    decision = case.deadline("decision")
    assert decision is not None
    assert decision.rule == "objection.abnormal.verification"
    assert decision.due_on == CAL.add_working_days(date(2026, 10, 9), 20).on
    assert case.deadline("acceptance") is None


def test_decision_needs_acceptance_first_and_reasons() -> None:
    case, _ = filed()
    with pytest.raises(ProcedureError, match="accepted before"):
        decide_objection(case, False, "no", SAMR, at(date(2026, 10, 9)), PACK, CAL)
    case, _ = decide_acceptance(case, True, SAMR, at(date(2026, 10, 9)), PACK, CAL)
    with pytest.raises(ProcedureError, match="reasons"):
        decide_objection(case, False, "  ", SAMR, at(date(2026, 10, 10)), PACK, CAL)
    with pytest.raises(PermissionDenied):
        decide_objection(case, False, "no", TAX, at(date(2026, 10, 10)), PACK, CAL)


def test_upheld_with_revocation_changes_the_facts() -> None:
    case, filed_events = filed()
    case, accepted_events = decide_acceptance(case, True, SAMR, at(date(2026, 10, 9)), PACK, CAL)
    case, events = decide_objection(
        case, True, "Report was on time.", SAMR, at(date(2026, 10, 20)), PACK, CAL, remedy="revoke"
    )
    assert case.state == ObjectionState.UPHELD
    assert [e.kind for e in events] == [EventKind.OBJECTION_DECIDED, EventKind.RECORD_REVOKED]
    facts = facts_from_events(filed_events + accepted_events + events)
    assert ObjectionResolved(KEY, date(2026, 10, 20), date(2026, 10, 20)) in facts
    assert Revocation(KEY, date(2026, 10, 20), date(2026, 10, 20)) in facts
    with pytest.raises(ProcedureError):
        decide_objection(case, False, "again", SAMR, at(date(2026, 10, 21)), PACK, CAL)  # twice


def test_upheld_with_correction_waits_for_the_corrected_record() -> None:
    case, _ = filed()
    case, _ = decide_acceptance(case, True, SAMR, at(date(2026, 10, 9)), PACK, CAL)
    case, events = decide_objection(
        case, True, "Wrong ground.", SAMR, at(date(2026, 10, 20)), PACK, CAL
    )
    assert [e.kind for e in events] == [EventKind.OBJECTION_DECIDED]
    case, _ = confirm_correction(case, SAMR, at(date(2026, 10, 21)), "AB-1-v2")
    assert case.state == ObjectionState.CORRECTED


def test_not_accepted_resolves_the_pending_state() -> None:
    case, _ = filed()
    with pytest.raises(ProcedureError, match="reasons"):
        decide_acceptance(case, False, SAMR, at(date(2026, 10, 9)), PACK, CAL)
    case, events = decide_acceptance(
        case, False, SAMR, at(date(2026, 10, 9)), PACK, CAL, "not the subject's record"
    )
    assert case.state == ObjectionState.NOT_ACCEPTED
    assert case.deadlines == ()
    assert facts_from_events(events) == (
        ObjectionResolved(KEY, date(2026, 10, 9), date(2026, 10, 9)),
    )


def test_court_objection_has_a_higher_court_review() -> None:
    case, _ = filed(DEFAULTER, date(2026, 3, 2))
    review = case.deadline("decision")
    assert review is not None
    assert review.rule == "objection.court.review"
    assert review.due_on == date(2026, 3, 17)  # 15 calendar days
    case, _ = decide_objection(case, False, "Able to pay.", COURT, at(date(2026, 3, 10)), PACK, CAL)
    window = case.deadline("higher_court_request")
    assert window is not None
    assert window.party == "subject"
    assert window.due_on == date(2026, 3, 20)
    with pytest.raises(PermissionDenied):
        request_review(case, at(date(2026, 3, 12)), OTHER, PACK, CAL)
    with pytest.raises(ProcedureError, match="closed on 2026-03-20"):
        request_review(case, at(date(2026, 3, 21)), COMPANY, PACK, CAL)
    case, events = request_review(case, at(date(2026, 3, 12)), COMPANY, PACK, CAL)
    assert case.state == ObjectionState.UNDER_REVIEW
    assert isinstance(facts_from_events(events)[0], ObjectionPending)
    case, events = decide_review(
        case, True, "Assets were frozen.", "court-440000", at(date(2026, 3, 20))
    )
    assert case.state == ObjectionState.REVIEW_UPHELD
    assert EventKind.RECORD_REVOKED in [e.kind for e in events]


def test_no_review_where_the_pack_defines_none() -> None:
    case, _ = filed()
    case, _ = decide_acceptance(case, True, SAMR, at(date(2026, 10, 9)), PACK, CAL)
    case, _ = decide_objection(case, False, "Late.", SAMR, at(date(2026, 10, 20)), PACK, CAL)
    with pytest.raises(ProcedureError, match="no review"):
        request_review(case, at(date(2026, 10, 21)), COMPANY, PACK, CAL)


def test_who_may_object() -> None:
    with pytest.raises(PermissionDenied, match="with evidence"):
        file_objection("O2", COMPANY, ABNORMAL, OTHER, "wrong", [], at(date(2026, 3, 2)), PACK, CAL)
    case, _ = file_objection(
        "O2", COMPANY, ABNORMAL, OTHER, "wrong", ["photo.jpg"], at(date(2026, 3, 2)), PACK, CAL
    )
    assert case.details["filer"] == OTHER
    repair = ObjectionTarget("repair", SAMR, (KEY,), "admin_penalty")
    with pytest.raises(Exception, match="names its case"):
        file_objection("O3", COMPANY, repair, COMPANY, "x", [], at(date(2026, 3, 2)), PACK, CAL)


def test_every_transition_allowed_and_refused() -> None:
    case, _ = filed()
    for state, command in product(ObjectionState, ObjectionCommand):
        probe = case.evolve(state=state.value)
        if (state, command) in OBJECTION_TRANSITIONS:
            assert (
                next_state(probe, command, OBJECTION_TRANSITIONS)
                == OBJECTION_TRANSITIONS[(state, command)]
            )
        else:
            with pytest.raises(ProcedureError, match="allowed now"):
                next_state(probe, command, OBJECTION_TRANSITIONS)
