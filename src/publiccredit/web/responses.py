"""What every portal route needs from its request, and the page response it sends back."""

from __future__ import annotations

from collections.abc import Collection

from starlette.requests import Request
from starlette.responses import HTMLResponse

from publiccredit.api.state import ApiState
from publiccredit.web.html import Markup
from publiccredit.web.i18n import language
from publiccredit.web.layout import page

NO_STORE = {"Cache-Control": "no-store"}
"""For pages holding a subject's own record: no cache, shared or private, keeps them."""


def lang_of(request: Request) -> str:
    """The language ``?lang=`` asks for (Chinese by default)."""
    return language(request.query_params.get("lang"))


def state_of(request: Request) -> ApiState:
    """The ``ApiState`` the portal shares with the API it is mounted in."""
    state: ApiState = request.app.state.api
    return state


def page_response(
    request: Request,
    title: str,
    body: Markup,
    status: int = 200,
    *,
    keep: Collection[str] | None = None,
    private: bool = False,
) -> HTMLResponse:
    """A complete page around ``body``. The language switch keeps the query parameters
    named in ``keep`` (all when ``None``); ``private`` pages are never cached."""
    params = {k: v for k, v in request.query_params.items() if keep is None or k in keep}
    shown = page(lang_of(request), title, body, request.url.path, params)
    return HTMLResponse(shown, status_code=status, headers=NO_STORE if private else None)
