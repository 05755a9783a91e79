"""The due-process rules as pure functions: qualifying basis, who may object, windows.

* A serious-list proposal rests on a heavier penalty (Order 44 Art. 2): a
  general fine, a warning, a revoked penalty or nothing at all is refused.
* Only the subject objects to its own records and cases; others only to
  public information, with evidence (企业信息公示暂行条例 Art. 12, in the pack).
* An objection to a published abnormal listing is refused after the window
  counted from publication (its last day is still in time).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from procedures_helpers import COMPANY, OTHER, SAMR, TAX, at, record

from publiccredit.domain.case import CaseDeadline
from publiccredit.domain.record import Severity
from publiccredit.errors import InvalidInput, PermissionDenied, ProcedureError
from publiccredit.policy import default_pack
from publiccredit.procedures.calendar import default_calendar
from publiccredit.procedures.gate import check_basis, direct_submission_problem
from publiccredit.procedures.objection import ObjectionTarget, file_objection

PACK = default_pack()
CAL = default_calendar()
SERIOUS_LIST = PACK.lists_by_id["serious_illegal_dishonest"]
HEAVIER = ("qualification_downgrade", "licence_revocation", "business_restriction",
           "suspension", "closure", "employment_ban")  # fmt: skip


def penalty(severity: str, *kinds: str, status: str = "submitted") -> dict[str, Any]:
    return {
        "agency": SAMR, "source_record_id": "P-1", "record_type": "admin_penalty",
        "severity": severity, "status": status,
        "extra": {"penalty_kinds": list(kinds), "procedure": "ordinary"},
    }  # fmt: skip


def test_a_heavy_fine_supports_a_serious_proposal() -> None:
    check_basis(SERIOUS_LIST, penalty("serious", "fine"))
    check_basis(SERIOUS_LIST, penalty("general", "warning", "licence_revocation"))


@pytest.mark.parametrize(
    ("underlying", "words"),
    [
        (penalty("general", "fine"), "severity general, penalty kinds fine does not qualify"),
        (penalty("serious", "warning"), "does not qualify"),
        (penalty("serious", "fine", status="revoked"), "was revoked"),
        (None, "rests on a record"),
    ],
)
def test_a_general_fine_a_warning_a_revoked_penalty_or_nothing_is_refused(
    underlying: dict[str, Any] | None, words: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_basis(SERIOUS_LIST, underlying)
    [problem] = caught.value.problems
    assert problem.field == "refers_to"
    assert words in problem.reason
    assert "Order No. 44" in problem.reason


@given(
    severity=st.sampled_from(["minor", "general", "serious"]),
    kinds=st.lists(
        st.sampled_from(["warning", "public_criticism", "fine", "confiscation", *HEAVIER]),
        min_size=1, max_size=3, unique=True,
    ),
)  # fmt: skip
def test_qualifying_matches_the_plain_reading_of_order_44(severity: str, kinds: list[str]) -> None:
    """A slow obvious reference: a heavier kind, or a fine or confiscation at the heavy end."""
    expected = any(kind in HEAVIER for kind in kinds) or (
        severity == "serious" and any(kind in ("fine", "confiscation") for kind in kinds)
    )
    try:
        check_basis(SERIOUS_LIST, penalty(severity, *kinds))
    except InvalidInput:
        assert not expected
    else:
        assert expected


def test_a_list_without_rests_on_takes_any_basis() -> None:
    check_basis(PACK.lists_by_id["abnormal_operations"], None)


def test_a_rests_on_rule_applies_only_while_in_force() -> None:
    assert SERIOUS_LIST.rests_on is not None
    later = SERIOUS_LIST.rests_on.model_copy(update={"valid_from": date(2027, 1, 1)})
    definition = SERIOUS_LIST.model_copy(update={"rests_on": later})
    check_basis(definition, None, date(2026, 12, 31))  # not yet in force
    with pytest.raises(InvalidInput):
        check_basis(definition, None, date(2027, 1, 1))


def test_the_gate_knows_which_records_need_the_procedure() -> None:
    listing = record(
        "abnormal_operation_listing", "AL", date(2026, 7, 1), ground="falsified_information"
    )
    assert direct_submission_problem(PACK, listing, 4) is not None
    rating_d = record(
        "tax_credit_rating", "T", date(2026, 4, 1), agency=TAX, level="D", year="2025"
    )
    assert direct_submission_problem(PACK, rating_d, 1) is None  # effective on the decision
    fine = record("admin_penalty", "P", date(2026, 4, 1), severity=Severity.SERIOUS)
    assert direct_submission_problem(PACK, fine, 1) is None


PUBLIC = ObjectionTarget("record", SAMR, ((SAMR, "P-1"),), "admin_penalty")
RATING = ObjectionTarget("record", TAX, ((TAX, "T-1"),), "tax_credit_rating", "tax_d_level")
PERIOD = ObjectionTarget("publication", SAMR, ((SAMR, "P-1"),), "admin_penalty")


def object_as(filer: str, target: ObjectionTarget, evidence: tuple[str, ...] = ("photo.jpg",),
              day: date = date(2026, 3, 2)) -> str:  # fmt: skip
    case, _ = file_objection("O", COMPANY, target, filer, "wrong", evidence, at(day), PACK, CAL)
    return str(case.state)


def test_the_subject_objects_to_anything_of_its_own() -> None:
    for target in (PUBLIC, RATING, PERIOD):
        assert object_as(COMPANY, target, ()) == "filed"


def test_others_object_only_to_public_information_with_evidence() -> None:
    assert object_as(OTHER, PUBLIC) == "filed"
    with pytest.raises(PermissionDenied, match="comes with evidence"):
        object_as(OTHER, PUBLIC, ())
    with pytest.raises(PermissionDenied, match="not public information"):
        object_as(OTHER, RATING)
    with pytest.raises(PermissionDenied, match="only the subject"):
        object_as(OTHER, PERIOD)  # the publication period is the subject's to contest


def test_without_the_rule_only_the_subject_objects() -> None:
    procedures = PACK.procedures.model_copy(update={"objections_by_others": None})
    pack = PACK.model_copy(update={"procedures": procedures})
    with pytest.raises(PermissionDenied, match="others may object to: nothing"):
        file_objection("O", COMPANY, PUBLIC, OTHER, "x", ["e"], at(date(2026, 3, 2)), pack, CAL)


def published_listing(provisional: bool = False) -> ObjectionTarget:
    window = CaseDeadline(
        "objection_window", date(2026, 8, 6), provisional, "lists.abnormal_operations.notice",
        date(2026, 7, 7), calendar_days=30, party="subject",
    )  # fmt: skip
    return ObjectionTarget(
        "record", SAMR, ((SAMR, "AL"),), "abnormal_operation_listing", "abnormal_operations",
        window=window,
    )  # fmt: skip


def test_objection_to_a_published_listing_in_time_and_late() -> None:
    assert object_as(COMPANY, published_listing(), day=date(2026, 8, 6)) == "filed"  # last day
    with pytest.raises(ProcedureError, match="closed on 2026-08-06") as caught:
        object_as(COMPANY, published_listing(), day=date(2026, 8, 7))  # the day after
    assert "publication on 2026-07-07" in str(caught.value)
    # a provisional last day never costs the subject the right
    assert object_as(COMPANY, published_listing(True), day=date(2026, 8, 7)) == "filed"
    # the publication-period objection is not the listing objection: no window
    period = ObjectionTarget("publication", SAMR, ((SAMR, "AL"),), "abnormal_operation_listing",
                             "abnormal_operations")  # fmt: skip
    assert object_as(COMPANY, period, day=date(2027, 1, 4)) == "filed"
