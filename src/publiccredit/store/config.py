"""Where the data lives: the one place every command resolves ``--db`` and ``--data-dir``.

* Data directory: ``--data-dir``, else ``$PUBLICCREDIT_DATA_DIR``, else ``./data``.
  It holds the SQLite file (by default), the ledger signing key and the
  personal-data keys.
* Database URL: ``--db``, else ``$PUBLICCREDIT_DB``, else SQLite in one file,
  ``<data dir>/publiccredit.sqlite3``. PostgreSQL:
  ``postgresql+psycopg://user@host:5432/dbname``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DATA_DIR_ENV = "PUBLICCREDIT_DATA_DIR"
DB_ENV = "PUBLICCREDIT_DB"
DEFAULT_DATA_DIR = Path("data")
SQLITE_FILE = "publiccredit.sqlite3"


@dataclass(frozen=True, slots=True)
class StoreConfig:
    """A resolved data directory and database URL."""

    data_dir: Path
    db_url: str

    @property
    def is_sqlite(self) -> bool:
        """True for the embedded SQLite database."""
        return self.db_url.startswith("sqlite")

    def describe_db(self) -> str:
        """The URL with any password hidden, for messages."""
        scheme, sep, rest = self.db_url.partition("://")
        if "@" in rest and ":" in rest.split("@", 1)[0]:
            user = rest.split("@", 1)[0].split(":", 1)[0]
            rest = f"{user}:***@{rest.split('@', 1)[1]}"
        return f"{scheme}{sep}{rest}"


def resolve(db: str | None = None, data_dir: Path | str | None = None) -> StoreConfig:
    """Apply the rules above to the command-line values (``None`` when not given)."""
    directory = Path(data_dir or os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)
    url = db or os.environ.get(DB_ENV) or f"sqlite:///{directory / SQLITE_FILE}"
    return StoreConfig(directory, url)
