"""Signing in with a subject key, and signing out.

The key travels only in the POST body of the sign-in form; the answer is a
redirect that sets the session cookie (``session.start_session``), so the key
is in no address, no page and no log. The form never echoes it back, even
after a failed attempt. Sign-in attempts count against the anonymous rate
limit, like any other anonymous request.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from publiccredit.web.account_common import (
    DESK,
    ME,
    error_list,
    form_text,
    post_button,
    posted,
    redirect,
    respond,
)
from publiccredit.web.account_words import say
from publiccredit.web.csrf import csrf_field
from publiccredit.web.data import public_caller
from publiccredit.web.html import Markup, join, render, url
from publiccredit.web.responses import lang_of, state_of
from publiccredit.web.session import (
    SIGN_IN_PATH,
    end_session,
    key_for_token,
    sign_in_url,
    start_session,
)

MAX_TOKEN = 200


def _next(request: Request) -> str:
    wanted = request.query_params.get("next", "")
    return wanted if wanted.startswith(ME) and wanted != SIGN_IN_PATH else ME


def _form(request: Request, lang: str, message: str = "") -> Markup:
    words = say(lang)
    problem = error_list(lang, [(words["key"], None, message)]) if message else Markup("")
    return join([
        problem,
        render("<p>$t</p>", t=words["sign_in_intro"]),
        render(
            '<form method="post" action="$action" class="sign-in">$csrf'
            '<p><label for="key">$label</label><br>'
            '<input id="key" name="key" type="password" autocomplete="off" spellcheck="false"'
            ' maxlength="200" size="30" required></p>'
            '<p><button type="submit">$button</button></p></form>',
            action=sign_in_url(lang, _next(request)),
            csrf=csrf_field(request),
            label=words["key"],
            button=words["sign_in_button"],
        ),
    ])  # fmt: skip


def sign_in_page(request: Request) -> Response:
    """The sign-in form."""
    public_caller(state_of(request), request)
    lang = lang_of(request)
    return respond(request, say(lang)["sign_in"], _form(request, lang))


def _sign_in(request: Request, form: Any) -> Response:
    """Check the key from the form; a subject key opens its own area, an agency key the
    clerk's desk; any other key is refused."""
    state, lang = state_of(request), lang_of(request)
    public_caller(state, request)
    token = form_text(form, "key", MAX_TOKEN)
    words = say(lang)
    if not token:
        return respond(request, words["sign_in"], _form(request, lang, words["empty_key"]), 422)
    key = key_for_token(state, token)
    if key is None:
        return respond(request, words["sign_in"], _form(request, lang, words["bad_key"]), 401)
    if key.role == "agency" and key.agency:
        response = redirect(DESK, lang)
        start_session(request, response, key)
        return response
    if key.role != "subject" or not key.subject_key:
        refused = render(words["not_subject"], role=key.role)
        return respond(request, words["sign_in"], _form(request, lang, refused), 403)
    response = redirect(_next(request), lang)
    start_session(request, response, key)
    return response


def _sign_out(request: Request, _form: Any) -> Response:
    """End the session (the cookie is cleared) and go home."""
    response = redirect("/portal/", lang_of(request))
    end_session(request, response)
    return response


def sign_out_form(request: Request, lang: str) -> Markup:
    """The sign-out button (a POST form with its CSRF token)."""
    return post_button(request, url(f"{ME}/sign-out", lang), say(lang)["sign_out"])


ROUTES: list[BaseRoute] = [
    Route("/me/sign-in", sign_in_page, methods=["GET"]),
    Route("/me/sign-in", posted(_sign_in), methods=["POST"]),
    Route("/me/sign-out", posted(_sign_out), methods=["POST"]),
]
