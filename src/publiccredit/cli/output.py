"""Shared rendering helpers: one JSON style for ``--json`` output everywhere."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

console = Console(highlight=False)
"""Human output goes to stdout through this console."""

err_console = Console(stderr=True, highlight=False)
"""Progress and warnings go to stderr, so stdout stays clean for pipes."""


def print_json_line(value: Any) -> None:
    """Write one JSON document on one line of stdout (JSON Lines)."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str) + "\n")
