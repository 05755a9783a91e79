"""Small request helpers shared by the report and proof-check pages.

They wrap ``responses.page_response`` as every portal page does, so these pages
look and switch language like every other.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse

from publiccredit.web.html import Markup
from publiccredit.web.responses import page_response


def respond(request: Request, title: str, body: Markup, status: int = 200) -> HTMLResponse:
    """A complete portal page around ``body``."""
    return page_response(request, title, body, status)
