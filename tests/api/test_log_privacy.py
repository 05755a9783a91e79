"""No personal data in the server's logs: ``publiccredit serve`` logs access lines by path only.

Two levels: the logging configuration ``serve`` hands to uvicorn, applied
with ``logging.config.dictConfig`` and fed access records with names and ID
numbers in their query strings and paths (a property over many of them); and
the real command, started as a process on a fresh SQLite store, asked for a
search by name and by ID number, whose whole output is then read.
"""

from __future__ import annotations

import logging
import logging.config
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from publiccredit.api.access_log_filter import LOG_CONFIG, scrub_path
from publiccredit.identifiers.ric import calc_check_digit
from publiccredit.store.config import StoreConfig
from publiccredit.store.setup import initialise

ID_NUMBER = "11010519491231002X"
NAME = "张三丰"
LOGGERS = ("uvicorn", "uvicorn.access", "uvicorn.error", "publiccredit.api")


def _id_number(body: str) -> str:
    return body + calc_check_digit(body)


@contextmanager
def serve_logging() -> Iterator[None]:
    """``LOG_CONFIG`` applied to this process (inside the test, so its stdout handler writes
    to the stream ``capsys`` captures); the uvicorn loggers restored afterwards."""
    saved = {
        name: (list(lg.handlers), list(lg.filters), lg.level, lg.propagate)
        for name in LOGGERS
        for lg in [logging.getLogger(name)]
    }
    logging.config.dictConfig(LOG_CONFIG)
    try:
        yield
    finally:
        for name, (handlers, filters, level, propagate) in saved.items():
            logger = logging.getLogger(name)
            logger.handlers, logger.filters = handlers, filters
            logger.setLevel(level)
            logger.propagate = propagate


def _access(full_path: str) -> None:
    logging.getLogger("uvicorn.access").info(
        '%s - "%s %s HTTP/%s" %d', "203.0.113.9:50123", "GET", full_path, "1.1", 200
    )


def test_the_serve_config_logs_the_path_only(capsys: pytest.CaptureFixture[str]) -> None:
    with serve_logging():
        _access(f"/v1/subjects?q={quote(NAME)}&limit=5")
        _access(f"/portal/search?q={ID_NUMBER}&lang=en")
        _access(f"/v1/subjects/{ID_NUMBER}/records")
    out = capsys.readouterr().out
    assert '"GET /v1/subjects HTTP/1.1" 200' in out
    assert '"GET /portal/search HTTP/1.1" 200' in out
    assert '"GET /v1/subjects/***/records HTTP/1.1" 200' in out
    for secret in (ID_NUMBER, quote(NAME), NAME, "q=", "203.0.113.9", "limit=5"):
        assert secret not in out


def test_a_database_error_is_logged_without_its_bound_values(
    capsys: pytest.CaptureFixture[str],
) -> None:
    engine = sa.create_engine("sqlite://")
    with engine.connect() as conn, pytest.raises(sa.exc.OperationalError) as raised:
        conn.execute(sa.text("SELECT * FROM nowhere WHERE id_number = :v"), {"v": ID_NUMBER})
    assert ID_NUMBER in str(raised.value)  # SQLAlchemy shows bound values in its message
    with serve_logging():
        logging.getLogger("publiccredit.api").exception("unexpected error", exc_info=raised.value)
    engine.dispose()
    err = capsys.readouterr().err
    assert "unexpected error" in err
    assert "no such table: nowhere" in err
    assert "[parameters: hidden]" in err
    assert ID_NUMBER not in err


QUERY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                     min_size=1, max_size=30)  # fmt: skip
ID_BODIES = st.from_regex(
    r"\A[1-6][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}\Z"
)


@settings(max_examples=60)
@given(path=st.sampled_from(["/v1/subjects", "/portal/search", "/portal/subjects/x"]),
       query=QUERY_TEXT, body=ID_BODIES)  # fmt: skip
def test_no_query_and_no_id_number_ever_reach_the_log(path: str, query: str, body: str) -> None:
    number = _id_number(body)
    for full in (f"{path}?q={quote(query)}", f"{path}/{number}?q={number}", f"{path}?{query}"):
        shown = scrub_path(full)
        assert "?" not in shown
        assert number not in shown
        assert shown.startswith(path)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_publiccredit_serve_logs_no_query_string(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
    config = StoreConfig(tmp_path / "data", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    initialise(config)  # what `publiccredit init` does, without a second interpreter start
    store = ["--db", config.db_url, "--data-dir", str(config.data_dir)]
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "publiccredit", "serve", *store, "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("publiccredit serve did not answer /healthz")
        assert httpx.get(f"{base}/v1/subjects", params={"q": NAME}).status_code == 200
        assert httpx.get(f"{base}/portal/search", params={"q": ID_NUMBER}).status_code == 200
        assert httpx.get(f"{base}/v1/subjects/{ID_NUMBER}").status_code in (404, 422)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    log.seek(0)
    out = log.read()
    assert '"GET /v1/subjects HTTP/1.1" 200' in out, out
    assert '"GET /portal/search HTTP/1.1" 200' in out, out
    assert '"GET /v1/subjects/*** HTTP/1.1"' in out, out
    for secret in (ID_NUMBER, NAME, quote(NAME), "q=", "127.0.0.1:"):
        assert secret not in out.replace(f"http://127.0.0.1:{port}", ""), out
