"""No bypass of due process through ``publiccredit ingest`` (SQLite AND PostgreSQL).

A record that would put its subject on a list needing notice (the serious
list, the abnormal list) is refused on the direct path with the file, row,
field, value and the way to go instead (a listing case); nothing of the file
is stored and nobody is listed. A court's defaulter decision, effective on its
own, still comes in directly, and the platform serves its notice.
``--legacy-listings`` (the operator loading
lists decided before the platform) lets them in and counts them.
"""

from __future__ import annotations

import json
from pathlib import Path

from procedures_helpers import COMPANY, COURT, SAMR
from procedures_store import PENALTY, REGISTRATION, records_file, run, run_json

SERIOUS_LISTING = {
    "agency": SAMR, "source_record_id": "SL-1", "record_type": "serious_dishonesty_listing",
    "subject_kind": "entity", "subject_id": COMPANY, "decided_on": "2026-03-02",
    "severity": "serious", "refers_to": "P-1", "extra": {"ground": "counterfeit goods"},
}  # fmt: skip
ABNORMAL_LISTING = {
    "agency": SAMR, "source_record_id": "AL-1", "record_type": "abnormal_operation_listing",
    "subject_kind": "entity", "subject_id": COMPANY, "decided_on": "2026-07-10",
    "extra": {"ground": "annual_report_missing"},
}  # fmt: skip
COURT_LISTING = {
    "agency": COURT, "source_record_id": "JD-1", "record_type": "judgment_default_listing",
    "subject_kind": "entity", "subject_id": COMPANY, "decided_on": "2026-07-10",
    "severity": "serious", "extra": {"ground": "able_but_refuses", "case_no": "(2026)粤03执1号"},
}  # fmt: skip


def _lists(store: list[str]) -> list[str]:
    assessed = run_json("assess", *store, "--subject", COMPANY, "--as-of", "2026-07-20")
    return [membership["list"] for membership in assessed["lists"]]


def test_ingest_refuses_listings_that_need_the_procedure(db_url: str, tmp_path: Path) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path)]
    assert run("init", *store)[0] == 0
    path = records_file(
        tmp_path, "lists.jsonl", REGISTRATION, PENALTY, SERIOUS_LISTING, ABNORMAL_LISTING
    )
    code, out, err = run("ingest", str(path), *store, "--as-of", "2026-07-20", "--json")
    assert code == 3, out + err
    summary = json.loads(out)
    assert summary["committed"] is False
    assert summary["stored"] == 0
    problems = summary["files"][0]["problems"]
    assert [(p["row"], p["field"], p["value"]) for p in problems] == [
        (3, "record_type", "serious_dishonesty_listing"),
        (4, "record_type", "abnormal_operation_listing"),
    ]
    assert all(p["file"] == str(path) for p in problems)
    assert "serious_illegal_dishonest" in problems[0]["reason"]
    assert "case open listing" in problems[0]["reason"]
    assert "abnormal_operations" in problems[1]["reason"]
    # Nothing of the file is stored: the subject is unknown.
    code, _, _ = run("assess", *store, "--subject", COMPANY, "--as-of", "2026-07-20", "--json")
    assert code != 0


def test_skip_invalid_stores_the_rest_and_lists_nobody(db_url: str, tmp_path: Path) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path)]
    assert run("init", *store)[0] == 0
    path = records_file(tmp_path, "lists.jsonl", REGISTRATION, PENALTY, SERIOUS_LISTING)
    summary = run_json("ingest", str(path), *store, "--as-of", "2026-07-20", "--skip-invalid")
    assert (summary["stored"], summary["rejected"]) == (2, 1)
    assert _lists(store) == []


def test_a_courts_own_decision_comes_in_directly(db_url: str, tmp_path: Path) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path)]
    assert run("init", *store)[0] == 0
    path = records_file(tmp_path, "court.jsonl", REGISTRATION, COURT_LISTING)
    summary = run_json("ingest", str(path), *store, "--as-of", "2026-07-20")
    assert (summary["stored"], summary["notices_served"]) == (2, 1)
    assert _lists(store) == ["judgment_defaulters"]
    # the decision is effective on its own, and the notice still goes out
    [case] = run_json("case", "list", *store, "--kind", "listing")["cases"]
    assert case["state"] == "effective"
    assert case["competent_agency"] == COURT
    notice = case["details"]["notice"]
    assert notice["effect"].startswith("The listing decision is effective on its own")
    assert notice["delivery"] == "portal"
    assert case["details"]["listing_key"] == [COURT, "JD-1"]
    again = run_json("ingest", str(path), *store, "--as-of", "2026-07-20")
    assert (again["unchanged"], again["notices_served"]) == (2, 0)  # served once


def test_legacy_listings_are_the_operators_explicit_choice(db_url: str, tmp_path: Path) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path)]
    assert run("init", *store)[0] == 0
    path = records_file(tmp_path, "legacy.jsonl", REGISTRATION, ABNORMAL_LISTING)
    summary = run_json("ingest", str(path), *store, "--as-of", "2026-07-20", "--legacy-listings")
    assert summary["stored"] == 2
    assert summary["legacy_listings"] == 1
    assert _lists(store) == ["abnormal_operations"]
