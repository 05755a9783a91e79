"""Building blocks every rule shares: its source, its certainty, its validity, durations."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PlainValidator, WithJsonSchema


class Frozen(BaseModel):
    """Base of every pack model: immutable, and unknown keys are errors (typos must not pass)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Certainty(StrEnum):
    """How sure we are of a rule's content (tags of the rules reference).

    ``verified``: read in the primary text; ``secondary``: from a reprint or a
    reputable secondary source; ``unverified``: kept configurable until someone
    reads the source.
    """

    VERIFIED = "verified"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"


class Source(Frozen):
    """Where a rule comes from: the instrument and, where known, the article."""

    instrument: str = Field(min_length=1)
    article: str = ""
    url: str = ""
    note: str = ""

    def cite(self) -> str:
        """Instrument and article as one short citation."""
        return f"{self.instrument} {self.article}".strip()


class Rule(Frozen):
    """Anything in a pack that has a source, a certainty and a period of validity.

    ``valid_from`` / ``valid_until`` (inclusive) are compared with the date a
    record was decided: a record is judged under the rules in force then.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_.]*$")
    source: Source
    certainty: Certainty
    valid_from: date | None = None
    valid_until: date | None = None

    def in_force_on(self, day: date) -> bool:
        """True when the rule applies to something decided on ``day``."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


_PERIOD = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$")


class PeriodValue:
    """A calendar period (years, months, days), written in ISO 8601 as ``P3M``, ``P1Y6M``."""

    __slots__ = ("days", "months", "years")

    def __init__(self, years: int = 0, months: int = 0, days: int = 0) -> None:
        self.years, self.months, self.days = years, months, days

    @classmethod
    def parse(cls, text: str) -> PeriodValue:
        match = _PERIOD.match(text)
        if text == "P" or match is None:
            raise ValueError(f"{text!r} is not an ISO 8601 period such as P3M, P1Y or P20D")
        years, months, days = (int(part) if part else 0 for part in match.groups())
        return cls(years, months, days)

    def after(self, start: date) -> date:
        """The date this period after ``start``; month ends clamp (31 Jan + P1M = 28/29 Feb)."""
        month_index = start.month - 1 + self.months + 12 * self.years
        year, month = start.year + month_index // 12, month_index % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return date(year, month, day) + timedelta(days=self.days)

    def approx_days(self) -> int:
        """Rough length in days, only for comparing periods (365-day years, 30-day months)."""
        return self.years * 365 + self.months * 30 + self.days

    def __str__(self) -> str:
        text = "P"
        text += f"{self.years}Y" if self.years else ""
        text += f"{self.months}M" if self.months else ""
        text += f"{self.days}D" if self.days or text == "P" else ""
        return text

    def __repr__(self) -> str:
        return f"Period({self})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PeriodValue) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


def _to_period(value: Any) -> PeriodValue:
    if isinstance(value, PeriodValue):
        return value
    if not isinstance(value, str):
        raise ValueError("a period must be written as text such as P3M")
    return PeriodValue.parse(value)


Period = Annotated[
    PeriodValue,
    PlainValidator(_to_period),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": _PERIOD.pattern}),
]
"""A calendar period in a pack, written ``P3M`` / ``P1Y`` / ``P20D``."""

WorkingDays = Annotated[int, Field(ge=0, le=365)]
"""A deadline counted in working days on the official calendar."""


class LegalBasis(Frozen):
    """The legal basis of a measure or a list: an instrument of the registry and an article.

    ``instrument`` is the id of an entry of ``instruments.yaml`` and
    ``article`` one of the articles that entry may be cited for; the
    instrument says how far it reaches (``InstrumentCoverage``), not the
    citing rule. ``title`` is filled in by the loader from the registry, so
    every view shows the instrument's title and the article.
    """

    instrument: str = Field(min_length=1)
    article: str = Field(min_length=1)
    note: str = ""
    title: str = ""

    def cite(self) -> str:
        """Instrument title (its id before resolution) and article as one short citation."""
        return f"{self.title or self.instrument} {self.article}".strip()
