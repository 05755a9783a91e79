"""``publiccredit policy``: validate, show, diff and document policy packs.

Thin: each command loads packs through ``publiccredit.policy`` and renders.
A refused pack exits with code 4 and lists every problem (file, rule id,
field, reason).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from publiccredit.cli.errors import exit_code_for
from publiccredit.cli.output import console, err_console, print_json_line
from publiccredit.errors import PolicyError
from publiccredit.policy import default_pack, load_pack
from publiccredit.policy.diff import diff_packs
from publiccredit.policy.docs import render_markdown, render_section
from publiccredit.policy.model import Pack

policy_app = typer.Typer(
    help="Policy packs: the rules as data. Validate, show, compare and document them.",
    no_args_is_help=True,
)


class Section(StrEnum):
    """Sections of a pack that ``show`` can print."""

    DIRECTORY = "directory"
    PUBLICATION = "publication"
    LISTS = "lists"
    MEASURES = "measures"
    INSTRUMENTS = "instruments"
    ACTIONS = "actions"
    EVALUATION = "evaluation"
    PROCEDURES = "procedures"


def _pack(path: Path | None) -> Pack:
    return default_pack() if path is None else load_pack(path)


def counts(pack: Pack) -> dict[str, int]:
    """How many rules of each kind a pack holds."""
    return {
        "categories": len(pack.directory.categories),
        "record_types": len(pack.directory.record_types),
        "publication_rules": len(pack.publication),
        "lists": len(pack.lists),
        "actions": len(pack.actions),
        "measures": len(pack.measures),
        "evaluation_inputs": len(pack.evaluation.inputs),
        "evaluation_overrides": len(pack.evaluation.overrides),
        "deadlines": len(pack.procedures.deadlines),
    }


def report_refusal(error: PolicyError) -> typer.Exit:
    """Print a refused pack's problems on stderr; the exit (code 4) to raise."""
    err_console.print(f"[bold red]REFUSED[/] {escape(error.message)}", soft_wrap=True)
    for problem in error.problems:
        err_console.print("  " + escape(problem.describe()), soft_wrap=True)
    return typer.Exit(exit_code_for(error))


@policy_app.command()
def validate(
    path: Path | None = typer.Argument(None, help="Pack folder; default: the packaged cn pack."),
) -> None:
    """Check a pack: schema, references, consistency and guardrails. Exit 4 if refused."""
    try:
        pack = _pack(path)
    except PolicyError as error:
        raise report_refusal(error) from None
    summary = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts(pack).items())
    console.print(f"OK {pack.info.id} {pack.version}: {summary}", markup=False, soft_wrap=True)


@policy_app.command()
def show(
    section: Section | None = typer.Option(None, "--section", help="Only this section."),
    as_json: bool = typer.Option(False, "--json", help="One JSON document instead of text."),
    pack_path: Path | None = typer.Option(None, "--pack", help="Pack folder; default: cn."),
) -> None:
    """Print a pack, or one section of it, as Markdown text or JSON."""
    pack = _pack(pack_path)
    if as_json:
        data = pack.model_dump(mode="json")
        value: Any = data
        if section is Section.DIRECTORY:
            value = data["directory"]
        elif section is not None:
            value = data[section.value]
        print_json_line(value)
        return
    text = render_markdown(pack) if section is None else render_section(pack, section.value)
    typer.echo(text, nl=False)


@policy_app.command()
def diff(
    old: Path = typer.Argument(..., help="Pack folder A (before)."),
    new: Path = typer.Argument(..., help="Pack folder B (after)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON document instead of text."),
) -> None:
    """What changed from pack A to pack B, rule by rule."""
    pack_a, pack_b = load_pack(old), load_pack(new)
    changes = diff_packs(pack_a, pack_b)
    if as_json:
        print_json_line(
            {
                "from": pack_a.version,
                "to": pack_b.version,
                "changes": [c.to_json() for c in changes],
            }
        )
        return
    typer.echo(f"{pack_a.version} → {pack_b.version}: {len(changes)} rules differ")
    for change in changes:
        fields = f": {', '.join(change.fields)}" if change.fields else ""
        typer.echo(f"{change.change:8} {change.section} {change.id}{fields}")


@policy_app.command()
def docs(
    out: Path | None = typer.Option(None, "--out", help="Write to this file instead of stdout."),
    pack_path: Path | None = typer.Option(None, "--pack", help="Pack folder; default: cn."),
) -> None:
    """Generate the pack's Markdown reference (docs/policy-cn.md for the cn pack)."""
    text = render_markdown(_pack(pack_path))
    if out is None:
        typer.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    err_console.print(f"wrote {out}", markup=False)


def register(app: typer.Typer) -> None:
    """Add the ``policy`` command group to the app."""
    app.add_typer(policy_app, name="policy")
