"""The PDF report's embedded Chinese font, its report number, QR code and check page.

Read as a stranger's PDF viewer would: the font must be embedded (a subset of a
TrueType CJK font, so no viewer needs an Asian font pack), the page rendered by
PDFium must show the Chinese name with no replacement character, and the QR
code decoded from the rendered pixels must open the check page, which must say
the report matches — and must say it no longer does once the public record
changes. On SQLite and PostgreSQL (the report tests' store).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import pypdfium2
import pytest
import sqlalchemy as sa
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from test_web_report import COMPANY, NAME, TODAY, Store, _fine, _submit, store

from publiccredit.store.db import make_engine
from publiccredit.store.personal import load_personal_keys
from publiccredit.web import pdf_font
from publiccredit.web.report_number import number_date, report_number

__all__ = ["store"]  # the report tests' module-scoped store, seeded again for this module


def _needs_font() -> None:
    if not pdf_font.cjk_font().path:
        pytest.skip(
            "no embeddable CJK font: `make test` installs Debian's fonts-wqy-microhei "
            "(or set PUBLICCREDIT_CJK_FONT to a TrueType CJK font)"
        )


def _pdf(store: Store, lang: str = "zh") -> bytes:
    response = store.client.get(f"/portal/subjects/{COMPANY}/report.pdf", params={"lang": lang})
    assert response.status_code == 200
    return response.content


def _fonts(pdf: bytes) -> dict[str, Any]:
    """Every font the pages use, by base name."""
    found: dict[str, Any] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            found[str(font["/BaseFont"])] = font
    return found


def _descriptor(font: Any) -> Any:
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    return font.get("/FontDescriptor", {})


def test_the_pdf_embeds_a_subset_of_a_truetype_cjk_font(store: Store) -> None:
    _needs_font()
    fonts = _fonts(_pdf(store))
    assert not any("STSong" in name for name in fonts), fonts.keys()
    embedded = [name for name, font in fonts.items() if "/FontFile2" in _descriptor(font)]
    assert embedded, f"no embedded TrueType font among {list(fonts)}"
    assert all("+" in name for name in embedded), embedded  # subset tags: ABCDEF+Name


def _page_image(pdf: bytes) -> Any:
    document = pypdfium2.PdfDocument(pdf)
    return document, document[0]


def test_pdfium_shows_the_chinese_name_and_the_qr_code_opens_the_check_page(store: Store) -> None:
    _needs_font()
    pdf = _pdf(store)
    document, page = _page_image(pdf)
    text = page.get_textpage().get_text_range()
    assert NAME in text
    assert "\ufffd" not in text
    image = page.render(scale=3).to_pil()
    document.close()
    codes = zxingcpp.read_barcodes(image)
    assert len(codes) == 1, codes
    url = urlsplit(codes[0].text)
    assert url.path == f"/portal/subjects/{COMPANY}/report/check"
    verdict = store.client.get(f"{url.path}?{url.query}")
    assert verdict.status_code == 200
    assert 'id="report-check" class="verified"' in verdict.text
    number = dict(part.split("=", 1) for part in url.query.split("&"))["number"]
    assert number in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def _number(store: Store, lang: str) -> str:
    response = store.client.get(f"/portal/subjects/{COMPANY}/report.json", params={"lang": lang})
    return str(response.json()["number"])


def test_the_number_is_the_same_in_both_languages_and_names_the_date(store: Store) -> None:
    number = _number(store, "zh")
    assert number == _number(store, "en")
    assert number_date(number) == TODAY
    assert number_date(number.lower()) == TODAY


def test_a_malformed_number_is_a_422_and_an_altered_one_does_not_match(store: Store) -> None:
    path = f"/portal/subjects/{COMPANY}/report/check"
    for bad in ["", "hello", "PCR-20261399-AAAA-AAAA-AAAA-AAAA", "PCR-2026-AAAA"]:
        response = store.client.get(path, params={"number": bad, "lang": "en"})
        assert response.status_code == 422, bad
        assert "is not a report number" in response.text
    number = _number(store, "en")
    altered = number[:-1] + ("A" if number[-1] != "A" else "B")
    page = store.client.get(path, params={"number": altered, "lang": "en"})
    assert page.status_code == 200
    assert 'class="not-verified"' in page.text
    assert number in page.text  # the current number, linked to the current report
    unknown = store.client.get(
        "/portal/subjects/91440300MA5RPT9X9X/report/check", params={"number": number}
    )
    assert unknown.status_code in (404, 422)


def test_a_new_public_record_changes_the_number_and_the_old_one_stops_matching(
    store: Store,
) -> None:
    before = _number(store, "zh")
    engine = make_engine(store.config.db_url)
    try:
        keys = load_personal_keys(store.config.data_dir)
        with engine.begin() as conn:
            _submit(conn, [_fine("P-NUMBER", 0, "general")], keys)
    finally:
        engine.dispose()
    after = _number(store, "zh")
    assert after != before
    page = store.client.get(
        f"/portal/subjects/{COMPANY}/report/check", params={"number": before, "lang": "zh"}
    )
    assert 'class="not-verified"' in page.text
    assert "不一致" in page.text


class _Row:
    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)


ROW = {"agency": "a", "source_record_id": "r", "record_type": "admin_penalty",
       "state": "published", "published_from": "2026-01-01", "published_until": None,
       "events": (1, 2)}  # fmt: skip


@given(st.sampled_from(sorted(ROW)), st.text(min_size=1, max_size=5))
def test_any_change_to_a_shown_record_changes_the_number(field: str, value: str) -> None:
    def number(row: dict[str, Any]) -> str:
        return report_number("K", "2026-12-04", "v1", None, [], [], [_Row(**row)])  # type: ignore[list-item]

    changed = {**ROW, field: (3,) if field == "events" else value}
    if changed[field] == ROW[field]:
        return
    assert number(changed) != number(ROW)
    assert number_date(number(ROW)) == datetime(2026, 12, 4, tzinfo=UTC).date()


@pytest.fixture
def no_font(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PUBLICCREDIT_CJK_FONT", "/nonexistent/font.ttc")
    pdf_font.cjk_font.cache_clear()
    yield
    monkeypatch.undo()
    pdf_font.cjk_font.cache_clear()


def test_without_a_font_the_report_falls_back_and_says_so(
    no_font: None, caplog: pytest.LogCaptureFixture
) -> None:
    chosen = pdf_font.cjk_font()
    assert chosen == pdf_font.CjkFont(pdf_font.FALLBACK, None)
    assert "no embeddable CJK font" in caplog.text


def test_the_stored_records_table_is_untouched_by_reading_reports(store: Store) -> None:
    engine = make_engine(store.config.db_url)
    try:
        with engine.connect() as conn:
            count = conn.execute(sa.text("SELECT count(*) FROM records")).scalar_one()
        _pdf(store)
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM records")).scalar_one() == count
    finally:
        engine.dispose()
