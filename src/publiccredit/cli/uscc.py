"""``publiccredit uscc``: check Unified Social Credit Codes from the command line.

Thin by design: read the codes (arguments, a text file or a CSV column), call
``publiccredit.identifiers.uscc.check`` on each, render. Exit code 0 when no
code is invalid (warnings are fine), 1 when at least one is, 3 when the input
file cannot be used.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from publiccredit.cli.errors import exit_code_for
from publiccredit.cli.output import console, err_console, print_json_line
from publiccredit.errors import InvalidInput, Problem
from publiccredit.identifiers.regions import RegionInfo, RegionStatus
from publiccredit.identifiers.uscc import UsccCheck, UsccStatus, check

_STATUS_STYLE = {
    UsccStatus.VALID: "green",
    UsccStatus.WARNING: "yellow",
    UsccStatus.INVALID: "bold red",
}


def register(app: typer.Typer) -> None:
    """Add the ``uscc`` command to the app."""
    app.command("uscc")(uscc)


def uscc(
    codes: Annotated[
        list[str] | None,
        typer.Argument(metavar="CODE", help="Codes to check.", show_default=False),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", "-f", help="Read codes from FILE, one per line (or a CSV column)."),
    ] = None,
    column: Annotated[
        str | None, typer.Option("--column", "-c", help="With --file: the CSV column to read.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per code (JSON Lines).")
    ] = False,
) -> None:
    """Check USCCs: normalised form, status (valid / warning / invalid), kind, region, reasons.

    Exit code 0 when no code is invalid (warnings are fine), 1 when one is,
    3 when the file cannot be read or has no such column.
    """
    if column is not None and file is None:
        raise typer.BadParameter("--column needs --file", param_hint="--column")
    if not codes and file is None:
        raise typer.BadParameter("give at least one CODE or --file FILE", param_hint="CODE")
    try:
        inputs = [*(codes or []), *(read_codes(file, column) if file is not None else [])]
    except InvalidInput as error:
        err_console.print(f"[bold red]error:[/] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(exit_code_for(error)) from None
    results = [check(code) for code in inputs]
    for result in results:
        if as_json:
            print_json_line(result.to_json())
        else:
            _render(result)
    if any(result.status is UsccStatus.INVALID for result in results):
        raise typer.Exit(1)


def read_codes(path: Path, column: str | None) -> list[str]:
    """Codes from a text file (one per non-blank line) or from one column of a CSV file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not readable as UTF-8 text"
        raise InvalidInput(
            f"cannot read {path}", (Problem(f"cannot read the file: {reason}", file=str(path)),)
        ) from None
    if column is None:
        return [line.strip() for line in text.splitlines() if line.strip()]
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames is None or column not in reader.fieldnames:
        found = ", ".join(reader.fieldnames or []) or "none"
        raise InvalidInput(
            f"column {column!r} not found in {path}",
            (Problem(f"no column {column!r}; the columns are: {found}", file=str(path)),),
        )
    return [(row.get(column) or "").strip() for row in reader]


def _render(result: UsccCheck) -> None:
    """Human output: the code and its status, then one indented line per fact or reason."""
    style = _STATUS_STYLE[result.status]
    lines = [f"{escape(result.normalized or result.input)}  [{style}]{result.status}[/]"]
    if result.input != result.normalized:
        lines.append(f"  input:  {escape(repr(result.input))}")
    if result.authority is not None:
        category = f"; {result.category.label}" if result.category else ""
        lines.append(f"  kind:   {result.kind} ({escape(result.authority.label + category)})")
    if result.region is not None:
        lines.append(f"  region: {escape(_describe_region(result.region))}")
    lines.extend(f"  - {escape(reason)}" for reason in result.reasons)
    for line in lines:
        console.print(line, soft_wrap=True)


def _describe_region(region: RegionInfo) -> str:
    name = f" {region.name}" if region.name else ""
    if region.status is RegionStatus.CURRENT:
        since = f" since {region.valid_from}" if region.valid_from else ""
        return f"{region.code}{name} (current{since})"
    if region.status is RegionStatus.HISTORICAL:
        years = f"{region.valid_from or '?'}–{region.valid_until or '?'}"
        return f"{region.code}{name} (historical, valid {years})"
    return f"{region.code} (unknown: {region.note})"
