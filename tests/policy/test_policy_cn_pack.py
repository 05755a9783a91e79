"""The cn reference pack encodes the rules of the domain reference (shared/domain)."""

from __future__ import annotations

from datetime import date

import pytest

from publiccredit.domain.record import Severity, SubjectKind
from publiccredit.policy import default_pack
from publiccredit.policy.model import PublicationRule
from publiccredit.policy.model.measures import MeasureClass

VOCABULARY_RECORD_TYPES = {
    "registration", "annual_report", "admin_license", "admin_inspection", "admin_penalty",
    "obligation_performed", "abnormal_operation_listing", "abnormal_operation_removal",
    "serious_dishonesty_listing", "serious_dishonesty_removal", "tax_major_violation_listing",
    "customs_credit_status", "tax_credit_rating", "judgment_default_listing",
    "judgment_default_removal", "court_judgment", "professional_qualification",
    "contract_performance", "credit_commitment", "honour", "charitable_donation", "ip_right",
}  # fmt: skip
AGENCY_KINDS = {
    "samr", "tax", "court", "customs", "mem", "mee", "fire", "hrss", "housing", "cnipa",
    "civil_affairs", "ndrc", "industry", "establishment",
}  # fmt: skip


def test_directory_follows_the_shared_vocabulary() -> None:
    pack = default_pack()
    assert len(pack.directory.categories) == 13
    assert set(pack.record_types) == VOCABULARY_RECORD_TYPES
    for record_type in pack.directory.record_types:
        assert set(record_type.submitters) <= AGENCY_KINDS, record_type.id
    person_types = {
        t.id for t in pack.directory.record_types if SubjectKind.PERSON in t.subject_kinds
    }
    assert person_types == {"judgment_default_listing", "judgment_default_removal"}
    penalty = pack.record_types["admin_penalty"]
    assert set(penalty.required_fields) == {"penalty_kinds", "procedure"}
    assert penalty.severity.required
    assert not pack.record_types["tax_credit_rating"].public


SAFETY = "work_safety"
REVOKED = {"fine", "licence_revocation"}


def _best(
    rules: tuple[PublicationRule, ...],
    severity: Severity,
    agency: str,
    penalty_kinds: set[str],
    sector: str,
    day: date,
) -> PublicationRule:
    """A slow, obvious matcher of the publication docstring's rule (priority, then longest)."""
    candidates = [
        r
        for r in rules
        if "admin_penalty" in r.record_types
        and r.in_force_on(day)
        and (not r.severities or severity in r.severities)
        and (not r.agency_kinds or agency in r.agency_kinds)
        and (not r.penalty_kinds_any or penalty_kinds & set(r.penalty_kinds_any))
        and (not r.penalty_kinds_only or penalty_kinds <= set(r.penalty_kinds_only))
        and (not r.sectors or sector in r.sectors)
    ]
    return max(
        candidates,
        key=lambda r: (r.priority, r.maximum.approx_days() if r.maximum else 10**6),
    )


@pytest.mark.parametrize(
    ("severity", "agency", "kinds", "sector", "day", "rule_id"),
    [
        ("general", "mee", {"fine"}, "", date(2022, 6, 1), "ndrc2019.penalty.general"),
        ("serious", "mem", {"fine"}, SAFETY, date(2022, 6, 1), "ndrc2019.penalty.specific_serious"),
        ("general", "mem", {"fine"}, SAFETY, date(2024, 1, 1), "ndrc58.penalty.safety_sectors"),
        ("general", "mee", {"fine"}, "", date(2026, 3, 31), "ndrc58.penalty"),
        ("minor", "mee", {"warning"}, "", date(2026, 4, 1), "ndrc36.penalty.minor"),
        ("serious", "hrss", {"fine"}, "", date(2026, 4, 1), "ndrc36.penalty.serious"),
        ("serious", "samr", REVOKED, "", date(2024, 1, 1), "samr45.penalty.no_early_end"),
        ("minor", "samr", {"warning"}, "", date(2024, 1, 1), "samr45.penalty.warning_only"),
        ("general", "samr", {"fine"}, "", date(2024, 1, 1), "samr45.penalty"),
        ("general", "samr", {"fine"}, "", date(2025, 12, 25), "samr107.penalty.general"),
    ],
)  # fmt: skip
def test_publication_regimes_by_decision_date(
    severity: str, agency: str, kinds: set[str], sector: str, day: date, rule_id: str
) -> None:
    rules = default_pack().publication
    assert _best(rules, Severity(severity), agency, kinds, sector, day).id == rule_id


def test_rules_that_never_end_early_say_why() -> None:
    for rule in default_pack().publication:
        assert rule.repairable or rule.not_repairable_reason, rule.id
    no_early = {r.id for r in default_pack().publication if not r.repairable}
    assert no_early == {"samr45.penalty.no_early_end", "ndrc2019.penalty.specific_serious"}


def test_lists() -> None:
    lists = default_pack().lists_by_id
    abnormal = lists["abnormal_operations"]
    assert abnormal.escalation is not None
    assert str(abnormal.escalation.after) == "P3Y"
    assert abnormal.exits[0].deadline == 5
    assert abnormal.marked_only_entity_kinds == ("individual_business",)
    defaulters = lists["judgment_defaulters"]
    assert set(defaulters.subject_kinds) == {SubjectKind.ENTITY, SubjectKind.PERSON}
    assert len(defaulters.exits[0].where["ground"]) == 7
    assert defaulters.duration_overrides[0].duration is None
    assert defaulters.notice is not None
    assert defaulters.notice.effective_on_decision
    serious = lists["serious_illegal_dishonest"]
    assert serious.early_removal is not None
    assert str(serious.early_removal.after) == "P1Y"
    assert serious.notice is not None
    assert serious.notice.hearing
    assert lists["tax_a_three_years"].entry[0].consecutive_years == 3
    assert lists["honours"].certainty.value == "unverified"


def test_actions_and_measures() -> None:
    pack = default_pack()
    consumption = pack.actions_by_id["high_consumption"]
    assert len(consumption.sub_items) == 9
    for key in (
        "public_procurement_bid", "project_bidding", "government_subsidy", "land_acquisition",
        "bond_issuance", "securities_issuance", "honours", "serve_as_legal_representative",
        "expedited_approval", "inspection_frequency", "invoice_allowance",
        "customs_inspection_rate", "notification_commitment_approval", "market_entry",
    ):  # fmt: skip
        assert key in pack.actions_by_id
    assert len(pack.measures) >= 20
    assert {m.measure_class for m in pack.measures} == set(MeasureClass)
    high = next(m for m in pack.measures if "high_consumption" in m.actions)
    assert set(high.targets.persons) == {
        "legal_representative", "principal_managers", "directly_responsible_persons",
        "actual_controller",
    }  # fmt: skip


def test_evaluation_is_an_honest_model_for_entities() -> None:
    evaluation = default_pack().evaluation
    assert evaluation.subject_kinds == (SubjectKind.ENTITY,)
    assert evaluation.certainty.value == "unverified"
    assert "formula not public" in evaluation.source.instrument
    assert evaluation.merit_cap == 10
    assert evaluation.merit_offset_share == 0.5
    caps = {o.when_list: o.at_most for o in evaluation.overrides}
    assert caps["serious_illegal_dishonest"] == "D"
    assert caps["judgment_defaulters"] == "D"
    assert caps["abnormal_operations"] == "C"
    assert caps["tax_d_level"] == "C"


def test_procedure_deadlines() -> None:
    deadlines = {d.id: d for d in default_pack().procedures.deadlines}
    assert deadlines["repair.portal.forward"].working_days == 10
    assert deadlines["repair.agency.decision"].working_days == 3
    assert deadlines["repair.samr.decision.order107"].working_days == 7
    assert deadlines["objection.court.review"].calendar_days == 15
    bar = default_pack().procedures.repeat_offender_bars[0]
    assert bar.certainty.value == "unverified"
