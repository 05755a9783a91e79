"""The active policy pack rendered for people: every list and measure with its legal basis.

``/portal/policy`` reads ``state.pack`` (the pack the API and the engine
apply, the same one ``GET /v1/policy?rules=true`` returns as JSON) and says
in plain words, in Chinese or English, what puts a subject on each list, for
how long, how it gets off, what notice comes first, and on which legal basis
with how certain we are of it; then every measure with its class, basis and
reach, and the deadlines of the procedures. Nothing here is written by hand:
a new pack shows itself. Each list has the anchor ``#list-<id>`` and each
measure ``#measure-<id>``, so other pages can link to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from string import Template

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from publiccredit.policy.model import Deadline, LegalBasis, ListDefinition, Measure, Pack
from publiccredit.policy.model.common import Certainty, PeriodValue, Source
from publiccredit.web import data
from publiccredit.web.html import Markup, join, render
from publiccredit.web.i18n import language
from publiccredit.web.layout import page, table
from publiccredit.web.pages import list_name, record_type_name
from publiccredit.web.policy_words import say


def _t(lang: str, key: str, **values: object) -> str:
    return Template(say(lang)[key]).substitute(values)


def period(lang: str, value: PeriodValue | None) -> str:
    """``P1Y6M`` as "1 year(s) 6 month(s)" / "1年6个月"; ``None`` as no fixed term."""
    if value is None:
        return say(lang)["no_fixed_term"]
    parts = [
        _t(lang, key, n=n)
        for key, n in (("years", value.years), ("months", value.months), ("days", value.days))
        if n
    ]
    return ("" if lang == "zh" else " ").join(parts) or _t(lang, "days", n=0)


def certainty(lang: str, value: Certainty) -> Markup:
    """The certainty mark of a rule (verified, secondary, unverified)."""
    return render(
        '<span class="badge certainty $v" title="$label">$label</span>',
        v=value.value,
        label=say(lang)[value.value],
    )


def basis(lang: str, legal_basis: Source | LegalBasis, mark: Certainty) -> Markup:
    """Instrument and article, its note, and the certainty mark."""
    note = (
        render(' <span class="muted">($n)</span>', n=legal_basis.note) if legal_basis.note else ""
    )
    return render("$cite$note $mark", cite=legal_basis.cite(), note=note,
                  mark=certainty(lang, mark))  # fmt: skip


def _where(lang: str, where: dict[str, tuple[str, ...]]) -> str:
    return "; ".join(f"{name} ∈ {{{', '.join(values)}}}" for name, values in where.items())


def _with_where(lang: str, name: str, where: dict[str, tuple[str, ...]]) -> str:
    return f"{name} ({say(lang)['where']} {_where(lang, where)})" if where else name


def _entry(pack: Pack, lang: str, definition: ListDefinition) -> list[str]:
    found = []
    for rule in definition.entry:
        text = _with_where(lang, record_type_name(pack, rule.record_type, lang), rule.where)
        if rule.consecutive_years:
            text += ", " + _t(lang, "consecutive", n=rule.consecutive_years)
        found.append(text)
    return found


def _duration(lang: str, definition: ListDefinition) -> list[str]:
    found = [say(lang)["until_newer"]] if definition.superseded_by_newer else []
    if definition.duration is not None or not definition.superseded_by_newer:
        found.insert(0, period(lang, definition.duration))
    found += [
        _t(lang, "override", where=_where(lang, o.where), duration=period(lang, o.duration))
        for o in definition.duration_overrides
    ]
    if definition.extension_max is not None:
        found.append(_t(lang, "extension", max=period(lang, definition.extension_max)))
    return found


def _exits(pack: Pack, lang: str, definition: ListDefinition) -> list[str]:
    found = []
    for rule in definition.exits:
        text = _with_where(lang, record_type_name(pack, rule.record_type, lang), rule.where)
        if rule.deadline is not None:
            text += ": " + _t(lang, "exit_deadline", n=rule.deadline)
        found.append(text)
    found += [
        _t(lang, "cured_by", what=_with_where(lang, record_type_name(pack, c.record_type, lang),
                                              c.entry_where))
        for c in definition.cured_by
    ]  # fmt: skip
    if definition.early_removal is not None:
        early = definition.early_removal
        found.append(_t(lang, "early_removal", after=period(lang, early.after),
                        conditions=", ".join(early.conditions)))  # fmt: skip
    if definition.removal_on_revocation is not None:
        found.append(_t(lang, "on_revocation", n=definition.removal_on_revocation))
    if definition.escalation is not None:
        up = definition.escalation
        to = list_name(pack, up.to_list, lang)
        after = period(lang, up.after)
        found.append(_t(lang, "escalation", after=after, to=to, days=up.warning_before_days))
    return found


def _notice(lang: str, definition: ListDefinition) -> list[str]:
    notice = definition.notice
    if notice is None:
        return [say(lang)["none"]]
    found = [say(lang)["notice_required" if notice.required else "notice_not_required"]]
    if notice.objection_window is not None:
        found.append(_t(lang, "objection_window", window=period(lang, notice.objection_window)))
    if notice.objection_working_days is not None:
        found.append(_t(lang, "objection_days", n=notice.objection_working_days))
    if notice.hearing:
        found.append(say(lang)["hearing"])
    if notice.effective_on_decision:
        found.append(say(lang)["effective_on_decision"])
    return found


def _items(lines: Iterable[str]) -> Markup:
    shown = list(lines)
    if len(shown) == 1:
        return render("$t", t=shown[0])
    return render("<ul>$i</ul>", i=join(render("<li>$t</li>", t=line) for line in shown))


def _facts(rows: list[tuple[str, object]]) -> Markup:
    return render(
        "<dl>$rows</dl>",
        rows=join(render("<dt>$k</dt><dd>$v</dd>", k=k, v=v) for k, v in rows),
    )


def list_section(pack: Pack, lang: str, definition: ListDefinition) -> Markup:
    """One list, with the anchor ``list-<id>``."""
    words = say(lang)
    facts: list[tuple[str, object]] = [
        (words["kind"], words[definition.kind.value]),
        (words["subjects"], ", ".join(words[k.value] for k in definition.subject_kinds)),
        (words["managing_authority"], definition.managing_authority),
        (words["legal_basis"], basis(lang, definition.legal_basis, definition.certainty)),
        (words["entry"], _items(_entry(pack, lang, definition))),
        (words["duration"], _items(_duration(lang, definition))),
        (words["exit"], _items(_exits(pack, lang, definition) or [words["none"]])),
        (words["notice"], _items(_notice(lang, definition))),
        (words["source"], basis(lang, definition.source, definition.certainty)),
        (words["public"], words["yes" if definition.public else "no"]),
    ]
    if definition.marked_only_entity_kinds:
        kinds = ", ".join(definition.marked_only_entity_kinds)
        facts.append((words["marked"], _t(lang, "marked_only", kinds=kinds)))
    if definition.description:
        facts.append((words["description"], definition.description))
    return render(
        '<section id="list-$id" class="rule"><h3>$zh · $en</h3>$facts</section>',
        id=definition.id,
        zh=definition.name_zh,
        en=definition.name_en,
        facts=_facts(facts),
    )


def _reach(pack: Pack, lang: str, measure: Measure) -> str:
    words, targets = say(lang), measure.targets
    parts = []
    if targets.lists:
        names = ", ".join(list_name(pack, list_id, lang) for list_id in targets.lists)
        parts.append(_t(lang, "lists_reach", v=names))
    if targets.rating_levels:
        parts.append(_t(lang, "levels_reach", v=", ".join(targets.rating_levels)))
    if targets.persons:
        persons = ", ".join(words[p.value] for p in targets.persons)
        parts.append(_t(lang, "persons_reach", v=persons))
    return "; ".join(parts) or words["none"]


def _covers(pack: Pack, lang: str, legal_basis: LegalBasis) -> str:
    """How far the cited instrument reaches, from the pack's registry."""
    words = say(lang)
    instrument = pack.instruments_by_id.get(legal_basis.instrument)
    if instrument is None:
        return words["none"]
    covers = instrument.covers
    parts = []
    if covers.lists:
        names = ", ".join(list_name(pack, list_id, lang) for list_id in covers.lists)
        parts.append(_t(lang, "lists_reach", v=names))
    if covers.rating_levels:
        parts.append(_t(lang, "levels_reach", v=", ".join(covers.rating_levels)))
    if covers.persons:
        persons = ", ".join(words.get(p, p) for p in covers.persons)
        parts.append(_t(lang, "persons_reach", v=persons))
    return "; ".join(parts) or words["none"]


def measures_table(pack: Pack, lang: str) -> Markup:
    """Every measure: plain words, class, effect, legal basis, reach; rows ``measure-<id>``."""
    words = say(lang)
    headers = [words["measure"], words["class"], words["legal_basis"], words["reach"],
               words["implementing_agency"]]  # fmt: skip
    rows = join(
        render(
            '<tr id="measure-$id"><td>$content<br><span class="muted">$id</span></td>'
            '<td>$class_ · $effect</td><td>$basis<br><span class="muted">$covers_label: '
            "$covers</span></td><td>$reach</td><td>$agency</td></tr>",
            id=m.id,
            content=m.content_zh if lang == "zh" else m.content_en,
            class_=words[m.measure_class.value],
            effect=words[m.effect.value],
            basis=basis(lang, m.legal_basis, m.certainty),
            covers_label=words["covers"],
            covers=_covers(pack, lang, m.legal_basis),
            reach=_reach(pack, lang, m),
            agency=m.implementing_agency,
        )
        for m in pack.measures
    )
    head = join(render("<th>$h</th>", h=h) for h in headers)
    return render("<table><thead><tr>$h</tr></thead><tbody>$r</tbody></table>", h=head, r=rows)


def _limit(lang: str, deadline: Deadline) -> str:
    if deadline.working_days is not None:
        return _t(lang, "working_days", n=deadline.working_days)
    return _t(lang, "calendar_days", n=deadline.calendar_days or 0)


def deadlines_table(pack: Pack, lang: str) -> Markup:
    """The procedures' deadlines: procedure, step, scope, limit, extendable, basis."""
    words = say(lang)
    rows: list[list[object]] = [
        [words.get(d.procedure, d.procedure), d.step, ", ".join(d.applies_to) or words["all"],
         ", ".join(d.agency_kinds) or words["all"], _limit(lang, d),
         words["yes" if d.extendable else "no"], basis(lang, d.source, d.certainty)]
        for d in pack.procedures.deadlines
    ]  # fmt: skip
    headers = [words[k] for k in ("procedure", "step", "applies_to", "agencies", "limit",
                                  "extendable", "legal_basis")]  # fmt: skip
    return table(headers, rows)


def policy_body(pack: Pack, lang: str) -> Markup:
    """The whole page body: the pack, a table of contents, lists, measures, deadlines."""
    words = say(lang)
    info = pack.info
    contents = join(
        render('<li><a href="#list-$id">$name</a></li>', id=d.id, name=list_name(pack, d.id, lang))
        for d in pack.lists
    )
    return join([
        render("<p>$intro</p><p>$pack</p><p class=\"muted\">$note</p>", intro=words["intro"],
               pack=_t(lang, "pack", id=info.id, version=pack.version,
                       jurisdiction=info.jurisdiction),
               note=words["certainty_note"]),
        render("<nav aria-label=\"$c\"><h2>$l</h2><ul>$items</ul></nav>", c=words["contents"],
               l=words["lists"], items=contents),
        join(list_section(pack, lang, d) for d in pack.lists),
        render('<h2 id="measures">$t</h2>', t=words["measures"]),
        measures_table(pack, lang),
        render('<h2 id="deadlines">$t</h2>', t=words["deadlines"]),
        deadlines_table(pack, lang),
    ])  # fmt: skip


def policy_page(request: Request) -> Response:
    """``/portal/policy``: the active pack in plain words."""
    state = request.app.state.api
    lang = language(request.query_params.get("lang"))
    data.public_caller(state, request)
    body = policy_body(state.pack, lang)
    shown = page(lang, say(lang)["policy"], body, request.url.path, dict(request.query_params))
    return HTMLResponse(shown)


ROUTES: list[BaseRoute] = [Route("/policy", policy_page)]
"""The portal routes of this module (``create_portal`` mounts them)."""
