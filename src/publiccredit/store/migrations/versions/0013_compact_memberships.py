"""Compact assessments and the list-membership index, filled from stored assessments.

Revision ID: 0013
Revises: 0011
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from publiccredit.store.compact import compact_row, membership_rows
from publiccredit.store.schema import assessment_compact, list_memberships

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

PAGE = 500


def _create() -> None:
    op.create_table(
        "assessment_compact",
        sa.Column("subject_key", sa.String(64), primary_key=True),
        sa.Column("subject_id", sa.String(64), nullable=False),
        sa.Column("policy_version", sa.String(64), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("next_change_on", sa.Date, nullable=True),
        sa.Column("through_seq", sa.BigInteger, nullable=False),
        sa.Column("level", sa.String(16), nullable=True),
        sa.Column("lists", sa.Text, nullable=False),
        sa.Column("measures", sa.Text, nullable=False),
    )
    op.create_table(
        "list_memberships",
        sa.Column("list_id", sa.String(64), primary_key=True),
        sa.Column("subject_key", sa.String(64), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("subject_id", sa.String(64), nullable=False),
        sa.Column("since", sa.Date, nullable=False),
        sa.Column("until", sa.Date, nullable=True),
        sa.Column("legal_basis", sa.Text, nullable=False),
        sa.Column("because_of", sa.Text, nullable=False),
        sa.Column("through_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_list_memberships_subject_key", "list_memberships", ["subject_key"])


def _document(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str | bytes) else dict(value)


def _fill() -> None:
    """Derive both tables from every stored assessment, a page at a time."""
    conn = op.get_bind()
    stored = sa.table(
        "assessments",
        *(sa.column(name) for name in ("subject_key", "policy_version", "as_of")),
        *(sa.column(name) for name in ("next_change_on", "through_seq", "assessment")),
    )
    after = ""
    while True:
        page = conn.execute(
            sa.select(stored)
            .where(stored.c.subject_key > after)
            .order_by(stored.c.subject_key)
            .limit(PAGE)
        ).all()
        if not page:
            return
        compact, members = [], []
        for found in page:
            row = dict(found._mapping)
            document = _document(row.pop("assessment"))
            compact.append(compact_row(row, document))
            members.extend(membership_rows(row, document))
        conn.execute(sa.insert(assessment_compact), compact)
        if members:
            conn.execute(sa.insert(list_memberships), members)
        after = page[-1].subject_key


def upgrade() -> None:
    _create()
    _fill()


def downgrade() -> None:
    op.drop_index("ix_list_memberships_subject_key", "list_memberships")
    op.drop_table("list_memberships")
    op.drop_table("assessment_compact")
