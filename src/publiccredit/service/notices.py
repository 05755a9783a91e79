"""The notice of a listing that is effective on its own decision, when it comes in directly.

A court's defaulter listing or a tax D rating is effective on the decision
itself (lists.yaml ``notice.effective_on_decision``), so it may be submitted
directly — but the notice still goes out. When an entry path (``POST
/v1/records``, ``publiccredit ingest``) stores such a record, a listing case
records the decision as effective and the platform serves the notice at once
through the portal (``notice.served``: reasons, legal basis, rights, how to
object). Only new records are noticed: sending the same record again serves
nothing twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy.engine import Connection

from publiccredit.domain.case import CaseKind
from publiccredit.domain.record import Record
from publiccredit.policy.model import ListDefinition, Pack
from publiccredit.procedures.calendar import WorkingCalendar
from publiccredit.procedures.gate import listing_list
from publiccredit.procedures.listing import notice_of_decision
from publiccredit.service.case_ids import new_case_id
from publiccredit.store.cases import save_case
from publiccredit.store.events import append_events


def noticed_list(pack: Pack, record: Record) -> ListDefinition | None:
    """The list whose notice a directly submitted ``record`` calls for, or None."""
    definition = listing_list(pack, record.record_type, record.extra)
    notice = None if definition is None else definition.notice
    if notice is None or not notice.required or not notice.effective_on_decision:
        return None
    return definition


def serve_decision_notices(
    conn: Connection,
    pack: Pack,
    calendar: WorkingCalendar,
    decided: Sequence[tuple[str, Record]],
    at: datetime,
    now: datetime,
) -> int:
    """A listing case with its notice served for each ``(subject key, stored record)``."""
    served = 0
    for subject, record in decided:
        definition = noticed_list(pack, record)
        if definition is None:
            continue
        case, events = notice_of_decision(
            new_case_id(CaseKind.LISTING, at), subject, record, definition, at, pack, calendar
        )
        seqs = append_events(conn, [replace(event, recorded_at=now) for event in events])
        save_case(conn, case, seqs[-1], now)
        served += 1
    return served
