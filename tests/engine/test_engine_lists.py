"""One test per list and measure rule (rules reference §4; DESIGN §8), each citing its source."""

from __future__ import annotations

import json
from datetime import date

from engine_helpers import list_ids, measure_ids, run
from engine_packs import COMPANY, PERSON_ID, REP_ID, SHOP, rec, registration

from publiccredit.domain.facts import EarlyRemoval, Repair, Revocation
from publiccredit.domain.record import Severity, SubjectKind
from publiccredit.policy.model import EvaluationInput, Pack
from publiccredit.policy.model.common import PeriodValue


def abnormal(on: date, subject_id: str = COMPANY, ground: str = "annual_report_missing"):  # type: ignore[no-untyped-def]
    return rec("abnormal_operation_listing", "AB", on, subject_id=subject_id, ground=ground)


def test_abnormal_listing_until_cured(pack: Pack) -> None:
    """企业信息公示暂行条例 Art. 17–18: listed until the ground is cured and the subject removed;
    while listed, barred from government procurement."""
    records = [registration(), abnormal(date(2025, 3, 1))]
    listed = run(pack, records, date(2025, 6, 1))
    assert list_ids(listed) == ["abnormal_operations"]
    assert listed.lists[0].legal_basis == "企业信息公示暂行条例 Art. 17-18"
    assert measure_ids(listed) == ["abnormal.procurement"]
    removal = rec(
        "abnormal_operation_removal", "RM", date(2025, 7, 1), refers_to="AB", reason="cured"
    )
    cured = run(pack, [*records, removal], date(2025, 7, 1))
    assert list_ids(cured) == []
    assert measure_ids(cured) == []


def test_abnormal_escalation_warned_60_days_before_three_years(pack: Pack) -> None:
    """Rules reference §4: three years on the abnormal list without cure → serious list; the
    authority warns 60 days before the 3-year mark; a person decides (never automatic)."""
    records = [registration(), abnormal(date(2023, 5, 10))]
    before = run(pack, records, date(2026, 3, 10))
    escalation = before.lists[0].escalation
    assert escalation is not None
    assert (escalation.to_list, escalation.on, escalation.warning_on) == (
        "serious_illegal",
        date(2026, 5, 10),
        date(2026, 3, 11),
    )
    assert not escalation.warning_active
    assert before.next_change_on == date(2026, 3, 11)
    warned = run(pack, records, date(2026, 3, 11)).lists[0].escalation
    assert warned is not None
    assert warned.warning_active
    assert not warned.due
    due = run(pack, records, date(2026, 5, 10))
    assert due.lists[0].escalation is not None
    assert due.lists[0].escalation.due
    assert list_ids(due) == ["abnormal_operations"]


def test_individual_business_is_marked_not_listed(pack: Pack) -> None:
    """Rules reference §4: individual businesses (92…) are "marked abnormal", not listed:
    shown as marked, with no measures, no override and no escalation."""
    records = [registration(SHOP), abnormal(date(2025, 3, 1), SHOP)]
    result = run(pack, records, date(2025, 6, 1))
    assert result.subject.entity_kind == "individual_business"
    (membership,) = result.lists
    assert membership.marked
    assert membership.escalation is None
    assert result.measures == ()


def test_serious_list_three_years_and_rating_d(pack: Pack) -> None:
    """SAMR Order 44 (2021): listing period 3 years; our evaluation caps the level at D."""
    records = [
        registration(),
        rec("serious_dishonesty_listing", "SL", date(2025, 1, 15), severity=Severity.SERIOUS),
    ]
    result = run(pack, records, date(2025, 6, 1))
    assert result.lists[0].until == date(2028, 1, 15)
    assert result.rating is not None
    assert (result.rating.level, result.rating.capped_by) == ("D", "ON_SERIOUS_LIST")
    assert "serious.procurement" in measure_ids(result)
    assert "rating_d.inspection" in measure_ids(result)
    assert list_ids(run(pack, records, date(2028, 1, 15))) == []


def test_early_removal_ends_membership(pack: Pack) -> None:
    """SAMR Order 44: early removal on application ends the listing."""
    records = [
        registration(),
        rec("serious_dishonesty_listing", "SL", date(2025, 1, 15), severity=Severity.SERIOUS),
    ]
    facts = [EarlyRemoval(("samr-440300", "SL"), date(2026, 2, 1))]
    assert list_ids(run(pack, records, date(2026, 1, 31), facts)) == ["serious_illegal"]
    assert list_ids(run(pack, records, date(2026, 2, 1), facts)) == []


def test_repair_of_penalty_lifts_listing_and_measures(pack: Pack) -> None:
    """NDRC Order 36 Art. 3: repair ends publication and lifts measures in step — the list
    membership resting on the repaired penalty ends; the record stays, ``repaired``."""
    records = [
        registration(),
        rec(
            "admin_penalty",
            "P",
            date(2026, 4, 1),
            severity=Severity.SERIOUS,
            penalty_kinds=["licence_revocation"],
        ),
        rec(
            "serious_dishonesty_listing",
            "SL",
            date(2026, 4, 10),
            severity=Severity.SERIOUS,
            refers_to="P",
        ),
    ]
    facts = [Repair(("samr-440300", "P"), date(2027, 5, 1))]
    before = run(pack, records, date(2027, 4, 30), facts)
    assert "serious.procurement" in measure_ids(before)
    after = run(pack, records, date(2027, 5, 1), facts)
    assert list_ids(after) == []
    assert "serious.procurement" not in measure_ids(after)
    states = {e.record.source_record_id: e.state.value for e in after.records}
    assert states["P"] == "repaired"


def test_revoked_penalty_ends_listing(pack: Pack) -> None:
    """SAMR Order 44: if the underlying penalty is revoked, the listing goes."""
    records = [
        registration(),
        rec("admin_penalty", "P", date(2026, 4, 1), severity=Severity.SERIOUS),
        rec(
            "serious_dishonesty_listing",
            "SL",
            date(2026, 4, 10),
            severity=Severity.SERIOUS,
            refers_to="P",
        ),
    ]
    facts = [Revocation(("samr-440300", "P"), date(2026, 6, 1))]
    assert list_ids(run(pack, records, date(2026, 6, 1), facts)) == []


def defaulter(ground: str, **extra: object):  # type: ignore[no-untyped-def]
    return rec(
        "judgment_default_listing",
        "JD",
        date(2025, 3, 1),
        agency="court-440300",
        severity=Severity.SERIOUS,
        ground=ground,
        case_no="(2025)粤0304执1号",
        **extra,
    )


def test_defaulter_company_binds_legal_representative(pack: Pack) -> None:
    """SPC consumption-restriction rules (2015): an entity's restriction also binds its legal
    representative; the ID number appears only masked."""
    result = run(pack, [registration(), defaulter("obstructs")], date(2025, 6, 1))
    consumption = next(m for m in result.measures if m.measure_id == "defaulter.high_consumption")
    (person,) = consumption.binds
    assert (person.role, person.name) == ("legal_representative", "张测试")
    assert person.id_masked == REP_ID[:6] + "********" + REP_ID[14:]
    assert REP_ID not in json.dumps(result.to_json(), ensure_ascii=False)


def test_defaulter_terms(pack: Pack) -> None:
    """SPC 2017 rules: 2 years for grounds 2–6, extendable by 1–3 years; "able but refuses"
    has no fixed term (until performed)."""
    assert run(pack, [registration(), defaulter("obstructs")], date(2025, 6, 1)).lists[
        0
    ].until == date(2027, 3, 1)
    extended = run(pack, [registration(), defaulter("evades", extension_years=2)], date(2025, 6, 1))
    assert extended.lists[0].until == date(2029, 3, 1)
    open_ended = run(pack, [registration(), defaulter("able_but_refuses")], date(2030, 6, 1))
    assert open_ended.lists[0].until is None
    removal = rec(
        "judgment_default_removal",
        "JR",
        date(2030, 7, 1),
        agency="court-440300",
        refers_to="JD",
        ground="performed",
    )
    performed = [registration(), defaulter("able_but_refuses"), removal]
    assert list_ids(run(pack, performed, date(2030, 7, 1))) == []


def test_natural_person_defaulter_is_listed_never_rated(pack: Pack) -> None:
    """DESIGN §8: natural persons appear only on lists the pack defines, are never scored, and
    their ID number is shown masked."""
    record = rec(
        "judgment_default_listing",
        "JDP",
        date(2025, 3, 1),
        agency="court-440300",
        subject_id=PERSON_ID,
        kind=SubjectKind.PERSON,
        severity=Severity.SERIOUS,
        ground="obstructs",
    )
    result = run(pack, [record], date(2025, 6, 1))
    assert list_ids(result) == ["judgment_defaulters"]
    assert result.rating is None
    assert "defaulter.high_consumption" in measure_ids(result)
    text = json.dumps(result.to_json(), ensure_ascii=False)
    assert PERSON_ID not in text
    assert "110105********002X" in text


def test_tax_d_caps_level_at_c_until_superseded(pack: Pack) -> None:
    """纳税缴费信用管理办法 (2025): a D tax rating; our model caps the level at C while it is
    the current rating, and a newer rating replaces it."""
    records = [
        registration(),
        rec(
            "tax_credit_rating", "T24", date(2025, 4, 15), agency="tax-440300", year=2024, level="D"
        ),
    ]
    rated = run(pack, records, date(2025, 5, 1))
    assert rated.rating is not None
    assert rated.rating.score >= 75  # B by score alone …
    assert (rated.rating.level, rated.rating.capped_by) == ("C", "ON_TAX_D_LIST")  # … at most C
    newer = rec(
        "tax_credit_rating", "T25", date(2026, 4, 15), agency="tax-440300", year=2025, level="B"
    )
    assert list_ids(run(pack, [*records, newer], date(2026, 4, 15))) == []


def test_three_consecutive_a_ratings_red_list(pack: Pack) -> None:
    """纳税缴费信用管理办法: green channel after three consecutive A years (an incentive)."""
    records = [registration()] + [
        rec(
            "tax_credit_rating", f"T{y}", date(y + 1, 4, 15), agency="tax-440300", year=y, level="A"
        )
        for y in (2022, 2023, 2024)
    ]
    result = run(pack, records, date(2025, 5, 1))
    assert list_ids(result) == ["tax_a3"]
    assert len(result.lists[0].because_of) == 3
    assert list_ids(run(pack, records[:-1], date(2025, 5, 1))) == []


def test_listing_decision_is_shown_while_its_membership_lasts(pack: Pack) -> None:
    """Publication rule ``lists.membership`` (cn pack): a listing decision without a maximum of
    its own is published while the membership lasts and ends with it; once ended it is used
    nowhere, rating included (NDRC Order 36 Art. 3: when publication ends, use ends)."""
    listed_points = EvaluationInput(
        id="input.abnormal",
        source=pack.evaluation.source,
        certainty=pack.evaluation.certainty,
        code="ABNORMAL",
        record_type="abnormal_operation_listing",
        points=-10,
        decay="P3Y",
        description_en="on the abnormal operations list",
    )
    inputs = (*pack.evaluation.inputs, listed_points)
    pack = pack.model_copy(
        update={"evaluation": pack.evaluation.model_copy(update={"inputs": inputs})}
    )
    records = [registration(), abnormal(date(2025, 3, 1))]
    removal = rec(
        "abnormal_operation_removal", "RM", date(2025, 7, 1), refers_to="AB", reason="cured"
    )

    def listing_row(as_of: date):  # type: ignore[no-untyped-def]
        result = run(pack, [*records, removal], as_of)
        (row,) = [r for r in result.records if r.record.source_record_id == "AB"]
        return result, row

    listed, row = listing_row(date(2025, 6, 1))
    assert (row.state.value, row.end) == ("published", None)
    removed, row = listing_row(date(2025, 7, 1))
    assert (row.state.value, row.end) == ("ended", date(2025, 7, 1))
    assert listed.rating is not None
    assert removed.rating is not None
    assert [reason.code for reason in listed.rating.reasons] == ["ABNORMAL"]
    assert removed.rating.reasons == ()


def _extension_cap(pack: Pack, cap: str) -> Pack:
    """The pack with the judgment defaulters' ``extension_max`` set to ``cap``."""
    lists = tuple(
        item.model_copy(update={"extension_max": PeriodValue.parse(cap)})
        if item.id == "judgment_defaulters"
        else item
        for item in pack.lists
    )
    return pack.model_copy(update={"lists": lists})


def _defaulter_on(decided: date, years: int):  # type: ignore[no-untyped-def]
    return rec(
        "judgment_default_listing", "JD", decided, agency="court-440300",
        severity=Severity.SERIOUS, ground="evades", case_no="(2024)粤0304执9号",
        extension_years=years,
    )  # fmt: skip


def _until(pack: Pack, decided: date, years: int, as_of: date) -> date | None:
    result = run(pack, [registration(), _defaulter_on(decided, years)], as_of)
    return result.lists[0].until if result.lists else None


def test_extension_max_counts_its_months(pack: Pack) -> None:
    """SPC 2017 rules Art. 2: 2 years, extendable by 1-3; the whole cap counts, months too —
    a P1Y6M cap holds a 2-year extension to 18 months (only its years were read: 12)."""
    decided = date(2025, 3, 1)  # P2Y ends 2027-03-01
    assert _until(_extension_cap(pack, "P1Y6M"), decided, 2, date(2025, 6, 1)) == date(2028, 9, 1)
    assert _until(_extension_cap(pack, "P1Y6M"), decided, 1, date(2025, 6, 1)) == date(2028, 3, 1)
    assert _until(_extension_cap(pack, "P6M"), decided, 3, date(2025, 6, 1)) == date(2027, 9, 1)
    assert _until(_extension_cap(pack, "P1Y15D"), decided, 2, date(2025, 6, 1)) == date(2028, 3, 16)


def test_extension_cap_at_month_ends_and_on_the_boundary_day(pack: Pack) -> None:
    """31 August + P2Y + P6M: month ends clamp to the last day of February (leap or not);
    the membership holds the day before ``until`` and has ended on it."""
    capped = _extension_cap(pack, "P6M")
    assert _until(capped, date(2024, 8, 31), 1, date(2024, 9, 1)) == date(2027, 2, 28)
    assert _until(capped, date(2025, 8, 31), 1, date(2025, 9, 1)) == date(2028, 2, 29)
    assert _until(capped, date(2025, 8, 31), 1, date(2028, 2, 28)) == date(2028, 2, 29)
    assert _until(capped, date(2025, 8, 31), 1, date(2028, 2, 29)) is None
    one_month = _extension_cap(pack, "P1M")
    assert _until(one_month, date(2025, 1, 31), 1, date(2025, 2, 1)) == date(2027, 2, 28)
