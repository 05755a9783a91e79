"""A catalogue of bad packs: the cn pack with one thing changed, each refused for its reason."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bad_packs import RawPack, a_list, find, measure, new_record_type, publication, record_type
from hypothesis import given
from hypothesis import strategies as st

from publiccredit.errors import GuardrailViolation
from publiccredit.policy import load_pack
from publiccredit.policy.prohibited import chinese_key, find_prohibited, prohibited_matters
from publiccredit.textfold import fold

Writer = Callable[[RawPack], Path]


BAD_PACKS: list[tuple[str, Callable[[RawPack], None], str, str, str]] = [
    # (name, mutation, file, field, words of the reason)
    (
        "category tagged religion",
        lambda raw: raw["directory.yaml"]["categories"][0]["subject_matter"].append("religion"),
        "directory.yaml",
        "categories[registration]",
        "religion or belief, found by subject_matter tag 'religion'",
    ),
    (
        "record type named in Chinese after religion",
        lambda raw: new_record_type(raw, id="membership", name_zh="宗教团体成员"),
        "directory.yaml",
        "record_types[membership]",
        "religion or belief, found by keyword '宗教'",
    ),
    (
        "face scans",
        lambda raw: new_record_type(raw, id="facial_scan", name_en="Scan at entrance"),
        "directory.yaml",
        "record_types[facial_scan]",
        "genetic or biometric data, found by keyword 'facial'",
    ),
    (
        "fingerprints in Chinese",
        lambda raw: new_record_type(raw, id="entry_log", name_zh="指纹登记"),
        "directory.yaml",
        "record_types[entry_log]",
        "genetic or biometric data",
    ),
    (
        "blood type as an extra field",
        lambda raw: record_type(raw, "registration")["optional_fields"].append("blood_type"),
        "directory.yaml",
        "record_types[registration]",
        "health, found by keyword 'blood'",
    ),
    (
        "petitioning",
        lambda raw: new_record_type(raw, id="petition_record", name_zh="来访记录"),
        "directory.yaml",
        "record_types[petition_record]",
        "petitioning",
    ),
    (
        "petitioning in Chinese",
        lambda raw: new_record_type(raw, id="visits", name_zh="信访记录"),
        "directory.yaml",
        "record_types[visits]",
        "petitioning, found by keyword '信访'",
    ),
    (
        "ethnicity",
        lambda raw: new_record_type(raw, id="staff_origin", name_en="Ethnic origin of staff"),
        "directory.yaml",
        "record_types[staff_origin]",
        "ethnicity",
    ),
    (
        "political activity",
        lambda raw: new_record_type(raw, id="activity", subject_matter=["political_activity"]),
        "directory.yaml",
        "record_types[activity]",
        "political opinion or activity",
    ),
    (
        "location tracking",
        lambda raw: new_record_type(raw, id="vehicle_log", name_zh="车辆行驶轨迹"),
        "directory.yaml",
        "record_types[vehicle_log]",
        "location tracking, found by keyword '轨迹'",
    ),
    (
        "online speech",
        lambda raw: new_record_type(raw, id="posts_log", description="记录网络言论"),
        "directory.yaml",
        "record_types[posts_log]",
        "online speech or social-media activity",
    ),
    (
        "family members",
        lambda raw: new_record_type(raw, id="relatives_conduct", name_zh="亲属行为"),
        "directory.yaml",
        "record_types[relatives_conduct]",
        "family members' conduct",
    ),
    (
        "measure without a legal basis",
        lambda raw: measure(raw, "abnormal.land").pop("legal_basis"),
        "measures.yaml",
        "measures[abnormal.land].legal_basis",
        "a measure without a legal basis is refused",
    ),
    (
        "measure with an empty legal basis",
        lambda raw: measure(raw, "abnormal.land").update(legal_basis={"instrument": " "}),
        "measures.yaml",
        "measures[abnormal.land].legal_basis",
        "a measure without a legal basis is refused",
    ),
    (
        "measure reaching a list its basis does not cover",
        lambda raw: measure(raw, "defaulter.high_consumption")["targets"]["lists"].append(
            "tax_d_level"
        ),
        "measures.yaml",
        "measures[defaulter.high_consumption].targets.lists",
        "target wider than the legal basis",
    ),
    (
        "measure binding persons its basis does not cover",
        lambda raw: measure(raw, "abnormal.procurement")["targets"].update(
            persons=["actual_controller"]
        ),
        "measures.yaml",
        "measures[abnormal.procurement].targets.persons",
        "does not cover person 'actual_controller'",
    ),
    (
        "measure reaching a level its basis does not cover",
        lambda raw: measure(raw, "tax_d.invoices")["targets"].update(rating_levels=["D"]),
        "measures.yaml",
        "measures[tax_d.invoices].targets.rating_levels",
        "target wider than the legal basis",
    ),
    (
        "evaluation of natural persons",
        lambda raw: raw["evaluation.yaml"].update(subject_kinds=["entity", "person"]),
        "evaluation.yaml",
        "subject_kinds",
        "may not target natural persons",
    ),
    (
        "evaluation points from a person record",
        lambda raw: raw["evaluation.yaml"]["inputs"].append(
            {
                **find(raw["evaluation.yaml"]["inputs"], "input.penalty_serious"),
                "id": "input.defaulter",
                "code": "DEFAULTER",
                "record_type": "judgment_default_listing",
                "severities": [],
            }
        ),
        "evaluation.yaml",
        "inputs[input.defaulter].record_type",
        "can be about a natural person and may not feed evaluation points",
    ),
    (
        "person records outside any list",
        lambda raw: record_type(raw, "court_judgment").update(subject_kinds=["entity", "person"]),
        "directory.yaml",
        "record_types[court_judgment].subject_kinds",
        "natural persons may appear only in the entry or exit decisions of a list",
    ),
    (
        "penalty published longer than its regime allows",
        lambda raw: publication(raw, "ndrc58.penalty").update(maximum="P5Y"),
        "publication.yaml",
        "rules[ndrc58.penalty].maximum",
        "beyond the bound of its regime: at most P3Y",
    ),
    (
        "penalty published without end",
        lambda raw: publication(raw, "ndrc36.penalty.serious").pop("maximum"),
        "publication.yaml",
        "rules[ndrc36.penalty.serious].maximum",
        "need a maximum of at most P3Y",
    ),
    (
        "minimum longer than maximum",
        lambda raw: publication(raw, "neutral.inspection").update(minimum="P4Y"),
        "publication.yaml",
        "rules[neutral.inspection].minimum",
        "minimum P4Y is longer than maximum P3Y",
    ),
    (
        "restrictive list with no way out",
        lambda raw: a_list(raw, "abnormal_operations").update(exits=[]),
        "lists.yaml",
        "lists[abnormal_operations].exits",
        "a restrictive list needs exit conditions",
    ),
    (
        "restrictive list whose only exit is replacement, removed",
        lambda raw: a_list(raw, "customs_dishonest").update(superseded_by_newer=False),
        "lists.yaml",
        "lists[customs_dishonest].exits",
        "a restrictive list needs exit conditions",
    ),
    (
        "serious dishonesty list without notice",
        lambda raw: a_list(raw, "serious_illegal_dishonest").pop("notice"),
        "lists.yaml",
        "lists[serious_illegal_dishonest].notice",
        "a serious-dishonesty list needs a notice step",
    ),
    (
        "major tax-violation list with notice not required",
        lambda raw: a_list(raw, "tax_major_violation").update(notice={"required": False}),
        "lists.yaml",
        "lists[tax_major_violation].notice",
        "a serious-dishonesty list needs a notice step",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "file", "field", "reason"),
    [pytest.param(*case[1:], id=case[0]) for case in BAD_PACKS],
)
def test_bad_pack_is_refused_for_its_reason(
    cn_raw: RawPack,
    write_pack: Writer,
    mutate: Callable[[RawPack], None],
    file: str,
    field: str,
    reason: str,
) -> None:
    mutate(cn_raw)
    with pytest.raises(GuardrailViolation) as caught:
        load_pack(write_pack(cn_raw))
    problems = caught.value.problems
    assert any(p.file == file and p.field == field and reason in p.reason for p in problems), (
        "\n".join(p.describe() for p in problems)
    )


def test_the_unchanged_copy_loads(cn_raw: RawPack, write_pack: Writer) -> None:
    """The catalogue's starting point is itself accepted (so each refusal is the mutation's)."""
    assert load_pack(write_pack(cn_raw)).info.id == "cn"


def test_all_guardrail_problems_are_reported_together(cn_raw: RawPack, write_pack: Writer) -> None:
    raw = cn_raw
    raw["evaluation.yaml"]["subject_kinds"] = ["person"]
    a_list(raw, "serious_illegal_dishonest").pop("notice")
    publication(raw, "ndrc58.penalty")["maximum"] = "P10Y"
    with pytest.raises(GuardrailViolation) as caught:
        load_pack(write_pack(raw))
    assert {p.file for p in caught.value.problems} >= {
        "evaluation.yaml",
        "lists.yaml",
        "publication.yaml",
    }


KEYWORDS = [(matter.id, term) for matter in prohibited_matters() for term in matter.terms_en]
KEYWORDS_ZH = [
    (matter.id, term)
    for matter in prohibited_matters()
    for term in (*matter.terms_zh, *matter.terms_zh_tw)
]
_ASCII_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)
_CJK_OR_PUNCT = st.text(alphabet="的是在有公司年度报告，。、（）- 0123456789", max_size=6)


@given(st.sampled_from(KEYWORDS), _ASCII_WORD, _ASCII_WORD, st.sampled_from(["_", " ", ".", "-"]))
def test_english_keywords_are_found_in_ids_and_text(
    matter_keyword: tuple[str, str], before: str, after: str, separator: str
) -> None:
    matter, keyword = matter_keyword
    text = separator.join((before, keyword.replace(" ", separator), after))
    assert matter in {m.id for m, _ in find_prohibited((), [text])}


@given(st.sampled_from(KEYWORDS), st.sampled_from(["upper", "fullwidth", "camel", "spaced"]))
def test_english_keywords_survive_case_width_and_spacing(
    matter_keyword: tuple[str, str], disguise: str
) -> None:
    """Renaming around the catalogue (ＤＮＡ, SocialMedia, d n a) does not get past it."""
    matter, keyword = matter_keyword
    if disguise == "upper":
        text = keyword.upper()
    elif disguise == "fullwidth":
        text = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in keyword)
    elif disguise == "camel":
        text = "".join(word.capitalize() for word in keyword.split()) + "Log"
    else:
        text = " ".join(keyword.replace(" ", ""))
    assert matter in {m.id for m, _ in find_prohibited((), [text])}


@given(st.sampled_from(KEYWORDS_ZH), _CJK_OR_PUNCT, _CJK_OR_PUNCT)
def test_chinese_keywords_are_found_anywhere(
    matter_keyword: tuple[str, str], before: str, after: str
) -> None:
    matter, keyword = matter_keyword
    spaced = " ".join(keyword)
    for text in (before + keyword + after, before + spaced + after):
        assert matter in {m.id for m, _ in find_prohibited((), [text])}


def test_every_traditional_term_folds_to_a_simplified_term() -> None:
    """The catalogue's traditional spellings are the simplified terms, as folding sees them."""
    for matter in prohibited_matters():
        simplified = {chinese_key(term) for term in matter.terms_zh}
        assert {chinese_key(term) for term in matter.terms_zh_tw} <= simplified, matter.id


@pytest.mark.parametrize(
    "word", ["competition", "general", "allocation", "interface", "surface", "generation"]
)
def test_english_keywords_match_whole_words_only(word: str) -> None:
    assert find_prohibited((), [word, f"{word}_record"]) == []


def test_the_light_character_fold_agrees_with_opencc_on_the_catalogue() -> None:
    """The guardrails fold character by character; OpenCC's phrase conversion agrees here."""
    for matter in prohibited_matters():
        for term in matter.terms_zh_tw:
            assert chinese_key(term) == fold(term), term
