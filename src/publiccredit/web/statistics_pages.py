"""Statistics over time with charts the app renders itself (``/portal/statistics``).

The page is the HTML renderer of ``routers.statistics.statistics_for``, the
same data function ``GET /v1/statistics`` renders as JSON, so the page and the
API always agree. Each chart (``web/charts.py``: inline SVG, no JavaScript) is
followed by a data table with the same numbers. ``?from=YYYY-MM&to=YYYY-MM``
limits the months; a wrong month is answered with the form and a message
naming the field, the value and the reason (HTTP 422).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from string import Template

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from publiccredit.api.routers.statistics import (
    CASE_KINDS,
    CaseMonthOut,
    CountOut,
    StatisticsOut,
    statistics_for,
)
from publiccredit.errors import InvalidInput
from publiccredit.identifiers.regions import provinces
from publiccredit.policy.model import Pack
from publiccredit.web import data
from publiccredit.web.charts import Series, bar_chart, line_chart, stacked_columns
from publiccredit.web.html import Markup, join, render
from publiccredit.web.i18n import language
from publiccredit.web.layout import PREFIX, page, table
from publiccredit.web.pages import list_name
from publiccredit.web.statistics_words import say

TOP_AGENCIES = 6
"""Agency kinds drawn as their own line; the rest are summed as "other"."""


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (``YYYY-MM``, inclusive), in order."""
    year, month = int(first[:4]), int(first[5:7])
    found = []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _axis(found: StatisticsOut) -> list[str]:
    seen = [c.month for c in found.list_entries + found.records_by_agency]
    seen += [c.month for c in found.cases]
    if not seen:
        return []
    return months_between(found.from_month or min(seen), found.to_month or max(seen))


def _totals(items: Sequence[CountOut]) -> list[tuple[str, int]]:
    counter: Counter[str] = Counter()
    for item in items:
        counter[item.key] += item.count
    return sorted(counter.items(), key=lambda pair: (-pair[1], pair[0]))


def _series(
    items: Sequence[CountOut],
    keys: Sequence[str],
    months: Sequence[str],
    name: Callable[[str], str],
) -> list[Series]:
    grid = {(item.month, item.key): item.count for item in items}
    return [Series(name(key), tuple(grid.get((m, key), 0) for m in months)) for key in keys]


def _details(lang: str, shown: Markup) -> Markup:
    return render("<details><summary>$s</summary>$t</details>", s=say(lang)["data_table"], t=shown)


def _monthly_table(lang: str, months: Sequence[str], series: Sequence[Series]) -> Markup:
    words = say(lang)
    rows: list[list[object]] = [
        [month, *(one.values[i] for one in series)]
        for i, month in enumerate(months)
        if any(one.values[i] for one in series)
    ]
    return table([words["month"], *(one.name for one in series)], rows)


def _section(title: str, body: Markup) -> Markup:
    return render("<section><h2>$t</h2>$b</section>", t=title, b=body)


def lists_section(pack: Pack, lang: str, found: StatisticsOut, months: list[str]) -> Markup:
    """New list entries per month, a line per list, with the table."""
    words = say(lang)
    keys = [key for key, _ in _totals(found.list_entries)]
    if not keys:
        return _section(words["lists_title"], render("<p>$t</p>", t=words["no_data"]))
    series = _series(found.list_entries, keys, months, lambda key: list_name(pack, key, lang))
    chart = line_chart(
        "chart-lists",
        words["lists_title"],
        words["lists_desc"],
        months,
        series,
        x_label=words["month"],
        y_label=words["count"],
    )
    return _section(
        words["lists_title"], join([chart, _details(lang, _monthly_table(lang, months, series))])
    )


def agencies_section(lang: str, found: StatisticsOut, months: list[str]) -> Markup:
    """Records per month by kind of agency (the largest few, the rest as "other")."""
    words = say(lang)
    totals = _totals(found.records_by_agency)
    if not totals:
        return _section(words["agencies_title"], render("<p>$t</p>", t=words["no_data"]))
    top = [key for key, _ in totals[:TOP_AGENCIES]]
    rest = [
        CountOut(month=c.month, key="\x00other", count=c.count)
        for c in found.records_by_agency
        if c.key not in top
    ]
    keys = top + (["\x00other"] if rest else [])
    series = _series(
        [*found.records_by_agency, *rest],
        keys,
        months,
        lambda key: words["other"] if key == "\x00other" else key,
    )
    chart = line_chart(
        "chart-agencies",
        words["agencies_title"],
        words["agencies_desc"],
        months,
        series,
        x_label=words["month"],
        y_label=words["count"],
    )
    listing = table([words["agency"], words["total"]], [[k, n] for k, n in totals])
    return _section(words["agencies_title"], join([chart, _details(lang, listing)]))


def _totals_section(
    chart_id: str, title: str, desc: str, header: str, bars: list[tuple[str, int]], lang: str
) -> Markup:
    words = say(lang)
    if not bars:
        return _section(title, render("<p>$t</p>", t=words["no_data"]))
    chart = bar_chart(chart_id, title, desc, bars, value_label=words["count"])
    listing = table([header, words["total"]], [[label, n] for label, n in bars])
    return _section(title, join([chart, _details(lang, listing)]))


def _province(lang: str, code: str) -> str:
    if code == "unknown":
        return say(lang)["unknown_province"]
    name = provinces().get(code)
    return f"{code} {name}" if name else code


def totals_sections(pack: Pack, lang: str, found: StatisticsOut) -> Markup:
    """Records by province, severity and category: totals over the months chosen."""
    words = say(lang)
    categories = {c.id: (c.name_zh if lang == "zh" else c.name_en)
                  for c in pack.directory.categories}  # fmt: skip
    return join([
        _totals_section(
            "chart-provinces", words["provinces_title"], words["provinces_desc"],
            words["province"],
            [(_province(lang, k), n) for k, n in _totals(found.records_by_province)], lang,
        ),
        _totals_section(
            "chart-severity", words["severity_title"], words["severity_desc"], words["severity"],
            [(words.get(k, k), n) for k, n in _totals(found.records_by_severity)], lang,
        ),
        _totals_section(
            "chart-categories", words["category_title"], words["category_desc"],
            words["category"],
            [(categories.get(k, k), n) for k, n in _totals(found.records_by_category)], lang,
        ),
    ])  # fmt: skip


def _case_rows(items: Sequence[CaseMonthOut]) -> list[list[object]]:
    return [[c.month, c.opened, c.decided, c.on_time, c.late, c.no_deadline] for c in items]


def cases_section(lang: str, found: StatisticsOut, months: list[str]) -> Markup:
    """Objections and repairs: decided on time or late per month; open and overdue now."""
    words = say(lang)
    parts = [render("<p>$t</p>", t=words["cases_intro"])]
    parts.extend(
        render("<p><strong>$k</strong>: $o $n, $l $m</p>", k=words[c.kind], o=words["open_now"],
               n=c.open, l=words["overdue_now"], m=c.overdue)
        for c in found.open_cases
    )  # fmt: skip
    seen = [c.month for c in found.cases]
    if seen:
        months = months_between(found.from_month or min(seen), found.to_month or max(seen))
    for kind in CASE_KINDS:
        items = [c for c in found.cases if c.kind == kind]
        parts.append(render("<h3>$t</h3>", t=words[kind]))
        if not items:
            parts.append(render("<p>$t</p>", t=words["no_data"]))
            continue
        by_month = {c.month: c for c in items}
        series = [
            Series(words[name], tuple(getattr(by_month.get(m), name, 0) for m in months))
            for name in ("on_time", "late", "no_deadline")
        ]
        parts.append(
            stacked_columns(
                f"chart-{kind}",
                f"{words[kind]}: {words['decided']}",
                words["decided_desc"],
                months,
                series,
                x_label=words["month"],
                y_label=words["count"],
            )
        )
        headers = [words[n] for n in ("month", "opened", "decided", "on_time", "late",
                                      "no_deadline")]  # fmt: skip
        parts.append(_details(lang, table(headers, _case_rows(items))))
    return _section(words["cases_title"], join(parts))


def filter_form(lang: str, first: str, last: str, problem: str = "") -> Markup:
    """The month filter (``<input type="month">``: a picker where the browser has one)."""
    words = say(lang)
    message = render('<p class="error" role="alert">$t</p>', t=problem) if problem else Markup("")
    return render(
        '$message<form class="filter" method="get" action="$action">'
        '<input type="hidden" name="lang" value="$lang">'
        '<label>$from_label <input type="month" name="from" value="$first" '
        'pattern="[0-9]{4}-[0-9]{2}" placeholder="2024-01"></label> '
        '<label>$to_label <input type="month" name="to" value="$last" '
        'pattern="[0-9]{4}-[0-9]{2}" placeholder="2024-12"></label> '
        '<button type="submit">$apply</button></form>',
        message=message,
        action=f"{PREFIX}/statistics",
        lang=lang,
        from_label=words["from"],
        first=first,
        to_label=words["to"],
        last=last,
        apply=words["apply"],
    )


def statistics_body(pack: Pack, lang: str, found: StatisticsOut) -> Markup:
    """The whole page body: note, filter, every section."""
    words = say(lang)
    months = _axis(found)
    note = Template(words["read_at"]).substitute(size=found.tree_size, day=found.as_of)
    return join([
        render('<p>$intro</p><p class="muted">$note</p>', intro=words["intro"], note=note),
        filter_form(lang, found.from_month or "", found.to_month or ""),
        lists_section(pack, lang, found, months),
        agencies_section(lang, found, months),
        totals_sections(pack, lang, found),
        cases_section(lang, found, months),
    ])  # fmt: skip


def _respond(request: Request, lang: str, body: Markup, status: int = 200) -> HTMLResponse:
    shown = page(lang, say(lang)["statistics"], body, request.url.path, dict(request.query_params))
    return HTMLResponse(shown, status_code=status)


def statistics_page(request: Request) -> Response:
    """``/portal/statistics?from=&to=``: charts and tables over the months chosen."""
    state = request.app.state.api
    lang = language(request.query_params.get("lang"))
    who = data.public_caller(state, request)
    first = request.query_params.get("from", "")[:20]
    last = request.query_params.get("to", "")[:20]
    try:
        found = statistics_for(state, who, first or None, last or None)
    except InvalidInput as error:
        problem = "; ".join(p.describe() for p in error.problems) or error.message
        form = filter_form(lang, first, last, say(lang)["invalid"] + problem)
        return _respond(request, lang, form, 422)
    return _respond(request, lang, statistics_body(state.pack, lang, found))


ROUTES: list[BaseRoute] = [Route("/statistics", statistics_page)]
"""The portal routes of this module (``create_portal`` mounts them)."""
