"""What changed between two packs, rule by rule.

Each rule is identified by its section and id (a level by its letter, a
materials entry by its procedure). A rule is *added*, *removed* or *changed*;
a change names the fields that differ, as dotted paths (``source.article``,
``maximum``). Lists inside a rule compare as a whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from publiccredit.policy.model import Pack

JsonDict = dict[str, Any]
_ABSENT = object()


@dataclass(frozen=True, slots=True)
class RuleChange:
    """One rule that differs between pack A and pack B."""

    change: str  # "added", "removed" or "changed"
    section: str
    id: str
    fields: tuple[str, ...] = ()

    def to_json(self) -> JsonDict:
        """The change as a JSON-ready mapping."""
        return {
            "change": self.change,
            "section": self.section,
            "id": self.id,
            "fields": list(self.fields),
        }


def _keyed(
    section: str, items: list[JsonDict], key: str = "id"
) -> Iterator[tuple[tuple[str, str], JsonDict]]:
    for item in items:
        yield (section, str(item[key])), item


def rules_of(pack: Pack) -> dict[tuple[str, str], JsonDict]:
    """Every rule of ``pack`` as JSON, keyed by (section, id)."""
    data = pack.model_dump(mode="json", exclude={"version"})
    evaluation = dict(data["evaluation"])
    levels, inputs, overrides = (evaluation.pop(k) for k in ("levels", "inputs", "overrides"))
    procedures = data["procedures"]
    rules: dict[tuple[str, str], JsonDict] = {("info", str(data["info"]["id"])): data["info"]}
    rules.update(_keyed("categories", data["directory"]["categories"]))
    rules.update(_keyed("record_types", data["directory"]["record_types"]))
    rules.update(_keyed("publication", data["publication"]))
    rules.update(_keyed("lists", data["lists"]))
    rules.update(_keyed("actions", data["actions"]))
    rules.update(_keyed("measures", data["measures"]))
    rules.update(_keyed("instruments", data["instruments"]))
    rules[("evaluation", str(evaluation["id"]))] = evaluation
    rules.update(_keyed("evaluation.levels", levels, key="level"))
    rules.update(_keyed("evaluation.inputs", inputs))
    rules.update(_keyed("evaluation.overrides", overrides))
    rules.update(_keyed("procedures.deadlines", procedures["deadlines"]))
    rules.update(_keyed("procedures.repeat_offender_bars", procedures["repeat_offender_bars"]))
    for name, materials in procedures["materials"].items():
        rules[("procedures.materials", name)] = {"materials": materials}
    return rules


def changed_fields(old: Any, new: Any, prefix: str = "") -> list[str]:
    """Dotted paths of the fields that differ between two JSON values."""
    if isinstance(old, dict) and isinstance(new, dict):
        paths: list[str] = []
        for key in sorted(set(old) | set(new), key=str):
            path = f"{prefix}.{key}" if prefix else str(key)
            paths += changed_fields(old.get(key, _ABSENT), new.get(key, _ABSENT), path)
        return paths
    return [] if old == new else [prefix]


def diff_packs(old: Pack, new: Pack) -> list[RuleChange]:
    """Every rule added, removed or changed from ``old`` to ``new``, in section and id order."""
    before, after = rules_of(old), rules_of(new)
    changes = []
    for key in sorted(set(before) | set(after)):
        section, rule_id = key
        if key not in before:
            changes.append(RuleChange("added", section, rule_id))
        elif key not in after:
            changes.append(RuleChange("removed", section, rule_id))
        elif fields := changed_fields(before[key], after[key]):
            changes.append(RuleChange("changed", section, rule_id, tuple(fields)))
    return changes
