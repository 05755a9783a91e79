"""The official working-day calendar: package years, moved weekends, provisional years."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import chinese_calendar  # type: ignore[import-untyped]
import pytest
from procedures_helpers import SCHEDULE_2027, schedule_file

from publiccredit.errors import InvalidInput
from publiccredit.procedures.calendar import (
    CalendarYearUnknown,
    default_calendar,
    load_calendar,
    official_day,
)


def test_every_package_day_agrees_with_chinesecalendar() -> None:
    """Seeded from the package: every day 2004–2026 is a working day exactly when it says so."""
    calendar = default_calendar()
    day = date(2004, 1, 1)
    while day.year <= 2026:
        assert calendar.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "count", "due"),
    [
        # 2026: Mid-Autumn 25–27 Sep off, National Day 1–7 Oct off, Sat 10 Oct worked.
        (date(2026, 9, 24), 1, date(2026, 9, 28)),
        (date(2026, 9, 30), 1, date(2026, 10, 8)),
        (date(2026, 9, 30), 3, date(2026, 10, 10)),
        (date(2026, 9, 30), 4, date(2026, 10, 12)),
        (date(2026, 9, 18), 1, date(2026, 9, 20)),  # Sunday 20 Sep is a make-up working day
        # Spring Festival 2026: 15–23 Feb off, Sat 14 and Sat 28 Feb worked.
        (date(2026, 2, 13), 1, date(2026, 2, 14)),
        (date(2026, 2, 14), 1, date(2026, 2, 24)),
        (date(2026, 2, 24), 4, date(2026, 2, 28)),
        # Spring Festival 2025: 28 Jan – 4 Feb off, Sun 26 Jan and Sat 8 Feb worked.
        (date(2025, 1, 24), 1, date(2025, 1, 26)),
        (date(2025, 1, 27), 1, date(2025, 2, 5)),
        (date(2025, 2, 7), 1, date(2025, 2, 8)),
        (date(2026, 3, 2), 0, date(2026, 3, 2)),
    ],
)
def test_deadlines_across_holidays(start: date, count: int, due: date) -> None:
    result = default_calendar().add_working_days(start, count)
    assert result.on == due
    assert not result.provisional


def test_the_vectors_are_the_package_schedule() -> None:
    """The hand-written vectors above rest on days the package itself marks."""
    assert chinese_calendar.is_workday(date(2026, 10, 10))
    assert not chinese_calendar.is_workday(date(2026, 9, 25))
    assert chinese_calendar.is_workday(date(2025, 1, 26))
    assert not chinese_calendar.is_workday(date(2025, 2, 4))


def test_unknown_year_fails_loudly() -> None:
    calendar = default_calendar()
    with pytest.raises(CalendarYearUnknown, match="2027"):
        calendar.add_working_days(date(2026, 12, 28), 10)
    with pytest.raises(CalendarYearUnknown, match="2027"):
        calendar.is_working_day(date(2027, 3, 1))


def test_provisional_deadline_is_marked() -> None:
    due = default_calendar().add_working_days(date(2026, 12, 28), 10, provisional_ok=True)
    assert due.provisional
    # 29–31 Dec (3), 1 Jan statutory holiday, then 4–8 Jan (5), 11–12 Jan (2).
    assert due.on == date(2027, 1, 12)
    inside = default_calendar().add_working_days(date(2026, 12, 1), 5, provisional_ok=True)
    assert not inside.provisional


def test_no_provisional_schedule_without_festival_dates() -> None:
    with pytest.raises(CalendarYearUnknown, match="festival dates"):
        default_calendar().add_working_days(date(2031, 3, 3), 5, provisional_ok=True)


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_dates_are_days_off_in_the_official_schedule(year: int) -> None:
    """The provisional data (incl. its lunar festival dates) agrees with published years."""
    calendar = default_calendar()
    provisional = calendar._provisional_factory(year)
    assert not provisional.official
    assert len(provisional.holidays) == 13
    for day in provisional.holidays:
        assert not calendar.is_working_day(day), day


def test_operator_schedule_adds_a_year(tmp_path: Path) -> None:
    calendar = load_calendar([schedule_file(tmp_path, SCHEDULE_2027)])
    assert calendar.is_official(2027)
    assert calendar.is_working_day(date(2027, 2, 13))  # make-up Saturday
    assert not calendar.is_working_day(date(2027, 2, 8))  # Spring Festival Monday
    due = calendar.add_working_days(date(2027, 2, 4), 1)
    assert due == type(due)(date(2027, 2, 12), False)
    assert calendar.is_official(2026)  # the package's years are still there


def test_operator_year_replaces_package_year(tmp_path: Path) -> None:
    text = "years:\n  2026:\n    source: corrected\n    holidays: []\n"
    calendar = load_calendar([schedule_file(tmp_path, text)])
    assert calendar.is_working_day(date(2026, 10, 2))
    assert calendar.schedule(2026).source == "corrected"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("years:\n  2027:\n    holidays: []\n", "source"),
        ("years:\n  2027:\n    source: x\n    working_days: [2027-03-03]\n", "Saturday or Sunday"),
        ("years:\n  2027:\n    source: x\n    holidays: [{date: 2028-01-01}]\n", "outside 2027"),
        ("years:\n  2027:\n    source: x\n    holidays: [{date: 2027-13-01}]\n", "YYYY-MM-DD"),
        ("calendar: {}\n", "unknown top-level"),
        ("- just a list\n", "mapping"),
    ],
)
def test_bad_schedule_files_are_refused(tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        load_calendar([schedule_file(tmp_path, text)])
    assert reason in str(raised.value)


def test_official_day_is_a_beijing_day() -> None:
    assert official_day(datetime(2026, 9, 30, 16, 30, tzinfo=UTC)) == date(2026, 10, 1)
    assert official_day(datetime(2026, 9, 30, 15, 59, tzinfo=UTC)) == date(2026, 9, 30)
