"""The what-if changes that mean something for one subject, and how a request names them.

The simulator offers only changes that apply to the subject's own records, each
with a suggested date, so a person never has to guess record keys:

* ``perform_obligations`` — a published penalty whose repair is blocked because
  its obligations are not performed yet (the engine's ``obligations_not_performed``);
* ``repair`` — every published record whose publication rule allows repair,
  suggested for the day the engine says it becomes eligible (or today);
* ``file_annual_report`` — a list membership the pack says an annual report cures
  (``lists.cured_by``: a listing for the missing report);
* ``remove_listing`` — a list membership the pack allows early removal from,
  suggested for the first day the pack allows it.

A ``Scenario`` turns into the engine's ``Change`` (``engine.what_if``); the pack
decides everything (which list is cured by what, when early removal is possible).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from publiccredit.domain.assessment import Assessment, PublicationState
from publiccredit.domain.facts import RecordKey
from publiccredit.engine.compiled import compile_where, matches_where
from publiccredit.engine.what_if import (
    ANNUAL_REPORT,
    Change,
    FileAnnualReport,
    PerformObligations,
    RemoveListing,
    RepairRecord,
)
from publiccredit.errors import InvalidInput, Problem
from publiccredit.policy.model import Pack

KINDS = ("perform_obligations", "repair", "file_annual_report", "remove_listing")
"""The changes the simulator understands (one per ``engine.what_if`` change)."""

SHOWN_STATES = frozenset({PublicationState.PUBLISHED, PublicationState.UNDER_OBJECTION})
FIRST_YEAR, LAST_YEAR = 1970, 9998
MAX_SCENARIOS = 20
"""At most this many changes in one simulation (each costs an engine run's worth of work)."""


@dataclass(frozen=True, slots=True)
class Scenario:
    """One hypothetical change: its kind, its date, and the record or year it concerns.

    ``record_type`` and ``list_id`` only help to name it on a page; ``note`` is a
    code saying why the suggested date is what it is (``eligible_from``,
    ``eligible_now``, ``needs_performance``, ``early_removal_from``, ``today``).
    """

    kind: str
    on: date
    record: RecordKey | None = None
    year: int | None = None
    record_type: str = ""
    list_id: str = ""
    note: str = ""

    def change(self) -> Change:
        """The engine's change for this scenario."""
        if self.kind == "file_annual_report":
            return FileAnnualReport(int(self.year or self.on.year - 1), self.on)
        assert self.record is not None
        if self.kind == "repair":
            return RepairRecord(self.record, self.on)
        if self.kind == "perform_obligations":
            return PerformObligations(self.record, self.on)
        return RemoveListing(self.record, self.on)

    def token(self) -> str:
        """What a form sends back to name this scenario (its date travels separately)."""
        record = list(self.record) if self.record else None
        return json.dumps([self.kind, record, self.year], ensure_ascii=False)

    def to_json(self) -> dict[str, Any]:
        """The scenario as the API shows it (and accepts it back)."""
        return {
            "kind": self.kind,
            "on": self.on.isoformat(),
            "record": None
            if self.record is None
            else {"agency": self.record[0], "source_record_id": self.record[1]},
            "year": self.year,
            "record_type": self.record_type or None,
            "list": self.list_id or None,
            "note": self.note or None,
        }


def _problem(field: str, value: object, reason: str) -> InvalidInput:
    return InvalidInput(
        "the what-if request is not valid", (Problem(reason, field, str(value)[:200]),)
    )


def from_token(token: str, on: date, field: str = "scenario") -> Scenario:
    """The scenario a form named with ``token`` (``Scenario.token``), dated ``on``."""
    try:
        kind, record, year = json.loads(token)
    except (ValueError, TypeError) as error:
        raise _problem(field, token, "not a scenario this form offered") from error
    if record is not None and not (
        isinstance(record, list) and len(record) == 2 and all(isinstance(p, str) for p in record)
    ):
        raise _problem(field, token, "not a scenario this form offered")
    return checked(kind, on, None if record is None else (record[0], record[1]), year, field)


def checked(kind: object, on: date, record: RecordKey | None, year: object, field: str) -> Scenario:
    """A scenario whose parts make sense together (``InvalidInput`` naming ``field`` if not)."""
    if kind not in KINDS:
        raise _problem(f"{field}.kind", kind, f"must be one of {', '.join(KINDS)}")
    if not FIRST_YEAR <= on.year <= LAST_YEAR:
        raise _problem(f"{field}.on", on, f"the year must be between {FIRST_YEAR} and {LAST_YEAR}")
    if kind == "file_annual_report":
        if year is not None and (
            not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= on.year
        ):
            raise _problem(f"{field}.year", year, "a report year before the filing date")
        return Scenario(str(kind), on, year=year if isinstance(year, int) else on.year - 1)
    if record is None:
        raise _problem(
            f"{field}.record", None, f"a {kind} change names one of the subject's records"
        )
    return Scenario(str(kind), on, record=record)


def check_as_of(as_of: date) -> None:
    """``InvalidInput`` unless ``as_of`` lies in the years the simulator accepts."""
    if not FIRST_YEAR <= as_of.year <= LAST_YEAR:
        raise _problem("as_of", as_of, f"the year must be between {FIRST_YEAR} and {LAST_YEAR}")


def check_records(scenarios: Sequence[Scenario], keys: Iterable[RecordKey]) -> None:
    """``InvalidInput`` unless every scenario's record is one of the subject's own."""
    own = set(keys)
    if len(scenarios) > MAX_SCENARIOS:
        raise _problem("changes", len(scenarios), f"at most {MAX_SCENARIOS} changes at once")
    for index, scenario in enumerate(scenarios):
        if scenario.record is not None and scenario.record not in own:
            raise _problem(
                f"changes[{index}].record",
                "/".join(scenario.record),
                "the subject has no record with this agency and source record id",
            )


def _cured_by_annual_report(pack: Pack, list_id: str, extra: Mapping[str, Any]) -> bool:
    definition = pack.lists_by_id.get(list_id)
    return definition is not None and any(
        cure.record_type == ANNUAL_REPORT and matches_where(compile_where(cure.entry_where), extra)
        for cure in definition.cured_by
    )


def _report_year(extra: Mapping[str, Any], decided_on: date) -> int:
    """The missing report's year: the entry's ``year`` if it says, else the year before."""
    year = extra.get("year")
    return year if isinstance(year, int) and not isinstance(year, bool) else decided_on.year - 1


def _record_scenarios(assessment: Assessment, today: date) -> list[Scenario]:
    found: list[Scenario] = []
    for entry in assessment.records:
        repair = entry.repair
        if repair is None or not repair.repairable or entry.state not in SHOWN_STATES:
            continue
        key, kind = entry.record.key, entry.record.record_type
        if "obligations_not_performed" in repair.blockers:
            found.append(Scenario("perform_obligations", today, key, None, kind, "", "today"))
        if repair.eligible_from is None:
            found.append(Scenario("repair", today, key, None, kind, "", "needs_performance"))
        elif repair.eligible_from <= today:
            found.append(Scenario("repair", today, key, None, kind, "", "eligible_now"))
        else:
            found.append(
                Scenario("repair", repair.eligible_from, key, None, kind, "", "eligible_from")
            )
    return found


def _list_scenarios(assessment: Assessment, pack: Pack, today: date) -> list[Scenario]:
    by_key = {entry.record.key: entry.record for entry in assessment.records}
    found: list[Scenario] = []
    for membership in assessment.lists:
        entry = by_key.get(membership.because_of[0]) if membership.because_of else None
        if entry is None:
            continue
        list_id, extra = membership.list_id, entry.extra
        if _cured_by_annual_report(pack, list_id, extra):
            year = _report_year(extra, entry.decided_on)
            found.append(
                Scenario(
                    "file_annual_report", today, None, year, entry.record_type, list_id, "today"
                )
            )
        definition = pack.lists_by_id.get(list_id)
        if definition is not None and definition.early_removal is not None:
            when = max(today, definition.early_removal.after.after(membership.since))
            found.append(
                Scenario("remove_listing", when, entry.key, None, entry.record_type, list_id,
                         "early_removal_from")
            )  # fmt: skip
    return found


def offered(assessment: Assessment, pack: Pack, today: date) -> list[Scenario]:
    """Every change that applies to this subject's records, each with a suggested date."""
    found = _record_scenarios(assessment, today) + _list_scenarios(assessment, pack, today)
    unique = {scenario.token(): scenario for scenario in found}
    return list(unique.values())
