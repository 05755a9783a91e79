"""Render a pack as Markdown reference documentation, whole or one section at a time."""

from __future__ import annotations

from collections.abc import Callable

from publiccredit.policy.docs.format import basis, cite, names, period, table, validity, where
from publiccredit.policy.docs.procedures import render_procedures
from publiccredit.policy.docs.rules import (
    render_evaluation,
    render_instruments,
    render_lists,
    render_measures,
)
from publiccredit.policy.model import Pack

REGENERATE = "publiccredit policy docs --out docs/policy-cn.md"
"""The command that regenerates the cn pack's reference page."""


def render_directory(pack: Pack) -> str:
    """Categories and record types: who submits what, public or not, fields and severity."""
    categories = table(
        ("id", "中文", "English", "subject matter", "source", "certainty"),
        (
            (
                f"`{c.id}`",
                c.name_zh,
                c.name_en,
                ", ".join(c.subject_matter),
                cite(c.source),
                c.certainty.value,
            )
            for c in pack.directory.categories
        ),
    )
    types = table(
        (
            "id",
            "category",
            "name",
            "subjects",
            "submitters",
            "public",
            "severity",
            "required fields",
            "optional fields",
            "allowed values",
            "source",
            "certainty",
        ),
        (
            (
                f"`{t.id}`",
                t.category,
                f"{t.name_en} {t.name_zh}",
                ", ".join(t.subject_kinds),
                ", ".join(t.submitters),
                "yes" if t.public else "no",
                ("required: " if t.severity.required else "")
                + (", ".join(t.severity.allowed) or "–"),
                names(t.required_fields),
                names(t.optional_fields),
                where(t.field_values),
                cite(t.source),
                t.certainty.value,
            )
            for t in pack.directory.record_types
        ),
    )
    return "\n\n".join(["## Directory", "### Categories", categories, "### Record types", types])


def render_publication(pack: Pack) -> str:
    """Publication rules by regime: periods, repairability, filters, sources."""
    rows = []
    for r in pack.publication:
        filters = [
            f"severity ∈ {{{', '.join(r.severities)}}}" if r.severities else "",
            f"agency ∈ {{{', '.join(r.agency_kinds)}}}" if r.agency_kinds else "",
            f"any penalty ∈ {{{', '.join(r.penalty_kinds_any)}}}" if r.penalty_kinds_any else "",
            f"only penalties ∈ {{{', '.join(r.penalty_kinds_only)}}}"
            if r.penalty_kinds_only
            else "",
            f"sector ∈ {{{', '.join(r.sectors)}}}" if r.sectors else "",
        ]
        repair = "yes" if r.repairable else f"no: {r.not_repairable_reason}"
        maximum = period(r.maximum) + (
            " (or while a ban lasts)" if r.extend_to_effective_until else ""
        )
        rows.append(
            (
                f"`{r.id}`",
                r.regime,
                names(r.record_types),
                "; ".join(filter(None, filters)),
                validity(r),
                r.priority,
                "yes" if r.published else "no",
                period(r.minimum),
                maximum,
                repair,
                "–" if r.publish_within is None else f"{r.publish_within} wd",
                cite(r.source)
                + (f"; legal basis: {basis(r.legal_basis)}" if r.legal_basis else ""),
                r.certainty.value,
            )
        )
    headers = (
        "id",
        "regime",
        "record types",
        "filters",
        "decided",
        "priority",
        "published",
        "minimum",
        "maximum",
        "repairable",
        "publish within",
        "source",
        "certainty",
    )
    intro = (
        "A record is judged under the rules in force on its decision date. Among the rules "
        "that match it the highest priority wins, then the longest maximum. `minimum`: the "
        "shortest publication before repair may be applied for; `maximum`: publication ends "
        "by itself."
    )
    return "\n\n".join(["## Publication", intro, table(headers, rows)])


def render_actions(pack: Pack) -> str:
    """The action keys a decision may be asked about, with their sub-items."""
    rows = [
        (
            f"`{a.id}`",
            a.name_zh,
            a.name_en,
            "; ".join(f"`{a.id}.{k}`: {v}" for k, v in a.sub_items.items()),
        )
        for a in pack.actions
    ]
    return "## Actions\n\n" + table(("id", "中文", "English", "sub-items"), rows)


SECTIONS: dict[str, Callable[[Pack], str]] = {
    "directory": render_directory,
    "publication": render_publication,
    "lists": render_lists,
    "actions": render_actions,
    "measures": render_measures,
    "instruments": render_instruments,
    "evaluation": render_evaluation,
    "procedures": render_procedures,
}
"""Section name → renderer, in page order."""


def render_section(pack: Pack, section: str) -> str:
    """One section of the reference page (a key of ``SECTIONS``)."""
    return SECTIONS[section](pack) + "\n"


def render_markdown(pack: Pack) -> str:
    """The whole reference page of ``pack``."""
    info = pack.info
    header = "\n\n".join(
        [
            f"# Policy pack `{info.id}`: {info.name}",
            f"<!-- Generated from the pack; do not edit. Regenerate with: {REGENERATE} -->",
            f"Jurisdiction: {info.jurisdiction}. Version (`policy_version`): `{pack.version}`.",
            info.description,
            "Certainty: **verified** — read in the primary text; **secondary** — from a reprint "
            "or a reputable secondary source; **unverified** — kept configurable until someone "
            "reads the source. `wd` = working days on the official calendar.",
        ]
    )
    return "\n\n".join([header, *(renderer(pack) for renderer in SECTIONS.values())]) + "\n"
