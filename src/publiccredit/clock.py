"""The platform's one clock: what time it is, and which official (Beijing) day that is.

Every entry point (the CLI, the API, the portal, the sweep) asks one injected
``Clock`` instead of calling ``datetime.now`` or ``date.today`` on its own.
Three different "today"s were in use before (the server's local date, UTC,
Beijing); a deadline, a publication end or a decision could then land on a
different day depending on which path a request took and where the server
ran. The official day is the Beijing day (``procedures.calendar.official_day``),
because deadlines and publication periods are counted in China Standard Time.

``PUBLICCREDIT_NOW`` (an ISO time with a zone, or a date meaning 10:00 Beijing)
fixes the clock for a whole process: demos and end-to-end tests replay a
scenario on the days it is about without editing any data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Protocol

from publiccredit.errors import InvalidInput, Problem
from publiccredit.procedures.calendar import BEIJING, official_day

NOW_ENV = "PUBLICCREDIT_NOW"


class Clock(Protocol):
    """Where the platform reads the current instant."""

    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


def today(clock: Clock) -> date:
    """The official day now: the Beijing calendar day of ``clock.now()``."""
    return official_day(clock.now())


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        """The current instant in UTC."""
        return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class FixedClock:
    """A clock stopped at one instant (tests, demos, replaying a scenario)."""

    instant: datetime

    def __post_init__(self) -> None:
        if self.instant.tzinfo is None or self.instant.utcoffset() is None:
            raise ValueError("a fixed clock needs a timezone-aware instant")

    def now(self) -> datetime:
        """The fixed instant, in UTC."""
        return self.instant.astimezone(UTC)


def parse_instant_or_day(text: str, field: str) -> datetime:
    """An ISO time (Beijing when it has no zone) or a day (10:00 Beijing that day)."""
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(10), BEIJING)
        parsed = datetime.fromisoformat(text)
    except ValueError:
        problem = Problem("must be YYYY-MM-DD or an ISO date and time", field, text)
        raise InvalidInput(f"bad value for {field}", (problem,)) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=BEIJING)


def clock_from_env() -> Clock:
    """The system clock, or a fixed one when ``PUBLICCREDIT_NOW`` is set."""
    text = os.environ.get(NOW_ENV, "").strip()
    if not text:
        return SystemClock()
    return FixedClock(parse_instant_or_day(text, NOW_ENV))
