"""``publiccredit bulk export|assess``: the store as Parquet/CSV, and bulk re-evaluation.

Thin: resolve the store and the options, call ``publiccredit.bulk``, print a
summary (``--json``: one JSON object). See docs/bulk.md.
"""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path

import typer

from publiccredit.bulk.duck import assess_duckdb
from publiccredit.bulk.export import export_store
from publiccredit.bulk.groups import BulkJob
from publiccredit.bulk.manifest import read_manifest
from publiccredit.bulk.write_back import check_same_store, write_assessments
from publiccredit.cli.output import console, print_json_line
from publiccredit.cli.store import DATA_DIR_HELP, DB_HELP
from publiccredit.cli.when import day, now
from publiccredit.policy import default_pack, load_pack
from publiccredit.store.config import resolve
from publiccredit.store.setup import open_store

PACK_HELP = "Policy pack folder (default: the cn pack)."

bulk_app = typer.Typer(
    help="Bulk data: export the store as Parquet and CSV; re-assess every subject on "
    "DuckDB or Spark.",
    no_args_is_help=True,
)


class BulkEngine(StrEnum):
    """Where ``bulk assess`` runs."""

    DUCKDB = "duckdb"
    SPARK = "spark"


@bulk_app.command("export")
def export_command(
    out: Path = typer.Option(..., "--out", help="Folder to write (created if missing)."),
    pack: Path | None = typer.Option(None, "--pack", help=PACK_HELP),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    data_dir: Path | None = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the manifest as JSON."),
) -> None:
    """Write records, facts and subjects as Parquet (sorted by subject) and CSV, with
    manifest.json (files, rows, SHA-256, schemas, tree size and root, pack version)."""
    policy = default_pack() if pack is None else load_pack(pack)
    engine = open_store(resolve(db, data_dir))
    try:
        result = export_store(engine, out, policy.version, now())
    finally:
        engine.dispose()
    manifest = result.manifest
    if as_json:
        print_json_line(manifest.to_json())
        return
    for entry in manifest.files:
        console.print(f"{entry.path}: {entry.rows:,} rows, {entry.bytes:,} bytes")
    console.print(f"Exported at tree size {manifest.tree_size:,} into {out}")


def _run(
    engine_name: BulkEngine, job: BulkJob, workers: int | None, master: str | None
) -> tuple[int, int]:
    if engine_name is BulkEngine.SPARK:
        from publiccredit.bulk.spark import assess_spark  # PySpark is an optional extra

        return assess_spark(job, master)
    return assess_duckdb(job, workers)


@bulk_app.command("assess")
def assess_command(
    folder: Path = typer.Argument(..., help="A `bulk export` folder."),
    engine_name: BulkEngine = typer.Option(BulkEngine.DUCKDB, "--engine", help="duckdb or spark."),
    as_of: str | None = typer.Option(None, "--as-of", help="Assess as of (default today)."),
    pack: Path | None = typer.Option(None, "--pack", help=PACK_HELP),
    out: Path | None = typer.Option(
        None, "--out", help="Output folder (default FOLDER/assessments)."
    ),
    workers: int | None = typer.Option(
        None, "--workers", min=1, help="DuckDB: processes (default: cores)."
    ),
    master: str | None = typer.Option(
        None, "--master", help="Spark: master URL (default: spark-submit's, else local[*])."
    ),
    write_store: bool = typer.Option(
        False, "--write-store", help="Also save into the store (forward only)."
    ),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    data_dir: Path | None = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Assess every subject of an export with the online engine, on DuckDB or Spark, into
    Parquet; with --write-store, also into the store the export came from (checked first)."""
    on = day(as_of, "--as-of")
    policy = default_pack() if pack is None else load_pack(pack)
    manifest = read_manifest(folder)
    records = folder / manifest.path_of("records")
    facts = folder / manifest.path_of("facts")
    job = BulkJob(records, facts, out or folder / "assessments", pack, on, manifest.tree_size)
    store = open_store(resolve(db, data_dir)) if write_store else None
    try:
        if store is not None:  # refuse another store before the long run, not after it
            with store.connect() as conn:
                check_same_store(conn, manifest)
        started = time.perf_counter()
        subjects, count = _run(engine_name, job, workers, master)
        seconds = time.perf_counter() - started
        written = None if store is None else write_assessments(store, manifest, job.out)
    finally:
        if store is not None:
            store.dispose()
    summary = {
        "engine": engine_name.value,
        "as_of": on.isoformat(),
        "policy_version": policy.version,
        "through_seq": manifest.tree_size,
        "subjects": subjects,
        "records": count,
        "seconds": round(seconds, 3),
        "out": str(job.out),
        "written_to_store": written,
    }
    if as_json:
        print_json_line(summary)
        return
    console.print(
        f"{subjects:,} subject(s) ({count:,} records) assessed as of {on.isoformat()} on "
        f"{engine_name.value} in {seconds:.1f} s → {job.out}"
    )
    if written is not None:
        console.print(f"{written:,} assessment(s) offered to the store (forward only)")


def register(app: typer.Typer) -> None:
    """Add ``bulk``."""
    app.add_typer(bulk_app, name="bulk")
