"""Times and days on the command line, all from the platform's one clock.

``--at`` and ``--as-of`` default to now and today as ``publiccredit.clock``
gives them (the official Beijing day; ``PUBLICCREDIT_NOW`` fixes the clock for
a replay), so every command counts on the same day whatever the server's own
time zone.
"""

from __future__ import annotations

from datetime import date, datetime

from publiccredit.clock import clock_from_env, parse_instant_or_day, today
from publiccredit.errors import InvalidInput, Problem


def now() -> datetime:
    """The current instant from the one clock."""
    return clock_from_env().now()


def moment(text: str | None, option: str = "--at") -> datetime:
    """``--at``: a day (10:00 Beijing), an ISO time (Beijing if no zone), or now."""
    return now() if text is None else parse_instant_or_day(text, option)


def parse_day(text: str, option: str) -> date:
    """A ``YYYY-MM-DD`` option value."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        problem = Problem("must be a calendar date written YYYY-MM-DD", option, text)
        raise InvalidInput(f"bad value for {option}", (problem,)) from None


def day(text: str | None, option: str) -> date:
    """A ``YYYY-MM-DD`` option (default: today, the official day)."""
    return today(clock_from_env()) if text is None else parse_day(text, option)
