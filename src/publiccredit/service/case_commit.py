"""Storing one procedure step: events, case snapshots, their effects and the re-assessment.

A step of a due-process case (``publiccredit.procedures``) returns the next
case values and the events to append. ``commit_step`` stores all of it in the
caller's transaction, so a step is either wholly in the ledger and the
projections or not at all:

1. a revoked record that a listing rests on opens the removal case the list
   requires (``removal_on_revocation``: the agency must remove it in time);
2. the events are appended, restamped with the time the platform learned them;
3. each case's snapshot is saved (``store.cases``), with its last event;
4. ``record.revoked`` marks the record revoked;
5. ``listing.decided`` submits the listing record it carries through
   ``Submission`` (source id = the case id), so the listing is a record like
   any other; so does ``removal.decided`` after a cure (the exit record);
6. every subject concerned is re-assessed as of the step's day, so an
   objection shows at once as "under objection", a repair ends publication
   and lifts measures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.engine import Connection

from publiccredit.domain.case import Case, CaseKind
from publiccredit.domain.event import Event, EventKind
from publiccredit.domain.facts import RecordKey
from publiccredit.domain.record import parse_record
from publiccredit.errors import InvalidInput, Problem
from publiccredit.policy import check_record
from publiccredit.policy.model import Pack
from publiccredit.procedures.calendar import WorkingCalendar, official_day
from publiccredit.procedures.removal import open_revocation_removal
from publiccredit.service.assessments import reassess
from publiccredit.service.case_ids import new_case_id
from publiccredit.service.submit import Submission
from publiccredit.store.cases import save_case
from publiccredit.store.events import append_events
from publiccredit.store.nodestore import ledger_size
from publiccredit.store.personal import PersonalDataKeys
from publiccredit.store.projections import contents_by_subject, get_record, set_status


@dataclass(frozen=True, slots=True)
class CaseDesk:
    """What every step needs: the caller's transaction, the pack, the calendar, the keys."""

    conn: Connection
    pack: Pack
    calendar: WorkingCalendar
    keys: PersonalDataKeys


@dataclass(frozen=True, slots=True)
class StepResult:
    """What a step did: the case, the other cases it moved, the events' seqs."""

    case: Case
    seqs: tuple[int, ...]
    others: tuple[Case, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The case, the seqs and the ids and states of the other cases."""
        return {
            "case": self.case.to_json(),
            "seqs": list(self.seqs),
            "others": [{"id": c.id, "kind": c.kind.value, "state": c.state} for c in self.others],
        }


def _list_entered_by(pack: Pack, record_type: str) -> str | None:
    return next(
        (
            definition.id
            for definition in pack.lists_by_id.values()
            if any(rule.record_type == record_type for rule in definition.entry)
        ),
        None,
    )


def revocation_removals(
    conn: Connection, pack: Pack, calendar: WorkingCalendar, events: Sequence[Event], at: datetime
) -> tuple[list[Case], list[Event]]:
    """Removal cases for listings resting on records these events revoke (not yet stored)."""
    cases: list[Case] = []
    opened: list[Event] = []
    for event in events:
        if event.kind != EventKind.RECORD_REVOKED or event.subject is None:
            continue
        agency, source_id = str(event.payload["agency"]), str(event.payload["source_record_id"])
        revoked_on = official_day(at)
        for document in contents_by_subject(conn, [event.subject]).get(event.subject, []):
            row = document["record"]
            if row["agency"] != agency or (row.get("refers_to") or "") != source_id:
                continue
            list_id = _list_entered_by(pack, row["record_type"])
            definition = pack.lists_by_id.get(list_id or "")
            if definition is None or definition.removal_on_revocation is None:
                continue
            case, found = open_revocation_removal(
                new_case_id(CaseKind.REMOVAL, at), event.subject, definition.id,
                (row["agency"], row["source_record_id"]), (agency, source_id), revoked_on,
                at, pack, calendar,
            )  # fmt: skip
            cases.append(case)
            opened += found
    return cases, opened


def _submit_decided(desk: CaseDesk, event: Event, now: datetime) -> RecordKey:
    """Submit the record a decision carries (a listing, or the exit after a cure)."""
    draft = {key: value for key, value in event.payload["record"].items() if value is not None}
    record = parse_record(draft)
    problems = check_record(desk.pack, record)
    if problems:
        raise InvalidInput("the decided record does not conform to the directory", problems)
    submission = Submission(
        desk.conn, desk.pack, desk.keys, official_day(event.occurred_at), now,
        calendar=desk.calendar,
    )  # fmt: skip
    conflicts = submission.add([(1, record, ())])
    if conflicts:
        raise InvalidInput("the decided record conflicts with a stored one", tuple(conflicts))
    submission.finish()
    return record.key


def commit_step(
    desk: CaseDesk, cases: Sequence[Case], events: Sequence[Event], at: datetime, now: datetime
) -> tuple[tuple[int, ...], list[Case]]:
    """Store one step (see the module docstring); the seqs and any removal cases opened."""
    removals, opened = revocation_removals(desk.conn, desk.pack, desk.calendar, events, at)
    stamped = [replace(event, recorded_at=now) for event in (*events, *opened)]
    seqs = append_events(desk.conn, stamped) if stamped else []
    last = seqs[-1] if seqs else ledger_size(desk.conn)
    by_case: dict[str, int] = {}
    for event, seq in zip(stamped, seqs, strict=True):
        if "case_id" in event.payload:
            by_case[str(event.payload["case_id"])] = seq
    for case in (*cases, *removals):
        save_case(desk.conn, case, by_case.get(case.id, last), now)
    for event, seq in zip(stamped, seqs, strict=True):
        if event.kind == EventKind.RECORD_REVOKED:
            key = (str(event.payload["agency"]), str(event.payload["source_record_id"]))
            if get_record(desk.conn, key) is not None:
                set_status(desk.conn, key, "revoked", seq)
        elif event.kind == EventKind.LISTING_DECIDED or (
            event.kind == EventKind.REMOVAL_DECIDED and "record" in event.payload
        ):
            _submit_decided(desk, event, now)
    subjects = {case.subject for case in (*cases, *removals)}
    if not subjects:
        raise InvalidInput("a step changes a case", (Problem("no case", "case"),))
    reassess(
        desk.conn,
        subjects,
        desk.pack,
        official_day(at),
        ledger_size(desk.conn),
        subject_rows={subject: {"last_event_seq": ledger_size(desk.conn)} for subject in subjects},
        at=now,
    )
    return tuple(seqs), removals
