"""On a 390 px phone screen: no page is wider than the screen, and table cells keep their labels."""

from __future__ import annotations

import pytest
from browser_site import Tab

PHONE = {"width": 390, "height": 844}


def _pages(tab: Tab) -> list[str]:
    seeded = tab.site.seeded
    person = [f"/portal/subjects/{seeded.person}"] if seeded.person else []
    return [
        *person,
        "/portal/",
        "/portal/search?q=公司",
        f"/portal/subjects/{seeded.entity}",
        f"/portal/subjects/{seeded.listed}",
        f"/portal/subjects/{seeded.listed}/report",
        "/portal/lists",
        "/portal/statistics",
        "/portal/policy",
        "/portal/transparency",
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_page_is_wider_than_a_phone(tab: Tab, lang: str) -> None:
    tab.page.set_viewport_size(PHONE)
    for path in _pages(tab):
        tab.go(f"{path}{'&' if '?' in path else '?'}lang={lang}")
        width = tab.page.evaluate("document.documentElement.scrollWidth")
        wide = tab.page.evaluate(
            "Array.from(document.querySelectorAll('body *'))"
            ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
            ".slice(0, 3).map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 40))"
        )
        assert width <= PHONE["width"], f"{path} ({lang}) is {width} px wide: {wide}"
    tab.shot(f"phone-{lang}")


@pytest.mark.parametrize(("lang", "heading"), [("zh", "列入日期"), ("en", "Since")])
def test_a_table_on_a_phone_shows_each_cells_label(tab: Tab, lang: str, heading: str) -> None:
    tab.page.set_viewport_size(PHONE)
    tab.go(f"/portal/subjects/{tab.site.seeded.listed}?lang={lang}")
    cell = tab.page.locator(f'main td[data-label="{heading}"]').first
    assert cell.is_visible()
    before = tab.page.evaluate(
        "cell => getComputedStyle(cell, '::before').content", cell.element_handle()
    )
    assert heading in before
    assert tab.page.locator("main thead").first.is_hidden()  # the heading row gives way to labels
