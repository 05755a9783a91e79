"""The objection procedure (异议): filed, accepted, verified, decided, reviewed.

The subject objects to a record, a listing proposal, a publication period or
a repair decision; for public information anyone with evidence may
(企业信息公示暂行条例 Art. 12). While it is pending the records concerned are
shown "under objection" (``ObjectionPending``). The agency decides on
acceptance and then verifies within the pack's working-day deadlines, and
upholds (the record is revoked here, or corrected by a corrected record) or
rejects with reasons. Where the pack defines a further review inside the
system (the court list: the higher court), the subject may ask for it.

Case ``details``: ``target`` (kind, case_id, record_type, list_id),
``record_keys``, ``filer``, ``grounds``, ``evidence``, ``decision_rule``
(the rule for the verification/answer step), ``further_review`` and after the
steps ``outcome``, ``reasons``, ``remedy``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from publiccredit.domain.case import Case, CaseDeadline, CaseKind
from publiccredit.domain.event import Event, EventKind
from publiccredit.domain.facts import RecordKey
from publiccredit.errors import InvalidInput, PermissionDenied, Problem, ProcedureError
from publiccredit.policy.model import Deadline, Pack
from publiccredit.procedures.calendar import WorkingCalendar, official_day
from publiccredit.procedures.deadlines import find_deadline, start_deadline
from publiccredit.procedures.listing import check_objection_window
from publiccredit.procedures.machine import (
    Outcome,
    Transitions,
    advance,
    case_event,
    next_state,
    require_competent,
    require_in_order,
    without,
)


class ObjectionState(StrEnum):
    """Where an objection case stands."""

    FILED = "filed"
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"
    UPHELD = "upheld"
    CORRECTED = "corrected"
    REJECTED = "rejected"
    UNDER_REVIEW = "under_review"
    REVIEW_UPHELD = "review_upheld"
    REVIEW_REJECTED = "review_rejected"


class ObjectionCommand(StrEnum):
    """What can be done to an objection case."""

    ACCEPT = "accept"
    REFUSE_ACCEPTANCE = "refuse_acceptance"
    UPHOLD = "uphold"
    REJECT = "reject"
    CONFIRM_CORRECTION = "confirm_correction"
    REQUEST_REVIEW = "request_review"
    REVIEW_UPHOLD = "review_uphold"
    REVIEW_REJECT = "review_reject"


S, C = ObjectionState, ObjectionCommand
OBJECTION_TRANSITIONS: Transitions = {
    (S.FILED, C.ACCEPT): S.ACCEPTED,
    (S.FILED, C.REFUSE_ACCEPTANCE): S.NOT_ACCEPTED,
    (S.FILED, C.UPHOLD): S.UPHELD,  # only where the pack sets no acceptance step
    (S.FILED, C.REJECT): S.REJECTED,  # idem
    (S.ACCEPTED, C.UPHOLD): S.UPHELD,
    (S.ACCEPTED, C.REJECT): S.REJECTED,
    (S.UPHELD, C.CONFIRM_CORRECTION): S.CORRECTED,
    (S.REJECTED, C.REQUEST_REVIEW): S.UNDER_REVIEW,  # only where the pack defines the review
    (S.UNDER_REVIEW, C.REVIEW_UPHOLD): S.REVIEW_UPHELD,
    (S.UNDER_REVIEW, C.REVIEW_REJECT): S.REVIEW_REJECTED,
}
"""``(state, command) → state`` of the objection procedure."""

TARGET_KINDS = ("record", "listing", "publication", "repair")
"""What an objection may be against."""


@dataclass(frozen=True, slots=True)
class ObjectionTarget:
    """What is objected to, and the agency competent to answer.

    ``case`` is the listing or repair case objected to (kinds ``listing`` and
    ``repair``); ``record_keys`` the records concerned; ``record_type`` and
    ``list_id`` select the pack's deadlines. ``window`` is the subject's
    window to object to a published listing, where the list counts it from
    publication (the abnormal list: 30 days); an objection after its last day
    is refused.
    """

    kind: str
    competent_agency: str
    record_keys: tuple[RecordKey, ...] = ()
    record_type: str | None = None
    list_id: str | None = None
    case: Case | None = None
    window: CaseDeadline | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``target`` object of the case details."""
        return {
            "kind": self.kind,
            "case_id": None if self.case is None else self.case.id,
            "record_type": self.record_type,
            "list_id": self.list_id,
        }


def _names(target: ObjectionTarget) -> tuple[str, ...]:
    return tuple(name for name in (target.list_id, target.record_type) if name)


def _check_filer(
    subject: str,
    target: ObjectionTarget,
    filer: str,
    evidence: Sequence[str],
    pack: Pack,
    day: date,
) -> None:
    """Only the subject objects to its own records and cases; others only as the pack's
    ``objections_by_others`` allows (public information, with evidence) on ``day``."""
    if filer == subject:
        return
    rule = pack.procedures.objections_by_others
    if rule is not None and not rule.in_force_on(day):
        rule = None
    record_type = pack.record_types.get(target.record_type or "")
    if rule is None or target.kind not in rule.targets:
        allowed = "nothing" if rule is None else ", ".join(rule.targets)
        raise PermissionDenied(
            f"only the subject {subject} may object to this {target.kind}; others may object "
            f"to: {allowed}" + ("" if rule is None else f" ({rule.source.cite()})")
        )
    if rule.public_records_only and (record_type is None or not record_type.public):
        raise PermissionDenied(
            f"only the subject {subject} may object to a {target.record_type} record: it is "
            f"not public information ({rule.source.cite()})"
        )
    if rule.evidence_required and not evidence:
        raise PermissionDenied(
            f"an objection to public information about {subject} by anyone but the subject "
            f"comes with evidence ({rule.source.cite()})"
        )


def _check_window(target: ObjectionTarget, at: datetime) -> None:
    """A published listing whose window runs from publication: refused after its last day
    (a provisional last day is not enforced against the subject)."""
    window = target.window
    day = official_day(at)
    if window is None or window.provisional or day <= window.due_on:
        return
    raise ProcedureError(
        f"the window to object to the {target.list_id} listing closed on "
        f"{window.due_on.isoformat()} ({window.rule}: counted from its publication on "
        f"{window.started_on.isoformat()}); an objection on {day.isoformat()} is late"
    )


def _check_target(
    subject: str,
    target: ObjectionTarget,
    filer: str,
    evidence: Sequence[str],
    at: datetime,
    pack: Pack,
) -> None:
    if target.kind not in TARGET_KINDS:
        problem = Problem(f"one of {', '.join(TARGET_KINDS)}", "target", target.kind)
        raise InvalidInput("unknown objection target", (problem,))
    _check_filer(subject, target, filer, evidence, pack, official_day(at))
    if target.kind == "record":
        _check_window(target, at)
    if target.kind in ("listing", "repair") and target.case is None:
        raise InvalidInput(
            "an objection to a listing or repair names its case", (Problem("missing", "case"),)
        )
    if target.case is not None and target.case.subject != subject:
        raise ProcedureError(f"case {target.case.id} concerns another subject")
    if target.kind == "listing" and target.case is not None:
        check_objection_window(target.case, at)
    if (
        target.kind == "repair"
        and target.case is not None
        and target.case.state not in ("granted", "refused")
    ):
        raise ProcedureError(
            f"repair case {target.case.id} is not decided yet: nothing to object to"
        )


def _decision_rule(
    pack: Pack, target: ObjectionTarget, agency_kind: str, day: Any
) -> Deadline | None:
    for step in ("verification", "answer", "review"):
        rule = find_deadline(
            pack, "objection", step, applies_to=_names(target), agency_kind=agency_kind, on=day
        )
        if rule is not None:
            return rule
    return None


def file_objection(
    case_id: str,
    subject: str,
    target: ObjectionTarget,
    filer: str,
    grounds: str,
    evidence: Sequence[str],
    at: datetime,
    pack: Pack,
    calendar: WorkingCalendar,
) -> Outcome:
    """Open an objection case; the records concerned show "under objection" from today."""
    _check_target(subject, target, filer, evidence, at, pack)
    if not grounds.strip():
        raise InvalidInput("an objection states its grounds", (Problem("empty", "grounds"),))
    day = official_day(at)
    kind = target.competent_agency.rsplit("-", 1)[0]
    acceptance = find_deadline(
        pack, "objection", "acceptance", applies_to=_names(target), agency_kind=kind, on=day
    )
    decision = _decision_rule(pack, target, kind, day)
    deadlines: list[CaseDeadline] = []
    if acceptance is not None:
        deadlines.append(start_deadline(acceptance, day, calendar))
    elif decision is not None:
        deadlines.append(start_deadline(decision, day, calendar, step="decision"))
    details: dict[str, Any] = {
        "target": target.to_json(),
        "record_keys": [list(key) for key in target.record_keys],
        "filer": filer,
        "grounds": grounds.strip(),
        "evidence": list(evidence),
        "acceptance_required": acceptance is not None,
        "decision_rule": None if decision is None else decision.id,
        "further_review": "" if decision is None else decision.further_review,
    }
    case = Case(
        case_id, CaseKind.OBJECTION, subject, target.competent_agency, S.FILED, at, details=details
    )
    case = advance(case, "file", S.FILED, at, filer, deadlines=tuple(deadlines))
    payload = {**details, "since": day.isoformat()}
    return case, (case_event(EventKind.OBJECTION_FILED, case, at, filer, payload),)


def _keys(case: Case) -> list[list[str]]:
    return [list(key) for key in case.details["record_keys"]]


def decide_acceptance(
    case: Case,
    accepted: bool,
    agency: str,
    at: datetime,
    pack: Pack,
    calendar: WorkingCalendar,
    reasons: str = "",
) -> Outcome:
    """Accept the objection for verification, or refuse it as inadmissible (with reasons)."""
    command = C.ACCEPT if accepted else C.REFUSE_ACCEPTANCE
    state = next_state(case, command, OBJECTION_TRANSITIONS)
    require_competent(case, agency, "decide on acceptance")
    require_in_order(case, at)
    if not accepted and not reasons.strip():
        raise ProcedureError(f"refusing to accept objection {case.id} needs reasons")
    deadlines = without(case.deadlines, "acceptance")
    rule_id = case.details["decision_rule"]
    rule = next((d for d in pack.procedures.deadlines if d.id == rule_id), None)
    if accepted and rule is not None:
        deadlines += (start_deadline(rule, official_day(at), calendar, step="decision"),)
    updated = advance(
        case, command, state, at, agency, {"reasons": reasons.strip()}, deadlines=deadlines
    )
    payload = {
        "accepted": accepted,
        "reasons": reasons.strip(),
        "record_keys": _keys(case),
        "on": official_day(at).isoformat(),
    }
    return updated, (case_event(EventKind.OBJECTION_ACCEPTED, updated, at, agency, payload),)


def _revocations(case: Case, at: datetime, agency: str) -> tuple[Event, ...]:
    day = official_day(at).isoformat()
    reason = f"objection {case.id} upheld"
    return tuple(
        Event(
            EventKind.RECORD_REVOKED,
            case.subject,
            at,
            at,
            agency,
            {
                "agency": key[0],
                "source_record_id": key[1],
                "on": day,
                "reason": reason,
                "case_id": case.id,
            },
        )
        for key in case.details["record_keys"]
    )


def decide_objection(
    case: Case,
    upheld: bool,
    reasons: str,
    agency: str,
    at: datetime,
    pack: Pack,
    calendar: WorkingCalendar,
    remedy: str = "correct",
) -> Outcome:
    """Uphold (``remedy`` ``revoke``: the records are revoked now; ``correct``: a corrected
    record follows, within the pack's correction deadline) or reject, always with reasons."""
    command = C.UPHOLD if upheld else C.REJECT
    state = next_state(case, command, OBJECTION_TRANSITIONS)
    require_competent(case, agency, "decide the objection")
    require_in_order(case, at)
    if case.state == S.FILED and case.details["acceptance_required"]:
        raise ProcedureError(f"objection {case.id} must be accepted before it is decided")
    if not reasons.strip():
        raise ProcedureError(f"a decision on objection {case.id} states its reasons")
    if upheld and remedy not in ("correct", "revoke"):
        raise InvalidInput("unknown remedy", (Problem("correct or revoke", "remedy", remedy),))
    day = official_day(at)
    target = case.details["target"]
    names = tuple(n for n in (target["list_id"], target["record_type"]) if n)
    deadlines = without(case.deadlines, "acceptance", "decision")
    follow = "correction" if upheld and remedy == "correct" else "higher_court_request"
    rule = find_deadline(pack, "objection", follow, applies_to=names, on=day)
    if rule is not None and (upheld or case.details["further_review"]):
        deadlines += (start_deadline(rule, day, calendar, party="agency" if upheld else "subject"),)
    detail = {"outcome": "upheld" if upheld else "rejected", "reasons": reasons.strip()}
    if upheld:
        detail["remedy"] = remedy
    updated = advance(case, command, state, at, agency, detail, deadlines=deadlines, details=detail)
    payload = {**detail, "record_keys": _keys(case), "on": day.isoformat()}
    events: tuple[Event, ...] = (
        case_event(EventKind.OBJECTION_DECIDED, updated, at, agency, payload),
    )
    if upheld and remedy == "revoke":
        events += _revocations(case, at, agency)
    return updated, events


def confirm_correction(case: Case, agency: str, at: datetime, corrected_record: str) -> Outcome:
    """The agency submitted the corrected record: the correction deadline is met."""
    state = next_state(case, C.CONFIRM_CORRECTION, OBJECTION_TRANSITIONS)
    require_competent(case, agency, "confirm the correction")
    require_in_order(case, at)
    detail = {"corrected_record": corrected_record}
    updated = advance(
        case,
        C.CONFIRM_CORRECTION,
        state,
        at,
        agency,
        detail,
        deadlines=without(case.deadlines, "correction"),
        details=detail,
    )
    return updated, ()


def request_review(
    case: Case, at: datetime, filer: str, pack: Pack, calendar: WorkingCalendar
) -> Outcome:
    """The subject asks for the further review the pack defines (the higher court), in time."""
    state = next_state(case, C.REQUEST_REVIEW, OBJECTION_TRANSITIONS)
    require_in_order(case, at)
    if filer != case.subject:
        raise PermissionDenied(f"only the subject may ask for review of objection {case.id}")
    window = case.deadline("higher_court_request")
    if window is None:
        review = case.details["further_review"] or "none"
        raise ProcedureError(
            f"the pack defines no review of objection {case.id} inside the system "
            f"(further review: {review})"
        )
    day = official_day(at)
    if not window.provisional and day > window.due_on:
        raise ProcedureError(
            f"the review request window of objection {case.id} closed on "
            f"{window.due_on.isoformat()}"
        )
    target = case.details["target"]
    names = tuple(n for n in (target["list_id"], target["record_type"]) if n)
    rule = find_deadline(pack, "objection", "higher_court_decision", applies_to=names, on=day)
    deadlines = without(case.deadlines, "higher_court_request")
    if rule is not None:
        deadlines += (start_deadline(rule, day, calendar),)
    updated = advance(case, C.REQUEST_REVIEW, state, at, filer, deadlines=deadlines)
    payload = {
        "record_keys": _keys(case),
        "since": day.isoformat(),
        "review": case.details["further_review"],
    }
    return updated, (case_event(EventKind.OBJECTION_REVIEW_REQUESTED, updated, at, filer, payload),)


def decide_review(case: Case, upheld: bool, reasons: str, agency: str, at: datetime) -> Outcome:
    """The reviewing body decides; upheld on review revokes the records concerned."""
    command = C.REVIEW_UPHOLD if upheld else C.REVIEW_REJECT
    state = next_state(case, command, OBJECTION_TRANSITIONS)
    require_competent(case, agency, "decide the review")
    require_in_order(case, at)
    if not reasons.strip():
        raise ProcedureError(f"a review decision on objection {case.id} states its reasons")
    detail = {
        "review_outcome": "upheld" if upheld else "rejected",
        "review_reasons": reasons.strip(),
    }
    updated = advance(case, command, state, at, agency, detail, deadlines=(), details=detail)
    payload = {**detail, "record_keys": _keys(case), "on": official_day(at).isoformat()}
    events = (case_event(EventKind.OBJECTION_REVIEW_DECIDED, updated, at, agency, payload),)
    return updated, events + (_revocations(case, at, agency) if upheld else ())
