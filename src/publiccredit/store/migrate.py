"""Run the schema migrations shipped inside the package, programmatically.

No alembic.ini: ``migrate(engine)`` points Alembic at ``store/migrations``
and hands it a connection, so ``publiccredit init``, the tests and the API
all migrate the same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

SCRIPT_LOCATION = "publiccredit.store:migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None`` for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision shipped with this version of publiccredit."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def migrate(engine: Engine) -> bool:
    """Bring the database to the newest schema; True when anything was applied."""
    if current_revision(engine) == head_revision():
        return False
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return True
