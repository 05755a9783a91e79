"""Counting provisional deadlines again once their year's official schedule is loaded.

A deadline that runs into a year whose State Council schedule is not out yet
is provisional (``procedures.calendar``): a listing cannot become effective on
a provisional objection window, so a listing noticed in late December would
wait for ever if nobody counted again. The sweep calls this on every run with
the store's calendar (``store.schedules``): each open case still marked
provisional is counted again, and where a deadline changed the case gets a
``case.deadlines_recomputed`` event and a new snapshot. Cases whose years are
still unknown stay as they are (no event).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.engine import Connection

from publiccredit.procedures.calendar import WorkingCalendar
from publiccredit.procedures.timers import recompute_deadlines
from publiccredit.store.cases import find_cases, save_case
from publiccredit.store.events import append_events

RECOUNT_LIMIT = 100_000
"""Provisional cases counted per run (they exist only around the turn of a year)."""


def recount_provisional(
    conn: Connection, calendar: WorkingCalendar, at: datetime, now: datetime
) -> int:
    """Count every provisional case's deadlines again; how many cases changed."""
    changed = 0
    for case in find_cases(conn, provisional=True, limit=RECOUNT_LIMIT):
        updated, events = recompute_deadlines(case, calendar, at)
        if not events:
            continue
        seqs = append_events(conn, [replace(event, recorded_at=now) for event in events])
        save_case(conn, updated, seqs[-1], now)
        changed += 1
    return changed
