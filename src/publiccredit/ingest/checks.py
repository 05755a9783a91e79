"""Row checks beyond the record format: the subject's identifier, the directory, the calendar.

``parse_record`` checks types. Here a record is checked against what a reader
can judge with the active policy pack: the subject identifier (a USCC through
``publiccredit.identifiers.uscc.check`` — invalid is an error, a warning such
as an unknown region or a legacy code is kept as a warning; a natural person's
number through GB 11643), the pack's closed directory (``policy.check_record``),
dates that lie in the future, and resident ID numbers written into free text
(refused: ``free_text_problems``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from publiccredit.domain.privacy import PERSON_ID_FIELDS, find_id_numbers, mask_id
from publiccredit.domain.record import Record, SubjectKind
from publiccredit.errors import Problem
from publiccredit.identifiers import ric, uscc
from publiccredit.ingest.storable import storable_problems, texts_in
from publiccredit.policy import check_record as check_against_directory
from publiccredit.policy.model import Pack


@dataclass(frozen=True, slots=True)
class Checked:
    """A record after the checks: normalised, with its errors and its warnings."""

    record: Record
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]


@lru_cache(maxsize=1 << 16)
def _uscc(code: str) -> uscc.UsccCheck:
    return uscc.check(code)


@lru_cache(maxsize=1 << 16)
def _resident_id_problem(number: str) -> str | None:
    try:
        ric.validate(number)
    except ric.InvalidResidentId as error:
        return str(error)
    return None


def _masked(number: str) -> str:
    """A person's number as it may appear in a report: masked, or hidden if it cannot be."""
    try:
        return ric.mask(number)
    except ric.InvalidResidentId:
        return "(hidden)"


FREE_TEXT_FIELDS = ("facts", "legal_basis", "decision_no")
"""Fields of free text an agency writes, where an ID number must not be."""


def free_text_problems(record: Record) -> list[Problem]:
    """A resident ID number written into free text is refused, naming the field.

    Free text is published as written; a number in it would escape the
    encryption and masking that ``subject_id`` and the registration's person
    fields get (DESIGN §8). The fields of ``FREE_TEXT_FIELDS`` and every text in
    ``extra`` but the person-number fields are searched, by shape and GB 11643's
    checks (``domain.privacy.find_id_numbers``); the message shows the number masked.
    """
    problems = []
    texts = [(name, getattr(record, name) or "") for name in FREE_TEXT_FIELDS]
    texts += [
        (where, text)
        for where, text in texts_in(dict(record.extra), "extra")
        if where.removeprefix("extra.") not in PERSON_ID_FIELDS  # sealed and masked already
    ]
    for name, text in texts:
        found = find_id_numbers(text)
        if found:
            reason = (
                "contains a resident ID number; name the person in the record's own fields "
                "(subject_id for a person subject), never in free text"
            )
            problems.append(Problem(reason, name, mask_id(found[0])))
    return problems


def check_record(record: Record, pack: Pack, today: date) -> Checked:
    """Every error and warning of ``record``; the subject id comes back normalised."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    if record.subject_kind is SubjectKind.ENTITY:
        result = _uscc(record.subject_id)
        found = [Problem(reason, "subject_id", record.subject_id) for reason in result.reasons]
        if result.status is uscc.UsccStatus.INVALID:
            errors += found
        else:
            warnings += found
            if result.normalized != record.subject_id:
                record = replace(record, subject_id=result.normalized)
    else:
        reason = _resident_id_problem(record.subject_id)
        if reason:
            errors.append(Problem(reason, "subject_id", _masked(record.subject_id)))
        elif ric.compact(record.subject_id) != record.subject_id:
            # one form per person, so the keyed hash a check looks up is the one stored
            record = replace(record, subject_id=ric.compact(record.subject_id))
    errors += check_against_directory(pack, record)
    errors += free_text_problems(record)
    errors += storable_problems(record)
    for name, value in (
        ("decided_on", record.decided_on),
        ("effective_from", record.effective_from),
    ):
        if value is not None and value > today:
            reason = f"lies in the future (after {today.isoformat()})"
            errors.append(Problem(reason, name, value.isoformat()))
    if record.recorded_at is not None and record.recorded_at.date() > today:
        errors.append(Problem("lies in the future", "recorded_at", record.recorded_at.isoformat()))
    return Checked(record, tuple(errors), tuple(warnings))
