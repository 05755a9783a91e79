"""The catalogue of bad packs that try to get around the guardrails, each with its reason.

Each entry is the cn pack with one change: a prohibited matter renamed
around the catalogue (traditional characters, full-width letters, spaced
letters, camelCase, English synonyms, a description or a field value only),
or a legal basis the pack declares for itself or stretches (a "Mayor's memo",
"terms of service", an article the instrument lacks, a 50-year listing, a
measure or list beyond what the instrument covers or its kind may do).
``tests/policy/test_policy_bad_packs.py`` loads each through the loader and
the CLI and checks the refusal names the file, the field and the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from publiccredit.policy.loader import CN_PACK_PATH, FILE_MODELS

RawPack = dict[str, dict[str, Any]]


def _read_cn() -> RawPack:
    return {
        name: yaml.safe_load((CN_PACK_PATH / name).read_text(encoding="utf-8"))
        for name in FILE_MODELS
    }


_CN_RAW = _read_cn()


def _unshared(value: Any) -> Any:
    """A copy in which no two places share an object (YAML anchors share them)."""
    if isinstance(value, dict):
        return {key: _unshared(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unshared(item) for item in value]
    return value


def fresh_cn_raw() -> RawPack:
    """A fresh copy of the cn pack's files as dicts, anchors expanded into separate objects."""
    copied: RawPack = _unshared(_CN_RAW)
    return copied


def write_raw_pack(folder: Path, raw: RawPack) -> Path:
    """Write ``raw`` as a pack folder and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in raw.items():
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@dataclass(frozen=True)
class BadPack:
    """One bad pack: how to make it, and the refusal expected (file, field, words of reason)."""

    name: str
    mutate: Callable[[RawPack], None]
    file: str
    field: str
    reason: str


def find(items: list[dict[str, Any]], rule_id: str) -> dict[str, Any]:
    return next(item for item in items if item.get("id") == rule_id)


def record_type(raw: RawPack, rule_id: str) -> dict[str, Any]:
    return find(raw["directory.yaml"]["record_types"], rule_id)


def measure(raw: RawPack, rule_id: str) -> dict[str, Any]:
    return find(raw["measures.yaml"]["measures"], rule_id)


def publication(raw: RawPack, rule_id: str) -> dict[str, Any]:
    return find(raw["publication.yaml"]["rules"], rule_id)


def a_list(raw: RawPack, rule_id: str) -> dict[str, Any]:
    return find(raw["lists.yaml"]["lists"], rule_id)


def instrument(raw: RawPack, rule_id: str) -> dict[str, Any]:
    return find(raw["instruments.yaml"]["instruments"], rule_id)


def new_record_type(raw: RawPack, **fields: Any) -> None:
    """Add a record type copied from ``honour`` (otherwise well-formed and covered)."""
    base = dict(record_type(raw, "honour"))
    base.update(fields)
    raw["directory.yaml"]["record_types"].append(base)
    publication(raw, "neutral.standing")["record_types"].append(base["id"])


def self_declared(raw: RawPack, **fields: Any) -> None:
    """Register a would-be instrument and cite it for ``serious.key_supervision``."""
    entry = {
        "id": "local_memo",
        "title_zh": "市长备忘录",
        "title_en": "Mayor's memo",
        "kind": "normative_document",
        "issuer": "深圳市市长",
        "articles": ["para. 1"],
        "covers": {"lists": ["serious_illegal_dishonest"], "measure_classes": ["management"]},
        "certainty": "verified",
    }
    entry.update(fields)
    raw["instruments.yaml"]["instruments"].append(entry)
    measure(raw, "serious.key_supervision")["legal_basis"] = {
        "instrument": "local_memo",
        "article": "para. 1",
    }


def _set(target: dict[str, Any], **fields: Any) -> None:
    target.update(fields)


D, E, INS, L, M = (
    "directory.yaml",
    "evaluation.yaml",
    "instruments.yaml",
    "lists.yaml",
    "measures.yaml",
)

BAD_PACKS: list[BadPack] = [
    # --- prohibited matters renamed around the catalogue -------------------------------
    BadPack(
        "traditional characters: religion",
        lambda raw: new_record_type(raw, id="members", name_zh="宗教團體會員"),
        D,
        "record_types[members]",
        "religion or belief, found by keyword '宗教'",
    ),
    BadPack(
        "traditional characters: surveillance footage",
        lambda raw: new_record_type(raw, id="footage", name_zh="監控錄像"),
        D,
        "record_types[footage]",
        "surveillance, found by keyword '监控'",
    ),
    BadPack(
        "traditional characters: face recognition",
        lambda raw: new_record_type(raw, id="door_log", name_zh="門禁人臉識別記錄"),
        D,
        "record_types[door_log]",
        "genetic or biometric data, found by keyword '人脸'",
    ),
    BadPack(
        "traditional characters in a description only: health",
        lambda raw: new_record_type(raw, id="staff_file", description="記錄員工的健康狀況"),
        D,
        "record_types[staff_file]",
        "health, found by keyword '健康'",
    ),
    BadPack(
        "full-width letters: facial images",
        lambda raw: new_record_type(raw, id="images", name_en="ＦＡＣＩＡＬ　ＩＭＡＧＥＳ"),
        D,
        "record_types[images]",
        "genetic or biometric data, found by keyword 'facial'",
    ),
    BadPack(
        "full-width letters in a field name: DNA",
        lambda raw: record_type(raw, "registration")["optional_fields"].append("ＤＮＡ"),
        D,
        "record_types[registration]",
        "genetic or biometric data, found by keyword 'dna'",
    ),
    BadPack(
        "spaced letters: religion",
        lambda raw: new_record_type(raw, id="staff_notes", name_en="r e l i g i o n of staff"),
        D,
        "record_types[staff_notes]",
        "religion or belief, found by keyword 'religion'",
    ),
    BadPack(
        "spaced Chinese: belief",
        lambda raw: new_record_type(raw, id="survey", name_zh="员工信 仰情况"),
        D,
        "record_types[survey]",
        "religion or belief, found by keyword '信仰'",
    ),
    BadPack(
        "punctuation inside a Chinese word: petitioning",
        lambda raw: new_record_type(raw, id="visits_log", name_zh="上·访登记"),
        D,
        "record_types[visits_log]",
        "petitioning, found by keyword '上访'",
    ),
    BadPack(
        "camelCase field name: social media",
        lambda raw: record_type(raw, "registration")["optional_fields"].append("SocialMediaHandle"),
        D,
        "record_types[registration]",
        "online speech or social-media activity",
    ),
    BadPack(
        "English synonym: faith community",
        lambda raw: new_record_type(raw, id="community", name_en="Faith community membership"),
        D,
        "record_types[community]",
        "religion or belief, found by keyword 'faith'",
    ),
    BadPack(
        "English synonym: sexual orientation",
        lambda raw: new_record_type(
            raw, id="staff_profile", name_en="Sexual orientation of managers"
        ),
        D,
        "record_types[staff_profile]",
        "sexual orientation or sex life",
    ),
    BadPack(
        "snake_case field name: union membership",
        lambda raw: record_type(raw, "registration")["optional_fields"].append(
            "trade_union_membership"
        ),
        D,
        "record_types[registration]",
        "trade-union membership",
    ),
    BadPack(
        "description only: location history",
        lambda raw: new_record_type(
            raw, id="fleet", name_en="Fleet records", description="Keeps drivers' location history"
        ),
        D,
        "record_types[fleet]",
        "location tracking, found by keyword 'location history'",
    ),
    BadPack(
        "allowed field value only: petitioner",
        lambda raw: record_type(raw, "registration")["field_values"]["status"].append("petitioner"),
        D,
        "record_types[registration]",
        "petitioning, found by keyword 'petitioner'",
    ),
    BadPack(
        "category name: biometric data",
        lambda raw: raw["directory.yaml"]["categories"][0].update(name_en="Biometric data"),
        D,
        "categories[registration]",
        "genetic or biometric data",
    ),
    BadPack(
        "subject_matter tag in capitals",
        lambda raw: raw["directory.yaml"]["categories"][0]["subject_matter"].append("Religion"),
        D,
        "categories[registration]",
        "religion or belief, found by subject_matter tag 'Religion'",
    ),
    BadPack(
        "evaluation input described as social-media posts",
        lambda raw: find(raw["evaluation.yaml"]["inputs"], "input.honour").update(
            description_en="Positive posts on social media"
        ),
        E,
        "inputs[input.honour]",
        "online speech or social-media activity",
    ),
    BadPack(
        "evaluation input described in traditional Chinese as family conduct",
        lambda raw: find(raw["evaluation.yaml"]["inputs"], "input.donation").update(
            description_zh="親屬捐贈"
        ),
        E,
        "inputs[input.donation]",
        "family members' conduct, found by keyword '亲属'",
    ),
    BadPack(
        "list named in traditional Chinese after petitioners",
        lambda raw: a_list(raw, "honours").update(name_zh="重點上訪人員名單"),
        L,
        "lists[honours]",
        "petitioning, found by keyword '上访'",
    ),
    BadPack(
        "repair asks for a medical certificate",
        lambda raw: raw["procedures.yaml"]["materials"]["repair"].append("MedicalCertificate"),
        "procedures.yaml",
        "materials[repair]",
        "health, found by keyword 'medical'",
    ),
    # --- legal bases a pack declares for itself ---------------------------------------
    BadPack(
        "measure citing a Mayor's memo outside the registry",
        lambda raw: measure(raw, "abnormal.land").update(
            legal_basis={"instrument": "Mayor's memo", "article": "para. 1"}
        ),
        M,
        "measures[abnormal.land].legal_basis.instrument",
        "unknown instrument",
    ),
    BadPack(
        "list citing terms of service outside the registry",
        lambda raw: a_list(raw, "honours").update(
            legal_basis={"instrument": "terms of service", "article": "§ 4"}
        ),
        L,
        "lists[honours].legal_basis.instrument",
        "a pack cannot declare its own basis",
    ),
    BadPack(
        "Mayor's memo registered as a normative document",
        lambda raw: self_declared(raw),
        INS,
        "instruments[local_memo].issuer",
        "'深圳市市长' does not issue a normative_document",
    ),
    BadPack(
        "Mayor's memo registered as a law of the NPC",
        lambda raw: self_declared(raw, kind="law", issuer="全国人民代表大会"),
        INS,
        "instruments[local_memo]",
        "not a legal instrument: '备忘录'",
    ),
    BadPack(
        "terms of service registered as an administrative regulation",
        lambda raw: self_declared(
            raw,
            kind="administrative_regulation",
            issuer="国务院",
            title_zh="平台服务条款",
            title_en="Platform Terms of Service",
        ),
        INS,
        "instruments[local_memo]",
        "not a legal instrument: '服务条款'",
    ),
    BadPack(
        "article the instrument does not list",
        lambda raw: measure(raw, "abnormal.land")["legal_basis"].update(article="Art. 99"),
        M,
        "measures[abnormal.land].legal_basis.article",
        "not 'Art. 99'",
    ),
    BadPack(
        "registry entry issued by the wrong authority for its kind",
        lambda raw: instrument(raw, "spc_defaulter_list").update(issuer="国家市场监督管理总局"),
        INS,
        "instruments[spc_defaulter_list].issuer",
        "does not issue a judicial_interpretation",
    ),
    # --- durations ----------------------------------------------------------------------
    BadPack(
        "a 50-year listing",
        lambda raw: a_list(raw, "serious_illegal_dishonest").update(duration="P50Y"),
        L,
        "lists[serious_illegal_dishonest].duration",
        "listing of P50Y is longer than",
    ),
    BadPack(
        "a 50-year listing backed by an instrument that claims to allow it",
        lambda raw: (
            a_list(raw, "serious_illegal_dishonest").update(duration="P50Y"),
            instrument(raw, "samr_order_44")["covers"].update(max_listing="P50Y"),
        ),
        INS,
        "instruments[samr_order_44].covers.max_listing",
        "longer than P5Y",
    ),
    BadPack(
        "an extension past the instrument's longest listing",
        lambda raw: a_list(raw, "judgment_defaulters").update(extension_max="P4Y"),
        L,
        "lists[judgment_defaulters].duration",
        "(+ up to P4Y) is longer than",
    ),
    BadPack(
        "a fixed term under an instrument that sets none",
        lambda raw: a_list(raw, "tax_d_level").update(duration="P1Y"),
        L,
        "lists[tax_d_level].duration",
        "at most no fixed listing",
    ),
    BadPack(
        "no fixed term under an instrument that does not allow it",
        lambda raw: a_list(raw, "serious_illegal_dishonest").update(
            duration_overrides=[{"where": {}, "duration": None}]
        ),
        L,
        "lists[serious_illegal_dishonest].duration_overrides",
        "without a fixed term",
    ),
    BadPack(
        "penalties published for 5 years under an instrument that allows 3",
        lambda raw: publication(raw, "samr45.penalty").update(maximum="P5Y"),
        "publication.yaml",
        "rules[samr45.penalty].maximum",
        "maximum P5Y is longer than 市场监督管理行政处罚信息公示规定",
    ),
    BadPack(
        "published penalty rule without a legal basis",
        lambda raw: publication(raw, "ndrc36.penalty.general").pop("legal_basis"),
        "publication.yaml",
        "rules[ndrc36.penalty.general].legal_basis",
        "needs a legal basis from the registry",
    ),
    BadPack(
        "publication rule cited to a Mayor's memo",
        lambda raw: publication(raw, "ndrc36.penalty.serious").update(
            legal_basis={"instrument": "mayors_memo", "article": "para. 1"}
        ),
        "publication.yaml",
        "rules[ndrc36.penalty.serious].legal_basis.instrument",
        "unknown instrument",
    ),
    BadPack(
        "publication rule stretched to records its instrument does not govern",
        lambda raw: publication(raw, "ndrc58.penalty")["record_types"].append("admin_inspection"),
        "publication.yaml",
        "rules[ndrc58.penalty].record_types",
        "does not cover record type 'admin_inspection'",
    ),
    # --- reach beyond the instrument ------------------------------------------------------
    BadPack(
        "measure on a list its instrument does not cover",
        lambda raw: measure(raw, "tax_d.invoices")["targets"]["lists"].append(
            "serious_illegal_dishonest"
        ),
        M,
        "measures[tax_d.invoices].targets.lists",
        "does not cover list 'serious_illegal_dishonest'",
    ),
    BadPack(
        "measure class its instrument does not cover",
        lambda raw: measure(raw, "tax_d.invoices").update(measure_class="rights_restricting"),
        M,
        "measures[tax_d.invoices].measure_class",
        "does not cover measure class",
    ),
    BadPack(
        "rights restriction by a ministry's normative document",
        lambda raw: (
            measure(raw, "honours.expedited_approval").update(
                measure_class="rights_restricting", effect="restrict"
            ),
            instrument(raw, "national_directory_2024")["covers"].update(
                measure_classes=["incentive", "rights_restricting"]
            ),
        ),
        M,
        "measures[honours.expedited_approval].measure_class",
        "normative_document of 国家发展和改革委员会、中国人民银行 may not impose a "
        "rights_restricting",
    ),
    BadPack(
        "restrictive list founded on a ministry's normative document",
        lambda raw: a_list(raw, "honours").update(kind="restrictive"),
        L,
        "lists[honours].kind",
        "may not found a restrictive list",
    ),
    BadPack(
        "list citing an instrument that does not cover it",
        lambda raw: a_list(raw, "tax_a").update(
            legal_basis={"instrument": "samr_order_44", "article": "Art. 14"}
        ),
        L,
        "lists[tax_a].legal_basis",
        "does not cover list 'tax_a'",
    ),
    BadPack(
        "list admitting persons its instrument does not cover",
        lambda raw: a_list(raw, "serious_illegal_dishonest").update(
            subject_kinds=["entity", "person"]
        ),
        L,
        "lists[serious_illegal_dishonest].subject_kinds",
        "does not cover subject kind 'person'",
    ),
    BadPack(
        "list applied to government organs its instrument does not cover",
        lambda raw: a_list(raw, "serious_illegal_dishonest")["applies_to"].append("organ"),
        L,
        "lists[serious_illegal_dishonest].applies_to",
        "does not cover entity kind 'organ'",
    ),
    BadPack(
        "measure cited to an instrument about another list",
        lambda raw: measure(raw, "serious.key_supervision").update(
            legal_basis={"instrument": "spc_high_consumption", "article": "Art. 3"}
        ),
        M,
        "measures[serious.key_supervision].targets.lists",
        "does not cover list",
    ),
]
