"""``publiccredit demo``: generate a synthetic data set, build a database from it, show it.

The demo takes the same path an agency's file takes: it initialises a fresh
SQLite store in ``<out>/store`` and ingests the generated file through
``publiccredit ingest``'s own code (operator mode: each row's agency is
checked against the directory), so a newcomer sees real numbers and a real
database within a minute, then gets commands to try on it.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import typer
from rich.table import Table

from publiccredit.cli.ingest import run_ingest, summary_json
from publiccredit.cli.output import console, err_console
from publiccredit.cli.serve import run_server
from publiccredit.domain.record import SubjectKind
from publiccredit.errors import InvalidInput
from publiccredit.identifiers.regions import provinces
from publiccredit.ingest import read_records
from publiccredit.ingest.batch import IngestOptions
from publiccredit.policy import default_pack
from publiccredit.store.config import StoreConfig, resolve
from publiccredit.store.keys import create_key
from publiccredit.store.personal import load_personal_keys
from publiccredit.store.setup import initialise, open_store
from publiccredit.synth import SynthConfig, write

DEMO_ENTITIES = 200
"""Default size: ~90,000 records, so ``make demo`` builds its database in well under a minute."""

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


def build_store(records: Path, store_dir: Path) -> str:
    """A fresh SQLite store in ``store_dir`` holding ``records``, ingested as
    ``publiccredit ingest`` does; the database URL. Refuses a file that does not ingest."""
    if store_dir.exists():
        shutil.rmtree(store_dir)
    config = resolve(f"sqlite:///{store_dir / 'publiccredit.sqlite3'}", store_dir)
    initialise(config)
    engine = open_store(config)
    try:
        options = IngestOptions(date.today(), datetime.now(UTC))
        summaries = run_ingest(
            engine,
            [records],
            default_pack(),
            load_personal_keys(store_dir),
            options,
            show_progress=err_console.is_terminal,
        )
    finally:
        engine.dispose()
    totals = summary_json(summaries)
    if not totals["committed"]:
        raise InvalidInput(f"the demo file {records} did not ingest: {summaries[0].problems[:3]}")
    console.print(
        f"ingested {totals['stored']:,} records ({totals['rejected']} rejected, "
        f"{totals['warnings']} with warnings); {totals['subjects_assessed']:,} subjects "
        f"assessed in {summaries[0].seconds:.1f} s"
    )
    return config.db_url


def demo(
    out: Path = typer.Option(Path("demo-data"), "--out", help="Folder for the demo data."),
    entities: int = typer.Option(DEMO_ENTITIES, "--entities", help="How many synthetic entities."),
    seed: int = typer.Option(0, "--seed", help="Random seed (same seed, same data)."),
    serve: bool = typer.Option(False, "--serve", help="Then serve the HTTP API on the demo store."),
    port: int = typer.Option(8000, "--port", help="Port for --serve."),
) -> None:
    """Generate a synthetic data set, ingest it into a fresh database, and summarise it."""
    err_console.print(f"generating {entities:,} synthetic entities …")
    summary = write(SynthConfig(entities=entities, seed=seed), out, "csv")
    err_console.print(f"ingesting {summary.path} into {out / 'store'} …")
    db_url = build_store(summary.path, out / "store")
    counts = count(summary.path)
    console.print(_table("Entities by kind", "kind", counts.by_kind()))
    console.print(_table("Entities by province", "province", counts.by_province(), limit=10))
    console.print(_table("Records by type", "record type", counts.by_type))
    console.print(
        f"{counts.records:,} records about {len(counts.entities):,} entities"
        f" ({counts.rejected} rejected) in {summary.path}"
    )
    example = _listed_entity(summary.path) or next(iter(sorted(counts.entities)), "")
    store = out / "store"
    console.print("\nTry:")
    console.print(
        f"  publiccredit assess --db {db_url} --data-dir {store} --subject {example} "
        f"--as-of {date.today().isoformat()}",
        soft_wrap=True,
    )
    console.print(f"  publiccredit verify --db {db_url} --data-dir {store}", soft_wrap=True)
    console.print(f"  publiccredit sweep --db {db_url} --data-dir {store}", soft_wrap=True)
    _serve_demo(resolve(db_url, store), example, serve, port)


def _serve_demo(config: StoreConfig, example: str, serve: bool, port: int) -> None:
    """Create one demo API key per role, print them, and with ``serve`` run the API."""
    tokens = create_demo_keys(config, example)
    console.print("\nDemo API keys (send as `Authorization: Bearer <token>`):")
    for role, token in tokens.items():
        console.print(f"  {role:12} {token}", soft_wrap=True)
    if serve:
        console.print(f"\nAPI: http://127.0.0.1:{port}/docs   (Ctrl-C stops it)")
        run_server(config, "127.0.0.1", port, 1)


DEMO_AGENCY = "samr-440300"
DEMO_INSTITUTION = "Demo Bank"


def create_demo_keys(config: StoreConfig, subject: str) -> dict[str, str]:
    """One API key per role on the demo store (the subject key acts for ``subject``)."""
    scopes: dict[str, dict[str, str]] = {
        "agency": {"agency": DEMO_AGENCY},
        "subject": {"subject_key": subject},
        "institution": {"institution": DEMO_INSTITUTION},
        "auditor": {},
        "admin": {},
    }
    engine = open_store(config)
    try:
        with engine.begin() as conn:
            return {
                role: create_key(conn, role, label=f"demo {role}", **scope)[1]  # type: ignore[arg-type]
                for role, scope in scopes.items()
            }
    finally:
        engine.dispose()


def _listed_entity(path: Path) -> str | None:
    """An entity with a listing in the file (a more interesting example), if any."""
    for result in read_records(path):
        record = result.record
        if (
            record is not None
            and record.subject_kind is SubjectKind.ENTITY
            and record.record_type.endswith("_listing")
        ):
            return record.subject_id
    return None


def register(app: typer.Typer) -> None:
    """Add ``demo`` to the app."""
    app.command(name="demo")(demo)
