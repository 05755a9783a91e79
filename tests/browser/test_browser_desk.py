"""An agency clerk signs in, uploads a record file with a bad row and reads the row-by-row report,
then uploads it corrected, in both languages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from browser_site import Tab

AGENCY = "samr-440300"
"""The agency of the seed's agency key (tests/api/conftest.py ``AGENCY``)."""
WORDS = {
    "zh": {"desk": "机关工作台", "refused": "文件未入库", "stored": "已入库 1 条记录"},
    "en": {
        "desk": "Agency desk",
        "refused": "The file was not stored",
        "stored": "Stored 1 records",
    },
}


def _row(agency: str, subject: str, source: str, decided_on: str) -> dict[str, Any]:
    return {"agency": agency, "source_record_id": source, "record_type": "admin_penalty",
            "subject_kind": "entity", "subject_id": subject, "decided_on": decided_on,
            "severity": "general", "facts": "未按规定公示", "extra": {"penalty_kinds": ["warning"],
            "procedure": "simplified"}}  # fmt: skip


def _submit(tab: Tab) -> Any:
    with tab.page.expect_navigation() as navigation:
        tab.page.locator("#desk-upload button[type=submit]").click()
    return navigation.value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sign_in_upload_a_bad_file_then_a_good_one(tab: Tab, tmp_path: Path, lang: str) -> None:
    seeded, say = tab.site.seeded, WORDS[lang]
    tab.go(f"/portal/me/sign-in?lang={lang}")
    tab.page.locator("#key").fill(seeded.tokens["agency"])
    tab.follow("form.sign-in button[type=submit]")
    assert tab.page.url.split("?")[0].endswith("/portal/me/desk")
    assert say["desk"] in tab.page.locator("main h1").inner_text()
    tab.shot("1-desk")
    tab.follow("a[href^='/portal/me/desk/upload']")
    agency = AGENCY
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(_row(agency, seeded.entity, f"BR-{lang}", "2026-02-30")),
                   encoding="utf-8")  # fmt: skip
    tab.page.locator("#records").set_input_files(str(bad))
    answer = _submit(tab)
    assert answer is not None
    assert answer.status == 422
    assert say["refused"] in tab.page.locator("main").inner_text()
    problems = tab.page.locator("#desk-upload-problems").inner_text()
    assert "decided_on" in problems
    assert "2026-02-30" in problems
    tab.shot("2-refused")
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(_row(agency, seeded.entity, f"BR-{lang}", "2026-02-27")),
                    encoding="utf-8")  # fmt: skip
    tab.page.locator("#records").set_input_files(str(good))
    answer = _submit(tab)
    assert answer is not None
    assert answer.ok
    assert say["stored"] in tab.page.locator("#desk-upload-done").inner_text()
    tab.shot("3-stored")
