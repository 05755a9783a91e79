"""Commands of this area; filled in by the issue that builds the area."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app (none yet)."""
