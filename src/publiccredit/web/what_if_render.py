"""HTML of the what-if page: the form of offered changes and the side-by-side result.

Stable element ids for people and browser tests: ``what-if-form`` (with
``scenario-N`` checkboxes, ``scenario-N-on`` dates, ``what-if-as-of``,
``what-if-submit``), ``what-if-result`` (with ``what-if-changes``,
``what-if-highlights`` and the table ``what-if-side-by-side``, whose changed
rows have the class ``changed`` and their new value in ``<mark>``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from publiccredit.api.what_if_data import Simulation
from publiccredit.domain.assessment import Assessment, PublicationState
from publiccredit.engine.what_if_diff import Highlight
from publiccredit.engine.what_if_offers import Scenario
from publiccredit.policy.model import Pack
from publiccredit.web.html import Markup, join, render, url
from publiccredit.web.layout import PREFIX
from publiccredit.web.pages import record_type_name
from publiccredit.web.what_if_common import list_label, measure_label, record_label
from publiccredit.web.what_if_words import say

WHAT_IF_PATH = f"{PREFIX}/me/what-if"


def describe(scenario: Scenario, pack: Pack, lang: str) -> str:
    """The scenario in words (without its date)."""
    words = say(lang)
    record = "" if scenario.record is None else record_label(scenario.record)
    if scenario.record_type and scenario.kind != "remove_listing":
        record = f"{record} ({record_type_name(pack, scenario.record_type, lang)})"
    return render(
        words[scenario.kind],
        record=record,
        year=scenario.year or "",
        list=list_label(pack, scenario.list_id, lang),
    )


def _row(request_field: Markup, index: int, scenario: Scenario, pack: Pack, lang: str,
         chosen: Mapping[str, date]) -> Markup:  # fmt: skip
    words = say(lang)
    token = scenario.token()
    on = chosen.get(token, scenario.on)
    note = words.get(f"note_{scenario.note}", "")
    return render(
        "<tr><td>$pick</td>"
        '<td><label for="scenario-$i">$text</label> <span class="muted">$note</span>'
        '<input type="hidden" name="scenario-$i" value="$token"></td>'
        '<td><input type="date" id="scenario-$i-on" name="on-$i" value="$on" aria-label="$date"'
        " required></td></tr>",
        pick=request_field,
        i=index,
        text=describe(scenario, pack, lang),
        note=f"{words['date']}: {scenario.on.isoformat()} — {note}" if note else "",
        token=token,
        on=on.isoformat(),
        date=words["date"],
    )


def _checkbox(index: int, checked: bool) -> Markup:
    return render(
        '<input type="checkbox" id="scenario-$i" name="pick" value="$i"$checked>',
        i=index,
        checked=Markup(" checked") if checked else Markup(""),
    )


def form(
    csrf: Markup,
    pack: Pack,
    lang: str,
    offers: Sequence[Scenario],
    chosen: Mapping[str, date] | None = None,
    as_of: str = "",
) -> Markup:
    """The form: one row per offered change (checkbox, description, date), and the date."""
    words = say(lang)
    if not offers:
        return render('<p id="what-if-none">$t</p>', t=words["no_scenarios"])
    picked = chosen or {}
    rows = join(
        _row(_checkbox(i, s.token() in picked), i, s, pack, lang, picked)
        for i, s in enumerate(offers)
    )
    return render(
        '<form id="what-if-form" method="post" action="$action">$csrf'
        "<table><thead><tr><th>$choose</th><th>$change</th><th>$date</th></tr></thead>"
        "<tbody>$rows</tbody></table>"
        '<p><label for="what-if-as-of">$as_of_label</label> '
        '<input type="date" id="what-if-as-of" name="as_of" value="$as_of"> '
        '<span class="muted">$hint</span></p>'
        '<p><button type="submit" id="what-if-submit">$button</button></p></form>',
        action=url(WHAT_IF_PATH, lang),
        csrf=csrf,
        choose=words["choose"],
        change=words["change"],
        date=words["date"],
        rows=rows,
        as_of_label=words["as_of"],
        as_of=as_of,
        hint=words["as_of_hint"],
        button=words["simulate"],
    )


def highlight_text(item: Highlight, pack: Pack, lang: str) -> str:
    """One difference in words: "Level C → B", "Leaves list …", "Measure lifted: …"."""
    words = say(lang)
    before, after = item.before or words["open_ended"], item.after or words["open_ended"]
    if item.kind == "record_state":
        before, after = words.get(before, before), words.get(after, after)
    if item.kind.endswith("_list") or item.kind == "list_until":
        name = list_label(pack, item.about, lang)
    elif item.kind.startswith("measure_"):
        name = measure_label(pack, item.about, lang)
    else:
        name = item.about
    return render(words[f"hl_{item.kind}"], before=before, after=after, name=name, about=item.about)


def _lines(values: Sequence[str], empty: str) -> Markup:
    if not values:
        return render("$v", v=empty)
    return join(render("<div>$v</div>", v=value) for value in values)


def _level(a: Assessment) -> list[str]:
    return [] if a.rating is None else [a.rating.level]


def _score(a: Assessment) -> list[str]:
    return [] if a.rating is None else [f"{a.rating.score:g}"]


def _reasons(a: Assessment) -> list[str]:
    return [] if a.rating is None else [reason.code for reason in a.rating.reasons]


def _lists(a: Assessment, pack: Pack, lang: str) -> list[str]:
    words = say(lang)
    return [
        f"{list_label(pack, m.list_id, lang)} "
        f"({words['until']} {m.until.isoformat()})" if m.until else
        f"{list_label(pack, m.list_id, lang)} ({words['no_end']})"
        for m in a.lists
    ]  # fmt: skip


def _measures(a: Assessment, pack: Pack, lang: str) -> list[str]:
    return sorted({measure_label(pack, m.measure_id, lang) for m in a.measures})


def _records(a: Assessment, keys: set[str], lang: str) -> list[str]:
    words = say(lang)
    shown = [e for e in a.records if record_label(e.record.key) in keys]
    published = sum(1 for e in a.records if e.state == PublicationState.PUBLISHED)
    return [f"{words['published']}: {published}"] + [
        f"{record_label(e.record.key)}: {words.get(e.state.value, e.state.value)}" for e in shown
    ]


def side_by_side(sim: Simulation, pack: Pack, lang: str) -> Markup:
    """The table: each aspect without and with the changes; changed rows marked."""
    words = say(lang)
    changed = {item.about for item in sim.highlights if item.kind == "record_state"}
    aspects = [
        ("level", _level(sim.before), _level(sim.after)),
        ("score", _score(sim.before), _score(sim.after)),
        ("reasons", _reasons(sim.before), _reasons(sim.after)),
        ("lists", _lists(sim.before, pack, lang), _lists(sim.after, pack, lang)),
        ("measures", _measures(sim.before, pack, lang), _measures(sim.after, pack, lang)),
        ("records", _records(sim.before, changed, lang), _records(sim.after, changed, lang)),
    ]
    rows = join(
        render(
            '<tr class="$cls" data-aspect="$key"><th>$name</th><td>$old</td><td>$new</td></tr>',
            cls="changed" if old != new else "same",
            key=key,
            name=words[key],
            old=_lines(old, words["none"]),
            new=render("<mark>$v</mark>", v=_lines(new, words["none"]))
            if old != new
            else _lines(new, words["none"]),
        )
        for key, old, new in aspects
    )
    return render(
        '<table id="what-if-side-by-side"><thead><tr><th></th><th>$before_label</th>'
        "<th>$after_label</th></tr></thead><tbody>$rows</tbody></table>",
        before_label=words["without"],
        after_label=words["with"],
        rows=rows,
    )


def result(sim: Simulation, pack: Pack, lang: str) -> Markup:
    """The result: the changes simulated, what changes in words, and the side-by-side table."""
    words = say(lang)
    changes = join(
        render("<li>$text — $on</li>", text=describe(s, pack, lang), on=s.on.isoformat())
        for s in sim.scenarios
    )
    if sim.highlights:
        listed = join(
            render('<li class="highlight" data-kind="$kind">$text</li>', kind=item.kind,
                   text=highlight_text(item, pack, lang))
            for item in sim.highlights
        )  # fmt: skip
        found = render('<ul id="what-if-highlights">$items</ul>', items=listed)
    else:
        found = render('<p id="what-if-highlights">$t</p>', t=words["no_change"])
    return render(
        '<section id="what-if-result" aria-live="polite"><h2>$title</h2>'
        "<p>$as_of_label: <strong>$as_of</strong></p>"
        '<h3>$simulated</h3><ul id="what-if-changes">$changes</ul>'
        "<h3>$what</h3>$found$table</section>",
        title=words["result"],
        as_of_label=words["as_of"],
        as_of=sim.as_of.isoformat(),
        simulated=words["changes_simulated"],
        changes=changes,
        what=words["what_changes"],
        found=found,
        table=side_by_side(sim, pack, lang),
    )
