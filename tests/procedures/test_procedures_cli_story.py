"""The full story through the CLI, on SQLite AND PostgreSQL.

A company is penalised, proposed for the serious illegal and dishonest list,
served notice, objects in time, loses, is listed; pays the fine, applies for
repair, is granted it, and disappears from public view (penalty ``repaired``,
no list membership, no measures) while the archive keeps every record and
every step in the ledger, which still verifies.
"""

from __future__ import annotations

from pathlib import Path

from procedures_helpers import COMPANY, SAMR, TAX
from procedures_store import PAID, PENALTY, REGISTRATION, records_file, run, run_json

COMMITMENT = "We will comply with the law and accept public supervision."


def test_penalised_listed_objects_loses_pays_repairs_disappears(
    db_url: str, tmp_path: Path
) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path)]
    assert run("init", *store)[0] == 0
    first = records_file(tmp_path, "penalty.jsonl", REGISTRATION, PENALTY)
    assert run_json("ingest", str(first), *store, "--as-of", "2026-09-28")["stored"] == 2

    # The agency proposes; the platform serves notice on Tuesday 29 September 2026.
    proposed = run_json(
        "case", "open", "listing", *store, "--list", "serious_illegal_dishonest",
        "--subject", COMPANY, "--agency", SAMR, "--facts", "Repeated sale of counterfeit goods",
        "--refers-to", "P-1", "--extra", '{"ground": "counterfeit goods, repeated"}',
        "--at", "2026-09-28",
    )  # fmt: skip
    listing = proposed["id"]
    assert proposed["state"] == "proposed"
    served = run_json("case", "act", listing, "serve-notice", *store, "--at", "2026-09-29")
    window = next(d for d in served["deadlines"] if d["step"] == "objection_window")
    # 5 working days from 29 Sep across National Day: 30 Sep, 8, 9, Sat 10, 12 Oct.
    assert window["due_on"] == "2026-10-12"
    assert window["provisional"] is False

    # Deciding before the window ends is refused (8), as is a tax office deciding (7).
    code, _, err = run("case", "decide", listing, *store, "--as", SAMR, "--outcome", "effective",
                       "--at", "2026-10-09")  # fmt: skip
    assert code == 8
    assert "2026-10-12" in err
    code, _, _ = run("case", "decide", listing, *store, "--as", TAX, "--outcome", "effective",
                     "--at", "2026-10-13")  # fmt: skip
    assert code == 7

    # The company objects in time; the listing waits; the objection is rejected with reasons.
    objection = run_json("case", "open", "objection", *store, "--case", listing,
                         "--grounds", "The goods were genuine", "--evidence", "invoices.pdf",
                         "--at", "2026-10-09")  # fmt: skip
    assert objection["others"] == [{"id": listing, "kind": "listing", "state": "under_objection"}]
    decided = run_json("case", "decide", objection["id"], *store, "--as", SAMR,
                       "--outcome", "rejected", "--reason", "Test reports confirm counterfeits",
                       "--at", "2026-10-14")  # fmt: skip
    assert decided["state"] == "rejected"
    code, _, _ = run("case", "decide", objection["id"], *store, "--as", SAMR,
                     "--outcome", "upheld", "--reason", "again", "--at", "2026-10-14")  # fmt: skip
    assert code == 8  # deciding twice

    effective = run_json("case", "decide", listing, *store, "--as", SAMR,
                         "--outcome", "effective", "--at", "2026-10-15")  # fmt: skip
    assert effective["state"] == "effective"
    assessed = run_json("assess", *store, "--subject", COMPANY, "--as-of", "2026-10-15")
    assert [m["list"] for m in assessed["lists"]] == ["serious_illegal_dishonest"]
    restrictions = [m for m in assessed["measures"] if m["effect"] != "incentive"]
    assert "list:serious_illegal_dishonest" in {m["trigger"] for m in restrictions}

    # Repair before paying is refused with the engine's reason.
    code, _, err = run("case", "open", "repair", *store, "--subject", COMPANY,
                       "--record", f"{SAMR}:P-1", "--proof", "receipt.pdf",
                       "--commitment", COMMITMENT, "--at", "2026-10-19")  # fmt: skip
    assert code == 8
    assert "obligations" in err

    paid = records_file(tmp_path, "paid.jsonl", PAID)
    assert run_json("ingest", str(paid), *store, "--as-of", "2026-10-20")["stored"] == 1
    repair = run_json("case", "open", "repair", *store, "--subject", COMPANY,
                      "--record", f"{SAMR}:P-1", "--proof", "receipt.pdf",
                      "--commitment", COMMITMENT, "--at", "2026-10-26")  # fmt: skip
    forward = next(d for d in repair["deadlines"] if d["step"] == "forward")
    assert forward["due_on"] == "2026-11-09"  # 10 working days after Monday 26 October
    forwarded = run_json("case", "act", repair["id"], "forward", *store, "--at", "2026-10-27")
    assert forwarded["deadlines"][0]["due_on"] == "2026-11-05"  # SAMR: 7 working days
    granted = run_json("case", "decide", repair["id"], *store, "--as", SAMR,
                       "--outcome", "granted", "--at", "2026-10-29")  # fmt: skip
    assert granted["state"] == "granted"

    after = run_json("assess", *store, "--subject", COMPANY, "--as-of", "2026-10-29")
    states = {r["source_record_id"]: r["state"] for r in after["records"]}
    assert states["P-1"] == "repaired"
    assert after["lists"] == []
    assert [m for m in after["measures"] if m["effect"] != "incentive"] == []  # measures lifted
    assert listing in states  # the listing record (source id = case id) stays in the archive

    shown = run_json("case", "list", *store, "--subject", COMPANY)
    assert {c["kind"]: c["state"] for c in shown["cases"]} == {
        "listing": "effective", "objection": "rejected", "repair": "granted",
    }  # fmt: skip
    verified = run_json("verify", *store)
    assert verified["ok"]


def test_objection_after_its_window_is_refused(db_url: str, tmp_path: Path) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path)]
    assert run("init", *store)[0] == 0
    first = records_file(tmp_path, "penalty.jsonl", REGISTRATION, PENALTY)
    assert run_json("ingest", str(first), *store, "--as-of", "2026-09-28")["stored"] == 2
    listing = run_json(
        "case", "open", "listing", *store, "--list", "serious_illegal_dishonest",
        "--subject", COMPANY, "--agency", SAMR, "--facts", "Counterfeits", "--refers-to", "P-1",
        "--extra", '{"ground": "counterfeit goods"}', "--at", "2026-09-28",
    )["id"]  # fmt: skip
    run_json("case", "act", listing, "serve-notice", *store, "--at", "2026-09-29")
    code, _, err = run("case", "open", "objection", *store, "--case", listing,
                       "--grounds", "late", "--at", "2026-10-13")  # fmt: skip
    assert code == 8
    assert "closed on 2026-10-12" in err
    code, out, _ = run("case", "show", listing, *store)
    assert code == 0
    assert "objection_window: by 2026-10-12" in out
    assert run_json("case", "show", listing, *store)["state"] == "notice_served"
