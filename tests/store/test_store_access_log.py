"""The access log and its daily commitment to the ledger."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime

import pytest
import rfc8785
from sqlalchemy.engine import Engine

from publiccredit.errors import Conflict, InvalidInput
from publiccredit.store.access_log import commit_access_log, log_access
from publiccredit.store.events import get_event

DAY = date(2025, 3, 1)
NEXT_DAY = datetime(2025, 3, 2, 0, 0, 1, tzinfo=UTC)


def test_a_day_is_committed_as_one_leaf_with_count_and_hash(engine: Engine) -> None:
    entries = [
        ("bank-1", "financial_institution", "91440300MA5FTEST01", "full report", "consent-9"),
        ("auditor-2", "auditor", None, "access log", None),
    ]
    with engine.begin() as conn:
        for hour, (actor, role, subject, what, consent) in enumerate(entries):
            at = datetime(2025, 3, 1, 9 + hour, tzinfo=UTC)
            log_access(conn, actor, role, subject, what, consent, at)
        log_access(conn, "bank-1", "financial_institution", None, "other day", None, NEXT_DAY)
        seq = commit_access_log(conn, DAY, now=NEXT_DAY)
        event = get_event(conn, seq)
    expected = b"".join(
        rfc8785.dumps(
            {
                "actor": actor,
                "at": f"2025-03-01T{9 + hour:02d}:00:00.000000Z",
                "consent_id": consent,
                "role": role,
                "subject_key": subject,
                "what": what,
            }
        )
        + b"\n"
        for hour, (actor, role, subject, what, consent) in enumerate(entries)
    )
    assert event.kind == "access_log.committed"
    assert event.subject is None
    assert event.occurred_at == "2025-03-01T16:00:00.000000Z"  # midnight in Beijing
    assert json.loads(event.payload_json or "") == {
        "day": "2025-03-01",
        "count": 2,
        "entries_sha256": hashlib.sha256(expected).hexdigest(),
    }


def test_a_committed_day_is_closed(engine: Engine) -> None:
    with engine.begin() as conn:
        seq = commit_access_log(conn, DAY, now=NEXT_DAY)
        with pytest.raises(Conflict, match=f"already committed in event {seq}"):
            commit_access_log(conn, DAY, now=NEXT_DAY)
        log_access(conn, "a", "auditor", None, "x", None, at=datetime(2025, 3, 2, 1, tzinfo=UTC))
    with engine.begin() as conn:
        assert commit_access_log(conn, date(2025, 3, 2), now=datetime(2025, 3, 5, tzinfo=UTC))
    with engine.begin() as conn, pytest.raises(Conflict, match="was committed"):
        log_access(
            conn, "a", "auditor", None, "x", None, at=datetime(2025, 3, 2, 15, 59, tzinfo=UTC)
        )


def test_a_day_that_has_not_ended_cannot_be_committed(engine: Engine) -> None:
    with engine.begin() as conn, pytest.raises(InvalidInput, match="after it ended"):
        commit_access_log(conn, DAY, now=datetime(2025, 3, 1, 15, 59, tzinfo=UTC))


def test_the_day_is_the_official_beijing_day(engine: Engine) -> None:
    """23:30 UTC on 1 March is 07:30 on 2 March in Beijing: the entry belongs to 2 March."""
    with engine.begin() as conn:
        log_access(
            conn, "a", "auditor", None, "late", None, datetime(2025, 3, 1, 23, 30, tzinfo=UTC)
        )
        seq = commit_access_log(conn, DAY, now=NEXT_DAY)
        assert json.loads(get_event(conn, seq).payload_json or "")["count"] == 0
        assert commit_access_log(conn, date(2025, 3, 2), now=datetime(2025, 3, 2, 16, tzinfo=UTC))
