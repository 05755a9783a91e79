"""One test per publication and repair rule (rules reference §2), each citing its source."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from engine_helpers import entry, run
from engine_packs import COMPANY, rec, registration

from publiccredit.domain.assessment import PublicationState
from publiccredit.domain.facts import ObjectionPending, ObjectionResolved, Repair, Revocation
from publiccredit.domain.record import Severity
from publiccredit.policy.model import Pack

GENERAL, SERIOUS, MINOR = Severity.GENERAL, Severity.SERIOUS, Severity.MINOR


def penalty(source_id: str, on: date, severity: Severity = GENERAL, **extra: object):  # type: ignore[no-untyped-def]
    extra.setdefault("penalty_kinds", ["fine"])
    return rec("admin_penalty", source_id, on, severity=severity, **extra)


def test_order58_penalty_published_three_months_to_three_years(pack: Pack) -> None:
    """NDRC Order 58 (2023): penalties minimum 3 months, maximum 3 years, from the decision date."""
    records = [registration(), penalty("P1", date(2024, 2, 29))]
    result = entry(run(pack, records, date(2024, 6, 1)), "P1")
    assert result.state is PublicationState.PUBLISHED
    assert (result.rule, result.start, result.end) == (
        "pub.order58.penalty",
        date(2024, 2, 29),
        date(2027, 2, 28),
    )
    assert result.repair is not None
    assert result.repair.minimum_ends == date(2024, 5, 29)


def test_regime_change_on_2026_04_01(pack: Pack) -> None:
    """A record is judged under the regime in force on its decision date: the same general
    penalty is published 3 years under Order 58 (decided 2026-03-31) and 1 year under
    Order 36 (decided 2026-04-01)."""
    records = [
        registration(),
        penalty("OLD", date(2026, 3, 31)),
        penalty("NEW", date(2026, 4, 1)),
    ]
    result = run(pack, records, date(2026, 5, 1))
    old, new = entry(result, "OLD"), entry(result, "NEW")
    assert (old.rule, old.end) == ("pub.order58.penalty", date(2029, 3, 31))
    assert (new.rule, new.end) == ("pub.order36.general", date(2027, 4, 1))


def test_order58_safety_sectors_minimum_one_year(pack: Pack) -> None:
    """NDRC Order 58: special equipment, work safety and fire safety penalties, minimum 1 year."""
    records = [registration(), penalty("S", date(2024, 1, 15), sector="work_safety")]
    result = entry(run(pack, records, date(2024, 3, 1)), "S")
    assert result.rule == "pub.order58.safety"
    assert result.repair is not None
    assert result.repair.minimum_ends == date(2025, 1, 15)


def test_warning_alone_is_not_published(pack: Pack) -> None:
    """SAMR Order 45 (2021): warnings alone are not published; a warning with a fine is."""
    records = [
        registration(),
        penalty("W", date(2024, 6, 1), penalty_kinds=["warning"]),
        penalty("WF", date(2024, 6, 1), penalty_kinds=["warning", "fine"]),
    ]
    result = run(pack, records, date(2024, 7, 1))
    assert entry(result, "W").state is PublicationState.NOT_PUBLISHED
    assert entry(result, "W").rule == "pub.samr45.warning_only"
    assert entry(result, "WF").state is PublicationState.PUBLISHED


def test_order36_minor_not_published(pack: Pack) -> None:
    """NDRC Order 36 (2025) Art. 9: minor information is in principle not published."""
    records = [registration(), penalty("M", date(2026, 5, 1), MINOR)]
    result = entry(run(pack, records, date(2026, 6, 1)), "M")
    assert (result.state, result.start, result.end) == (PublicationState.NOT_PUBLISHED, None, None)


def test_no_rule_means_not_published(pack: Pack) -> None:
    """DESIGN §8 (proportionality): nothing is published without a rule of the pack."""
    records = [registration(), rec("judgment_default_removal", "X", date(2024, 1, 1))]
    bare = pack.model_copy(update={"publication": pack.publication[:1]})
    result = entry(run(bare, records, date(2024, 2, 1)), "X")
    assert (result.state, result.rule) == (PublicationState.NOT_PUBLISHED, None)


def test_maximum_ends_publication_automatically(pack: Pack) -> None:
    """Rules reference §2: at the maximum, publication stops automatically, with no application."""
    records = [registration(), penalty("P", date(2026, 4, 1))]
    assert entry(run(pack, records, date(2027, 3, 31)), "P").state is PublicationState.PUBLISHED
    ended = entry(run(pack, records, date(2027, 4, 1)), "P")
    assert (ended.state, ended.end, ended.repair) == (
        PublicationState.ENDED,
        date(2027, 4, 1),
        None,
    )


def test_ban_longer_than_maximum_extends_publication(pack: Pack) -> None:
    """SAMR Order 45: published longer than 3 years while a business or employment ban lasts."""
    records = [
        registration(),
        penalty(
            "BAN",
            date(2026, 5, 1),
            SERIOUS,
            penalty_kinds=["employment_ban"],
            effective_until=date(2031, 4, 30),
        ),
    ]
    result = entry(run(pack, records, date(2030, 1, 1)), "BAN")
    assert (result.state, result.end) == (PublicationState.PUBLISHED, date(2031, 5, 1))


def test_specific_serious_act_not_repairable(pack: Pack) -> None:
    """NDRC notice 527 (2019): "specific serious" acts are published the full 3 years and not
    repairable."""
    records = [
        registration(),
        penalty("R", date(2022, 1, 10), SERIOUS, penalty_kinds=["licence_revocation"]),
    ]
    repair = entry(run(pack, records, date(2023, 1, 1)), "R").repair
    assert repair is not None
    assert (repair.repairable, repair.eligible_from, repair.blockers) == (
        False,
        None,
        ("not_repairable",),
    )
    assert "notice 527" in repair.reason


def test_repair_needs_obligations_performed(pack: Pack) -> None:
    """NDRC Order 36: repair needs the minimum period passed *and* all obligations performed;
    the eligibility date is the later of the two."""
    base = [registration(), penalty("P", date(2026, 5, 10))]
    blocked = entry(run(pack, base, date(2026, 6, 1)), "P").repair
    assert blocked is not None
    assert (blocked.eligible_from, blocked.blockers) == (None, ("obligations_not_performed",))
    performed = [*base, rec("obligation_performed", "OP", date(2026, 9, 20), refers_to="P")]
    late = entry(run(pack, performed, date(2026, 10, 1)), "P").repair
    assert late is not None
    assert late.eligible_from == date(2026, 9, 20)
    early = [*base, rec("obligation_performed", "OP", date(2026, 5, 20), refers_to="P")]
    by_minimum = entry(run(pack, early, date(2026, 6, 1)), "P").repair
    assert by_minimum is not None
    assert by_minimum.eligible_from == date(2026, 8, 10)


def test_performance_by_another_agency_does_not_count(pack: Pack) -> None:
    """Vocabulary: ``refers_to`` names a record of the SAME agency."""
    records = [
        registration(),
        penalty("P", date(2026, 5, 10)),
        rec("obligation_performed", "OP", date(2026, 5, 20), agency="tax-440300", refers_to="P"),
    ]
    repair = entry(run(pack, records, date(2026, 6, 1)), "P").repair
    assert repair is not None
    assert repair.blockers == ("obligations_not_performed",)


def test_repeat_offender_bar_delays_repair(pack: Pack) -> None:
    """NDRC Order 36: repeat offenders (屡罚不改) may not apply for repair for a while
    (threshold, window and bar are unverified configuration: 3 penalties in 1 year → 1 year)."""
    days = [date(2026, 4, 10), date(2026, 6, 10), date(2026, 9, 10)]
    records = [registration()]
    for index, day in enumerate(days):
        records.append(penalty(f"P{index}", day))
        records.append(rec("obligation_performed", f"OP{index}", day, refers_to=f"P{index}"))
    result = run(pack, records, date(2026, 10, 1))
    repair = entry(result, "P0").repair
    assert repair is not None
    assert repair.blockers == ("repeat_offender_bar",)
    assert repair.eligible_from == date(2027, 9, 10)
    two = [r for r in records if not r.source_record_id.endswith("2")]
    free = entry(run(pack, two, date(2026, 10, 1)), "P0").repair
    assert free is not None
    assert (free.blockers, free.eligible_from) == ((), date(2026, 7, 10))


def test_repair_ends_publication_but_keeps_the_record(pack: Pack) -> None:
    """NDRC Order 36 Art. 3: repair is not deletion — publication ends, the record stays."""
    records = [registration(), penalty("P", date(2026, 4, 1))]
    facts = [Repair(("samr-440300", "P"), date(2026, 8, 1))]
    result = entry(run(pack, records, date(2026, 9, 1), facts), "P")
    assert (result.state, result.end, result.repair) == (
        PublicationState.REPAIRED,
        date(2026, 8, 1),
        None,
    )


def test_revocation_shows_revoked(pack: Pack) -> None:
    """SAMR Order 45: a changed or revoked decision is withdrawn from publication."""
    records = [registration(), penalty("P", date(2026, 4, 1))]
    facts = [Revocation(("samr-440300", "P"), date(2026, 5, 1))]
    assert entry(run(pack, records, date(2026, 4, 15), facts), "P").state is (
        PublicationState.PUBLISHED
    )
    result = entry(run(pack, records, date(2026, 6, 1), facts), "P")
    assert (result.state, result.end) == (PublicationState.REVOKED, date(2026, 5, 1))


def test_pending_objection_shows_under_objection(pack: Pack) -> None:
    """Rules reference §3: while an objection is pending the record is shown "under objection"."""
    records = [registration(), penalty("P", date(2026, 4, 1))]
    key = ("samr-440300", "P")
    pending = [ObjectionPending(key, date(2026, 4, 20))]
    under = entry(run(pack, records, date(2026, 5, 1), pending), "P")
    assert under.state is PublicationState.UNDER_OBJECTION
    resolved = [*pending, ObjectionResolved(key, date(2026, 5, 10))]
    assert entry(run(pack, records, date(2026, 5, 9), resolved), "P").state is (
        PublicationState.UNDER_OBJECTION
    )
    assert entry(run(pack, records, date(2026, 5, 10), resolved), "P").state is (
        PublicationState.PUBLISHED
    )


def test_records_decided_after_as_of_do_not_exist_yet(pack: Pack) -> None:
    """DESIGN §4: an assessment is "as of D": later decisions are not in it, and its
    ``next_change_on`` is the day they arrive."""
    records = [registration(), penalty("LATER", date(2026, 7, 1))]
    result = run(pack, records, date(2026, 6, 1))
    assert [e.record.source_record_id for e in result.records] == [f"reg-{COMPANY}"]
    assert result.next_change_on == date(2026, 7, 1)


def test_correction_replaces_earlier_version(pack: Pack) -> None:
    """DESIGN §4: (agency, source_record_id) identifies a record; a later-recorded version with
    different content is a correction and replaces the earlier one (as known at that time)."""
    first = replace(penalty("P", date(2026, 4, 1)), recorded_at=_at(2026, 4, 2))
    corrected = replace(first, severity=SERIOUS, recorded_at=_at(2026, 5, 2))
    records = [registration(), corrected, first]
    assert entry(run(pack, records, date(2026, 6, 1)), "P").rule == "pub.order36.serious"
    replay = run(pack, records, date(2026, 6, 1), known_at=date(2026, 5, 1))
    assert entry(replay, "P").rule == "pub.order36.general"
    assert len(run(pack, records, date(2026, 6, 1)).records) == 2


def test_records_of_other_subjects_are_ignored(pack: Pack) -> None:
    """``assess`` looks only at the subject's own records, whatever else it is given."""
    other = rec(
        "admin_penalty",
        "X",
        date(2026, 4, 1),
        subject_id="91110000MA0OTHER0X",
        severity=GENERAL,
        penalty_kinds=["fine"],
    )
    records = [registration(), penalty("P", date(2026, 4, 1))]
    alone = run(pack, records, date(2026, 6, 1)).to_json()
    assert run(pack, [*records, other], date(2026, 6, 1)).to_json() == alone


def _at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, tzinfo=UTC)
