"""Procedural facts for the engine, derived from the ledger's events (``domain/facts.py``).

Today one kind of event yields a fact: ``record.revoked`` → ``Revocation``.
The procedures (objection, repair, early removal) will add theirs here, so
re-assessment always sees every fact a subject's events imply.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from sqlalchemy.engine import Connection

from publiccredit.domain.event import EventKind
from publiccredit.domain.facts import Fact, Revocation
from publiccredit.store.projections import events_by_subject

FACT_KINDS: tuple[str, ...] = (EventKind.RECORD_REVOKED.value,)
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
    found: dict[str, list[Fact]] = {}
    for subject, rows in events_by_subject(conn, subject_keys, FACT_KINDS).items():
        facts: list[Fact] = []
        for kind, _occurred_at, recorded_at, payload in rows:
            if kind == EventKind.RECORD_REVOKED.value and payload:
                body = json.loads(payload)
                facts.append(
                    Revocation(
                        (body["agency"], body["source_record_id"]),
                        date.fromisoformat(body["on"]),
                        date.fromisoformat(recorded_at[:10]),
                    )
                )
        found[subject] = facts
    return found
