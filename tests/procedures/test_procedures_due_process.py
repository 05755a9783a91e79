"""Property: no listing is ever effective before notice plus window, unless its basis says so."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st
from procedures_helpers import COMPANY, COURT, SAMR, TAX, at

from publiccredit.domain.case import Case
from publiccredit.errors import PermissionDenied, ProcedureError
from publiccredit.policy import default_pack
from publiccredit.procedures.calendar import default_calendar
from publiccredit.procedures.listing import (
    ListingProposal,
    ListingState,
    apply_objection_outcome,
    decide_listing,
    note_objection,
    propose_listing,
    serve_notice,
    withdraw_listing,
)
from publiccredit.procedures.machine import SYSTEM

PACK = default_pack()
CAL = default_calendar()
START = date(2026, 3, 2)
PROPOSALS = {
    "serious_illegal_dishonest": (
        ListingProposal("serious_illegal_dishonest", "facts", extra={"ground": "counterfeits"}),
        SAMR,
    ),
    "abnormal_operations": (
        ListingProposal("abnormal_operations", "facts", extra={"ground": "unreachable_address"}),
        SAMR,
    ),
    "judgment_defaulters": (
        ListingProposal(
            "judgment_defaulters", "facts", extra={"ground": "evades", "case_no": "(2026)1"}
        ),
        COURT,
    ),
}
"""One list per kind of due process: notice window before the decision (serious), window
after publication (abnormal), decision effective on its own (court)."""
COMMANDS = ("serve", "serve", "object", "upheld", "rejected", "rejected", "decide", "decide")
RARE = ("decide_wrong", "withdraw")
"""Commands repeat in COMMANDS to be drawn more often than the ones that end a case."""


def apply(case: Case, command: str, when: date, agency: str) -> Case:
    moment = at(when)
    if command == "serve":
        return serve_notice(case, moment, SYSTEM, CAL, "portal")[0]
    if command == "object":
        return note_objection(case, "O", moment)[0]
    if command in ("upheld", "rejected"):
        return apply_objection_outcome(case, command == "upheld", moment)[0]
    if command == "decide":
        return decide_listing(case, agency, moment)[0]
    if command == "decide_wrong":
        return decide_listing(case, TAX, moment)[0]
    return withdraw_listing(case, agency, moment, "reason")[0]


def check_due_process(case: Case) -> None:
    after_publication = case.details["window_from"] == "publication"
    if after_publication and "notice" in case.details:
        # the notice follows the decision, and its window runs from publication
        notice = case.details["notice"]
        assert case.state == ListingState.EFFECTIVE
        last_day = date.fromisoformat(notice["objection_deadline"]["last_day"])
        assert last_day == date.fromisoformat(case.details["effective_on"]) + timedelta(days=30)
    if (
        case.state != ListingState.EFFECTIVE
        or case.details["effective_on_decision"]
        or after_publication
    ):
        return
    notice = case.details["notice"]  # no effective listing without a served notice
    effective_on = date.fromisoformat(case.details["effective_on"])
    last_day = date.fromisoformat(notice["objection_deadline"]["last_day"])
    served_on = date.fromisoformat(notice["delivered_at"][:10])
    assert effective_on >= served_on
    assert case.details.get("objection_rejected") or effective_on > last_day


@given(
    list_id=st.sampled_from(sorted(PROPOSALS)),
    steps=st.lists(
        st.tuples(
            st.sampled_from(COMMANDS + RARE),
            st.integers(min_value=0, max_value=35),
        ),
        max_size=12,
    ),
)
def test_no_listing_effective_before_notice_and_window(
    list_id: str, steps: list[tuple[str, int]]
) -> None:
    proposal, agency = PROPOSALS[list_id]
    case, _ = propose_listing("P", COMPANY, proposal, agency, at(START), PACK, CAL)
    day = START
    for command, gap in steps:
        day += timedelta(days=gap)
        try:
            case = apply(case, command, day, agency)
        except (ProcedureError, PermissionDenied):
            continue
        check_due_process(case)
    if (
        case.state == ListingState.EFFECTIVE
        and not case.details["effective_on_decision"]
        and case.details["window_from"] == "notice"
    ):
        assert "notice" in case.details
