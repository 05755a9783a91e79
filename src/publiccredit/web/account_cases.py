"""The subject's cases (state, deadlines, next step) and the objection form.

A case's *next step* is each running deadline: which step, which party acts
(the agency, or the subject), and the last day, marked *provisional* while
the official working-day calendar for that year is not published (the mark
is never dropped, as in ``CaseDeadline.describe``). Filing an objection calls
the function behind ``POST /v1/cases/objections``; a refusal is shown on the
form, naming the field, the value and the reason, and nothing is stored.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from publiccredit.web.account_common import (
    ME,
    USER_ERRORS,
    error_list,
    form_text,
    notice,
    posted,
    problems_of,
    redirect,
    respond,
)
from publiccredit.web.account_data import file_objection, own_case, own_cases
from publiccredit.web.account_words import named, say
from publiccredit.web.csrf import csrf_field
from publiccredit.web.html import Markup, join, link, render, url
from publiccredit.web.labels import beijing_time, case_state_name
from publiccredit.web.layout import table
from publiccredit.web.responses import lang_of, state_of
from publiccredit.web.session import require_subject

FORM_LABELS = {
    "grounds": "grounds",
    "evidence": "evidence",
    "record": "target_record",
    "record.agency": "record_agency",
    "record.source_record_id": "source_record_id",
    "case_id": "target_case",
    "target": "target",
    "publication": "what_wrong",
    "form": "target",
}


def next_steps(lang: str, case: dict[str, Any]) -> Markup:
    """The running deadlines as "step, by whom, due on (provisional)"."""
    words = say(lang)
    lines = []
    for deadline in case.get("deadlines") or []:
        party = named(lang, "party", deadline.get("party"))
        mark = render(' <strong class="provisional">($p)</strong>', p=words["provisional"]) \
            if deadline.get("provisional") else Markup("")  # fmt: skip
        by = render(words["by_party"], party=party)
        lines.append(render("$step · $by · $label $due$mark", step=deadline["step"], by=by,
                            label=words["due_on"], due=deadline["due_on"], mark=mark))  # fmt: skip
    if not lines:
        return render("$t", t=words["no_next"])
    return join(render("<div>$l</div>", l=line) for line in lines)


def cases_page(request: Request) -> Response:
    """The signed-in subject's cases, oldest first."""
    who, state, lang = require_subject(request), state_of(request), lang_of(request)
    words = say(lang)
    found = own_cases(state, who)
    if not found:
        listing = render("<p>$t</p>", t=words["no_cases"])
    else:
        rows: list[list[object]] = [
            [link(f"{ME}/cases/{case['id']}", case["id"], lang), named(lang, "kind", case["kind"]),
             case_state_name(case["state"], lang), beijing_time(case["opened_at"], lang),
             next_steps(lang, case)]
            for case in reversed(found)
        ]  # fmt: skip
        headers = ["case_id", "case_kind", "state", "opened_at", "next_step"]
        listing = table([words[h] for h in headers], rows)
    back = render("<p>$a · $b</p>", a=link(ME, words["me"], lang),
                  b=link(f"{ME}/objections/new", words["new_objection"], lang))  # fmt: skip
    return respond(request, words["cases"], join([back, listing]))


def case_page(request: Request) -> Response:
    """One of the subject's cases: state, next steps, history, extensions, details."""
    who, state, lang = require_subject(request), state_of(request), lang_of(request)
    words = say(lang)
    case = own_case(state, who, request.path_params["case_id"])
    top = notice(words["filed"]) if request.query_params.get("filed") == "1" else Markup("")
    facts = table(
        [words[h] for h in ("case_id", "case_kind", "state", "opened_at")],
        [
            [
                case["id"],
                named(lang, "kind", case["kind"]),
                case_state_name(case["state"], lang),
                beijing_time(case["opened_at"], lang),
            ]
        ],
    )
    steps = table(
        [words[h] for h in ("step", "at", "actor", "state")],
        [[s["command"], s["at"], s["actor"], s["state"]] for s in case.get("steps") or []],
    )
    extensions = _table_or_none(lang,
        [words[h] for h in ("step", "working_days", "reason", "due_on")],
        [[e["step"], e["working_days"], e["reason"], e["new_due_on"]]
         for e in case.get("extensions") or []],
    )  # fmt: skip
    details = table(
        [words["details"], ""],
        [[name, _plain(value)] for name, value in sorted((case.get("details") or {}).items())],
    )
    sections = [
        ("next_step", next_steps(lang, case)), ("steps", steps),
        ("extensions", extensions), ("details", details),
    ]  # fmt: skip
    back = render("<p>$a · $b</p>", a=link(f"{ME}/cases", words["cases"], lang),
                  b=link(ME, words["me"], lang))  # fmt: skip
    body = join(
        [top, back, facts, *(render("<h2>$h</h2>$s", h=words[k], s=s) for k, s in sections)]
    )
    return respond(request, f"{words['case']} {case['id']}", body)


def _table_or_none(lang: str, headers: list[str], rows: list[list[object]]) -> Markup:
    return table(headers, rows) if rows else render("<p>$t</p>", t=say(lang)["none"])


def _plain(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_plain(v) for v in value)
    return "" if value is None else str(value)


def _objection_form(request: Request, lang: str, values: dict[str, str], errors: Markup) -> Markup:
    words = say(lang)
    publication = values.get("what") == "publication"
    return join([
        errors,
        render("<p>$t</p>", t=words["objection_intro"]),
        render(
            '<form method="post" action="$action" class="objection">$csrf'
            "<fieldset><legend>$target</legend>"
            "<p>$target_record</p>"
            '<p><label for="agency">$agency_label</label><br>'
            '<input id="agency" name="agency" value="$agency" maxlength="64" size="24"></p>'
            '<p><label for="record">$record_label</label><br>'
            '<input id="record" name="record" value="$record" maxlength="200" size="24"></p>'
            '<p><label for="case_id">$case_label</label><br>'
            '<input id="case_id" name="case_id" value="$case_id" maxlength="64" size="24"></p>'
            "</fieldset>"
            "<fieldset><legend>$what_label</legend>"
            '<p><label><input type="radio" name="what" value="record"$record_checked> '
            "$wrong_record</label><br>"
            '<label><input type="radio" name="what" value="publication"$pub_checked> '
            "$wrong_publication</label></p></fieldset>"
            '<p><label for="grounds">$grounds_label</label><br>'
            '<textarea id="grounds" name="grounds" rows="5" cols="34" maxlength="2000" required>'
            "$grounds</textarea></p>"
            '<p><label for="evidence">$evidence_label</label><br>'
            '<textarea id="evidence" name="evidence" rows="3" cols="34" maxlength="4000">'
            "$evidence</textarea></p>"
            '<p><button type="submit">$submit</button></p></form>',
            action=url(f"{ME}/objections", lang), csrf=csrf_field(request),
            target=words["target"], target_record=words["target_record"],
            agency_label=words["record_agency"], agency=values.get("agency", ""),
            record_label=words["source_record_id"], record=values.get("record", ""),
            case_label=words["target_case"], case_id=values.get("case_id", ""),
            what_label=words["what_wrong"],
            record_checked=Markup("" if publication else " checked"),
            pub_checked=Markup(" checked" if publication else ""),
            wrong_record=words["wrong_record"], wrong_publication=words["wrong_publication"],
            grounds_label=words["grounds"], grounds=values.get("grounds", ""),
            evidence_label=words["evidence"], evidence=values.get("evidence", ""),
            submit=words["submit"],
        ),
    ])  # fmt: skip


def objection_page(request: Request) -> Response:
    """The objection form, pre-filled with a record when linked from the own record."""
    require_subject(request)
    lang = lang_of(request)
    values = {
        "agency": request.query_params.get("agency", "")[:64],
        "record": request.query_params.get("record", "")[:200],
        "case_id": request.query_params.get("case_id", "")[:64],
    }
    body = _objection_form(request, lang, values, Markup(""))
    return respond(request, say(lang)["new_objection"], body)


def objection_body(values: dict[str, str]) -> dict[str, Any]:
    """The ``ObjectionOpen`` body the form's values stand for."""
    body: dict[str, Any] = {
        "grounds": values["grounds"],
        "evidence": [line.strip() for line in values["evidence"].splitlines() if line.strip()],
    }
    if values["agency"] or values["record"]:
        body["record"] = {"agency": values["agency"], "source_record_id": values["record"]}
        body["publication"] = values["what"] == "publication"
    if values["case_id"]:
        body["case_id"] = values["case_id"]
    return body


def _file(request: Request, form: Any) -> Response:
    """File the objection; on success show its case, else the form with the problems."""
    who, state, lang = require_subject(request), state_of(request), lang_of(request)
    words = say(lang)
    names = ("agency", "record", "case_id", "what", "grounds", "evidence")
    values = {name: form_text(form, name) for name in names}
    try:
        result = file_objection(state, who, objection_body(values))
    except USER_ERRORS as exc:
        labels = {k: words[v] for k, v in FORM_LABELS.items()}
        errors = error_list(lang, problems_of(exc, labels))
        body = _objection_form(request, lang, values, errors)
        return respond(request, words["new_objection"], body, 422)
    return redirect(f"{ME}/cases/{result.case['id']}", lang, filed=1)


ROUTES: list[BaseRoute] = [
    Route("/me/cases", cases_page, methods=["GET"]),
    Route("/me/cases/{case_id}", case_page, methods=["GET"]),
    Route("/me/objections/new", objection_page, methods=["GET"]),
    Route("/me/objections", posted(_file), methods=["POST"]),
]
