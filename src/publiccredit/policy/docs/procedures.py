"""Markdown for the procedures section: deadlines, repeat-offender bars, materials."""

from __future__ import annotations

from publiccredit.policy.docs.format import cite, names, table, validity
from publiccredit.policy.model import Pack


def render_procedures(pack: Pack) -> str:
    """Deadlines, repeat-offender bars and materials."""
    procedures = pack.procedures
    deadlines = table(
        (
            "id",
            "procedure",
            "step",
            "applies to",
            "agencies",
            "limit",
            "extendable",
            "further review",
            "decided",
            "source",
            "certainty",
        ),
        (
            (
                f"`{d.id}`",
                d.procedure,
                d.step,
                names(d.applies_to) if d.applies_to else "all",
                ", ".join(d.agency_kinds) or "all",
                f"{d.working_days} working days"
                if d.working_days is not None
                else f"{d.calendar_days} calendar days",
                "yes" if d.extendable else "no",
                d.further_review or "–",
                validity(d),
                cite(d.source),
                d.certainty.value,
            )
            for d in procedures.deadlines
        ),
    )
    bars = table(
        ("id", "record types", "threshold", "window", "bar", "decided", "source", "certainty"),
        (
            (
                f"`{b.id}`",
                names(b.record_types),
                b.threshold,
                b.window,
                b.bar,
                validity(b),
                cite(b.source),
                b.certainty.value,
            )
            for b in procedures.repeat_offender_bars
        ),
    )
    materials = table(
        ("procedure", "materials"), ((k, ", ".join(v)) for k, v in procedures.materials.items())
    )
    others = procedures.objections_by_others
    who = (
        "Only the subject may object."
        if others is None
        else f"Besides the subject, anyone may object to: {', '.join(others.targets)}"
        + (" (public records only)" if others.public_records_only else "")
        + (", with evidence" if others.evidence_required else "")
        + f". `{others.id}`; source: {cite(others.source)}; certainty: {others.certainty.value}"
    )
    parts = [
        "## Procedures",
        "### Who may object",
        who,
        "### Deadlines",
        deadlines,
        "### Repeat-offender bars",
        bars,
        "### Materials",
        materials,
    ]
    return "\n\n".join(parts)
