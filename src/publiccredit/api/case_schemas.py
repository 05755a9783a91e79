"""Request and response models of ``/v1/cases`` and ``/v1/consents``.

A case is returned as its JSON document (schema ``publiccredit.case/1``,
docs/procedures.md: state, steps, running deadlines with "provisional" marks,
extensions, details) rather than repeated field by field here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, Field, field_validator

from publiccredit.api.schemas import Json, Strict

Text = Field("", max_length=2000)
Name = Field(min_length=1, max_length=200)
MIN_YEAR, MAX_YEAR = 1970, 9998


class RecordRef(Strict):
    """A stored record by its key: the submitting agency and its own id for the record."""

    agency: str = Field(min_length=1, max_length=64)
    source_record_id: str = Field(min_length=1, max_length=200)


class ListingOpen(Strict):
    """An agency proposes to list a subject (entities only); the notice is served next."""

    list_id: str = Field(min_length=1, max_length=64)
    subject: str = Field(min_length=1, max_length=32, description="The subject's USCC.")
    facts: str = Field(min_length=1, max_length=2000)
    legal_basis: str = Text
    measures: list[str] = Field(default_factory=list, max_length=50)
    refers_to: str | None = Field(
        None, max_length=200, description="The underlying record's source id (same agency)."
    )
    record_type: str | None = Field(None, max_length=64)
    extra: Json = Field(default_factory=dict, description="Listing record extra fields.")


class ObjectionOpen(Strict):
    """An objection to a record or its publication period (``record``), or to a listing
    proposal or a repair decision (``case_id``): exactly one of the two."""

    grounds: str = Field(min_length=1, max_length=2000)
    evidence: list[str] = Field(default_factory=list, max_length=50)
    record: RecordRef | None = None
    case_id: str | None = Field(None, max_length=64)
    publication: bool = Field(False, description="Object to the publication period only.")


class RepairOpen(Strict):
    """The subject applies to repair its own records (each must be eligible today)."""

    records: list[RecordRef] = Field(min_length=1, max_length=50)
    proof: list[str] = Field(default_factory=list, max_length=50)
    commitment: str = Text
    channel: Literal["portal", "agency"] = "portal"


class RemovalOpen(Strict):
    """The subject applies to be taken off a list early (where the list allows it)."""

    listing: RecordRef
    conditions: list[str] = Field(default_factory=list, max_length=50)
    proof: list[str] = Field(default_factory=list, max_length=50)


class CaseAction(Strict):
    """A step other than the decision (``ACTIONS`` of the case's kind)."""

    action: str = Field(min_length=1, max_length=32)
    reason: str = Text
    delivery: str = Field("portal", max_length=64)
    corrected_record: str = Field("", max_length=200)


class CaseDecision(Strict):
    """The competent agency's decision (``OUTCOMES`` of the case's kind)."""

    outcome: str = Field(min_length=1, max_length=32)
    reasons: str = Text
    remedy: Literal["correct", "revoke"] = "correct"


class CaseExtension(Strict):
    """Extend an extendable deadline by working days, for a recorded reason."""

    working_days: int = Field(ge=1, le=60)
    reason: str = Field(min_length=1, max_length=2000)
    step: str | None = Field(None, max_length=64)


class CaseOut(BaseModel):
    """One case (``publiccredit.case/1``)."""

    case: Json


class StepOut(BaseModel):
    """What a step did: the case, the ledger seqs of its events, other cases it moved."""

    case: Json
    seqs: list[int]
    others: list[Json]


class CaseList(BaseModel):
    """Cases, oldest first."""

    items: list[Json]


class OverdueOut(BaseModel):
    """Administration deadlines past their last day on ``as_of``, by agency."""

    as_of: dt.date
    overdue: dict[str, list[Json]]


class ConsentGrant(Strict):
    """The subject grants an institution access to its full record for a purpose and a
    period (``valid_until`` exclusive; times need a UTC offset)."""

    institution: str = Name
    purpose: str = Field(min_length=1, max_length=500)
    valid_from: AwareDatetime | None = Field(None, description="Default: now.")
    valid_until: AwareDatetime

    @field_validator("valid_from", "valid_until")
    @classmethod
    def _plausible_year(cls, value: dt.datetime | None) -> dt.datetime | None:
        """The ledger writes instants with four-digit years in UTC: keep to years it can."""
        if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
            raise ValueError(f"the year must be between {MIN_YEAR} and {MAX_YEAR}")
        return value


class ConsentOut(BaseModel):
    """A consent as stored."""

    id: str
    subject: str
    institution: str
    purpose: str
    valid_from: str
    valid_until: str
    granted_at: str
    revoked_at: str | None
    live: bool


class ConsentList(BaseModel):
    """Consents, oldest first."""

    items: list[ConsentOut]


def consent_out(body: dict[str, Any], live: bool) -> ConsentOut:
    """The answer for a consent's JSON document."""
    return ConsentOut(**body, live=live)
