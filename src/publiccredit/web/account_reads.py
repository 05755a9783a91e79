"""Who read my record: the access log entries about the signed-in subject.

Every read of a subject's non-public data — by an auditor, an administrator,
a financial institution under the subject's consent, or the subject itself —
is in the access log (``api.views.view_for``). This page shows the subject the
entries about itself, through the very function behind ``GET /v1/access-log``
(which gives a subject key its own entries only), 50 a page, oldest first.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from publiccredit.api.routers.admin import read_access_log
from publiccredit.api.schemas import AccessLogPage
from publiccredit.web.account_common import ME, respond
from publiccredit.web.catalogues import catalogue
from publiccredit.web.html import Markup, join, render
from publiccredit.web.layout import next_link, table
from publiccredit.web.responses import lang_of, state_of
from publiccredit.web.session import require_subject

READS = f"{ME}/reads"
PAGE = 50
MAX_AFTER = 10**15

WORDS: dict[str, dict[str, str]] = catalogue("account_reads.WORDS")


def _after(text: str) -> int:
    """``?after=`` as the API takes it (anything else: from the start)."""
    if text.isascii() and text.isdigit() and int(text) <= MAX_AFTER:
        return int(text)
    return 0


def reads_body(lang: str, found: AccessLogPage) -> Markup:
    """The entries as a table, with a link to the next page."""
    say = WORDS[lang]
    intro = render("<p>$t</p>", t=say["intro"])
    if not found.items:
        return join([intro, render("<p>$t</p>", t=say["none"])])
    rows: list[list[object]] = [
        [entry.at, entry.role, entry.actor, entry.what, entry.consent_id or ""]
        for entry in found.items
    ]
    headers = [say[key] for key in ("at", "role", "actor", "what", "consent")]
    more = next_link(lang, READS, say["more"], found.next_after is not None,
                     after=found.next_after)  # fmt: skip
    return join([intro, table(headers, rows), more])


def reads_page(request: Request) -> Response:
    """The access log entries about the signed-in subject (``?after=`` pages on)."""
    who, state, lang = require_subject(request), state_of(request), lang_of(request)
    after = _after(request.query_params.get("after", ""))
    found = read_access_log(state, who, after=after, limit=PAGE, subject_key=None)
    return respond(request, WORDS[lang]["title"], reads_body(lang, found))


ROUTES: list[BaseRoute] = [Route("/me/reads", reads_page, methods=["GET"])]
"""The portal routes of this module (``account_pages`` mounts them)."""
