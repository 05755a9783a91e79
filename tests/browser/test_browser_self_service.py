"""A subject's self-service in a real browser, end to end, as one person does it.

Sign in with the subject key → own record → what-if simulator (repair the
penalty) → repair application → the public report → PDF download. The
subject has a general penalty, fine paid, past its minimum publication period
(``browser_site.add_repairable_penalty``), so the repair is offered and allowed.
Each step is a separate stretch of the test, with a screenshot, so a failure
names the step that broke.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from browser_site import Tab


def _path(tab: Tab) -> str:
    return urlsplit(tab.page.url).path


def _sign_in(tab: Tab) -> None:
    site = tab.site
    tab.go("/portal/me")  # signed out: sent to the sign-in page, coming back afterwards
    assert _path(tab) == "/portal/me/sign-in", "signed out, /portal/me must ask to sign in"
    tab.shot("1-sign-in")
    tab.page.locator("#key").fill(site.own_token)
    tab.follow("form.sign-in button[type=submit]")
    assert _path(tab) == "/portal/me"
    assert site.own_key in tab.page.locator("main").inner_text()  # signed in as the subject
    assert site.own_token not in tab.page.url
    assert site.own_token not in tab.page.content()  # the key is never echoed
    tab.shot("2-me")


def _what_if(tab: Tab) -> None:
    site = tab.site
    tab.go("/portal/me/what-if")
    form = tab.page.locator("#what-if-form")
    assert form.count() == 1, "the what-if page must offer changes for a penalty"
    label = tab.page.locator("#what-if-form label", has_text=f"/{site.penalty_id}").filter(
        has_text="修复"
    )
    assert label.count() == 1, "repairing the penalty must be offered"
    box = tab.page.locator(f"#{label.get_attribute('for')}")
    box.check()
    tab.shot("3-what-if-form")
    tab.follow("#what-if-submit")
    result = tab.page.locator("#what-if-result")
    result.wait_for(state="visible")
    assert site.penalty_id in tab.page.locator("#what-if-changes").inner_text()
    records = tab.page.locator('#what-if-side-by-side tr[data-aspect="records"]')
    assert records.get_attribute("class") == "changed"  # published → repaired
    assert "已修复" in records.inner_text()
    tab.shot("4-what-if-result")


def _repair(tab: Tab) -> None:
    site = tab.site
    tab.go("/portal/me/repair")
    form = tab.page.locator("#repair-form")
    assert form.count() == 1, "the penalty is eligible: the repair form must be shown"
    box = tab.page.locator(f'#repair-form input[name="record"][value*="{site.penalty_id}"]')
    assert box.count() == 1
    box.check()
    tab.page.locator("#repair-proof").fill("罚款缴纳凭证 2026-001")
    tab.page.locator("#repair-commitment").fill("本单位承诺依法诚信经营，所提交材料真实有效。")
    tab.shot("5-repair-form")
    tab.follow("#repair-submit")
    assert tab.page.locator("#repair-refused").count() == 0, tab.page.locator("main").inner_text()
    result = tab.page.locator("#repair-result")
    result.wait_for(state="visible")
    assert result.get_attribute("data-case")
    assert site.penalty_id in result.inner_text()
    tab.shot("6-repair-result")


def _report(tab: Tab) -> None:
    site = tab.site
    tab.go(f"/portal/subjects/{site.own_key}/report")
    assert site.own_key in tab.page.locator("main").inner_text()
    tab.shot("7-report")
    with tab.page.expect_download() as downloading:
        tab.page.locator("#report-pdf").click()
    download = downloading.value
    assert download.failure() is None
    saved = Path(download.path())
    assert saved.read_bytes()[:5] == b"%PDF-"
    assert download.suggested_filename.endswith(".pdf")


def test_sign_in_what_if_repair_then_download_the_report(tab: Tab) -> None:
    _sign_in(tab)
    _what_if(tab)
    _repair(tab)
    _report(tab)


def test_a_wrong_key_does_not_sign_in(tab: Tab) -> None:
    tab.page.goto(tab.site.url("/portal/me/sign-in?lang=en"))
    tab.page.locator("#key").fill("pc_not_a_real_key")
    with tab.page.expect_navigation() as refused:
        tab.page.locator("form.sign-in button[type=submit]").click()
    assert refused.value.status == 401
    assert _path(tab) == "/portal/me/sign-in"
    assert "pc_not_a_real_key" not in tab.page.content()
    tab.go("/portal/me?lang=en")
    assert _path(tab) == "/portal/me/sign-in"  # still signed out
    tab.shot("refused")
