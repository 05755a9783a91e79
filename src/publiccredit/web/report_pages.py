"""The public credit report (HTML and PDF) with the signed tree head and inclusion proofs.

Three renderers of one data function (``report_data.build_report``):

* ``/portal/subjects/{key}/report?as_of=&lang=`` — a printable HTML page;
* ``/portal/subjects/{key}/report.pdf?as_of=&lang=`` — the same as a PDF
  download (the file name carries the code of an entity and the date, never a
  natural person's data);
* ``/portal/subjects/{key}/report.json?as_of=&lang=`` — the same as JSON.

``as_of`` defaults to today (in Beijing, as every procedure counts days) and
may not lie in the future. An unknown subject
is the portal's 404 page (the JSON address answers the API's error envelope);
a bad date is a 422 naming the field, the value and the reason. This module
also mounts the proof-check form's POST (``transparency.ROUTES``).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from publiccredit.api.errors import error_response
from publiccredit.errors import InvalidInput, NotFound
from publiccredit.web import data, report_check, transparency
from publiccredit.web.html import join, render
from publiccredit.web.report_check import check_url
from publiccredit.web.report_data import Report, build_report, parse_as_of
from publiccredit.web.report_html import REPORT_CSS, report_page
from publiccredit.web.report_http import respond
from publiccredit.web.report_pdf import report_pdf
from publiccredit.web.report_words import report_words
from publiccredit.web.responses import lang_of, state_of


def _report(request: Request) -> Report:
    state, lang = state_of(request), lang_of(request)
    who = data.public_caller(state, request)
    today = state.today()  # the day in Beijing, as the procedures count
    as_of = parse_as_of(request.query_params.get("as_of"), today)
    return build_report(state, who, request.path_params["subject_key"], as_of, lang)


def _bad_date(request: Request, error: InvalidInput) -> Response:
    say = report_words(lang_of(request))
    body = render(
        "<p>$t</p><ul>$items</ul>",
        t=say["bad_request_text"],
        items=join(render("<li>$p</li>", p=p.describe()) for p in error.problems),
    )
    return respond(request, say["invalid_date"], body, 422)


def report_html(request: Request) -> Response:
    """The printable HTML report."""
    try:
        report = _report(request)
    except InvalidInput as error:
        return _bad_date(request, error)
    title = f"{report_words(report.lang)['report']} · {report.subject['name'] or ''}"
    return respond(request, title, report_page(report))


def _filename(report: Report) -> str:
    """``credit-report-<code>-<date>.pdf``; a natural person's report names only the date."""
    if report.subject["kind"] == "entity":
        return f"credit-report-{report.subject['subject_key']}-{report.as_of}.pdf"
    return f"credit-report-{report.as_of}.pdf"


def report_pdf_file(request: Request) -> Response:
    """The report as a PDF download."""
    try:
        report = _report(request)
    except InvalidInput as error:
        return _bad_date(request, error)
    link = check_url(request, report.subject["subject_key"], report.number, report.lang)
    return Response(
        report_pdf(report, link),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{_filename(report)}"'},
    )


def report_json(request: Request) -> Response:
    """The report's data as JSON (errors in the API's envelope)."""
    try:
        report = _report(request)
    except (InvalidInput, NotFound) as error:
        return error_response(error)
    return Response(report.dumps(), media_type="application/json")


def report_css(_request: Request) -> Response:
    """The report's stylesheet (print rules)."""
    return Response(REPORT_CSS, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


ROUTES: list[BaseRoute] = [
    Route("/subjects/{subject_key}/report", report_html),
    Route("/subjects/{subject_key}/report.pdf", report_pdf_file),
    Route("/subjects/{subject_key}/report.json", report_json),
    Route("/static/report.css", report_css),
    *transparency.ROUTES,
    *report_check.ROUTES,
]
"""The portal routes of this module (``create_portal`` mounts them)."""
