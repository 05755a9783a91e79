"""``publiccredit demo``: generate a synthetic data set, build a database from it, show it.

The demo takes the same path an agency's file takes: it initialises a fresh
SQLite store in ``<out>/store`` and ingests the generated file through
``publiccredit ingest``'s own code (operator mode: each row's agency is
checked against the directory), so a newcomer sees real numbers and a real
database of tens of thousands of entities in about a minute, then gets a demo
subject worth looking at, one API key per role, and where to click in the
portal and the API.
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from publiccredit.cli.demo_store import Showcase, showcase, stored_counts
from publiccredit.cli.ingest import run_ingest, summary_json
from publiccredit.cli.output import console, err_console
from publiccredit.cli.serve import check_port, run_server
from publiccredit.cli.when import day, now
from publiccredit.errors import InvalidInput
from publiccredit.ingest.batch import IngestOptions
from publiccredit.policy import default_pack
from publiccredit.procedures.calendar import official_day
from publiccredit.service.daily_close import close_day
from publiccredit.store.config import StoreConfig, resolve
from publiccredit.store.keyfiles import load_signing_key
from publiccredit.store.keys import create_key
from publiccredit.store.personal import load_personal_keys
from publiccredit.store.setup import initialise, open_store
from publiccredit.store.unit import write_unit
from publiccredit.synth import SynthConfig, write

DEMO_ENTITIES = 20_000
"""Default size: tens of thousands of entities, the breadth of a city's register."""
DEMO_RECORDS_PER_ENTITY = 6.0
"""Mean records per entity asked of the generator (the national mean is 450). The
demo trades volume per entity for breadth: structural records (registration,
annual reports, tax ratings) come on top, ~10 stored records an entity (194,570
for 20,000 entities), and the whole store builds in about 40 s on 2 cores (README.md)."""


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
        moment = now()
        options = IngestOptions(official_day(moment), moment, legacy_listings=True)
        summaries = run_ingest(
            engine,
            [records],
            default_pack(),
            load_personal_keys(store_dir),
            options,
            show_progress=err_console.is_terminal,
        )
        closed = close_day(engine, load_signing_key(store_dir), moment)
    finally:
        engine.dispose()
    if closed.head is not None:  # the demo's reports and /transparency carry proofs against it
        console.print(f"signed tree head {closed.head.number} (size {closed.head.size:,})")
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
    records_per_entity: float = typer.Option(
        DEMO_RECORDS_PER_ENTITY,
        "--records-per-entity",
        help="Mean records per entity asked of the generator (national mean: 450).",
    ),
    seed: int = typer.Option(0, "--seed", help="Random seed (same seed, same data)."),
    serve: bool = typer.Option(False, "--serve", help="Then serve the API and portal on it."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address for --serve."),
    port: int = typer.Option(8000, "--port", help="Port for --serve (checked before building)."),
) -> None:
    """Generate a synthetic data set, ingest it into a fresh database, and summarise it."""
    if serve:
        check_port(host, port)
    started = time.perf_counter()
    err_console.print(
        f"generating {entities:,} synthetic entities (~{records_per_entity:g} records each "
        "asked, plus registration and annual reports) …"
    )
    config = SynthConfig(entities=entities, records_per_entity=records_per_entity, seed=seed)
    with _bar() as bar:
        task = bar.add_task("generating entities", total=entities)
        summary = write(config, out, "csv", lambda: bar.advance(task))
    err_console.print(f"ingesting {summary.path} into {out / 'store'} …")
    db_url = build_store(summary.path, out / "store")
    store = out / "store"
    engine = open_store(resolve(db_url, store))
    try:
        counts = stored_counts(engine)
        example = showcase(engine, default_pack(), day(None, "--as-of"))
    finally:
        engine.dispose()
    console.print(_table("Entities by kind", "kind", counts.by_kind()))
    console.print(_table("Entities by province", "province", counts.by_province(), limit=10))
    console.print(_table("Records by type", "record type", counts.by_type))
    console.print(
        f"{counts.records:,} records about {len(counts.entities):,} entities stored from "
        f"{summary.path}; built in {time.perf_counter() - started:.0f} s"
    )
    console.print("\nTry:")
    console.print(
        f"  publiccredit assess --db {db_url} --data-dir {store} --subject {example.key} "
        f"--as-of {day(None, '--as-of').isoformat()}",
        soft_wrap=True,
    )
    console.print(f"  publiccredit verify --db {db_url} --data-dir {store}", soft_wrap=True)
    console.print(f"  publiccredit sweep --db {db_url} --data-dir {store}", soft_wrap=True)
    _serve_demo(resolve(db_url, store), example, serve, host, port)


def _bar() -> Progress:
    """A progress bar on stderr while the demo builds (hidden when stderr is not a terminal)."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )


def _serve_demo(config: StoreConfig, example: Showcase, serve: bool, host: str, port: int) -> None:
    """Create one demo API key per role, print them and where to click; with ``serve``
    run the API and the portal."""
    tokens = create_demo_keys(config, example.key)
    console.print("\nDemo API keys (send as `Authorization: Bearer <token>`):")
    for role, token in tokens.items():
        console.print(f"  {role:12} {token}", soft_wrap=True)
    console.print(f"\nDemo subject {example.key}: {example.why}", soft_wrap=True)
    for line in where_to_click(f"http://{host}:{port}", example):
        console.print(line, soft_wrap=True)
    if serve:
        console.print("\nServing (Ctrl-C stops it) …")
        run_server(config, host, port, 1)
    else:
        console.print(f"\nServe it: publiccredit serve --db {config.db_url} "
                      f"--data-dir {config.data_dir} --port {port}", soft_wrap=True)  # fmt: skip


def where_to_click(base: str, example: Showcase) -> list[str]:
    """The portal and API pages worth opening, with the demo subject filled in."""
    key = example.key
    query = quote(example.search, safe="")
    pages = [
        ("Portal home", "/portal/"),
        ("Search", f"/portal/search?q={query}"),
        ("The demo subject's profile", f"/portal/subjects/{key}"),
        ("Sign in with the `subject` API key above", "/portal/me/sign-in"),
        ("What-if simulator (after signing in)", "/portal/me/what-if"),
        ("Public credit report", f"/portal/subjects/{key}/report"),
        ("Statistics", "/portal/statistics"),
        ("Policy", "/portal/policy"),
        ("Transparency", "/portal/transparency"),
        ("API (OpenAPI, try it out)", "/docs"),
    ]
    return ["\nWhere to click (add ?lang=en for English):"] + [
        f"  {label + ':':55} {base}{path}" for label, path in pages
    ]


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
        with write_unit(engine) as conn:
            return {
                role: create_key(conn, role, label=f"demo {role}", **scope)[1]  # type: ignore[arg-type]
                for role, scope in scopes.items()
            }
    finally:
        engine.dispose()


def register(app: typer.Typer) -> None:
    """Add ``demo`` to the app."""
    app.command(name="demo")(demo)
