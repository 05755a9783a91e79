"""``what_if``: the impact explorer — the assessment if hypothetical changes happened.

A subject (or an adviser) asks "what if I performed this penalty's
obligations on 1 May, then applied for repair?". Each change becomes the
record or fact it would produce, the engine assesses again at the same
``as_of``, and the differences are listed in words: level, lists, measures,
record states. Changes dated after ``as_of`` have no effect yet — ask with a
later ``as_of`` to see them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from publiccredit.domain.assessment import Assessment, WhatIf
from publiccredit.domain.facts import EarlyRemoval, Fact, RecordKey, Repair
from publiccredit.domain.record import Record
from publiccredit.domain.subject import Subject
from publiccredit.engine.assess import assess
from publiccredit.engine.compiled import compile_pack, compile_where, matches_where
from publiccredit.errors import PolicyError
from publiccredit.policy.model import Pack

ANNUAL_REPORT = "annual_report"
"""The record type ``FileAnnualReport`` adds; which listings it cures is the pack's ``cured_by``."""


@dataclass(frozen=True, slots=True)
class RepairRecord:
    """Repair of ``record_key`` is granted on ``on``."""

    record_key: RecordKey
    on: date

    def describe(self) -> str:
        return f"repair of {'/'.join(self.record_key)} granted on {self.on.isoformat()}"


@dataclass(frozen=True, slots=True)
class PerformObligations:
    """The obligations of penalty ``record_key`` are performed on ``on``."""

    record_key: RecordKey
    on: date
    what: str = "fine_paid"

    def describe(self) -> str:
        return f"obligations of {'/'.join(self.record_key)} performed on {self.on.isoformat()}"


@dataclass(frozen=True, slots=True)
class FileAnnualReport:
    """The annual report for ``year`` is filed on ``on``; a listing for its absence is cured."""

    year: int
    on: date

    def describe(self) -> str:
        return f"annual report {self.year} filed on {self.on.isoformat()}"


@dataclass(frozen=True, slots=True)
class RemoveListing:
    """The listing decided by ``record_key`` is removed early on ``on``."""

    record_key: RecordKey
    on: date

    def describe(self) -> str:
        return f"listing {'/'.join(self.record_key)} removed on {self.on.isoformat()}"


Change = RepairRecord | PerformObligations | FileAnnualReport | RemoveListing
"""A hypothetical change the impact explorer understands."""


def _synthetic(
    subject: Subject,
    agency: str,
    suffix: str,
    record_type: str,
    on: date,
    refers_to: str = "",
    extra: dict[str, object] | None = None,
) -> Record:
    return Record(
        agency=agency,
        source_record_id=f"what-if:{suffix}",
        record_type=record_type,
        subject_kind=subject.kind,
        subject_id=subject.id,
        decided_on=on,
        subject_name=subject.name,
        refers_to=refers_to,
        extra=MappingProxyType(extra or {}),
    )


def _performance_type(policy: Pack) -> str:
    """The record type that proves performance in this pack (directory: ``proves_performance``)."""
    types = sorted(compile_pack(policy).performance_types)
    if not types:
        raise PolicyError(f"pack {policy.info.id} has no record type that proves performance")
    return types[0]


def _cure_listings(
    subject: Subject,
    policy: Pack,
    before: Assessment,
    by_key: dict[RecordKey, Record],
    on: date,
    cured_by: str,
) -> list[Record]:
    """Exit records for the memberships whose list says a ``cured_by`` record cures them."""
    cured: list[Record] = []
    for membership in before.lists:
        definition = policy.lists_by_id.get(membership.list_id)
        entry = by_key.get(membership.because_of[0]) if membership.because_of else None
        if definition is None or not definition.exits or entry is None:
            continue
        if not any(
            cure.record_type == cured_by
            and matches_where(compile_where(cure.entry_where), entry.extra)
            for cure in definition.cured_by
        ):
            continue
        exit_rule = definition.exits[0]
        extra: dict[str, object] = {k: values[0] for k, values in exit_rule.where.items() if values}
        suffix = f"cure:{entry.source_record_id}"
        cured.append(
            _synthetic(
                subject,
                entry.agency,
                suffix,
                exit_rule.record_type,
                on,
                entry.source_record_id,
                extra,
            )
        )
    return cured


def _apply(
    subject: Subject,
    policy: Pack,
    before: Assessment,
    records: list[Record],
    changes: Sequence[Change],
) -> tuple[list[Record], list[Fact]]:
    by_key = {(r.agency, r.source_record_id): r for r in records}
    extra_records: list[Record] = []
    extra_facts: list[Fact] = []
    for change in changes:
        if isinstance(change, RepairRecord):
            extra_facts.append(Repair(change.record_key, change.on))
        elif isinstance(change, RemoveListing):
            extra_facts.append(EarlyRemoval(change.record_key, change.on))
        elif isinstance(change, PerformObligations):
            agency, source_id = change.record_key
            suffix = f"performed:{source_id}"
            extra_records.append(
                _synthetic(
                    subject,
                    agency,
                    suffix,
                    _performance_type(policy),
                    change.on,
                    source_id,
                    {"what": change.what},
                )
            )
        else:
            agency = f"samr-{subject.region or '100000'}"
            suffix = f"annual-report:{change.year}"
            extra_records.append(
                _synthetic(
                    subject, agency, suffix, ANNUAL_REPORT, change.on, extra={"year": change.year}
                )
            )
            extra_records += _cure_listings(
                subject, policy, before, by_key, change.on, ANNUAL_REPORT
            )
    return extra_records, extra_facts


def differences(before: Assessment, after: Assessment) -> tuple[str, ...]:
    """What differs between two assessments, in plain words."""
    lines: list[str] = []
    old, new = before.rating, after.rating
    if old is not None and new is not None and (old.level, old.score) != (new.level, new.score):
        lines.append(f"rating {old.level} ({old.score:g}) → {new.level} ({new.score:g})")
    old_lists = {(m.list_id, m.because_of) for m in before.lists}
    new_lists = {(m.list_id, m.because_of) for m in after.lists}
    lines += [f"leaves list {list_id}" for list_id, _ in sorted(old_lists - new_lists)]
    lines += [f"joins list {list_id}" for list_id, _ in sorted(new_lists - old_lists)]
    old_measures = {(m.measure_id, m.trigger) for m in before.measures}
    new_measures = {(m.measure_id, m.trigger) for m in after.measures}
    lines += [f"measure {m} ({t}) lifted" for m, t in sorted(old_measures - new_measures)]
    lines += [f"measure {m} ({t}) applies" for m, t in sorted(new_measures - old_measures)]
    states = {(e.record.agency, e.record.source_record_id): e for e in before.records}
    for entry in after.records:
        key = (entry.record.agency, entry.record.source_record_id)
        previous = states.get(key)
        if previous is not None and previous.state != entry.state:
            lines.append(f"record {'/'.join(key)}: {previous.state.value} → {entry.state.value}")
        elif previous is not None and previous.repair != entry.repair and entry.repair is not None:
            when = entry.repair.eligible_from
            blocked = "not yet (" + ", ".join(entry.repair.blockers) + ")"
            lines.append(
                f"record {'/'.join(key)}: repairable from {when.isoformat() if when else blocked}"
            )
    if before.next_change_on != after.next_change_on:
        lines.append(f"next change on {after.next_change_on}")
    return tuple(lines)


def what_if(
    subject: Subject,
    records: Iterable[Record],
    policy: Pack,
    as_of: date,
    changes: Sequence[Change],
    facts: Iterable[Fact] = (),
) -> WhatIf:
    """Assess before and after ``changes``; list what differs."""
    records = list(records)
    facts = list(facts)
    before = assess(subject, records, policy, as_of, facts=facts)
    extra_records, extra_facts = _apply(subject, policy, before, records, changes)
    after = assess(subject, records + extra_records, policy, as_of, facts=facts + extra_facts)
    return WhatIf(
        tuple(change.describe() for change in changes),
        before,
        after,
        differences(before, after),
    )


__all__ = [
    "Change",
    "FileAnnualReport",
    "PerformObligations",
    "RemoveListing",
    "RepairRecord",
    "what_if",
]
