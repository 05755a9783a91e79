"""The subject's consents: list them, grant one (institution, purpose, until), revoke one.

Granting and revoking call the functions behind ``POST /v1/consents`` and
``POST /v1/consents/{id}/revocation``; each is an event in the ledger. The
form asks for the last day the consent is valid (inclusive, Beijing time):
the consent runs until the start of the next day, 00:00 +08:00, since the API
takes ``valid_until`` as an exclusive instant.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from publiccredit.api.auth import Caller
from publiccredit.api.case_schemas import ConsentOut
from publiccredit.errors import InvalidInput, Problem
from publiccredit.web.account_common import (
    ME,
    USER_ERRORS,
    error_list,
    form_text,
    notice,
    post_button,
    posted,
    problems_of,
    redirect,
    respond,
)
from publiccredit.web.account_data import grant_consent, own_consents, revoke_consent
from publiccredit.web.account_words import say
from publiccredit.web.csrf import csrf_field
from publiccredit.web.html import Markup, join, link, render, url
from publiccredit.web.layout import table
from publiccredit.web.responses import lang_of, state_of
from publiccredit.web.session import require_subject

BEIJING = timezone(timedelta(hours=8))
CONSENTS = f"{ME}/consents"
FORM_LABELS = {
    "institution": "institution",
    "purpose": "purpose",
    "valid_until": "valid_until",
    "form": "consents",
}


def _revoke_button(request: Request, lang: str, consent: ConsentOut) -> Markup:
    if consent.revoked_at is not None:
        return Markup("")
    return post_button(request, url(f"{CONSENTS}/{consent.id}/revoke", lang), say(lang)["revoke"])


def _listing(request: Request, lang: str, found: list[ConsentOut]) -> Markup:
    words = say(lang)
    if not found:
        return render("<p>$t</p>", t=words["no_consents"])
    rows: list[list[object]] = [
        [c.institution, c.purpose, c.valid_from, c.valid_until, c.granted_at,
         c.revoked_at or "", words["yes"] if c.live else words["no"],
         _revoke_button(request, lang, c)]
        for c in reversed(found)
    ]  # fmt: skip
    headers = ["institution", "purpose", "valid_from", "until", "granted_at",
               "revoked_at", "live", "revoke"]  # fmt: skip
    return table([words[h] for h in headers], rows)


def _grant_form(request: Request, lang: str, values: dict[str, str]) -> Markup:
    words = say(lang)
    return render(
        '<form method="post" action="$action" class="consent">$csrf'
        '<p><label for="institution">$institution_label</label><br>'
        '<input id="institution" name="institution" value="$institution" maxlength="200"'
        ' size="30" required></p>'
        '<p><label for="purpose">$purpose_label</label><br>'
        '<input id="purpose" name="purpose" value="$purpose" maxlength="500" size="30"'
        " required></p>"
        '<p><label for="valid_until">$until_label</label><br>'
        '<input id="valid_until" name="valid_until" type="date" value="$until" required></p>'
        '<p><button type="submit">$grant</button></p></form>',
        action=url(CONSENTS, lang), csrf=csrf_field(request),
        institution_label=words["institution"], institution=values.get("institution", ""),
        purpose_label=words["purpose"], purpose=values.get("purpose", ""),
        until_label=words["valid_until"], until=values.get("valid_until", ""),
        grant=words["grant"],
    )  # fmt: skip


def _page(
    request: Request, who: Caller, values: dict[str, str], top: Markup, status: int = 200
) -> Response:
    state, lang = state_of(request), lang_of(request)
    words = say(lang)
    done = request.query_params.get("done")
    if done in ("granted", "revoked"):
        top = join([notice(words[done]), top])
    body = join([
        top,
        render("<p>$a</p>", a=link(ME, words["me"], lang)),
        render("<p>$t</p>", t=words["consents_intro"]),
        _listing(request, lang, own_consents(state, who)),
        render("<h2>$h</h2>", h=words["grant_title"]),
        _grant_form(request, lang, values),
    ])  # fmt: skip
    return respond(request, words["consents"], body, status)


def consents_page(request: Request) -> Response:
    """The subject's consents and the form to grant one."""
    return _page(request, require_subject(request), {}, Markup(""))


def valid_until(text: str) -> datetime:
    """The exclusive end instant of a consent valid through the day ``text`` (YYYY-MM-DD)."""
    try:
        last = date.fromisoformat(text)
    except ValueError:
        problem = Problem("must be a date like 2030-12-31", "valid_until", text)
        raise InvalidInput("the date is not valid", (problem,)) from None
    if last >= date.max:
        raise InvalidInput("the date is too late", (Problem("too late", "valid_until", text),))
    return datetime.combine(last + timedelta(days=1), time(0), BEIJING)


def _grant(request: Request, form: Any) -> Response:
    """Grant a consent; on success back to the list, else the form with the problems."""
    who, state, lang = require_subject(request), state_of(request), lang_of(request)
    values = {name: form_text(form, name, 500) for name in FORM_LABELS if name != "form"}
    try:
        body: dict[str, Any] = {
            "institution": values["institution"],
            "purpose": values["purpose"],
            "valid_until": valid_until(values["valid_until"]),
        }
        grant_consent(state, who, body)
    except USER_ERRORS as exc:
        words = say(lang)
        labels = {k: words[v] for k, v in FORM_LABELS.items()}
        return _page(request, who, values, error_list(lang, problems_of(exc, labels)), 422)
    return redirect(CONSENTS, lang, done="granted")


def _revoke(request: Request, _form: Any) -> Response:
    """Revoke one of the subject's consents (anybody else's is "not found")."""
    who, state, lang = require_subject(request), state_of(request), lang_of(request)
    try:
        revoke_consent(state, who, request.path_params["consent_id"])
    except USER_ERRORS as exc:
        words = say(lang)
        labels = {k: words[v] for k, v in FORM_LABELS.items()}
        return _page(request, who, {}, error_list(lang, problems_of(exc, labels)), 409)
    return redirect(CONSENTS, lang, done="revoked")


ROUTES: list[BaseRoute] = [
    Route("/me/consents", consents_page, methods=["GET"]),
    Route("/me/consents", posted(_grant), methods=["POST"]),
    Route("/me/consents/{consent_id}/revoke", posted(_revoke), methods=["POST"]),
]
