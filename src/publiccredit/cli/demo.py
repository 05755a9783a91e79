"""``publiccredit demo``: generate a synthetic data set, read it back, show what is in it.

The demo exercises the same path an agency's file takes (the readers of
``publiccredit.ingest``), so a newcomer sees real numbers within seconds.
Later issues extend it to build a database and serve the platform.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import typer
from rich.table import Table

from publiccredit.cli.output import console, err_console
from publiccredit.domain.record import SubjectKind
from publiccredit.identifiers.regions import provinces
from publiccredit.ingest import read_records
from publiccredit.synth import SynthConfig, write

KIND_NAMES = {
    "91": "enterprise", "92": "individual business", "93": "farmers' cooperative",
    "11": "government organ", "12": "public institution", "51": "social group",
    "52": "private non-enterprise unit",
}  # fmt: skip


@dataclass
class DemoCounts:
    """What the read-back found: distinct entities by kind and province, records by type."""

    records: int = 0
    rejected: int = 0
    entities: set[str] = field(default_factory=set)
    by_type: Counter[str] = field(default_factory=Counter)

    def by_kind(self) -> Counter[str]:
        """Distinct entities by USCC kind (positions 1–2)."""
        return Counter(KIND_NAMES.get(code[:2], code[:2]) for code in self.entities)

    def by_province(self) -> Counter[str]:
        """Distinct entities by province (USCC positions 3–4)."""
        names = provinces()
        return Counter(names.get(code[2:4], code[2:4]) for code in self.entities)


def count(path: Path) -> DemoCounts:
    """Read ``path`` through the ingest readers and count what is in it."""
    counts = DemoCounts()
    for result in read_records(path):
        if result.record is None:
            counts.rejected += 1
            continue
        counts.records += 1
        counts.by_type[result.record.record_type] += 1
        if result.record.subject_kind is SubjectKind.ENTITY:
            counts.entities.add(result.record.subject_id)
    return counts


def _table(title: str, heading: str, counter: Counter[str], limit: int = 40) -> Table:
    table = Table(title=title)
    table.add_column(heading)
    table.add_column("count", justify="right")
    for name, number in counter.most_common(limit):
        table.add_row(name, f"{number:,}")
    return table


def demo(
    out: Path = typer.Option(Path("demo-data"), "--out", help="Folder for the demo data."),
    entities: int = typer.Option(1000, "--entities", help="How many synthetic entities."),
    seed: int = typer.Option(0, "--seed", help="Random seed (same seed, same data)."),
) -> None:
    """Generate a synthetic data set, read it back through the readers, and summarise it."""
    err_console.print(f"generating {entities:,} synthetic entities …")
    summary = write(SynthConfig(entities=entities, seed=seed), out, "csv")
    err_console.print(f"reading {summary.path} back …")
    counts = count(summary.path)
    console.print(_table("Entities by kind", "kind", counts.by_kind()))
    console.print(_table("Entities by province", "province", counts.by_province(), limit=10))
    console.print(_table("Records by type", "record type", counts.by_type))
    console.print(
        f"{counts.records:,} records about {len(counts.entities):,} entities"
        f" ({counts.rejected} rejected) in {summary.path}"
    )


def register(app: typer.Typer) -> None:
    """Add ``demo`` to the app."""
    app.command(name="demo")(demo)
