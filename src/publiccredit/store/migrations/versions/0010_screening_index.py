"""The screening index: parsed names, candidate keys and a trigram index.

Revision ID: 0010
Revises: 0011 (chained after main's 0011 when merging main; the lead re-chains)

SQLite: an external-content FTS5 table with the trigram tokenizer over
``screening_names.grams``, kept in step by triggers. PostgreSQL: the ``pg_trgm``
extension (``CREATE EXTENSION IF NOT EXISTS``, which needs a role allowed to
create it; docs/screening.md) and a GIN index with its operator class, named
with the schema the extension lives in. Existing entities are indexed at the end
(``store.screening_index.rebuild``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0011"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE screening_fts USING fts5("
    "grams, content='screening_names', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER screening_names_ai AFTER INSERT ON screening_names BEGIN "
    "INSERT INTO screening_fts(rowid, grams) VALUES (new.id, new.grams); END",
    "CREATE TRIGGER screening_names_ad AFTER DELETE ON screening_names BEGIN "
    "INSERT INTO screening_fts(screening_fts, rowid, grams) "
    "VALUES ('delete', old.id, old.grams); END",
    "CREATE TRIGGER screening_names_au AFTER UPDATE ON screening_names BEGIN "
    "INSERT INTO screening_fts(screening_fts, rowid, grams) "
    "VALUES ('delete', old.id, old.grams); "
    "INSERT INTO screening_fts(rowid, grams) VALUES (new.id, new.grams); END",
)


def upgrade() -> None:
    op.create_table(
        "screening_names",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("subject_key", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("region", sa.String(6), nullable=True),
        sa.Column("name_region", sa.String(6), nullable=False),
        sa.Column("trade", sa.Text, nullable=False),
        sa.Column("trade_key", sa.Text, nullable=False),
        sa.Column("industry", sa.Text, nullable=False),
        sa.Column("form", sa.String(16), nullable=False),
        sa.Column("grams", sa.Text, nullable=False),
    )
    op.create_table(
        "screening_keys",
        sa.Column("key", sa.String(128), primary_key=True),
        sa.Column("subject_key", sa.String(64), primary_key=True),
    )
    op.create_index("ix_screening_keys_subject_key", "screening_keys", ["subject_key"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in _SQLITE_FTS:
            op.execute(statement)
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema = bind.execute(
            sa.text(
                "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
                "ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
            )
        ).scalar_one()
        op.execute(
            "CREATE INDEX ix_screening_names_grams_trgm ON screening_names "
            f'USING gin (grams "{schema}".gin_trgm_ops)'
        )
    from publiccredit.store.screening_index import rebuild

    rebuild(bind)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE screening_fts")
    op.drop_table("screening_keys")
    op.drop_table("screening_names")
