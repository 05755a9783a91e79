"""Calendar data: the package's official years, operator schedule files, statutory dates.

Three sources, each kept as data (rules reference §6):

* the ``chinesecalendar`` package: the State Council schedules it knows
  (2004–2026 in 1.11), holidays and make-up working days;
* operator schedule files (YAML, ``docs/calendar.md``): a year published after
  the package was released, or a correction; a year given here replaces the
  package's year whole;
* ``data/statutory_holidays.yaml``: the statutory holiday dates of the
  National Holidays Measures, used only to build *provisional* schedules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import chinese_calendar  # ships no type information
import yaml

from publiccredit.errors import InvalidInput, Problem
from publiccredit.procedures.calendar import CalendarYearUnknown, WorkingCalendar, YearSchedule

STATUTORY_PATH = Path(__file__).parent / "data" / "statutory_holidays.yaml"
"""The packaged statutory holiday dates (provisional schedules only)."""

PACKAGE_SOURCE = f"chinesecalendar {chinese_calendar.__version__} (State Council schedules)"


def package_years() -> dict[int, YearSchedule]:
    """Every year the ``chinesecalendar`` package knows, as official schedules."""
    holidays: dict[int, set[date]] = {}
    for day in chinese_calendar.holidays:
        holidays.setdefault(day.year, set()).add(day)
    working: dict[int, set[date]] = {}
    for day in chinese_calendar.workdays:
        working.setdefault(day.year, set()).add(day)
    return {
        year: YearSchedule(
            year, frozenset(days), frozenset(working.get(year, ())), PACKAGE_SOURCE, True
        )
        for year, days in holidays.items()
    }


def _fail(path: Path, reason: str, field: str | None = None, value: object = None) -> InvalidInput:
    shown = None if value is None else str(value)
    return InvalidInput(
        f"calendar file {path} is not valid", (Problem(reason, field, shown, file=str(path)),)
    )


def _day(path: Path, value: object, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _fail(path, "not a date written YYYY-MM-DD", field, value) from None


def _holiday_days(path: Path, year: int, entries: Any) -> set[date]:
    days: set[date] = set()
    for index, entry in enumerate(entries or ()):
        where = f"years.{year}.holidays[{index}]"
        if not isinstance(entry, Mapping):
            raise _fail(path, "each holiday is {date: …} or {from: …, to: …}", where)
        first = _day(path, entry.get("from", entry.get("date")), where)
        last = _day(path, entry.get("to", entry.get("date")), where)
        if last < first:
            raise _fail(path, "'to' is before 'from'", where)
        while first <= last:
            days.add(first)
            first += timedelta(days=1)
    return days


def _year_schedule(path: Path, year: int, body: Any) -> YearSchedule:
    if not isinstance(body, Mapping) or not str(body.get("source", "")).strip():
        raise _fail(path, "each year needs a 'source' (the State Council notice)", f"years.{year}")
    holidays = _holiday_days(path, year, body.get("holidays"))
    working: set[date] = set()
    for index, entry in enumerate(body.get("working_days") or ()):
        where = f"years.{year}.working_days[{index}]"
        value = entry.get("date") if isinstance(entry, Mapping) else entry
        day = _day(path, value, where)
        if day.weekday() < 5:
            raise _fail(path, "a make-up working day must be a Saturday or Sunday", where, day)
        working.add(day)
    for day in holidays | working:
        if day.year != year:
            raise _fail(path, f"date lies outside {year}", f"years.{year}", day)
    if holidays & working:
        raise _fail(path, "a day cannot be both a holiday and a working day", f"years.{year}")
    return YearSchedule(year, frozenset(holidays), frozenset(working), str(body["source"]), True)


def _read_yaml(path: Path) -> Mapping[str, Any]:
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise _fail(path, f"cannot be read: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise _fail(path, f"is not YAML: {error}") from None
    except ValueError as error:  # YAML dates such as 2027-13-01
        raise _fail(path, f"holds a date that does not exist, not YYYY-MM-DD: {error}") from None
    if not isinstance(loaded, Mapping):
        raise _fail(path, "must be a mapping with 'years' and/or 'lunar_dates'")
    return loaded


def read_schedule_file(path: Path) -> tuple[dict[int, YearSchedule], dict[int, dict[str, date]]]:
    """An operator file's official years and any lunar festival dates it adds."""
    raw = _read_yaml(path)
    unknown = set(raw) - {"years", "lunar_dates"}
    if unknown:
        raise _fail(path, "unknown top-level keys", value=", ".join(sorted(unknown)))
    years = {
        int(year): _year_schedule(path, int(year), body)
        for year, body in (raw.get("years") or {}).items()
    }
    return years, _lunar_dates(path, raw.get("lunar_dates"))


def _lunar_dates(path: Path, raw: Any) -> dict[int, dict[str, date]]:
    return {
        int(year): {
            name: _day(path, value, f"lunar_dates.{year}.{name}") for name, value in row.items()
        }
        for year, row in (raw or {}).items()
    }


class StatutoryHolidays:
    """Builds provisional schedules: weekends plus the statutory holiday dates of a year."""

    def __init__(self, raw: Mapping[str, Any], lunar_dates: Mapping[int, Mapping[str, date]]):
        self._fixed = tuple(str(entry["month_day"]) for entry in raw["fixed"])
        self._terms = tuple(str(entry["term"]) for entry in raw.get("solar_terms", ()))
        self._offsets = {
            str(k): tuple(int(v) for v in vs) for k, vs in raw["lunar_offsets"].items()
        }
        self._lunar = lunar_dates
        self._source = str(raw["source"]["instrument"])

    def __call__(self, year: int) -> YearSchedule:
        festivals = self._lunar.get(year, {})
        missing = sorted(set(self._offsets) - set(festivals))
        if missing:
            raise CalendarYearUnknown(
                f"no official working-day schedule is loaded for {year}, and its festival dates "
                f"({', '.join(missing)}) are unknown, so not even a provisional deadline can be "
                "computed; load that year's schedule (docs/calendar.md)"
            )
        days = {date.fromisoformat(f"{year}-{month_day}") for month_day in self._fixed}
        first, last = date(year, 1, 1), date(year, 12, 31)
        for day, term in chinese_calendar.get_solar_terms(first, last):
            if term in self._terms:
                days.add(day)
        for name, offsets in self._offsets.items():
            days.update(festivals[name] + timedelta(days=offset) for offset in offsets)
        source = f"PROVISIONAL: statutory dates only ({self._source})"
        return YearSchedule(
            year, frozenset(d for d in days if d.year == year), frozenset(), source, False
        )


def build_calendar(paths: Sequence[Path] = ()) -> WorkingCalendar:
    """Package years, then each operator file over them; provisional years from statutory data."""
    official = package_years()
    statutory = _read_yaml(STATUTORY_PATH)
    lunar = _lunar_dates(STATUTORY_PATH, statutory.get("lunar_dates"))
    for path in paths:
        years, extra_lunar = read_schedule_file(Path(path))
        official.update(years)
        for year, row in extra_lunar.items():
            lunar[year] = {**lunar.get(year, {}), **row}
    return WorkingCalendar(official, StatutoryHolidays(statutory, lunar))
