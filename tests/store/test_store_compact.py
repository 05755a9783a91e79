"""Compact assessments and the membership index, on SQLite AND PostgreSQL.

Decisions read only the compact row (``api.assessing.decide_stored``); they
must equal the slow obvious reference: re-assess the subject from its stored
records with the engine and ask ``engine.decide``. The compact rows and the
membership index must say what the full documents say, move only forward,
and be rebuilt from stored assessments by migration 0013.
"""

from __future__ import annotations

import json
from dataclasses import astuple
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from publiccredit.api.assessing import decide_stored
from publiccredit.engine.compiled import compile_pack
from publiccredit.engine.decide import decide
from publiccredit.ingest.batch import IngestOptions, ingest_file
from publiccredit.policy import default_pack
from publiccredit.service import assess_stored, load_subjects
from publiccredit.service.lifecycle import revoke, sweep
from publiccredit.store.compact import Compact, read_compact
from publiccredit.store.migrate import _config
from publiccredit.store.personal import create_personal_keys, load_personal_keys
from publiccredit.store.projections import get_assessment, upsert_assessments
from publiccredit.store.schema import assessment_compact, assessments, list_memberships
from publiccredit.store.unit import write_unit
from publiccredit.synth import SynthConfig, write

AS_OF = date(2026, 6, 1)
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
PACK = default_pack()


@pytest.fixture
def stored(engine: Engine, tmp_path: Path) -> list[str]:
    """A synthetic file ingested as ``publiccredit ingest`` does; the subject keys."""
    create_personal_keys(tmp_path)
    config = SynthConfig(entities=40, records_per_entity=20, end=date(2026, 5, 31), seed=14)
    path = write(config, tmp_path, "jsonl").path
    result = ingest_file(
        engine,
        path,
        PACK,
        load_personal_keys(tmp_path),
        IngestOptions(AS_OF, NOW, legacy_listings=True),
    )
    assert result.committed, result.problems[:3]
    with engine.connect() as conn:
        return sorted(conn.execute(sa.select(assessments.c.subject_key)).scalars())


def _documents(engine: Engine) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(assessments.c.subject_key, assessments.c.assessment))
        return {key: doc if isinstance(doc, dict) else json.loads(doc) for key, doc in rows}


def _memberships(engine: Engine) -> set[tuple[Any, ...]]:
    m = list_memberships
    with engine.connect() as conn:
        query = sa.select(
            m.c.list_id, m.c.subject_key, m.c.subject_id, m.c.since, m.c.until,
            m.c.legal_basis, m.c.because_of,
        )  # fmt: skip
        return {(*row[:6], json.dumps(json.loads(row[6]))) for row in conn.execute(query)}


def _expected_memberships(documents: dict[str, dict[str, Any]]) -> set[tuple[Any, ...]]:
    def day(text: str | None) -> date | None:
        return None if text is None else date.fromisoformat(text)

    return {
        (entry["list"], key, doc["subject"]["id"], day(entry["since"]), day(entry["until"]),
         entry["legal_basis"], json.dumps(entry["because_of"]))
        for key, doc in documents.items()
        for entry in doc["lists"]
    }  # fmt: skip


def test_compact_rows_and_memberships_say_what_the_full_documents_say(
    engine: Engine, stored: list[str]
) -> None:
    documents = _documents(engine)
    with engine.connect() as conn:
        compact = read_compact(conn, stored)
    assert set(compact) == set(documents) == set(stored)
    for key, document in documents.items():
        row = compact[key]
        assert row.subject_id == document["subject"]["id"]
        assert row.measures() == document["measures"]
        assert [entry["list"] for entry in json.loads(row.lists_json)] == [
            entry["list"] for entry in document["lists"]
        ]
        assert row.level == (document["rating"] or {}).get("level")
        assert row.next_change_on == (
            None if document["next_change_on"] is None
            else date.fromisoformat(document["next_change_on"])
        )  # fmt: skip
    expected = _expected_memberships(documents)
    assert expected, "the synthetic store should put someone on a list"
    assert _memberships(engine) == expected


def test_decisions_from_the_compact_row_equal_the_engine_on_stored_records(
    engine: Engine, stored: list[str]
) -> None:
    actions = sorted(compile_pack(PACK).action_keys)
    listed = [key for key, doc in _documents(engine).items() if doc["measures"]]
    assert listed, "the synthetic store should have subjects under measures"

    @settings(max_examples=60, suppress_health_check=list(HealthCheck))
    @given(
        key=st.sampled_from(stored) | st.sampled_from(listed),
        action=st.sampled_from(actions),
        offset=st.integers(min_value=-400, max_value=1500),
    )
    def check(key: str, action: str, offset: int) -> None:
        on = AS_OF + timedelta(days=offset)
        with engine.connect() as conn:
            decision, source = decide_stored(conn, PACK, [key], action, on)[key]
            records, facts = load_subjects(conn, [key])[key]
        expected = decide(assess_stored(records, facts, PACK, on), action, PACK).to_json()
        expected["as_of"] = on.isoformat()
        assert decision == expected
        assert source == ("stored" if offset >= 0 and _holds(engine, key, on) else "recomputed")

    check()


def _holds(engine: Engine, key: str, on: date) -> bool:
    with engine.connect() as conn:
        row = get_assessment(conn, key)
    assert row is not None
    following = row["next_change_on"]
    return following is None or on < following


def test_an_older_view_moves_neither_the_compact_row_nor_the_memberships(
    engine: Engine, stored: list[str]
) -> None:
    documents = _documents(engine)
    key = next(key for key, doc in documents.items() if doc["lists"])
    before = _memberships(engine)
    with engine.connect() as conn:
        (compact,) = read_compact(conn, [key]).values()
    older = {
        "subject_key": key, "policy_version": "older", "as_of": AS_OF, "next_change_on": None,
        "through_seq": compact.through_seq - 1, "assessment_json": '{"lists": [], "measures": []}',
    }  # fmt: skip
    with write_unit(engine) as conn:
        upsert_assessments(conn, [older])
    with engine.connect() as conn:
        assert read_compact(conn, [key])[key] == compact
    assert _memberships(engine) == before
    newer = {**older, "through_seq": compact.through_seq + 1, "policy_version": "newer"}
    with write_unit(engine) as conn:
        upsert_assessments(conn, [newer])
    with engine.connect() as conn:
        moved = read_compact(conn, [key])[key]
    assert (moved.policy_version, moved.measures(), moved.subject_id) == ("newer", [], key)
    assert _memberships(engine) == {row for row in before if row[1] != key}
    listed = json.dumps(documents[key])
    twice = [  # one subject twice in one call, both forward: the newer row wins
        {**newer, "through_seq": newer["through_seq"] + 1, "assessment_json": listed},
        {**newer, "through_seq": newer["through_seq"] + 2, "assessment_json": listed,
         "policy_version": "twice"},
    ]  # fmt: skip
    with write_unit(engine) as conn:
        upsert_assessments(conn, twice)
    with engine.connect() as conn:
        assert read_compact(conn, [key])[key].policy_version == "twice"
    assert _memberships(engine) == before


def _parsed(rows: dict[str, Compact]) -> dict[str, tuple[Any, ...]]:
    return {
        key: (*astuple(row)[:7], json.loads(row.lists_json), row.measures())
        for key, row in rows.items()
    }


def test_migration_0013_fills_both_tables_from_stored_assessments(
    engine: Engine, stored: list[str]
) -> None:
    with engine.connect() as conn:
        compact_before = _parsed(read_compact(conn, stored))
    members_before = _memberships(engine)
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0011")
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    with engine.connect() as conn:
        # equal as JSON: PostgreSQL's JSONB hands the documents back with keys reordered
        assert _parsed(read_compact(conn, stored)) == compact_before
        count = sa.select(sa.func.count()).select_from(assessment_compact)
        assert conn.execute(count).scalar_one() == len(stored)
    assert _memberships(engine) == members_before


def test_the_index_follows_revocations_and_the_sweep(engine: Engine, stored: list[str]) -> None:
    documents = _documents(engine)
    listed = sorted(key for key, doc in documents.items() if doc["lists"])
    behind = {
        (cause["agency"], cause["source_record_id"])
        for key in listed[:3]
        for entry in documents[key]["lists"]
        for cause in entry["because_of"]
    }
    assert behind
    for key in sorted(behind):
        with write_unit(engine) as conn:
            revoke(conn, PACK, key, AS_OF, "annulled on review", as_of=AS_OF, now=NOW)
    after_revocation = _documents(engine)
    assert after_revocation != documents
    assert _memberships(engine) == _expected_memberships(after_revocation)
    later = AS_OF + timedelta(days=400)
    assert sweep(engine, PACK, later, now=NOW + timedelta(days=400)) > 0
    swept = _documents(engine)
    assert swept != after_revocation
    assert _memberships(engine) == _expected_memberships(swept)
    with engine.connect() as conn:
        compact = read_compact(conn, stored)
    assert {key: row.measures() for key, row in compact.items()} == {
        key: doc["measures"] for key, doc in swept.items()
    }
