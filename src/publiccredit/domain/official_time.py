"""Official time: China Standard Time, and the Beijing day of an instant.

Deadlines, publication periods and "what the platform knew by day D" are all
counted in Beijing days, whatever zone a server runs in (rules reference §6):
a notice delivered at 23:30 Beijing time on 30 September counts from
30 September. This is the one definition; ``procedures.calendar`` and the
platform's clock (``publiccredit.clock``) use it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from publiccredit.errors import ProcedureError

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")
"""China Standard Time; China has no daylight saving time."""


def official_day(moment: datetime) -> date:
    """The Beijing calendar day of an aware instant (the day deadlines count from)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ProcedureError(f"time {moment.isoformat()} has no time zone; give an aware time")
    return moment.astimezone(BEIJING).date()
