"""Calendar periods, month arithmetic, rule editions and the boundary days of lists and
``next_change_on`` — the targets of the mutation run (docs/testing.md, `make mutation`)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from engine_helpers import list_ids, run
from engine_packs import PENALTY, pub, rec, registration
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from publiccredit.domain.facts import Repair, Revocation
from publiccredit.domain.record import Severity
from publiccredit.engine.timeline import add_months, next_change_on
from publiccredit.policy.model import Pack
from publiccredit.policy.model.common import Period, PeriodValue
from publiccredit.policy.model.lists import DurationOverride


def _add_months_slowly(start: date, months: int) -> date:
    """The obvious reference: step to the first of the month, one month at a time."""
    year, month = start.year, start.month
    for _ in range(months):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    day = start.day
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


@given(st.dates(date(1990, 1, 1), date(2090, 12, 31)), st.integers(0, 140))
def test_add_months_agrees_with_stepping_month_by_month(start: date, months: int) -> None:
    assert add_months(start, months) == _add_months_slowly(start, months)


@given(st.dates(date(1990, 1, 1), date(2090, 12, 31)), st.integers(0, 5), st.integers(0, 30))
def test_period_after_is_months_then_days(start: date, years: int, months: int) -> None:
    period = PeriodValue(years, months, 7)
    assert period.after(start) == _add_months_slowly(start, 12 * years + months) + timedelta(7)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 1, 29), 1, date(2024, 2, 29)),
        (date(2025, 1, 29), 1, date(2025, 2, 28)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2025, 11, 30), 1, date(2025, 12, 30)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 5, 28), 9, date(2026, 2, 28)),
        (date(2025, 5, 31), 0, date(2025, 5, 31)),
    ],
)
def test_month_ends_clamp(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected
    assert PeriodValue(months=months).after(start) == expected


def test_periods_read_write_compare_and_measure() -> None:
    for text, parts in {
        "P3M": (0, 3, 0),
        "P1Y6M": (1, 6, 0),
        "P2Y": (2, 0, 0),
        "P20D": (0, 0, 20),
        "P1Y2M3D": (1, 2, 3),
        "P0D": (0, 0, 0),
    }.items():
        period = PeriodValue.parse(text)
        assert (period.years, period.months, period.days) == parts
        assert str(period) == text
        assert str(PeriodValue(*parts)) == text
    assert str(PeriodValue()) == "P0D"
    assert str(PeriodValue(months=3)) == "P3M"
    assert PeriodValue(1, 6) == PeriodValue.parse("P1Y6M")
    assert PeriodValue(1, 6) != PeriodValue(1, 7)
    assert PeriodValue(1) != "P1Y"
    assert hash(PeriodValue(0, 18)) == hash(PeriodValue.parse("P18M"))
    assert len({PeriodValue(1), PeriodValue.parse("P1Y"), PeriodValue(2)}) == 2
    assert PeriodValue(1, 2, 3).approx_days() == 365 + 60 + 3
    assert PeriodValue(2).approx_days() == 730
    assert PeriodValue(days=3).approx_days() == 3
    assert repr(PeriodValue(0, 3)) == "Period(P3M)"


@pytest.mark.parametrize("text", ["P", "p3m", "3M", "P3X", "PT3H", ""])
def test_a_bad_period_is_refused_naming_it(text: str) -> None:
    with pytest.raises(ValueError, match=f"{text!r} is not an ISO 8601 period"):
        PeriodValue.parse(text)


def test_a_period_must_be_text() -> None:
    adapter = TypeAdapter(Period)
    assert adapter.validate_python("P3M") == PeriodValue(months=3)
    with pytest.raises(ValidationError) as refused:
        adapter.validate_python(3)
    assert refused.value.errors()[0]["msg"] == (
        "Value error, a period must be written as text such as P3M"
    )


def test_a_rule_is_in_force_on_both_ends_of_its_edition() -> None:
    rule = pub("edition", PENALTY, valid_from=date(2024, 1, 1), valid_until=date(2024, 12, 31))
    assert not rule.in_force_on(date(2023, 12, 31))
    assert rule.in_force_on(date(2024, 1, 1))
    assert rule.in_force_on(date(2024, 12, 31))
    assert not rule.in_force_on(date(2025, 1, 1))
    assert pub("open", PENALTY).in_force_on(date(1990, 1, 1))


def test_next_change_on_is_strictly_after_the_day() -> None:
    day = date(2025, 6, 1)
    later = date(2025, 7, 1)
    assert next_change_on([day, later], (), day) == later
    assert next_change_on([day], (), day) is None
    assert next_change_on([later, date(2025, 6, 2)], (), day) == date(2025, 6, 2)
    boundaries = (date(2025, 1, 1), day, date(2025, 9, 1))
    assert next_change_on([], boundaries, day) == date(2025, 9, 1)
    assert next_change_on([date(2025, 12, 1)], boundaries, day) == date(2025, 9, 1)
    assert next_change_on([date(2025, 8, 1)], boundaries, date(2024, 6, 1)) == date(2025, 1, 1)
    assert next_change_on([], boundaries, date(2026, 1, 1)) is None


def _abnormal(on: date, source: str = "AB", **fields: object):  # type: ignore[no-untyped-def]
    return rec("abnormal_operation_listing", source, on, ground="annual_report_missing", **fields)


def test_a_membership_holds_from_its_first_day_not_before(pack: Pack) -> None:
    records = [registration(), _abnormal(date(2025, 3, 1))]
    assert list_ids(run(pack, records, date(2025, 2, 28))) == []
    on_the_day = run(pack, records, date(2025, 3, 1))
    assert list_ids(on_the_day) == ["abnormal_operations"]
    assert on_the_day.lists[0].name_en == "Abnormal operations"
    assert run(pack, records, date(2025, 2, 28)).next_change_on == date(2025, 3, 1)


def test_effective_until_is_the_last_day_listed(pack: Pack) -> None:
    records = [registration(), _abnormal(date(2025, 3, 1), effective_until=date(2025, 8, 31))]
    last = run(pack, records, date(2025, 8, 31))
    assert list_ids(last) == ["abnormal_operations"]
    assert _state(last, "AB") == "published"  # shown while the membership lasts
    assert _state(run(pack, records, date(2025, 9, 1)), "AB") == "ended"
    assert last.lists[0].until == date(2025, 9, 1)
    assert last.next_change_on == date(2025, 9, 1)
    assert list_ids(run(pack, records, date(2025, 9, 1))) == []


def test_memberships_are_ordered_by_start(pack: Pack) -> None:
    records = [
        registration(),
        _abnormal(date(2025, 5, 1), "AB-2"),
        _abnormal(date(2025, 3, 1), "AB-1"),
    ]
    found = run(pack, records, date(2025, 6, 1)).lists
    assert [m.since for m in found] == [date(2025, 3, 1), date(2025, 5, 1)]
    assert [m.because_of for m in found] == [(("samr-440300", "AB-1"),), (("samr-440300", "AB-2"),)]


def test_an_exit_ends_the_membership_on_its_day(pack: Pack) -> None:
    records = [registration(), _abnormal(date(2025, 3, 1))]
    removal = rec(
        "abnormal_operation_removal", "RM", date(2025, 7, 1), refers_to="AB", reason="cured"
    )
    other = rec("abnormal_operation_removal", "RM-0", date(2025, 6, 1), reason="unrelated")
    assert list_ids(run(pack, [*records, removal, other], date(2025, 6, 30))) == [
        "abnormal_operations"
    ]
    assert list_ids(run(pack, [*records, removal, other], date(2025, 7, 1))) == []


def test_escalation_warning_ends_when_the_escalation_is_due(pack: Pack) -> None:
    records = [registration(), _abnormal(date(2023, 5, 10))]
    due = run(pack, records, date(2026, 5, 10)).lists[0].escalation
    assert due is not None
    assert due.due
    assert not due.warning_active
    eve = run(pack, records, date(2026, 5, 9)).lists[0].escalation
    assert eve is not None
    assert eve.warning_active
    assert not eve.due


def test_repair_on_the_publication_end_day_changes_nothing(pack: Pack) -> None:
    """A penalty whose publication ends on day E: a repair dated E is not earlier than the
    end, so the record ends on E as it would have without it (not 'repaired')."""
    penalty = rec("admin_penalty", "P1", date(2024, 1, 10), severity=None, penalty_kinds=["fine"])
    plain = run(pack, [registration(), penalty], date(2024, 2, 1))
    end = next(e for e in plain.records if e.record.source_record_id == "P1").end
    assert end is not None
    repaired_on_end = run(
        pack, [registration(), penalty], end, facts=[Repair(("samr-440300", "P1"), end)]
    )
    state = next(e for e in repaired_on_end.records if e.record.source_record_id == "P1")
    assert state.state.value == "ended"


def _state(assessment, source_id: str) -> str:  # type: ignore[no-untyped-def]
    return str(next(e for e in assessment.records if e.record.source_record_id == source_id).state)


def test_a_simple_publication_ends_on_its_last_day_and_the_rest_is_still_assessed(
    pack: Pack,
) -> None:
    """pub.honour: at most 3 years. Published on the eve, ended on the day; the records
    after an ended one are assessed all the same."""
    honour = rec("honour", "H1", date(2022, 3, 1), agency="ndrc-440300", title="model employer")
    penalty = rec("admin_penalty", "P9", date(2025, 1, 10), penalty_kinds=["warning"])
    eve = run(pack, [registration(), honour, penalty], date(2025, 2, 28))
    assert _state(eve, "H1") == "published"
    assert eve.next_change_on is not None
    ended = run(pack, [registration(), honour, penalty], date(2025, 3, 1))
    assert _state(ended, "H1") == "ended"
    assert {e.record.source_record_id for e in ended.records} >= {"H1", "P9"}


def test_a_revoked_record_under_a_simple_rule_is_revoked(pack: Pack) -> None:
    honour = rec("honour", "H1", date(2024, 3, 1), agency="ndrc-440300", title="model employer")
    facts = [Revocation(("ndrc-440300", "H1"), date(2024, 6, 1))]
    after = rec("admin_penalty", "P9", date(2024, 5, 10), penalty_kinds=["warning"])
    result = run(pack, [registration(), honour, after], date(2024, 7, 1), facts)
    assert _state(result, "H1") == "revoked"
    assert next(e for e in result.records if e.record.source_record_id == "H1").rule == "pub.honour"
    assert _state(result, "P9") == "not_published"  # assessed too: a warning is not published


def test_a_record_decided_later_does_not_hide_the_rest(pack: Pack) -> None:
    future = rec("admin_penalty", "P-LATER", date(2025, 9, 1), penalty_kinds=["warning"])
    result = run(pack, [future, registration()], date(2025, 6, 1))
    assert {e.record.source_record_id for e in result.records} >= {
        f"reg-{registration().subject_id}"
    }
    assert result.next_change_on == date(2025, 9, 1)


def test_nothing_left_to_change_means_no_next_change(pack: Pack) -> None:
    assert run(pack, [registration()], date(2025, 6, 1)).next_change_on is None


def test_a_membership_that_starts_later_is_a_next_change(pack: Pack) -> None:
    later = _abnormal(date(2025, 3, 1), "AB-1", effective_from=date(2025, 4, 1))
    now = _abnormal(date(2025, 3, 2), "AB-2")
    result = run(pack, [registration(), later, now], date(2025, 3, 15))
    assert [m.because_of for m in result.lists] == [(("samr-440300", "AB-2"),)]
    assert result.next_change_on == date(2025, 4, 1)


def test_an_ended_membership_does_not_hide_the_next(pack: Pack) -> None:
    ended = _abnormal(date(2024, 3, 1), "AB-1", effective_until=date(2024, 12, 31))
    current = _abnormal(date(2025, 3, 1), "AB-2")
    result = run(pack, [registration(), ended, current], date(2025, 6, 1))
    assert [m.because_of for m in result.lists] == [(("samr-440300", "AB-2"),)]
    assert _state(result, "AB-2") == "published"


def test_a_list_without_an_extension_cap_extends_fully(pack: Pack) -> None:
    listing = rec(
        "serious_dishonesty_listing", "SL", date(2025, 3, 1), severity=Severity.SERIOUS,
        extension_years=1,
    )  # fmt: skip
    found = run(pack, [registration(), listing], date(2025, 6, 1)).lists
    assert [(m.list_id, m.until) for m in found] == [("serious_illegal", date(2028, 3, 1))]


def test_a_duration_override_with_a_term_applies(pack: Pack) -> None:
    lists = tuple(
        item.model_copy(
            update={
                "duration_overrides": (
                    DurationOverride(where={"ground": ("obstructs",)}, duration="P5Y"),
                )
            }
        )
        if item.id == "judgment_defaulters"
        else item
        for item in pack.lists
    )
    changed = pack.model_copy(update={"lists": lists})
    listing = rec(
        "judgment_default_listing", "JD", date(2025, 3, 1), agency="court-440300",
        severity=Severity.SERIOUS, ground="obstructs", case_no="(2025)粤0304执2号",
    )  # fmt: skip
    found = run(changed, [registration(), listing], date(2025, 6, 1)).lists
    assert [m.until for m in found] == [date(2030, 3, 1)]


def test_facts_about_other_records_keep_the_duration(pack: Pack) -> None:
    """An entry resting on a penalty (``refers_to``) with facts about other records: the
    list's own term still ends the membership."""
    listing = rec(
        "serious_dishonesty_listing", "SL", date(2025, 3, 1), severity=Severity.SERIOUS,
        refers_to="P-1",
    )  # fmt: skip
    other = Repair(("samr-440300", "P-OTHER"), date(2025, 4, 1))
    found = run(pack, [registration(), listing], date(2025, 6, 1), facts=[other]).lists
    assert [m.until for m in found] == [date(2028, 3, 1)]


def test_a_list_edition_counts_entries_decided_on_both_of_its_ends(pack: Pack) -> None:
    lists = tuple(
        item.model_copy(update={"valid_from": date(2025, 3, 1), "valid_until": date(2025, 6, 30)})
        if item.id == "abnormal_operations"
        else item
        for item in pack.lists
    )
    edition = pack.model_copy(update={"lists": lists})
    for decided, listed in (
        (date(2025, 2, 28), False),
        (date(2025, 3, 1), True),
        (date(2025, 6, 30), True),
        (date(2025, 7, 1), False),
    ):
        result = run(edition, [registration(), _abnormal(decided)], date(2025, 7, 15))
        assert (list_ids(result) == ["abnormal_operations"]) is listed, decided
