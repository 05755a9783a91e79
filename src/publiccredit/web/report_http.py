"""Small request helpers shared by the report and proof-check pages.

They mirror ``app._html`` (which cannot be imported here: ``app`` imports the
page modules), so these pages look and switch language like every other.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse

from publiccredit.api.state import ApiState
from publiccredit.web.html import Markup
from publiccredit.web.i18n import language
from publiccredit.web.layout import page


def lang_of(request: Request) -> str:
    """The language ``?lang=`` asks for (Chinese by default)."""
    return language(request.query_params.get("lang"))


def state_of(request: Request) -> ApiState:
    """The API state the portal shares."""
    state: ApiState = request.app.state.api
    return state


def respond(request: Request, title: str, body: Markup, status: int = 200) -> HTMLResponse:
    """A complete portal page around ``body``."""
    params = dict(request.query_params)
    shown = page(lang_of(request), title, body, request.url.path, params)
    return HTMLResponse(shown, status_code=status)
