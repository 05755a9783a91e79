"""Resolve the references between pack files; name every one that points nowhere.

Lists name record types, measures name lists, levels and action keys,
overrides name lists and levels, procedures name lists or record types. A
dangling name would make the engine silently skip a rule, so the loader
refuses the pack instead. Ids must be unique within their section.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from publiccredit.errors import Problem
from publiccredit.policy.model import (
    Cure,
    EntryRule,
    ExitRule,
    ListDefinition,
    Pack,
    RecordType,
)


def _duplicates(file: str, section: str, ids: Iterable[str]) -> list[Problem]:
    counts = Counter(ids)
    return [
        Problem(f"id used {n} times; ids must be unique", f"{section}[{key}]", key, file=file)
        for key, n in counts.items()
        if n > 1
    ]


def _unknown(
    file: str, field: str, names: Iterable[str], known: Iterable[str], what: str
) -> list[Problem]:
    known_set = set(known)
    return [
        Problem(f"unknown {what} {name!r}", field, name, file=file)
        for name in names
        if name not in known_set
    ]


def _where(
    file: str, field: str, record_type: RecordType | None, where: Mapping[str, tuple[str, ...]]
) -> list[Problem]:
    """A ``where`` filter must use fields the record type declares, with values it allows."""
    if record_type is None:
        return []
    problems = []
    declared = set(record_type.required_fields) | set(record_type.optional_fields)
    for key, values in where.items():
        if key not in declared:
            reason = f"record type {record_type.id!r} has no extra field {key!r}"
            problems.append(Problem(reason, f"{field}.where", key, file=file))
            continue
        allowed = record_type.field_values.get(key)
        for value in values if allowed else ():
            if value not in allowed:  # type: ignore[operator]
                reason = f"{value!r} is not an allowed value of {record_type.id}.{key}"
                problems.append(Problem(reason, f"{field}.where.{key}", value, file=file))
    return problems


def check_references(pack: Pack) -> list[Problem]:
    """Every reference in ``pack`` that names nothing, and every duplicated id."""
    types = pack.record_types
    lists = pack.lists_by_id
    levels = [level.level for level in pack.evaluation.levels]
    evaluation = pack.evaluation
    problems = [
        *_duplicates("directory.yaml", "categories", (c.id for c in pack.directory.categories)),
        *_duplicates("directory.yaml", "record_types", (t.id for t in pack.directory.record_types)),
        *_duplicates("publication.yaml", "rules", (r.id for r in pack.publication)),
        *_duplicates("lists.yaml", "lists", (d.id for d in pack.lists)),
        *_duplicates("measures.yaml", "actions", (a.id for a in pack.actions)),
        *_duplicates("measures.yaml", "measures", (m.id for m in pack.measures)),
        *_duplicates("evaluation.yaml", "levels", levels),
        *_duplicates(
            "evaluation.yaml",
            "inputs/overrides",
            [i.id for i in evaluation.inputs] + [o.id for o in evaluation.overrides],
        ),
        *_duplicates(
            "evaluation.yaml",
            "codes",
            [i.code for i in evaluation.inputs] + [o.code for o in evaluation.overrides],
        ),
        *_duplicates("procedures.yaml", "deadlines", (d.id for d in pack.procedures.deadlines)),
        *_duplicates("instruments.yaml", "instruments", (i.id for i in pack.instruments)),
    ]
    categories = [c.id for c in pack.directory.categories]
    for rt in pack.directory.record_types:
        field = f"record_types[{rt.id}]"
        problems += _unknown(
            "directory.yaml", f"{field}.category", [rt.category], categories, "category"
        )
        for key in rt.field_values:
            if key not in set(rt.required_fields) | set(rt.optional_fields):
                reason = "field_values names a field that is neither required nor optional"
                problems.append(
                    Problem(reason, f"{field}.field_values", key, file="directory.yaml")
                )
        if rt.severity.required and not rt.severity.allowed:
            reason = "severity is required but no severity class is allowed"
            problems.append(Problem(reason, f"{field}.severity", file="directory.yaml"))
    for rule in pack.publication:
        problems += _unknown(
            "publication.yaml",
            f"rules[{rule.id}].record_types",
            rule.record_types,
            types,
            "record type",
        )
    for definition in pack.lists:
        field = f"lists[{definition.id}]"
        steps: list[tuple[str, EntryRule | ExitRule]] = [
            *(("entry", step) for step in definition.entry),
            *(("exits", step) for step in definition.exits),
        ]
        for part, step in steps:
            problems += _unknown(
                "lists.yaml", f"{field}.{part}", [step.record_type], types, "record type"
            )
            problems += _where(
                "lists.yaml", f"{field}.{part}", types.get(step.record_type), step.where
            )
        for cure in definition.cured_by:
            problems += _unknown(
                "lists.yaml", f"{field}.cured_by", [cure.record_type], types, "record type"
            )
            for entry in definition.entry:
                problems += _where(
                    "lists.yaml",
                    f"{field}.cured_by",
                    types.get(entry.record_type),
                    cure.entry_where,
                )
            problems += _same_fields(pack, definition, cure, field)
        problems += _basis_problems(pack, definition)
        if definition.escalation is not None:
            problems += _unknown(
                "lists.yaml",
                f"{field}.escalation.to_list",
                [definition.escalation.to_list],
                lists,
                "list",
            )
    for measure in pack.measures:
        field = f"measures[{measure.id}]"
        problems += _unknown(
            "measures.yaml", f"{field}.targets.lists", measure.targets.lists, lists, "list"
        )
        problems += _unknown(
            "measures.yaml",
            f"{field}.targets.rating_levels",
            measure.targets.rating_levels,
            levels,
            "level",
        )
        problems += _unknown(
            "measures.yaml", f"{field}.actions", measure.actions, _action_keys(pack), "action"
        )
    for item in evaluation.inputs:
        field = f"inputs[{item.id}]"
        problems += _unknown(
            "evaluation.yaml", f"{field}.record_type", [item.record_type], types, "record type"
        )
        problems += _where("evaluation.yaml", field, types.get(item.record_type), item.where)
    for override in evaluation.overrides:
        field = f"overrides[{override.id}]"
        problems += _unknown(
            "evaluation.yaml", f"{field}.when_list", [override.when_list], lists, "list"
        )
        problems += _unknown(
            "evaluation.yaml", f"{field}.at_most", [override.at_most], levels, "level"
        )
    for deadline in pack.procedures.deadlines:
        problems += _unknown(
            "procedures.yaml",
            f"deadlines[{deadline.id}].applies_to",
            deadline.applies_to,
            [*lists, *types],
            "list or record type",
        )
    for bar in pack.procedures.repeat_offender_bars:
        problems += _unknown(
            "procedures.yaml",
            f"repeat_offender_bars[{bar.id}].record_types",
            bar.record_types,
            types,
            "record type",
        )
    return problems


def _same_fields(pack: Pack, definition: ListDefinition, cure: Cure, field: str) -> list[Problem]:
    """A cure's ``same_fields`` are declared by the cure's record type and every entry type."""
    problems = []
    for name in cure.same_fields:
        for record_type in (cure.record_type, *(entry.record_type for entry in definition.entry)):
            declared = pack.record_types.get(record_type)
            if declared is not None and name not in (
                *declared.required_fields,
                *declared.optional_fields,
            ):
                reason = f"record type {record_type!r} has no extra field {name!r}"
                problems.append(
                    Problem(reason, f"{field}.cured_by.same_fields", name, file="lists.yaml")
                )
    return problems


def _basis_problems(pack: Pack, definition: ListDefinition) -> list[Problem]:
    """``rests_on`` names record types of the directory, their fields and allowed values."""
    if definition.rests_on is None:
        return []
    problems: list[Problem] = []
    for number, condition in enumerate(definition.rests_on.any_of):
        field = f"lists[{definition.id}].rests_on.any_of[{number}]"
        problems += _unknown(
            "lists.yaml", f"{field}.record_types", condition.record_types, pack.record_types,
            "record type",
        )  # fmt: skip
        where = dict(condition.where)
        severities = where.pop("severity", ())
        for name in condition.record_types:
            record_type = pack.record_types.get(name)
            problems += _where("lists.yaml", field, record_type, where)
            allowed = () if record_type is None else record_type.severity.allowed
            problems += [
                Problem(
                    f"{value!r} is not a severity {name} may have",
                    f"{field}.where.severity",
                    value,
                    file="lists.yaml",
                )
                for value in severities
                if record_type is not None and value not in allowed
            ]
    return problems


def _action_keys(pack: Pack) -> set[str]:
    """Action ids, and ``action.sub_item`` for each sub-item."""
    keys = set(pack.actions_by_id)
    for action in pack.actions:
        keys.update(f"{action.id}.{item}" for item in action.sub_items)
    return keys
