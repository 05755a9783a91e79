"""The tables, in SQLAlchemy Core. Migrations (``store/migrations``) create them.

Events are the source of truth; the ledger tables commit to them; everything
below the ledger is a projection that can be rebuilt from the events. Each
definition says why it looks the way it does.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

metadata = sa.MetaData()

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
"""64-bit keys; on SQLite ``INTEGER PRIMARY KEY`` so the key is the rowid (fast, compact)."""

Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
"""Projection documents: JSONB on PostgreSQL so later layers can query inside them."""

INSTANT = 27
"""Length of ``format_instant`` text: ``2025-03-01T08:30:00.000000Z``."""

# Times are stored as the exact text the ledger hashes (format_instant), not as
# database timestamps: a round trip through a driver must never change the
# bytes, and the fixed-width UTC text sorts correctly.

# Free-form settings (schema facts, creation time) that need no table of their own.
meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

# One row (id = 1) holding the ledger size. Appenders UPDATE it first: the row
# lock (PostgreSQL) or write lock (SQLite) serialises them, so seqs stay
# gap-free across processes, and the size moves with the events in one commit.
ledger_state = sa.Table(
    "ledger_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.CheckConstraint("id = 1", name="ledger_state_single_row"),
)

# The append-only event log. seq is the ledger index + 1 and is assigned by
# append_events, never by the database (an autoincrement may skip values).
# payload is the canonical JSON that was hashed, as text, so the hash can be
# recomputed byte for byte; it becomes NULL when erased, while salt and
# payload_hash stay so the leaf (and the tree) still verify.
events = sa.Table(
    "events",
    metadata,
    sa.Column("seq", BigId, primary_key=True, autoincrement=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("subject", sa.String(64), nullable=True, index=True),
    sa.Column("occurred_at", sa.String(INSTANT), nullable=False),
    sa.Column("recorded_at", sa.String(INSTANT), nullable=False),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("payload", sa.Text, nullable=True),
    sa.Column("salt", sa.LargeBinary(16), nullable=False),
    sa.Column("payload_hash", sa.String(64), nullable=False),
)

# The Merkle node store: tiles of up to 16 hashes, see ledger/tiles.py.
# Appends write about one row per 16 leaves; a proof reads a dozen rows by
# primary key in one query. The key is one integer, level << 56 | index
# (tiles.tile_key), not a (level, index) pair: `key IN (…)` is an index lookup
# on both databases (SQLite plans a row-value IN as a scan), and on SQLite the
# key is the rowid.
ledger_tiles = sa.Table(
    "ledger_tiles",
    metadata,
    sa.Column("tile_key", BigId, primary_key=True, autoincrement=False),
    sa.Column("hashes", sa.LargeBinary, nullable=False),
)

# Signed tree heads, kept for ever: each is a public promise that verify and
# third parties check later (signature, and root at that size).
signed_heads = sa.Table(
    "signed_heads",
    metadata,
    sa.Column("number", BigId, primary_key=True, autoincrement=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("root", sa.LargeBinary(32), nullable=False),
    sa.Column("timestamp", sa.String(INSTANT), nullable=False),
    sa.Column("key_id", sa.String(64), nullable=False),
    sa.Column("signature", sa.LargeBinary(64), nullable=False),
)

# Subjects by key: the normalised USCC of an entity, or for a natural person
# the keyed hash of the ID number (store/personal.py), so the number itself
# exists only encrypted (id_number_encrypted) and lookups never need it clear.
subjects = sa.Table(
    "subjects",
    metadata,
    sa.Column("subject_key", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("id_number_encrypted", sa.LargeBinary, nullable=True),
    sa.Column("name", sa.Text, nullable=True),
    sa.Column("first_event_seq", sa.BigInteger, sa.ForeignKey("events.seq"), nullable=True),
    sa.Column("last_event_seq", sa.BigInteger, sa.ForeignKey("events.seq"), nullable=True),
    sa.CheckConstraint("kind IN ('entity', 'person')", name="subjects_kind"),
)

# The current state of each record, keyed as agencies identify it (resubmission
# is idempotent). content_hash detects a resubmission with different content
# (a correction). subject_key has no foreign key: a record may arrive before
# its subject is profiled. first/last_event_seq tie the row to its history.
records = sa.Table(
    "records",
    metadata,
    sa.Column("agency", sa.String(64), primary_key=True),
    sa.Column("source_record_id", sa.String(128), primary_key=True),
    sa.Column("subject_key", sa.String(64), nullable=False, index=True),
    sa.Column("record_type", sa.String(64), nullable=False),
    sa.Column("content", Json, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("first_event_seq", sa.BigInteger, sa.ForeignKey("events.seq"), nullable=False),
    sa.Column("last_event_seq", sa.BigInteger, sa.ForeignKey("events.seq"), nullable=False),
)

# The latest assessment per subject. next_change_on is indexed because the
# daily sweep asks "whose assessment changes by time alone today?" (DESIGN §9);
# through_seq says which events it has seen.
assessments = sa.Table(
    "assessments",
    metadata,
    sa.Column("subject_key", sa.String(64), primary_key=True),
    sa.Column("policy_version", sa.String(64), nullable=False),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("next_change_on", sa.Date, nullable=True, index=True),
    sa.Column("through_seq", sa.BigInteger, nullable=False),
    sa.Column("assessment", Json, nullable=False),
)

# Every read of non-public data: who, in which role, what, about whom, under
# which consent, when. Each UTC day is committed to the ledger as one event
# (committed_seq), after which that day is closed (store/access_log.py).
access_log = sa.Table(
    "access_log",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(INSTANT), nullable=False),
    sa.Column("day", sa.String(10), nullable=False, index=True),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("what", sa.Text, nullable=False),
    sa.Column("subject_key", sa.String(64), nullable=True),
    sa.Column("consent_id", sa.String(64), nullable=True),
    sa.Column("committed_seq", sa.BigInteger, sa.ForeignKey("events.seq"), nullable=True),
)

# Subjects gain what search and profiles need without decoding documents:
# the entity kind and region decoded from the USCC, and the name folded for
# search (full-width → half-width, traditional → simplified, case) so that
# variants of a name find the same subject (migration 0002).
subjects.append_column(sa.Column("entity_kind", sa.String(32), nullable=True))
subjects.append_column(sa.Column("region", sa.String(6), nullable=True))
subjects.append_column(sa.Column("name_folded", sa.Text, nullable=True, index=True))

# Due-process cases (publiccredit.procedures): the latest snapshot of each case,
# rebuilt from its events. next_due is the earliest open deadline, indexed for
# "which cases are overdue?"; provisional says it rests on a year whose official
# working-day schedule is not loaded yet.
cases = sa.Table(
    "cases",
    metadata,
    sa.Column("case_id", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("subject_key", sa.String(64), nullable=False, index=True),
    sa.Column("agency", sa.String(64), nullable=True, index=True),
    sa.Column("state", sa.String(32), nullable=False),
    sa.Column("opened_at", sa.String(INSTANT), nullable=False),
    sa.Column("updated_at", sa.String(INSTANT), nullable=False),
    sa.Column("next_due", sa.Date, nullable=True, index=True),
    sa.Column("provisional", sa.Boolean, nullable=False, default=False),
    sa.Column("document", Json, nullable=False),
    sa.Column("last_event_seq", sa.BigInteger, sa.ForeignKey("events.seq"), nullable=False),
)

# Consents for financing credit service: a subject lets one financial
# institution read its non-public record for a purpose and a period. Reads
# under a consent go to access_log with its consent_id.
consents = sa.Table(
    "consents",
    metadata,
    sa.Column("consent_id", sa.String(64), primary_key=True),
    sa.Column("subject_key", sa.String(64), nullable=False, index=True),
    sa.Column("institution", sa.String(128), nullable=False, index=True),
    sa.Column("purpose", sa.Text, nullable=False),
    sa.Column("valid_from", sa.Date, nullable=False),
    sa.Column("valid_until", sa.Date, nullable=False),
    sa.Column("granted_at", sa.String(INSTANT), nullable=False),
    sa.Column("revoked_at", sa.String(INSTANT), nullable=True),
    sa.Column("document", Json, nullable=False),
    sa.Column("last_event_seq", sa.BigInteger, sa.ForeignKey("events.seq"), nullable=False),
)

# API keys: only a hash of the secret is kept (compared in constant time); the
# key id is the public part of the token. A key carries one role and, where
# the role needs it, the agency, subject or institution it acts for.
api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("key_id", sa.String(32), primary_key=True),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("agency", sa.String(64), nullable=True),
    sa.Column("subject_key", sa.String(64), nullable=True),
    sa.Column("institution", sa.String(128), nullable=True),
    sa.Column("label", sa.Text, nullable=False, default=""),
    sa.Column("created_at", sa.String(INSTANT), nullable=False),
    sa.Column("revoked_at", sa.String(INSTANT), nullable=True),
)

# Compact derived state (migration 0013): what decisions and list pages need of
# each stored assessment, without the full document (~111 KB for a subject of
# 450 records) that takes longer to parse than the question takes to answer.
# Written by projections.upsert_assessments beside the full row, forward-only on
# through_seq like it. lists and measures are JSON text (decisions parse them
# themselves; no JSONB round trip). subject_id is the public display id (masked
# for natural persons), as in the full document.
assessment_compact = sa.Table(
    "assessment_compact",
    metadata,
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

# The membership index (migration 0013): one row per list entry of each stored
# assessment, so a list page is a range read on (list_id, subject_key) instead
# of a LIKE over every assessment document. position keeps the document's order
# when a subject has two entries of one list. Rewritten per subject by
# upsert_assessments whenever the stored assessment moves forward.
list_memberships = sa.Table(
    "list_memberships",
    metadata,
    sa.Column("list_id", sa.String(64), primary_key=True),
    sa.Column("subject_key", sa.String(64), primary_key=True, index=True),
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("subject_id", sa.String(64), nullable=False),
    sa.Column("since", sa.Date, nullable=False),
    sa.Column("until", sa.Date, nullable=True),
    sa.Column("legal_basis", sa.Text, nullable=False),
    sa.Column("because_of", sa.Text, nullable=False),
    sa.Column("through_seq", sa.BigInteger, nullable=False),
)

# Natural persons bound by their entity's measures (DESIGN §8: responsible
# persons — legal representative, actual controller). Keyed by the person's
# keyed hash (never the number), so an authorised check by ID number finds the
# entities whose measures may bind that person (POST /v1/decisions/persons,
# migration 0011). A row says only "this registration named this person in
# this role"; whether a measure binds them now is read from the entity's
# current assessment (its ``binds``).
responsible_persons = sa.Table(
    "responsible_persons",
    metadata,
    sa.Column("person_key", sa.String(64), primary_key=True),
    sa.Column("subject_key", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(32), primary_key=True),
)

# Counterparty screening (docs/screening.md): one row per named entity with its
# name parsed into parts (screening.names), kept in step with `subjects` on every
# write and rebuildable from it. `grams` (trade name + industry, then the pinyin of
# the trade name) carries a trigram index: an FTS5 table with the trigram tokenizer
# on SQLite (screening_fts, kept by triggers), a pg_trgm GIN index on PostgreSQL;
# both serve `grams LIKE '%…%'`. Persons are never indexed: their names are
# personal data (migration 0010).
screening_names = sa.Table(
    "screening_names",
    metadata,
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

# Exact candidate keys (screening.keys): trade name, its pinyin, and the trade
# name with one character deleted next to the industry (a typo's neighbourhood).
# A query looks its own keys up by equality: a B-tree probe per key.
screening_keys = sa.Table(
    "screening_keys",
    metadata,
    sa.Column("key", sa.String(128), primary_key=True),
    sa.Column("subject_key", sa.String(64), primary_key=True, index=True),
)

DIALECT_ONLY = frozenset(
    {"screening_fts", "ix_screening_names_grams_trgm"}
    | {f"screening_fts_{part}" for part in ("data", "idx", "content", "docsize", "config")}
)
"""Objects migration 0010 makes for one database only (the trigram indexes)."""

# Monitoring (docs/monitoring.md). Each change in a watched subject's public
# state, found by comparing its previous and new assessment where assessments
# are written (service.assessments.reassess). id orders the change feed: rows
# are only ever inserted under the writers' lock (store/unit.py), so ids grow
# in commit order and a reader paging by id never skips a row committed later.
changes = sa.Table(
    "changes",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("subject_key", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("item", sa.String(256), nullable=False),
    sa.Column("detail", sa.String(32), nullable=False),
    sa.Column("legal_basis", sa.Text, nullable=False),
    sa.Column("effective_on", sa.Date, nullable=True),
    sa.Column("repair_possible_on", sa.Date, nullable=True),
    sa.Column("at", sa.String(INSTANT), nullable=False),
    sa.Column("through_seq", sa.BigInteger, nullable=False),
    sa.Index("ix_changes_subject_key_id", "subject_key", "id"),
)

# A key's watch list: one row per watched subject. from_change_id is the last
# change id when the subject was added; the key's feed shows only later ones.
watch_entries = sa.Table(
    "watch_entries",
    metadata,
    sa.Column("key_id", sa.String(32), sa.ForeignKey("api_keys.key_id"), primary_key=True),
    sa.Column("subject_key", sa.String(64), primary_key=True, index=True),
    sa.Column("added_at", sa.String(INSTANT), nullable=False),
    sa.Column("from_change_id", sa.BigInteger, nullable=False),
)

# Webhooks: where a key's changes are pushed. The secret is kept as given
# (it signs every delivery, so it must be readable); cursor is the last change
# id delivered; failures and next_attempt_at drive the retry backoff.
webhooks = sa.Table(
    "webhooks",
    metadata,
    sa.Column("webhook_id", sa.String(32), primary_key=True),
    sa.Column("key_id", sa.String(32), sa.ForeignKey("api_keys.key_id"), nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("secret", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(INSTANT), nullable=False),
    sa.Column("removed_at", sa.String(INSTANT), nullable=True),
    sa.Column("cursor", sa.BigInteger, nullable=False),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", sa.String(INSTANT), nullable=True),
)

# Every delivery attempt, successful or not (what was sent, when, the answer).
webhook_attempts = sa.Table(
    "webhook_attempts",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("webhook_id", sa.String(32), sa.ForeignKey("webhooks.webhook_id"), index=True),
    sa.Column("message_id", sa.String(96), nullable=False),
    sa.Column("first_change_id", sa.BigInteger, nullable=False),
    sa.Column("last_change_id", sa.BigInteger, nullable=False),
    sa.Column("at", sa.String(INSTANT), nullable=False),
    sa.Column("status_code", sa.Integer, nullable=True),
    sa.Column("error", sa.Text, nullable=False),
    sa.Column("ok", sa.Boolean, nullable=False),
)
