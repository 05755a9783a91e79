"""Row checks the record format alone cannot make: identifiers, record types, dates.

``parse_record`` checks types; these checks look at values a reader can judge
without a policy pack: the subject's identifier (USCC check character for an
entity, GB 11643 for a person), whether the record type is one of the shared
vocabulary's, and whether a date lies in the future. The policy pack's
directory, once loaded, is the authority on record types; ``KNOWN_RECORD_TYPES``
is the default until then.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from functools import lru_cache

from stdnum.cn import ric

from publiccredit.domain.record import Record, SubjectKind
from publiccredit.errors import Problem
from publiccredit.identifiers.uscc import ALPHABET, calc_check_char

KNOWN_RECORD_TYPES: frozenset[str] = frozenset(
    {
        "registration", "annual_report", "admin_license", "admin_inspection", "admin_penalty",
        "obligation_performed", "abnormal_operation_listing", "abnormal_operation_removal",
        "serious_dishonesty_listing", "serious_dishonesty_removal",
        "tax_major_violation_listing", "customs_credit_status", "tax_credit_rating",
        "judgment_default_listing", "judgment_default_removal", "court_judgment",
        "professional_qualification", "contract_performance", "credit_commitment", "honour",
        "charitable_donation", "ip_right",
    }
)  # fmt: skip
"""The record types of the shared vocabulary (``/tmp/briefs/vocabulary.md``)."""


@lru_cache(maxsize=1 << 16)
def uscc_problem(code: str) -> str | None:
    """Why ``code`` is not a well-formed USCC with a correct check character, or ``None``.

    A failed inner (GB 11714) check or an unknown region is not a problem here:
    the rules reference treats both as warnings for the registering authority.
    """
    if len(code) != 18:
        return f"must be 18 characters, not {len(code)}"
    bad = sorted({char for char in code if char not in ALPHABET})
    if bad:
        return f"contains characters outside the USCC alphabet: {''.join(bad)}"
    expected = calc_check_char(code[:17])
    if code[17] != expected:
        return f"check character is {code[17]}, expected {expected}"
    return None


@lru_cache(maxsize=1 << 16)
def resident_id_problem(number: str) -> str | None:
    """Why ``number`` is not a valid resident ID number (GB 11643), or ``None``."""
    try:
        valid = bool(ric.is_valid(number))
    except (KeyError, ValueError):  # python-stdnum trips on some region codes
        valid = False
    return None if valid else "is not a valid resident ID number (GB 11643)"


def check_record(
    record: Record, today: date, record_types: Collection[str] = KNOWN_RECORD_TYPES
) -> list[Problem]:
    """Every problem of ``record`` beyond the format (empty when it is fine)."""
    problems: list[Problem] = []
    if record.subject_kind is SubjectKind.ENTITY:
        reason = uscc_problem(record.subject_id)
    else:
        reason = resident_id_problem(record.subject_id)
    if reason:
        problems.append(Problem(reason, "subject_id", record.subject_id))
    if record.record_type not in record_types:
        problems.append(Problem("unknown record type", "record_type", record.record_type))
    for name, value in (
        ("decided_on", record.decided_on),
        ("effective_from", record.effective_from),
    ):
        if value is not None and value > today:
            problems.append(
                Problem(f"lies in the future (after {today.isoformat()})", name, value.isoformat())
            )
    if record.recorded_at is not None and record.recorded_at.date() > today:
        problems.append(
            Problem("lies in the future", "recorded_at", record.recorded_at.isoformat())
        )
    return problems
