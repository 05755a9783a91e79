"""A due-process case: a listing, an objection, a repair or a removal, and where it stands.

A case is an immutable value. The procedures (``publiccredit.procedures``)
take a case, a command and the time, and return the next case value and the
events to append; nothing is changed in place (DESIGN §2). Every event a case
emits carries the case's JSON (``Case.to_json()``) as it stands after the step,
so the store's projection of cases is "the latest snapshot per case id", and
``Case.from_json`` reads it back.

``state`` is one of the procedure's states (see each module's transition
table). ``deadlines`` are the deadlines running now: each names the step it
limits, its last day, whether that day is ``provisional`` (a year without an
official schedule: never an official deadline, and recomputed when the
schedule is loaded), the pack rule it came from and who must act (``agency``
or ``subject``). ``details`` holds what the procedure needs about its subject
matter (the list, the records, the measures …), documented per procedure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from publiccredit.domain.event import JsonValue, format_instant, parse_instant

CASE_SCHEMA = "publiccredit.case/1"
"""Version tag of the case JSON."""


class CaseKind(StrEnum):
    """The due-process procedures (DESIGN §8)."""

    LISTING = "listing"
    OBJECTION = "objection"
    REPAIR = "repair"
    REMOVAL = "removal"


def agency_kind(agency: str) -> str:
    """The kind part of an agency code ``<kind>-<region6>`` (``samr-440300`` → ``samr``)."""
    return agency.rsplit("-", 1)[0] if "-" in agency else agency


@dataclass(frozen=True, slots=True)
class CaseDeadline:
    """A running deadline: step ``step`` must be done by ``due_on`` (inclusive).

    ``started_on`` and ``working_days`` / ``calendar_days`` (plus
    ``extra_working_days`` granted by extensions) are kept so a provisional
    deadline can be recomputed when the year's official schedule arrives.
    ``party`` is who must act: ``agency`` deadlines can be overdue; ``subject``
    deadlines are windows (to object, to ask for review).
    """

    step: str
    due_on: date
    provisional: bool
    rule: str
    started_on: date
    working_days: int | None = None
    calendar_days: int | None = None
    extra_working_days: int = 0
    party: str = "agency"
    extendable: bool = False

    def to_json(self) -> dict[str, Any]:
        """One entry of ``deadlines``."""
        return {
            "step": self.step,
            "due_on": self.due_on.isoformat(),
            "provisional": self.provisional,
            "rule": self.rule,
            "started_on": self.started_on.isoformat(),
            "working_days": self.working_days,
            "calendar_days": self.calendar_days,
            "extra_working_days": self.extra_working_days,
            "party": self.party,
            "extendable": self.extendable,
        }

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> CaseDeadline:
        """Read ``to_json``'s object back."""
        return cls(
            body["step"],
            date.fromisoformat(body["due_on"]),
            bool(body["provisional"]),
            body["rule"],
            date.fromisoformat(body["started_on"]),
            body.get("working_days"),
            body.get("calendar_days"),
            int(body.get("extra_working_days", 0)),
            body.get("party", "agency"),
            bool(body.get("extendable", False)),
        )

    def describe(self) -> str:
        """``forward due 2026-10-12 (PROVISIONAL)``: the provisional mark is never dropped."""
        mark = " (PROVISIONAL: no official calendar for that year yet)" if self.provisional else ""
        return f"{self.step} due {self.due_on.isoformat()}{mark} [{self.rule}]"


@dataclass(frozen=True, slots=True)
class Extension:
    """A deadline extended by ``working_days`` on ``at`` by ``by``, for ``reason``."""

    step: str
    working_days: int
    reason: str
    by: str
    at: datetime
    new_due_on: date

    def to_json(self) -> dict[str, Any]:
        """One entry of ``extensions``."""
        return {
            "step": self.step,
            "working_days": self.working_days,
            "reason": self.reason,
            "by": self.by,
            "at": format_instant(self.at),
            "new_due_on": self.new_due_on.isoformat(),
        }

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> Extension:
        """Read ``to_json``'s object back."""
        return cls(
            body["step"],
            int(body["working_days"]),
            body["reason"],
            body["by"],
            parse_instant(body["at"]),
            date.fromisoformat(body["new_due_on"]),
        )


@dataclass(frozen=True, slots=True)
class Step:
    """One thing that happened in the case: ``command`` by ``actor`` at ``at``."""

    command: str
    at: datetime
    actor: str
    state: str
    detail: Mapping[str, JsonValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "detail", MappingProxyType(dict(self.detail)))

    def to_json(self) -> dict[str, Any]:
        """One entry of ``steps``."""
        return {
            "command": self.command,
            "at": format_instant(self.at),
            "actor": self.actor,
            "state": self.state,
            "detail": dict(self.detail),
        }

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> Step:
        """Read ``to_json``'s object back."""
        return cls(
            body["command"], parse_instant(body["at"]), body["actor"], body["state"], body["detail"]
        )


@dataclass(frozen=True, slots=True)
class Case:
    """One due-process case (see the module docstring)."""

    id: str
    kind: CaseKind
    subject: str
    competent_agency: str
    state: str
    opened_at: datetime
    steps: tuple[Step, ...] = ()
    deadlines: tuple[CaseDeadline, ...] = ()
    extensions: tuple[Extension, ...] = ()
    details: Mapping[str, JsonValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "details", MappingProxyType(dict(self.details)))

    @property
    def competent_kind(self) -> str:
        """The agency kind competent to decide (``samr``, ``court``, …)."""
        return agency_kind(self.competent_agency)

    @property
    def provisional(self) -> bool:
        """True while any running deadline is provisional."""
        return any(deadline.provisional for deadline in self.deadlines)

    def deadline(self, step: str) -> CaseDeadline | None:
        """The running deadline of ``step``, if any."""
        return next((d for d in self.deadlines if d.step == step), None)

    def step_at(self, command: str) -> Step | None:
        """The latest step made by ``command``, if any."""
        return next((s for s in reversed(self.steps) if s.command == command), None)

    def evolve(self, **changes: Any) -> Case:
        """A copy with ``changes`` (dataclasses.replace)."""
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        """The case as JSON (schema ``publiccredit.case/1``)."""
        return {
            "schema": CASE_SCHEMA,
            "id": self.id,
            "kind": self.kind.value,
            "subject": self.subject,
            "competent_agency": self.competent_agency,
            "state": self.state,
            "opened_at": format_instant(self.opened_at),
            "provisional": self.provisional,
            "steps": [step.to_json() for step in self.steps],
            "deadlines": [deadline.to_json() for deadline in self.deadlines],
            "extensions": [extension.to_json() for extension in self.extensions],
            "details": dict(self.details),
        }

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> Case:
        """Read ``to_json``'s object back (the store's case projection)."""
        return cls(
            body["id"],
            CaseKind(body["kind"]),
            body["subject"],
            body["competent_agency"],
            body["state"],
            parse_instant(body["opened_at"]),
            tuple(Step.from_json(step) for step in body["steps"]),
            tuple(CaseDeadline.from_json(d) for d in body["deadlines"]),
            tuple(Extension.from_json(e) for e in body["extensions"]),
            body["details"],
        )
