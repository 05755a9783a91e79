"""``publiccredit serve``: the HTTP API under uvicorn (docs/api.md).

On SQLite there is one writer at a time, so the server runs one worker
process (``--workers`` above 1 is lowered to 1, and the command says so);
requests still run concurrently on its thread pool. On PostgreSQL each worker
is a process building the app from the environment
(``publiccredit.api.app:app_from_env``, uvicorn's ``--factory``).
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

from publiccredit.cli.output import err_console
from publiccredit.cli.store import DATA_DIR_HELP, DB_HELP
from publiccredit.store.config import DATA_DIR_ENV, DB_ENV, StoreConfig, resolve
from publiccredit.store.setup import open_store

FACTORY = "publiccredit.api.app:app_from_env"


def effective_workers(config: StoreConfig, workers: int) -> int:
    """Workers to start: 1 on SQLite (one writer), else as asked (at least 1)."""
    return 1 if config.is_sqlite else max(1, workers)


def run_server(config: StoreConfig, host: str, port: int, workers: int) -> None:
    """Check the store opens, then serve it until interrupted."""
    import uvicorn

    open_store(config).dispose()  # a missing store is reported now, not per worker
    count = effective_workers(config, workers)
    if count != workers:
        err_console.print(f"SQLite has one writer: serving with 1 worker (asked for {workers})")
    os.environ[DB_ENV] = config.db_url
    os.environ[DATA_DIR_ENV] = str(config.data_dir)
    err_console.print(f"serving {config.describe_db()} on http://{host}:{port} (docs at /docs)")
    uvicorn.run(FACTORY, factory=True, host=host, port=port, workers=count, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add ``serve``."""

    @app.command()
    def serve(
        db: str | None = typer.Option(None, "--db", help=DB_HELP),
        data_dir: Path | None = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
        port: int = typer.Option(8000, "--port", help="Port to listen on."),
        workers: int = typer.Option(1, "--workers", help="Worker processes (PostgreSQL only)."),
    ) -> None:
        """Serve the HTTP API (OpenAPI at /docs); Ctrl-C stops it."""
        run_server(resolve(db, data_dir), host, port, workers)
