"""The listing procedure on the cn pack: notice, window, objection, decision, competence."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import product

import pytest
from procedures_helpers import COMPANY, COURT, SAMR, TAX, at

from publiccredit.domain.case import Case
from publiccredit.domain.event import EventKind
from publiccredit.errors import InvalidInput, PermissionDenied, ProcedureError
from publiccredit.policy import default_pack
from publiccredit.procedures.calendar import default_calendar
from publiccredit.procedures.listing import (
    LISTING_TRANSITIONS,
    ListingCommand,
    ListingProposal,
    ListingState,
    apply_objection_outcome,
    decide_listing,
    note_objection,
    propose_listing,
    serve_notice,
    withdraw_listing,
)
from publiccredit.procedures.machine import SYSTEM, next_state

PACK = default_pack()
CAL = default_calendar()
ABNORMAL = ListingProposal(
    "abnormal_operations",
    facts="Annual report for 2025 not published by 30 June 2026.",
    measures=("abnormal.procurement",),
    extra={"ground": "annual_report_missing"},
)
SERIOUS = ListingProposal(
    "serious_illegal_dishonest",
    facts="Repeated sale of counterfeit goods.",
    extra={"ground": "counterfeit goods"},
)


def proposed(day: date = date(2026, 7, 6)) -> Case:
    case, events = propose_listing("L1", COMPANY, SERIOUS, SAMR, at(day), PACK, CAL)
    assert [e.kind for e in events] == [EventKind.LISTING_PROPOSED]
    return case


def test_notice_opens_the_window_and_states_rights() -> None:
    case = proposed()
    case, events = serve_notice(case, at(date(2026, 7, 7)), SYSTEM, CAL, "portal")
    notice = events[0].payload["notice"]
    assert events[0].kind == EventKind.NOTICE_SERVED
    # 5 working days from Tuesday 7 July: 8, 9, 10, 13, 14 July
    assert notice["objection_deadline"]["last_day"] == "2026-07-14"
    assert notice["legal_basis"]
    assert notice["reasons"]
    assert "to request a hearing" in notice["rights"]
    assert notice["delivery"] == "portal"
    assert case.state == ListingState.NOTICE_SERVED
    window = case.deadline("objection_window")
    assert window is not None
    assert window.party == "subject"


def test_listing_waits_for_the_window() -> None:
    case, _ = serve_notice(proposed(), at(date(2026, 7, 7)), SYSTEM, CAL, "portal")
    with pytest.raises(ProcedureError, match="objection window ends"):
        decide_listing(case, SAMR, at(date(2026, 7, 14)))  # the window's last day
    case, events = decide_listing(case, SAMR, at(date(2026, 7, 15)))  # the day after
    assert case.state == ListingState.EFFECTIVE
    record = events[0].payload["record"]
    assert record["record_type"] == "serious_dishonesty_listing"
    assert record["severity"] == "serious"  # the one the directory allows
    assert record["decided_on"] == "2026-07-15"
    assert record["extra"] == {"ground": "counterfeit goods"}
    with pytest.raises(ProcedureError, match="effective"):
        decide_listing(case, SAMR, at(date(2026, 7, 16)))  # deciding twice


def test_listing_before_notice_is_refused() -> None:
    with pytest.raises(ProcedureError, match="before notice"):
        decide_listing(proposed(), SAMR, at(date(2026, 9, 1)))


def test_objection_in_time_holds_the_listing_until_decided() -> None:
    case, _ = serve_notice(proposed(), at(date(2026, 7, 7)), SYSTEM, CAL, "portal")
    case, _ = note_objection(case, "O1", at(date(2026, 7, 14)))  # the window's last day
    with pytest.raises(ProcedureError, match="waits for the decision"):
        decide_listing(case, SAMR, at(date(2026, 9, 1)))
    rejected, _ = apply_objection_outcome(case, upheld=False, at=at(date(2026, 7, 14), 15))
    effective, _ = decide_listing(rejected, SAMR, at(date(2026, 7, 14), 16))  # before window end
    assert effective.state == ListingState.EFFECTIVE
    upheld, events = apply_objection_outcome(case, upheld=True, at=at(date(2026, 7, 15)))
    assert upheld.state == ListingState.WITHDRAWN
    assert [e.kind for e in events] == [EventKind.LISTING_WITHDRAWN]


def test_objection_after_the_window_is_refused() -> None:
    case, _ = serve_notice(proposed(), at(date(2026, 7, 7)), SYSTEM, CAL, "portal")
    with pytest.raises(ProcedureError, match="closed on 2026-07-14"):
        note_objection(case, "O1", at(date(2026, 7, 15)))


def test_deciding_out_of_competence_is_refused() -> None:
    case, _ = serve_notice(proposed(), at(date(2026, 7, 7)), SYSTEM, CAL, "portal")
    with pytest.raises(PermissionDenied, match="only a samr agency"):
        decide_listing(case, TAX, at(date(2026, 8, 10)))
    with pytest.raises(PermissionDenied):
        propose_listing("L2", COMPANY, ABNORMAL, TAX, at(date(2026, 7, 6)), PACK, CAL)


def test_abnormal_listing_is_decided_then_noticed_with_the_window_from_publication() -> None:
    case, _ = propose_listing("L4", COMPANY, ABNORMAL, SAMR, at(date(2026, 7, 6)), PACK, CAL)
    assert case.deadline("decide") is not None  # listing.abnormal.decide, 10 working days
    assert case.details["severity"] is None  # the directory allows none (it used to be serious)
    with pytest.raises(ProcedureError, match="runs from publication"):
        serve_notice(case, at(date(2026, 7, 7)), SYSTEM, CAL, "portal")
    case, events = decide_listing(case, SAMR, at(date(2026, 7, 7)))
    assert case.state == ListingState.EFFECTIVE
    assert case.deadline("decide") is None
    assert "severity" not in {k for k, v in events[0].payload["record"].items() if v is not None}
    case, events = serve_notice(case, at(date(2026, 7, 8)), SYSTEM, CAL, "post")
    notice = events[0].payload["notice"]
    # 30 days counted from publication on 7 July, not from the notice on 8 July
    assert notice["objection_deadline"]["last_day"] == "2026-08-06"
    assert "from 2026-07-07" in notice["effect"]
    assert "L4" in notice["how_to_object"]


def test_a_proposal_that_could_never_be_decided_is_refused_at_once() -> None:
    bare = ListingProposal("abnormal_operations", facts="No ground given.")
    with pytest.raises(InvalidInput, match="would not conform") as caught:
        propose_listing("L5", COMPANY, bare, SAMR, at(date(2026, 7, 6)), PACK, CAL)
    assert [p.field for p in caught.value.problems] == ["extra.ground"]
    wrong = ListingProposal("abnormal_operations", "facts", severity="serious",
                            extra={"ground": "unreachable_address"})  # fmt: skip
    with pytest.raises(InvalidInput, match="would not conform"):
        propose_listing("L6", COMPANY, wrong, SAMR, at(date(2026, 7, 6)), PACK, CAL)


def test_serving_twice_and_withdrawing() -> None:
    case, _ = serve_notice(proposed(), at(date(2026, 7, 7)), SYSTEM, CAL, "portal")
    with pytest.raises(ProcedureError, match="notice served"):
        serve_notice(case, at(date(2026, 7, 8)), SYSTEM, CAL, "mail")
    with pytest.raises(ProcedureError, match="reason"):
        withdraw_listing(case, SAMR, at(date(2026, 7, 9)), " ")
    gone, _ = withdraw_listing(case, SAMR, at(date(2026, 7, 9)), "cured before decision")
    assert gone.state == ListingState.WITHDRAWN
    assert gone.deadlines == ()


def test_court_listing_is_effective_on_decision_and_notice_still_goes_out() -> None:
    proposal = ListingProposal(
        "judgment_defaulters",
        facts="Judgment (2026) 粤0304执123号 not performed although able.",
        extra={"ground": "able_but_refuses", "case_no": "(2026) 粤0304执123号"},
    )
    case, _ = propose_listing("L3", COMPANY, proposal, COURT, at(date(2026, 5, 6)), PACK, CAL)
    case, _ = decide_listing(case, COURT, at(date(2026, 5, 6), 11))
    assert case.state == ListingState.EFFECTIVE
    case, events = serve_notice(case, at(date(2026, 5, 7)), SYSTEM, CAL, "in person")
    assert events[0].payload["notice"]["effect"].startswith("The listing decision is effective")
    with pytest.raises(ProcedureError, match="already served"):
        serve_notice(case, at(date(2026, 5, 8)), SYSTEM, CAL, "mail")


def test_a_list_without_a_window_in_the_pack_fails_loudly() -> None:
    serious = PACK.lists_by_id["serious_illegal_dishonest"]
    assert serious.notice is not None
    bare_notice = serious.notice.model_copy(update={"objection_working_days": None})
    bare = serious.model_copy(update={"notice": bare_notice})
    pack = PACK.model_copy(
        update={"lists": tuple(bare if item.id == bare.id else item for item in PACK.lists)}
    )
    proposal = ListingProposal("serious_illegal_dishonest", facts="Serious violation.")
    with pytest.raises(ProcedureError, match="no objection window"):
        propose_listing("L4", COMPANY, proposal, SAMR, at(date(2026, 5, 6)), pack, CAL)


def test_bad_proposals_are_refused() -> None:
    bad = ListingProposal("abnormal_operations", facts="x", measures=("nope",))
    with pytest.raises(InvalidInput, match="outside the catalogue"):
        propose_listing("L5", COMPANY, bad, SAMR, at(date(2026, 5, 6)), PACK, CAL)
    with pytest.raises(InvalidInput, match="unknown list"):
        propose_listing(
            "L5", COMPANY, ListingProposal("nope", "x"), SAMR, at(date(2026, 5, 6)), PACK, CAL
        )
    with pytest.raises(ProcedureError, match="red list"):
        propose_listing(
            "L5", COMPANY, ListingProposal("tax_a", "x"), TAX, at(date(2026, 5, 6)), PACK, CAL
        )


def test_every_transition_allowed_and_refused() -> None:
    """The table is the whole truth: every (state, command) outside it is refused."""
    case = proposed()
    for state, command in product(ListingState, ListingCommand):
        probe = case.evolve(state=state.value)
        if (state, command) in LISTING_TRANSITIONS:
            assert (
                next_state(probe, command, LISTING_TRANSITIONS)
                == LISTING_TRANSITIONS[(state, command)]
            )
        else:
            with pytest.raises(ProcedureError, match="allowed now"):
                next_state(probe, command, LISTING_TRANSITIONS)


def test_steps_out_of_time_order_are_refused() -> None:
    case, _ = serve_notice(proposed(), at(date(2026, 7, 7)), SYSTEM, CAL, "portal")
    with pytest.raises(ProcedureError, match="precede"):
        decide_listing(case, SAMR, at(date(2026, 7, 1)))


def test_case_json_round_trips() -> None:
    case, events = serve_notice(proposed(), at(date(2026, 7, 7)), SYSTEM, CAL, "portal")
    assert Case.from_json(case.to_json()) == case
    assert events[0].payload["case"] == case.to_json()
    assert case.to_json()["provisional"] is False


def test_provisional_window_blocks_the_decision() -> None:
    """A working-day window ending in a year without a schedule is provisional: no decision."""
    definition = PACK.lists_by_id["serious_illegal_dishonest"]
    assert definition.notice is not None
    notice = definition.notice.model_copy(update={"objection_working_days": 10})
    lists = tuple(
        d.model_copy(update={"notice": notice}) if d.id == definition.id else d for d in PACK.lists
    )
    pack = PACK.model_copy(update={"lists": lists})
    pack.__dict__.pop("lists_by_id", None)
    case, _ = propose_listing("L6", COMPANY, SERIOUS, SAMR, at(date(2026, 12, 21)), pack, CAL)
    case, events = serve_notice(case, at(date(2026, 12, 22)), SYSTEM, CAL, "portal")
    window = case.deadline("objection_window")
    assert window is not None
    assert window.provisional
    assert "PROVISIONAL" in events[0].payload["notice"]["objection_deadline"]["text"]
    with pytest.raises(ProcedureError, match="PROVISIONALLY"):
        decide_listing(case, SAMR, at(window.due_on + timedelta(days=3)))


def test_an_objection_case_against_the_proposal() -> None:
    """The objection procedure refuses late objections to a listing, and links in-time ones."""
    from publiccredit.procedures.objection import ObjectionTarget, file_objection

    case, _ = serve_notice(proposed(), at(date(2026, 7, 7)), SYSTEM, CAL, "portal")
    target = ObjectionTarget(
        "listing", SAMR, (), "serious_dishonesty_listing", "serious_illegal_dishonest", case
    )
    with pytest.raises(ProcedureError, match="late"):
        file_objection(
            "O1", COMPANY, target, COMPANY, "filed", ["r"], at(date(2026, 7, 15)), PACK, CAL
        )
    objection, _ = file_objection(
        "O1", COMPANY, target, COMPANY, "filed", ["r"], at(date(2026, 7, 14)), PACK, CAL
    )
    linked, _ = note_objection(case, objection.id, at(date(2026, 7, 14)))
    assert linked.state == ListingState.UNDER_OBJECTION
    assert linked.details["objection_case_id"] == "O1"
