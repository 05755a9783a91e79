"""The fast working-day arithmetic against a slow day-by-day reference."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from publiccredit.procedures.calendar import default_calendar

CALENDAR = default_calendar()


def reference_add(start: date, count: int, provisional_ok: bool) -> date:
    """Walk day by day, counting working days (the obvious definition)."""
    day, seen = start, 0
    while seen < count:
        day += timedelta(days=1)
        seen += CALENDAR.is_working_day(day, provisional_ok=provisional_ok)
    return day


@given(
    start=st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 6, 30)),
    count=st.integers(min_value=0, max_value=120),
)
def test_add_working_days_matches_reference(start: date, count: int) -> None:
    due = CALENDAR.add_working_days(start, count)
    assert due.on == reference_add(start, count, False)
    assert not due.provisional


@given(
    start=st.dates(min_value=date(2026, 1, 1), max_value=date(2029, 12, 1)),
    count=st.integers(min_value=0, max_value=200),
)
def test_provisional_years_match_reference(start: date, count: int) -> None:
    due = CALENDAR.add_working_days(start, count, provisional_ok=True)
    assert due.on == reference_add(start, count, True)
    assert due.provisional == (count > 0 and due.on.year >= 2027)


@given(
    start=st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31)),
    span=st.integers(min_value=0, max_value=800),
)
def test_count_matches_reference(start: date, span: int) -> None:
    end = min(start + timedelta(days=span), date(2026, 12, 31))
    expected = sum(
        CALENDAR.is_working_day(start + timedelta(days=offset))
        for offset in range(1, (end - start).days + 1)
    )
    assert CALENDAR.count_working_days(start, end) == (expected, False)
