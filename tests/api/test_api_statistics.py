"""``GET /v1/statistics`` on a seeded store, on SQLite AND PostgreSQL.

Every count the SQL produces is compared with a slow, obvious count in Python
over the same store (every record row, every case event read and parsed), so a
wrong GROUP BY, JSON path or join shows up as a difference. The cases of
``statistics_seed`` pin deadline compliance to known answers.
"""

from __future__ import annotations

import json
import time as pytime
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from statistics_seed import COMPANY, SAMR, add_cases

from conftest import Seeded
from publiccredit.api.app import create_app
from publiccredit.api.routers import statistics as statistics_router
from publiccredit.api.routers.statistics import entry_rules, public_types
from publiccredit.api.state import WARM_ENV, ApiSettings
from publiccredit.api.statistics_cache import MAX_STALE_ENV
from publiccredit.domain.record import parse_record
from publiccredit.engine.compiled import matches_where
from publiccredit.policy import default_pack
from publiccredit.procedures.calendar import official_day
from publiccredit.service import Submission
from publiccredit.store.db import make_engine
from publiccredit.store.personal import load_personal_keys
from publiccredit.store.schema import events, records
from publiccredit.store.statistics import MonthRange, read_statistics

PACK = default_pack()
Table = dict[tuple[str, str], int]


@pytest.fixture(scope="module")
def store(seeded: Seeded) -> Iterator[tuple[Seeded, Engine, dict[str, str]]]:
    """The seeded store with the statistics cases added, and an engine on it."""
    ids = add_cases(seeded.config)
    engine = make_engine(seeded.config.db_url)
    yield seeded, engine, ids
    engine.dispose()


def _document(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str | bytes) else dict(value)


def _table(items: list[dict[str, Any]]) -> Table:
    return {(item["month"], item["key"]): item["count"] for item in items}


def _rows(engine: Engine) -> list[tuple[str, str, str, str, dict[str, Any]]]:
    with engine.connect() as conn:
        query = sa.select(
            records.c.agency, records.c.subject_key, records.c.record_type, records.c.status,
            records.c.content,
        )  # fmt: skip
        return [(a, s, t, st_, _document(c)["record"]) for a, s, t, st_, c in conn.execute(query)]


def reference_records(engine: Engine) -> dict[str, Table]:
    """Counts of public, unrevoked records per month by agency kind, province, severity."""
    public = set(public_types(PACK))
    found: dict[str, Counter[tuple[str, str]]] = {
        name: Counter() for name in ("agency", "province", "severity", "category")
    }
    for agency, subject_key, record_type, status, row in _rows(engine):
        if status == "revoked" or record_type not in public:
            continue
        month = row["decided_on"][:7]
        found["agency"][(month, agency.rsplit("-", 1)[0])] += 1
        province = subject_key[2:4] if len(subject_key) == 18 else "unknown"
        found["province"][(month, province)] += 1
        found["severity"][(month, row.get("severity") or "unknown")] += 1
        found["category"][(month, PACK.record_types[record_type].category)] += 1
    return {name: dict(counter) for name, counter in found.items()}


def reference_list_entries(engine: Engine) -> Table:
    """Entry records of each public list by start month, as the engine finds entries."""
    by_subject: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for _agency, subject_key, record_type, status, row in _rows(engine):
        if status != "revoked":
            by_subject.setdefault(subject_key, []).append((record_type, row))
    found: Counter[tuple[str, str]] = Counter()
    for definition in PACK.lists:
        if not definition.public:
            continue
        for rows in by_subject.values():
            entries: set[str] = set()
            for rule in definition.entry:
                where = tuple(rule.where.items())
                matching = [
                    row for record_type, row in rows
                    if record_type == rule.record_type and matches_where(where, row["extra"])
                    and row["subject_kind"] in definition.subject_kinds
                ]  # fmt: skip
                if rule.consecutive_years:
                    years = {row["extra"].get("year") for row in matching}
                    matching = [
                        row for row in matching
                        if all(row["extra"]["year"] - back in years
                               for back in range(rule.consecutive_years))
                    ]  # fmt: skip
                entries |= {json.dumps(row, sort_keys=True) for row in matching}
            for entry in entries:
                row = json.loads(entry)
                found[((row["effective_from"] or row["decided_on"])[:7], definition.id)] += 1
    return dict(found)


def reference_cases(engine: Engine) -> tuple[dict[tuple[str, str], dict[str, int]], Table]:
    """Per (kind, month): opened, decided, on time, late; and (kind, open/overdue) now."""
    with engine.connect() as conn:
        stream = conn.execute(sa.select(events.c.kind, events.c.payload).order_by(events.c.seq))
        snapshots: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for kind, payload in stream:
            body = json.loads(payload) if payload else {}
            if "case" in body:
                snapshots.setdefault(body["case_id"], []).append((kind, body))
    today = official_day(datetime.now(UTC)).isoformat()
    table: dict[tuple[str, str], dict[str, int]] = {}
    still: Counter[tuple[str, str]] = Counter()

    def bump(kind: str, month: str, name: str) -> None:
        table.setdefault((kind, month), Counter())[name] += 1  # type: ignore[arg-type]

    for history in snapshots.values():
        first = history[0][1]["case"]
        kind = first["kind"]
        if kind not in ("objection", "repair"):
            continue
        bump(kind, first["opened_at"][:7], "opened")
        last = history[-1][1]["case"]
        running = [d["due_on"] for d in last["deadlines"] if d["party"] != "subject"]
        if running:
            still[(kind, "open")] += 1
            still[(kind, "overdue")] += min(running) < today
        for index, (event_kind, body) in enumerate(history):
            state = body["case"]["state"]
            if state not in ("upheld", "rejected", "not_accepted", "granted", "refused"):
                continue
            if event_kind not in ("objection.decided", "objection.accepted", "repair.decided"):
                continue
            step = "acceptance" if state == "not_accepted" else "decision"
            dues = [
                d["due_on"]
                for _, earlier in history[:index]
                for d in earlier["case"]["deadlines"]
                if d["step"] == step
            ]
            bump(kind, body["on"][:7], "decided")
            verdict = "no_deadline" if not dues else "on_time" if body["on"] <= dues[-1] else "late"
            bump(kind, body["on"][:7], verdict)
            break
    return {key: dict(value) for key, value in table.items()}, dict(still)


def _cases_table(items: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, int]]:
    names = ("opened", "decided", "on_time", "late", "no_deadline")
    return {(c["kind"], c["month"]): {n: c[n] for n in names if c[n]} for c in items}


def test_counts_equal_the_obvious_count(store: tuple[Seeded, Engine, dict[str, str]]) -> None:
    seeded, engine, _ids = store
    answer = seeded.client.get("/v1/statistics")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    expected = reference_records(engine)
    assert _table(body["records_by_agency"]) == expected["agency"]
    assert _table(body["records_by_province"]) == expected["province"]
    assert _table(body["records_by_severity"]) == expected["severity"]
    assert _table(body["records_by_category"]) == expected["category"]
    assert sum(expected["agency"].values()) > 1000
    with engine.connect() as conn:
        revoked = conn.execute(
            sa.select(records.c.record_type).where(records.c.status == "revoked")
        ).all()
    assert revoked == [("admin_penalty",)]  # and the counts above leave it out
    assert _table(body["list_entries"]) == reference_list_entries(engine)
    assert {key for _, key in _table(body["list_entries"])} >= {"abnormal_operations"}
    monthly, still = reference_cases(engine)
    assert _cases_table(body["cases"]) == monthly
    assert {(c["kind"], n): c[n] for c in body["open_cases"] for n in ("open", "overdue")
            if c[n]} == still  # fmt: skip
    assert body["tree_size"] > 0
    assert body["policy_version"] == PACK.version


def test_deadline_compliance_of_known_cases(store: tuple[Seeded, Engine, dict[str, str]]) -> None:
    seeded, _engine, _ids = store
    body = seeded.client.get("/v1/statistics", params={"from": "2026-01"}).json()
    cases = _cases_table(body["cases"])
    assert cases[("objection", "2026-03")] == {"opened": 1}
    assert cases[("objection", "2026-06")] == {"decided": 1, "late": 1}
    assert cases[("objection", "2026-04")] == {"opened": 1, "decided": 1, "on_time": 1}
    assert cases[("objection", "2026-09")] == {"opened": 1, "decided": 1, "on_time": 1}
    assert cases[("objection", "2026-10")] == {"opened": 1}
    assert cases[("repair", "2026-10")] == {"opened": 1, "decided": 1, "on_time": 1}
    assert {c["kind"]: (c["open"], c["overdue"]) for c in body["open_cases"]} == {
        "objection": (1, 1),
        "repair": (0, 0),
    }


def test_overdue_depends_on_the_day(store: tuple[Seeded, Engine, dict[str, str]]) -> None:
    _seeded, engine, _ids = store
    with engine.connect() as conn:
        before = read_statistics(conn, public_types=[], entry_rules=[], case_kinds=["objection"],
                                 as_of=date(2026, 10, 9), months=MonthRange())  # fmt: skip
    assert [(c.open, c.overdue) for c in before.open_cases] == [(1, 0)]


MONTHS = st.builds(
    lambda year, month: f"{year}-{month:02d}",
    st.integers(2018, 2026),
    st.integers(1, 12),
)


@settings(max_examples=8)
@given(first=st.none() | MONTHS, last=st.none() | MONTHS)
def test_month_range_keeps_exactly_the_months_within(
    store: tuple[Seeded, Engine, dict[str, str]], first: str | None, last: str | None
) -> None:
    seeded, _engine, _ids = store
    whole = seeded.client.get("/v1/statistics").json()
    params = {k: v for k, v in (("from", first), ("to", last)) if v}
    answer = seeded.client.get("/v1/statistics", params=params)
    if first and last and first > last:
        assert answer.status_code == 422
        assert answer.json()["error"]["details"][0]["field"] == "from"
        return
    part = answer.json()
    months = MonthRange(first, last)
    for name in ("list_entries", "records_by_agency", "records_by_province", "cases"):
        assert part[name] == [item for item in whole[name] if months.holds(item["month"])]


@pytest.mark.parametrize(
    ("params", "field", "value"),
    [({"from": "2024-13"}, "from", "2024-13"), ({"to": "24-01"}, "to", "24-01"),
     ({"from": "2024-02", "to": "2024-01"}, "from", "2024-02")],
)  # fmt: skip
def test_bad_months_name_the_field(
    store: tuple[Seeded, Engine, dict[str, str]], params: dict[str, str], field: str, value: str
) -> None:
    seeded, _engine, _ids = store
    answer = seeded.client.get("/v1/statistics", params=params)
    assert answer.status_code == 422
    detail = answer.json()["error"]["details"][0]
    assert (detail["field"], detail["value"]) == (field, value)
    assert "Traceback" not in answer.text


def _penalty(seeded: Seeded, engine: Engine, source_id: str) -> None:
    """Store one more minor penalty, decided in November 2026."""
    row = {"agency": SAMR, "source_record_id": source_id, "record_type": "admin_penalty",
           "subject_kind": "entity", "subject_id": COMPANY, "decided_on": "2026-11-02",
           "severity": "minor", "legal_basis": "Art. 1", "facts": "Late filing",
           "extra": {"penalty_kinds": ["warning"], "procedure": "simplified"}}  # fmt: skip
    day = date(2026, 11, 3)
    keys = load_personal_keys(seeded.config.data_dir)
    with engine.begin() as conn:
        submission = Submission(conn, PACK, keys, day, datetime.combine(day, time(), UTC))
        assert submission.add([(0, parse_record(row), ())]) == []
        submission.finish()


def _minor(body: dict[str, Any]) -> int:
    return _table(body["records_by_severity"]).get(("2026-11", "minor"), 0)


def test_a_new_event_is_counted_at_once_without_staleness(
    store: tuple[Seeded, Engine, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded, engine, _ids = store
    monkeypatch.setenv(MAX_STALE_ENV, "0")
    before = seeded.client.get("/v1/statistics").json()
    _penalty(seeded, engine, "ST-P-9")
    after = seeded.client.get("/v1/statistics").json()
    assert after["tree_size"] > before["tree_size"]
    assert _minor(after) == _minor(before) + 1


def test_a_stale_answer_says_its_size_and_is_refreshed(
    store: tuple[Seeded, Engine, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded, engine, _ids = store
    monkeypatch.setenv(MAX_STALE_ENV, "600")
    before = seeded.client.get("/v1/statistics", params={"to": "2026-12"}).json()
    _penalty(seeded, engine, "ST-P-10")
    served = seeded.client.get("/v1/statistics", params={"to": "2026-12"}).json()
    assert served["tree_size"] == before["tree_size"]  # at once, and it says how old it is
    assert _minor(served) == _minor(before)
    for _ in range(300):
        fresh = seeded.client.get("/v1/statistics", params={"to": "2026-12"}).json()
        if fresh["tree_size"] > before["tree_size"]:
            break
        pytime.sleep(0.1)
    assert fresh["tree_size"] > before["tree_size"]
    assert _minor(fresh) == _minor(before) + 1


def test_entry_rules_cover_every_public_list() -> None:
    listed = {rule.list_id for rule in entry_rules(PACK)}
    assert listed == {d.id for d in PACK.lists if d.public}


def test_a_served_app_counts_once_at_start_up(
    store: tuple[Seeded, Engine, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``serve`` warms the statistics in the background; the first visitor is answered
    from that count instead of counting again."""
    seeded, _engine, _ids = store
    counted: list[int] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        counted.append(1)
        return read_statistics(*args, **kwargs)

    monkeypatch.setattr(statistics_router, "read_statistics", counting)
    app = create_app(seeded.config, settings=ApiSettings(warm_statistics=True))
    with TestClient(app) as client:
        app.state.statistics_warmer.join(timeout=120)
        assert counted == [1]
        assert client.get("/v1/statistics").status_code == 200
        assert counted == [1]


def test_warming_is_on_when_served_unless_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(WARM_ENV, raising=False)
    assert ApiSettings.from_env().warm_statistics
    assert not ApiSettings().warm_statistics  # apps built in code (tests) do not warm
    monkeypatch.setenv(WARM_ENV, "0")
    assert not ApiSettings.from_env().warm_statistics
