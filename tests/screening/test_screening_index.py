"""The screening index is kept in step with subjects on ingest, rebuildable, and its
trigram index answers on both databases; candidates never miss what a full scan finds."""

from __future__ import annotations

import random

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from screening_store import Store

from publiccredit.errors import InvalidInput
from publiccredit.screening.answer import result_json
from publiccredit.screening.names import parse
from publiccredit.screening.regions import region_code
from publiccredit.screening.scoring import DEFAULT_THRESHOLD, Query, quick_score, score
from publiccredit.service.screening import ScreenQuery, screen
from publiccredit.store.schema import screening_keys, screening_names, subjects
from publiccredit.store.screening_index import (
    _CANDIDATE_COLUMNS,
    _candidate,
    by_grams,
    index_subjects,
    rebuild,
)
from publiccredit.store.unit import write_unit
from publiccredit.synth.screening_eval import evaluation_set


def _index_rows(store: Store) -> list[tuple[object, ...]]:
    with store.engine.connect() as conn:
        names = conn.execute(
            sa.select(
                screening_names.c.subject_key, screening_names.c.name, screening_names.c.trade
            ).order_by(screening_names.c.subject_key)
        ).all()
        keys = conn.execute(
            sa.select(screening_keys.c.key, screening_keys.c.subject_key).order_by(
                screening_keys.c.subject_key, screening_keys.c.key
            )
        ).all()
    return [*map(tuple, names), *map(tuple, keys)]


def test_ingest_indexes_every_named_entity_and_no_person(store: Store) -> None:
    with store.engine.connect() as conn:
        entities = conn.execute(
            sa.select(subjects.c.subject_key, subjects.c.name)
            .where(subjects.c.kind == "entity", subjects.c.name.is_not(None))
            .order_by(subjects.c.subject_key)
        ).all()
        indexed = conn.execute(
            sa.select(screening_names.c.subject_key, screening_names.c.name).order_by(
                screening_names.c.subject_key
            )
        ).all()
        persons = conn.execute(
            sa.select(sa.func.count())
            .select_from(
                screening_names.join(
                    subjects, subjects.c.subject_key == screening_names.c.subject_key
                )
            )
            .where(subjects.c.kind == "person")
        ).scalar_one()
    assert len(entities) > 300
    assert [tuple(row) for row in indexed] == [tuple(row) for row in entities]
    assert persons == 0


def test_rebuild_gives_the_index_that_ingest_kept(store: Store) -> None:
    before = _index_rows(store)
    with write_unit(store.engine) as conn:
        assert rebuild(conn) == len([row for row in before if len(row) == 3])
    assert _index_rows(store) == before


def test_a_renamed_subject_is_found_under_its_new_name_only(store: Store) -> None:
    with store.engine.connect() as conn:
        key, region = conn.execute(
            sa.select(subjects.c.subject_key, subjects.c.region)
            .where(subjects.c.subject_key.like("91%"))
            .order_by(subjects.c.subject_key)
        ).first()
    with write_unit(store.engine) as conn:
        index_subjects(
            conn,
            [
                {
                    "subject_key": key,
                    "kind": "entity",
                    "name": "杭州市龘靐科技有限公司",
                    "region": region,
                }
            ],
        )
    with store.engine.connect() as conn:
        found = screen(conn, ScreenQuery(("杭州市龘靐科技有限公司",)))
        assert found.matches()[0].candidate.subject_key == key
        trades = (
            conn.execute(sa.select(screening_keys.c.key).where(screening_keys.c.subject_key == key))
            .scalars()
            .all()
        )
    assert "t:龘靐" in trades
    assert all("龘" in trade or not trade.startswith("t:") for trade in trades)
    with write_unit(store.engine) as conn:  # leave the module's store as it was
        rebuild(conn)


def test_an_ambiguous_abbreviation_is_not_a_match_a_distinguishing_query_is(
    store: Store,
) -> None:
    with store.engine.connect() as conn:
        first, second = (
            conn.execute(
                sa.select(subjects.c.subject_key)
                .where(subjects.c.subject_key.like("91%"))
                .order_by(subjects.c.subject_key)
                .limit(2)
            )
            .scalars()
            .all()
        )
    named = {first: "杭州市龘靐科技有限公司", second: "杭州市龘靐贸易有限公司"}
    with write_unit(store.engine) as conn:
        index_subjects(
            conn,
            [
                {"subject_key": key, "kind": "entity", "name": name, "region": "330106"}
                for key, name in named.items()
            ],
        )
    with store.engine.connect() as conn:
        short = screen(conn, ScreenQuery(("杭州龘靐",)))
        full = screen(conn, ScreenQuery(("杭州市龘靐科技有限公司",)))
        coded = screen(conn, ScreenQuery(("杭州龘靐",), code=second))
    fitting = [item for item in short.results if item.score >= DEFAULT_THRESHOLD]
    assert {item.candidate.subject_key for item in fitting} == {first, second}
    assert short.matches() == []
    for item in fitting:
        assert item.ambiguous == 2
        assert item.explanations["ambiguous"].startswith("ambiguous: 2 entities fit")
        assert result_json(item, DEFAULT_THRESHOLD)["match"] is False
    assert [item.candidate.subject_key for item in full.matches()] == [first]
    assert result_json(full.matches()[0], DEFAULT_THRESHOLD)["match"] is True
    assert [item.candidate.subject_key for item in coded.matches()] == [second]
    with write_unit(store.engine) as conn:  # leave the module's store as it was
        rebuild(conn)


def test_the_trigram_index_finds_fragments_on_both_databases(store: Store) -> None:
    with store.engine.connect() as conn:
        grams = conn.execute(
            sa.select(screening_names.c.grams, screening_names.c.subject_key)
        ).all()
        sample = random.Random(3).sample(grams, 20)
        for text, key in sample:
            core = text.split(" ")[0]
            if len(core) < 3:
                continue
            fragment = core[-3:]
            found = {candidate.subject_key for candidate in by_grams(conn, [fragment], 1000)}
            expected = {k for t, k in grams if fragment in t}
            assert key in found
            assert found == expected
        if store.backend == "postgresql":  # the index serves LIKE (a tiny table is scanned)
            conn.execute(sa.text("SET LOCAL enable_seqscan = off"))
            plan = (
                conn.execute(
                    sa.text("EXPLAIN SELECT id FROM screening_names WHERE grams LIKE '%科技有%'")
                )
                .scalars()
                .all()
            )
            assert any("ix_screening_names_grams_trgm" in line for line in plan), plan


def test_candidates_miss_no_match_a_full_scan_finds(store: Store) -> None:
    """The slow, obvious reference: score the query against every indexed subject. Whenever
    that finds a match, screening's best result scores the same (the staged candidate
    lookup lost nothing); and the fast score equals the explained one."""
    with store.engine.connect() as conn:
        everyone = [_candidate(row) for row in conn.execute(sa.select(*_CANDIDATE_COLUMNS))]
        stored = [(c.subject_key, c.name) for c in everyone]
        queries = evaluation_set(stored, positives=80, negatives=40, seed=9)
        for query in queries:
            region = region_code(query.region) if query.region else ""
            parsed = Query((parse(query.name),), region=region)
            asked = ScreenQuery((query.name,), region=query.region)
            answer = screen(conn, asked, DEFAULT_THRESHOLD, limit=1)
            full = max(quick_score(parsed, candidate) for candidate in everyone)
            if full >= DEFAULT_THRESHOLD:
                assert answer.results, query
                assert answer.results[0].score == full, query
            for item in answer.results:
                fast = quick_score(parsed, item.candidate)
                assert fast == score(parsed, item.candidate).score


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=60), st.text(max_size=20), st.text(max_size=20))
def test_any_text_gets_an_answer_and_scores_stay_in_range(
    store: Store, name: str, code: str, region: str
) -> None:
    """Whatever a supplier list holds, screening answers (or refuses an empty query);
    it never fails, and every score lies in [0, 1] in descending order."""
    query = ScreenQuery((name,), code, region)
    with store.engine.connect() as conn:
        try:
            answer = screen(conn, query)
        except InvalidInput:
            has_nul = "\x00" in name + code + region
            assert has_nul or (not name.strip() and not code.strip())
            return
    scores = [item.score for item in answer.results]
    assert all(0.0 <= value <= 1.0 for value in scores)
    assert scores == sorted(scores, reverse=True)
