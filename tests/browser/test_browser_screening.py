"""Batch screening in a real browser: choose a CSV file, submit, read the results table,
download the CSV export (the upload is a multipart form with its CSRF token)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import urlsplit

from browser_site import Tab


def test_upload_a_supplier_list_and_export_the_results(tab: Tab, tmp_path: Path) -> None:
    site = tab.site
    listing = tmp_path / "suppliers.csv"
    listing.write_text(
        f"名称,统一社会信用代码\n{site.entity_name},\n乌鲁木齐市龘靐齉齾科技有限公司,\n",
        encoding="utf-8",
    )
    tab.go("/portal/?lang=en")
    tab.follow(tab.page.locator("header nav a", has_text="Screening"))
    assert urlsplit(tab.page.url).path == "/portal/screen"
    tab.page.set_input_files('form.screen input[type="file"]', str(listing))
    tab.shot("1-chosen")
    tab.follow("form.screen button[type=submit]")
    main = tab.page.locator("main")
    assert "2 rows, 1 matched" in main.inner_text()
    first = tab.page.locator("main table tbody tr").first
    assert first.locator(f'a[href^="/portal/subjects/{site.seeded.entity}?"]').count() == 1
    assert "match" in first.inner_text()
    tab.shot("2-results")
    with tab.page.expect_download() as downloading:
        tab.page.locator("section.results form button[type=submit]").click()
    download = downloading.value
    assert download.suggested_filename == "screening-results.csv"
    saved = tmp_path / "results.csv"
    download.save_as(str(saved))
    lines = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert [line["match"] for line in lines] == ["yes", "no"]
    assert lines[0]["subject_key"] == site.seeded.entity
