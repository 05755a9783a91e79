"""Escalation the system opens on its own: the 60-day warning and the listing proposal.

After three years on the abnormal operations list without cure the serious
list follows (lists.yaml ``escalation``). The sweep calls ``open_escalations``
for the subjects it re-assessed: from each stored assessment's memberships,
``procedures.escalation_actions`` says which warnings (``escalation.warned``)
and which proposals are due, and each is opened once — a warning already in
the ledger, or a listing case already proposing the same list on the same
entry record, is not opened again, so running the sweep twice changes
nothing. A proposal is an ordinary listing case of the agency that made the
original listing; a person still serves the notice and decides.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Connection

from publiccredit.domain.assessment import Escalation, ListMembership
from publiccredit.domain.case import CaseKind
from publiccredit.domain.event import EventKind
from publiccredit.domain.facts import RecordKey
from publiccredit.policy.model import Pack
from publiccredit.procedures.calendar import WorkingCalendar
from publiccredit.procedures.escalation import (
    escalation_actions,
    escalation_proposal,
    warning_event,
)
from publiccredit.procedures.listing import propose_listing
from publiccredit.service.case_ids import new_case_id
from publiccredit.store.cases import find_cases, save_case, subject_events
from publiccredit.store.events import append_events
from publiccredit.store.projections import get_assessment


def _key(value: Any) -> RecordKey:
    if isinstance(value, dict):
        return (str(value["agency"]), str(value["source_record_id"]))
    return (str(value[0]), str(value[1]))


def memberships_from_json(assessment: dict[str, Any]) -> list[ListMembership]:
    """The stored assessment's list memberships that carry an escalation."""
    found = []
    for entry in assessment.get("lists", ()):
        escalation = entry.get("escalation")
        if not escalation:
            continue
        found.append(
            ListMembership(
                entry["list"],
                entry.get("name_en", ""),
                date.fromisoformat(entry["since"]),
                None if entry.get("until") is None else date.fromisoformat(entry["until"]),
                tuple(_key(key) for key in entry["because_of"]),
                entry.get("legal_basis", ""),
                bool(entry.get("marked")),
                Escalation(
                    escalation["to_list"],
                    date.fromisoformat(escalation["on"]),
                    date.fromisoformat(escalation["warning_on"]),
                    bool(escalation["warning_active"]),
                    bool(escalation["due"]),
                ),
            )
        )
    return found


def _opened(conn: Connection, subject: str) -> set[tuple[str, str, RecordKey]]:
    """Keys of the warnings and proposals already opened for ``subject``."""
    opened: set[tuple[str, str, RecordKey]] = set()
    warned = subject_events(conn, [subject], [EventKind.ESCALATION_WARNED.value])
    for event in warned.get(subject, []):
        payload = event.payload
        opened.add(("warning", str(payload["to_list"]), _key(payload["because_of"][0])))
    for case in find_cases(conn, subject_key=subject, kind=CaseKind.LISTING.value):
        refers_to = case.details.get("refers_to")
        if refers_to:
            opened.add(("proposal", str(case.details["list_id"]), _key(refers_to)))
    return opened


def open_escalations(
    conn: Connection,
    pack: Pack,
    calendar: WorkingCalendar,
    subject_keys: list[str],
    at: datetime,
) -> int:
    """Open the due warnings and proposals of these subjects, each once; how many opened."""
    opened = 0
    for subject in subject_keys:
        stored = get_assessment(conn, subject)
        if stored is None:
            continue
        memberships = memberships_from_json(stored["assessment"])
        if not memberships:
            continue
        for action in escalation_actions(memberships, _opened(conn, subject)):
            if action.kind == "warning":
                event = warning_event(subject, action, at)
                append_events(conn, [event])
            else:
                agency = action.because_of[0][0]
                case_id = new_case_id(CaseKind.LISTING, at)
                case, events = propose_listing(
                    case_id, subject, escalation_proposal(action), agency, at, pack, calendar
                )
                stamped = [replace(event, actor="system") for event in events]
                seqs = append_events(conn, stamped)
                save_case(conn, case, seqs[-1], at)
            opened += 1
    return opened
