"""Chinese pages say things in Chinese: regions, agencies, kinds, statuses and times by name.

Checked on the pages people read (profile, HTML report, PDF report) in both
languages, on SQLite and PostgreSQL (the report tests' store), and on the
label functions themselves, including the hour at which UTC and Beijing days
differ.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
import web_seed
from pypdf import PdfReader
from test_web_report import COMPANY, SAMR, Store, store

from publiccredit.web.labels import (
    agency_name,
    beijing_time,
    case_state_name,
    entity_kind_name,
    region_name,
    status_name,
)

__all__ = ["store"]

SHENZHEN_SAMR = "广东省深圳市市场监督管理局"


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_the_chinese_profile_names_region_agency_kind_and_status(store: Store) -> None:
    page = store.client.get(f"/portal/subjects/{COMPANY}", params={"lang": "zh"}).text
    text = _text(page)
    assert "<th>地区</th><td>广东省深圳市</td>" in web_seed.cells(page)
    assert "<th>主体类别</th><td>企业</td>" in web_seed.cells(page)
    assert "<th>登记状态</th><td>存续</td>" in web_seed.cells(page)
    assert SHENZHEN_SAMR in text
    assert SAMR not in text  # the agency code is not what a reader sees


def test_the_english_profile_glosses_the_same_codes(store: Store) -> None:
    text = _text(store.client.get(f"/portal/subjects/{COMPANY}", params={"lang": "en"}).text)
    assert "enterprise" in text
    assert "Administration for Market Regulation, 广东省深圳市" in text
    assert "(440300)" in text


def test_the_reports_show_names_and_beijing_time(store: Store) -> None:
    html = _text(store.client.get(f"/portal/subjects/{COMPANY}/report", params={"lang": "zh"}).text)
    assert SHENZHEN_SAMR in html
    assert "北京时间" in html
    pdf = store.client.get(f"/portal/subjects/{COMPANY}/report.pdf", params={"lang": "zh"})
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert SHENZHEN_SAMR in text.replace("\n", "")
    assert "北京时间" in text


@pytest.mark.parametrize(
    ("moment", "lang", "shown"),
    [
        ("2026-12-31T16:30:00Z", "zh", "2027年1月1日 00:30:00 北京时间"),
        ("2026-12-31T15:59:59+00:00", "zh", "2026年12月31日 23:59:59 北京时间"),
        (datetime(2026, 6, 1, 2, 0, tzinfo=UTC), "en", "1 Jun 2026, 10:00:00 Beijing time"),
        ("not a time", "en", "not a time"),
        (None, "zh", ""),
    ],
)
def test_times_are_shown_in_beijing_time(
    moment: str | datetime | None, lang: str, shown: str
) -> None:
    assert beijing_time(moment, lang) == shown


def test_codes_have_names_and_unknown_codes_stay_visible() -> None:
    assert region_name("130426", "zh") == "河北省邯郸市涉县"
    assert region_name("130426", "en") == "河北省邯郸市涉县 (130426)"
    assert region_name("999999", "zh") == "999999"
    assert agency_name("court-440305", "zh") == "广东省深圳市南山区人民法院"
    assert agency_name("unknown-440305", "zh") == "unknown-440305"
    assert agency_name("samr-99", "zh") == "samr-99"
    assert entity_kind_name("public_institution", "zh") == "事业单位"
    assert entity_kind_name("made_up", "zh") == "made_up"
    assert status_name("cancelled", "zh") == "注销"
    assert case_state_name("notice_served", "zh") == "已送达告知"
    assert case_state_name("notice_served", "en") == "notice served"
