"""Shared values for the procedure tests: a synthetic subject, times, the cn pack."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from types import MappingProxyType
from typing import Any

from publiccredit.domain.record import Record, Severity, SubjectKind
from publiccredit.identifiers.uscc import calc_check_char, calc_inner_check_char
from publiccredit.procedures.calendar import BEIJING


def synthetic_uscc(prefix: str, body: str) -> str:
    """A well-formed synthetic code: ``prefix`` (authority, category, region) + ``body`` (8)."""
    first17 = prefix + body + calc_inner_check_char(body)
    return first17 + calc_check_char(first17)


COMPANY = synthetic_uscc("91440300", "MA5PRC01")
OTHER = synthetic_uscc("91440300", "MA5PRC02")
SAMR = "samr-440300"
TAX = "tax-440300"
COURT = "court-440300"


def at(day: date, hour: int = 10) -> datetime:
    """``hour`` o'clock Beijing time on ``day``."""
    return datetime.combine(day, time(hour), BEIJING)


def record(
    record_type: str,
    source_id: str,
    decided_on: date,
    *,
    agency: str = SAMR,
    severity: Severity | None = None,
    refers_to: str = "",
    **extra: Any,
) -> Record:
    """A synthetic record about ``COMPANY``."""
    return Record(
        agency=agency,
        source_record_id=source_id,
        record_type=record_type,
        subject_kind=SubjectKind.ENTITY,
        subject_id=COMPANY,
        decided_on=decided_on,
        severity=severity,
        refers_to=refers_to,
        extra=MappingProxyType(extra),
    )


def registration() -> Record:
    """The subject's registration record (the engine reads the subject from it)."""
    return record(
        "registration",
        "REG",
        date(2015, 1, 5),
        name="测试程序有限公司",
        legal_representative_name="张测试",
        legal_representative_id="440301199001011234",
        status="active",
    )


def schedule_file(tmp: Path, text: str) -> Path:
    """Write an operator schedule file."""
    path = tmp / "schedule.yaml"
    path.write_text(text, encoding="utf-8")
    return path


SCHEDULE_2027 = """
years:
  2027:
    source: "Synthetic test schedule (not the official 2027 notice)"
    holidays:
      - {from: 2027-01-01, to: 2027-01-03, name: New Year's Day}
      - {from: 2027-02-05, to: 2027-02-11, name: Spring Festival}
      - {from: 2027-10-01, to: 2027-10-07, name: National Day}
    working_days:
      - {date: 2027-02-13, name: Spring Festival}
      - {date: 2027-10-09, name: National Day}
"""
"""A synthetic operator schedule for 2027 (the test stands in for the State Council)."""
