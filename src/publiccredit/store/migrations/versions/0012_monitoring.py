"""Monitoring: the change feed, watch lists, webhooks and their delivery attempts.

Revision ID: 0012
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "changes",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("subject_key", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("item", sa.String(256), nullable=False),
        sa.Column("detail", sa.String(32), nullable=False),
        sa.Column("legal_basis", sa.Text, nullable=False),
        sa.Column("effective_on", sa.Date, nullable=True),
        sa.Column("repair_possible_on", sa.Date, nullable=True),
        sa.Column("at", sa.String(27), nullable=False),
        sa.Column("through_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_changes_subject_key_id", "changes", ["subject_key", "id"])
    op.create_table(
        "watch_entries",
        sa.Column("key_id", sa.String(32), sa.ForeignKey("api_keys.key_id"), primary_key=True),
        sa.Column("subject_key", sa.String(64), primary_key=True),
        sa.Column("added_at", sa.String(27), nullable=False),
        sa.Column("from_change_id", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_watch_entries_subject_key", "watch_entries", ["subject_key"])
    op.create_table(
        "webhooks",
        sa.Column("webhook_id", sa.String(32), primary_key=True),
        sa.Column("key_id", sa.String(32), sa.ForeignKey("api_keys.key_id"), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("secret", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(27), nullable=False),
        sa.Column("removed_at", sa.String(27), nullable=True),
        sa.Column("cursor", sa.BigInteger, nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", sa.String(27), nullable=True),
    )
    op.create_table(
        "webhook_attempts",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("webhook_id", sa.String(32), sa.ForeignKey("webhooks.webhook_id")),
        sa.Column("message_id", sa.String(96), nullable=False),
        sa.Column("first_change_id", sa.BigInteger, nullable=False),
        sa.Column("last_change_id", sa.BigInteger, nullable=False),
        sa.Column("at", sa.String(27), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=True),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False),
    )
    op.create_index("ix_webhook_attempts_webhook_id", "webhook_attempts", ["webhook_id"])


def downgrade() -> None:
    for table in ("webhook_attempts", "webhooks", "watch_entries", "changes"):
        op.drop_table(table)
