"""Folding names for search (stored in ``subjects.name_folded``, tested in test_ingest_batch)."""

from __future__ import annotations

import unicodedata

import opencc_purepy
from hypothesis import given
from hypothesis import strategies as st

from publiccredit.textfold import fold

T2S = opencc_purepy.OpenCC("t2s")


def test_fold_makes_full_width_and_case_variants_equal() -> None:
    assert fold("ＡＢＣ 科技（深圳）有限公司") == fold("abc科技(深圳)有限公司")
    assert fold("Huawei  Technologies") == "huaweitechnologies"


def test_traditional_and_simplified_names_fold_alike() -> None:
    assert fold("華為技術有限公司") == fold("华为技术有限公司") == "华为技术有限公司"
    assert fold("臺灣 積體電路 製造") == fold("台湾积体电路制造")
    assert fold("ＨＳＢＣ 滙豐銀行") == fold("hsbc汇丰银行")


def _slow_fold(text: str) -> str:
    """The definition, step by step, converting every text (ASCII included)."""
    normal = unicodedata.normalize("NFKC", text)
    simplified = T2S.convert(normal)
    return "".join(simplified.casefold().split())


@given(
    st.text(alphabet=st.sampled_from("華为技術有限公司ＡbＣ 　\t臺灣銀行xyz(（）)"), max_size=30)
)
def test_fold_matches_the_step_by_step_definition_and_is_idempotent(text: str) -> None:
    assert fold(text) == _slow_fold(text)
    assert fold(fold(text)) == fold(text)
