"""Initial schema: events, ledger node store and heads, projections, access log, meta.

Revision ID: 0001
Revises:

A migration is a frozen copy of the schema at its time (not an import of
``schema.py``, which moves on); a test checks that migrating an empty database
gives exactly ``schema.metadata``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    state = op.create_table(
        "ledger_state",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.CheckConstraint("id = 1", name="ledger_state_single_row"),
    )
    op.bulk_insert(state, [{"id": 1, "size": 0}])
    op.create_table(
        "events",
        sa.Column("seq", BigId, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(64), nullable=True),
        sa.Column("occurred_at", sa.String(27), nullable=False),
        sa.Column("recorded_at", sa.String(27), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("payload", sa.Text, nullable=True),
        sa.Column("salt", sa.LargeBinary(16), nullable=False),
        sa.Column("payload_hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_events_subject", "events", ["subject"])
    op.create_table(
        "ledger_tiles",
        sa.Column("tile_key", BigId, primary_key=True, autoincrement=False),
        sa.Column("hashes", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "signed_heads",
        sa.Column("number", BigId, primary_key=True, autoincrement=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("root", sa.LargeBinary(32), nullable=False),
        sa.Column("timestamp", sa.String(27), nullable=False),
        sa.Column("key_id", sa.String(64), nullable=False),
        sa.Column("signature", sa.LargeBinary(64), nullable=False),
    )
    op.create_table(
        "subjects",
        sa.Column("subject_key", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("id_number_encrypted", sa.LargeBinary, nullable=True),
        sa.Column("name", sa.Text, nullable=True),
        sa.Column("first_event_seq", sa.BigInteger, sa.ForeignKey("events.seq"), nullable=True),
        sa.Column("last_event_seq", sa.BigInteger, sa.ForeignKey("events.seq"), nullable=True),
        sa.CheckConstraint("kind IN ('entity', 'person')", name="subjects_kind"),
    )
    op.create_table(
        "records",
        sa.Column("agency", sa.String(64), primary_key=True),
        sa.Column("source_record_id", sa.String(128), primary_key=True),
        sa.Column("subject_key", sa.String(64), nullable=False),
        sa.Column("record_type", sa.String(64), nullable=False),
        sa.Column("content", Json, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("first_event_seq", sa.BigInteger, sa.ForeignKey("events.seq"), nullable=False),
        sa.Column("last_event_seq", sa.BigInteger, sa.ForeignKey("events.seq"), nullable=False),
    )
    op.create_index("ix_records_subject_key", "records", ["subject_key"])
    op.create_table(
        "assessments",
        sa.Column("subject_key", sa.String(64), primary_key=True),
        sa.Column("policy_version", sa.String(64), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("next_change_on", sa.Date, nullable=True),
        sa.Column("through_seq", sa.BigInteger, nullable=False),
        sa.Column("assessment", Json, nullable=False),
    )
    op.create_index("ix_assessments_next_change_on", "assessments", ["next_change_on"])
    op.create_table(
        "access_log",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(27), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("subject_key", sa.String(64), nullable=True),
        sa.Column("consent_id", sa.String(64), nullable=True),
        sa.Column("committed_seq", sa.BigInteger, sa.ForeignKey("events.seq"), nullable=True),
    )
    op.create_index("ix_access_log_day", "access_log", ["day"])


def downgrade() -> None:
    for table in (
        "access_log",
        "assessments",
        "records",
        "subjects",
        "signed_heads",
        "ledger_tiles",
        "events",
        "ledger_state",
        "meta",
    ):
        op.drop_table(table)
