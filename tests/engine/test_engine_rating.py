"""The evaluation model (evaluation.yaml; DESIGN §8): decay steps, caps, reasons, decisions."""

from __future__ import annotations

from datetime import date

import pytest
from engine_helpers import entry, list_ids, run
from engine_packs import rec, registration

from publiccredit.domain.assessment import Outcome
from publiccredit.domain.record import Severity
from publiccredit.engine import (
    FileAnnualReport,
    PerformObligations,
    RepairRecord,
    decide,
    what_if,
)
from publiccredit.errors import InvalidInput
from publiccredit.policy.model import Pack


def serious(source_id: str, on: date):  # type: ignore[no-untyped-def]
    return rec("admin_penalty", source_id, on, severity=Severity.SERIOUS, penalty_kinds=["fine"])


def test_decay_is_a_step_per_whole_month(pack: Pack) -> None:
    """Evaluation model: a P3Y demerit loses 1/36 of its points at each full month since the
    decision, so the score changes only on known dates (next_change_on names the next step)."""
    records = [registration(), serious("P", date(2026, 1, 31))]
    day_before = run(pack, records, date(2026, 2, 27))
    assert day_before.rating is not None
    assert day_before.rating.score == 60.0
    assert day_before.next_change_on == date(2026, 2, 28)
    step = run(pack, records, date(2026, 2, 28))
    assert step.rating is not None
    assert step.rating.score == round(100 - 40 * 35 / 36, 2)
    gone = run(pack, records, date(2029, 1, 31))
    assert gone.rating is not None
    assert gone.rating.score == 100.0


def test_merits_never_outweigh_compliance(pack: Pack) -> None:
    """Evaluation model (rules reference §5): merits are capped and offset at most half of the
    demerits — a clean entity gains nothing from honours, and honours cannot lift a penalised
    one above where half its demerits would put it."""
    honours = [rec("honour", f"H{i}", date(2026, 1, 15), agency="ndrc-100000") for i in range(3)]
    clean = run(pack, [registration(), *honours], date(2026, 2, 1))
    assert clean.rating is not None
    assert (clean.rating.score, clean.rating.merits, clean.rating.merits_before_cap) == (
        100.0,
        0.0,
        10.0,
    )
    penalised = run(
        pack, [registration(), *honours, serious("P", date(2026, 1, 15))], date(2026, 2, 1)
    )
    assert penalised.rating is not None
    assert penalised.rating.merits == 10.0  # capped at merit_cap (half of 40 would be 20)
    assert penalised.rating.score == 70.0
    donations = [
        rec("charitable_donation", f"D{i}", date(2026, 1, 15), agency="civil_affairs-440300")
        for i in range(5)
    ]
    small = [
        registration(),
        *donations,
        rec(
            "admin_penalty",
            "M",
            date(2026, 1, 15),
            severity=Severity.MINOR,
            penalty_kinds=["fine"],
        ),
    ]
    limited = run(pack, small, date(2026, 2, 1))
    assert limited.rating is not None
    assert limited.rating.merits_before_cap == 4.0  # max_count 1 donation
    assert (limited.rating.demerits, limited.rating.merits) == (-3.0, 1.5)  # half the demerits
    assert limited.rating.score == 98.5


def test_at_most_four_reason_codes_override_first(pack: Pack) -> None:
    """Evaluation model: at most four reason codes, each naming its records and points."""
    records = [
        registration(),
        serious("P1", date(2026, 1, 15)),
        rec(
            "admin_penalty",
            "G",
            date(2026, 1, 15),
            severity=Severity.GENERAL,
            penalty_kinds=["fine"],
        ),
        rec(
            "admin_penalty", "M", date(2026, 1, 15), severity=Severity.MINOR, penalty_kinds=["fine"]
        ),
        rec("tax_credit_rating", "T", date(2025, 4, 15), agency="tax-440300", year=2024, level="D"),
        rec("honour", "H", date(2026, 1, 1), agency="ndrc-100000"),
    ]
    rating = run(pack, records, date(2026, 2, 1)).rating
    assert rating is not None
    codes = [reason.code for reason in rating.reasons]
    assert codes == ["ON_TAX_D_LIST", "PENALTY_SERIOUS", "PENALTY_GENERAL", "TAX_D"]
    assert rating.reasons[1].records == (("samr-440300", "P1"),)
    assert rating.reasons[1].points == -40.0


def test_decide_parent_and_sub_items(pack: Pack) -> None:
    """DESIGN §5: an action key names a sub-item or its parent (restricted if any sub-item is)."""
    records = [
        registration(),
        rec("tax_credit_rating", "T", date(2025, 4, 15), agency="tax-440300", year=2024, level="D"),
    ]
    assessment = run(pack, records, date(2025, 5, 1))
    golf = decide(assessment, "high_consumption.golf", pack)
    assert golf.outcome is Outcome.RESTRICTED
    assert golf.lists == ("tax_d_level",)
    assert golf.legal_basis == ("纳税缴费信用管理办法 (2025) whole instrument",)
    assert decide(assessment, "high_consumption", pack).outcome is Outcome.RESTRICTED
    assert decide(assessment, "high_consumption.flights", pack).outcome is Outcome.ALLOWED
    assert decide(assessment, "public_procurement_bid", pack).outcome is Outcome.ALLOWED


def test_decide_incentive_and_unknown_action(pack: Pack) -> None:
    """DESIGN §7: decisions answer allowed / restricted / incentive; unknown keys are refused
    with close matches."""
    records = [registration()] + [
        rec(
            "tax_credit_rating", f"T{y}", date(y + 1, 4, 15), agency="tax-440300", year=y, level="A"
        )
        for y in (2022, 2023, 2024)
    ]
    assessment = run(pack, records, date(2025, 5, 1))
    assert decide(assessment, "expedited_approval", pack).outcome is Outcome.INCENTIVE
    with pytest.raises(InvalidInput) as error:
        decide(assessment, "public_procurement", pack)
    assert "public_procurement_bid" in str(error.value)


def test_what_if_performing_and_repairing(pack: Pack) -> None:
    """The impact explorer: performing a penalty's obligations makes it repairable; repairing it
    lifts the serious listing resting on it and the rating recovers."""
    records = [
        registration(),
        serious("P", date(2026, 4, 1)),
        rec(
            "serious_dishonesty_listing",
            "SL",
            date(2026, 4, 10),
            severity=Severity.SERIOUS,
            refers_to="P",
        ),
    ]
    as_of = date(2027, 6, 1)
    performed = what_if(
        run(pack, records, as_of).subject,
        records,
        pack,
        as_of,
        [PerformObligations(("samr-440300", "P"), date(2026, 5, 1))],
    )
    assert entry(performed.after, "P").repair is not None
    assert entry(performed.after, "P").repair.eligible_from == date(2027, 4, 1)  # type: ignore[union-attr]
    assert any("repairable from 2027-04-01" in line for line in performed.differences)
    repaired = what_if(
        performed.before.subject,
        records,
        pack,
        as_of,
        [RepairRecord(("samr-440300", "P"), date(2027, 5, 1))],
    )
    assert list_ids(repaired.after) == []
    assert "leaves list serious_illegal" in repaired.differences
    assert any(line.startswith("rating D") for line in repaired.differences)


def test_what_if_annual_report_cures_abnormal_listing(pack: Pack) -> None:
    """企业信息公示暂行条例 Art. 17: filing the missing annual report cures the listing ground."""
    records = [
        registration(),
        rec("abnormal_operation_listing", "AB", date(2025, 7, 10), ground="annual_report_missing"),
    ]
    result = what_if(
        run(pack, records, date(2025, 9, 1)).subject,
        records,
        pack,
        date(2025, 9, 1),
        [FileAnnualReport(2024, date(2025, 8, 1))],
    )
    assert list_ids(result.before) == ["abnormal_operations"]
    assert list_ids(result.after) == []
    assert "measure abnormal.procurement (list:abnormal_operations) lifted" in result.differences
