"""``publiccredit synth``: write a synthetic, reproducible record file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from publiccredit.cli.output import console, print_json_line
from publiccredit.errors import InvalidInput, Problem
from publiccredit.synth import FORMATS, SynthConfig, write
from publiccredit.synth.calibration import rate


def parse_day(value: str, option: str) -> date:
    """A YYYY-MM-DD option value, or ``InvalidInput`` naming the option."""
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        problem = Problem("must be a date written YYYY-MM-DD", option, value)
        raise InvalidInput(f"invalid {option}", (problem,)) from error


def make_config(
    entities: int, records_per_entity: float, start: str, end: str, seed: int, bad_rows: int
) -> SynthConfig:
    """Validate the options into a ``SynthConfig`` (``InvalidInput`` on nonsense)."""
    try:
        return SynthConfig(
            entities=entities,
            records_per_entity=records_per_entity,
            start=parse_day(start, "--start"),
            end=parse_day(end, "--end"),
            seed=seed,
            bad_rows=bad_rows,
        )
    except ValueError as error:
        raise InvalidInput(f"invalid options: {error}") from error


def synth(
    out: Path = typer.Option(Path("synth-data"), "--out", help="Folder for records.<format>."),
    entities: int = typer.Option(1000, "--entities", help="How many entities."),
    records_per_entity: float = typer.Option(
        rate("records_per_entity"), "--records-per-entity", help="Mean records per entity."
    ),
    start: str = typer.Option("2019-01-01", "--start", help="First day of the period."),
    end: str = typer.Option("2024-12-31", "--end", help="Last day of the period."),
    seed: int = typer.Option(0, "--seed", help="Same seed and options, same bytes."),
    fmt: str = typer.Option("csv", "--format", help=f"One of: {', '.join(FORMATS)}."),
    bad_rows: int = typer.Option(0, "--bad-rows", help="Mix in this many broken rows."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Generate synthetic records calibrated to published statistics (docs/synthetic-data.md)."""
    config = make_config(entities, records_per_entity, start, end, seed, bad_rows)
    summary = write(config, out, fmt)
    if as_json:
        print_json_line(
            {
                "path": str(summary.path),
                "format": summary.format,
                "entities": summary.entities,
                "records": summary.records,
                "bad_rows": summary.bad_rows,
                "seconds": round(summary.seconds, 3),
                "records_by_type": summary.records_by_type,
            }
        )
        return
    console.print(
        f"wrote {summary.records:,} records about {summary.entities:,} entities"
        f" (+{summary.bad_rows} bad rows) to {summary.path} in {summary.seconds:.1f} s"
    )


def register(app: typer.Typer) -> None:
    """Add ``synth`` to the app."""
    app.command(name="synth")(synth)
