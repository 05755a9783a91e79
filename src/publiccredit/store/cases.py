"""The case and consent projections: the latest snapshot of each, saved with its events.

Every case event carries the case as it stands after the step (``Case.to_json``),
so the ``cases`` table is "the latest snapshot per case id", written by the
service in the same transaction as the events (``service.cases``). ``next_due``
is the earliest running deadline on the administration (an agency's or the
portal's; a subject's window is not a duty), so "which cases are overdue on
D?" is one indexed query. ``consents`` keeps each consent's latest document
(``Consent.to_json``) the same way (``service.consents``); its ``valid_*`` day
columns are the UTC days of the document's instants, for browsing only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from publiccredit.domain.case import Case
from publiccredit.domain.event import Event, format_instant, parse_instant, parse_kind
from publiccredit.store.schema import cases, consents, events

CASE_LIST_LIMIT = 1000
"""At most this many cases per listing query."""

LOOKUP_CHUNK = 4000
"""Subject keys per ``IN`` query."""


def _document(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str | bytes) else dict(value)


def _upsert(conn: Connection, table: sa.Table, key: str, row: dict[str, Any]) -> None:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(row)
    updates = {name: statement.excluded[name] for name in row if name != key}
    conn.execute(statement.on_conflict_do_update(index_elements=[key], set_=updates))


def next_due(case: Case) -> date | None:
    """The earliest running deadline the administration must meet, if any."""
    days = [d.due_on for d in case.deadlines if d.party != "subject"]
    return min(days) if days else None


def save_case(conn: Connection, case: Case, last_event_seq: int, updated_at: datetime) -> None:
    """Store ``case`` as the latest snapshot of its id (insert or replace)."""
    _upsert(
        conn,
        cases,
        "case_id",
        {
            "case_id": case.id,
            "kind": case.kind.value,
            "subject_key": case.subject,
            "agency": case.competent_agency,
            "state": case.state,
            "opened_at": format_instant(case.opened_at),
            "updated_at": format_instant(updated_at),
            "next_due": next_due(case),
            "provisional": case.provisional,
            "document": case.to_json(),
            "last_event_seq": last_event_seq,
        },
    )


def get_case(conn: Connection, case_id: str) -> Case | None:
    """The latest snapshot of case ``case_id``, or ``None``."""
    value = conn.execute(sa.select(cases.c.document).where(cases.c.case_id == case_id)).scalar()
    return None if value is None else Case.from_json(_document(value))


def find_cases(
    conn: Connection,
    *,
    subject_key: str | None = None,
    agency: str | None = None,
    kind: str | None = None,
    state: str | None = None,
    due_before: date | None = None,
    provisional: bool | None = None,
    limit: int = CASE_LIST_LIMIT,
) -> list[Case]:
    """Cases matching every filter given, oldest first.

    ``agency`` matches the competent agency exactly, or every agency of a kind
    when given without a region (``samr``). ``due_before``: cases with an
    administration deadline before that day (overdue on it). ``provisional``: cases
    whose deadlines rest (or do not rest) on a year without an official schedule.
    """
    query = sa.select(cases.c.document).order_by(cases.c.opened_at, cases.c.case_id).limit(limit)
    if subject_key is not None:
        query = query.where(cases.c.subject_key == subject_key)
    if agency is not None:
        query = query.where(
            cases.c.agency == agency if "-" in agency else cases.c.agency.like(f"{agency}-%")
        )
    if kind is not None:
        query = query.where(cases.c.kind == kind)
    if state is not None:
        query = query.where(cases.c.state == state)
    if due_before is not None:
        query = query.where(cases.c.next_due < due_before)
    if provisional is not None:
        query = query.where(cases.c.provisional == provisional)
    return [Case.from_json(_document(value)) for value in conn.execute(query).scalars()]


def save_consent(conn: Connection, document: dict[str, Any], last_event_seq: int) -> None:
    """Store a consent's latest state (``Consent.to_json``: granted, or revoked)."""
    _upsert(
        conn,
        consents,
        "consent_id",
        {
            "consent_id": document["id"],
            "subject_key": document["subject"],
            "institution": document["institution"],
            "purpose": document["purpose"],
            "valid_from": date.fromisoformat(document["valid_from"][:10]),
            "valid_until": date.fromisoformat(document["valid_until"][:10]),
            "granted_at": document["granted_at"],
            "revoked_at": document.get("revoked_at"),
            "document": document,
            "last_event_seq": last_event_seq,
        },
    )


def get_consent(conn: Connection, consent_id: str) -> dict[str, Any] | None:
    """Consent ``consent_id``'s document, or ``None``."""
    query = sa.select(consents.c.document).where(consents.c.consent_id == consent_id)
    value = conn.execute(query).scalar()
    return None if value is None else _document(value)


def find_consents(
    conn: Connection, *, subject_key: str | None = None, institution: str | None = None
) -> list[dict[str, Any]]:
    """Documents of the consents of a subject and/or to an institution, oldest grant first."""
    query = sa.select(consents.c.document).order_by(consents.c.granted_at, consents.c.consent_id)
    if subject_key is not None:
        query = query.where(consents.c.subject_key == subject_key)
    if institution is not None:
        query = query.where(consents.c.institution == institution)
    return [_document(value) for value in conn.execute(query).scalars()]


def subject_events(
    conn: Connection, subject_keys: Sequence[str], kinds: Sequence[str]
) -> dict[str, list[Event]]:
    """These subjects' events of ``kinds`` as ``Event`` values, in ledger order.

    Events whose payload was erased are left out: nothing can be derived from them.
    """
    grouped: dict[str, list[Event]] = {}
    keys = sorted(set(subject_keys))
    for start in range(0, len(keys), LOOKUP_CHUNK):
        query = (
            sa.select(events)
            .where(events.c.subject.in_(keys[start : start + LOOKUP_CHUNK]))
            .where(events.c.kind.in_(list(kinds)))
            .where(events.c.payload.is_not(None))
            .order_by(events.c.seq)
        )
        for row in conn.execute(query):
            event = Event(
                parse_kind(row.kind),
                row.subject,
                parse_instant(row.occurred_at),
                parse_instant(row.recorded_at),
                row.actor,
                json.loads(row.payload),
                int(row.seq),
            )
            grouped.setdefault(str(row.subject), []).append(event)
    return grouped
