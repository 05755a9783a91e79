"""Consent, escalation, removal, overdue, and non-extendable deadlines."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from procedures_helpers import COMPANY, COURT, OTHER, SAMR, TAX, at, record, registration

from publiccredit.domain.assessment import RepairEligibility
from publiccredit.domain.case import CaseKind
from publiccredit.domain.event import EventKind
from publiccredit.domain.facts import EarlyRemoval
from publiccredit.domain.subject import Subject
from publiccredit.engine import assess
from publiccredit.errors import PermissionDenied, ProcedureError
from publiccredit.policy import default_pack
from publiccredit.procedures.calendar import default_calendar
from publiccredit.procedures.consent import consent_allows, grant_consent, revoke_consent
from publiccredit.procedures.escalation import (
    escalation_actions,
    escalation_proposal,
    warning_event,
)
from publiccredit.procedures.facts import facts_from_events
from publiccredit.procedures.objection import ObjectionTarget, file_objection
from publiccredit.procedures.overdue import overdue
from publiccredit.procedures.removal import (
    apply_early_removal,
    decide_removal,
    open_revocation_removal,
)
from publiccredit.procedures.repair import RepairItem, apply_for_repair
from publiccredit.procedures.timers import extend_deadline

PACK = default_pack()
CAL = default_calendar()
BANK = "bank-0001"
CONDITIONS = (
    "obligations_performed",
    "harm_remedied",
    "no_further_heavier_penalty",
    "credit_commitment_made",
)


def test_consent_grant_expiry_and_revocation() -> None:
    start = at(date(2026, 3, 1))
    consent, events = grant_consent(
        "C1", COMPANY, BANK, "loan application", start, start + timedelta(days=90), COMPANY, start
    )
    assert events[0].kind == EventKind.CONSENT_GRANTED
    assert consent_allows([consent], BANK, COMPANY, start + timedelta(days=10)) == consent
    assert consent_allows([consent], BANK, COMPANY, start + timedelta(days=90)) is None  # expired
    assert consent_allows([consent], "bank-0002", COMPANY, start + timedelta(days=10)) is None
    assert consent_allows([consent], BANK, OTHER, start + timedelta(days=10)) is None
    assert consent_allows([consent], BANK, COMPANY, start - timedelta(seconds=1)) is None
    revoked, events = revoke_consent(consent, COMPANY, start + timedelta(days=20))
    assert events[0].kind == EventKind.CONSENT_REVOKED
    assert consent_allows([revoked], BANK, COMPANY, start + timedelta(days=19)) == revoked
    assert consent_allows([revoked], BANK, COMPANY, start + timedelta(days=21)) is None
    with pytest.raises(ProcedureError, match="already revoked"):
        revoke_consent(revoked, COMPANY, start + timedelta(days=22))
    with pytest.raises(PermissionDenied):
        revoke_consent(consent, BANK, start)
    with pytest.raises(PermissionDenied):
        grant_consent("C2", COMPANY, BANK, "loan", start, start + timedelta(days=1), BANK, start)


@given(
    offset=st.integers(min_value=-10, max_value=200),
    revoke_after=st.integers(min_value=0, max_value=200),
)
def test_consent_never_allows_outside_its_period(offset: int, revoke_after: int) -> None:
    start = datetime(2026, 3, 1, tzinfo=at(date(2026, 3, 1)).tzinfo)
    consent, _ = grant_consent(
        "C", COMPANY, BANK, "credit line", start, start + timedelta(days=90), COMPANY, start
    )
    revoked, _ = revoke_consent(consent, COMPANY, start + timedelta(days=revoke_after))
    moment = start + timedelta(days=offset)
    allowed = consent_allows([revoked], BANK, COMPANY, moment) is not None
    assert allowed == (0 <= offset < min(90, revoke_after))


def test_escalation_from_the_engine_assessment() -> None:
    """Three years on the abnormal list: the engine says due; the system opens a proposal."""
    records = [
        registration(),
        record(
            "abnormal_operation_listing", "AB-1", date(2023, 7, 10), ground="annual_report_missing"
        ),
    ]
    subject = Subject.from_records(COMPANY, records)
    warned = assess(subject, records, PACK, date(2026, 6, 1))
    actions = escalation_actions(warned.lists)
    assert [(a.kind, a.to_list) for a in actions] == [("warning", "serious_illegal_dishonest")]
    event = warning_event(COMPANY, actions[0], at(date(2026, 6, 1)))
    assert event.kind == EventKind.ESCALATION_WARNED
    assert escalation_actions(warned.lists, {actions[0].key}) == ()
    due = assess(subject, records, PACK, date(2026, 7, 15))
    (proposal_action,) = escalation_actions(due.lists)
    assert proposal_action.kind == "proposal"
    proposal = escalation_proposal(proposal_action)
    assert proposal.list_id == "serious_illegal_dishonest"
    assert proposal.refers_to == (SAMR, "AB-1")


def test_early_removal() -> None:
    key = (SAMR, "SL-1")
    args = (COMPANY, "serious_illegal_dishonest", key, date(2026, 4, 20))
    with pytest.raises(ProcedureError, match="from 2027-04-20"):
        apply_early_removal(
            "E1", *args, CONDITIONS, ["proof"], COMPANY, at(date(2027, 4, 19)), PACK, CAL
        )
    with pytest.raises(ProcedureError, match="harm_remedied"):
        apply_early_removal(
            "E1",
            *args,
            ("obligations_performed",),
            ["proof"],
            COMPANY,
            at(date(2027, 5, 1)),
            PACK,
            CAL,
        )
    with pytest.raises(ProcedureError, match="no early removal"):
        apply_early_removal(
            "E1",
            COMPANY,
            "judgment_defaulters",
            key,
            date(2020, 1, 1),
            CONDITIONS,
            ["p"],
            COMPANY,
            at(date(2027, 5, 1)),
            PACK,
            CAL,
        )
    case, opened = apply_early_removal(
        "E1", *args, CONDITIONS, ["proof"], COMPANY, at(date(2027, 5, 6)), PACK, CAL
    )
    assert case.kind == CaseKind.REMOVAL
    with pytest.raises(PermissionDenied):
        decide_removal(case, "grant", TAX, at(date(2027, 5, 7)))
    with pytest.raises(ProcedureError, match="reasons"):
        decide_removal(case, "refuse", SAMR, at(date(2027, 5, 7)))
    case, decided = decide_removal(case, "grant", SAMR, at(date(2027, 5, 7)))
    assert facts_from_events(opened + decided) == (
        EarlyRemoval(key, date(2027, 5, 7), date(2027, 5, 7)),
    )


def test_removal_on_revocation_within_three_working_days() -> None:
    case, _ = open_revocation_removal(
        "V1",
        COMPANY,
        "serious_illegal_dishonest",
        (SAMR, "SL-1"),
        (SAMR, "P-1"),
        date(2026, 9, 30),
        at(date(2026, 9, 30)),
        PACK,
        CAL,
    )
    removal = case.deadline("removal")
    assert removal is not None
    assert removal.rule == "lists.serious_illegal_dishonest.removal_on_revocation"
    assert removal.due_on == date(2026, 10, 10)  # 8, 9 Oct and make-up Saturday 10 Oct
    assert overdue([case], date(2026, 10, 10)) == {}
    late = overdue([case], date(2026, 10, 12))
    assert list(late) == [SAMR]
    assert late[SAMR][0].days_late == 2
    case, events = decide_removal(case, "remove", SAMR, at(date(2026, 10, 12)))
    assert case.state == "removed"
    assert facts_from_events(events) == ()
    assert overdue([case], date(2026, 10, 20)) == {}


def test_overdue_groups_by_agency_and_skips_subject_windows() -> None:
    eligibility_day = date(2026, 1, 5)
    item = RepairItem(
        (TAX, "T-1"),
        "admin_penalty",
        RepairEligibility(True, eligibility_day, eligibility_day, (), "ok"),
    )
    repair, _ = apply_for_repair(
        "R", COMPANY, [item], ["r"], "commit", COMPANY, at(date(2026, 3, 2)), PACK, CAL
    )
    target = ObjectionTarget(
        "record", COURT, ((COURT, "JD"),), "judgment_default_listing", "judgment_defaulters"
    )
    objection, _ = file_objection(
        "O", COMPANY, target, COMPANY, "paid", ["r"], at(date(2026, 3, 2)), PACK, CAL
    )
    found = overdue([repair, objection], date(2026, 4, 30))
    assert sorted(found) == [COURT, "portal"]
    assert found["portal"][0].step == "forward"
    assert found[COURT][0].step == "decision"


def test_a_non_extendable_deadline_is_not_extended() -> None:
    target = ObjectionTarget(
        "record", SAMR, ((SAMR, "AB"),), "abnormal_operation_listing", "abnormal_operations"
    )
    case, _ = file_objection(
        "O", COMPANY, target, COMPANY, "wrong", ["r"], at(date(2026, 3, 2)), PACK, CAL
    )
    with pytest.raises(ProcedureError, match="may not be extended"):
        extend_deadline(case, "acceptance", 3, "busy", SAMR, at(date(2026, 3, 3)), CAL)
