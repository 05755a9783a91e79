"""Names are parsed into parts that meet across scripts, forms and typos."""

from __future__ import annotations

import random

import opencc_purepy
import pytest
from hypothesis import given
from hypothesis import strategies as st

from publiccredit.identifiers.regions import counties
from publiccredit.screening.keys import keys_for
from publiccredit.screening.names import parse
from publiccredit.screening.pinyin import pinyin_key
from publiccredit.screening.scoring import DEFAULT_THRESHOLD, Candidate, Query, quick_score
from publiccredit.synth.names import entity_name
from publiccredit.synth.screening_eval import variant

REGIONS = sorted(counties().values(), key=lambda region: region.code)
TO_TRADITIONAL = opencc_purepy.OpenCC("s2t")


@pytest.mark.parametrize(
    ("name", "region", "trade", "industry", "form"),
    [
        ("深圳市阿宝科技有限公司", "4403", "阿宝", "科技", "limited"),
        ("深圳市阿寶科技有限責任公司", "4403", "阿宝", "科技", "limited"),
        ("广东省深圳市阿宝网络科技股份有限公司", "4403", "阿宝", "网络科技", "joint-stock"),
        ("阿宝科技有限公司深圳分公司", "", "阿宝", "科技", "branch"),
        ("北京市朝阳区阿宝便利店", "110105", "阿宝", "便利店", ""),
        ("中山市中山科技有限公司", "4420", "中山", "科技", "limited"),
        ("深圳科技有限公司", "", "深圳", "科技", "limited"),  # nothing else is a trade name
        ("深圳市阿宝科技有限公厮", "4403", "阿宝", "科技", "limited"),  # a typo in the form
        ("常州市果匣子服装股份份有限公司", "3204", "果匣子", "服装", "joint-stock"),
        ("深训市阿宝科技有限公司", "", "阿宝", "科技", "limited"),  # a typo in the region
    ],
)
def test_chinese_names_parse_into_their_parts(
    name: str, region: str, trade: str, industry: str, form: str
) -> None:
    parsed = parse(name)
    assert (parsed.region, parsed.trade, parsed.industry, parsed.form) == (
        region,
        trade,
        industry,
        form,
    )


@pytest.mark.parametrize(
    "name",
    [
        "Shenzhen Abao Technology Co., Ltd.",
        "shenzhen abao keji youxian gongsi",
        "SHENZHEN ABAO TECHNOLOGY COMPANY LIMITED",
        "Ｓｈｅｎｚｈｅｎ Ａｂａｏ Ｔｅｃｈｎｏｌｏｇｙ Ｃｏ., Ｌｔｄ.",
    ],
)
def test_latin_names_meet_the_chinese_parts(name: str) -> None:
    parsed = parse(name)
    chinese = parse("深圳市阿宝科技有限公司")
    assert parsed.latin
    assert (parsed.region, parsed.trade_key, parsed.industry, parsed.form) == (
        chinese.region,
        chinese.trade_key,
        chinese.industry,
        chinese.form,
    )


@given(st.integers(0, 2**32), st.sampled_from(["91", "92", "93", "51", "52"]))
def test_traditional_script_parses_like_simplified(seed: int, kind: str) -> None:
    rng = random.Random(seed)
    name = entity_name(rng, kind, rng.choice(REGIONS))
    simplified, traditional = parse(name), parse(TO_TRADITIONAL.convert(name))
    assert (traditional.region, traditional.trade, traditional.industry, traditional.form) == (
        simplified.region,
        simplified.trade,
        simplified.industry,
        simplified.form,
    )


@given(st.integers(0, 2**32))
def test_a_name_and_its_variants_share_a_candidate_key(seed: int) -> None:
    """Every variant the evaluation makes of an enterprise name (except a typo in the
    trade name, which the typo keys catch) finds the name under an exact key."""
    rng = random.Random(seed)
    name = entity_name(rng, "91", rng.choice(REGIONS))
    stored = keys_for(parse(name))
    for kind in ("exact", "dropped_region", "form_swap", "traditional", "english", "pinyin"):
        written, _ = variant(rng, kind, name)
        assert keys_for(parse(written), query=True) & stored, (kind, name, written)


def test_one_character_off_in_the_trade_name_shares_a_typo_key() -> None:
    stored = keys_for(parse("深圳市阿宝科技有限公司"))
    for typo in ("深圳市阿室科技有限公司", "深圳市阿科技有限公司", "深圳市阿宝宝科技有限公司"):
        shared = keys_for(parse(typo), query=True) & stored
        assert any(key.startswith("d:") for key in shared), typo


def _candidate(name: str, region: str) -> Candidate:
    parsed = parse(name)
    return Candidate(
        subject_key="x",
        name=name,
        region=region,
        name_region=parsed.region,
        trade=parsed.trade,
        trade_key=pinyin_key(parsed.trade),
        industry=parsed.industry,
        form=parsed.form,
    )


@pytest.mark.parametrize(
    ("query", "name", "region", "fits"),
    [
        # the county's ending dropped, replaced or doubled: read as the candidate's region
        ("徐州市泉山蓝计划汽车修理部", "徐州市泉山区蓝计划汽车修理部", "320311", True),
        ("舟山市普陀是凯淳汽车修理部", "舟山市普陀区凯淳汽车修理部", "330903", True),
        ("临沂市临沭县县后池餐馆", "临沂市临沭县后池餐馆", "371329", True),
        # ... but not as another county's
        ("徐州市泉山蓝计划汽车修理部", "徐州市鼓楼区蓝计划汽车修理部", "320302", False),
        # a county asked for; the name names only the city, registered in another county
        ("锦州市凌海市婴之侣", "锦州市婴之侣广告有限公司", "210782", False),
        ("锦州市凌海市婴之侣", "锦州市婴之侣广告有限公司", "210781", True),
        # 吉林 is the province and the city
        ("吉林华美通", "吉林市华美通广告有限公司", "220272", True),
    ],
)
def test_region_readings_against_a_candidate(
    query: str, name: str, region: str, fits: bool
) -> None:
    value = quick_score(Query((parse(query),)), _candidate(name, region))
    assert (value >= DEFAULT_THRESHOLD) is fits, value
