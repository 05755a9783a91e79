"""Case events → the engine's facts (``publiccredit.domain.facts``).

The service feeds these to the engine on re-assessment:

| event | fact |
|---|---|
| ``objection.filed``, ``objection.review_requested`` | ``ObjectionPending`` per record concerned |
| ``objection.decided``, ``objection.review_decided`` | ``ObjectionResolved`` |
| ``objection.accepted`` with ``accepted`` false (not admitted) | ``ObjectionResolved`` |
| ``record.revoked`` | ``Revocation`` |
| ``repair.decided`` (granted) | ``Repair`` per record |
| ``removal.decided`` (early removal granted) | ``EarlyRemoval`` of the listing record |

Each payload carries its own ``on`` / ``since`` day (a Beijing day), so the
fact does not depend on the zone of ``occurred_at``; ``recorded_on`` is the
day of ``recorded_at``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from publiccredit.domain.event import Event, EventKind
from publiccredit.domain.facts import (
    EarlyRemoval,
    Fact,
    ObjectionPending,
    ObjectionResolved,
    RecordKey,
    Repair,
    Revocation,
)
from publiccredit.procedures.calendar import official_day


def _keys(payload: Mapping[str, Any]) -> list[RecordKey]:
    return [(str(key[0]), str(key[1])) for key in payload.get("record_keys", ())]


def _facts(event: Event) -> list[Fact]:
    payload = event.payload
    recorded = official_day(event.recorded_at)
    kind = event.kind
    if kind in (EventKind.OBJECTION_FILED, EventKind.OBJECTION_REVIEW_REQUESTED):
        since = date.fromisoformat(payload["since"])
        return [ObjectionPending(key, since, recorded) for key in _keys(payload)]
    resolved = kind in (EventKind.OBJECTION_DECIDED, EventKind.OBJECTION_REVIEW_DECIDED) or (
        kind == EventKind.OBJECTION_ACCEPTED and not payload["accepted"]
    )
    if resolved:
        on = date.fromisoformat(payload["on"])
        return [ObjectionResolved(key, on, recorded) for key in _keys(payload)]
    if kind == EventKind.RECORD_REVOKED:
        key = (str(payload["agency"]), str(payload["source_record_id"]))
        return [Revocation(key, date.fromisoformat(payload["on"]), recorded)]
    if kind == EventKind.REPAIR_DECIDED and payload.get("outcome") == "granted":
        on = date.fromisoformat(payload["on"])
        return [Repair(key, on, recorded) for key in _keys(payload)]
    if (
        kind == EventKind.REMOVAL_DECIDED
        and payload.get("outcome") == "removed"
        and payload.get("reason") == "early_removal"
    ):
        listing = payload["listing_key"]
        key = (str(listing[0]), str(listing[1]))
        return [EarlyRemoval(key, date.fromisoformat(payload["on"]), recorded)]
    return []


def facts_from_events(events: Iterable[Event]) -> tuple[Fact, ...]:
    """The engine facts these events imply, in event order."""
    return tuple(fact for event in events for fact in _facts(event))
