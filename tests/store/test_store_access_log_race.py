"""Readers appending access-log entries while the day is committed: no entry lost, none
committed twice, and the committed leaf matches the rows (real threads, SQLite AND PostgreSQL)."""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from publiccredit.errors import Conflict
from publiccredit.store.access_log import commit_access_log, entries_digest, log_access
from publiccredit.store.events import get_event
from publiccredit.store.schema import access_log
from publiccredit.store.unit import write_unit

DAY = date(2025, 3, 1)
LATE_IN_DAY = datetime(2025, 3, 1, 15, 0, tzinfo=UTC)  # 23:00 in Beijing
AFTER_DAY = datetime(2025, 3, 1, 16, 0, 1, tzinfo=UTC)  # 00:00:01 on 2 March in Beijing
READERS = 4
PER_READER = 60


def test_readers_racing_the_commit_lose_nothing_and_commit_nothing_twice(engine: Engine) -> None:
    accepted: list[int] = []
    refused: list[int] = []
    errors: list[BaseException] = []
    started = threading.Barrier(READERS + 1)
    halfway = threading.Event()
    lock = threading.Lock()

    def reader(number: int) -> None:
        try:
            started.wait()
            for i in range(PER_READER):
                at = LATE_IN_DAY + timedelta(microseconds=number * PER_READER + i)
                try:
                    with engine.begin() as conn:
                        entry = log_access(
                            conn, f"bank-{number}", "auditor", None, f"{i}", None, at
                        )
                    with lock:
                        accepted.append(entry)
                except Conflict:
                    with lock:
                        refused.append(i)
                if i == PER_READER // 3:
                    halfway.set()
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
    for thread in threads:
        thread.start()
    started.wait()
    halfway.wait(timeout=60)
    with write_unit(engine) as conn:
        seq = commit_access_log(conn, DAY, now=AFTER_DAY)
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(accepted) + len(refused) == READERS * PER_READER
    assert refused, "the commit ran after every reader had finished: no race was exercised"
    with engine.connect() as conn:
        rows = conn.execute(sa.select(access_log.c.id, access_log.c.committed_seq)).all()
        payload = json.loads(get_event(conn, seq).payload_json or "{}")
        recomputed = entries_digest(conn, DAY.isoformat(), seq)
    assert sorted(entry for entry, _ in rows) == sorted(accepted)  # no entry lost or invented
    assert {committed for _, committed in rows} == {seq}  # every stored entry in the commit
    assert payload["count"] == len(accepted)
    assert (payload["count"], payload["entries_sha256"]) == recomputed
