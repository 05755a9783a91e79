"""Streaming readers: round trips, every documented bad row, headers, junk input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publiccredit.domain.record import COLUMNS
from publiccredit.errors import InvalidInput
from publiccredit.ingest import RowResult, read_records
from publiccredit.ingest.lines import MAX_LINE_BYTES
from publiccredit.synth import BAD_KINDS, FORMATS, SynthConfig, generate, write

TODAY = date(2026, 1, 1)
CONFIG = SynthConfig(entities=15, records_per_entity=25, seed=21, bad_rows=len(BAD_KINDS))
GOOD_LINE = (
    "samr-440300,P-1,admin_penalty,entity,914403001922038216,某公司,,2024-03-05,,,general,,,"
    '5000.00,,,"{""penalty_kinds"":[""fine""],""procedure"":""ordinary""}"\r\n'
)


def _read(path: Path) -> list[RowResult]:
    return list(read_records(path, today=TODAY))


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_round_trips_the_generated_records(fmt: str, tmp_path: Path) -> None:
    clean = SynthConfig(entities=15, records_per_entity=25, seed=21)
    path = write(clean, tmp_path, fmt).path
    results = _read(path)
    assert all(result.record is not None for result in results)
    assert [result.record for result in results] == list(generate(clean))
    assert [result.row for result in results] == list(range(1, len(results) + 1))


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_bad_row_is_rejected_with_its_documented_field_and_reason(
    fmt: str, tmp_path: Path
) -> None:
    path = write(CONFIG, tmp_path, fmt).path
    results = _read(path)
    rejected = [result for result in results if result.record is None]
    assert len(rejected) == len(BAD_KINDS)
    expected = [(field, reason) for _kind, field, reason in BAD_KINDS]
    if fmt == "parquet":  # no invalid UTF-8 in Parquet strings: bad_date stands in
        expected[-1] = next((f, r) for k, f, r in BAD_KINDS if k == "bad_date")
    for result, (field, reason) in zip(rejected, expected, strict=True):
        assert any(p.field == field and reason in p.reason for p in result.problems), (
            result.problems
        )
        assert all(p.row == result.row and p.file == str(path) for p in result.problems)
    good = sum(1 for result in results if result.record is not None)
    assert good == len(list(generate(SynthConfig(entities=15, records_per_entity=25, seed=21))))


def test_invalid_utf8_names_the_byte_offset_and_reading_goes_on(tmp_path: Path) -> None:
    header = (",".join(COLUMNS) + "\r\n").encode()
    broken = GOOD_LINE.replace("某公司", "XX").encode().replace(b"XX", b"\xff\xfe")
    path = tmp_path / "r.csv"
    path.write_bytes(header + GOOD_LINE.encode() + broken + GOOD_LINE.encode())
    results = _read(path)
    assert [result.record is not None for result in results] == [True, False, True]
    offset = len(header) + len(GOOD_LINE.encode()) + broken.index(b"\xff")
    assert results[1].problems[0].reason == f"invalid UTF-8 at byte offset {offset}"
    assert results[1].row == 2


def test_a_header_without_required_columns_is_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("agency,colour\r\nsamr-440300,red\r\nsamr-440300,blue\r\n", encoding="utf-8")
    results = _read(path)
    assert len(results) == 1
    assert results[0].row == 0
    reasons = [problem.reason for problem in results[0].problems]
    assert "unknown column" in reasons
    assert any(reason.startswith("header lacks required columns") for reason in reasons)


def test_a_row_with_the_wrong_number_of_cells_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(",".join(COLUMNS) + "\r\na,b,c\r\n" + GOOD_LINE, encoding="utf-8")
    results = _read(path)
    assert "row has 3 cells" in results[0].problems[0].reason
    assert results[1].record is not None


def test_a_bom_and_blank_lines_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(("\ufeff" + ",".join(COLUMNS) + "\r\n\r\n" + GOOD_LINE).encode())
    assert [result.record is not None for result in _read(path)] == [True]


def test_jsonl_reports_non_objects_and_bad_json_by_line(tmp_path: Path) -> None:
    good = json.dumps(next(generate(CONFIG)).to_row(), ensure_ascii=False)
    path = tmp_path / "r.ndjson"
    path.write_text(f"{good}\n[1]\n{{oops\n\n{good}\n", encoding="utf-8")
    results = _read(path)
    assert [result.row for result in results] == [1, 2, 3, 5]
    assert results[1].problems[0].reason == "each line must be a JSON object"
    assert results[2].problems[0].reason.startswith("not valid JSON")


def test_unreadable_files_raise_invalid_input(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="unknown file type"):
        read_records(tmp_path / "records.xlsx")
    with pytest.raises(InvalidInput, match="no such file"):
        read_records(tmp_path / "missing.csv")
    fake = tmp_path / "fake.parquet"
    fake.write_bytes(b"not parquet at all")
    with pytest.raises(InvalidInput, match="not a readable Parquet file"):
        read_records(fake)


def test_a_parquet_file_without_required_columns_is_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "r.parquet"
    pq.write_table(pa.table({"agency": ["samr-440300"]}), path)
    results = _read(path)
    assert len(results) == 1
    assert results[0].row == 0


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(junk=st.binary(max_size=600), suffix=st.sampled_from([".csv", ".jsonl"]))
def test_junk_bytes_give_only_problems(junk: bytes, suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"junk{suffix}"
    header = (",".join(COLUMNS) + "\r\n").encode() if suffix == ".csv" else b""
    for content in (junk, header + junk):
        path.write_bytes(content)
        for result in read_records(path, today=TODAY):
            assert (result.record is None) == bool(result.problems)


def test_an_overlong_line_is_reported_and_skipped(tmp_path: Path) -> None:
    good = json.dumps(next(generate(CONFIG)).to_row(), ensure_ascii=False)
    path = tmp_path / "r.jsonl"
    path.write_bytes(
        b'{"facts": "' + b"x" * (MAX_LINE_BYTES + 10) + b'"}\n' + good.encode() + b"\n"
    )
    results = _read(path)
    assert results[0].problems[0].reason.startswith("line longer than")
    assert results[1].record is not None
    assert results[1].row == 2


def test_subject_codes_are_normalised_and_warnings_kept(tmp_path: Path) -> None:
    header = ",".join(COLUMNS) + "\r\n"
    lower = GOOD_LINE.replace("914403001922038216", "9144030071526726xg")
    legacy = GOOD_LINE.replace("914403001922038216", "91350100M000100Y4Z").replace("P-1", "P-2")
    path = tmp_path / "records.csv"
    path.write_text(header + lower + legacy, encoding="utf-8")
    first, second = _read(path)
    assert first.record is not None
    assert first.record.subject_id == "9144030071526726XG"
    assert first.warnings == ()
    assert second.record is not None
    assert second.problems == ()
    assert [w.field for w in second.warnings] == ["subject_id"]
    assert "allow-list" in second.warnings[0].reason
