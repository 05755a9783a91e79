"""Turning assessment writes into the change feed (docs/monitoring.md).

``service.assessments.reassess`` is the one place every path saves
assessments (ingest, API records, case decisions, revocations, the sweep, a
full re-assessment), and it calls ``ChangeRecorder`` for each chunk it
saves: the recorder compares the stored assessment of each *watched* subject
with the new one (``engine.public_changes``) and appends a row per change,
in the same transaction, under the writers' lock the caller holds. Subjects
nobody watches cost one query per call and store nothing: the platform
watches what someone asked it to watch, not everyone.

A stored assessment that has already seen later events (``through_seq``
above the new one) is not replaced (``projections.upsert_assessments`` is
forward only), so no change is recorded from it either.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from publiccredit.domain.event import format_instant
from publiccredit.engine.public_changes import public_changes, rule_basis
from publiccredit.policy.model import Pack
from publiccredit.store.changes import insert_changes, stored_documents, watched_among


class ChangeRecorder:
    """Records the public changes of the watched subjects among one call's subjects."""

    def __init__(
        self, conn: Connection, pack: Pack, subject_keys: Sequence[str], at: datetime
    ) -> None:
        self.conn = conn
        self.watched = watched_among(conn, subject_keys)
        self.basis = rule_basis(pack) if self.watched else {}
        self.at = format_instant(at)

    def record(self, documents: Mapping[str, dict[str, Any]], through_seq: int) -> int:
        """Compare and append, before ``documents`` (subject → new assessment JSON) are
        saved; how many changes were appended."""
        keys = [key for key in documents if key in self.watched]
        if not keys:
            return 0
        stored = stored_documents(self.conn, keys)
        rows = []
        for key in keys:
            seen, before = stored.get(key, (0, None))
            if seen > through_seq:
                continue  # the stored assessment is newer and stays
            for change in public_changes(before, documents[key], self.basis):
                rows.append(
                    {
                        "subject_key": key,
                        "kind": change.kind,
                        "item": change.item,
                        "detail": change.detail,
                        "legal_basis": change.legal_basis,
                        "effective_on": change.effective_on,
                        "repair_possible_on": change.repair_possible_on,
                        "at": self.at,
                        "through_seq": through_seq,
                    }
                )
        insert_changes(self.conn, rows)
        return len(rows)
