"""The watch list page in a real browser: sign in, a bad code refused with its reason, a
company watched, an agency's new record shown as an alert with its legal basis, stop watching.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from browser_site import Tab, beijing_today, subject_token

from monitoring_data import penalty, uscc

PARTNER = uscc(5001)  # a company the store does not know yet: its first record is an alert
BAD = "91440300XXXXXXXXX1"


def test_watch_a_partner_and_see_its_alert(tab: Tab) -> None:
    site = tab.site
    token = subject_token(site.seeded.config, site.seeded.entity)
    tab.go("/portal/me/watch?lang=en")
    assert urlsplit(tab.page.url).path == "/portal/me/sign-in", "signed out: sign in first"
    tab.page.locator("#key").fill(token)
    tab.follow("form.sign-in button[type=submit]")
    assert urlsplit(tab.page.url).path == "/portal/me/watch"
    assert "You do not watch any company yet." in tab.page.locator("main").inner_text()
    tab.shot("1-empty")

    tab.page.locator("#subjects").fill(f"{PARTNER}\n{BAD}")
    with tab.page.expect_navigation():
        tab.page.locator("form.watch button[type=submit]").click()
    errors = tab.page.locator(".errors").inner_text()
    assert BAD in errors
    assert "check character" in errors
    assert tab.page.locator("#subjects").input_value() == f"{PARTNER}\n{BAD}", "kept to fix"
    tab.shot("2-refused")

    tab.page.locator("#subjects").fill(PARTNER)
    tab.follow("form.watch button[type=submit]")
    assert "1 company(ies) added." in tab.page.locator("main").inner_text()
    tab.shot("3-added")

    row = penalty(PARTNER, "BROWSER-WATCH-1", beijing_today() - timedelta(days=3))
    answer = tab.page.request.post(
        site.url("/v1/records"),
        data=row,
        headers={"Authorization": f"Bearer {site.seeded.tokens['agency']}"},
    )
    assert answer.ok, answer.text()
    tab.go("/portal/me/watch?lang=en")
    alerts = tab.page.locator("main table").first.inner_text()
    assert "Record published" in alerts
    assert "record:samr-440300/BROWSER-WATCH-1" in alerts
    assert PARTNER in alerts
    feed = tab.page.request.get(
        site.url("/v1/changes"), headers={"Authorization": f"Bearer {token}"}
    ).json()
    published = next(c for c in feed["items"] if c["item"].endswith("/BROWSER-WATCH-1"))
    assert published["legal_basis"]
    assert published["legal_basis"] in alerts
    tab.shot("4-alert")

    tab.follow(f'form[action*="/portal/me/watch/{PARTNER}/remove"] button')
    assert "The company is no longer watched." in tab.page.locator("main").inner_text()
    tab.shot("5-removed")
