"""Due process at the prompt, on SQLite AND PostgreSQL (issue 11, points 1 and 4).

* A serious-list proposal resting on a general fine, or on nothing, is refused
  (exit 3) and stores nothing; on a heavy fine it opens.
* The abnormal list: proposed, decided at once (it failed before: the
  default severity ``serious`` is not allowed on the record), noticed with the
  window counted from publication; an objection to the listing record on the
  window's last day is filed, the day after is refused (exit 8).
* ``case decide`` by another office of the same kind is refused (exit 7).
* Only the subject contests the publication period of its record.
"""

from __future__ import annotations

import json
from pathlib import Path

from procedures_helpers import COMPANY, OTHER, SAMR
from procedures_store import PENALTY, REGISTRATION, records_file, run, run_json

GENERAL_FINE = {
    **PENALTY, "source_record_id": "P-2", "severity": "general", "amount": "3000",
    "facts": "Mislabelled goods",
}  # fmt: skip


def _store(db_url: str, tmp_path: Path, *rows: dict[str, object]) -> list[str]:
    store = ["--db", db_url, "--data-dir", str(tmp_path)]
    assert run("init", *store)[0] == 0
    path = records_file(tmp_path, "records.jsonl", REGISTRATION, *rows)
    stored = run_json("ingest", str(path), *store, "--as-of", "2026-07-01")["stored"]
    assert stored == len(rows) + 1
    return store


def _propose_serious(store: list[str], *more: str) -> tuple[int, str, str]:
    return run("case", "open", "listing", *store, "--list", "serious_illegal_dishonest",
               "--subject", COMPANY, "--agency", SAMR, "--facts", "Counterfeits",
               "--extra", '{"ground": "counterfeit goods"}', "--at", "2026-07-06",
               *more)  # fmt: skip


def test_a_serious_proposal_rests_on_a_qualifying_penalty(db_url: str, tmp_path: Path) -> None:
    store = _store(db_url, tmp_path, PENALTY, GENERAL_FINE)
    code, _, err = _propose_serious(store, "--refers-to", "P-2")
    assert code == 3
    assert "does not qualify" in err
    assert "Order No. 44" in err
    code, _, err = _propose_serious(store)
    assert code == 3
    assert "rests on a record" in err
    assert run_json("case", "list", *store)["cases"] == []  # nothing stored
    code, out, err = _propose_serious(store, "--refers-to", "P-1", "--json")
    assert code == 0, err
    assert json.loads(out)["state"] == "proposed"


def test_abnormal_list_decided_noticed_and_objected_from_publication(
    db_url: str, tmp_path: Path
) -> None:
    store = _store(db_url, tmp_path)
    proposed = run_json(
        "case", "open", "listing", *store, "--list", "abnormal_operations", "--subject", COMPANY,
        "--agency", SAMR, "--facts", "Not reachable at the registered address",
        "--extra", '{"ground": "unreachable_address"}', "--at", "2026-07-06",
    )  # fmt: skip
    listing = proposed["id"]
    code, _, err = run("case", "act", listing, "serve-notice", *store, "--at", "2026-07-06")
    assert code == 8
    assert "runs from publication" in err
    decided = run_json("case", "decide", listing, *store, "--as", SAMR, "--outcome", "effective",
                       "--at", "2026-07-07")  # fmt: skip
    assert decided["state"] == "effective"
    assessed = run_json("assess", *store, "--subject", COMPANY, "--as-of", "2026-07-07")
    assert [m["list"] for m in assessed["lists"]] == ["abnormal_operations"]
    served = run_json("case", "act", listing, "serve-notice", *store, "--at", "2026-07-08")
    window = next(d for d in served["deadlines"] if d["step"] == "objection_window")
    assert window["due_on"] == "2026-08-06"  # 30 days from publication on 7 July
    record = f"{SAMR}:{listing}"
    code, _, err = run("case", "open", "objection", *store, "--record", record,
                       "--grounds", "We were reachable", "--at", "2026-08-07")  # fmt: skip
    assert code == 8
    assert "closed on 2026-08-06" in err
    objection = run_json("case", "open", "objection", *store, "--record", record,
                         "--grounds", "We were reachable", "--evidence", "lease.pdf",
                         "--at", "2026-08-06")  # fmt: skip
    assert objection["state"] == "filed"


def test_case_decide_checks_the_deciding_office(db_url: str, tmp_path: Path) -> None:
    store = _store(db_url, tmp_path, PENALTY)
    code, out, err = _propose_serious(store, "--refers-to", "P-1", "--json")
    assert code == 0, err
    listing = json.loads(out)["id"]
    run_json("case", "act", listing, "serve-notice", *store, "--at", "2026-07-07")
    code, _, err = run("case", "decide", listing, *store, "--as", "samr-110000",
                       "--outcome", "effective", "--at", "2026-07-15")  # fmt: skip
    assert code == 7
    assert "belongs to samr-440300" in err
    code, _, err = run("case", "act", listing, "withdraw", *store, "--as", "samr-110000",
                       "--reason", "not ours", "--at", "2026-07-15")  # fmt: skip
    assert code == 7
    assert "may not withdraw" in err
    assert run_json("case", "show", listing, *store)["state"] == "notice_served"
    decided = run_json("case", "decide", listing, *store, "--as", SAMR, "--outcome", "effective",
                       "--at", "2026-07-15")  # fmt: skip
    assert decided["state"] == "effective"


def test_only_the_subject_contests_its_publication_period(db_url: str, tmp_path: Path) -> None:
    store = _store(db_url, tmp_path, PENALTY)
    code, _, err = run("case", "open", "objection", *store, "--record", f"{SAMR}:P-1",
                       "--publication", "--by", OTHER, "--evidence", "x.pdf",
                       "--grounds", "too long", "--at", "2026-07-06")  # fmt: skip
    assert code == 7
    assert "only the subject" in err
    code, _, err = run("case", "open", "objection", *store, "--record", f"{SAMR}:P-1", "--by",
                       OTHER, "--grounds", "wrong company", "--at", "2026-07-06")  # fmt: skip
    assert code == 7
    assert "evidence" in err
    filed = run_json("case", "open", "objection", *store, "--record", f"{SAMR}:P-1",
                     "--by", OTHER, "--evidence", "registry.pdf", "--grounds", "wrong company",
                     "--at", "2026-07-06")  # fmt: skip
    assert filed["state"] == "filed"
