"""check_record: the closed directory applied to one record (synthetic data only)."""

from __future__ import annotations

from typing import Any

import pytest

from publiccredit.domain.record import Record, parse_record
from publiccredit.errors import Problem
from publiccredit.policy import check_record, default_pack
from publiccredit.policy.directory_check import agency_kind

ENTITY = "91440300MA5EXAMPLE"  # synthetic; the directory check does not validate identifiers


def record(**overrides: Any) -> Record:
    row: dict[str, Any] = {
        "agency": "samr-440300",
        "source_record_id": "r-1",
        "record_type": "admin_penalty",
        "subject_kind": "entity",
        "subject_id": ENTITY,
        "decided_on": "2025-03-01",
        "severity": "general",
        "extra": {"penalty_kinds": ["fine"], "procedure": "ordinary"},
    }
    row.update(overrides)
    return parse_record(row)


def problems(**overrides: Any) -> tuple[Problem, ...]:
    return check_record(default_pack(), record(**overrides))


VALID = [
    {},
    {"record_type": "annual_report", "severity": None, "extra": {"year": 2024}},
    {
        "record_type": "judgment_default_listing",
        "agency": "court-100000",
        "subject_kind": "person",
        "subject_id": "11010519491231002X",
        "severity": "serious",
        "extra": {"ground": "evades", "case_no": "(2025)粤03执1号", "extension_years": 2},
    },
    {
        "record_type": "credit_commitment",
        "agency": "tax-110108",
        "severity": None,
        "extra": {"text": "按期纳税", "kept": True},
    },
    {
        "record_type": "charitable_donation",
        "agency": "civil_affairs-440300",
        "severity": None,
        "amount": "10000",
        "extra": {},
    },
    {
        "record_type": "tax_credit_rating",
        "agency": "tax-110108",
        "severity": None,
        "extra": {"year": 2024, "level": "A"},
    },
]


@pytest.mark.parametrize("overrides", VALID)
def test_conforming_records_pass(overrides: dict[str, Any]) -> None:
    assert problems(**overrides) == ()


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"record_type": "social_media_posts"}, "record_type", "not in the directory"),
        (
            {"subject_kind": "person", "subject_id": "11010519491231002X"},
            "subject_kind",
            "may only be about: entity",
        ),
        ({"agency": "court-440300"}, "agency", "agencies of kind 'court' may not submit"),
        ({"agency": "SAMR440300"}, "agency", "agency code must be <kind>-<region6>"),
        ({"agency": "samr-4403"}, "agency", "agency code must be <kind>-<region6>"),
        ({"extra": {"penalty_kinds": ["fine"]}}, "extra.procedure", "required by record type"),
        (
            {"extra": {"penalty_kinds": ["fine", "flogging"], "procedure": "ordinary"}},
            "extra.penalty_kinds",
            "must be one of",
        ),
        (
            {"extra": {"penalty_kinds": ["fine"], "procedure": "ordinary", "religion": "x"}},
            "extra.religion",
            "declares no such field",
        ),
        ({"severity": None}, "severity", "needs a severity"),
        (
            {"record_type": "annual_report", "severity": "minor", "extra": {"year": 2024}},
            "severity",
            "severity not allowed",
        ),
        (
            {
                "record_type": "credit_commitment",
                "severity": None,
                "extra": {"text": "t", "kept": "perhaps"},
            },
            "extra.kept",
            "must be one of: true, false",
        ),
    ],
)
def test_nonconforming_records_are_named(
    overrides: dict[str, Any], field: str, reason: str
) -> None:
    found = problems(**overrides)
    assert any(p.field == field and reason in p.reason for p in found), found


def test_all_problems_at_once() -> None:
    found = problems(agency="court-440300", severity=None, extra={})
    assert {p.field for p in found} == {
        "agency",
        "severity",
        "extra.penalty_kinds",
        "extra.procedure",
    }


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("samr-440300", "samr"),
        ("civil_affairs-100000", "civil_affairs"),
        ("samr-44030", None),
        ("-440300", None),
        ("Samr-440300", None),
    ],
)
def test_agency_kind(code: str, kind: str | None) -> None:
    assert agency_kind(code) == kind
