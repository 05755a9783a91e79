"""Markdown for the rule-heavy sections: lists, measures, the evaluation weights."""

from __future__ import annotations

from publiccredit.policy.docs.format import basis, cite, names, period, table, validity, where
from publiccredit.policy.model import ListDefinition, Pack
from publiccredit.policy.model.common import PeriodValue


def _term(duration: PeriodValue | None) -> str:
    return "no fixed term" if duration is None else str(duration)


def _list_lines(definition: ListDefinition) -> list[str]:
    entries = [
        f"`{e.record_type}`" + (f" where {where(e.where)}" if e.where else "")
        for e in definition.entry
    ]
    entries = [
        text + (f", {e.consecutive_years} consecutive years" if e.consecutive_years else "")
        for text, e in zip(entries, definition.entry, strict=True)
    ]
    exits = [
        f"`{x.record_type}`"
        + (f" where {where(x.where)}" if x.where else "")
        + (f", within {x.deadline} working days" if x.deadline is not None else "")
        for x in definition.exits
    ]
    lines = [
        f"- Kind: {definition.kind.value}; subjects: {', '.join(definition.subject_kinds)}; "
        f"public: {'yes' if definition.public else 'no'}",
        f"- Applies to: {names(definition.applies_to)}",
        f"- Managing authority: {definition.managing_authority}",
        f"- Legal basis: {basis(definition.legal_basis)}",
        f"- Entry: {'; '.join(entries)}",
        f"- Exits: {'; '.join(exits) if exits else '–'}",
        f"- Duration: {_term(definition.duration)}",
    ]
    lines += [
        f"- Duration where {where(o.where)}: {_term(o.duration)}"
        for o in definition.duration_overrides
    ]
    if definition.extension_max:
        lines.append(f"- Extension: up to {definition.extension_max}")
    if definition.superseded_by_newer:
        lines.append("- Ends when a newer record of the same type replaces the entry record")
    if definition.early_removal:
        early = definition.early_removal
        hidden = "; afterwards neither listing nor removal is shown" if early.hides_history else ""
        lines.append(
            f"- Early removal: after {early.after} if {', '.join(early.conditions)}{hidden}"
        )
    for cure in definition.cured_by:
        same = f", same {', '.join(cure.same_fields)}" if cure.same_fields else ""
        matched = "".join(f", {k} in {', '.join(v)}" for k, v in cure.entry_where.items())
        lines.append(
            f"- Cured by `{cure.record_type}` (entries{matched}{same}): a removal case opens, "
            "for the agency to decide within the exit deadline"
        )
    if definition.removal_on_revocation is not None:
        lines.append(
            f"- Removed within {definition.removal_on_revocation} working days when the "
            "decision behind it is revoked"
        )
    if definition.escalation:
        up = definition.escalation
        lines.append(
            f"- Escalation: proposal for `{up.to_list}` after {up.after} without cure, "
            f"warning {up.warning_before_days} days ahead (a person decides)"
        )
    if definition.notice:
        notice = definition.notice
        parts = ["required" if notice.required else "not required"]
        parts += [f"objection window {notice.objection_window}"] if notice.objection_window else []
        if notice.objection_working_days is not None:
            parts.append(f"objection within {notice.objection_working_days} working days")
        parts += ["hearing"] if notice.hearing else []
        parts += ["effective on the decision itself"] if notice.effective_on_decision else []
        parts += [f"window counted from {notice.window_from.value}"]
        parts += ["only through the listing procedure"] if notice.through_procedure else []
        if notice.source is not None:
            parts.append(f"source: {cite(notice.source)} ({notice.certainty or 'unmarked'})")
        lines.append(f"- Notice: {', '.join(parts)}")
    if definition.rests_on:
        rests_on = definition.rests_on
        kinds = "; or ".join(
            names(condition.record_types)
            + "".join(
                f" with {key} in {', '.join(values)}" for key, values in condition.where.items()
            )
            for condition in rests_on.any_of
        )
        lines.append(
            f"- A proposal rests on (`refers_to`): {kinds}. Source: {cite(rests_on.source)}; "
            f"certainty: **{rests_on.certainty.value}**"
        )
    if definition.marked_only_entity_kinds:
        lines.append(f"- Marked, not listed: {names(definition.marked_only_entity_kinds)}")
    lines.append(
        f"- Source: {cite(definition.source)}; certainty: **{definition.certainty.value}**; "
        f"valid: {validity(definition)}"
    )
    return lines


def render_lists(pack: Pack) -> str:
    """Every list with its legal basis, entry, exits, due process and certainty."""
    parts = ["## Lists"]
    for definition in pack.lists:
        parts.append(f"### {definition.name_en} ({definition.name_zh}) — `{definition.id}`")
        if definition.description:
            parts.append(definition.description)
        parts.append("\n".join(_list_lines(definition)))
    return "\n\n".join(parts)


def render_measures(pack: Pack) -> str:
    """The measure catalogue: content, targets, legal basis and its reach, certainty."""
    rows = []
    for m in pack.measures:
        targets = [
            *(f"list `{x}`" for x in m.targets.lists),
            *(f"level {x}" for x in m.targets.rating_levels),
        ]
        targets += [f"binds {', '.join(m.targets.persons)}"] if m.targets.persons else []
        rows.append(
            (
                f"`{m.id}`",
                f"{m.measure_class.value} / {m.effect.value}",
                f"{m.content_en} {m.content_zh}",
                "; ".join(targets),
                names(m.actions),
                basis(m.legal_basis),
                m.implementing_agency,
                m.edition,
                m.certainty.value,
            )
        )
    headers = (
        "id",
        "class / effect",
        "content",
        "targets",
        "actions",
        "legal basis",
        "implementing agency",
        "edition",
        "certainty",
    )
    return "## Measures\n\n" + table(headers, rows)


def render_instruments(pack: Pack) -> str:
    """The instrument registry: what each legal basis may cite, and how far it reaches."""
    rows = []
    for i in pack.instruments:
        c = i.covers
        reach = [
            f"{label}: {', '.join(values)}"
            for label, values in (
                ("subjects", c.subject_kinds),
                ("entity kinds", c.entity_kinds),
                ("lists", c.lists),
                ("levels", c.rating_levels),
                ("persons", c.persons),
                ("measure classes", c.measure_classes),
                ("publication of", c.record_types),
            )
            if values
        ]
        reach.append(f"longest listing: {period(c.max_listing)}")
        reach += [f"longest publication: {c.max_publication}"] if c.max_publication else []
        reach += ["no fixed term allowed"] if c.open_ended else []
        note = f" [{i.note}]" if i.note else ""
        rows.append(
            (
                f"`{i.id}`",
                f"{i.title()}{note}",
                f"{i.kind.value}, {i.issuer}",
                "; ".join(i.articles),
                "; ".join(reach),
                i.certainty.value,
            )
        )
    headers = ("id", "title", "kind, issuer", "articles", "covers", "certainty")
    return "## Instruments (legal bases)\n\n" + table(headers, rows)


def render_evaluation(pack: Pack) -> str:
    """The evaluation model: levels, weights table, merit limits and overrides."""
    ev = pack.evaluation
    subjects = ", ".join(ev.subject_kinds)
    intro = (
        f"{ev.description}\n\nSubjects: {subjects}; entity kinds rated: "
        f"{names(ev.applies_to)} (any other kind is not rated). Base score "
        f"{ev.base_score:g}; merits count at most {ev.merit_cap:g} points and at most "
        f"{ev.merit_offset_share:g} of the demerits they offset; "
        f"at most {ev.max_reason_codes} reason codes are shown. Source: {cite(ev.source)}; "
        f"certainty: **{ev.certainty.value}**."
    )
    levels = table(
        ("level", "from score", "English", "中文"),
        ((lv.level, f"{lv.min_score:g}", lv.name_en, lv.name_zh) for lv in ev.levels),
    )
    weights = table(
        ("code", "record type", "filter", "points", "decay", "max count", "meaning", "certainty"),
        (
            (
                f"`{i.code}`",
                f"`{i.record_type}`",
                "; ".join(
                    filter(
                        None,
                        [
                            f"severity ∈ {{{', '.join(i.severities)}}}" if i.severities else "",
                            where(i.where),
                        ],
                    )
                ),
                f"{i.points:+g}",
                period(i.decay),
                i.max_count if i.max_count is not None else "–",
                f"{i.description_en} {i.description_zh}",
                i.certainty.value,
            )
            for i in ev.inputs
        ),
    )
    overrides = table(
        ("code", "while on list", "level at most", "meaning", "certainty"),
        (
            (
                f"`{o.code}`",
                f"`{o.when_list}`",
                o.at_most,
                f"{o.description_en} {o.description_zh}",
                o.certainty.value,
            )
            for o in ev.overrides
        ),
    )
    return "\n\n".join(
        [
            "## Evaluation",
            intro,
            "### Levels",
            levels,
            "### Weights",
            weights,
            "### Overrides",
            overrides,
        ]
    )
