"""Appending, reading and erasing events, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from publiccredit.domain.event import format_instant, parse_instant
from publiccredit.errors import InvalidInput, NotFound
from publiccredit.ledger import merkle
from publiccredit.ledger.leaf import canonical_json, payload_hash
from publiccredit.store import nodestore
from publiccredit.store.events import append_events, erase_payload, get_event, read_events
from publiccredit.store.heads import sign_current_head
from publiccredit.store.schema import events
from publiccredit.store.verify import verify_store


def test_seqs_are_gap_free_and_the_leaves_match(engine: Engine, make_event) -> None:
    with engine.begin() as conn:
        assert append_events(conn, [make_event(i) for i in range(3)]) == [1, 2, 3]
        assert append_events(conn, []) == []
    with engine.begin() as conn:
        assert append_events(conn, [make_event(i) for i in range(3, 20)]) == list(range(4, 21))
    with engine.connect() as conn:
        stored = list(read_events(conn))
        assert [row.seq for row in stored] == list(range(1, 21))
        leaves = [merkle.leaf_hash(row.leaf()) for row in stored]
        assert nodestore.root_at(conn, 20) == merkle.root(leaves)
        assert nodestore.ledger_size(conn) == 20


def test_an_event_reads_back_unchanged(engine: Engine, make_event) -> None:
    event = make_event(5, payload={"z": [1, 2.5, None], "a": "统一社会信用代码"})
    with engine.begin() as conn:
        [seq] = append_events(conn, [event])
    with engine.connect() as conn:
        row = get_event(conn, seq)
    assert row.to_event() == event.with_seq(seq)
    assert row.payload_json == canonical_json(dict(event.payload)).decode()
    assert row.payload_hash == payload_hash(row.salt, row.payload_json.encode())
    assert len(row.salt) == 16


def test_a_rolled_back_append_leaves_nothing(engine: Engine, make_event) -> None:
    with engine.begin() as conn:
        append_events(conn, [make_event(1)])

    def crash_before_commit() -> None:
        with engine.begin() as conn:
            append_events(conn, [make_event(i) for i in range(40)])
            raise RuntimeError("crash after the append, before commit")

    with pytest.raises(RuntimeError):
        crash_before_commit()
    with engine.begin() as conn:
        assert nodestore.ledger_size(conn) == 1
        assert [row.seq for row in read_events(conn)] == [1]
        assert append_events(conn, [make_event(2)]) == [2]


def test_unknown_kinds_and_naive_times_are_refused(make_event) -> None:
    with pytest.raises(InvalidInput, match="unknown event kind"):
        make_event(kind="record.deleted")
    with pytest.raises(InvalidInput, match="time zone"):
        make_event(occurred_at=datetime(2025, 3, 1))


def test_erasure_keeps_salt_hash_and_verification(
    engine: Engine, make_event, signing_key: Ed25519PrivateKey
) -> None:
    with engine.begin() as conn:
        append_events(conn, [make_event(i) for i in range(5)])
        sign_current_head(conn, signing_key)
        before = get_event(conn, 3)
        erase_payload(conn, 3)
    with engine.connect() as conn:
        after = get_event(conn, 3)
        assert after.erased
        assert after.payload_json is None
        assert (after.salt, after.payload_hash) == (before.salt, before.payload_hash)
        assert after.leaf() == before.leaf()
        report = verify_store(conn, signing_key.public_key())
    assert report.ok, report.findings
    assert report.payloads_erased == 1
    with engine.begin() as conn, pytest.raises(NotFound):
        erase_payload(conn, 99)


def test_concurrent_appenders_keep_seqs_gap_free(engine: Engine, make_event) -> None:
    """PostgreSQL serialises on the ledger state row; SQLite writers wait on its lock."""
    errors: list[BaseException] = []

    def appender(worker: int) -> None:
        try:
            for batch in range(5):
                with engine.begin() as conn:
                    append_events(
                        conn, [make_event(worker * 100 + batch * 10 + i) for i in range(7)]
                    )
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=appender, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with engine.connect() as conn:
        seqs = conn.execute(sa.select(events.c.seq).order_by(events.c.seq)).scalars().all()
        assert seqs == list(range(1, 141))
        leaves = [merkle.leaf_hash(row.leaf()) for row in read_events(conn)]
        assert nodestore.root_at(conn, 140) == merkle.root(leaves)


@given(st.datetimes(timezones=st.just(UTC)))
def test_every_instant_survives_its_text_form(moment: datetime) -> None:
    """Any aware instant, years before 1000 included, reads back from format_instant."""
    text = format_instant(moment)
    assert len(text) == 27
    assert parse_instant(text) == moment
