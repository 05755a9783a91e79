"""Procedural facts for the engine, derived from the ledger's events (``domain/facts.py``).

Re-assessment must see every fact a subject's events imply, so this reads the
subject's events of ``FACT_KINDS`` and lets the procedures' own translation
(``procedures.facts.facts_from_events``) turn them into facts:

* ``record.revoked`` → ``Revocation`` (from ``revoke`` or an upheld objection);
* ``objection.filed`` / ``objection.review_requested`` → ``ObjectionPending``
  (the record shows "under objection"), and the decision events →
  ``ObjectionResolved``;
* ``repair.decided`` granted → ``Repair`` (publication ends, measures lift);
* ``removal.decided`` early removal → ``EarlyRemoval`` (the membership ends).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.engine import Connection

from publiccredit.domain.event import EventKind
from publiccredit.domain.facts import Fact
from publiccredit.procedures.facts import facts_from_events
from publiccredit.store.cases import subject_events

FACT_KINDS: tuple[str, ...] = tuple(
    kind.value
    for kind in (
        EventKind.RECORD_REVOKED,
        EventKind.OBJECTION_FILED,
        EventKind.OBJECTION_ACCEPTED,
        EventKind.OBJECTION_DECIDED,
        EventKind.OBJECTION_REVIEW_REQUESTED,
        EventKind.OBJECTION_REVIEW_DECIDED,
        EventKind.REPAIR_DECIDED,
        EventKind.REMOVAL_DECIDED,
    )
)
"""Event kinds that become facts."""


def revocation_payload(agency: str, source_record_id: str, on: date, reason: str) -> dict[str, str]:
    """The payload of a ``record.revoked`` event."""
    return {
        "agency": agency,
        "source_record_id": source_record_id,
        "on": on.isoformat(),
        "reason": reason,
    }


def facts_by_subject(conn: Connection, subject_keys: Sequence[str]) -> dict[str, list[Fact]]:
    """Every fact of each subject, from its events in ledger order."""
    return {
        subject: list(facts_from_events(found))
        for subject, found in subject_events(conn, subject_keys, FACT_KINDS).items()
    }
