"""The loader: the cn pack loads; versions hash content; malformed packs are refused with names."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import rfc8785
import yaml

from publiccredit.errors import GuardrailViolation, PolicyError
from publiccredit.policy import default_pack, load_pack, policy_version
from publiccredit.policy.loader import CN_PACK_PATH

RawPack = dict[str, dict[str, Any]]
Writer = Callable[[RawPack], Path]


def find(items: list[dict[str, Any]], rule_id: str) -> dict[str, Any]:
    return next(item for item in items if item.get("id") == rule_id)


def refusal(path: Path) -> PolicyError:
    with pytest.raises(PolicyError) as caught:
        load_pack(path)
    return caught.value


def test_cn_pack_loads_with_a_content_version() -> None:
    pack = load_pack(CN_PACK_PATH)
    assert re.fullmatch(r"cn-[0-9a-f]{16}", pack.version)
    canonical = rfc8785.dumps(pack.model_dump(mode="json", exclude={"version"}))
    assert pack.version == "cn-" + hashlib.sha256(canonical).hexdigest()[:16]
    assert policy_version(pack) == pack.version
    assert default_pack() is default_pack()
    assert default_pack().version == pack.version
    assert pack.record_types["admin_penalty"].severity.required
    assert pack.lists_by_id["judgment_defaulters"].extension_max is not None


def test_version_is_stable_across_yaml_reformatting(cn_raw: RawPack, write_pack: Writer) -> None:
    folder = write_pack(cn_raw)
    for name, data in cn_raw.items():
        text = yaml.safe_dump(data, allow_unicode=False, sort_keys=True, default_flow_style=True)
        (folder / name).write_text("# reformatted\n" + text, encoding="utf-8")
    assert load_pack(folder).version == default_pack().version


def test_version_changes_when_a_rule_changes(cn_raw: RawPack, write_pack: Writer) -> None:
    rule = find(cn_raw["publication.yaml"]["rules"], "ndrc36.penalty.general")
    rule["maximum"] = "P6M"
    assert load_pack(write_pack(cn_raw)).version != default_pack().version


def test_schema_errors_name_file_rule_and_field(cn_raw: RawPack, write_pack: Writer) -> None:
    find(cn_raw["directory.yaml"]["record_types"], "honour")["submitters"] = []
    find(cn_raw["publication.yaml"]["rules"], "ndrc58.penalty")["maximum"] = "three years"
    error = refusal(write_pack(cn_raw))
    assert not isinstance(error, GuardrailViolation)
    described = [p.describe() for p in error.problems]
    assert any("directory.yaml" in d and "record_types[honour].submitters" in d for d in described)
    assert any(
        "publication.yaml" in d and "rules[ndrc58.penalty].maximum" in d and "P3M" in d
        for d in described
    )


def test_unknown_keys_are_refused(cn_raw: RawPack, write_pack: Writer) -> None:
    find(cn_raw["lists.yaml"]["lists"], "tax_a")["duraton"] = "P1Y"
    error = refusal(write_pack(cn_raw))
    assert any(p.field == "lists[tax_a].duraton" for p in error.problems)


def test_missing_file_is_named(cn_raw: RawPack, write_pack: Writer) -> None:
    folder = write_pack(cn_raw)
    (folder / "procedures.yaml").unlink()
    error = refusal(folder)
    assert [p.file for p in error.problems] == ["procedures.yaml"]


def test_not_a_folder(tmp_path: Path) -> None:
    assert refusal(tmp_path / "nowhere").problems[0].reason == "not a pack folder"


@pytest.mark.parametrize(
    ("mutate", "file", "field", "reason"),
    [
        (
            lambda raw: find(raw["measures.yaml"]["measures"], "abnormal.land")["targets"].update(
                lists=["abnormal_operation"]
            ),
            "measures.yaml",
            "measures[abnormal.land].targets.lists",
            "unknown list 'abnormal_operation'",
        ),
        (
            lambda raw: find(raw["measures.yaml"]["measures"], "abnormal.land").update(
                actions=["land_purchase"]
            ),
            "measures.yaml",
            "measures[abnormal.land].actions",
            "unknown action 'land_purchase'",
        ),
        (
            lambda raw: find(raw["measures.yaml"]["measures"], "rating_d.inspection")[
                "targets"
            ].update(rating_levels=["E"]),
            "measures.yaml",
            "measures[rating_d.inspection].targets.rating_levels",
            "unknown level 'E'",
        ),
        (
            lambda raw: find(raw["evaluation.yaml"]["overrides"], "override.abnormal").update(
                when_list="abnormal"
            ),
            "evaluation.yaml",
            "overrides[override.abnormal].when_list",
            "unknown list 'abnormal'",
        ),
        (
            lambda raw: find(raw["evaluation.yaml"]["overrides"], "override.abnormal").update(
                at_most="E"
            ),
            "evaluation.yaml",
            "overrides[override.abnormal].at_most",
            "unknown level 'E'",
        ),
        (
            lambda raw: raw["instruments.yaml"]["instruments"].append(
                dict(find(raw["instruments.yaml"]["instruments"], "samr_order_44"))
            ),
            "instruments.yaml",
            "instruments[samr_order_44]",
            "id used 2 times; ids must be unique",
        ),
        (
            lambda raw: find(raw["lists.yaml"]["lists"], "honours")["entry"][0].update(
                record_type="award"
            ),
            "lists.yaml",
            "lists[honours].entry",
            "unknown record type 'award'",
        ),
        (
            lambda raw: find(raw["lists.yaml"]["lists"], "tax_a")["entry"][0].update(
                where={"level": ["AA"]}
            ),
            "lists.yaml",
            "lists[tax_a].entry.where.level",
            "'AA' is not an allowed value of tax_credit_rating.level",
        ),
        (
            lambda raw: find(raw["directory.yaml"]["record_types"], "honour").update(
                category="awards"
            ),
            "directory.yaml",
            "record_types[honour].category",
            "unknown category 'awards'",
        ),
        (
            lambda raw: raw["publication.yaml"]["rules"].append(
                dict(find(raw["publication.yaml"]["rules"], "neutral.honour"))
            ),
            "publication.yaml",
            "rules[neutral.honour]",
            "id used 2 times",
        ),
        (
            lambda raw: raw["publication.yaml"]["rules"].remove(
                find(raw["publication.yaml"]["rules"], "neutral.honour")
            ),
            "publication.yaml",
            "rules",
            "record type honour has no publication rule in force on 1900-01-01",
        ),
        (
            lambda raw: find(raw["publication.yaml"]["rules"], "ndrc36.penalty.general").update(
                valid_from="2026-05-01"
            ),
            "publication.yaml",
            "rules",
            "record type admin_penalty with severity general has no publication rule in force "
            "on 2026-04-01",
        ),
        (
            lambda raw: find(raw["lists.yaml"]["lists"], "abnormal_operations").update(
                cured_by=[{"record_type": "annual_reprot"}]
            ),
            "lists.yaml",
            "lists[abnormal_operations].cured_by",
            "unknown record type 'annual_reprot'",
        ),
        (
            lambda raw: find(raw["directory.yaml"]["record_types"], "obligation_performed").update(
                proves_performance=False
            ),
            "directory.yaml",
            "record_types[admin_penalty].repair_requires_performance",
            "no record type proves_performance",
        ),
    ],
)
def test_dangling_references_and_gaps_are_named(
    cn_raw: RawPack,
    write_pack: Writer,
    mutate: Callable[[RawPack], None],
    file: str,
    field: str,
    reason: str,
) -> None:
    mutate(cn_raw)
    error = refusal(write_pack(cn_raw))
    assert any(
        p.file == file and p.field == field and reason in p.reason for p in error.problems
    ), error


def test_every_problem_is_reported_at_once(cn_raw: RawPack, write_pack: Writer) -> None:
    find(cn_raw["measures.yaml"]["measures"], "abnormal.land")["actions"] = ["nowhere"]
    find(cn_raw["evaluation.yaml"]["overrides"], "override.tax_d")["when_list"] = "nowhere"
    find(cn_raw["procedures.yaml"]["deadlines"], "removal.court.deletion")["applies_to"] = ["x"]
    error = refusal(write_pack(cn_raw))
    assert {p.file for p in error.problems} == {
        "measures.yaml",
        "evaluation.yaml",
        "procedures.yaml",
    }


def test_a_changed_copy_answers_from_its_own_rules() -> None:
    pack = default_pack()
    assert len(pack.lists_by_id) == len(pack.lists)  # fill the cached look-up first
    fewer = pack.model_copy(update={"lists": pack.lists[:1]})
    assert list(fewer.lists_by_id) == [pack.lists[0].id]
    assert fewer.version != pack.version
    assert fewer.version == fewer.content_version()
    assert len(pack.lists_by_id) == len(pack.lists)
