"""Subject self-service: sign-in with a subject key, own record, cases, objections, consents.

``/portal/me`` is the signed-in subject's full own record; the other pages
live in ``account_signin``, ``account_cases``, ``account_consents`` and
``account_reads``. Every
page here needs a session (``session.require_subject``): signed out, the
visitor is sent to the sign-in page (303) and comes back afterwards.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from publiccredit.domain.assessment import PublicationState
from publiccredit.web import (
    account_cases,
    account_consents,
    account_reads,
    account_signin,
    account_watch,
    desk_pages,
    desk_upload,
)
from publiccredit.web.account_common import DESK, redirect, respond
from publiccredit.web.account_data import own_record
from publiccredit.web.account_record import own_record_page
from publiccredit.web.account_signin import sign_out_form
from publiccredit.web.account_words import say
from publiccredit.web.html import join, render
from publiccredit.web.responses import lang_of, state_of
from publiccredit.web.session import require_subject, signed_in

STATES = frozenset(state.value for state in PublicationState)


def _offset(text: str) -> int:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 7 else 0


def me(request: Request) -> Response:
    """The signed-in subject's full own record (``?state=`` filters, ``?offset=`` pages);
    a signed-in agency clerk goes to the desk."""
    clerk = signed_in(request)
    if clerk is not None and clerk.role == "agency":
        return redirect(DESK, lang_of(request))
    who, state, lang = require_subject(request), state_of(request), lang_of(request)
    chosen = request.query_params.get("state") or None
    chosen = chosen if chosen in STATES else None
    found = own_record(state, who, request, _offset(request.query_params.get("offset", "")), chosen)
    words = say(lang)
    header = join([
        render('<p class="muted">$t</p>', t=render(
            words["signed_in_as"], code=who.subject_key, key_id=who.key_id)),
        sign_out_form(request, lang),
    ])  # fmt: skip
    return respond(request, words["me"], own_record_page(state.pack, lang, found, chosen, header))


ROUTES: list[BaseRoute] = [
    Route("/me", me, methods=["GET"]),
    *account_signin.ROUTES,
    *account_cases.ROUTES,
    *account_consents.ROUTES,
    *account_reads.ROUTES,
    *account_watch.ROUTES,
    *desk_pages.ROUTES,
    *desk_upload.ROUTES,
]
"""The portal routes of this module (``create_portal`` mounts them)."""
