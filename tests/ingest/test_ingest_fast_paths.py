"""The ingest fast paths against the slow, obvious code they stand in for.

* ``parse_record`` (fast path for plainly good rows) against
  ``parse_record_checked`` (every check, every problem);
* the event leaf ``append_prepared`` builds against ``ledger.leaf.leaf_bytes``;
* the re-assessment from this batch's records kept in memory against a
  re-assessment that reads every record back from the store.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from publiccredit.domain.record import (
    COLUMNS,
    RecordParseError,
    parse_record,
    parse_record_checked,
)
from publiccredit.ingest.batch import IngestOptions, ingest_file
from publiccredit.policy import default_pack
from publiccredit.service.assessments import assess_stored, load_subjects
from publiccredit.store.personal import create_personal_keys, load_personal_keys
from publiccredit.store.schema import assessments
from publiccredit.synth import SynthConfig, write

GOOD_ROW: dict[str, Any] = {
    "agency": "samr-440300",
    "source_record_id": "P-1",
    "record_type": "administrative_penalty",
    "subject_kind": "entity",
    "subject_id": "91440300MA5FXXXX0X",
    "subject_name": "深圳示例科技有限公司",
    "decision_no": "深市监罚〔2025〕1号",
    "decided_on": "2025-03-01",
    "effective_from": "2025-03-02",
    "effective_until": "2026-03-01",
    "severity": "serious",
    "legal_basis": "《行政处罚法》第九条",
    "facts": "虚假宣传",
    "amount": "5000.00",
    "refers_to": "",
    "recorded_at": "2025-03-03T10:00:00+08:00",
    "extra": '{"penalty_kind": "fine"}',
}

TRICKY: list[Any] = [
    None,
    "",
    " ",
    "  padded  ",
    "entity",
    "person",
    "ENTITY",
    "serious",
    "minor",
    "bogus",
    "2025-01-31",
    "2025-02-30",
    "2025-1-01",
    " 2025-01-31 ",
    "2025-01-31T08:00:00",
    "2025-01-31T08:00:00+08:00",
    "yesterday",
    "-1",
    "0",
    "12.50",
    "NaN",
    "Infinity",
    "1e3",
    '{"a": 1}',
    "[1, 2]",
    "{broken",
    "null",
    5,
    -3,
    1.5,
    True,
    {"a": "b"},
    [1],
]


def _outcome(parse: Any, row: dict[str, Any]) -> Any:
    try:
        return parse(row)
    except RecordParseError as error:
        return ("error", error.problems)


@settings(max_examples=400, deadline=None)
@given(
    changes=st.dictionaries(st.sampled_from([*COLUMNS, "junk"]), st.sampled_from(TRICKY)),
    dropped=st.sets(st.sampled_from(COLUMNS)),
)
def test_fast_parse_equals_the_full_check(changes: dict[str, Any], dropped: set[str]) -> None:
    row = {name: value for name, value in GOOD_ROW.items() if name not in dropped}
    row.update(changes)
    assert _outcome(parse_record, row) == _outcome(parse_record_checked, row)


def test_the_good_row_takes_the_fast_path_and_matches() -> None:
    assert parse_record(GOOD_ROW) == parse_record_checked(GOOD_ROW)


def _split_csv(source: Path, first: Path, second: Path) -> None:
    """The file's rows in two files (alternating), the second also changing one first-half row."""
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    halves: tuple[list[dict[str, str]], list[dict[str, str]]] = (rows[0::2], rows[1::2])
    changed = dict(halves[0][-1])
    changed["facts"] = (changed["facts"] or "") + " (corrected)"
    halves[1].append(changed)
    for path, half in zip((first, second), halves, strict=True):
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, COLUMNS)
            writer.writeheader()
            writer.writerows(half)


def test_assessments_from_memory_equal_reading_everything_back(
    engine: Engine, tmp_path: Path
) -> None:
    config = SynthConfig(entities=8, records_per_entity=20, end=date(2026, 5, 31), seed=3)
    source = write(config, tmp_path / "synth", "csv").path
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    _split_csv(source, first, second)
    (tmp_path / "keys").mkdir()
    create_personal_keys(tmp_path / "keys")
    keys = load_personal_keys(tmp_path / "keys")
    pack = default_pack()
    as_of = date(2026, 6, 1)
    for path in (first, second):
        options = IngestOptions(
            as_of, datetime(2026, 6, 1, 9, tzinfo=UTC), corrections=True, legacy_listings=True
        )
        summary = ingest_file(engine, path, pack, keys, options)
        assert summary.committed, summary.problems[:3]
        with engine.connect() as conn:
            stored = dict(
                conn.execute(sa.select(assessments.c.subject_key, assessments.c.assessment)).all()
            )
            loaded = load_subjects(conn, sorted(stored))
        assert set(loaded) == set(stored)
        for key, (records, facts) in loaded.items():
            document = stored[key]
            document = json.loads(document) if isinstance(document, str) else document
            expected = assess_stored(records, facts, pack, as_of).to_json()
            assert document == json.loads(json.dumps(expected, ensure_ascii=False))
