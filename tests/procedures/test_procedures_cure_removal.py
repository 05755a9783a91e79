"""Removal from the abnormal list after the cure, as a case ``overdue`` sees (SQLite AND
PostgreSQL).

Filing the missing annual report cures an abnormal listing for its absence
(lists.yaml ``cured_by``): storing it opens a removal case whose deadline is
the agency's (5 working days, ``removal.abnormal.cure``); ``procedures overdue``
reports it from the day after its last day; deciding it submits the exit
record and the subject leaves the list. A ground the report does not cure
(an unreachable address) opens nothing; resending opens nothing twice.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from procedures_helpers import COMPANY, SAMR, at
from procedures_store import REGISTRATION, records_file, run, run_json

from publiccredit.domain.case import CaseKind
from publiccredit.policy import default_pack
from publiccredit.procedures.calendar import default_calendar
from publiccredit.procedures.overdue import overdue
from publiccredit.procedures.removal import decide_removal, open_cure_removal

PACK = default_pack()
CAL = default_calendar()
REPORT = {
    "agency": SAMR, "source_record_id": "AR-2025", "record_type": "annual_report",
    "subject_kind": "entity", "subject_id": COMPANY, "decided_on": "2026-09-29",
    "extra": {"year": "2025"},
}  # fmt: skip


def test_the_cure_deadline_crosses_national_day_and_the_decision_carries_the_exit() -> None:
    case, events = open_cure_removal(
        "REM-1", COMPANY, "abnormal_operations", (SAMR, "AL-1"), (SAMR, "AR-2025"),
        date(2026, 9, 29), at(date(2026, 9, 29)), PACK, CAL,
    )  # fmt: skip
    assert case.kind == CaseKind.REMOVAL
    deadline = case.deadline("removal")
    assert deadline is not None
    # 5 working days from Tuesday 29 September: 30 Sep, 8, 9, Saturday 10 (worked), 12 Oct
    assert deadline.due_on == date(2026, 10, 12)
    assert deadline.rule == "removal.abnormal.cure"
    assert overdue([case], date(2026, 10, 12)) == {}
    late = overdue([case], date(2026, 10, 13))[SAMR]
    assert [(item.case_id, item.step, item.days_late) for item in late] == [("REM-1", "removal", 1)]
    removed, events = decide_removal(case, "remove", SAMR, at(date(2026, 10, 13)), pack=PACK)
    record = events[0].payload["record"]
    assert record["record_type"] == "abnormal_operation_removal"
    assert record["refers_to"] == "AL-1"
    assert record["extra"] == {"reason": "cured"}
    assert removed.deadlines == ()


def _listed(store: list[str], ground: str) -> str:
    proposed = run_json(
        "case", "open", "listing", *store, "--list", "abnormal_operations", "--subject", COMPANY,
        "--agency", SAMR, "--facts", "Annual report for 2025 not published",
        "--extra", json.dumps({"ground": ground, "year": "2025"}), "--at", "2026-07-06",
    )  # fmt: skip
    run_json("case", "decide", proposed["id"], *store, "--as", SAMR, "--outcome", "effective",
             "--at", "2026-07-07")  # fmt: skip
    return str(proposed["id"])


def _lists(store: list[str], day: str) -> list[str]:
    assessed = run_json("assess", *store, "--subject", COMPANY, "--as-of", day)
    return [membership["list"] for membership in assessed["lists"]]


def test_the_cure_opens_a_removal_case_that_overdue_reports(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUBLICCREDIT_NOW", "2026-09-29")  # when the platform learns the cure
    store = ["--db", db_url, "--data-dir", str(tmp_path)]
    assert run("init", *store)[0] == 0
    first = records_file(tmp_path, "registration.jsonl", REGISTRATION)
    assert run_json("ingest", str(first), *store, "--as-of", "2026-07-01")["stored"] == 1
    listing = _listed(store, "annual_report_missing")
    other_year = {**REPORT, "source_record_id": "AR-2024", "extra": {"year": "2024"}}
    older = records_file(tmp_path, "older.jsonl", other_year)
    summary = run_json("ingest", str(older), *store, "--as-of", "2026-09-29")
    assert summary["removal_cases_opened"] == 0  # another year's report cures nothing
    report = records_file(tmp_path, "report.jsonl", REPORT)
    summary = run_json("ingest", str(report), *store, "--as-of", "2026-09-29")
    assert summary["removal_cases_opened"] == 1
    again = run_json("ingest", str(report), *store, "--as-of", "2026-09-29")
    assert (again["unchanged"], again["removal_cases_opened"]) == (1, 0)
    [case] = run_json("case", "list", *store, "--kind", "removal")["cases"]
    assert case["details"]["listing_key"] == [SAMR, listing]
    assert [(d["step"], d["due_on"]) for d in case["deadlines"]] == [("removal", "2026-10-12")]

    assert run("procedures", "overdue", *store, "--as-of", "2026-10-12")[0] == 0  # last day
    code, out, _ = run("procedures", "overdue", *store, "--as-of", "2026-10-13", "--json")
    assert code == 1  # the day after
    [late] = json.loads(out)["overdue"][SAMR]
    assert (late["case_id"], late["step"], late["days_late"]) == (case["id"], "removal", 1)

    assert _lists(store, "2026-10-13") == ["abnormal_operations"]
    decided = run_json("case", "decide", case["id"], *store, "--as", SAMR,
                       "--outcome", "removed", "--at", "2026-10-13")  # fmt: skip
    assert decided["state"] == "removed"
    assert _lists(store, "2026-10-13") == []
    assert run("procedures", "overdue", *store, "--as-of", "2026-10-14")[0] == 0
    assert run_json("verify", *store)["ok"]


def test_a_ground_the_report_does_not_cure_opens_nothing(db_url: str, tmp_path: Path) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path)]
    assert run("init", *store)[0] == 0
    first = records_file(tmp_path, "registration.jsonl", REGISTRATION)
    assert run_json("ingest", str(first), *store, "--as-of", "2026-07-01")["stored"] == 1
    _listed(store, "unreachable_address")
    report = records_file(tmp_path, "report.jsonl", REPORT)
    assert (
        run_json("ingest", str(report), *store, "--as-of", "2026-09-29")["removal_cases_opened"]
        == 0
    )
    assert run_json("case", "list", *store, "--kind", "removal")["cases"] == []


def test_an_exit_record_sent_directly_closes_the_case(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUBLICCREDIT_NOW", "2026-09-29")
    store = ["--db", db_url, "--data-dir", str(tmp_path)]
    assert run("init", *store)[0] == 0
    first = records_file(tmp_path, "registration.jsonl", REGISTRATION)
    assert run_json("ingest", str(first), *store, "--as-of", "2026-07-01")["stored"] == 1
    listing = _listed(store, "annual_report_missing")
    report = records_file(tmp_path, "report.jsonl", REPORT)
    assert (
        run_json("ingest", str(report), *store, "--as-of", "2026-09-29")["removal_cases_opened"]
        == 1
    )
    removal = {
        "agency": SAMR, "source_record_id": "AX-1", "record_type": "abnormal_operation_removal",
        "subject_kind": "entity", "subject_id": COMPANY, "decided_on": "2026-09-30",
        "refers_to": listing, "extra": {"reason": "cured"},
    }  # fmt: skip
    monkeypatch.setenv("PUBLICCREDIT_NOW", "2026-09-30")
    exit_file = records_file(tmp_path, "exit.jsonl", removal)
    assert run_json("ingest", str(exit_file), *store, "--as-of", "2026-09-30")["stored"] == 1
    [case] = run_json("case", "list", *store, "--kind", "removal")["cases"]
    assert case["state"] == "removed"
    assert case["deadlines"] == []
    assert run("procedures", "overdue", *store, "--as-of", "2026-11-01")[0] == 0
    assert _lists(store, "2026-10-01") == []
