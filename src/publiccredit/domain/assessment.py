"""The engine's output: immutable values that serialise to a documented JSON contract.

``docs/assessment.md`` documents every field of ``Assessment.to_json()`` (schema
``publiccredit.assessment/1``), ``Decision.to_json()`` and ``WhatIf.to_json()``;
changing a field here is changing a public contract. Dates serialise as
``YYYY-MM-DD``; an ``end`` / ``until`` date is the first day the thing no longer
holds (exclusive), ``None`` when no end is known.

Per-record values are ``NamedTuple`` s built on access: the engine keeps ~450
rows per subject as plain tuples (the cheapest immutable value Python has) and
``Assessment.records`` turns them into ``RecordAssessment`` values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple

from publiccredit.domain.record import Record
from publiccredit.domain.subject import ResponsiblePerson, Subject

SCHEMA = "publiccredit.assessment/1"
"""Version tag of the assessment JSON contract."""


class PublicationState(StrEnum):
    """Where a record stands in publication (DESIGN §4)."""

    PUBLISHED = "published"
    NOT_PUBLISHED = "not_published"
    ENDED = "ended"
    REPAIRED = "repaired"
    UNDER_OBJECTION = "under_objection"
    REVOKED = "revoked"


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def key_json(key: tuple[str, str]) -> dict[str, str]:
    """A record key as ``{"agency", "source_record_id"}``."""
    return {"agency": key[0], "source_record_id": key[1]}


class RepairEligibility(NamedTuple):
    """Whether and from when repair of a record may be applied for.

    ``eligible_from`` is the first day an application can succeed by time and
    known conditions; ``None`` when not repairable or when a condition is still
    unmet (``blockers`` says which: ``obligations_not_performed``,
    ``not_repairable``, ``repeat_offender_bar``). ``minimum_ends`` is the end of
    the rule's minimum publication period; ``conditions`` lists what the
    application must also bring (a credit commitment, proof of performance).
    """

    repairable: bool
    eligible_from: date | None
    minimum_ends: date | None
    blockers: tuple[str, ...]
    reason: str
    conditions: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The ``repair`` object of a record entry."""
        return {
            "repairable": self.repairable,
            "eligible_from": _day(self.eligible_from),
            "minimum_ends": _day(self.minimum_ends),
            "blockers": list(self.blockers),
            "reason": self.reason,
            "conditions": list(self.conditions),
        }


class RecordAssessment(NamedTuple):
    """One record's publication state under the rule that governs it.

    ``start`` is the decision date; ``end`` the first day it is no longer
    published (maximum reached, repair, revocation) or ``None``. ``rule`` is the
    publication rule's id (``None``: no rule matched, so nothing is published).
    """

    record: Record
    state: PublicationState
    start: date | None
    end: date | None
    rule: str | None
    repair: RepairEligibility | None = None

    def to_json(self) -> dict[str, Any]:
        """One entry of ``records``."""
        record = self.record
        return {
            "agency": record.agency,
            "source_record_id": record.source_record_id,
            "record_type": record.record_type,
            "decided_on": record.decided_on.isoformat(),
            "severity": None if record.severity is None else record.severity.value,
            "state": self.state.value,
            "start": _day(self.start),
            "end": _day(self.end),
            "rule": self.rule,
            "repair": None if self.repair is None else self.repair.to_json(),
        }


RecordRow = tuple[Record, PublicationState, date | None, date | None, str | None]
"""(record, state, start, end, rule id): a ``RecordAssessment`` without its repair."""


@dataclass(frozen=True, slots=True)
class Escalation:
    """A pending escalation of a membership: warned on ``warning_on``, due on ``on``."""

    to_list: str
    on: date
    warning_on: date
    warning_active: bool
    due: bool

    def to_json(self) -> dict[str, Any]:
        """The ``escalation`` object of a membership."""
        return {
            "to_list": self.to_list,
            "on": self.on.isoformat(),
            "warning_on": self.warning_on.isoformat(),
            "warning_active": self.warning_active,
            "due": self.due,
        }


@dataclass(frozen=True, slots=True)
class ListMembership:
    """The subject is on ``list_id`` since ``since`` until ``until`` (exclusive).

    ``marked`` is true for entity kinds the list only marks (individual
    businesses on the abnormal operations list): shown, but no measures follow.
    """

    list_id: str
    name_en: str
    since: date
    until: date | None
    because_of: tuple[tuple[str, str], ...]
    legal_basis: str
    marked: bool = False
    escalation: Escalation | None = None

    def to_json(self) -> dict[str, Any]:
        """One entry of ``lists``."""
        return {
            "list": self.list_id,
            "name_en": self.name_en,
            "since": self.since.isoformat(),
            "until": _day(self.until),
            "because_of": [key_json(key) for key in self.because_of],
            "legal_basis": self.legal_basis,
            "marked": self.marked,
            "escalation": None if self.escalation is None else self.escalation.to_json(),
        }


@dataclass(frozen=True, slots=True)
class MeasureInForce:
    """A catalogue measure that applies now, and what triggered it.

    ``trigger`` is ``list:<id>`` or ``rating:<level>``; ``binds`` names the
    responsible persons bound besides the subject (IDs masked).
    """

    measure_id: str
    effect: str
    measure_class: str
    content_en: str
    actions: tuple[str, ...]
    implementing_agency: str
    legal_basis: str
    trigger: str
    because_of: tuple[tuple[str, str], ...]
    since: date | None
    until: date | None
    binds: tuple[ResponsiblePerson, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """One entry of ``measures``."""
        return {
            "measure": self.measure_id,
            "effect": self.effect,
            "class": self.measure_class,
            "content_en": self.content_en,
            "actions": list(self.actions),
            "implementing_agency": self.implementing_agency,
            "legal_basis": self.legal_basis,
            "trigger": self.trigger,
            "because_of": [key_json(key) for key in self.because_of],
            "since": _day(self.since),
            "until": _day(self.until),
            "binds": [person.to_json() for person in self.binds],
        }


@dataclass(frozen=True, slots=True)
class ReasonCode:
    """Why the rating is what it is: an input's code, its points, the records behind it."""

    code: str
    points: float
    records: tuple[tuple[str, str], ...]
    description: str

    def to_json(self) -> dict[str, Any]:
        """One entry of ``rating.reasons``."""
        return {
            "code": self.code,
            "points": self.points,
            "records": [key_json(key) for key in self.records],
            "description": self.description,
        }


@dataclass(frozen=True, slots=True)
class Rating:
    """The comprehensive evaluation: level, score and its parts, at most four reasons."""

    level: str
    score: float
    base_score: float
    demerits: float
    merits: float
    merits_before_cap: float
    capped_by: str | None
    reasons: tuple[ReasonCode, ...]

    def to_json(self) -> dict[str, Any]:
        """The ``rating`` object."""
        return {
            "level": self.level,
            "score": self.score,
            "base_score": self.base_score,
            "demerits": self.demerits,
            "merits": self.merits,
            "merits_before_cap": self.merits_before_cap,
            "capped_by": self.capped_by,
            "reasons": [reason.to_json() for reason in self.reasons],
        }


class NotRatedCode(StrEnum):
    """Why an assessment carries no rating."""

    PERSON = "person"
    ENTITY_KIND = "entity_kind"
    OUTSIDE_PERIOD = "outside_period"


@dataclass(frozen=True, slots=True)
class NotRated:
    """The evaluation does not rate this subject, and why (``not_rated`` in the JSON)."""

    code: NotRatedCode
    reason: str
    entity_kind: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``not_rated`` object."""
        return {"code": self.code.value, "reason": self.reason, "entity_kind": self.entity_kind}


@dataclass(frozen=True, slots=True)
class Assessment:
    """Everything the engine says about one subject as of a date (DESIGN §4)."""

    subject: Subject
    as_of: date
    known_at: date | None
    policy_version: str
    record_rows: tuple[RecordRow, ...]
    repairs: tuple[tuple[int, RepairEligibility], ...]
    lists: tuple[ListMembership, ...]
    measures: tuple[MeasureInForce, ...]
    rating: Rating | None
    next_change_on: date | None
    not_rated: NotRated | None = None

    @property
    def records(self) -> tuple[RecordAssessment, ...]:
        """Every record's publication state (and repair eligibility), in input order."""
        repairs = dict(self.repairs)
        return tuple(
            RecordAssessment(*row, repairs.get(index)) for index, row in enumerate(self.record_rows)
        )

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object (docs/assessment.md)."""
        return {
            "schema": SCHEMA,
            "subject": self.subject.to_json(),
            "as_of": self.as_of.isoformat(),
            "known_at": _day(self.known_at),
            "policy_version": self.policy_version,
            "records": [entry.to_json() for entry in self.records],
            "lists": [membership.to_json() for membership in self.lists],
            "measures": [measure.to_json() for measure in self.measures],
            "rating": None if self.rating is None else self.rating.to_json(),
            "not_rated": None if self.not_rated is None else self.not_rated.to_json(),
            "next_change_on": _day(self.next_change_on),
        }


class Outcome(StrEnum):
    """The answer to "may this subject do this?"."""

    ALLOWED = "allowed"
    RESTRICTED = "restricted"
    INCENTIVE = "incentive"
    UNKNOWN = "unknown"
    """No records: the platform cannot vouch for the subject (never "allowed")."""


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer for one action key, with every measure, list and legal basis behind it."""

    subject_id: str
    action: str
    outcome: Outcome
    as_of: date
    policy_version: str
    measures: tuple[MeasureInForce, ...]
    lists: tuple[str, ...]
    legal_basis: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The documented decision object (docs/assessment.md)."""
        return {
            "subject": self.subject_id,
            "action": self.action,
            "outcome": self.outcome.value,
            "as_of": self.as_of.isoformat(),
            "policy_version": self.policy_version,
            "measures": [measure.to_json() for measure in self.measures],
            "lists": list(self.lists),
            "legal_basis": list(self.legal_basis),
        }


@dataclass(frozen=True, slots=True)
class WhatIf:
    """An assessment before and after hypothetical changes, and what differs, in words."""

    changes: tuple[str, ...]
    before: Assessment
    after: Assessment
    differences: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """``{"changes", "differences", "before", "after"}``."""
        return {
            "changes": list(self.changes),
            "differences": list(self.differences),
            "before": self.before.to_json(),
            "after": self.after.to_json(),
        }
