"""Scenarios on the real ``cn`` pack (src/publiccredit/policy/packs/cn): the shipped rules."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from engine_helpers import entry, list_ids, run
from engine_packs import rec as make_record

from publiccredit.domain.facts import Repair
from publiccredit.domain.record import Record, Severity
from publiccredit.engine import decide
from publiccredit.identifiers.uscc import calc_check_char, calc_inner_check_char
from publiccredit.policy import default_pack
from publiccredit.policy.model import Pack

REP_ID = "440301199001011234"


def synthetic_uscc(prefix: str, body: str) -> str:
    """A well-formed synthetic code: ``prefix`` (authority, category, region) + ``body`` (8)."""
    first17 = prefix + body + calc_inner_check_char(body)
    return first17 + calc_check_char(first17)


COMPANY = synthetic_uscc("91440300", "MA5FTET1")
SHOP = synthetic_uscc("92440300", "MA5FTET2")


def rec(record_type: str, source_id: str, on: date, **fields: Any) -> Record:
    """A record about ``COMPANY`` unless ``subject_id`` says otherwise."""
    fields.setdefault("subject_id", COMPANY)
    return make_record(record_type, source_id, on, **fields)


@pytest.fixture(scope="module")
def cn() -> Pack:
    return default_pack()


def company(subject_id: str = COMPANY) -> Record:
    return rec(
        "registration",
        "REG",
        date(2015, 1, 5),
        subject_id=subject_id,
        name="测试有限公司",
        legal_representative_name="张测试",
        legal_representative_id=REP_ID,
        status="active",
    )


def test_cn_regime_change_same_penalty(cn: Pack) -> None:
    """cn pack: a general tax penalty decided 2026-03-31 (Order 58: up to 3 years) and one
    decided 2026-04-01 (Order 36: up to 1 year). (SAMR penalties follow SAMR's own orders.)"""
    records = [
        company(),
        rec(
            "admin_penalty",
            "OLD",
            date(2026, 3, 31),
            agency="tax-440300",
            severity=Severity.GENERAL,
            penalty_kinds=["fine"],
            procedure="ordinary",
        ),
        rec(
            "admin_penalty",
            "NEW",
            date(2026, 4, 1),
            agency="tax-440300",
            severity=Severity.GENERAL,
            penalty_kinds=["fine"],
            procedure="ordinary",
        ),
    ]
    result = run(cn, records, date(2026, 5, 1))
    old, new = entry(result, "OLD"), entry(result, "NEW")
    assert (old.rule, old.end) == ("ndrc58.penalty", date(2029, 3, 31))
    assert (new.rule, new.end) == ("ndrc36.penalty.general", date(2027, 4, 1))


def test_cn_defaulter_company_restricts_legal_representative(cn: Pack) -> None:
    """cn pack: a judgment-defaulter company's consumption restriction binds its legal
    representative (masked), and flights are restricted."""
    records = [
        company(),
        rec(
            "judgment_default_listing",
            "JD",
            date(2026, 2, 1),
            agency="court-440300",
            severity=Severity.SERIOUS,
            ground="obstructs",
            case_no="(2026)粤0304执1号",
        ),
    ]
    result = run(cn, records, date(2026, 3, 1))
    assert "judgment_defaulters" in list_ids(result)
    bound = [p for m in result.measures for p in m.binds if p.role == "legal_representative"]
    assert bound
    assert all(p.id_masked == "440301********1234" for p in bound)
    assert result.rating is not None
    assert result.rating.level == "D"
    assert decide(result, "high_consumption", cn).outcome.value == "restricted"


def test_cn_abnormal_listing_escalation_and_individual_business(cn: Pack) -> None:
    """cn pack: abnormal 3 years → serious-list proposal warned 60 days ahead; an individual
    business is only marked, with no measures."""
    listing = {"ground": "annual_report_missing"}
    records = [company(), rec("abnormal_operation_listing", "AB", date(2023, 7, 10), **listing)]
    result = run(cn, records, date(2026, 6, 1))
    (membership,) = [m for m in result.lists if m.list_id == "abnormal_operations"]
    assert membership.escalation is not None
    assert membership.escalation.warning_on == date(2026, 5, 11)
    assert membership.escalation.warning_active
    assert decide(result, "public_procurement_bid", cn).outcome.value == "restricted"
    shop = [
        company(SHOP),
        rec("abnormal_operation_listing", "AB", date(2025, 7, 10), subject_id=SHOP, **listing),
    ]
    marked = run(cn, shop, date(2025, 8, 1))
    assert [m.marked for m in marked.lists if m.list_id == "abnormal_operations"] == [True]
    assert not [m for m in marked.measures if m.trigger == "list:abnormal_operations"]


def test_cn_repair_lifts_serious_listing(cn: Pack) -> None:
    """cn pack: repairing the penalty behind a serious listing ends the membership and its
    measures; the penalty stays, ``repaired``."""
    records = [
        company(),
        rec(
            "admin_penalty",
            "P",
            date(2026, 4, 1),
            severity=Severity.SERIOUS,
            penalty_kinds=["licence_revocation"],
            procedure="ordinary",
        ),
        rec(
            "serious_dishonesty_listing",
            "SL",
            date(2026, 4, 20),
            severity=Severity.SERIOUS,
            refers_to="P",
            ground="serious food-safety violation",
        ),
    ]
    before = run(cn, records, date(2027, 5, 1))
    assert "serious_illegal_dishonest" in list_ids(before)
    facts = [Repair(("samr-440300", "P"), date(2027, 4, 15))]
    after = run(cn, records, date(2027, 5, 1), facts)
    assert "serious_illegal_dishonest" not in list_ids(after)
    assert entry(after, "P").state.value == "repaired"
    assert not [m for m in after.measures if m.trigger == "list:serious_illegal_dishonest"]
