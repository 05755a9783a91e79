"""``next_change_on``: the next date on which the assessment changes by time alone.

Every stage adds the future dates it saw to a list of candidates: a record
decided later, a fact taking effect later, the end of a publication, the end
or start of a membership, an escalation and its warning date, a repair
becoming possible, a repeat-offender bar ending, a decay step, a measure or
evaluation rule starting or stopping. The answer is the earliest candidate
after ``as_of``; until that day, assessing again gives the same result, which
is what lets the daily sweep (DESIGN §9) skip everyone else.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(start: date, months: int) -> date:
    """``start`` plus whole months; month ends clamp (31 Jan + 1 month = 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = start.day
    if day > 28:
        last = 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month - 1]
        day = min(day, last)
    return date(year, month, day)


def next_change_on(
    candidates: Iterable[date], boundaries: tuple[date, ...], as_of: date
) -> date | None:
    """The earliest candidate or rule boundary strictly after ``as_of``, if any."""
    later = [day for day in candidates if day > as_of]
    position = bisect_right(boundaries, as_of)
    if position < len(boundaries):
        later.append(boundaries[position])
    return min(later) if later else None
