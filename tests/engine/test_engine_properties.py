"""Properties of the engine (hypothesis), and the fast publication rule against the reference."""

from __future__ import annotations

import os
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from engine_helpers import run
from engine_packs import COMPANY, make_pack, rec, registration
from engine_reference import follows_membership, reference_state
from hypothesis import given, settings
from hypothesis import strategies as st

from publiccredit.domain.assessment import Assessment
from publiccredit.domain.facts import (
    EarlyRemoval,
    Fact,
    ObjectionPending,
    ObjectionResolved,
    Repair,
    Revocation,
)
from publiccredit.domain.record import Record, Severity

PACK = make_pack()


def examples(count: int) -> int:
    """``count`` examples; a fifth of them for each mutant of ``make mutation`` (mutmut sets
    ``MUTANT_UNDER_TEST``), which runs these properties once per mutant."""
    return max(20, count // 5) if os.environ.get("MUTANT_UNDER_TEST") else count


DAYS = st.dates(min_value=date(2019, 1, 1), max_value=date(2029, 12, 31))
AGENCIES = {
    "admin_penalty": ("samr-440300", "mem-440300", "fire-440300"),
    "judgment_default_listing": ("court-440300",),
    "judgment_default_removal": ("court-440300",),
    "tax_credit_rating": ("tax-440300",),
}
KINDS = ["warning", "fine", "licence_revocation", "employment_ban", "confiscation"]


@st.composite
def records(draw: st.DrawFn) -> list[Record]:
    """A company's registration and a random mix of records that refer to each other."""
    made: list[Record] = [registration()]
    count = draw(st.integers(min_value=0, max_value=14))
    for index in range(count):
        record_type = draw(
            st.sampled_from(
                [
                    "admin_penalty",
                    "admin_penalty",
                    "obligation_performed",
                    "abnormal_operation_listing",
                    "abnormal_operation_removal",
                    "serious_dishonesty_listing",
                    "judgment_default_listing",
                    "judgment_default_removal",
                    "tax_credit_rating",
                    "honour",
                ]
            )
        )
        agency = draw(st.sampled_from(AGENCIES.get(record_type, ("samr-440300",))))
        extra: dict[str, Any] = {}
        severity = None
        if record_type in {
            "admin_penalty",
            "serious_dishonesty_listing",
            "judgment_default_listing",
        }:
            severity = draw(st.sampled_from(list(Severity)))
        if record_type == "admin_penalty":
            extra["penalty_kinds"] = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=2))
            if draw(st.booleans()):
                extra["sector"] = draw(st.sampled_from(["work_safety", "food"]))
        if record_type == "abnormal_operation_listing":
            extra["ground"] = draw(
                st.sampled_from(["annual_report_missing", "unreachable_address"])
            )
        if record_type == "abnormal_operation_removal":
            extra["reason"] = "cured"
        if record_type == "judgment_default_listing":
            extra["ground"] = draw(st.sampled_from(["able_but_refuses", "obstructs"]))
            extra["extension_years"] = draw(st.sampled_from([0, 1, 3]))
        if record_type == "tax_credit_rating":
            extra["year"] = draw(st.integers(min_value=2018, max_value=2028))
            extra["level"] = draw(st.sampled_from(["A", "B", "C", "D"]))
        refers_to = ""
        if made[1:] and record_type.endswith(
            ("performed", "removal", "serious_dishonesty_listing")
        ):
            refers_to = draw(st.sampled_from(made[1:])).source_record_id
        decided_on = draw(DAYS)
        until = draw(st.none() | st.integers(min_value=0, max_value=3000))
        made.append(
            rec(
                record_type,
                f"R{index}",
                decided_on,
                agency=agency,
                severity=severity,
                refers_to=refers_to,
                effective_until=None if until is None else decided_on + timedelta(days=until),
                **extra,
            )
        )
    return made


@st.composite
def facts(draw: st.DrawFn, made: list[Record]) -> list[Fact]:
    """Random procedural facts about the records."""
    found: list[Fact] = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        target = draw(st.sampled_from(made))
        key = (target.agency, target.source_record_id)
        kind = draw(
            st.sampled_from([Revocation, Repair, ObjectionPending, ObjectionResolved, EarlyRemoval])
        )
        found.append(kind(key, draw(DAYS)))
    return found


def _without_as_of(assessment: Assessment) -> dict[str, Any]:
    document = assessment.to_json()
    document.pop("as_of")
    return document


@settings(max_examples=examples(150))
@given(st.data())
def test_publication_state_matches_reference(data: st.DataObject) -> None:
    """The fast pass agrees with the slow reference on every record's state and end."""
    made = data.draw(records())
    fact_list = data.draw(facts(made))
    as_of = data.draw(DAYS)
    result = run(PACK, made, as_of, fact_list)
    for entry in result.records:
        if follows_membership(PACK, entry.record):
            continue  # its end is the membership's: tested in test_engine_lists
        expected = reference_state(PACK, entry.record, fact_list, as_of)
        end = entry.end if entry.state.value != "not_published" else None
        assert (entry.state.value, end) == expected, entry.record


@settings(max_examples=100)
@given(st.data())
def test_deterministic_and_order_free(data: st.DataObject) -> None:
    """The same inputs give the same assessment, whatever the order of the records."""
    made = data.draw(records())
    fact_list = data.draw(facts(made))
    as_of = data.draw(DAYS)
    first = run(PACK, made, as_of, fact_list).to_json()
    shuffled = [made[0], *random.Random(data.draw(st.integers())).sample(made[1:], len(made) - 1)]
    second = run(PACK, shuffled, as_of, fact_list).to_json()
    assert first["rating"] == second["rating"]
    assert first["lists"] == second["lists"]
    assert first["next_change_on"] == second["next_change_on"]
    key = lambda item: (item["agency"], item["source_record_id"])  # noqa: E731
    assert sorted(first["records"], key=key) == sorted(second["records"], key=key)
    assert run(PACK, made, as_of, fact_list).to_json() == first


@settings(max_examples=150)
@given(st.data())
def test_nothing_published_past_its_maximum(data: st.DataObject) -> None:
    """DESIGN §8: a published record is within its rule's maximum (or a ban it imposes)."""
    made = data.draw(records())
    as_of = data.draw(DAYS)
    rules = {rule.id: rule for rule in PACK.publication}
    for entry in run(PACK, made, as_of).records:
        if entry.state.value not in {"published", "under_objection"} or entry.rule is None:
            continue
        rule = rules[entry.rule]
        if rule.maximum is None:
            continue
        limit = rule.maximum.after(entry.record.decided_on)
        if rule.extend_to_effective_until and entry.record.effective_until:
            limit = max(limit, entry.record.effective_until + timedelta(days=1))
        assert as_of < limit


@settings(max_examples=150)
@given(st.data())
def test_nothing_changes_before_next_change_on(data: st.DataObject) -> None:
    """Assessing on ``next_change_on − 1 day`` gives the assessment of ``as_of``."""
    made = data.draw(records())
    fact_list = data.draw(facts(made))
    as_of = data.draw(DAYS)
    result = run(PACK, made, as_of, fact_list)
    if result.next_change_on is None:
        later = as_of + timedelta(days=3650)
    else:
        later = result.next_change_on - timedelta(days=1)
    assert _without_as_of(run(PACK, made, later, fact_list)) == _without_as_of(result)


@settings(max_examples=150)
@given(st.data())
def test_no_measure_without_trigger(data: st.DataObject) -> None:
    """DESIGN §8: every measure is in the catalogue and targets a list or level the subject has."""
    made = data.draw(records())
    fact_list = data.draw(facts(made))
    result = run(PACK, made, data.draw(DAYS), fact_list)
    catalogue = {measure.id: measure for measure in PACK.measures}
    listed = {m.list_id for m in result.lists if not m.marked}
    for measure in result.measures:
        targets = catalogue[measure.measure_id].targets
        kind, _, name = measure.trigger.partition(":")
        if kind == "list":
            assert name in listed
            assert name in targets.lists
        else:
            assert result.rating is not None
            assert name == result.rating.level
            assert name in targets.rating_levels


@settings(max_examples=100)
@given(st.data())
def test_known_at_never_sees_the_future(data: st.DataObject) -> None:
    """Records and facts recorded after ``known_at`` cannot change an as-known-at assessment."""
    made = data.draw(records())
    fact_list = data.draw(facts(made))
    known_at = data.draw(DAYS)
    as_of = data.draw(DAYS)
    late_records = [
        rec("admin_penalty", f"LATE{i}", day, severity=Severity.SERIOUS, penalty_kinds=["fine"])
        for i, day in enumerate(data.draw(st.lists(DAYS, max_size=3)))
    ]
    moment = datetime.combine(known_at + timedelta(days=1), datetime.min.time(), UTC)
    late_records = [
        Record(**{**{f: getattr(r, f) for f in r.__dataclass_fields__}, "recorded_at": moment})
        for r in late_records
    ]
    late_facts: list[Fact] = [
        Repair(("samr-440300", r.source_record_id), known_at, known_at + timedelta(days=1))
        for r in made
    ]
    base = run(PACK, made, as_of, fact_list, known_at=known_at)
    seen = run(PACK, made + late_records, as_of, fact_list + late_facts, known_at=known_at)
    assert seen.to_json() == base.to_json()
    assert base.subject.id == COMPANY


@settings(max_examples=examples(100))
@given(st.data())
def test_fast_path_agrees_with_selected_records(data: st.DataObject) -> None:
    """The one-pass fast path (no ``known_at``) and the select-then-assess path agree."""
    made = data.draw(records())
    fact_list = data.draw(facts(made))
    as_of = data.draw(DAYS)
    fast = run(PACK, made, as_of, fact_list).to_json()
    slow = run(PACK, made, as_of, fact_list, known_at=date(2100, 1, 1)).to_json()
    slow["known_at"] = None
    assert slow == fast
