"""``publiccredit serve``: the HTTP API under uvicorn (docs/api.md).

On SQLite there is one writer at a time, so the server runs one worker
process (``--workers`` above 1 is lowered to 1, and the command says so);
requests still run concurrently on its thread pool. On PostgreSQL each worker
is a process building the app from the environment
(``publiccredit.api.app:app_from_env``, uvicorn's ``--factory``).

Access lines are logged with the path only (``api.access_log_filter``): no
query string, no client address, no ID number, because a search may carry a
person's name or ID number and logs are kept and copied far more widely than
the database.
"""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path
from typing import Any

import typer

from publiccredit.api.access_log_filter import LOG_CONFIG
from publiccredit.cli.output import err_console
from publiccredit.cli.policy import report_refusal
from publiccredit.cli.store import DATA_DIR_HELP, DB_HELP
from publiccredit.errors import InvalidInput, PolicyError, Problem
from publiccredit.policy import load_pack
from publiccredit.policy.loader import PACK_ENV
from publiccredit.store.config import DATA_DIR_ENV, DB_ENV, StoreConfig, resolve
from publiccredit.store.setup import open_store

FACTORY = "publiccredit.api.app:app_from_env"


def effective_workers(config: StoreConfig, workers: int) -> int:
    """Workers to start: 1 on SQLite (one writer), else as asked (at least 1)."""
    return 1 if config.is_sqlite else max(1, workers)


def check_pack(pack: Path | None) -> None:
    """Load the pack to serve before any worker starts; a refused one exits 4 with its problems.

    Each worker loads it again (``app_from_env``), so the check here is what
    keeps a bad pack from reaching a request and from printing a traceback
    per worker.
    """
    if pack is None:
        return
    try:
        load_pack(pack)
    except PolicyError as error:
        raise report_refusal(error) from None
    os.environ[PACK_ENV] = str(pack.resolve())


def check_port(host: str, port: int) -> None:
    """Refuse, before any work, a port this machine cannot listen on (in use, or not allowed).

    The demo builds for about a minute before serving; finding then that port
    8000 is taken wastes that minute, so both ``demo --serve`` and ``serve``
    try the address first."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, kind, proto, _name, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except (OSError, OverflowError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InvalidInput(
            f"cannot serve on http://{host}:{port}: {reason}; choose another port with --port",
            (Problem(reason, "--port", str(port)),),
        ) from error


def run_server(
    config: StoreConfig, host: str, port: int, workers: int, pack: Path | None = None
) -> None:
    """Check the pack, the port and the store, then serve it until interrupted."""
    import uvicorn

    check_pack(pack)
    check_port(host, port)
    open_store(config).dispose()  # a missing store is reported now, not per worker
    count = effective_workers(config, workers)
    if count != workers:
        err_console.print(f"SQLite has one writer: serving with 1 worker (asked for {workers})")
    os.environ[DB_ENV] = config.db_url
    os.environ[DATA_DIR_ENV] = str(config.data_dir)
    err_console.print(f"serving {config.describe_db()} on http://{host}:{port} (docs at /docs)")
    options: dict[str, Any] = {"log_config": LOG_CONFIG, "log_level": "info"}
    if count == 1:
        uvicorn.run(FACTORY, factory=True, host=host, port=port, **options)
    else:
        _run_workers(
            uvicorn.Config(FACTORY, factory=True, host=host, port=port, workers=count, **options)
        )


def _run_workers(config: Any) -> None:
    """``uvicorn.run`` with workers, on a listening socket that says it is TCP.

    uvicorn binds the workers' shared socket with ``proto`` 0, accepted sockets
    inherit it, and asyncio sets ``TCP_NODELAY`` only on sockets whose ``proto`` is
    TCP: every keep-alive response after the first then waited ~40 ms for the
    client's delayed ACK (uvicorn issue #3149; measured: 165 requests/s on two
    workers against 1,368 on one). The same descriptor, labelled TCP, fixes it."""
    from uvicorn.supervisors import Multiprocess

    bound = config.bind_socket()
    tcp = socket.socket(bound.family, bound.type, socket.IPPROTO_TCP, fileno=bound.detach())
    with contextlib.suppress(KeyboardInterrupt):
        Multiprocess(config, sockets=[tcp]).run()


def register(app: typer.Typer) -> None:
    """Add ``serve``."""

    @app.command()
    def serve(
        db: str | None = typer.Option(None, "--db", help=DB_HELP),
        data_dir: Path | None = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
        port: int = typer.Option(8000, "--port", help="Port to listen on."),
        workers: int = typer.Option(1, "--workers", help="Worker processes (PostgreSQL only)."),
        pack: Path | None = typer.Option(
            None, "--pack", help="Policy pack folder to serve (default: $PUBLICCREDIT_PACK or cn)."
        ),
    ) -> None:
        """Serve the HTTP API (OpenAPI at /docs); Ctrl-C stops it."""
        folder = pack or (Path(os.environ[PACK_ENV]) if os.environ.get(PACK_ENV) else None)
        run_server(resolve(db, data_dir), host, port, workers, folder)
