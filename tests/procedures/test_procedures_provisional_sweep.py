"""A listing noticed in late December, through the CLI, on SQLite AND PostgreSQL.

The objection window runs into a year whose official schedule is not loaded,
so it is provisional and the listing cannot become effective on it. Before,
nothing ever counted it again: the listing stayed refused for ever. Now the
operator adds the year's schedule to the store (``calendar add``), the sweep
counts provisional deadlines again, and the listing can be decided. The
schedule file here is synthetic test data, not the State Council's notice.
"""

from __future__ import annotations

from pathlib import Path

from procedures_helpers import COMPANY, SAMR
from procedures_store import PENALTY, REGISTRATION, records_file, run, run_json

SYNTHETIC_2027 = """\
years:
  2027:
    source: "synthetic schedule for tests (not an official notice)"
    holidays:
      - {from: 2027-01-01, to: 2027-01-03, name: New Year's Day}
    working_days:
      - {date: 2027-01-09, name: synthetic make-up day}
"""


def test_a_provisional_window_is_counted_again_once_the_year_is_loaded(
    db_url: str, tmp_path: Path
) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path)]
    assert run("init", *store)[0] == 0
    first = records_file(tmp_path, "penalty.jsonl", REGISTRATION, PENALTY)
    assert run_json("ingest", str(first), *store, "--as-of", "2026-12-21")["stored"] == 2
    proposed = run_json(
        "case", "open", "listing", *store, "--list", "serious_illegal_dishonest",
        "--subject", COMPANY, "--agency", SAMR, "--facts", "Repeated sale of counterfeit goods",
        "--refers-to", "P-1", "--extra", '{"ground": "counterfeit goods, repeated"}',
        "--at", "2026-12-21",
    )  # fmt: skip
    listing = proposed["id"]
    served = run_json("case", "act", listing, "serve-notice", *store, "--at", "2026-12-28")
    window = next(d for d in served["deadlines"] if d["step"] == "objection_window")
    # 5 working days from Monday 28 December: 29, 30, 31 December, then 2027 provisionally
    # (1 January a statutory holiday, weekend 2-3): Monday 4 and Tuesday 5 January.
    assert window["due_on"] == "2027-01-05"
    assert window["provisional"] is True

    code, _, err = run("case", "decide", listing, *store, "--as", SAMR, "--outcome",
                       "effective", "--at", "2027-01-11")  # fmt: skip
    assert code == 8
    assert "PROVISIONALLY" in err

    # The sweep without the year changes nothing: the deadline stays provisional.
    run_json("sweep", *store, "--as-of", "2027-01-11")
    assert run_json("case", "show", listing, *store)["provisional"] is True

    schedule = tmp_path / "schedule-2027.yaml"
    schedule.write_text(SYNTHETIC_2027, encoding="utf-8")
    added = run_json("calendar", "add", str(schedule), "--data-dir", str(tmp_path))
    assert added["years"] == [2027]
    assert 2027 in run_json("calendar", "show", "--data-dir", str(tmp_path))["official_years"]

    run_json("sweep", *store, "--as-of", "2027-01-11")
    counted = run_json("case", "show", listing, *store)
    window = next(d for d in counted["deadlines"] if d["step"] == "objection_window")
    assert counted["provisional"] is False
    assert window["due_on"] == "2027-01-05"  # the synthetic year has no effect on this window
    assert window["provisional"] is False
    decided = run_json("case", "decide", listing, *store, "--as", SAMR, "--outcome",
                       "effective", "--at", "2027-01-11")  # fmt: skip
    assert decided["state"] == "effective"


def test_a_bad_schedule_file_is_refused_with_file_field_and_value(tmp_path: Path) -> None:
    schedule = tmp_path / "bad.yaml"
    schedule.write_text(
        "years:\n  2027:\n    source: x\n    working_days:\n      - {date: 2027-01-06}\n",
        encoding="utf-8",
    )
    code, out, err = run("calendar", "add", str(schedule), "--data-dir", str(tmp_path))
    assert code == 3
    assert "bad.yaml" in err
    assert "2027-01-06" in err
    assert "Traceback" not in err + out
    assert not (tmp_path / "calendar").exists() or not list((tmp_path / "calendar").iterdir())
