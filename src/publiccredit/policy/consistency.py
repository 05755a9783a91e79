"""Consistency checks over a whole pack: validity windows and publication coverage.

Every record type must be matched by a publication rule for every decision
date, otherwise the engine would meet a record it cannot place. A rule only
counts as cover when it has no narrowing filter (agency kinds, penalty kinds,
sectors): those rules refine a general rule, they cannot replace it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from publiccredit.domain.record import Severity
from publiccredit.errors import Problem
from publiccredit.policy.model import Pack, PublicationRule, RecordType, Rule

EARLIEST = date(1900, 1, 1)
"""The first decision date coverage is checked from."""


def _all_rules(pack: Pack) -> Iterator[tuple[str, str, Rule]]:
    yield from (("directory.yaml", "categories", r) for r in pack.directory.categories)
    yield from (("directory.yaml", "record_types", r) for r in pack.directory.record_types)
    yield from (("publication.yaml", "rules", r) for r in pack.publication)
    yield from (("lists.yaml", "lists", r) for r in pack.lists)
    yield from (("measures.yaml", "measures", r) for r in pack.measures)
    yield ("evaluation.yaml", "evaluation", pack.evaluation)
    yield from (("evaluation.yaml", "inputs", r) for r in pack.evaluation.inputs)
    yield from (("evaluation.yaml", "overrides", r) for r in pack.evaluation.overrides)
    yield from (("procedures.yaml", "deadlines", r) for r in pack.procedures.deadlines)
    yield from (
        ("procedures.yaml", "repeat_offender_bars", r) for r in pack.procedures.repeat_offender_bars
    )


def _validity_problems(pack: Pack) -> list[Problem]:
    return [
        Problem(
            f"valid_until is before valid_from ({rule.valid_from})",
            f"{section}[{rule.id}].valid_until",
            str(rule.valid_until),
            file=file,
        )
        for file, section, rule in _all_rules(pack)
        if rule.valid_from and rule.valid_until and rule.valid_until < rule.valid_from
    ]


def _boundaries(rules: tuple[PublicationRule, ...]) -> list[date]:
    """Every date on which the set of rules in force can change."""
    days = {EARLIEST}
    for rule in rules:
        if rule.valid_from is not None:
            days.add(rule.valid_from)
        if rule.valid_until is not None and rule.valid_until < date.max:
            days.add(rule.valid_until + timedelta(days=1))
    return sorted(days)


def _is_general(rule: PublicationRule) -> bool:
    return not (
        rule.agency_kinds or rule.penalty_kinds_any or rule.penalty_kinds_only or rule.sectors
    )


def _severities_to_cover(record_type: RecordType) -> tuple[Severity | None, ...]:
    optional: tuple[Severity | None, ...] = () if record_type.severity.required else (None,)
    return (*record_type.severity.allowed, *optional)


def _covers(rule: PublicationRule, record_type: str, severity: Severity | None, day: date) -> bool:
    if record_type not in rule.record_types or not rule.in_force_on(day) or not _is_general(rule):
        return False
    return not rule.severities or severity in rule.severities


def coverage_problems(pack: Pack) -> list[Problem]:
    """'record type X has no publication rule in force on D', once per type and severity."""
    days = _boundaries(pack.publication)
    problems = []
    for record_type in pack.directory.record_types:
        for severity in _severities_to_cover(record_type):
            gap = next(
                (
                    day
                    for day in days
                    if not any(_covers(r, record_type.id, severity, day) for r in pack.publication)
                ),
                None,
            )
            if gap is not None:
                which = f" with severity {severity.value}" if severity else ""
                reason = (
                    f"record type {record_type.id}{which} has no publication rule in force on "
                    f"{gap.isoformat()} (a rule without agency, penalty-kind or sector filters)"
                )
                problems.append(Problem(reason, "rules", record_type.id, file="publication.yaml"))
    return problems


def performance_problems(pack: Pack) -> list[Problem]:
    """A record type whose repair needs performance, in a pack with no way to record performance."""
    types = pack.directory.record_types
    if any(record_type.proves_performance for record_type in types):
        return []
    return [
        Problem(
            "repair needs obligations performed, but no record type proves_performance",
            f"record_types[{record_type.id}].repair_requires_performance",
            "true",
            file="directory.yaml",
        )
        for record_type in types
        if record_type.repair_requires_performance
    ]


def check_consistency(pack: Pack) -> list[Problem]:
    """Validity windows, gaps in publication coverage, repair needing unrecordable performance."""
    return _validity_problems(pack) + coverage_problems(pack) + performance_problems(pack)
