"""The neutral bulk of a credit file: licences, inspections, contracts, commitments, honours.

Nationally ≈450 records per entity, most of them neutral (rules reference §7).
This module fills an entity's record budget with them; it is the generator's
hot loop, so each record costs a handful of random draws and one dict.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from datetime import timedelta

from publiccredit.synth.adverse import poisson
from publiccredit.synth.agencies import Agency, agency, court, court_case_no
from publiccredit.synth.calibration import ACTIVITY_MIX, rate
from publiccredit.synth.timeline import Timeline

LICENCES = (
    ("samr", "food_business"), ("samr", "industrial_product_production"),
    ("mee", "pollutant_discharge"), ("housing", "construction_qualification"),
    ("fire", "fire_safety_opening"), ("industry", "road_transport"),
)  # fmt: skip
INSPECTORS = ("samr", "samr", "mem", "mee", "fire", "tax")
QUALIFICATIONS = ("建筑业企业资质", "食品生产许可", "安全生产许可", "人力资源服务许可")
COMMITMENTS = ("依法诚信经营，所提交材料真实有效", "按时履行行政处罚决定，主动纠正违法行为")
HONOURS = ("守合同重信用企业", "诚信经营示范单位", "纳税信用A级纳税人", "劳动保障诚信示范单位")

_TYPES = tuple(name for name, _ in ACTIVITY_MIX)
_CUMULATIVE = tuple(itertools.accumulate(share for _, share in ACTIVITY_MIX))


def activity(timeline: Timeline, budget: int) -> None:
    """Add ``budget`` neutral records spread over the entity's life in the period."""
    entity, rng = timeline.entity, timeline.rng
    agencies: dict[str, Agency] = {}

    def local(kind: str) -> Agency:
        found = agencies.get(kind)
        if found is None:
            found = agencies[kind] = agency(kind, entity.region, "county")
        return found

    makers: dict[str, Callable[[], None]] = {}

    def licence() -> None:
        kind, licence_kind = rng.choice(LICENCES)
        issuer, day = local(kind), timeline.day()
        timeline.add(
            "admin_license", issuer.code, day, decision_no=issuer.number(rng, day.year, "许"),
            effective_from=day,
            extra={"licence_kind": licence_kind,
                   "valid_until": (day + timedelta(days=5 * 365)).isoformat()},
        )  # fmt: skip

    def inspection() -> None:
        failed = rng.random() < rate("inspection_failed")
        timeline.add(
            "admin_inspection", local(rng.choice(INSPECTORS)).code, timeline.day(),
            facts="双随机、一公开抽查", extra={"outcome": "failed" if failed else "passed"},
        )  # fmt: skip

    def contract() -> None:
        breached = rng.random() < rate("contract_breached")
        timeline.add(
            "contract_performance", local(rng.choice(("ndrc", "industry"))).code,
            timeline.day(), extra={"outcome": "breached" if breached else "performed"},
        )  # fmt: skip

    def commitment() -> None:
        timeline.add(
            "credit_commitment", local(rng.choice(("samr", "tax", "ndrc"))).code,
            timeline.day(), extra={"text": rng.choice(COMMITMENTS), "kept": True},
        )  # fmt: skip

    def ip_right() -> None:
        timeline.add(
            "ip_right", "cnipa-100000", timeline.day(),
            extra={"right": rng.choice(("patent", "trademark")), "outcome": "granted"},
        )  # fmt: skip

    def qualification() -> None:
        timeline.add(
            "professional_qualification", local(rng.choice(("hrss", "industry"))).code,
            timeline.day(), extra={"qualification": rng.choice(QUALIFICATIONS)},
        )  # fmt: skip

    def judgment() -> None:
        day = timeline.day()
        case_no = court_case_no(rng, entity.region, day.year, "民初")
        timeline.add(
            "court_judgment", court(entity.region), day, decision_no=case_no,
            extra={"case_no": case_no, "outcome": rng.choice(("judgment_for", "settled"))},
        )  # fmt: skip

    def donation() -> None:
        timeline.add(
            "charitable_donation", local("civil_affairs").code, timeline.day(),
            amount=f"{rng.randint(1, 500) * 1000}.00", extra={},
        )  # fmt: skip

    makers.update(
        admin_license=licence, admin_inspection=inspection, contract_performance=contract,
        credit_commitment=commitment, ip_right=ip_right,
        professional_qualification=qualification, court_judgment=judgment,
        charitable_donation=donation,
    )  # fmt: skip
    chosen = [makers[name] for name in _TYPES]
    top = _CUMULATIVE[-1]
    for _ in range(budget):
        chosen[min(bisect.bisect(_CUMULATIVE, rng.random() * top), len(chosen) - 1)]()


def honours(timeline: Timeline) -> None:
    """Occasional honours, only for entities never seriously penalised in the period."""
    entity, rng = timeline.entity, timeline.rng
    if entity.kind == "92":
        return
    years = timeline.days_left / 365.25
    for _ in range(poisson(rng, rate("honours") * years)):
        kind = rng.choice(("ndrc", "industry", "samr", "tax"))
        level = rng.choices(("municipal", "provincial", "national"), (70, 25, 5))[0]
        timeline.add(
            "honour", agency(kind, entity.region, "prefecture").code, timeline.day(),
            extra={"title": rng.choice(HONOURS), "level": level},
        )  # fmt: skip
