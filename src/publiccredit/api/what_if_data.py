"""The what-if simulator's one data function: the portal's page and the API's JSON render it.

``simulate`` reads the subject's stored records and facts (exactly what the
service assesses), runs ``engine.what_if`` with the requested changes, and
returns both assessments side by side with the differences as data. The engine
decides everything; this module only loads, checks and packages.

Who may ask: the subject itself (its own key only), an auditor or an admin —
the simulation shows the subject's full record, so each one is a non-public
read and goes to the access log in the same transaction, as the API's full
views do (``api.views.view_for``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.engine import Connection

from publiccredit.api.auth import Caller
from publiccredit.api.state import ApiState
from publiccredit.api.views import view_for
from publiccredit.domain.assessment import Assessment, WhatIf
from publiccredit.domain.facts import Fact
from publiccredit.domain.record import Record
from publiccredit.domain.subject import Subject
from publiccredit.engine import assess, what_if
from publiccredit.engine.what_if_diff import Highlight, highlights
from publiccredit.engine.what_if_offers import Scenario, check_as_of, check_records, offered
from publiccredit.errors import NotFound, PermissionDenied
from publiccredit.service import load_subjects

SIMULATORS = frozenset({"subject", "auditor", "admin"})


def may_simulate(who: Caller, subject_key: str) -> None:
    """``PermissionDenied`` unless ``who`` is this subject, an auditor or an admin."""
    who.require(*SIMULATORS)
    if who.role == "subject" and who.subject_key != subject_key:
        raise PermissionDenied("a subject key may simulate only its own record")


@dataclass(frozen=True, slots=True)
class Stored:
    """A subject as the store holds it: the subject, its records and its facts."""

    subject: Subject
    records: list[Record]
    facts: list[Fact]


def load(
    conn: Connection, who: Caller, subject_key: str, what: str, at: datetime | None = None
) -> Stored:
    """The subject's records and facts after the role check; logs the full read."""
    may_simulate(who, subject_key)
    loaded = load_subjects(conn, [subject_key])
    if subject_key not in loaded:
        raise NotFound(f"no records of {subject_key} are stored")
    view_for(conn, who, subject_key, what, at or datetime.now(UTC))
    records, facts = loaded[subject_key]
    return Stored(Subject.from_records(records[0].subject_id, records), records, facts)


@dataclass(frozen=True, slots=True)
class Simulation:
    """Both assessments for ``as_of``, the requested changes, and what differs."""

    subject_key: str
    as_of: date
    scenarios: tuple[Scenario, ...]
    result: WhatIf
    highlights: tuple[Highlight, ...]
    offered: tuple[Scenario, ...]
    """The changes the simulator offers the subject today (the form's choices)."""

    @property
    def before(self) -> Assessment:
        """The assessment without the changes."""
        return self.result.before

    @property
    def after(self) -> Assessment:
        """The assessment with the changes."""
        return self.result.after

    def to_json(self) -> dict[str, Any]:
        """The API's answer (docs/api.md, "What if")."""
        return {
            "subject_key": self.subject_key,
            "as_of": self.as_of.isoformat(),
            "changes": [scenario.to_json() for scenario in self.scenarios],
            "highlights": [item.to_json() for item in self.highlights],
            "differences": list(self.result.differences),
            "before": self.before.to_json(),
            "after": self.after.to_json(),
            "offered": [scenario.to_json() for scenario in self.offered],
        }


def simulate(
    state: ApiState,
    who: Caller,
    subject_key: str,
    scenarios: Sequence[Scenario],
    as_of: date | None,
    what: str,
) -> Simulation:
    """The subject's assessment without and with ``scenarios``, as of ``as_of``.

    ``as_of`` defaults to the latest change's date, or today if that is later: a
    change dated after ``as_of`` would have no effect yet. Refused (403) for other
    roles and other subjects, before anything is read."""
    may_simulate(who, subject_key)
    now = state.today()
    day = as_of or max([now, *(scenario.on for scenario in scenarios)])
    check_as_of(day)
    with state.engine.begin() as conn:
        stored = load(conn, who, subject_key, what)
    check_records(scenarios, (record.key for record in stored.records))
    changes = [scenario.change() for scenario in scenarios]
    result = what_if(stored.subject, stored.records, state.pack, day, changes, stored.facts)
    current = result.before
    if day != now:
        current = assess(stored.subject, stored.records, state.pack, now, facts=stored.facts)
    return Simulation(
        subject_key,
        day,
        tuple(scenarios),
        result,
        highlights(result.before, result.after),
        tuple(offered(current, state.pack, now)),
    )


def offers(state: ApiState, who: Caller, subject_key: str, what: str) -> list[Scenario]:
    """The changes the simulator offers this subject today (for the form)."""
    day = state.today()
    with state.engine.begin() as conn:
        stored = load(conn, who, subject_key, what)
    current = assess(stored.subject, stored.records, state.pack, day, facts=stored.facts)
    return offered(current, state.pack, day)
