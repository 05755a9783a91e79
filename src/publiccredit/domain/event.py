"""The event: one change of state, the platform's source of truth (DESIGN §4).

Everything that changes state is an event appended to the ledger; every other
table is a projection of events. An event carries two times: ``occurred_at``
(when it was true in the world) and ``recorded_at`` (when the platform learned
it), so "what did we know at K" always has an answer. ``seq`` is assigned by
the store when the event is appended (1, 2, 3, … without gaps; the Merkle leaf
index is ``seq - 1``) and is ``None`` before that.

Times are kept as timezone-aware datetimes and written in one fixed form,
``format_instant`` (UTC, microseconds, ``Z``), because the ledger hashes the
text: the same instant must always give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from publiccredit.errors import InvalidInput, Problem

JsonValue = Any
"""A value that came from JSON: str, int, float, bool, None, list or dict of those."""


class EventKind(StrEnum):
    """The closed set of event kinds; an unknown kind is refused, not stored."""

    RECORD_SUBMITTED = "record.submitted"
    RECORD_CORRECTED = "record.corrected"
    RECORD_REVOKED = "record.revoked"
    LISTING_PROPOSED = "listing.proposed"
    NOTICE_SERVED = "notice.served"
    OBJECTION_FILED = "objection.filed"
    OBJECTION_DECIDED = "objection.decided"
    LISTING_DECIDED = "listing.decided"
    REPAIR_APPLIED = "repair.applied"
    REPAIR_DECIDED = "repair.decided"
    CONSENT_GRANTED = "consent.granted"
    CONSENT_REVOKED = "consent.revoked"
    POLICY_ACTIVATED = "policy.activated"
    # Due-process cases (publiccredit.procedures): every step of a case is an event.
    LISTING_WITHDRAWN = "listing.withdrawn"
    OBJECTION_ACCEPTED = "objection.accepted"
    OBJECTION_REVIEW_REQUESTED = "objection.review_requested"
    OBJECTION_REVIEW_DECIDED = "objection.review_decided"
    REPAIR_FORWARDED = "repair.forwarded"
    REMOVAL_OPENED = "removal.opened"
    REMOVAL_DECIDED = "removal.decided"
    ESCALATION_WARNED = "escalation.warned"
    CASE_DEADLINE_EXTENDED = "case.deadline_extended"
    CASE_DEADLINES_RECOMPUTED = "case.deadlines_recomputed"
    ACCESS_LOG_COMMITTED = "access_log.committed"
    # Personal-data erasure: the redaction of an earlier event's payload stays on record.
    PAYLOAD_ERASED = "payload.erased"


def format_instant(moment: datetime) -> str:
    """The one text form of an instant: ``2025-03-01T08:30:00.000000Z`` (UTC, µs).

    Refuses naive datetimes: an instant without a zone is ambiguous, and the
    ledger would hash a different text on a machine in another zone.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(
            "an event time must carry a time zone",
            (Problem("naive datetime", value=moment.isoformat()),),
        )
    utc = moment.astimezone(UTC)
    # Not strftime: it writes years before 1000 with fewer than four digits,
    # which fromisoformat cannot read back (and which would not sort).
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T"
        f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}.{utc.microsecond:06d}Z"
    )


def parse_instant(text: str) -> datetime:
    """Read ``format_instant``'s text back into an aware UTC datetime."""
    return datetime.fromisoformat(text).astimezone(UTC)


def parse_kind(value: str) -> EventKind:
    """The ``EventKind`` named by ``value``; ``InvalidInput`` naming the kind if unknown."""
    try:
        return EventKind(value)
    except ValueError:
        raise InvalidInput(
            "unknown event kind", (Problem("not an event kind", field="kind", value=value),)
        ) from None


@dataclass(frozen=True, slots=True)
class Event:
    """``{seq, kind, subject, occurred_at, recorded_at, actor, payload}``.

    ``subject`` is the subject key (normalised USCC, or a person's opaque key)
    or ``None`` for platform-wide events (``policy.activated``,
    ``access_log.committed``). ``actor`` names who caused it (an agency code,
    ``system``, …). ``payload`` is a JSON object; it is what may later be
    erased, so personal data belongs there and nowhere else in the event.
    """

    kind: EventKind
    subject: str | None
    occurred_at: datetime
    recorded_at: datetime
    actor: str
    payload: Mapping[str, JsonValue] = field(default_factory=dict)
    seq: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", parse_kind(str(self.kind)))
        format_instant(self.occurred_at)
        format_instant(self.recorded_at)
        if not self.actor:
            raise InvalidInput("an event needs an actor", (Problem("empty", field="actor"),))
        if not isinstance(self.payload, Mapping):
            raise InvalidInput(
                "an event payload must be a JSON object", (Problem("not an object", "payload"),)
            )
        object.__setattr__(self, "payload", MappingProxyType(dict(self.payload)))

    def with_seq(self, seq: int) -> Event:
        """This event as stored under ``seq``."""
        return Event(
            self.kind,
            self.subject,
            self.occurred_at,
            self.recorded_at,
            self.actor,
            self.payload,
            seq,
        )
