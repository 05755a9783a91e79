"""Every path that writes assessments feeds the change feed, for watched subjects only
(SQLite AND PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from monitoring_data import penalty, uscc
from publiccredit.domain.record import parse_record
from publiccredit.engine.public_changes import rule_basis
from publiccredit.policy import default_pack
from publiccredit.service import Submission, revoke, sweep
from publiccredit.service.rebuild import reassess_all
from publiccredit.service.watchlists import watch
from publiccredit.store.changes import feed
from publiccredit.store.keys import create_key
from publiccredit.store.personal import PersonalDataKeys, create_personal_keys, load_personal_keys
from publiccredit.store.projections import get_assessment
from publiccredit.store.schema import changes
from publiccredit.store.unit import write_unit

NOW = datetime(2023, 5, 1, 2, 0, tzinfo=UTC)
WATCHED, OTHER = uscc(1001), uscc(1002)


@pytest.fixture
def keys(tmp_path: Path) -> PersonalDataKeys:
    create_personal_keys(tmp_path)
    return load_personal_keys(tmp_path)


def _submit(engine: Engine, keys: PersonalDataKeys, rows: list[dict[str, object]], as_of: date,
            now: datetime = NOW) -> None:  # fmt: skip
    with write_unit(engine) as conn:
        submission = Submission(conn, default_pack(), keys, as_of, now)
        records = [(i + 1, parse_record(row), ()) for i, row in enumerate(rows)]
        assert submission.add(records) == []
        submission.finish()


def _watcher(engine: Engine, *subjects: str) -> str:
    with write_unit(engine) as conn:
        key, _ = create_key(conn, "auditor", label="watcher", now=NOW)
        watch(conn, key.key_id, list(subjects), NOW)
    return key.key_id


def test_ingest_revocation_and_sweep_each_produce_their_changes(
    engine: Engine, keys: PersonalDataKeys
) -> None:
    watcher = _watcher(engine, WATCHED)
    early = penalty(WATCHED, "P-2022", date(2022, 6, 1))  # NDRC 2019: shown one year
    later = penalty(WATCHED, "P-2023", date(2023, 3, 1))
    unwatched = penalty(OTHER, "P-OTHER", date(2023, 3, 1))
    _submit(engine, keys, [early, later, unwatched], date(2023, 5, 1))

    with engine.connect() as conn:
        published = feed(conn, watcher, 0, 100)
        stored = get_assessment(conn, WATCHED)
        everyone = conn.execute(sa.select(changes.c.subject_key)).scalars().all()
    assert stored is not None
    assert set(everyone) == {WATCHED}, "nobody watches OTHER, so nothing is recorded for it"
    by_item = {change.item: change for change in published}
    entries = {e["source_record_id"]: e for e in stored["assessment"]["records"]}
    basis = rule_basis(default_pack())
    for source_id in ("P-2022", "P-2023"):
        change = by_item[f"record:samr-440300/{source_id}"]
        entry = entries[source_id]
        assert change.kind == "record_published"
        assert change.legal_basis == basis[entry["rule"]] != ""
        assert change.effective_on == date.fromisoformat(entry["start"])
        assert change.repair_possible_on == (
            date.fromisoformat(entry["repair"]["eligible_from"])
            if entry["repair"]["eligible_from"]
            else None
        )
        assert change.at == "2023-05-01T02:00:00.000000Z"

    with write_unit(engine) as conn:
        revoke(conn, default_pack(), ("samr-440300", "P-2023"), date(2023, 5, 2), "annulled",
               as_of=date(2023, 5, 3), now=datetime(2023, 5, 3, 1, tzinfo=UTC))  # fmt: skip
    cursor = published[-1].id
    with engine.connect() as conn:
        revoked = feed(conn, watcher, cursor, 100)
    assert [(c.kind, c.item, c.detail) for c in revoked if c.item.startswith("record:")] == [
        ("publication_ended", "record:samr-440300/P-2023", "revoked")
    ]

    end = date.fromisoformat(entries["P-2022"]["end"])
    assert sweep(engine, default_pack(), end, now=datetime(2023, 6, 1, 1, tzinfo=UTC)) >= 1
    with engine.connect() as conn:
        ended = feed(conn, watcher, revoked[-1].id, 100)
    record_changes = [(c.kind, c.item, c.detail, c.effective_on) for c in ended]
    assert ("publication_ended", "record:samr-440300/P-2022", "ended", end) in record_changes

    # Nothing changed since: a full re-assessment records nothing new.
    reassess_all(engine, default_pack(), end)
    with engine.connect() as conn:
        assert feed(conn, watcher, ended[-1].id, 100) == []


def test_a_subject_added_later_shows_only_later_changes(
    engine: Engine, keys: PersonalDataKeys
) -> None:
    first = _watcher(engine, WATCHED)
    _submit(engine, keys, [penalty(WATCHED, "P-1", date(2023, 3, 1))], date(2023, 5, 1))
    second = _watcher(engine, WATCHED)
    with engine.connect() as conn:
        assert [c.kind for c in feed(conn, first, 0, 10)] == ["record_published"]
        assert feed(conn, second, 0, 10) == []
    _submit(engine, keys, [penalty(WATCHED, "P-2", date(2023, 4, 1))], date(2023, 5, 1))
    with engine.connect() as conn:
        assert [c.item for c in feed(conn, second, 0, 10)] == ["record:samr-440300/P-2"]
        assert len(feed(conn, first, 0, 10)) == 2
