"""Request and response models: what the OpenAPI document at /docs promises.

Nested documents that have their own documented contract (the assessment JSON
of docs/assessment.md, a stored record row of docs/ledger.md, pack rules of
docs/policy.md) are typed as JSON objects here rather than repeated.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from publiccredit.errors import InvalidInput, Problem

Json = dict[str, Any]
MAX_BATCH = 1000
"""Rows per batch request (records and decisions)."""
MAX_ID = 2**63 - 1
"""Largest sequence number, tree size or offset a query may name (a 64-bit column)."""


def _nul_at(value: Any) -> list[str | int] | None:
    """Where the first NUL character is (``["rows", 1, "facts"]``), or ``None``."""
    if isinstance(value, str):
        return [] if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in str(key):
                return [str(key).replace("\x00", "\\0")]
            found = _nul_at(item)
            if found is not None:
                return [str(key), *found]
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_at(item)
            if found is not None:
                return [index, *found]
    return None


def _nul_problem(path: list[str | int]) -> Problem:
    """The problem naming the field (and a batch's row, from 1) that holds a NUL."""
    row = None
    if len(path) >= 2 and path[0] == "rows" and isinstance(path[1], int):
        row, path = path[1] + 1, path[2:]
    field = ""
    for part in path:
        field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else part)
    reason = "contains the NUL character (\\0), which no database stores in text"
    return Problem(reason, field or None, None, row)


class Strict(BaseModel):
    """Request bodies refuse fields they do not declare (a typo should not pass silently)
    and NUL characters anywhere (no database stores them in text)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        # InvalidInput is not a ValueError: pydantic lets it through to the API's
        # error handler, which names the field and row (a ValueError here would only
        # say "body").
        found = _nul_at(data)
        if found is not None:
            raise InvalidInput("the request is not valid", (_nul_problem(found),))
        return data


class ErrorDetail(BaseModel):
    """One field or row at fault."""

    field: str | None
    row: int | None
    value: str | None
    reason: str | None


class ErrorBody(BaseModel):
    """What went wrong: a stable code, a sentence, the details."""

    code: str
    message: str
    details: list[ErrorDetail]


class ErrorEnvelope(BaseModel):
    """The body of every error response."""

    error: ErrorBody


class SubjectSummary(BaseModel):
    """A search hit."""

    subject_key: str
    kind: str
    name: str | None
    entity_kind: str | None
    region: str | None
    match: Literal["code", "name"]


class SearchPage(BaseModel):
    """A page of search hits: the exact code first, then names (exact, prefix, contained)."""

    query: str
    items: list[SubjectSummary]
    offset: int
    limit: int
    next_offset: int | None


class Profile(BaseModel):
    """A subject at a glance: who, its rating, lists and measures now."""

    subject_key: str
    kind: str
    name: str | None
    entity_kind: str | None
    region: str | None
    view: Literal["public", "full"]
    as_of: str | None
    next_change_on: str | None
    policy_version: str | None
    rating: Json | None
    not_rated: Json | None = Field(
        default=None,
        description="Why there is no rating ({code, reason, entity_kind}): a person, an entity "
        "kind the evaluation does not rate (organs, public institutions), or a date outside it.",
    )
    lists: list[Json]
    measures: list[Json]
    records_shown: int


class AssessmentOut(BaseModel):
    """An assessment (docs/assessment.md) as the caller may see it.

    ``source`` is ``stored`` when the stored assessment holds on the asked
    date (same policy version, date between its ``as_of`` and its
    ``next_change_on``), ``recomputed`` when the engine re-assessed the stored
    records for the asked date or knowledge date.
    """

    subject_key: str
    view: Literal["public", "full"]
    source: Literal["stored", "recomputed"]
    assessment: Json


class RecordsPage(BaseModel):
    """A page of a subject's records: the stored row and its publication state."""

    subject_key: str
    view: Literal["public", "full"]
    items: list[Json]
    offset: int
    limit: int
    total: int


class DecisionRequest(Strict):
    """May ``subject`` do ``action`` on ``date`` (default today)?"""

    subject: str = Field(min_length=1, max_length=64)
    action: str = Field(min_length=1, max_length=128)
    date: dt.date | None = None


class PersonDecisionRequest(Strict):
    """May the natural person with resident ID number ``id_number`` do ``action``?"""

    id_number: str = Field(min_length=1, max_length=64)
    action: str = Field(min_length=1, max_length=128)
    date: dt.date | None = None


class DecisionBatchRequest(Strict):
    """The same question for up to 1,000 subjects."""

    subjects: list[str] = Field(min_length=1, max_length=MAX_BATCH)
    action: str = Field(min_length=1, max_length=128)
    date: dt.date | None = None


class DecisionOut(BaseModel):
    """The answer with every measure, list and legal basis behind it (docs/assessment.md).

    ``known`` is false for a valid code the platform holds no record of; the
    outcome is then ``unknown`` — the platform cannot vouch for it — never
    ``allowed``.
    """

    subject: str
    known: bool
    action: str
    outcome: Literal["allowed", "restricted", "incentive", "unknown"]
    as_of: str
    policy_version: str
    measures: list[Json]
    lists: list[str]
    legal_basis: list[str]
    source: Literal["stored", "recomputed", "none"]


class DecisionBatchOut(BaseModel):
    """One decision per subject, in request order."""

    decisions: list[DecisionOut]


class RecordRow(Strict):
    """One record as in a record file (docs/records.md); the same checks as ``ingest``."""

    agency: str = Field(max_length=64)
    source_record_id: str = Field(max_length=128)
    record_type: str = Field(max_length=64)
    subject_kind: str = Field(default="entity", max_length=16)
    subject_id: str = Field(max_length=64)
    subject_name: str | None = Field(default=None, max_length=500)
    decision_no: str | None = Field(default=None, max_length=200)
    decided_on: str = Field(max_length=32)
    effective_from: str | None = Field(default=None, max_length=32)
    effective_until: str | None = Field(default=None, max_length=32)
    severity: str | None = Field(default=None, max_length=16)
    legal_basis: str | None = Field(default=None, max_length=2000)
    facts: str | None = Field(default=None, max_length=5000)
    amount: str | None = Field(default=None, max_length=32)
    refers_to: str | None = Field(default=None, max_length=128)
    recorded_at: str | None = Field(default=None, max_length=40)
    extra: Json | None = None


class RecordBatch(Strict):
    """Up to 1,000 records stored all together or not at all."""

    rows: list[RecordRow] = Field(min_length=1, max_length=MAX_BATCH)


class SubmitResult(BaseModel):
    """What a submission did (resubmitting the same content is ``unchanged``)."""

    rows: int
    stored: int
    unchanged: int
    corrected: int
    subjects_assessed: int


class RevocationRequest(Strict):
    """The decision behind a record was revoked on ``on`` for ``reason``."""

    on: dt.date
    reason: str = Field(min_length=1, max_length=2000)


class RevocationOut(BaseModel):
    """The revocation's ledger event and the re-assessed subject."""

    seq: int
    subject_key: str


class ListInfo(BaseModel):
    """A list of the active pack."""

    id: str
    name_en: str
    name_zh: str
    kind: str
    managing_authority: str
    legal_basis: Json
    public: bool


class ListMember(BaseModel):
    """A subject on a list now, since when, until when, because of which records."""

    subject_key: str
    name: str | None
    kind: str
    since: str
    until: str | None
    because_of: list[Json]
    legal_basis: str


class ListPage(BaseModel):
    """A page of a list, and the ledger size and root it was read at."""

    list_id: str = Field(serialization_alias="list")
    items: list[ListMember]
    next_after: str | None
    tree_size: int
    root_hex: str


class TreeHeadOut(BaseModel):
    """A signed tree head (docs/ledger.md)."""

    number: int | None
    size: int
    root_hex: str
    timestamp: str
    key_id: str
    signature_hex: str


class InclusionOut(BaseModel):
    """The RFC 6962 audit path of one event's leaf in the tree of ``tree_size``."""

    seq: int
    leaf_index: int
    tree_size: int
    leaf: str
    leaf_hash_hex: str
    root_hex: str
    proof_hex: list[str]


class ConsistencyOut(BaseModel):
    """The RFC 6962 consistency proof between two tree sizes."""

    from_size: int
    to_size: int
    from_root_hex: str
    to_root_hex: str
    proof_hex: list[str]


class PublicKeyOut(BaseModel):
    """The Ed25519 key that signs tree heads."""

    key_id: str
    raw_hex: str
    pem: str


class PolicyOut(BaseModel):
    """The active pack: what it is, its version, and optionally its rules."""

    id: str
    name: str
    jurisdiction: str
    version: str
    description: str
    rules: Json | None


class KeyOut(BaseModel):
    """An API key as listed (never its secret)."""

    key_id: str
    role: str
    agency: str | None
    subject_key: str | None
    institution: str | None
    label: str
    created_at: str
    revoked_at: str | None


class KeyCreate(Strict):
    """A new key: its role and the scope the role needs."""

    role: Literal["agency", "subject", "institution", "auditor", "admin"]
    agency: str | None = Field(default=None, max_length=64)
    subject_key: str | None = Field(default=None, max_length=64)
    institution: str | None = Field(default=None, max_length=128)
    label: str = Field(default="", max_length=200)


class KeyCreated(BaseModel):
    """The new key and its token, shown this once."""

    key: KeyOut
    token: str


class AccessEntry(BaseModel):
    """One read of non-public data."""

    id: int
    at: str
    actor: str
    role: str
    what: str
    subject_key: str | None
    consent_id: str | None
    committed_seq: int | None


class AccessLogPage(BaseModel):
    """Entries in id order after ``after``."""

    items: list[AccessEntry]
    next_after: int | None


class Health(BaseModel):
    """Liveness or readiness."""

    status: str
    checks: dict[str, str] = {}
