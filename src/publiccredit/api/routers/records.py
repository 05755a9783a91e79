"""``/v1/records``: an agency's submissions, corrections and revocations.

The same path as ``publiccredit ingest``: every row is parsed
(``domain.record.parse_record``) and checked against the active pack's
closed directory, identifiers and calendar (``ingest.checks.check_record``);
then the rows go to one ``service.Submission`` in one transaction. A batch is
atomic: one bad row (or a row whose key is stored with other content) refuses
the whole batch, and the error lists every row at fault (``details[].row``
counts from 1). Resubmitting the same content changes nothing (idempotent),
so a client that lost the answer can simply send again.

Only agency keys submit, and only rows naming their own agency code; the
directory decides which record types that agency's kind may submit. A row
that would put its subject on a list needing due process (the serious list,
the abnormal list: ``procedures.gate``) is refused on every path here, the
corrections included: the agency opens a listing case (``/v1/cases/listings``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fastapi import APIRouter

from publiccredit.api.auth import Caller, CallerDep
from publiccredit.api.errors import RowConflict
from publiccredit.api.schemas import (
    RecordBatch,
    RecordRow,
    RevocationOut,
    RevocationRequest,
    SubmitResult,
)
from publiccredit.api.state import ApiState, StateDep
from publiccredit.domain.record import Record, RecordParseError, parse_record
from publiccredit.errors import InvalidInput, PermissionDenied, Problem
from publiccredit.ingest.checks import check_record
from publiccredit.procedures.calendar import official_day
from publiccredit.procedures.gate import direct_submission_problem
from publiccredit.service import Submission, revoke
from publiccredit.store.unit import write_unit

router = APIRouter(prefix="/v1/records", tags=["records"])

Checked = list[tuple[int, Record, tuple[Problem, ...]]]


def _check(rows: list[RecordRow], who: Caller, state: ApiState, today: date) -> Checked:
    """Every row parsed and checked; ``InvalidInput`` listing every problem of every row."""
    good: Checked = []
    problems: list[Problem] = []
    for number, row in enumerate(rows, start=1):
        if row.agency != who.agency:
            reason = f"this key submits for {who.agency}; a row may not name another agency"
            problems.append(Problem(reason, "agency", row.agency, number))
            continue
        try:
            record = parse_record(row.model_dump(exclude_none=True))
        except RecordParseError as error:
            problems += [replace(p, row=number) for p in error.problems]
            continue
        checked = check_record(record, state.pack, today)
        if checked.errors:
            problems += [replace(p, row=number) for p in checked.errors]
            continue
        bypass = direct_submission_problem(state.pack, checked.record, number)
        if bypass is not None:
            problems.append(bypass)
            continue
        good.append((number, checked.record, checked.warnings))
    if problems:
        raise InvalidInput(
            f"{len(problems)} problem(s) in the submission; nothing stored", tuple(problems)
        )
    return good


def _submit(rows: list[RecordRow], who: Caller, state: ApiState, corrections: bool) -> SubmitResult:
    who.require("agency")
    now = state.now()
    today = official_day(now)
    checked = _check(rows, who, state, today)
    with write_unit(state.engine) as conn:
        submission = Submission(
            conn, state.pack, state.personal_keys(), today, now, corrections, state.calendar(),
            only_corrections=corrections, serve_notices=True,
        )  # fmt: skip
        conflicts = submission.add(checked)
        if conflicts:
            raise RowConflict(
                f"{len(conflicts)} row(s) conflict with stored records; nothing stored",
                tuple(conflicts),
            )
        assessed = submission.finish()
        counts = submission.counts
    return SubmitResult(
        rows=len(rows),
        stored=counts.stored,
        unchanged=counts.unchanged,
        corrected=counts.corrected,
        subjects_assessed=assessed,
    )


@router.post("", response_model=SubmitResult, summary="Submit one record")
def submit_one(body: RecordRow, state: StateDep, who: CallerDep) -> SubmitResult:
    """Store one record (idempotent: the same content again changes nothing)."""
    return _submit([body], who, state, corrections=False)


@router.post("/batch", response_model=SubmitResult, summary="Submit up to 1,000 records atomically")
def submit_batch(body: RecordBatch, state: StateDep, who: CallerDep) -> SubmitResult:
    """Store all the rows or none; every bad row is reported with its number."""
    return _submit(body.rows, who, state, corrections=False)


@router.post("/corrections", response_model=SubmitResult, summary="Correct stored records")
def correct(body: RecordBatch, state: StateDep, who: CallerDep) -> SubmitResult:
    """Replace stored records' content (a ``record.corrected`` event each).

    Every row must name a stored record, and no record may be corrected twice with
    different content in one batch: otherwise 409 naming the rows, nothing stored."""
    return _submit(body.rows, who, state, corrections=True)


@router.post(
    "/{agency}/{source_record_id}/revocation",
    response_model=RevocationOut,
    summary="Record that a record's decision was revoked",
)
def revoke_record(
    state: StateDep,
    who: CallerDep,
    agency: str,
    source_record_id: str,
    body: RevocationRequest,
) -> RevocationOut:
    """Append ``record.revoked``: the record stops being published; the subject is re-assessed."""
    who.require("agency")
    if agency != who.agency:
        raise PermissionDenied(f"this key acts for {who.agency}, not {agency}")
    now = state.now()
    with write_unit(state.engine) as conn:
        done = revoke(
            conn,
            state.pack,
            (agency, source_record_id),
            body.on,
            body.reason,
            as_of=official_day(now),
            now=now,
            calendar=state.calendar(),
        )
    return RevocationOut(seq=done.seq, subject_key=done.subject_key)
