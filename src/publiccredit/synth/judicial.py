"""Court records: judgments, judgment-default listings (entities and persons), removals.

Grounds, terms and removal grounds follow the SPC rules on the list of
dishonest judgment debtors (2017): ground 1 (able but refuses) has no fixed
term; grounds 2–6 run two years, extendable by one to three.
"""

from __future__ import annotations

from datetime import date, timedelta

from publiccredit.synth.adverse import poisson
from publiccredit.synth.agencies import court, court_case_no
from publiccredit.synth.calibration import rate
from publiccredit.synth.people import person
from publiccredit.synth.timeline import Timeline

GROUNDS = (
    ("able_but_refuses", 0.60), ("evades", 0.15), ("asset_report_breach", 0.15),
    ("obstructs", 0.03), ("consumption_restriction_breach", 0.04), ("settlement_refusal", 0.03),
)  # fmt: skip
"""Listing grounds and their shares [U]."""

REMOVAL_GROUNDS = (
    ("performed", 0.50), ("settlement_performed", 0.15), ("applicant_consent", 0.10),
    ("no_assets", 0.15), ("enforcement_terminated", 0.05), ("enforcement_suspended", 0.05),
)  # fmt: skip
"""Grounds for early deletion and their shares [U]."""

_BASIS = "《最高人民法院关于公布失信被执行人名单信息的若干规定》"


def judgment_defaults(timeline: Timeline) -> None:
    """Listings of the entity and of unrelated natural persons before the local court."""
    entity, rng = timeline.entity, timeline.rng
    years = timeline.days_left / 365.25
    for _ in range(poisson(rng, rate("judgment_default_entity") * entity.proneness * years)):
        _case(timeline, None)
    for _ in range(poisson(rng, rate("judgment_default_person") * years)):
        someone = person(rng)
        _case(timeline, ("person", someone.resident_id, someone.name))


def _case(timeline: Timeline, subject: tuple[str, str, str] | None) -> None:
    entity, rng, end = timeline.entity, timeline.rng, timeline.end
    where = court(entity.region)
    judged = timeline.day()
    listed = judged + timedelta(days=rng.randint(60, 400))
    if listed > end:
        return
    if subject is None:  # the directory holds no judgments about natural persons, only listings
        timeline.add(
            "court_judgment", where, judged,
            decision_no=court_case_no(rng, entity.region, judged.year, "民初"),
            extra={"case_no": court_case_no(rng, entity.region, judged.year, "民初"),
                   "outcome": "judgment_against"},
        )  # fmt: skip
    grounds, weights = zip(*GROUNDS, strict=True)
    ground = rng.choices(grounds, weights)[0]
    case_no = court_case_no(rng, entity.region, listed.year, "执")
    extra: dict[str, object] = {"ground": ground, "case_no": case_no}
    until: date | None = None
    if ground != "able_but_refuses":
        extension = rng.randint(1, 3) if rng.random() < 0.1 else 0
        if extension:
            extra["extension_years"] = extension
        until = listed + timedelta(days=round((2 + extension) * 365.25))
    listing = timeline.add(
        "judgment_default_listing", where, listed, subject=subject, decision_no=case_no,
        severity="serious", effective_from=listed, effective_until=until, legal_basis=_BASIS,
        facts="有履行能力而拒不履行生效法律文书确定的义务" if ground == "able_but_refuses"
        else "违反法律规定的其他情形", extra=extra,
    )  # fmt: skip
    removed = listed + timedelta(days=rng.randint(30, 900))
    if until is not None and until < removed:
        removed, reason = until + timedelta(days=rng.randint(0, 3)), "term_ended"
    else:
        reasons, shares = zip(*REMOVAL_GROUNDS, strict=True)
        reason = rng.choices(reasons, shares)[0]
    if removed <= end and (
        reason == "term_ended" or rng.random() < rate("judgment_default_removed")
    ):
        timeline.add(
            "judgment_default_removal", where, removed, subject=subject, refers_to=listing,
            decision_no=case_no, legal_basis=_BASIS, extra={"ground": reason},
        )  # fmt: skip
