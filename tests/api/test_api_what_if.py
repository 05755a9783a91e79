"""``POST /v1/subjects/{key}/what-if`` on SQLite and PostgreSQL: the answer is the engine's.

The store (tests/web/what_if_store.py) holds one company with a repairable serious
fine under a serious-dishonesty listing, fines not yet repairable, and an
abnormal-operations listing for a missing annual report. The reference for every
answer is ``engine.what_if`` run directly on the records the store gives back.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publiccredit.api.auth import Caller
from publiccredit.api.what_if_data import simulate
from publiccredit.domain.subject import Subject
from publiccredit.engine import what_if
from publiccredit.engine.what_if_offers import Scenario
from publiccredit.service import load_subjects
from publiccredit.store.db import make_engine


def _helper() -> Any:
    name = "what_if_store"
    if name not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "web" / "what_if_store.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while defining
        spec.loader.exec_module(module)
    return sys.modules[name]


W = _helper()
COMPANY, OTHER, SAMR, TODAY = W.COMPANY, W.OTHER, W.SAMR, W.TODAY
URL = f"/v1/subjects/{COMPANY}/what-if"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    with W.store(request.param, tmp_path_factory.mktemp(f"what-if-{request.param}")) as found:
        yield found


def _repair(source: str, on: date) -> dict[str, Any]:
    record = {"agency": SAMR, "source_record_id": source}
    return {"kind": "repair", "on": on.isoformat(), "record": record}


def _reference(seeded: Any, scenarios: list[Scenario], as_of: date) -> Any:
    engine = make_engine(seeded.config.db_url)
    try:
        with engine.connect() as conn:
            records, facts = load_subjects(conn, [COMPANY])[COMPANY]
    finally:
        engine.dispose()
    subject = Subject.from_records(records[0].subject_id, records)
    changes = [scenario.change() for scenario in scenarios]
    return what_if(subject, records, W.PACK, as_of, changes, facts)


def test_the_answer_is_engine_what_if_on_the_same_records(seeded: Any) -> None:
    body = {"changes": [_repair("P-OK", TODAY)], "as_of": TODAY.isoformat()}
    response = seeded.client.post(URL, json=body, headers=seeded.auth("subject"))
    assert response.status_code == 200, response.text
    answer = response.json()
    expected = _reference(seeded, [Scenario("repair", TODAY, (SAMR, "P-OK"))], TODAY)
    assert answer["before"] == expected.before.to_json()
    assert answer["after"] == expected.after.to_json()
    assert answer["differences"] == list(expected.differences)
    assert answer["as_of"] == TODAY.isoformat()


def test_repairing_the_fine_lifts_the_list_its_measures_and_the_level(seeded: Any) -> None:
    body = {"changes": [_repair("P-OK", TODAY)]}
    answer = seeded.client.post(URL, json=body, headers=seeded.auth("subject")).json()
    found = {(h["kind"], h["about"]): (h["before"], h["after"]) for h in answer["highlights"]}
    assert found[("level", "rating")] == ("D", "C")
    assert ("leaves_list", "serious_illegal_dishonest") in found
    assert found[("record_state", f"{SAMR}/P-OK")] == ("published", "repaired")
    assert any(kind == "measure_lifted" for kind, _ in found)
    assert [m["list"] for m in answer["after"]["lists"]] == ["abnormal_operations"]


def test_offered_changes_follow_the_records_and_the_pack(seeded: Any) -> None:
    answer = seeded.client.post(URL, json={}, headers=seeded.auth("subject")).json()
    offered = {
        (o["kind"], (o["record"] or {}).get("source_record_id")): o for o in answer["offered"]
    }
    assert offered[("repair", "P-OK")]["on"] == TODAY.isoformat()
    wait = offered[("repair", "P-WAIT")]
    assert date.fromisoformat(wait["on"]) > TODAY
    assert wait["note"] == "eligible_from"
    assert ("perform_obligations", "P-UNPAID") in offered
    assert offered[("repair", "P-UNPAID")]["note"] == "needs_performance"
    assert ("perform_obligations", "P-OK") not in offered
    annual = offered[("file_annual_report", None)]
    assert annual["list"] == "abnormal_operations"
    assert offered[("remove_listing", "SL")]["list"] == "serious_illegal_dishonest"
    assert answer["highlights"] == []
    assert answer["before"] == answer["after"]


def test_as_of_defaults_to_the_latest_change(seeded: Any) -> None:
    later = TODAY + timedelta(days=90)
    body = {"changes": [_repair("P-WAIT", later), {"kind": "file_annual_report", "on": str(TODAY)}]}
    answer = seeded.client.post(URL, json=body, headers=seeded.auth("subject")).json()
    assert answer["as_of"] == later.isoformat()
    kinds = {h["kind"] for h in answer["highlights"]}
    assert "leaves_list" in kinds


def test_a_record_of_another_subject_is_refused_naming_the_field(seeded: Any) -> None:
    body = {"changes": [_repair("P-O", TODAY)]}
    response = seeded.client.post(URL, json=body, headers=seeded.auth("subject"))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["details"][0]["field"] == "changes[0].record"
    assert "P-O" in error["details"][0]["value"]


@pytest.mark.parametrize(
    ("role", "status"),
    [("subject", 200), ("auditor", 200), ("admin", 200), ("other", 403), ("public", 403),
     ("agency", 403), ("institution", 403)],
)  # fmt: skip
def test_who_may_simulate(seeded: Any, role: str, status: int) -> None:
    before = seeded.count("SELECT COUNT(*) FROM access_log")
    response = seeded.client.post(URL, json={}, headers=seeded.auth(role))
    assert response.status_code == status, response.text
    logged = seeded.count("SELECT COUNT(*) FROM access_log") - before
    assert logged == (1 if status == 200 else 0), "each full read is logged, a refusal is not"


@settings(max_examples=12)
@given(
    picks=st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=4),
    shifts=st.lists(st.integers(min_value=-200, max_value=400), min_size=4, max_size=4),
)
def test_any_offered_changes_equal_the_engine(
    seeded: Any, picks: list[int], shifts: list[int]
) -> None:
    """Property: whatever offered changes, dated whenever, the data function is the engine."""
    state = seeded.client.app.state.api
    who = Caller("auditor", key_id="hypothesis")
    offered = list(simulate(state, who, COMPANY, [], TODAY, "test").offered)
    chosen = [offered[i % len(offered)] for i in picks]
    scenarios = [
        Scenario(s.kind, TODAY + timedelta(days=shift), s.record, s.year)
        for s, shift in zip(chosen, shifts, strict=False)
    ]
    found = simulate(state, who, COMPANY, scenarios, None, "test")
    expected = _reference(seeded, scenarios, found.as_of)
    assert found.as_of == max([TODAY, *(s.on for s in scenarios)])
    assert found.before.to_json() == expected.before.to_json()
    assert found.after.to_json() == expected.after.to_json()
    assert found.result.differences == expected.differences


def test_an_implausible_date_is_refused_naming_the_field(seeded: Any) -> None:
    response = seeded.client.post(URL, json={"as_of": "9999-12-31"}, headers=seeded.auth("admin"))
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "as_of"
