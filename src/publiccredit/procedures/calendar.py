"""Working days on China's official calendar, with moved weekends (调休).

Due-process deadlines count working days (rules reference §6). A day is a
working day when it is a make-up working day of the year's official schedule,
or a Monday–Friday that is not a holiday of that schedule. The State Council
publishes each year's schedule in the autumn before, so the calendar only
knows the years someone loaded: the ``chinesecalendar`` package's years, plus
any schedule file an operator gives (``docs/calendar.md``).

A year without an official schedule is never guessed silently. Strict calls
raise ``CalendarYearUnknown``. Calls with ``provisional_ok=True`` count that
year on weekends and the statutory holiday dates only (no moved weekends) and
mark the result ``provisional``: shown as such everywhere and recomputed once
the official schedule is loaded.

Official days are Beijing days: an instant becomes a calendar day in UTC+8
(``official_day``), so a notice delivered at 23:30 Beijing time on 30 September
counts from 30 September, whatever zone the server runs in.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from publiccredit.domain.official_time import BEIJING, official_day
from publiccredit.errors import ProcedureError

__all__ = [
    "BEIJING",
    "CalendarYearUnknown",
    "DueDate",
    "WorkingCalendar",
    "YearSchedule",
    "default_calendar",
    "load_calendar",
    "official_day",
]


class CalendarYearUnknown(ProcedureError):
    """A deadline needs a year whose official working-day schedule is not loaded."""


@dataclass(frozen=True, slots=True)
class DueDate:
    """A deadline's last day; ``provisional`` when a year it spans has no official schedule."""

    on: date
    provisional: bool


@dataclass(frozen=True, slots=True)
class YearSchedule:
    """One year's days off and make-up working days, and where they come from.

    ``holidays`` may include weekend days inside a holiday period;
    ``working_weekends`` are the Saturdays and Sundays worked instead (调休).
    ``official`` is false for a provisional schedule built from statutory dates.
    """

    year: int
    holidays: frozenset[date]
    working_weekends: frozenset[date]
    source: str
    official: bool = True

    def is_working_day(self, day: date) -> bool:
        """Working: a make-up day, or a weekday that is not a holiday."""
        if day in self.working_weekends:
            return True
        return day.weekday() < 5 and day not in self.holidays

    @property
    def weekday_holidays(self) -> tuple[date, ...]:
        """Holidays on Monday–Friday, sorted: the weekdays not worked."""
        return tuple(sorted(d for d in self.holidays if d.weekday() < 5))

    @property
    def weekend_working_days(self) -> tuple[date, ...]:
        """Make-up working days, sorted (only Saturdays and Sundays change anything)."""
        return tuple(sorted(d for d in self.working_weekends if d.weekday() >= 5))


def _weekdays_through(day: date) -> int:
    """Monday–Friday count from 0001-01-01 (a Monday) through ``day``."""
    index = day.toordinal() - 1
    return (index // 7) * 5 + min(index % 7 + 1, 5)


def _nth_weekday_after(start: date, count: int) -> date:
    """The ``count``-th Monday–Friday after ``start`` (``count`` ≥ 1)."""
    target = _weekdays_through(start) + count
    weeks, rest = divmod(target - 1, 5)
    return date.fromordinal(weeks * 7 + rest + 1)


ProvisionalFactory = Callable[[int], "YearSchedule"]
"""Builds a year's provisional (statutory-only) schedule, or raises ``CalendarYearUnknown``."""


class WorkingCalendar:
    """Official schedules by year, with a provisional fallback for other years.

    ``provisional_schedule`` builds a year's statutory-only schedule (or raises
    ``CalendarYearUnknown`` when even its festival dates are unknown).
    """

    def __init__(
        self,
        official: Mapping[int, YearSchedule],
        provisional_schedule: ProvisionalFactory,
    ) -> None:
        self._official = dict(official)
        self._provisional_factory = provisional_schedule
        self._provisional: dict[int, YearSchedule] = {}
        self._exceptions: dict[int, tuple[tuple[date, ...], tuple[date, ...]]] = {}

    @property
    def official_years(self) -> tuple[int, ...]:
        """The years with an official schedule loaded, ascending."""
        return tuple(sorted(self._official))

    def is_official(self, year: int) -> bool:
        """True when ``year``'s official schedule is loaded."""
        return year in self._official

    def schedule(self, year: int, *, provisional_ok: bool = False) -> YearSchedule:
        """``year``'s schedule; the provisional one only when ``provisional_ok``."""
        if year in self._official:
            return self._official[year]
        if not provisional_ok:
            known = self.official_years
            span = f"{known[0]}–{known[-1]}" if known else "none"
            raise CalendarYearUnknown(
                f"no official working-day schedule is loaded for {year} (loaded: {span}); "
                "load the State Council's schedule for that year "
                "(`publiccredit calendar add FILE`, docs/calendar.md)"
            )
        if year not in self._provisional:
            self._provisional[year] = self._provisional_factory(year)
        return self._provisional[year]

    def is_working_day(self, day: date, *, provisional_ok: bool = False) -> bool:
        """Whether ``day`` is a working day (strict unless ``provisional_ok``)."""
        return self.schedule(day.year, provisional_ok=provisional_ok).is_working_day(day)

    def _year_exceptions(self, schedule: YearSchedule) -> tuple[tuple[date, ...], tuple[date, ...]]:
        key = schedule.year if schedule.official else -schedule.year
        if key not in self._exceptions:
            self._exceptions[key] = (schedule.weekday_holidays, schedule.weekend_working_days)
        return self._exceptions[key]

    def count_working_days(
        self, start: date, end: date, *, provisional_ok: bool = False
    ) -> tuple[int, bool]:
        """Working days in (``start``, ``end``], and whether any year counted was provisional."""
        if end <= start:
            return 0, False
        total, provisional = 0, False
        for year in range(start.year, end.year + 1):
            low = max(start, date(year - 1, 12, 31))
            high = min(end, date(year, 12, 31))
            if high <= low:
                continue
            schedule = self.schedule(year, provisional_ok=provisional_ok)
            provisional = provisional or not schedule.official
            off, on = self._year_exceptions(schedule)
            total += _weekdays_through(high) - _weekdays_through(low)
            total -= bisect_right(off, high) - bisect_right(off, low)
            total += bisect_right(on, high) - bisect_right(on, low)
        return total, provisional

    def add_working_days(self, start: date, count: int, *, provisional_ok: bool = False) -> DueDate:
        """The ``count``-th working day after ``start`` (``start`` itself not counted).

        "Within 5 working days of service on Friday" ends on the fifth working
        day after that Friday. ``count`` 0 gives ``start``.
        """
        if count < 0:
            raise ValueError("a working-day count cannot be negative")
        if count == 0:
            return DueDate(start, False)
        day = _nth_weekday_after(start, count)
        counted, _ = self.count_working_days(start, day, provisional_ok=provisional_ok)
        while not (counted == count and self.is_working_day(day, provisional_ok=provisional_ok)):
            if counted < count:
                day += timedelta(days=1)
                counted += self.is_working_day(day, provisional_ok=provisional_ok)
            else:
                counted -= self.is_working_day(day, provisional_ok=provisional_ok)
                day -= timedelta(days=1)
        _, provisional = self.count_working_days(start, day, provisional_ok=provisional_ok)
        return DueDate(day, provisional)


def load_calendar(paths: Sequence[Path] = ()) -> WorkingCalendar:
    """The package's official years, then each operator schedule file in order over them.

    A year in a later file replaces the same year from the package or an
    earlier file whole (a corrected schedule is given complete).
    """
    from publiccredit.procedures.calendar_files import build_calendar

    return build_calendar(paths)


@functools.cache
def default_calendar() -> WorkingCalendar:
    """The calendar from the ``chinesecalendar`` package alone (no operator files)."""
    return load_calendar()
