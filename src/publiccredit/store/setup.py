"""``publiccredit init`` and opening an initialised store.

``initialise`` creates the data directory, the database (SQLite file by
default), the schema (migrations), the ledger signing key and the
personal-data keys, each only if missing: running it twice changes nothing,
and the result says what was done.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from publiccredit.errors import NotFound
from publiccredit.store.config import StoreConfig
from publiccredit.store.db import make_engine
from publiccredit.store.keyfiles import SIGNING_KEY_FILE, create_signing_key
from publiccredit.store.migrate import current_revision, migrate
from publiccredit.store.personal import PERSONAL_KEYS_FILE, create_personal_keys


@dataclass(frozen=True, slots=True)
class InitResult:
    """What ``initialise`` did; ``changed`` is False on a second run."""

    config: StoreConfig
    done: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when anything was created."""
        return bool(self.done)


def initialise(config: StoreConfig) -> InitResult:
    """Create whatever is missing of the data directory, database, schema and keys."""
    result = InitResult(config)
    if not config.data_dir.exists():
        config.data_dir.mkdir(parents=True)
        result.done.append(f"created data directory {config.data_dir}")
    engine = make_engine(config.db_url)
    try:
        if migrate(engine):
            result.done.append(f"migrated database {config.describe_db()} to the newest schema")
    finally:
        engine.dispose()
    if create_signing_key(config.data_dir):
        result.done.append(f"created ledger signing key {config.data_dir / SIGNING_KEY_FILE}")
    if create_personal_keys(config.data_dir):
        result.done.append(f"created personal-data keys {config.data_dir / PERSONAL_KEYS_FILE}")
    return result


def open_store(config: StoreConfig) -> Engine:
    """An engine on an initialised database; ``NotFound`` telling to run init otherwise."""
    if config.is_sqlite and not config.db_url.endswith(":memory:"):
        path = config.db_url.split(":///", 1)[-1]
        from pathlib import Path

        if not Path(path).exists():
            raise NotFound(f"no database at {path}: run `publiccredit init` first")
    engine = make_engine(config.db_url)
    if current_revision(engine) is None:
        engine.dispose()
        raise NotFound(f"database {config.describe_db()} has no schema: run `publiccredit init`")
    return engine
