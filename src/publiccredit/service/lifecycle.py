"""Revocation and the daily sweep: the other two ways a subject's assessment changes.

* ``revoke``: the decision behind a record was revoked. A ``record.revoked``
  event is appended (the engine sees it as a ``Revocation`` fact), the record
  is marked ``revoked`` and its subject re-assessed — one transaction. A
  listing that rested on the record gets its removal case, with the list's
  deadline (``removal_on_revocation``).
* ``sweep``: time alone changes assessments (publication ends, a listing
  expires, repair becomes possible). Each stored assessment says when with
  ``next_change_on``; the sweep re-assesses only the subjects whose date has
  come (DESIGN §9). Time alone appends no event; the only events it appends
  are the escalation warnings and proposals that fall due (the system opens
  them itself, once each).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy.engine import Connection, Engine

from publiccredit.domain.event import Event, EventKind
from publiccredit.errors import Conflict, InvalidInput, NotFound, Problem
from publiccredit.policy.model import Pack
from publiccredit.procedures.calendar import (
    BEIJING,
    WorkingCalendar,
    default_calendar,
    official_day,
)
from publiccredit.service.assessments import Progress, reassess
from publiccredit.service.case_commit import revocation_removals
from publiccredit.service.deadlines import recount_provisional
from publiccredit.service.escalations import open_escalations
from publiccredit.service.facts import revocation_payload
from publiccredit.store.cases import save_case
from publiccredit.store.events import append_events
from publiccredit.store.nodestore import ledger_size
from publiccredit.store.projections import RecordKey, due_subjects, get_record, set_status
from publiccredit.store.unit import write_unit

SWEEP_PAGE = 500


@dataclass(frozen=True, slots=True)
class Revoked:
    """What ``revoke`` did: the event's seq and the re-assessed subject."""

    seq: int
    subject_key: str


def revoke(
    conn: Connection,
    pack: Pack,
    key: RecordKey,
    on: date,
    reason: str,
    *,
    as_of: date,
    now: datetime,
    calendar: WorkingCalendar | None = None,
) -> Revoked:
    """Record that the decision behind record ``key`` was revoked on ``on`` (see above)."""
    stored = get_record(conn, key)
    if stored is None:
        raise NotFound(f"no record {key[0]}/{key[1]} is stored")
    if stored["status"] == "revoked":
        raise Conflict(f"record {key[0]}/{key[1]} is already revoked")
    if not reason.strip():
        raise InvalidInput("a revocation needs a reason", (Problem("empty", "reason"),))
    if on > as_of:
        problem = Problem(f"lies in the future (after {as_of.isoformat()})", "on", on.isoformat())
        raise InvalidInput("cannot record a revocation before it happens", (problem,))
    subject_key = str(stored["subject_key"])
    event = Event(
        EventKind.RECORD_REVOKED,
        subject_key,
        datetime.combine(on, time(), UTC),
        now,
        key[0],
        revocation_payload(key[0], key[1], on, reason.strip()),
    )
    (seq,) = append_events(conn, [event])
    set_status(conn, key, "revoked", seq)
    working = calendar or default_calendar()
    removals, opened = revocation_removals(conn, pack, working, [event], now)
    for case, removal_seq in zip(removals, append_events(conn, opened), strict=True):
        save_case(conn, case, removal_seq, now)
    reassess(
        conn, [subject_key], pack, as_of, seq,
        subject_rows={subject_key: {"last_event_seq": seq}}, at=now,
    )  # fmt: skip
    return Revoked(seq, subject_key)


def sweep_moment(as_of: date, now: datetime | None = None) -> datetime:
    """When the sweep's own steps happen: ``now`` if it falls on ``as_of`` (Beijing day),
    else 09:00 Beijing time on ``as_of`` (a sweep run for a past or future day)."""
    moment = now or datetime.now(UTC)
    return moment if official_day(moment) == as_of else datetime.combine(as_of, time(9), BEIJING)


def sweep(
    engine: Engine,
    pack: Pack,
    as_of: date,
    progress: Progress | None = None,
    *,
    calendar: WorkingCalendar | None = None,
    now: datetime | None = None,
) -> int:
    """Re-assess every subject whose ``next_change_on`` is on or before ``as_of``; how many.

    Works in pages of ``SWEEP_PAGE`` subjects, one short transaction each, so
    writers are never held up for long and an interrupted sweep simply
    resumes: the subjects done already have their next date in the future.
    After re-assessing a page it opens, once each, the escalation warnings and
    proposals now due (``service.escalations``). Before the pages it counts
    provisional deadlines again on ``calendar`` (``service.deadlines``). These
    are the sweep's only events. Every page is a unit of work (``store.unit``).
    """
    done = 0
    after = ""
    moment = sweep_moment(as_of, now)
    working = calendar or default_calendar()
    with write_unit(engine) as conn:
        recount_provisional(conn, working, moment, now or moment)
    while True:
        with write_unit(engine) as conn:
            keys = due_subjects(conn, as_of, after, SWEEP_PAGE)
            if not keys:
                return done
            size = ledger_size(conn)
            done += reassess(conn, keys, pack, as_of, size, progress=progress, at=moment)
            open_escalations(conn, pack, working, keys, moment)
        after = keys[-1]
