"""The change feed is complete under concurrent writers (SQLite AND PostgreSQL): a reader
paging with its cursor while several writers commit sees every change exactly once."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from monitoring_data import penalty, uscc
from publiccredit.domain.record import parse_record
from publiccredit.policy import default_pack
from publiccredit.service import Submission
from publiccredit.service.watchlists import watch
from publiccredit.store.changes import feed
from publiccredit.store.keys import create_key
from publiccredit.store.personal import create_personal_keys, load_personal_keys
from publiccredit.store.schema import changes
from publiccredit.store.unit import write_unit

NOW = datetime(2024, 3, 1, 2, 0, tzinfo=UTC)
WRITERS, ROUNDS = 4, 6


def test_a_polling_reader_misses_nothing_and_sees_nothing_twice(
    engine: Engine, tmp_path: Path
) -> None:
    create_personal_keys(tmp_path)
    keys = load_personal_keys(tmp_path)
    subjects = [uscc(3000 + n) for n in range(WRITERS)]
    with write_unit(engine) as conn:
        key, _ = create_key(conn, "auditor", now=NOW)
        watch(conn, key.key_id, subjects, NOW)

    def write(writer: int) -> None:
        for round_ in range(ROUNDS):
            row = penalty(subjects[writer], f"C-{writer}-{round_}", date(2024, 1, 1 + round_))
            with write_unit(engine) as conn:
                submission = Submission(conn, default_pack(), keys, date(2024, 3, 1), NOW)
                assert submission.add([(1, parse_record(row), ())]) == []
                submission.finish()

    seen: list[int] = []
    done = threading.Event()
    failures: list[BaseException] = []

    def read() -> None:
        cursor = 0
        try:
            while True:
                finished = done.is_set()
                with engine.connect() as conn:
                    page = feed(conn, key.key_id, cursor, 3)
                seen.extend(change.id for change in page)
                cursor = page[-1].id if page else cursor
                if finished and not page:
                    return
        except BaseException as error:  # reported by the test thread
            failures.append(error)

    def guarded(writer: int) -> None:
        try:
            write(writer)
        except BaseException as error:
            failures.append(error)

    reader = threading.Thread(target=read)
    writers = [threading.Thread(target=guarded, args=(n,)) for n in range(WRITERS)]
    reader.start()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    reader.join(timeout=120)
    assert not failures, failures
    with engine.connect() as conn:
        stored = conn.execute(sa.select(changes.c.id).order_by(changes.c.id)).scalars().all()
        published = conn.execute(
            sa.select(sa.func.count()).where(changes.c.kind == "record_published")
        ).scalar_one()
    assert published == WRITERS * ROUNDS, "every published record is one change"
    assert seen == list(stored), "the reader saw every change once, in order"
