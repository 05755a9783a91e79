"""Records through typed columns come back equal to the online path's records (hypothesis).

For any record the record format allows — absent or present optional dates,
severities, amounts at any scale, recorded times in any zone, ``extra`` with
lists, numbers and booleans — the stored row (``Record.to_row``) written as bulk
columns, through Parquet and back (``records_from_columns``), equals
``record_from_row`` of the same row: what the online path builds from the store.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given
from hypothesis import strategies as st

from publiccredit.bulk.columns import (
    FACT_SCHEMA,
    RECORD_SCHEMA,
    fact_row,
    facts_from_columns,
    record_row,
    records_from_columns,
    to_table,
)
from publiccredit.domain.facts import (
    EarlyRemoval,
    Fact,
    ObjectionPending,
    ObjectionResolved,
    Repair,
    Revocation,
)
from publiccredit.domain.record import Record, Severity, SubjectKind
from publiccredit.service import record_from_row

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
DAYS = st.dates(date(1990, 1, 1), date(2040, 12, 31))
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5))])
INSTANTS = st.builds(
    lambda day, micros, zone: (
        datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(microseconds=micros)
    ),
    DAYS,
    st.integers(0, 86_400_000_000 - 1),
    ZONES,
)
SCALAR = st.one_of(TEXT, st.integers(-(10**6), 10**6), st.booleans())
EXTRA = st.dictionaries(
    st.text(min_size=1, max_size=8), st.one_of(SCALAR, st.lists(SCALAR, max_size=3)), max_size=4
)


@st.composite
def records(draw: st.DrawFn) -> Record:
    start = draw(st.none() | DAYS)
    until = None if start is None else draw(st.none() | st.dates(start, date(2045, 1, 1)))
    return Record(
        agency=draw(st.sampled_from(["samr-440300", "court-110105", "tax-310000"])),
        source_record_id=draw(TEXT.filter(bool)),
        record_type=draw(st.sampled_from(["admin_penalty", "admin_license", "registration"])),
        subject_kind=draw(st.sampled_from(list(SubjectKind))),
        subject_id=draw(TEXT.filter(bool)),
        decided_on=draw(DAYS),
        subject_name=draw(TEXT),
        decision_no=draw(TEXT),
        effective_from=start,
        effective_until=until,
        severity=draw(st.none() | st.sampled_from(list(Severity))),
        legal_basis=draw(TEXT),
        facts=draw(TEXT),
        amount=draw(st.none() | st.decimals(0, 10**12, allow_nan=False, allow_infinity=False)),
        refers_to=draw(TEXT),
        recorded_at=draw(st.none() | INSTANTS),
        extra=draw(EXTRA),
    )


def _through_parquet(table: pa.Table) -> pa.Table:
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return pq.read_table(io.BytesIO(sink.getvalue()))


@given(st.lists(records(), min_size=1, max_size=8))
def test_records_from_columns_equal_the_online_records(found: list[Record]) -> None:
    rows = [record.to_row() for record in found]
    table = _through_parquet(
        to_table(
            [record_row("k", seq, "active", row) for seq, row in enumerate(rows)], RECORD_SCHEMA
        )
    )
    back = records_from_columns(table)
    assert back == [record_from_row(row) for row in rows]
    assert [r.amount for r in back] == [
        None if r.amount is None else Decimal(str(r.amount)) for r in found
    ]


FACTS = st.one_of(
    *(
        st.builds(kind, st.tuples(TEXT, TEXT), DAYS, st.none() | DAYS)
        for kind in (Revocation, Repair, ObjectionPending, ObjectionResolved, EarlyRemoval)
    )
)


@given(st.lists(FACTS, max_size=8))
def test_facts_from_columns_round_trip(facts: list[Fact]) -> None:
    table = _through_parquet(
        to_table([fact_row("k", i, fact) for i, fact in enumerate(facts)], FACT_SCHEMA)
    )
    assert facts_from_columns(table) == facts
