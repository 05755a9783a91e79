"""diff_packs: added, removed and changed rules, with the changed fields."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from publiccredit.policy import default_pack, load_pack
from publiccredit.policy.diff import RuleChange, changed_fields, diff_packs

RawPack = dict[str, dict[str, Any]]
Writer = Callable[[RawPack], Path]


def find(items: list[dict[str, Any]], rule_id: str) -> dict[str, Any]:
    return next(item for item in items if item.get("id") == rule_id)


def test_a_pack_does_not_differ_from_itself() -> None:
    assert diff_packs(default_pack(), default_pack()) == []


def test_added_removed_and_changed_rules(cn_raw: RawPack, write_pack: Writer) -> None:
    measures = cn_raw["measures.yaml"]["measures"]
    new_measure = {**find(measures, "abnormal.land"), "id": "abnormal.land_lease"}
    measures.append(new_measure)
    measures.remove(find(measures, "serious.associations"))
    deadline = find(cn_raw["procedures.yaml"]["deadlines"], "repair.agency.decision")
    deadline["working_days"] = 5
    deadline["source"]["article"] = "§4"
    cn_raw["evaluation.yaml"]["merit_cap"] = 8
    changes = diff_packs(default_pack(), load_pack(write_pack(cn_raw)))
    assert changes == [
        RuleChange("changed", "evaluation", "publiccredit.evaluation", ("merit_cap",)),
        RuleChange("added", "measures", "abnormal.land_lease"),
        RuleChange("removed", "measures", "serious.associations"),
        RuleChange(
            "changed",
            "procedures.deadlines",
            "repair.agency.decision",
            ("source.article", "working_days"),
        ),
    ]


def test_changed_fields_walks_nested_mappings() -> None:
    old = {"a": 1, "b": {"c": [1, 2], "d": "x"}, "e": None}
    new = {"a": 1, "b": {"c": [2, 1], "d": "x"}, "f": 0}
    assert changed_fields(old, new) == ["b.c", "e", "f"]
