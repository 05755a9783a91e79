"""``/v1/cases``: due-process cases (listing, objection, repair, early removal), DESIGN §8.

Each step calls ``publiccredit.service.cases`` in one transaction, exactly as
``publiccredit case …`` does: the case events go to the ledger, the case
snapshot and its deadlines are stored, and the subject is re-assessed at once
(an objection shows the record as ``under_objection``). The procedures decide
what is allowed: a step in the wrong state, too early or too late is a 409
``procedure_error``; a step by the wrong party is a 403.

Who may do what (the key decides who the actor is; nobody names it in the body):

* **agency** keys propose listings, and act on, decide and extend the cases
  their agency is competent for; they see those cases only. An agency may
  also object to public information about a subject, with evidence.
* **subject** keys object to their own records and cases, apply for repair
  and early removal of their own records, act on their own cases (withdraw a
  repair, ask for review) and see their own cases.
* **auditor** and **admin** keys read every case and the overdue report.
* The anonymous public may not file: an objection names an accountable filer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from publiccredit.api.auth import Caller, CallerDep
from publiccredit.api.case_schemas import (
    CaseAction,
    CaseDecision,
    CaseExtension,
    CaseList,
    CaseOut,
    ListingOpen,
    ObjectionOpen,
    OverdueOut,
    RemovalOpen,
    RepairOpen,
    StepOut,
)
from publiccredit.api.state import ApiState, StateDep
from publiccredit.domain.case import Case
from publiccredit.errors import PermissionDenied
from publiccredit.procedures.listing import ListingProposal
from publiccredit.service import cases as service
from publiccredit.service.case_commit import CaseDesk, StepResult
from publiccredit.store.unit import write_unit

router = APIRouter(prefix="/v1/cases", tags=["cases"])

READERS = ("agency", "subject", "auditor", "admin")


@contextmanager
def _desk(state: ApiState) -> Iterator[CaseDesk]:
    with write_unit(state.engine) as conn:
        yield CaseDesk(conn, state.pack, state.calendar(), state.personal_keys())


def _step(result: StepResult) -> StepOut:
    body = result.to_json()
    return StepOut(case=result.case.to_json(), seqs=list(result.seqs), others=body["others"])


def _actor(who: Caller) -> str:
    """The party a key acts as: its agency code or its subject key."""
    return str(who.agency if who.role == "agency" else who.subject_key)


def _may_see(who: Caller, case: Case) -> None:
    """``PermissionDenied`` unless ``who`` is a party to ``case`` or reads every case."""
    if who.role in ("auditor", "admin"):
        return
    if who.role == "agency" and case.competent_agency == who.agency:
        return
    if who.role == "subject" and case.subject == who.subject_key:
        return
    raise PermissionDenied(f"case {case.id} is not one of this key's cases")


@router.get("", response_model=CaseList, summary="Cases, oldest first")
def list_cases(
    state: StateDep,
    who: CallerDep,
    subject: str | None = Query(None, max_length=32),
    agency: str | None = Query(None, max_length=64, description="Competent agency or kind."),
    kind: str | None = Query(None, max_length=16),
    case_state: str | None = Query(None, alias="state", max_length=32),
) -> CaseList:
    """Cases by subject, competent agency, kind and state; agency and subject keys see
    only their own cases (their filter is forced)."""
    who.require(*READERS)
    if who.role == "agency":
        agency = who.agency
    elif who.role == "subject":
        subject = who.subject_key
    with state.engine.connect() as conn:
        found = service.list_cases(
            conn, subject_key=subject, agency=agency, kind=kind, state=case_state
        )
    return CaseList(items=[case.to_json() for case in found])


@router.get("/overdue", response_model=OverdueOut, summary="Deadlines missed, by agency")
def overdue(
    state: StateDep,
    who: CallerDep,
    as_of: Annotated[date | None, Query(description="Default today.")] = None,
) -> OverdueOut:
    """Every administration deadline past its last day on ``as_of`` (auditor, admin)."""
    who.require("auditor", "admin")
    day = as_of or state.today()
    with state.engine.connect() as conn:
        found = service.overdue_cases(conn, day)
    listed = {
        agency: [{**asdict(item), "due_on": item.due_on.isoformat()} for item in items]
        for agency, items in found.items()
    }
    return OverdueOut(as_of=day, overdue=listed)


@router.get("/{case_id}", response_model=CaseOut, summary="One case")
def show_case(state: StateDep, who: CallerDep, case_id: str) -> CaseOut:
    """The case: state, steps, running deadlines ("provisional" where so), extensions."""
    who.require(*READERS)
    with state.engine.connect() as conn:
        case = service.show_case(conn, case_id)
    _may_see(who, case)
    return CaseOut(case=case.to_json())


@router.post("/listings", response_model=StepOut, status_code=201, summary="Propose a listing")
def open_listing(body: ListingOpen, state: StateDep, who: CallerDep) -> StepOut:
    """The agency proposes to list a subject; serve the notice next (action ``serve-notice``)."""
    who.require("agency")
    agency = str(who.agency)
    proposal = ListingProposal(
        body.list_id, body.facts, body.legal_basis, tuple(body.measures), body.record_type,
        refers_to=None if body.refers_to is None else (agency, body.refers_to), extra=body.extra,
    )  # fmt: skip
    with _desk(state) as desk:
        return _step(service.open_listing(desk, body.subject, proposal, agency, state.now()))


@router.post("/objections", response_model=StepOut, status_code=201, summary="File an objection")
def open_objection(body: ObjectionOpen, state: StateDep, who: CallerDep) -> StepOut:
    """Object to a record, its publication period, a listing proposal or a repair decision.
    A subject objects to its own; others (agency keys) only to public information, with
    evidence."""
    who.require("subject", "agency")
    record = None if body.record is None else (body.record.agency, body.record.source_record_id)
    target = "publication" if body.publication else "record"
    with _desk(state) as desk:
        result = service.open_objection(
            desk, body.grounds, body.evidence, state.now(), record=record, case_id=body.case_id,
            target_kind=target, filer=_actor(who),
        )  # fmt: skip
        return _step(result)


@router.post("/repairs", response_model=StepOut, status_code=201, summary="Apply for repair")
def open_repair(body: RepairOpen, state: StateDep, who: CallerDep) -> StepOut:
    """The subject applies to repair its records; a record not yet eligible is refused (409)
    with the day it will be and why."""
    who.require("subject")
    keys = [(ref.agency, ref.source_record_id) for ref in body.records]
    with _desk(state) as desk:
        result = service.open_repair(
            desk, str(who.subject_key), keys, body.proof, body.commitment, state.now(),
            channel=body.channel,
        )  # fmt: skip
        return _step(result)


@router.post("/removals", response_model=StepOut, status_code=201, summary="Apply for removal")
def open_removal(body: RemovalOpen, state: StateDep, who: CallerDep) -> StepOut:
    """The subject applies to be taken off a list early (where the list allows it)."""
    who.require("subject")
    key = (body.listing.agency, body.listing.source_record_id)
    with _desk(state) as desk:
        result = service.open_early_removal(
            desk, key, body.conditions, body.proof, state.now(), applicant=str(who.subject_key)
        )
        return _step(result)


@router.post("/{case_id}/actions", response_model=StepOut, summary="A step of a case")
def act(case_id: str, body: CaseAction, state: StateDep, who: CallerDep) -> StepOut:
    """A step other than the decision (serve-notice, withdraw, accept, refuse-acceptance,
    confirm-correction, request-review, forward), by the key's agency or subject."""
    who.require("agency", "subject")
    with _desk(state) as desk:
        _may_see(who, service.show_case(desk.conn, case_id))
        result = service.act(
            desk, case_id, body.action, _actor(who), state.now(), reason=body.reason,
            delivery=body.delivery, record=body.corrected_record,
        )  # fmt: skip
        return _step(result)


@router.post("/{case_id}/decision", response_model=StepOut, summary="Decide a case")
def decide(case_id: str, body: CaseDecision, state: StateDep, who: CallerDep) -> StepOut:
    """The competent agency decides (effective, upheld, rejected, granted, refused, removed)."""
    who.require("agency")
    with _desk(state) as desk:
        _may_see(who, service.show_case(desk.conn, case_id))
        result = service.decide(
            desk, case_id, str(who.agency), body.outcome, state.now(), reasons=body.reasons,
            remedy=body.remedy,
        )  # fmt: skip
        return _step(result)


@router.post("/{case_id}/extensions", response_model=StepOut, summary="Extend a deadline")
def extend(case_id: str, body: CaseExtension, state: StateDep, who: CallerDep) -> StepOut:
    """The competent agency extends an extendable deadline, for a recorded reason."""
    who.require("agency")
    with _desk(state) as desk:
        _may_see(who, service.show_case(desk.conn, case_id))
        result = service.extend(
            desk,
            case_id,
            body.working_days,
            body.reason,
            str(who.agency),
            state.now(),
            step=body.step,
        )
        return _step(result)
