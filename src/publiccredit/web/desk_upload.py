"""An agency clerk uploads a record file; the page answers with what was stored or, row by row,
why nothing was.

The file goes through ``publiccredit ingest``'s own code (``ingest.batch.ingest_file``)
in agency mode: every row must be the clerk's own agency's, the whole file is
one unit of work (all rows or none), listings that need the listing procedure
are refused as they are on every path, and the report names row, field, value
and reason for each problem — the same words the CLI prints. Only ``.csv``,
``.jsonl`` and ``.parquet`` are read; the upload is capped
(``DESK_MAX_BYTES``; larger files go through the CLI).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from string import Template

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from publiccredit.errors import Problem, PublicCreditError
from publiccredit.ingest.batch import IngestOptions, ingest_file
from publiccredit.web.account_common import DESK, respond
from publiccredit.web.csrf import check_csrf, csrf_field
from publiccredit.web.desk_words import desk_words
from publiccredit.web.html import Markup, join, link, render, url
from publiccredit.web.layout import table
from publiccredit.web.responses import lang_of, state_of
from publiccredit.web.session import require_agency
from publiccredit.web.uploads import Upload, read_upload

SUFFIXES = (".csv", ".jsonl", ".parquet")
DESK_MAX_BYTES = 50 * 1024 * 1024
"""A record file uploaded through the desk; larger files go through ``publiccredit ingest``."""
MAX_SHOWN = 500
"""Problems listed on the page (the count says how many there were)."""


def _form(request: Request, lang: str) -> Markup:
    say = desk_words(lang)
    return render(
        "<p>$intro</p>"
        '<form id="desk-upload" method="post" action="$action" enctype="multipart/form-data">$csrf'
        '<p><label for="records">$file</label><br>'
        '<input id="records" name="records" type="file" accept=".csv,.jsonl,.parquet" required></p>'
        '<p><button type="submit">$send</button></p></form>'
        "<p>$back</p>",
        intro=say["upload_intro"], action=url(f"{DESK}/upload", lang), csrf=csrf_field(request),
        file=say["file"], send=say["send"], back=link(DESK, say["back"], lang),
    )  # fmt: skip


def upload_page(request: Request) -> Response:
    """The upload form."""
    require_agency(request)
    lang = lang_of(request)
    return respond(request, desk_words(lang)["upload"], _form(request, lang))


def _report(problems: list[Problem], lang: str) -> Markup:
    say = desk_words(lang)
    rows: list[list[object]] = [
        [p.row if p.row is not None else "", p.field or "", p.value or "", p.reason]
        for p in problems[:MAX_SHOWN]
    ]
    return render('<div id="desk-upload-problems">$t</div>', t=table(
        [say["row"], say["field"], say["value"], say["reason"]], rows))  # fmt: skip


def _ingest(request: Request, form: Upload) -> Response:
    who, state, lang = require_agency(request), state_of(request), lang_of(request)
    say = desk_words(lang)
    if form.too_large:
        shown = render('<p class="errors" role="alert">$t</p>', t=say["too_large"])
        return respond(request, say["upload"], join([shown, _form(request, lang)]), 413)
    check_csrf(request, form.fields)
    name, data = form.files.get("records", ("", b""))
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES or not data:
        shown = render('<p class="errors" role="alert">$t</p>', t=say["no_file"])
        return respond(request, say["upload"], join([shown, _form(request, lang)]), 422)
    now = state.now()
    options = IngestOptions(state.today(), now, agency=who.agency, calendar=state.calendar())
    with tempfile.TemporaryDirectory(prefix="publiccredit-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            summary = ingest_file(state.engine, path, state.pack, state.personal_keys(), options)
        except PublicCreditError as error:
            problems = list(getattr(error, "problems", ())) or [Problem(str(error))]
            body = join([_report(problems, lang), _form(request, lang)])
            return respond(request, say["upload"], body, 422)
    if not summary.committed:
        count = len(summary.rejected_rows) or summary.problems_total or len(summary.problems)
        told = render('<p class="errors" role="alert">$t</p>',
                      t=Template(say["refused"]).substitute(n=count))  # fmt: skip
        body = join([told, _report(summary.problems, lang), _form(request, lang)])
        return respond(request, say["upload"], body, 422)
    done = Template(say["stored"]).substitute(
        stored=summary.stored, unchanged=summary.unchanged, corrected=summary.corrected,
        assessed=summary.subjects_assessed,
    )  # fmt: skip
    body = join([render('<p class="notice" id="desk-upload-done" role="status">$t</p>', t=done),
                 _report(summary.problems, lang) if summary.problems else Markup(""),
                 render("<p>$a</p>", a=link(DESK, say["back"], lang))])  # fmt: skip
    return respond(request, say["upload"], body)


async def upload(request: Request) -> Response:
    """Read the multipart body (async), then ingest in the thread pool (it blocks)."""
    form = await read_upload(request, DESK_MAX_BYTES)
    return await run_in_threadpool(_ingest, request, form)


ROUTES: list[BaseRoute] = [
    Route("/me/desk/upload", upload_page, methods=["GET"]),
    Route("/me/desk/upload", upload, methods=["POST"]),
]
"""The upload's routes (``account_pages.ROUTES`` includes them)."""
