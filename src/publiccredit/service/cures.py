"""Removal after a cure: the case the agency must decide within the pack's deadline.

When a batch stores a record that cures the ground of a listing (lists.yaml
``cured_by``: the missing annual report filed), the subject's listings on
that list whose ground it cures — stored, not revoked, not yet exited,
decided no later than the cure, carrying the cure's ``same_fields`` with the
same values (the listing's ``year`` is the report filed), with no removal
case of their own — each get a removal case
(``procedures.removal.open_cure_removal``) in the same transaction. The
deadline (5 working days for the abnormal list) is the agency's, so
``procedures overdue`` reports a removal not decided in time; the decision
(``case decide REM-… --outcome removed``) submits the exit record.

Only the cure types' subjects are read, and only their listing and exit
records (``store.projections.contents_of_types``), so a file of a million
annual reports costs one narrow query per chunk of subjects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Connection

from publiccredit.domain.case import CaseKind
from publiccredit.domain.facts import RecordKey
from publiccredit.engine.compiled import compile_where, matches_where
from publiccredit.policy.model import ListDefinition, Pack
from publiccredit.procedures.calendar import WorkingCalendar
from publiccredit.procedures.removal import open_cure_removal, removed_by_record
from publiccredit.service.case_ids import new_case_id
from publiccredit.store.cases import find_cases, save_case
from publiccredit.store.events import append_events
from publiccredit.store.projections import contents_of_types


@dataclass(frozen=True, slots=True)
class Cure:
    """A stored record that may cure a listing of its subject."""

    subject_key: str
    key: RecordKey
    record_type: str
    decided_on: date
    extra: Mapping[str, Any]


def cure_types(pack: Pack) -> frozenset[str]:
    """Record types that cure a listing somewhere in the pack."""
    return frozenset(cure.record_type for d in pack.lists for cure in d.cured_by)


def cure_exit_types(pack: Pack) -> frozenset[str]:
    """Exit record types of the lists a cure removes from."""
    return frozenset(rule.record_type for d in pack.lists if d.cured_by for rule in d.exits)


def close_by_exit_records(
    conn: Connection, exits: Sequence[tuple[str, RecordKey, str]], at: datetime, now: datetime
) -> int:
    """Removal cases met by an exit record submitted directly (``(subject, exit key,
    listing source id)``): each is closed as removed, so ``overdue`` no longer reports it."""
    closed = 0
    for subject, exit_key, refers_to in exits:
        for case in find_cases(conn, subject_key=subject, kind=CaseKind.REMOVAL,
                               state="removal_due"):  # fmt: skip
            if case.details.get("reason") != "cured" or case.details["listing_key"] != [
                exit_key[0],
                refers_to,
            ]:
                continue
            updated, events = removed_by_record(case, exit_key, max(at, case.steps[-1].at))
            seqs = append_events(conn, [replace(event, recorded_at=now) for event in events])
            save_case(conn, updated, seqs[-1], now)
            closed += 1
    return closed


def _cured(definition: ListDefinition, cure: Cure, row: dict[str, Any]) -> bool:
    """``row`` is an entry of ``definition`` whose ground ``cure`` cures (and came before it)."""
    if date.fromisoformat(str(row["decided_on"])) > cure.decided_on:
        return False
    extra = row.get("extra") or {}
    return any(
        rule.record_type == cure.record_type
        and matches_where(compile_where(rule.entry_where), extra)
        and all(
            extra.get(name) is not None and str(extra.get(name)) == str(cure.extra.get(name))
            for name in rule.same_fields
        )
        for rule in definition.cured_by
    ) and any(entry.record_type == row["record_type"] for entry in definition.entry)


def _listings(
    definition: ListDefinition, found: list[tuple[str, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """The subject's live listings on ``definition``: not revoked, not exited."""
    exit_types = {rule.record_type for rule in definition.exits}
    rows = [(status, document["record"]) for status, document in found]
    exited = {
        (row["agency"], row.get("refers_to") or "")
        for _, row in rows
        if row["record_type"] in exit_types
    }
    return [
        row
        for status, row in rows
        if status != "revoked"
        and row["record_type"] in {entry.record_type for entry in definition.entry}
        and (row["agency"], row["source_record_id"]) not in exited
    ]


def open_cure_removals(
    conn: Connection,
    pack: Pack,
    calendar: WorkingCalendar,
    cures: Sequence[Cure],
    at: datetime,
    now: datetime,
) -> int:
    """Open the removal cases these cures call for (each listing once); how many opened."""
    lists = [d for d in pack.lists if d.cured_by and d.exits]
    if not cures or not lists:
        return 0
    types = [e.record_type for d in lists for e in d.entry]
    types += [e.record_type for d in lists for e in d.exits]
    stored = contents_of_types(conn, [cure.subject_key for cure in cures], types)
    opened = 0
    for cure in cures:
        found = stored.get(cure.subject_key)
        if not found:
            continue
        pending = {
            tuple(case.details["listing_key"])
            for case in find_cases(conn, subject_key=cure.subject_key, kind=CaseKind.REMOVAL)
            if case.details.get("reason") == "cured"
        }
        for definition in lists:
            for row in _listings(definition, found):
                key = (str(row["agency"]), str(row["source_record_id"]))
                if key in pending or not _cured(definition, cure, row):
                    continue
                case, events = open_cure_removal(
                    new_case_id(CaseKind.REMOVAL, at), cure.subject_key, definition.id, key,
                    cure.key, cure.decided_on, at, pack, calendar,
                )  # fmt: skip
                seqs = append_events(conn, [replace(event, recorded_at=now) for event in events])
                save_case(conn, case, seqs[-1], now)
                pending.add(key)
                opened += 1
    return opened
