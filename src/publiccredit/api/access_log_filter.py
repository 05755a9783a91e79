"""No personal data in the server's logs: access lines carry the path only.

uvicorn's access log writes ``client - "GET /path?query HTTP/1.1" status``.
A query string may hold what a person typed into search — a name or an ID
number — and the client address identifies a person too (PIPL treats both as
personal information), so ``PathOnly`` rewrites every access record before
any handler formats it: the query string is dropped, anything in the path
that looks like a resident ID number (18 or 15 digits, the last possibly
``X``) is replaced by ``***``, and the client address by ``-``. Request
bodies are never logged: uvicorn does not log them and no code of ours
does. The one thing that could carry them is an error's traceback: the API
logs unexpected errors (``publiccredit.api``) and uvicorn its own
(``uvicorn.error``), and a database error's message lists the SQL
statement's bound values, which may be a submitted row. ``NoSqlParameters``
replaces that ``[parameters: …]`` line of every traceback on those loggers.

``LOG_CONFIG`` is uvicorn's logging configuration with the filter installed
on the access logger; ``publiccredit serve`` passes it to ``uvicorn.run``.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from uvicorn.config import LOGGING_CONFIG

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
"""A mainland resident ID number (18 digits, or the old 15), standing alone in a path."""

HIDDEN = "***"
NO_CLIENT = "-"


def scrub_path(full_path: str) -> str:
    """``full_path`` without its query string or fragment, ID-like numbers hidden."""
    path = full_path.split("?", 1)[0].split("#", 1)[0]
    return ID_NUMBER.sub(HIDDEN, path)


class PathOnly(logging.Filter):
    """Rewrites uvicorn access records: no client address, no query, no ID numbers."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keeps the record, after scrubbing it (so every handler sees the safe form)."""
        args = record.args
        if isinstance(args, tuple) and len(args) == 5:
            _client, method, full_path, version, status = args
            record.args = (NO_CLIENT, method, scrub_path(str(full_path)), version, status)
        return True


SQL_PARAMETERS = re.compile(r"^\[parameters: .*$", re.MULTILINE)
"""The line of a SQLAlchemy error that shows the statement's bound values."""


class NoSqlParameters(logging.Filter):
    """Formats a record's traceback now, with the bound values of a SQL error hidden."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keeps the record; its ``exc_text`` is the scrubbed traceback."""
        if record.exc_info and not record.exc_text:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = SQL_PARAMETERS.sub("[parameters: hidden]", text)
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's default logging configuration with ``PathOnly`` on the access logger and
    ``NoSqlParameters`` on the error loggers (uvicorn's and the API's)."""
    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    filters = config.setdefault("filters", {})
    filters["path_only"] = {"()": f"{__name__}.PathOnly"}
    filters["no_sql_parameters"] = {"()": f"{__name__}.NoSqlParameters"}
    config["handlers"]["access"]["filters"] = ["path_only"]
    config["handlers"]["default"]["filters"] = ["no_sql_parameters"]
    loggers = config["loggers"]
    loggers["uvicorn.access"]["filters"] = ["path_only"]
    loggers["uvicorn.error"]["filters"] = ["no_sql_parameters"]
    loggers["publiccredit.api"] = {
        "handlers": ["default"],
        "level": "INFO",
        "propagate": False,
        "filters": ["no_sql_parameters"],
    }
    return config


LOG_CONFIG = log_config()
"""What ``publiccredit serve`` hands to uvicorn (``log_config=``)."""
