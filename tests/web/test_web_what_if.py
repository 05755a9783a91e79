"""The what-if and repair pages, signed in as the subject, on SQLite and PostgreSQL.

The store (what_if_store.py) holds one company with a repairable serious fine under a
serious-dishonesty listing, two fines not yet repairable (one unpaid, one within its
minimum period) and an abnormal-operations listing for a missing annual report. The
pages are driven as a browser would: sign in, read the form, post it with its token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest
import web_seed
from what_if_store import COMPANY, PACK, SAMR, TODAY, Store, store

from publiccredit.api.auth import Caller
from publiccredit.api.what_if_data import offers, simulate
from publiccredit.engine.what_if_offers import Scenario
from publiccredit.procedures.calendar import default_calendar
from publiccredit.procedures.deadlines import require_deadline, start_deadline
from publiccredit.web.what_if_render import highlight_text

WHAT_IF = "/portal/me/what-if"
REPAIR = "/portal/me/repair"
CASES = "SELECT COUNT(*) FROM cases"
EVENTS = "SELECT COUNT(*) FROM events"
OWN = Caller("subject", key_id="test", subject_key=COMPANY)
"""The company's own caller, for calling the data functions directly."""


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    with store(request.param, tmp_path_factory.mktemp(f"web-what-if-{request.param}")) as found:
        _sign_in(found)
        yield found


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None, "the form carries a CSRF token"
    return unescape(found.group(1))


def _sign_in(seeded: Store) -> None:
    form = seeded.client.get("/portal/me/sign-in")
    answer = seeded.client.post(
        "/portal/me/sign-in",
        data={"key": seeded.tokens["subject"], "csrf_token": _token(form.text)},
        follow_redirects=False,
    )
    assert answer.status_code in (302, 303), answer.text


def _rows(html: str) -> dict[str, tuple[str, str]]:
    """The form's offered changes: label text → (index, token)."""
    found = {}
    for index, token in re.findall(r'name="scenario-(\d+)" value="([^"]+)"', html):
        label = re.search(rf'<label for="scenario-{index}">([^<]*)</label>', html)
        assert label is not None
        found[unescape(label.group(1))] = (index, unescape(token))
    return found


def _pick(html: str, fragment: str) -> dict[str, str]:
    rows = _rows(html)
    label = next(label for label in rows if fragment in label)
    index, token = rows[label]
    return {"pick": index, f"scenario-{index}": token, f"on-{index}": TODAY.isoformat()}


def test_signed_out_visitors_are_sent_to_sign_in(seeded: Store) -> None:
    fresh = seeded.client.__class__(seeded.client.app)
    for path in (WHAT_IF, REPAIR):
        answer = fresh.get(path, follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/portal/me/sign-in")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_form_offers_only_what_applies_to_the_own_records(seeded: Store, lang: str) -> None:
    page = seeded.client.get(WHAT_IF, params={"lang": lang})
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert 'id="what-if-form"' in page.text
    labels = " ".join(_rows(page.text))
    for source in ("P-OK", "P-WAIT", "P-UNPAID", "SL"):
        assert f"{SAMR}/{source}" in labels
    assert "P-O " not in labels
    assert "REG" not in labels
    assert ("补报" if lang == "zh" else "annual report") in labels
    assert 'id="what-if-result"' not in page.text


@pytest.mark.parametrize(
    ("lang", "level", "leaves", "lifted"),
    [
        ("en", "Level D → C", "Leaves list: Serious illegal and dishonest list", "Measure lifted"),
        ("zh", "信用评价等级 D → C", "移出名单：严重违法失信名单", "措施解除"),
    ],
)
def test_repairing_the_fine_shows_the_change_side_by_side(
    seeded: Store, lang: str, level: str, leaves: str, lifted: str
) -> None:
    form = seeded.client.get(WHAT_IF, params={"lang": lang}).text
    data = {**_pick(form, f"{SAMR}/P-OK ("), "csrf_token": _token(form), "as_of": ""}
    answer = seeded.client.post(WHAT_IF, params={"lang": lang}, data=data)
    assert answer.status_code == 200, answer.text
    html = unescape(answer.text)
    result = html[html.index('id="what-if-result"') :]
    assert level in result
    assert leaves in result
    assert lifted in result
    table = result[result.index('id="what-if-side-by-side"') :]
    assert re.search(r'<tr class="changed" data-aspect="level"><th>[^<]+</th><td><div>D</div>'
                     r"</td><td><mark><div>C</div></mark>", web_seed.cells(table))  # fmt: skip
    assert 'class="same" data-aspect="reasons"' not in table  # the reasons change too
    assert seeded.count(CASES) == 0, "a simulation stores nothing"


def test_filing_the_annual_report_leaves_the_abnormal_list(seeded: Store) -> None:
    form = seeded.client.get(WHAT_IF, params={"lang": "en"}).text
    data = {**_pick(form, "annual report"), "csrf_token": _token(form)}
    html = unescape(seeded.client.post(WHAT_IF, params={"lang": "en"}, data=data).text)
    assert "Leaves list: Abnormal operations list" in html
    assert f"Record {SAMR}/AB: published → ended" in html


def test_the_page_words_every_highlight_of_the_data_function(seeded: Store) -> None:
    """The page shows exactly the data function's differences, in the visitor's words."""
    state = seeded.client.app.state.api
    sim = simulate(state, OWN, COMPANY, [Scenario("repair", TODAY, (SAMR, "P-OK"))], TODAY, "t")
    form = seeded.client.get(WHAT_IF, params={"lang": "en"}).text
    data = {**_pick(form, f"{SAMR}/P-OK ("), "csrf_token": _token(form), "as_of": str(TODAY)}
    html = seeded.client.post(WHAT_IF, params={"lang": "en"}, data=data).text
    shown = re.findall(r'<li class="highlight" data-kind="[a-z_]+">([^<]*)</li>', html)
    assert shown == [highlight_text(item, PACK, "en") for item in sim.highlights]
    assert len(sim.highlights) > 3


def test_a_post_without_the_token_is_refused(seeded: Store) -> None:
    form = seeded.client.get(WHAT_IF).text
    answer = seeded.client.post(WHAT_IF, data=_pick(form, f"{SAMR}/P-OK ("))
    assert answer.status_code == 403
    assert 'id="what-if-result"' not in answer.text


def test_a_change_nobody_offered_is_refused_with_field_and_reason(seeded: Store) -> None:
    form = seeded.client.get(WHAT_IF, params={"lang": "en"}).text
    data = {"pick": "0", "scenario-0": '["repair", ["samr-440300", "P-O"], null]',
            "on-0": TODAY.isoformat(), "csrf_token": _token(form)}  # fmt: skip
    answer = seeded.client.post(WHAT_IF, params={"lang": "en"}, data=data)
    assert answer.status_code == 422
    html = unescape(answer.text)
    assert 'id="what-if-refused"' in html
    assert "changes[0].record" in html
    assert "P-O" in html
    bad_date = {**_pick(form, "annual report"), "csrf_token": _token(form)}
    bad_date = {k: ("31-12-2026" if k.startswith("on-") else v) for k, v in bad_date.items()}
    html = unescape(seeded.client.post(WHAT_IF, params={"lang": "en"}, data=bad_date).text)
    assert "YYYY-MM-DD" in html
    assert "31-12-2026" in html


def _repair_page(seeded: Store, lang: str = "en") -> str:
    page = seeded.client.get(REPAIR, params={"lang": lang})
    assert page.status_code == 200
    return page.text


def _not_yet_row(html: str, source: str) -> str:
    found = re.search(rf'<tr data-record="{SAMR}/{source}">(.*?)</tr>', html, re.S)
    assert found is not None, f"{source} is listed as not eligible yet"
    return unescape(found.group(1))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ineligible_records_show_the_reason_and_the_date(seeded: Store, lang: str) -> None:
    html = _repair_page(seeded, lang)
    form = html[html.index('id="repair-form"') : html.index("</form>")]
    assert f"{SAMR}/P-OK" in form
    assert "P-WAIT" not in form
    assert "P-UNPAID" not in form
    state = seeded.client.app.state.api
    eligible = {s.record: s.on for s in offers(state, OWN, COMPANY, "t") if s.kind == "repair"}
    waiting = _not_yet_row(html, "P-WAIT")
    assert eligible[(SAMR, "P-WAIT")].isoformat() in waiting
    assert ("最短公示期尚未届满" if lang == "zh" else "minimum publication period") in waiting
    unpaid = _not_yet_row(html, "P-UNPAID")
    assert ("尚未履行" if lang == "zh" else "not performed yet") in unpaid
    assert ("条件满足后" if lang == "zh" else "known once the conditions are met") in unpaid


def _apply_data(html: str, source: str, **more: str) -> dict[str, Any]:
    token = re.search(rf'name="record" value="([^"]*{source}[^"]*)"', html)
    value = unescape(token.group(1)) if token else f'["{SAMR}", "{source}"]'
    data = {
        "record": value,
        "proof": "receipt-2026-001.pdf\nbank-transfer.pdf",
        "commitment": "We commit to comply with the law.",
        "csrf_token": _token(html),
    }
    data.update(more)
    return data


def test_refusals_store_nothing(seeded: Store) -> None:
    html = _repair_page(seeded)
    cases, events = seeded.count(CASES), seeded.count(EVENTS)
    no_token = {k: v for k, v in _apply_data(html, "P-OK").items() if k != "csrf_token"}
    assert seeded.client.post(REPAIR, data=no_token).status_code == 403
    early = seeded.client.post(REPAIR, params={"lang": "en"}, data=_apply_data(html, "P-WAIT"))
    assert early.status_code == 409
    refused = unescape(early.text)
    assert 'id="repair-refused"' in refused
    assert "may be repaired from" in refused
    no_commitment = _apply_data(html, "P-OK", commitment=" ")
    bare = seeded.client.post(REPAIR, params={"lang": "en"}, data=no_commitment)
    assert bare.status_code == 422
    assert "commitment" in unescape(bare.text)
    assert (seeded.count(CASES), seeded.count(EVENTS)) == (cases, events)


def test_an_application_opens_a_case_with_the_packs_deadline_once(seeded: Store) -> None:
    html = _repair_page(seeded)
    answer = seeded.client.post(REPAIR, params={"lang": "en"}, data=_apply_data(html, "P-OK"))
    assert answer.status_code == 200, answer.text
    shown = unescape(answer.text)
    result = shown[shown.index('id="repair-result"') :]
    case_id = re.search(r'data-case="([^"]+)"', shown)
    assert case_id is not None
    rule = require_deadline(PACK, "repair", "forward", on=TODAY)
    due = start_deadline(rule, TODAY, default_calendar(), party="portal").due_on
    assert due.isoformat() in result
    assert "applied" in result
    assert f"{SAMR}/P-OK" in result
    assert seeded.count(CASES) == 1
    listed = seeded.client.get("/v1/cases", headers=seeded.auth("subject")).json()["items"]
    assert [case["id"] for case in listed] == [case_id.group(1)]
    again_page = _repair_page(seeded)
    assert 'id="repair-open-cases"' in again_page
    assert "already applied for in case" in unescape(_not_yet_row(again_page, "P-OK"))
    events = seeded.count(EVENTS)
    assert 'id="repair-form"' not in again_page, "nothing is left to apply for today"
    token = _token(seeded.client.get(WHAT_IF).text)  # any form's token of this session
    replay = _apply_data(seeded.client.get(WHAT_IF).text, "P-OK", csrf_token=token)
    again = seeded.client.post(REPAIR, params={"lang": "en"}, data=replay)
    assert again.status_code == 409
    assert "already in repair case" in unescape(again.text)
    assert (seeded.count(CASES), seeded.count(EVENTS)) == (1, events)
