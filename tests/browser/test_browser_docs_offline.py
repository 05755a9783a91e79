"""The API explorer renders in a browser that may reach nothing but the platform."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from browser_site import Tab


def test_swagger_ui_renders_with_every_outside_request_blocked(tab: Tab) -> None:
    own = urlsplit(tab.site.url("/")).netloc
    blocked: list[str] = []

    def only_ours(route: Any) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("data", "blob") or url.netloc == own:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    tab.page.route("**/*", only_ours)
    tab.go("/docs")
    title = tab.page.locator(".swagger-ui .info .title")
    title.wait_for()
    assert "publiccredit" in title.inner_text()
    assert tab.page.locator(".opblock").count() > 10  # the operations are listed
    tab.shot("docs")
    assert blocked == []
