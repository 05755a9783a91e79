"""verify detects and NAMES real tampering done through SQL, on both databases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Connection, Engine

from publiccredit.ledger.heads import TreeHead
from publiccredit.ledger.tiles import tile_key
from publiccredit.store.access_log import commit_access_log, log_access
from publiccredit.store.events import append_events
from publiccredit.store.heads import sign_current_head
from publiccredit.store.schema import ledger_tiles
from publiccredit.store.verify import VerifyReport, verify_store


@pytest.fixture
def ledger(engine: Engine, make_event, signing_key: Ed25519PrivateKey) -> Engine:
    """Ten events and one signed head at size 10."""
    with engine.begin() as conn:
        append_events(conn, [make_event(i) for i in range(10)])
        sign_current_head(conn, signing_key)
    return engine


def _verify(engine: Engine, key: Ed25519PrivateKey, since: TreeHead | None = None) -> VerifyReport:
    with engine.connect() as conn:
        return verify_store(conn, key.public_key(), since)


def _messages(report: VerifyReport) -> list[str]:
    return [finding.message for finding in report.findings]


def test_an_untouched_ledger_verifies(ledger: Engine, signing_key: Ed25519PrivateKey) -> None:
    report = _verify(ledger, signing_key)
    assert report.ok, report.findings
    assert (report.events_checked, report.payloads_checked, report.heads_checked) == (10, 10, 1)


def _swap(conn: Connection) -> None:
    for old, new in ((3, 1000), (4, 3), (1000, 4)):
        conn.execute(sa.text(f"UPDATE events SET seq = {new} WHERE seq = {old}"))


def _insert_copy(conn: Connection) -> None:
    conn.execute(
        sa.text(
            "INSERT INTO events (seq, kind, subject, occurred_at, recorded_at, actor, payload,"
            " salt, payload_hash) SELECT 11, kind, subject, occurred_at, recorded_at, actor,"
            " payload, salt, payload_hash FROM events WHERE seq = 10"
        )
    )


TAMPERING: dict[str, tuple[Callable[[Connection], object], list[str]]] = {
    "edit a payload": (
        lambda c: c.execute(
            sa.text("UPDATE events SET payload = :p WHERE seq = 3"), {"p": '{"amount":0}'}
        ),
        ["event 3: payload does not match its hash"],
    ),
    "change a kind": (
        lambda c: c.execute(sa.text("UPDATE events SET kind = 'record.revoked' WHERE seq = 4")),
        ["event 4: leaf differs from node store"],
    ),
    "change a time": (
        lambda c: c.execute(
            sa.text("UPDATE events SET occurred_at = '2020-01-01T00:00:00.000000Z' WHERE seq = 6")
        ),
        ["event 6: leaf differs from node store"],
    ),
    "delete a row": (
        lambda c: c.execute(sa.text("DELETE FROM events WHERE seq = 5")),
        ["events 5–5 missing (stored events jump over them)"],
    ),
    "delete the last rows": (
        lambda c: c.execute(sa.text("DELETE FROM events WHERE seq > 8")),
        [
            "events missing after 8: stored 8, ledger size 10",
            "events missing after 8: stored 8, head 1 signs size 10",
        ],
    ),
    "swap two seqs": (
        _swap,
        ["event 3: holds event 4 (events reordered)", "event 4: holds event 3 (events reordered)"],
    ),
    "insert a row": (_insert_copy, ["event 11: stored but not in the ledger (size 10)"]),
    "rewrite the tail and the state": (
        lambda c: (
            c.execute(sa.text("DELETE FROM events WHERE seq > 8")),
            c.execute(sa.text("UPDATE ledger_state SET size = 8")),
        ),
        [
            "events missing after 8: stored 8, head 1 signs size 10",
            "signed head 1 (size 10): the ledger has only 8 leaves",
        ],
    ),
    "edit a stored node": (
        lambda c: c.execute(
            sa.update(ledger_tiles)
            .where(ledger_tiles.c.tile_key == 0)
            .values(hashes=b"\x00" * 32 * 10)
        ),
        [f"event {seq}: leaf differs from node store" for seq in range(1, 11)],
    ),
    "forge a head root": (
        lambda c: c.execute(sa.text("UPDATE signed_heads SET size = 9")),
        ["signed head 1 (size 9): signature does not verify"],
    ),
}


@pytest.mark.parametrize("case", sorted(TAMPERING))
def test_tampering_is_detected_and_named(
    ledger: Engine, signing_key: Ed25519PrivateKey, case: str
) -> None:
    tamper, expected = TAMPERING[case]
    with ledger.begin() as conn:
        tamper(conn)
    report = _verify(ledger, signing_key)
    assert not report.ok
    for message in expected:
        assert message in _messages(report), _messages(report)


def test_an_edited_upper_node_is_named(
    engine: Engine, make_event, signing_key: Ed25519PrivateKey
) -> None:
    with engine.begin() as conn:
        append_events(conn, [make_event(i) for i in range(40)])
        level_one = sa.update(ledger_tiles).where(ledger_tiles.c.tile_key == tile_key((1, 0)))
        conn.execute(level_one.values(hashes=b"1" * 64))
    assert "node store level 1, node 0: differs from its children" in _messages(
        _verify(engine, signing_key)
    )


def test_since_head_checks_consistency_with_a_saved_head(
    ledger: Engine, make_event, signing_key: Ed25519PrivateKey
) -> None:
    with ledger.begin() as conn:
        saved = sign_current_head(conn, signing_key)
        append_events(conn, [make_event(i) for i in range(10, 25)])
    assert _verify(ledger, signing_key, saved).ok
    forged = TreeHead(saved.size, b"\x07" * 32, saved.timestamp, saved.key_id, saved.signature)
    assert "saved head (size 10): root differs from the root recomputed from the events" in (
        _messages(_verify(ledger, signing_key, forged))
    )
    future = TreeHead(99, saved.root, saved.timestamp, saved.key_id, saved.signature)
    assert "saved head (size 99): the ledger now has only 25 leaves" in _messages(
        _verify(ledger, signing_key, future)
    )


def test_a_head_signed_by_another_key_is_named(
    ledger: Engine, signing_key: Ed25519PrivateKey
) -> None:
    with ledger.begin() as conn:
        sign_current_head(conn, Ed25519PrivateKey.generate())
    [message] = _messages(_verify(ledger, signing_key))
    assert message.startswith("signed head 2 (size 10): signed by another key")


def test_an_access_log_entry_edited_after_commit_is_named(
    ledger: Engine, signing_key: Ed25519PrivateKey
) -> None:
    at = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    with ledger.begin() as conn:
        log_access(
            conn, "bank-1", "financial_institution", "91440300MA5FTEST01", "report", "c1", at
        )
        seq = commit_access_log(conn, date(2025, 3, 1), now=datetime(2025, 3, 2, tzinfo=UTC))
    assert _verify(ledger, signing_key).ok
    with ledger.begin() as conn:
        conn.execute(sa.text("UPDATE access_log SET actor = 'someone-else'"))
    assert f"event {seq}: access log of 2025-03-01 differs from commit" in _messages(
        _verify(ledger, signing_key)
    )
