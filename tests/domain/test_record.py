"""The record file format: parsing rows, reporting every problem, round trips."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publiccredit.domain.record import (
    COLUMNS,
    Record,
    RecordParseError,
    Severity,
    SubjectKind,
    parse_record,
)

GOOD = {
    "agency": "samr-440300",
    "source_record_id": "P-2024-0001",
    "record_type": "admin_penalty",
    "subject_kind": "entity",
    "subject_id": "914403001922038216",
    "subject_name": "华为技术有限公司",
    "decided_on": "2024-03-05",
    "severity": "general",
    "amount": "50000.00",
    "extra": '{"penalty_kinds":["fine"]}',
}


def test_a_good_row_parses_into_typed_fields() -> None:
    record = parse_record(GOOD)
    assert record.decided_on == date(2024, 3, 5)
    assert record.severity is Severity.GENERAL
    assert record.subject_kind is SubjectKind.ENTITY
    assert record.amount == Decimal("50000.00")
    assert record.extra == {"penalty_kinds": ["fine"]}
    assert record.key == ("samr-440300", "P-2024-0001")


def test_every_problem_in_a_row_is_reported_at_once() -> None:
    row = dict(GOOD, decided_on="2024-02-30", amount="-5", severity="grave", colour="red")
    del row["agency"]
    with pytest.raises(RecordParseError) as caught:
        parse_record(row)
    fields = {problem.field for problem in caught.value.problems}
    assert fields == {"agency", "decided_on", "amount", "severity", "colour"}
    reasons = {problem.field: problem.reason for problem in caught.value.problems}
    assert reasons["colour"] == "unknown column"
    assert reasons["amount"] == "must not be negative"


def test_an_end_before_the_start_is_refused() -> None:
    row = dict(GOOD, effective_from="2024-03-05", effective_until="2024-03-01")
    with pytest.raises(RecordParseError, match="ends before it starts"):
        parse_record(row)


def test_flat_and_json_rows_round_trip() -> None:
    record = parse_record(GOOD)
    assert parse_record(record.to_flat_row()) == record
    assert parse_record(record.to_row()) == record
    assert list(record.to_row()) == list(COLUMNS)


@given(st.dictionaries(st.sampled_from([*COLUMNS, "junk"]), st.text() | st.integers() | st.none()))
def test_junk_rows_raise_only_the_documented_error(row: dict[str, object]) -> None:
    problems: tuple[object, ...] = ()
    try:
        record: Record | None = parse_record(row)
    except RecordParseError as error:
        record, problems = None, error.problems
    assert (record is None) == bool(problems)
