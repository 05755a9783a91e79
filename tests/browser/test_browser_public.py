"""The public portal in a real browser: search → profile, the language switch, a hostile name.

Everything is done the way a person does it: typing into the search box,
pressing the button, clicking links. Screenshots of each step go to
test-artifacts/browser/.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from browser_site import HOSTILE, Tab


def _query(tab: Tab) -> dict[str, list[str]]:
    return parse_qs(urlsplit(tab.page.url).query)


def _search(tab: Tab, words: str) -> None:
    box = tab.page.locator('form.search input[name="q"]')
    box.fill(words)
    tab.follow("form.search button[type=submit]")


def test_search_by_name_then_open_the_profile(tab: Tab) -> None:
    site = tab.site
    tab.go("/portal/")
    assert tab.html_lang() == "zh-CN"
    tab.shot("1-home")
    _search(tab, site.entity_name[2:8])
    assert urlsplit(tab.page.url).path == "/portal/search"
    assert _query(tab)["q"] == [site.entity_name[2:8]]
    tab.shot("2-results")
    hit = tab.page.locator(f'main table a[href^="/portal/subjects/{site.seeded.entity}?"]')
    assert hit.count() == 1
    assert hit.inner_text() == site.entity_name
    tab.follow(hit)
    assert urlsplit(tab.page.url).path == f"/portal/subjects/{site.seeded.entity}"
    assert tab.page.locator("main h1").inner_text() == site.entity_name
    assert site.seeded.entity in tab.page.locator("main").inner_text()
    tab.shot("3-profile")


def test_search_by_code_finds_the_listed_subject_with_its_badge(tab: Tab) -> None:
    listed = tab.site.seeded.listed
    tab.go("/portal/?lang=en")
    _search(tab, listed.lower())  # codes match case-insensitively
    row = tab.page.locator("main table tbody tr", has_text=listed)
    assert row.count() == 1
    assert "Abnormal operations list" in row.locator(".badge").all_inner_texts()
    tab.shot("results")


def test_language_switch_keeps_the_page(tab: Tab) -> None:
    key = tab.site.seeded.listed
    tab.go(f"/portal/subjects/{key}")
    assert tab.html_lang() == "zh-CN"
    assert "经营异常名录" in tab.page.locator("main").inner_text()
    tab.shot("1-zh")
    tab.follow(tab.page.locator("header .lang a", has_text="English"))
    assert tab.html_lang() == "en"
    assert urlsplit(tab.page.url).path == f"/portal/subjects/{key}"
    assert "Abnormal operations list" in tab.page.locator("main").inner_text()
    assert tab.page.locator("header nav a", has_text="Lists").count() == 1
    tab.shot("2-en")
    tab.follow(tab.page.locator("header .lang a", has_text="中文"))
    assert tab.html_lang() == "zh-CN"
    assert urlsplit(tab.page.url).path == f"/portal/subjects/{key}"
    tab.shot("3-zh-again")


def test_language_switch_keeps_the_search(tab: Tab) -> None:
    tab.go("/portal/?lang=en")
    _search(tab, "市")
    tab.follow(tab.page.locator("header .lang a", has_text="中文"))
    assert tab.html_lang() == "zh-CN"
    assert urlsplit(tab.page.url).path == "/portal/search"
    assert _query(tab)["q"] == ["市"]
    assert tab.page.locator('form.search input[name="lang"]').get_attribute("value") == "zh"
    tab.shot("zh")


def test_a_name_with_markup_is_shown_and_never_runs(tab: Tab) -> None:
    key = tab.site.hostile_key
    tab.go("/portal/")
    _search(tab, "测试有限公司")
    hit = tab.page.locator(f'main table a[href^="/portal/subjects/{key}?"]')
    assert hit.inner_text() == HOSTILE  # the markup is shown as text, exactly
    tab.shot("1-results")
    tab.follow(hit)
    assert tab.page.locator("main h1").inner_text() == HOSTILE
    assert HOSTILE in tab.page.title()
    tab.shot("2-profile")
    for path in (f"/portal/subjects/{key}?lang=en", "/portal/search?q=%3Cscript%3E"):
        tab.go(path)
        tab.page.wait_for_load_state("load")
    assert tab.page.evaluate("typeof window.__pwned") == "undefined"
    assert tab.page.locator("main img, main script").count() == 0
    assert not tab.dialogs
