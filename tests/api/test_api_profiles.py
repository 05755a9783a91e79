"""The fast profile path against the obvious one: parse the stored assessment, filter, count."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from conftest import AGENCY, Seeded
from publiccredit.api.profiles import SummaryCache
from publiccredit.api.views import View, shown_assessment
from publiccredit.policy import default_pack
from publiccredit.store.db import make_engine
from publiccredit.store.projections import get_assessment
from publiccredit.store.schema import subjects

PACK = default_pack()


def _reference(seeded: Seeded, key: str, full: bool) -> dict[str, Any]:
    engine = make_engine(seeded.config.db_url)
    with engine.connect() as conn:
        stored = get_assessment(conn, key)
    engine.dispose()
    assert stored is not None
    shown = shown_assessment(stored["assessment"], PACK, View(full))
    fields = ("as_of", "next_change_on", "policy_version", "rating", "lists", "measures")
    return {**{name: shown[name] for name in fields}, "records_shown": len(shown["records"])}


@pytest.mark.parametrize(("role", "full"), [("public", False), ("admin", True)])
def test_profiles_match_the_parsed_assessment_for_every_subject(
    seeded: Seeded, role: str, full: bool
) -> None:
    engine = make_engine(seeded.config.db_url)
    with engine.connect() as conn:
        keys = list(conn.execute(sa.select(subjects.c.subject_key)).scalars())
    engine.dispose()
    for _ in range(2):  # the first pass fills the cache, the second is served from it
        for key in keys:
            answer = seeded.client.get(f"/v1/subjects/{key}", headers=seeded.auth(role)).json()
            expected = _reference(seeded, key, full)
            assert {name: answer[name] for name in expected} == expected, key


def test_a_new_record_shows_in_the_profile_at_once(seeded: Seeded) -> None:
    path = f"/v1/subjects/{seeded.consented}"
    before = seeded.client.get(path, headers=seeded.auth("admin")).json()["records_shown"]
    row = {
        "agency": AGENCY,
        "source_record_id": "profile-licence-1",
        "record_type": "admin_license",
        "subject_kind": "entity",
        "subject_id": seeded.consented,
        "decided_on": "2024-03-01",
        "extra": {"licence_kind": "food_business"},
    }
    stored = seeded.client.post("/v1/records", json=row, headers=seeded.auth("agency"))
    assert stored.status_code == 200, stored.text
    after = seeded.client.get(path, headers=seeded.auth("admin")).json()["records_shown"]
    assert after == before + 1


@given(st.lists(st.integers(0, 20), max_size=200), st.integers(1, 8))
def test_the_summary_cache_is_a_bounded_lru(keys: list[int], size: int) -> None:
    cache = SummaryCache(size)
    order: list[int] = []
    for key in keys:
        if cache.get((key,)) is None:
            cache.put((key,), {"k": key})
        if key in order:
            order.remove(key)
        order.append(key)
        order = order[-size:]
        assert len(cache) <= size
    for key in order:
        assert cache.get((key,)) == {"k": key}


@pytest.mark.parametrize(
    ("role", "whose", "view"),
    [
        ("public", "entity", "public"),
        ("agency", "entity", "public"),
        ("subject", "entity", "full"),  # its own: logged
        ("subject", "listed", "public"),  # another subject's: not logged
        ("auditor", "listed", "full"),
    ],
)
def test_each_caller_gets_its_view_and_only_full_views_are_logged(
    seeded: Seeded, role: str, whose: str, view: str
) -> None:
    key = getattr(seeded, whose)
    auditor = seeded.auth("auditor")
    before = len(seeded.client.get("/v1/access-log?limit=1000", headers=auditor).json()["items"])
    answer = seeded.client.get(f"/v1/subjects/{key.lower()}", headers=seeded.auth(role))
    after = seeded.client.get("/v1/access-log?limit=1000", headers=auditor).json()["items"]
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["subject_key"], body["view"]) == (key, view)
    assert body["records_shown"] == _reference(seeded, key, view == "full")["records_shown"]
    logged = after[before:]
    assert [entry["subject_key"] for entry in logged] == ([key] if view == "full" else [])


def test_an_unknown_subject_is_a_404(seeded: Seeded) -> None:
    answer = seeded.client.get("/v1/subjects/91000000000000000X")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"
