"""Erasing personal data from an event's payload, with the redaction kept in the ledger.

DESIGN §6: a leaf commits to a salted hash of the payload, so a payload can
be erased (after repair or expiry) without breaking the tree. Erasure must
never change what anyone is assessed as, and must itself be accountable:

* only record payloads (``record.submitted`` / ``record.corrected``) may be
  erased: they are what carries personal data (the sealed ID numbers). Every
  other kind is refused — the engine derives facts from those payloads
  (revocations, objections, repairs; ``service.facts``), so erasing one would
  silently change assessments;
* the ``records`` row keeps its masked content (what the engine and every
  public view read), with the ``sealed`` numbers removed when the erased
  event gave the row its current content; so no assessment changes, and a
  re-assessment gives the same result;
* a ``payload.erased`` event records which event was erased, when, by whom
  and why, in the same unit of work.
"""

from __future__ import annotations

import json
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from publiccredit.domain.event import Event, EventKind
from publiccredit.errors import Conflict, InvalidInput, Problem
from publiccredit.store.events import append_events, erase_payload, get_event
from publiccredit.store.projections import json_text
from publiccredit.store.schema import records

ERASABLE: tuple[str, ...] = (EventKind.RECORD_SUBMITTED.value, EventKind.RECORD_CORRECTED.value)
"""Event kinds whose payload may be erased (see the module docstring)."""


def _drop_sealed(conn: Connection, seq: int) -> None:
    """Remove the sealed ID numbers from the record row whose content came from ``seq``."""
    row = conn.execute(
        sa.select(records.c.agency, records.c.source_record_id, records.c.content).where(
            records.c.last_event_seq == seq
        )
    ).first()
    if row is None:
        return
    document = json.loads(row.content) if isinstance(row.content, str) else dict(row.content)
    if document.pop("sealed", None) is None:
        return
    conn.execute(
        sa.update(records)
        .where(records.c.agency == row.agency, records.c.source_record_id == row.source_record_id)
        .values(content=json_text(conn, "content_json")),
        {"content_json": json.dumps(document, ensure_ascii=False, separators=(",", ":"))},
    )


def erase_personal_data(conn: Connection, seq: int, reason: str, actor: str, now: datetime) -> int:
    """Erase event ``seq``'s payload (inside a unit of work); the ``payload.erased`` seq."""
    stored = get_event(conn, seq)
    if not reason.strip():
        raise InvalidInput("an erasure needs a reason", (Problem("empty", "reason"),))
    if stored.kind not in ERASABLE:
        problem = Problem(
            f"a {stored.kind} payload carries no personal data; facts and cases are derived "
            "from it, so erasing it would change assessments",
            "seq",
            str(seq),
        )
        raise InvalidInput("only record payloads can be erased", (problem,))
    if stored.erased:
        raise Conflict(f"the payload of event {seq} was already erased")
    erase_payload(conn, seq)
    _drop_sealed(conn, seq)
    payload = {"seq": seq, "kind": stored.kind, "reason": reason.strip()}
    event = Event(EventKind.PAYLOAD_ERASED, stored.subject, now, now, actor, payload)
    (redaction,) = append_events(conn, [event])
    return redaction
