"""Responsible persons by keyed hash: which entities' measures may bind a person.

Revision ID: 0011
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "responsible_persons",
        sa.Column("person_key", sa.String(64), primary_key=True),
        sa.Column("subject_key", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(32), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("responsible_persons")
