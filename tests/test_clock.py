"""The platform's one clock: the official (Beijing) day everywhere.

The API, the CLI and the sweep read the same injected clock, so at 01:30 on
1 January in Beijing (17:30 UTC on 31 December) every path agrees that it is
1 January, whatever zone the server runs in.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from publiccredit.cli.when import day, moment
from publiccredit.clock import FixedClock, SystemClock, clock_from_env, today
from publiccredit.errors import InvalidInput
from publiccredit.procedures.calendar import BEIJING

NEW_YEAR_IN_BEIJING = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)


def test_the_official_day_is_the_beijing_day() -> None:
    assert today(FixedClock(NEW_YEAR_IN_BEIJING)) == date(2027, 1, 1)
    assert today(FixedClock(datetime(2027, 1, 1, 15, 59, tzinfo=UTC))) == date(2027, 1, 1)
    assert today(FixedClock(datetime(2027, 1, 1, 16, 0, tzinfo=UTC))) == date(2027, 1, 2)


def test_a_fixed_clock_needs_a_zone_and_answers_in_utc() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        FixedClock(datetime(2027, 1, 1, 1, 30))
    beijing = FixedClock(datetime(2027, 1, 1, 1, 30, tzinfo=BEIJING))
    assert beijing.now() == NEW_YEAR_IN_BEIJING
    assert beijing.now().tzinfo == UTC


def test_the_environment_fixes_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PUBLICCREDIT_NOW", raising=False)
    assert isinstance(clock_from_env(), SystemClock)
    monkeypatch.setenv("PUBLICCREDIT_NOW", "2027-01-01T01:30:00+08:00")
    assert clock_from_env().now() == NEW_YEAR_IN_BEIJING
    assert day(None, "--as-of") == date(2027, 1, 1)
    assert moment(None) == NEW_YEAR_IN_BEIJING
    monkeypatch.setenv("PUBLICCREDIT_NOW", "2027-03-05")  # a day: 10:00 Beijing time
    assert clock_from_env().now() == datetime(2027, 3, 5, 2, 0, tzinfo=UTC)
    monkeypatch.setenv("PUBLICCREDIT_NOW", "soon")
    with pytest.raises(InvalidInput) as refused:
        clock_from_env()
    assert refused.value.problems[0].field == "PUBLICCREDIT_NOW"
    assert refused.value.problems[0].value == "soon"
