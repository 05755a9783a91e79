"""The statistics page on a seeded store with cases, on SQLite AND PostgreSQL; and the charts.

The page renders the very answer ``GET /v1/statistics`` gives (one data
function), so every chart is checked against the API's numbers: each bar's and
point's ``<title>`` says "label: value", and the data tables hold the same
rows. The chart functions are checked on their own too: a label with markup
stays text, and every SVG is well-formed XML with a title and a description.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from html import escape
from typing import Any

import pytest
import web_seed
from hypothesis import given, settings
from hypothesis import strategies as st

from publiccredit.api.routers.statistics import CASE_KINDS
from publiccredit.identifiers.regions import provinces
from publiccredit.policy import default_pack
from publiccredit.web.charts import (
    Series,
    bar_chart,
    line_chart,
    nice_maximum,
    stacked_columns,
    ticks,
)
from publiccredit.web.statistics_pages import months_between
from publiccredit.web.statistics_words import EN, ZH

api_seeded = web_seed.seeded  # the API tests' seeded store, on both backends

PACK = default_pack()
HOSTILE = '<script>alert("x")</script>&"'
RECENT = {"from": "2024-01", "to": "2026-12"}


CASES = web_seed.load("statistics_seed_for_web", web_seed.API_DIR / "statistics_seed.py")


@pytest.fixture(scope="module")
def seeded(api_seeded: Any) -> Any:
    """The API tests' seeded store with the statistics cases added, on each backend."""
    CASES.add_cases(api_seeded.config)
    return api_seeded


def _totals(items: list[dict[str, Any]]) -> Counter[str]:
    found: Counter[str] = Counter()
    for item in items:
        found[item["key"]] += item["count"]
    return found


def _title(text: str) -> str:
    return f"<title>{escape(text)}</title>"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_renders_charts_and_tables_in_both_languages(seeded: Any, lang: str) -> None:
    page = seeded.client.get("/portal/statistics", params={"lang": lang})
    assert page.status_code == 200
    words = ZH if lang == "zh" else EN
    for key in ("lists_title", "agencies_title", "provinces_title", "severity_title",
                "category_title", "cases_title"):  # fmt: skip
        assert escape(words[key]) in page.text
    assert page.text.count('<svg class="chart" role="img"') >= 6
    assert '<meta name="viewport"' in page.text
    assert page.text.count("<details><summary>") >= 6  # a data table beside every chart
    assert "<script" not in page.text  # no JavaScript needed


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bars_carry_the_apis_totals(seeded: Any, lang: str) -> None:
    body = seeded.client.get("/v1/statistics").json()
    page = seeded.client.get("/portal/statistics", params={"lang": lang}).text
    words = ZH if lang == "zh" else EN
    names = provinces()
    for code, total in _totals(body["records_by_province"]).items():
        label = words["unknown_province"] if code == "unknown" else f"{code} {names[code]}"
        assert _title(f"{label}: {total}") in page
    for severity, total in _totals(body["records_by_severity"]).items():
        assert _title(f"{words[severity]}: {total}") in page
    categories = {c.id: c for c in PACK.directory.categories}
    for category, total in _totals(body["records_by_category"]).items():
        name = categories[category].name_zh if lang == "zh" else categories[category].name_en
        assert _title(f"{name}: {total}") in page
        assert f"<td>{escape(name)}</td><td>{total}</td>" in web_seed.cells(page)


def test_points_and_columns_carry_the_apis_monthly_counts(seeded: Any) -> None:
    body = seeded.client.get("/v1/statistics", params=RECENT).json()
    page = seeded.client.get("/portal/statistics", params={**RECENT, "lang": "en"}).text
    assert body["list_entries"], "the seeded store has list entries in these months"
    for item in body["list_entries"]:
        name = PACK.lists_by_id[item["key"]].name_en
        assert _title(f"{name} {item['month']}: {item['count']}") in page
    assert body["cases"]
    for case in body["cases"]:
        for part in ("on_time", "late"):
            if case[part]:
                assert _title(f"{EN[part]} {case['month']}: {case[part]}") in page
    assert [now["kind"] for now in body["open_cases"]] == list(CASE_KINDS)
    for now in body["open_cases"]:
        assert f"{EN['open_now']} {now['open']}, {EN['overdue_now']} {now['overdue']}" in page


def test_a_wrong_month_names_the_field_and_keeps_the_form(seeded: Any) -> None:
    page = seeded.client.get("/portal/statistics", params={"from": "2024-13", "lang": "en"})
    assert page.status_code == 422
    assert "field &#x27;from&#x27;" in page.text
    assert "2024-13" in page.text
    assert 'name="from"' in page.text
    assert "Traceback" not in page.text


def _svg(markup: str) -> ET.Element:
    start, end = markup.index("<svg"), markup.index("</svg>") + len("</svg>")
    return ET.fromstring(markup[start:end])


LABELS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)
SVG = "{http://www.w3.org/2000/svg}"


@settings(max_examples=40)
@given(bars=st.lists(st.tuples(LABELS, st.integers(0, 10**6)), min_size=1, max_size=12))
def test_bar_chart_is_wellformed_and_titles_every_bar(bars: list[tuple[str, int]]) -> None:
    svg = _svg(bar_chart("c", HOSTILE, HOSTILE, bars, value_label=HOSTILE))
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == HOSTILE  # type: ignore[union-attr]
    assert svg.find(f"{SVG}desc") is not None
    titles = [g.find(f"{SVG}title").text for g in svg.iter(f"{SVG}g")]  # type: ignore[union-attr]
    assert titles == [f"{label}: {value}" for label, value in bars]
    widths = [float(r.get("width", "0")) for r in svg.iter(f"{SVG}rect")]
    assert max(widths) <= 640


@settings(max_examples=30)
@given(
    names=st.lists(LABELS, min_size=1, max_size=4),
    values=st.lists(st.integers(0, 500), min_size=1, max_size=30),
)
def test_lines_and_columns_title_each_value(names: list[str], values: list[int]) -> None:
    months = months_between("2024-01", "2026-12")[: len(values)]
    series = [Series(name, tuple(values)) for name in names]
    for draw in (line_chart, stacked_columns):
        markup = draw("c", "t", "d", months, series, x_label=HOSTILE, y_label="y")
        svg = _svg(markup)
        texts = {t.text for t in svg.iter(f"{SVG}title")}
        for name in names:
            for month, value in zip(months, values, strict=True):
                if value or draw is line_chart:
                    assert f"{name} {month}: {value}" in texts
        assert "<script>" not in markup


def test_axis_tops_and_months() -> None:
    assert [nice_maximum(v) for v in (0, 1, 3, 7, 10, 11, 99, 101)] == [1, 1, 5, 10, 10, 20, 100,
                                                                        200]  # fmt: skip
    assert months_between("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert ticks(1) == [0, 1]
    assert ticks(5) == [0, 1, 2, 3, 4, 5]
    assert ticks(20) == [0, 4, 8, 12, 16, 20]
    assert all(top % (len(ticks(top)) - 1) == 0 for top in (1, 2, 5, 10, 20, 50, 100, 10**6))
