"""The agency clerk's desk: the agency's cases, its missed deadlines, and each step of a case.

An agency key signs in through the portal's sign-in form and lands here
(``/portal/me/desk``). Every step calls the API's own case functions
(``api.routers.cases``) with the clerk's caller, so the desk can do exactly
what the key could do through ``/v1/cases`` — the competence check (only the
case's own agency decides), the allowed steps per kind of case and every
deadline hold the same way — and every step is an event in the ledger. A
step that cannot be taken is shown as problems by field, value and reason.
"""

from __future__ import annotations

from string import Template
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from publiccredit.api.auth import Caller
from publiccredit.api.case_schemas import CaseAction, CaseDecision, ListingOpen
from publiccredit.api.routers import cases
from publiccredit.service import cases as service
from publiccredit.service.case_steps import ACTIONS, OUTCOMES
from publiccredit.web.account_common import (
    DESK,
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
from publiccredit.web.account_signin import sign_out_form
from publiccredit.web.account_words import named
from publiccredit.web.csrf import csrf_field
from publiccredit.web.desk_words import desk_words
from publiccredit.web.html import Markup, join, link, render, url
from publiccredit.web.labels import agency_name, beijing_time, case_state_name
from publiccredit.web.layout import table
from publiccredit.web.pages import list_name
from publiccredit.web.responses import lang_of, state_of
from publiccredit.web.session import require_agency


def _header(request: Request, who: Caller, lang: str) -> Markup:
    say = desk_words(lang)
    line = Template(say["signed_in_as"]).substitute(
        agency=agency_name(who.agency, lang), key_id=who.key_id
    )
    return join([render('<p class="muted">$t</p>', t=line), sign_out_form(request, lang)])


def _cases_table(found: list[dict[str, Any]], lang: str) -> Markup:
    say = desk_words(lang)
    if not found:
        return render("<p>$t</p>", t=say["no_cases"])
    rows: list[list[object]] = [
        [link(f"{DESK}/cases/{case['id']}", case["id"], lang), named(lang, "kind", case["kind"]),
         case["subject"], case_state_name(case["state"], lang),
         beijing_time(case["opened_at"], lang)]
        for case in reversed(found)
    ]  # fmt: skip
    headers = [say["case"], say["case_kind"], say["subject"], say["state"], say["opened_at"]]
    return table(headers, rows)


def _overdue(request: Request, who: Caller, lang: str) -> Markup:
    state, say = state_of(request), desk_words(lang)
    with state.engine.connect() as conn:
        late = service.overdue_cases(conn, state.today()).get(str(who.agency), ())
    if not late:
        return render('<p id="desk-overdue">$t</p>', t=say["no_overdue"])
    rows: list[list[object]] = [
        [link(f"{DESK}/cases/{item.case_id}", item.case_id, lang), item.step,
         item.due_on.isoformat(), item.days_late]
        for item in late
    ]  # fmt: skip
    return render('<div id="desk-overdue">$t</div>', t=table(
        [say["case"], say["step"], say["due_on"], say["days_late"]], rows))  # fmt: skip


def _propose_form(request: Request, lang: str, values: dict[str, str]) -> Markup:
    state, say = state_of(request), desk_words(lang)
    options = join(
        render('<option value="$v"$sel>$n</option>', v=entry.id,
               n=list_name(state.pack, entry.id, lang),
               sel=Markup(" selected") if values.get("list_id") == entry.id else Markup(""))
        for entry in state.pack.lists
    )  # fmt: skip
    fields = join(
        render('<p><label for="$n">$l</label><br><input id="$n" name="$n" value="$v" size="40" '
               'maxlength="2000"$req></p>', n=name, l=say[label], v=values.get(name, ""),
               req=Markup(" required") if name != "refers_to" else Markup(""))
        for name, label in (("subject", "subject"), ("ground", "ground"), ("facts", "facts"),
                            ("legal_basis", "legal_basis"), ("refers_to", "refers_to"))
    )  # fmt: skip
    return render(
        '<form id="desk-propose" method="post" action="$action">$csrf'
        '<p><label for="list_id">$list</label><br><select id="list_id" name="list_id">$options'
        "</select></p>$fields<p><button type=\"submit\">$open</button></p></form>",
        action=url(f"{DESK}/listings", lang), csrf=csrf_field(request), list=say["list"],
        options=options, fields=fields, open=say["open"],
    )  # fmt: skip


def desk(request: Request, problems: Markup | None = None, values: dict[str, str] | None = None,
         status: int = 200) -> Response:  # fmt: skip
    """The agency's cases (newest first), its missed deadlines, the upload and proposal forms."""
    who, state, lang = require_agency(request), state_of(request), lang_of(request)
    say = desk_words(lang)
    found = cases.list_cases(state, who, subject=None, agency=None, kind=None, case_state=None)
    body = join([
        _header(request, who, lang),
        render('<p>$a</p>', a=link(f"{DESK}/upload", say["upload"], lang)),
        render("<h2>$t</h2>", t=say["overdue"]), _overdue(request, who, lang),
        render("<h2>$t</h2>", t=say["open_cases"]), _cases_table(found.items, lang),
        render("<h2>$t</h2>", t=say["propose"]), problems or Markup(""),
        _propose_form(request, lang, values or {}),
    ])  # fmt: skip
    return respond(request, say["desk"], body, status)


def _propose(request: Request, form: Any) -> Response:
    who, state, lang = require_agency(request), state_of(request), lang_of(request)
    values = {name: form_text(form, name, 2000)
              for name in ("list_id", "subject", "ground", "facts", "legal_basis",
                           "refers_to")}  # fmt: skip
    try:
        body = ListingOpen(list_id=values["list_id"], subject=values["subject"].upper(),
                           facts=values["facts"], legal_basis=values["legal_basis"],
                           refers_to=values["refers_to"] or None,
                           extra={"ground": values["ground"]} if values["ground"] else {},
                           )  # fmt: skip
        step = cases.open_listing(body, state, who)
    except USER_ERRORS as error:
        shown = error_list(lang, problems_of(error, desk_words(lang)))
        return desk(request, shown, values, 422)
    return redirect(f"{DESK}/cases/{step.case['id']}", lang, done="1")


def _step_forms(request: Request, case: dict[str, Any], lang: str) -> Markup:
    say, kind = desk_words(lang), case["kind"]
    target = url(f"{DESK}/cases/{case['id']}/act", lang)
    buttons = join(post_button(request, target, a, action=a) for a in ACTIONS.get(kind, ()))
    outcomes = join(render('<option value="$o">$o</option>', o=o) for o in OUTCOMES.get(kind, ()))
    decide = render(
        '<form id="desk-decide" method="post" action="$action">$csrf'
        '<p><label for="outcome">$outcome</label> <select id="outcome" name="outcome">$options'
        '</select></p><p><label for="reasons">$reasons</label><br>'
        '<textarea id="reasons" name="reasons" rows="3" cols="50" maxlength="2000"></textarea></p>'
        '<p><button type="submit">$decide</button></p></form>',
        action=url(f"{DESK}/cases/{case['id']}/decide", lang), csrf=csrf_field(request),
        outcome=say["outcome"], options=outcomes, reasons=say["reasons"], decide=say["decide"],
    )  # fmt: skip
    return join([render("<h2>$t</h2><p>$b</p>", t=say["actions"], b=buttons), decide])


def case_page(request: Request, problems: Markup | None = None, status: int = 200) -> Response:
    """One of the agency's cases: facts, deadlines, history, and the steps it can take."""
    who, state, lang = require_agency(request), state_of(request), lang_of(request)
    say = desk_words(lang)
    case = cases.show_case(state, who, request.path_params["case_id"]).case
    top = Markup("")
    if request.query_params.get("done") == "1":
        top = notice(Template(say["done"]).substitute(
            case=case["id"], state=case_state_name(case["state"], lang)))  # fmt: skip
    facts = table(
        [say["case"], say["case_kind"], say["subject"], say["state"], say["opened_at"]],
        [[case["id"], named(lang, "kind", case["kind"]), case["subject"],
          case_state_name(case["state"], lang), beijing_time(case["opened_at"], lang)]],
    )  # fmt: skip
    deadlines = table(
        [say["step"], say["due_on"]],
        [[d["step"], d["due_on"]] for d in case.get("deadlines") or []],
    )
    history = table(
        [say["step"], say["state"], say["opened_at"]],
        [[s.get("command", ""), case_state_name(s.get("state"), lang),
          beijing_time(s.get("at"), lang)] for s in case.get("steps") or []],
    )  # fmt: skip
    body = join([
        top, problems or Markup(""), facts, deadlines, _step_forms(request, case, lang),
        render("<h2>$t</h2>", t=say["history"]), history,
        render("<p>$a</p>", a=link(DESK, say["back"], lang)),
    ])  # fmt: skip
    return respond(request, f"{say['case']} {case['id']}", body, status)


def _failed(request: Request, error: Exception) -> Response:
    lang = lang_of(request)
    shown = error_list(lang, problems_of(error, desk_words(lang)))
    return case_page(request, shown, 422)


def _act(request: Request, form: Any) -> Response:
    who, state, lang = require_agency(request), state_of(request), lang_of(request)
    case_id = request.path_params["case_id"]
    try:
        step = CaseAction(action=form_text(form, "action", 32), reason=form_text(form, "reason"))
        cases.act(case_id, step, state, who)
    except USER_ERRORS as error:
        return _failed(request, error)
    return redirect(f"{DESK}/cases/{case_id}", lang, done="1")


def _decide(request: Request, form: Any) -> Response:
    who, state, lang = require_agency(request), state_of(request), lang_of(request)
    case_id = request.path_params["case_id"]
    try:
        decision = CaseDecision(outcome=form_text(form, "outcome", 32),
                                reasons=form_text(form, "reasons", 2000))  # fmt: skip
        cases.decide(case_id, decision, state, who)
    except USER_ERRORS as error:
        return _failed(request, error)
    return redirect(f"{DESK}/cases/{case_id}", lang, done="1")


ROUTES: list[BaseRoute] = [
    Route("/me/desk", desk, methods=["GET"]),
    Route("/me/desk/listings", posted(_propose), methods=["POST"]),
    Route("/me/desk/cases/{case_id}", case_page, methods=["GET"]),
    Route("/me/desk/cases/{case_id}/act", posted(_act), methods=["POST"]),
    Route("/me/desk/cases/{case_id}/decide", posted(_decide), methods=["POST"]),
]
"""The desk's routes (``account_pages.ROUTES`` includes them)."""
