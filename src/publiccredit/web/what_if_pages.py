"""Subject self-service: the what-if simulator and the repair application (``/portal/me/…``).

Both pages are the signed-in subject's own (``session.require_subject``); every
POST carries a CSRF token (``csrf.check_csrf``) checked before anything else is
read. The data come from the same functions as the API: ``what_if_data.simulate``
(``POST /v1/subjects/{key}/what-if``) and, for repair, the engine's eligibility
and ``routers.cases.open_repair`` (``POST /v1/cases/repairs``) via ``repair_data``.
A refusal re-shows the form with the reason; nothing is stored.
"""

from __future__ import annotations

import json
from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from publiccredit.api.auth import Caller
from publiccredit.api.what_if_data import offers, simulate
from publiccredit.domain.facts import RecordKey
from publiccredit.engine.what_if_offers import MAX_SCENARIOS, Scenario, from_token
from publiccredit.errors import InvalidInput, NotFound, Problem, ProcedureError, PublicCreditError
from publiccredit.web import repair_data, repair_render, what_if_render
from publiccredit.web.csrf import check_csrf, csrf_field
from publiccredit.web.forms import FormFields, read_form
from publiccredit.web.html import Markup, join, link, render
from publiccredit.web.layout import PREFIX
from publiccredit.web.responses import lang_of, state_of
from publiccredit.web.session import require_subject
from publiccredit.web.what_if_common import refusal, respond
from publiccredit.web.what_if_words import say

MAX_PROOF_CHARS = 4000
STATUS = {InvalidInput: 422, NotFound: 404, ProcedureError: 409}


def _status(error: PublicCreditError) -> int:
    return next((code for kind, code in STATUS.items() if isinstance(error, kind)), 403)


def _invalid(field: str, value: object, reason: str) -> InvalidInput:
    return InvalidInput("the form is not valid", (Problem(reason, field, str(value)[:80]),))


def _date(text: object, field: str) -> date:
    try:
        return date.fromisoformat(str(text))
    except ValueError as error:
        raise _invalid(field, text, "a date as YYYY-MM-DD") from error


def _subject(request: Request) -> tuple[Caller, str]:
    who = require_subject(request)
    return who, str(who.subject_key)


def _offers(request: Request, who: Caller, key: str) -> list[Scenario]:
    try:
        return offers(state_of(request), who, key, f"{request.method} {request.url.path}")
    except NotFound:
        return []


def _what_if_page(request: Request, top: Markup, found: list[Scenario],
                  chosen: dict[str, date] | None = None, as_of: str = "",
                  status: int = 200) -> Response:  # fmt: skip
    lang = lang_of(request)
    words = say(lang)
    body = join([
        render("<p>$t</p>", t=words["what_if_intro"]),
        top,
        what_if_render.form(csrf_field(request), state_of(request).pack, lang, found, chosen,
                            as_of),
        render("<p>$l</p>", l=link(f"{PREFIX}/me/repair", words["to_repair"], lang)),
    ])  # fmt: skip
    return respond(request, words["what_if"], body, status)


def what_if_form(request: Request) -> Response:
    """The form: the changes that apply to the subject's own records, each with a date."""
    who, key = _subject(request)
    return _what_if_page(request, Markup(""), _offers(request, who, key))


def _scenarios(form: FormFields, lang: str) -> tuple[list[Scenario], date | None]:
    picks = form.getlist("pick")
    if not picks:
        raise _invalid("pick", "", say(lang)["choose_one"])
    if len(picks) > MAX_SCENARIOS:
        raise _invalid("pick", len(picks), f"at most {MAX_SCENARIOS} changes at once")
    scenarios = []
    for pick in picks:
        if not (str(pick).isascii() and str(pick).isdigit()) or len(str(pick)) > 3:
            raise _invalid("pick", pick, "not a change this form offered")
        on = _date(form.get(f"on-{pick}", ""), f"on-{pick}")
        scenarios.append(from_token(str(form.get(f"scenario-{pick}", "")), on, f"scenario-{pick}"))
    as_of_text = str(form.get("as_of", "")).strip()
    return scenarios, _date(as_of_text, "as_of") if as_of_text else None


def _simulate(request: Request, form: FormFields) -> Response:
    who, key = _subject(request)
    check_csrf(request, form)
    lang = lang_of(request)
    as_of_text = str(form.get("as_of", ""))[:10]
    try:
        scenarios, as_of = _scenarios(form, lang)
        sim = simulate(state_of(request), who, key, scenarios, as_of, f"POST {request.url.path}")
    except PublicCreditError as error:
        shown = refusal(lang, error, "what-if-refused", "refused")
        return _what_if_page(request, shown, _offers(request, who, key), None, as_of_text,
                             _status(error))  # fmt: skip
    chosen = {scenario.token(): scenario.on for scenario in sim.scenarios}
    top = what_if_render.result(sim, state_of(request).pack, lang)
    return _what_if_page(request, top, list(sim.offered), chosen, as_of_text)


async def what_if_post(request: Request) -> Response:
    """Simulate the chosen changes; the side-by-side result above the form (kept filled in)."""
    form = await read_form(request)
    return await run_in_threadpool(_simulate, request, form)


def _repair_page(request: Request, top: Markup, proof: str = "", commitment: str = "",
                 status: int = 200, shown: str = "") -> Response:  # fmt: skip
    lang = lang_of(request)
    who, key = _subject(request)
    state = state_of(request)
    found = repair_data.overview(state, who, key, f"{request.method} {request.url.path}")
    body = repair_render.page_body(csrf_field(request), state.pack, lang, found, top, proof,
                                   commitment, shown)  # fmt: skip
    return respond(request, say(lang)["repair_title"], body, status)


def repair_form(request: Request) -> Response:
    """Eligible records (the form), the others with why and from when, open applications."""
    try:
        return _repair_page(request, Markup(""))
    except NotFound:
        words = say(lang_of(request))
        shown = render('<p id="repair-no-candidates">$t</p>', t=words["no_candidates"])
        return respond(request, words["repair_title"], shown)


def _keys(form: FormFields) -> list[RecordKey]:
    keys = []
    for value in form.getlist("record"):
        try:
            agency, source = json.loads(str(value))
        except (ValueError, TypeError) as error:
            raise _invalid("record", value, "not a record this form offered") from error
        keys.append((str(agency), str(source)))
    return keys


def _apply(request: Request, form: FormFields) -> Response:
    who, _key = _subject(request)
    check_csrf(request, form)
    proof_text, commitment = str(form.get("proof", "")), str(form.get("commitment", ""))
    try:
        if len(proof_text) > MAX_PROOF_CHARS:
            raise _invalid("proof", proof_text, f"at most {MAX_PROOF_CHARS} characters")
        proof = [line.strip() for line in proof_text.splitlines() if line.strip()]
        case = repair_data.apply(state_of(request), who, _keys(form), proof, commitment)
    except PublicCreditError as error:
        shown = refusal(lang_of(request), error, "repair-refused", "refused_apply")
        return _repair_page(request, shown, proof_text[:MAX_PROOF_CHARS], commitment[:2000],
                            _status(error))  # fmt: skip
    shown = repair_render.case_view(case, lang_of(request))
    return _repair_page(request, shown, shown=str(case.get("id", "")))


async def repair_post(request: Request) -> Response:
    """File the application through ``POST /v1/cases/repairs``'s function; show the case."""
    form = await read_form(request)
    return await run_in_threadpool(_apply, request, form)


ROUTES: list[BaseRoute] = [
    Route("/me/what-if", what_if_form, methods=["GET"]),
    Route("/me/what-if", what_if_post, methods=["POST"]),
    Route("/me/repair", repair_form, methods=["GET"]),
    Route("/me/repair", repair_post, methods=["POST"]),
]
"""The portal routes of this module (``create_portal`` mounts them)."""
