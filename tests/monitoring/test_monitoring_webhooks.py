"""Webhook delivery rules on both databases: pages in order, backoff doubling, nothing for a
removed webhook or a revoked key, and an unreachable receiver recorded as a failure."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from monitoring_data import Receiver, penalty, uscc
from publiccredit.domain.record import parse_record
from publiccredit.policy import default_pack
from publiccredit.service import Submission
from publiccredit.service import webhooks as delivery
from publiccredit.service.watchlists import watch
from publiccredit.store.keys import create_key, revoke_key
from publiccredit.store.personal import create_personal_keys, load_personal_keys
from publiccredit.store.schema import changes
from publiccredit.store.unit import write_unit
from publiccredit.store.webhooks import add_webhook, get_webhook, list_attempts, remove_webhook

NOW = datetime(2024, 3, 1, 2, 0, tzinfo=UTC)
SUBJECT = uscc(4001)


def _store(engine: Engine, tmp_path: Path, url: str, records: int) -> tuple[str, str]:
    create_personal_keys(tmp_path)
    keys = load_personal_keys(tmp_path)
    with write_unit(engine) as conn:
        key, _ = create_key(conn, "institution", institution="Example Bank", now=NOW)
        watch(conn, key.key_id, [SUBJECT], NOW)
        hook = add_webhook(conn, key.key_id, url, "s" * 20, NOW)
    for n in range(records):
        with write_unit(engine) as conn:
            submission = Submission(conn, default_pack(), keys, date(2024, 3, 1), NOW)
            row = penalty(SUBJECT, f"W-{n}", date(2024, 1, 1) + timedelta(days=n))
            assert submission.add([(1, parse_record(row), ())]) == []
            submission.finish()
    return key.key_id, hook.webhook_id


def test_pages_go_out_in_order_and_backoff_doubles(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "PAGE", 2)  # several pages from a few changes
    with Receiver([500, 500]) as receiver:
        _, hook_id = _store(engine, tmp_path, receiver.url, 5)
        assert delivery.deliver(engine, NOW).failed == 1
        with engine.connect() as conn:
            first = get_webhook(conn, hook_id)
        assert first.next_attempt_at == "2024-03-01T02:00:30.000000Z"
        assert delivery.deliver(engine, NOW + timedelta(seconds=30)).failed == 1
        with engine.connect() as conn:
            assert get_webhook(conn, hook_id).next_attempt_at == "2024-03-01T02:01:30.000000Z"
        done = delivery.deliver(engine, NOW + timedelta(seconds=90))
    sent = [
        [c["id"] for c in json.loads(body)["changes"]]
        for _, body, status in receiver.requests
        if status == 200
    ]
    flat = [change_id for page in sent for change_id in page]
    with engine.connect() as conn:
        stored = conn.execute(sa.select(changes.c.id).order_by(changes.c.id)).scalars().all()
        attempts = list_attempts(conn, hook_id)
        hook = get_webhook(conn, hook_id)
    assert flat == list(stored), "every change once, in order"
    assert all(len(page) <= 2 for page in sent)
    assert (done.sent, done.failed) == (len(sent), 0)
    assert [a.ok for a in reversed(attempts)] == [False, False] + [True] * len(sent)
    assert (hook.failures, hook.next_attempt_at, hook.cursor) == (0, None, flat[-1])


def test_nothing_goes_to_a_removed_webhook_or_a_revoked_key(engine: Engine, tmp_path: Path) -> None:
    with Receiver([]) as receiver:
        key_id, hook_id = _store(engine, tmp_path, receiver.url, 1)
        with write_unit(engine) as conn:
            revoke_key(conn, key_id, NOW)
        assert delivery.deliver(engine, NOW).sent == 0
        with write_unit(engine) as conn:
            remove_webhook(conn, hook_id, key_id, NOW)
        assert delivery.deliver(engine, NOW).sent == 0
    assert receiver.requests == []


def test_an_unreachable_receiver_is_a_recorded_failure(engine: Engine, tmp_path: Path) -> None:
    _, hook_id = _store(engine, tmp_path, "http://127.0.0.1:9/nobody-listens", 1)
    assert delivery.deliver(engine, NOW).failed == 1
    with engine.connect() as conn:
        (attempt,) = list_attempts(conn, hook_id)
    assert attempt.status_code is None
    assert attempt.error
    assert not attempt.ok
