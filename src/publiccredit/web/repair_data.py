"""Repair guidance and application: which records may be repaired now, and filing for them.

``overview`` is the engine's repair eligibility of every published record of
the subject, assessed for today exactly as ``service.cases.open_repair`` will
assess it at filing (minimum publication period, obligations performed, the
pack's repeat-offender bar), plus the repair cases still open. ``apply`` files
through the very function behind ``POST /v1/cases/repairs``
(``api.routers.cases.open_repair``), which refuses a record already in an open
repair case (``procedures.repair.pending_records``), so nothing is stored twice. Every refusal is an
``InvalidInput`` or ``ProcedureError`` naming the record and the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from publiccredit.api.auth import Caller
from publiccredit.api.case_schemas import RepairOpen
from publiccredit.api.routers.cases import open_repair
from publiccredit.api.state import ApiState
from publiccredit.api.what_if_data import load
from publiccredit.domain.assessment import RepairEligibility
from publiccredit.domain.case import Case
from publiccredit.domain.facts import RecordKey
from publiccredit.engine import assess
from publiccredit.engine.what_if_offers import SHOWN_STATES
from publiccredit.errors import InvalidInput, PermissionDenied, Problem
from publiccredit.procedures.repair import PENDING, pending_records
from publiccredit.service import cases as service

"""Repair case states in which an application is still pending."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A published record whose rule has a repair regime, and the engine's word on it."""

    key: RecordKey
    record_type: str
    decided_on: date
    state: str
    repair: RepairEligibility
    eligible_now: bool
    pending_case: str | None


@dataclass(frozen=True, slots=True)
class RepairOverview:
    """The subject's repair candidates on ``on``, what an application needs, open cases."""

    subject_key: str
    on: date
    candidates: tuple[Candidate, ...]
    materials: tuple[str, ...]
    open_cases: tuple[Case, ...]

    @property
    def eligible(self) -> tuple[Candidate, ...]:
        """The records that may be applied for today (and are not applied for already)."""
        return tuple(c for c in self.candidates if c.eligible_now and c.pending_case is None)


def overview(state: ApiState, who: Caller, subject_key: str, what: str) -> RepairOverview:
    """Every repairable published record with its eligibility today, and the open cases."""
    day = state.today()
    with state.engine.begin() as conn:
        stored = load(conn, who, subject_key, what)
        cases = service.list_cases(conn, subject_key=subject_key, kind="repair")
    open_cases = tuple(case for case in cases if case.state in PENDING)
    pending = pending_records(open_cases)
    current = assess(stored.subject, stored.records, state.pack, day, facts=stored.facts)
    candidates = []
    for entry in current.records:
        repair = entry.repair
        if repair is None or entry.state not in SHOWN_STATES:
            continue
        now = repair.repairable and repair.eligible_from is not None and repair.eligible_from <= day
        candidates.append(
            Candidate(entry.record.key, entry.record.record_type, entry.record.decided_on,
                      entry.state.value, repair, now, pending.get(entry.record.key))
        )  # fmt: skip
    materials = tuple(state.pack.procedures.materials.get("repair", ()))
    return RepairOverview(subject_key, day, tuple(candidates), materials, open_cases)


def _body(keys: Sequence[RecordKey], proof: Sequence[str], commitment: str) -> RepairOpen:
    records = [{"agency": agency, "source_record_id": source} for agency, source in keys]
    try:
        return RepairOpen.model_validate(
            {"records": records, "proof": list(proof), "commitment": commitment}
        )
    except ValidationError as error:
        problems = tuple(
            Problem(item["msg"], ".".join(str(p) for p in item["loc"]), str(item.get("input"))[:80])
            for item in error.errors()
        )
        raise InvalidInput("the repair application is not valid", problems) from error


def apply(
    state: ApiState,
    who: Caller,
    keys: Sequence[RecordKey],
    proof: Sequence[str],
    commitment: str,
) -> dict[str, Any]:
    """Open a repair case for ``keys`` as ``POST /v1/cases/repairs`` does; the case JSON."""
    who.require("subject")
    if who.subject_key is None:
        raise PermissionDenied("this key names no subject")
    if not keys:
        raise InvalidInput(
            "the repair application is not valid",
            (Problem("choose at least one record to repair", "records"),),
        )
    return open_repair(_body(keys, proof, commitment), state, who).case
