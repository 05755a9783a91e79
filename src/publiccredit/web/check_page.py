"""``/portal/check``: "may this entity do this?" for anyone, failing closed.

The page is the HTML renderer of the API's decision
(``routers.decisions.decide_subject``: the same parsing, the same answer), so
a code with a wrong check character or junk is refused with its reason (HTTP
422), a valid code with no record answers "unknown" (never "allowed"), and
full-width or lower-case forms answer alike. Natural persons are not checked
here: that needs an authorised key (``POST /v1/decisions/persons``).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from publiccredit.api.routers.decisions import decide_subject
from publiccredit.api.schemas import DecisionOut
from publiccredit.engine.compiled import compile_pack
from publiccredit.engine.decide import check_action
from publiccredit.errors import InvalidInput
from publiccredit.policy.model import Pack
from publiccredit.web import data
from publiccredit.web.catalogues import catalogue
from publiccredit.web.html import Markup, join, render
from publiccredit.web.layout import PREFIX, table
from publiccredit.web.pages import list_name
from publiccredit.web.responses import lang_of, page_response, state_of

WORDS: dict[str, dict[str, str]] = catalogue("check_page.WORDS")


def _form(pack: Pack, lang: str, code: str, action: str) -> Markup:
    say = WORDS[lang]
    options = join(
        render(
            '<option value="$v"$sel>$v</option>',
            v=key,
            sel=Markup(" selected" if key == action else ""),
        )
        for key in sorted(compile_pack(pack).action_keys)
    )
    return render(
        '<form class="search" method="get" action="$to"><input type="hidden" name="lang"'
        ' value="$lang"><label>$c <input name="code" value="$code" maxlength="64" required>'
        '</label> <label>$a <select name="action">$options</select></label>'
        ' <button type="submit">$go</button></form><p class="muted">$persons</p>',
        to=f"{PREFIX}/check",
        lang=lang,
        c=say["code"],
        code=code,
        a=say["action"],
        options=options,
        go=say["check"],
        persons=say["persons"],
    )


def answer(pack: Pack, lang: str, decision: DecisionOut) -> Markup:
    """The outcome in words, and every measure behind it with list and legal basis."""
    say = WORDS[lang]
    rows: list[list[object]] = [
        [measure["measure_id"], measure["trigger"], measure["legal_basis"]]
        for measure in decision.measures
    ]
    lists = ", ".join(list_name(pack, list_id, lang) for list_id in decision.lists)
    return render(
        '<p class="outcome $o"><strong>$subject</strong> · $action · $as_of: <strong>$said'
        "</strong></p>$lists$table",
        o=decision.outcome,
        subject=decision.subject,
        action=decision.action,
        as_of=decision.as_of,
        said=say[decision.outcome],
        lists=render("<p>$l: $n</p>", l=say["list"], n=lists) if lists else Markup(""),
        table=table([say["measure"], say["list"], say["basis"]], rows) if rows else Markup(""),
    )


def _problems(error: InvalidInput, lang: str) -> Markup:
    items = join(render("<li>$r</li>", r=problem.reason) for problem in error.problems)
    return render(
        "<p><strong>$t</strong></p><ul>$items</ul>", t=WORDS[lang]["invalid"], items=items
    )


def check(request: Request) -> Response:
    """The form, and the answer when a code was given (422 with the reason if invalid)."""
    state, lang = state_of(request), lang_of(request)
    data.public_caller(state, request)
    code = request.query_params.get("code", "").strip()[: data.MAX_QUERY]
    action = request.query_params.get("action", "public_procurement_bid")
    form = _form(state.pack, lang, code, action)
    title = WORDS[lang]["title"]
    if not code:
        return page_response(request, title, form)
    try:
        check_action(action, state.pack)
        with state.engine.connect() as conn:
            decision = decide_subject(conn, state.pack, code, action, state.today())
    except InvalidInput as error:
        return page_response(request, title, join((form, _problems(error, lang))), 422)
    return page_response(request, title, join((form, answer(state.pack, lang, decision))))


ROUTES: list[BaseRoute] = [Route("/check", check)]
