"""Credit repair (信用修复): application, forwarding, decision (NDRC Order 36, Guobanfa [2025] 22).

The subject applies for records it may repair now — the engine says which
(``RepairEligibility``: minimum period, performance, the repeat-offender bar)
— with proof of performance and a public credit commitment. An application
through the portal is forwarded to the designating agency (谁认定、谁修复)
within the portal's deadline; the agency decides within its own, which the
pack may set per agency kind (SAMR: 7 working days). Deadlines marked
extendable may be extended, each time with a recorded reason. A grant ends
publication, stops sharing and lifts measures (``Repair`` fact); the record
stays in the archive. The decision is itself open to objection.

Case ``details``: ``records`` (key, record type, eligible_from), ``proof``,
``commitment``, ``channel`` and after the decision ``outcome``, ``reasons``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from publiccredit.domain.assessment import RepairEligibility
from publiccredit.domain.case import Case, CaseKind
from publiccredit.domain.event import EventKind
from publiccredit.domain.facts import RecordKey
from publiccredit.errors import InvalidInput, PermissionDenied, Problem, ProcedureError
from publiccredit.policy.model import Pack
from publiccredit.procedures.calendar import WorkingCalendar, official_day
from publiccredit.procedures.deadlines import require_deadline, start_deadline
from publiccredit.procedures.machine import (
    SYSTEM,
    Outcome,
    Transitions,
    advance,
    case_event,
    next_state,
    require_competent,
    require_in_order,
    without,
)


class RepairState(StrEnum):
    """Where a repair case stands."""

    APPLIED = "applied"
    FORWARDED = "forwarded"
    GRANTED = "granted"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


PENDING = frozenset({RepairState.APPLIED, RepairState.FORWARDED})
"""The states in which an application still awaits its decision."""


def pending_records(cases: Sequence[Case]) -> dict[RecordKey, str]:
    """Each record in a repair application still awaiting its decision, with the case id.

    A record is applied for once at a time: a second application while the first is
    pending would start a second set of agency deadlines for the same question."""
    found: dict[RecordKey, str] = {}
    for case in cases:
        if case.kind is not CaseKind.REPAIR or case.state not in PENDING:
            continue
        for record in case.details.get("records") or ():
            key = record.get("key") if isinstance(record, dict) else None
            if isinstance(key, list | tuple) and len(key) == 2:
                found[(str(key[0]), str(key[1]))] = case.id
    return found


class RepairCommand(StrEnum):
    """What can be done to a repair case."""

    FORWARD = "forward"
    GRANT = "grant"
    REFUSE = "refuse"
    WITHDRAW = "withdraw"


S, C = RepairState, RepairCommand
REPAIR_TRANSITIONS: Transitions = {
    (S.APPLIED, C.FORWARD): S.FORWARDED,
    (S.APPLIED, C.WITHDRAW): S.WITHDRAWN,
    (S.FORWARDED, C.GRANT): S.GRANTED,
    (S.FORWARDED, C.REFUSE): S.REFUSED,
    (S.FORWARDED, C.WITHDRAW): S.WITHDRAWN,
}
"""``(state, command) → state`` of the repair procedure."""

CHANNELS = ("portal", "agency")
"""Where an application is filed: the national portal (forwarded) or the agency itself."""


@dataclass(frozen=True, slots=True)
class RepairItem:
    """One record applied for, with the engine's eligibility for it (from the assessment)."""

    record_key: RecordKey
    record_type: str
    eligibility: RepairEligibility


def _refuse_ineligible(item: RepairItem, day: date) -> None:
    eligibility = item.eligibility
    key = f"{item.record_key[0]}/{item.record_key[1]}"
    if not eligibility.repairable or eligibility.eligible_from is None:
        blockers = ", ".join(eligibility.blockers) or "not repairable"
        raise ProcedureError(
            f"record {key} cannot be repaired now ({blockers}): {eligibility.reason}"
        )
    if day < eligibility.eligible_from:
        raise ProcedureError(
            f"record {key} may be repaired from {eligibility.eligible_from.isoformat()}, not on "
            f"{day.isoformat()}: {eligibility.reason}"
        )


def _check_materials(pack: Pack, proof: Sequence[str], commitment: str) -> None:
    required = pack.procedures.materials.get("repair", ())
    problems = []
    if "proof_of_performance" in required and not proof:
        problems.append(Problem("proof of performance is required (document references)", "proof"))
    if "credit_commitment_letter" in required and not commitment.strip():
        problems.append(Problem("the public credit commitment text is required", "commitment"))
    if problems:
        raise InvalidInput("the repair application is incomplete", tuple(problems))


def apply_for_repair(
    case_id: str,
    subject: str,
    items: Sequence[RepairItem],
    proof: Sequence[str],
    commitment: str,
    applicant: str,
    at: datetime,
    pack: Pack,
    calendar: WorkingCalendar,
    channel: str = "portal",
) -> Outcome:
    """Open a repair case for records eligible on the filing day; refuse any that is not."""
    if applicant != subject:
        raise PermissionDenied(f"only the subject {subject} may apply to repair its own records")
    if not items:
        raise InvalidInput("a repair application names records", (Problem("empty", "records"),))
    if channel not in CHANNELS:
        raise InvalidInput("unknown channel", (Problem("portal or agency", "channel", channel),))
    agencies = sorted({item.record_key[0] for item in items})
    if len(agencies) > 1:
        raise InvalidInput(
            "one application per designating agency (whoever designated it repairs it)",
            (Problem(f"records of {', '.join(agencies)}", "records"),),
        )
    day = official_day(at)
    for item in items:
        _refuse_ineligible(item, day)
    _check_materials(pack, proof, commitment)
    records = [
        {
            "key": list(item.record_key),
            "record_type": item.record_type,
            "eligible_from": str(item.eligibility.eligible_from),
        }
        for item in items
    ]
    details = {
        "records": records,
        "proof": list(proof),
        "commitment": commitment.strip(),
        "channel": channel,
    }
    case = Case(case_id, CaseKind.REPAIR, subject, agencies[0], S.APPLIED, at, details=details)
    case = advance(case, "apply", S.APPLIED, at, applicant)
    if channel == "portal":
        rule = require_deadline(pack, "repair", "forward", on=day)
        case = case.evolve(deadlines=(start_deadline(rule, day, calendar, party="portal"),))
    else:
        case = _start_decision(case, at, pack, calendar, C.FORWARD, SYSTEM)
    return case, (case_event(EventKind.REPAIR_APPLIED, case, at, applicant, details),)


def _start_decision(
    case: Case, at: datetime, pack: Pack, calendar: WorkingCalendar, command: str, actor: str
) -> Case:
    day = official_day(at)
    types = tuple(record["record_type"] for record in case.details["records"])
    rule = require_deadline(
        pack, "repair", "decision", applies_to=types, agency_kind=case.competent_kind, on=day
    )
    deadlines = (*without(case.deadlines, "forward"), start_deadline(rule, day, calendar))
    return advance(case, command, S.FORWARDED, at, actor, deadlines=deadlines)


def forward_repair(
    case: Case, at: datetime, pack: Pack, calendar: WorkingCalendar, actor: str = SYSTEM
) -> Outcome:
    """The portal forwards the application; the agency's decision deadline starts."""
    next_state(case, C.FORWARD, REPAIR_TRANSITIONS)
    require_in_order(case, at)
    updated = _start_decision(case, at, pack, calendar, C.FORWARD, actor)
    payload = {"to": case.competent_agency, "on": official_day(at).isoformat()}
    return updated, (case_event(EventKind.REPAIR_FORWARDED, updated, at, actor, payload),)


def decide_repair(case: Case, granted: bool, reasons: str, agency: str, at: datetime) -> Outcome:
    """Grant (publication ends, sharing stops, measures lift; the record stays) or refuse."""
    command = C.GRANT if granted else C.REFUSE
    state = next_state(case, command, REPAIR_TRANSITIONS)
    require_competent(case, agency, "decide the repair")
    require_in_order(case, at)
    if not granted and not reasons.strip():
        raise ProcedureError(f"refusing repair case {case.id} needs reasons")
    outcome = "granted" if granted else "refused"
    detail = {"outcome": outcome, "reasons": reasons.strip()}
    updated = advance(case, command, state, at, agency, detail, deadlines=(), details=detail)
    payload = {
        **detail,
        "on": official_day(at).isoformat(),
        "record_keys": [record["key"] for record in case.details["records"]],
        "effects": (
            ["publication ends", "sharing stops", "measures lift", "the record stays archived"]
            if granted
            else []
        ),
    }
    return updated, (case_event(EventKind.REPAIR_DECIDED, updated, at, agency, payload),)


def withdraw_repair(case: Case, applicant: str, at: datetime) -> Outcome:
    """The subject withdraws its application before the decision."""
    state = next_state(case, C.WITHDRAW, REPAIR_TRANSITIONS)
    require_in_order(case, at)
    if applicant != case.subject:
        raise PermissionDenied(f"only the subject may withdraw repair case {case.id}")
    updated = advance(case, C.WITHDRAW, state, at, applicant, deadlines=())
    payload = {"outcome": "withdrawn", "record_keys": [], "on": official_day(at).isoformat()}
    return updated, (case_event(EventKind.REPAIR_DECIDED, updated, at, applicant, payload),)
