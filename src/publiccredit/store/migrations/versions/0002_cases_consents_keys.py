"""Search columns on subjects; cases, consents and API keys.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("subjects") as batch:
        batch.add_column(sa.Column("entity_kind", sa.String(32), nullable=True))
        batch.add_column(sa.Column("region", sa.String(6), nullable=True))
        batch.add_column(sa.Column("name_folded", sa.Text, nullable=True))
    op.create_index("ix_subjects_name_folded", "subjects", ["name_folded"])
    op.create_table(
        "cases",
        sa.Column("case_id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("subject_key", sa.String(64), nullable=False),
        sa.Column("agency", sa.String(64), nullable=True),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("opened_at", sa.String(27), nullable=False),
        sa.Column("updated_at", sa.String(27), nullable=False),
        sa.Column("next_due", sa.Date, nullable=True),
        sa.Column("provisional", sa.Boolean, nullable=False),
        sa.Column("document", Json, nullable=False),
        sa.Column("last_event_seq", sa.BigInteger, sa.ForeignKey("events.seq"), nullable=False),
    )
    op.create_index("ix_cases_subject_key", "cases", ["subject_key"])
    op.create_index("ix_cases_agency", "cases", ["agency"])
    op.create_index("ix_cases_next_due", "cases", ["next_due"])
    op.create_table(
        "consents",
        sa.Column("consent_id", sa.String(64), primary_key=True),
        sa.Column("subject_key", sa.String(64), nullable=False),
        sa.Column("institution", sa.String(128), nullable=False),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("valid_from", sa.Date, nullable=False),
        sa.Column("valid_until", sa.Date, nullable=False),
        sa.Column("granted_at", sa.String(27), nullable=False),
        sa.Column("revoked_at", sa.String(27), nullable=True),
        sa.Column("document", Json, nullable=False),
        sa.Column("last_event_seq", sa.BigInteger, sa.ForeignKey("events.seq"), nullable=False),
    )
    op.create_index("ix_consents_subject_key", "consents", ["subject_key"])
    op.create_index("ix_consents_institution", "consents", ["institution"])
    op.create_table(
        "api_keys",
        sa.Column("key_id", sa.String(32), primary_key=True),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("agency", sa.String(64), nullable=True),
        sa.Column("subject_key", sa.String(64), nullable=True),
        sa.Column("institution", sa.String(128), nullable=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(27), nullable=False),
        sa.Column("revoked_at", sa.String(27), nullable=True),
    )


def downgrade() -> None:
    for table in ("api_keys", "consents", "cases"):
        op.drop_table(table)
    op.drop_index("ix_subjects_name_folded", "subjects")
    with op.batch_alter_table("subjects") as batch:
        batch.drop_column("name_folded")
        batch.drop_column("region")
        batch.drop_column("entity_kind")
