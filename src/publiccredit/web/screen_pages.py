"""``/portal/screen``: batch screening by upload, a results table, a CSV export.

A visitor uploads a supplier list (CSV or XLSX, at most ``MAX_ROWS`` rows and
``uploads.MAX_UPLOAD_BYTES``); each row is screened as ``POST /v1/match`` screens
a query (``service.screening``), logged in the access log as a public screening
query, and the best result shown: match or not, score, the subject (linked to its
page), the code's check, the reasons. The export button posts the results back as
CSV text and gets them as a file (nothing is kept on the server between the two).
A list that cannot be read is shown again with every problem (row, field, value,
reason) and nothing screened. docs/portal.md and docs/screening.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from publiccredit.errors import InvalidInput, Problem
from publiccredit.screening.scoring import DEFAULT_THRESHOLD
from publiccredit.screening.suppliers import SupplierRow, read_suppliers
from publiccredit.service.screening import log_screening, response_json, screen
from publiccredit.service.screening_export import results_csv, row_query
from publiccredit.web import data
from publiccredit.web.catalogues import catalogue
from publiccredit.web.csrf import check_csrf, csrf_field
from publiccredit.web.html import Markup, join, link, render
from publiccredit.web.layout import PREFIX, table
from publiccredit.web.responses import lang_of, page_response, state_of
from publiccredit.web.uploads import read_upload

MAX_ROWS = 500

WORDS: dict[str, dict[str, str]] = catalogue("screen_pages.WORDS")


def _form(request: Request, lang: str) -> Markup:
    say = WORDS[lang]
    return render(
        '<form class="screen" method="post" action="$action" enctype="multipart/form-data">'
        "$csrf"
        '<label>$file <input type="file" name="list" accept=".csv,.xlsx" required></label> '
        '<button type="submit">$submit</button></form>',
        action=f"{PREFIX}/screen?lang={lang}",
        csrf=csrf_field(request),
        file=say["file"],
        submit=say["submit"],
    )


def _intro(request: Request, lang: str) -> Markup:
    say = WORDS[lang]
    return render("<h1>$t</h1><p>$intro</p>$form", t=say["title"], intro=say["intro"],
                  form=_form(request, lang))  # fmt: skip


def screen_page(request: Request) -> Response:
    """``GET /portal/screen``: the upload form."""
    lang = lang_of(request)
    return page_response(request, WORDS[lang]["title"], _intro(request, lang))


def _problems(request: Request, lang: str, problems: list[str]) -> Response:
    items = join(render("<li>$p</li>", p=problem) for problem in problems)
    body = render(
        '$intro<section class="problems" role="alert"><p>$lead</p><ul>$items</ul></section>',
        intro=_intro(request, lang),
        lead=WORDS[lang]["problems"],
        items=items,
    )
    return page_response(request, WORDS[lang]["title"], body, 422)


def _code_cell(lang: str, body: dict[str, Any]) -> object:
    check = body.get("code_check")
    if check is None:
        return ""
    say = WORDS[lang]
    if check["valid"]:
        return say["valid"]
    nearby = ", ".join(check["nearby"])
    return f"{say['invalid']}" + (f" ({say['nearby']}: {nearby})" if nearby else "")


def _result_row(lang: str, row: SupplierRow, body: dict[str, Any]) -> list[object]:
    say = WORDS[lang]
    best = body["results"][0] if body["results"] else None
    subject: object = ""
    if best is not None:
        subject = link(f"{PREFIX}/subjects/{best['id']}", f"{best['caption']} ({best['id']})", lang)
    return [
        row.row,
        " / ".join(part for part in (row.name, row.code) if part),
        say["yes"] if best and best["match"] else say["no"],
        f"{best['score']:.2f}" if best else "",
        subject,
        _code_cell(lang, body),
        "; ".join(best["explanations"].values()) if best else "",
    ]


def _results(request: Request, lang: str, rows: list[SupplierRow]) -> Response:
    state = state_of(request)
    caller = data.public_caller(state, request)
    who = (caller.actor, caller.role)
    bodies = []
    with state.engine.connect() as conn:
        for row in rows:
            query = row_query(row)
            answer = screen(conn, query)
            bodies.append(response_json(query, answer))
            log_screening(conn, who, f"portal upload row {row.row}", query, answer, state.now())
        conn.commit()
    say = WORDS[lang]
    matched = sum(1 for body in bodies if body["results"] and body["results"][0]["match"])
    headers = [say[k] for k in ("row", "query", "match", "score", "subject", "code_check", "why")]
    export = render(
        '<form method="post" action="$action" enctype="multipart/form-data">$csrf'
        '<input type="hidden" name="results" value="$csv">'
        '<button type="submit">$label</button></form>',
        action=f"{PREFIX}/screen/export?lang={lang}",
        csrf=csrf_field(request),
        csv=results_csv(rows, bodies),
        label=say["export"],
    )
    summary = say["summary"].format(
        rows=len(rows), matched=matched, threshold=f"{DEFAULT_THRESHOLD:.2f}"
    )
    body = render(
        '$intro<section class="results"><p class="summary">$summary</p>$export$table</section>',
        intro=_intro(request, lang),
        summary=summary,
        export=export,
        table=table(headers, [_result_row(lang, r, b) for r, b in zip(rows, bodies, strict=True)]),
    )
    return page_response(request, say["title"], body)


def _screen_upload(
    request: Request, fields: dict[str, str], files: dict[str, tuple[str, bytes]]
) -> Response:
    check_csrf(request, fields)
    lang = lang_of(request)
    say = WORDS[lang]
    if "list" not in files or not files["list"][1]:
        return _problems(request, lang, [say["no_file"]])
    filename, content = files["list"]
    try:
        rows = read_suppliers(Path(Path(filename).name or "list.csv"), content)
    except InvalidInput as error:
        return _problems(request, lang, [p.describe() for p in error.problems] or [str(error)])
    if len(rows) > MAX_ROWS:
        return _problems(request, lang, [say["too_many_rows"].format(max=MAX_ROWS)])
    return _results(request, lang, rows)


async def screen_upload(request: Request) -> Response:
    """``POST /portal/screen``: screen the uploaded list (after the CSRF check)."""
    upload = await read_upload(request)
    if upload.too_large:
        lang = lang_of(request)
        return _problems(request, lang, [WORDS[lang]["too_large"]])
    return await run_in_threadpool(_screen_upload, request, upload.fields, upload.files)


async def export_results(request: Request) -> Response:
    """``POST /portal/screen/export``: the results table's CSV as a download."""
    upload = await read_upload(request)
    check_csrf(request, upload.fields)
    text = upload.fields.get("results", "")
    if not text.startswith("row,"):
        problem = Problem("not a screening result table", field="results", value=text[:40])
        raise InvalidInput("nothing to export", (problem,))
    return Response(
        text.encode("utf-8-sig"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="screening-results.csv"'},
    )


ROUTES: list[BaseRoute] = [
    Route("/screen", screen_page),
    Route("/screen", screen_upload, methods=["POST"]),
    Route("/screen/export", export_results, methods=["POST"]),
]
"""The portal routes of this module (``create_portal`` mounts them)."""
