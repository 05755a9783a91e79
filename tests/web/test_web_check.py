"""The portal's check page fails closed (issue 12, point 1), on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import web_seed

from publiccredit.identifiers import uscc

seeded = web_seed.seeded


def _check(seeded: Any, code: str, action: str = "public_procurement_bid", **more: str) -> Any:
    return seeded.client.get("/portal/check", params={"code": code, "action": action, **more})


def test_the_form_renders_in_both_languages(seeded: Any) -> None:
    for lang, word in (("zh", "信用核查"), ("en", "Check an entity")):
        page = seeded.client.get("/portal/check", params={"lang": lang})
        assert page.status_code == 200
        assert word in page.text
        assert 'name="action"' in page.text


def test_an_invalid_code_is_refused_with_its_reason(seeded: Any) -> None:
    expected = uscc.calc_check_char(seeded.listed[:17])
    wrong = seeded.listed[:17] + next(c for c in "0123456789" if c != expected)
    page = _check(seeded, wrong, lang="en")
    assert page.status_code == 422
    assert f"should be &#x27;{expected}&#x27;" in page.text
    junk = _check(seeded, "<b>hello</b>", lang="en")
    assert junk.status_code == 422
    assert "<b>hello" not in junk.text
    assert "Not restricted" not in junk.text
    for nasty in ("9144\x00", "9" * 300):  # never reaches the database (PostgreSQL: no NUL)
        assert _check(seeded, nasty, lang="en").status_code == 422


def test_a_valid_code_without_records_is_unknown(seeded: Any) -> None:
    page = _check(seeded, "91350100M000100Y43", lang="en")
    assert page.status_code == 200
    assert "Unknown" in page.text
    assert "Not restricted" not in page.text


def test_the_page_gives_the_api_answer_for_every_form_of_the_code(seeded: Any) -> None:
    api = seeded.client.post(
        "/v1/decisions", json={"subject": seeded.listed, "action": "public_procurement_bid"}
    ).json()
    words = {"allowed": "Not restricted", "restricted": "Restricted", "incentive": "Incentive"}
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in seeded.listed)
    for form in (seeded.listed, seeded.listed.lower(), full_width):
        page = _check(seeded, form, lang="en")
        assert page.status_code == 200
        assert f"<strong>{seeded.listed}</strong>" in page.text
        assert words[api["outcome"]] in page.text
        for measure in api["measures"]:
            assert measure["measure_id"] in page.text
