"""The profile and the report show the 双公示 particulars and why a level is capped.

A penalty with its decision number, legal basis, amount and penalty kinds, a
licence with its kind and validity, an annual report's year and a credit
commitment's text are stored for the report tests' company (on SQLite and
PostgreSQL); the profile, the HTML report and the PDF must show each in the
page's language. The company is on restrictive lists, so its level is capped:
the pages must say by what.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader
from test_web_report import COMPANY, SAMR, Store, _row, _submit, ago, store

from publiccredit.policy import default_pack
from publiccredit.store.db import make_engine
from publiccredit.store.personal import load_personal_keys
from publiccredit.web.record_detail import capped_text, detail_pairs, reason_text

__all__ = ["store"]

PENALTY = _row("P-DETAIL", "admin_penalty", 10, severity="general", facts="虚假宣传",
               decision_no="深市监罚〔2026〕77号", legal_basis="《中华人民共和国广告法》第五十五条",
               amount="12345.50", extra={"penalty_kinds": ["fine", "confiscation"],
                                         "procedure": "ordinary"})  # fmt: skip
LICENCE = _row("L-DETAIL", "admin_license", 12, decision_no="深市监许〔2026〕9号",
               effective_from=ago(12), extra={"licence_kind": "食品经营许可",
                                              "valid_until": "2031-11-01"})  # fmt: skip
REPORT = _row("AR-DETAIL", "annual_report", 15, extra={"year": "2025"})
PROMISE = _row("C-DETAIL", "credit_commitment", 20, extra={"text": "依法诚信经营，按时报送年报"})


@pytest.fixture(scope="module")
def detailed(store: Store) -> Store:
    engine = make_engine(store.config.db_url)
    try:
        keys = load_personal_keys(store.config.data_dir)
        with engine.begin() as conn:
            _submit(conn, [PENALTY, LICENCE, REPORT, PROMISE], keys)
    finally:
        engine.dispose()
    return store


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


EXPECTED = {
    "zh": ["决定文书号：深市监罚〔2026〕77号", "依据：《中华人民共和国广告法》第五十五条",
           "处罚类别：罚款、没收违法所得、没收非法财物", "金额（元）：12,345.5",
           "许可类别：食品经营许可", "有效期：", "– 2031-11-01", "年度：2025",
           "承诺内容：依法诚信经营，按时报送年报"],
    "en": ["decision no.: 深市监罚〔2026〕77号", "penalty kinds: fine, confiscation",
           "amount (CNY): 12,345.5", "licence kind: 食品经营许可", "year: 2025"],
}  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_profile_shows_each_particular(detailed: Store, lang: str) -> None:
    params: dict[str, Any] = {"lang": lang, "limit": 100}
    text = _text(detailed.client.get(f"/portal/subjects/{COMPANY}", params=params).text)
    for particular in EXPECTED[lang]:
        assert particular in text, particular


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_reports_show_each_particular_and_the_cap(detailed: Store, lang: str) -> None:
    html = _text(
        detailed.client.get(f"/portal/subjects/{COMPANY}/report", params={"lang": lang}).text
    )
    pdf = detailed.client.get(f"/portal/subjects/{COMPANY}/report.pdf", params={"lang": lang})
    text = " ".join(
        "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    cap = "等级不高于 D" if lang == "zh" else "No better than D because"
    for shown in (html, text):
        assert cap in shown
        for particular in EXPECTED[lang][:3]:
            assert particular in shown or particular.replace(" ", "") in shown.replace(" ", "")


def test_the_profile_says_why_the_level_is_capped(detailed: Store) -> None:
    text = _text(detailed.client.get(f"/portal/subjects/{COMPANY}", params={"lang": "zh"}).text)
    assert re.search(r"因(失信被执行人|列入经营异常名录)，等级不高于 [CD]", text)


def test_detail_of_a_bare_record_is_empty_and_unknown_kinds_show_as_they_are() -> None:
    assert detail_pairs({"record_type": "admin_inspection", "agency": SAMR}, "zh") == []
    pairs = detail_pairs({"extra": {"penalty_kinds": ["fine", "made_up"]}, "amount": "x"}, "en")
    assert pairs == [("penalty kinds", "fine, made_up"), ("amount (CNY)", "x")]
    assert capped_text(default_pack(), {"capped_by": None}, "zh") == ""
    assert capped_text(default_pack(), {"capped_by": "NOT_A_CODE"}, "zh") == "NOT_A_CODE"


@pytest.mark.parametrize(("lang", "shown"), [("zh", "失信被执行人（JUDGMENT_DEFAULTER）"),
                                             ("en", "Listed as a dishonest judgment defaulter "
                                                    "(JUDGMENT_DEFAULTER)")])  # fmt: skip
def test_rating_reasons_are_shown_in_words_with_their_code(
    detailed: Store, lang: str, shown: str
) -> None:
    profile = _text(detailed.client.get(f"/portal/subjects/{COMPANY}", params={"lang": lang}).text)
    report = _text(
        detailed.client.get(f"/portal/subjects/{COMPANY}/report", params={"lang": lang}).text
    )
    assert shown in profile
    assert shown in report
    assert reason_text(default_pack(), "NOT_A_CODE", lang) == "NOT_A_CODE"
