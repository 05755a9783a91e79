"""Checking a report number: does the platform still state what a report stated?

``/portal/subjects/{key}/report/check?number=PCR-…`` rebuilds the subject's
public report for the date the number names and compares the numbers
(``report_number``). Equal: the records, lists and measures public on that day
are still what the platform publishes. Different: something was corrected,
revoked or added after the report was issued (or the number is wrong); the page
links to the current report for that day, whose proofs the reader can check.
A malformed number is a 422 naming the expected form. The PDF's QR code and
link point here.
"""

from __future__ import annotations

from string import Template
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from publiccredit.web import data
from publiccredit.web.html import Markup, link, render
from publiccredit.web.layout import PREFIX
from publiccredit.web.report_data import build_report
from publiccredit.web.report_http import respond
from publiccredit.web.report_number import number_date
from publiccredit.web.report_words import report_words
from publiccredit.web.responses import lang_of, state_of


def check_url(request: Request, subject_key: str, number: str, lang: str) -> str:
    """The absolute address of the check page for ``number`` (what the QR code holds)."""
    path = f"{PREFIX}/subjects/{subject_key}/report/check"
    query = urlencode({"number": number, "lang": lang})
    return str(request.url.replace(path=path, query=query))


def report_check(request: Request) -> Response:
    """The verdict on ``?number=`` for this subject."""
    state, lang = state_of(request), lang_of(request)
    say = report_words(lang)
    number = (request.query_params.get("number") or "").strip().upper()[:64]
    on = number_date(number)
    if on is None:
        text = Template(say["check_bad"]).substitute(number=number)
        return respond(request, say["check_title"], render("<p>$t</p>", t=text), 422)
    key = request.path_params["subject_key"]
    report = build_report(state, data.public_caller(state, request), key, on, lang)
    matches = report.number == number
    verdict = Template(say["check_ok" if matches else "check_changed"]).substitute(
        number=number, as_of=report.as_of
    )
    current = Template(say["check_current"]).substitute(number=report.number)
    body: Markup = render(
        '<p id="report-check" class="$cls" role="status">$verdict</p><p>$current</p>',
        cls="verified" if matches else "not-verified",
        verdict=verdict,
        current=link(f"{PREFIX}/subjects/{key}/report", current, lang, as_of=report.as_of),
    )
    return respond(request, say["check_title"], body)


ROUTES: list[BaseRoute] = [Route("/subjects/{subject_key}/report/check", report_check)]
"""The check page's route (``report_pages.ROUTES`` includes it)."""
