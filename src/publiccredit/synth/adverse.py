"""Administrative penalties and what follows them: performance, serious lists, removal.

Severity drives the penalty kinds, the amount and the procedure, after the
classification examples of NDRC Order 36 (2025) (minor: warnings, public
criticism, small fines under the simplified procedure; general: larger fines,
confiscation; serious: very large fines with a heavier measure) and the
"heavier penalties" SAMR Order 44 (2021) requires before a serious listing.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from publiccredit.synth.agencies import agency, draw_level
from publiccredit.synth.calibration import rate
from publiccredit.synth.timeline import Timeline

OTHER_PENALISERS = (
    ("tax", 0.30), ("mem", 0.15), ("mee", 0.15), ("fire", 0.15), ("hrss", 0.10),
    ("housing", 0.10), ("customs", 0.05),
)  # fmt: skip
"""How penalties by agencies other than SAMR divide among them [U]."""

LEGAL_BASES = {
    "samr": ("《中华人民共和国食品安全法》", "《中华人民共和国产品质量法》",
             "《中华人民共和国反不正当竞争法》", "《中华人民共和国广告法》"),
    "tax": ("《中华人民共和国税收征收管理法》",),
    "mem": ("《中华人民共和国安全生产法》",),
    "mee": ("《中华人民共和国大气污染防治法》", "《中华人民共和国水污染防治法》"),
    "fire": ("《中华人民共和国消防法》",),
    "hrss": ("《保障农民工工资支付条例》", "《劳动保障监察条例》"),
    "housing": ("《建设工程质量管理条例》",),
    "customs": ("《中华人民共和国海关行政处罚实施条例》",),
}  # fmt: skip
SECTORS = {"mem": "work_safety", "fire": "fire_safety"}
HEAVIER = (
    "suspension", "qualification_downgrade", "licence_revocation", "business_restriction",
    "closure", "employment_ban",
)  # fmt: skip
SERIOUS_LISTERS = frozenset({"samr", "mem", "mee", "hrss", "housing", "fire"})


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method; the means here are small)."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _severity(rng: random.Random) -> str:
    draw = rng.random()
    if draw < rate("severity_minor"):
        return "minor"
    return "general" if draw < rate("severity_minor") + rate("severity_general") else "serious"


def _terms(rng: random.Random, severity: str) -> tuple[list[str], int, str]:
    """Penalty kinds, fine in yuan (0 for none) and procedure, consistent with severity."""
    if severity == "minor":
        kinds = rng.choices((["warning"], ["public_criticism"], ["fine"]), (4, 1, 5))[0]
        fine = rng.randint(2, 50) * 100 if kinds == ["fine"] else 0
        return kinds, fine, "simplified" if fine <= 3000 else "ordinary"
    if severity == "general":
        kinds = ["fine"] if rng.random() < 0.6 else ["fine", "confiscation"]
        fine = max(5_000, int(round(rng.lognormvariate(math.log(30_000), 0.9), -2)))
        return kinds, fine, "ordinary"
    fine = int(round(rng.lognormvariate(math.log(600_000), 0.8), -3))
    return ["fine", rng.choice(HEAVIER)], fine, "ordinary"


def penalties(timeline: Timeline) -> set[int]:
    """Draw the entity's penalties and their sequels; returns years with a serious tax case."""
    entity, rng = timeline.entity, timeline.rng
    years = timeline.days_left / 365.25
    count_samr = poisson(rng, rate("samr_penalties") * entity.proneness * years)
    count_other = poisson(rng, rate("other_penalties") * entity.proneness * years)
    kinds, weights = zip(*OTHER_PENALISERS, strict=True)
    serious_tax_years: set[int] = set()
    for index in range(count_samr + count_other):
        kind = "samr" if index < count_samr else rng.choices(kinds, weights)[0]
        if kind == "customs" and not entity.trader:
            kind = "tax"  # customs penalises only those who trade across the border
        decided = penalty(timeline, kind)
        if decided is not None and kind == "tax":
            serious_tax_years.add(decided.year)
    return serious_tax_years


def penalty(timeline: Timeline, kind: str) -> date | None:
    """One penalty by a ``kind`` agency; returns its year if serious, else ``None``."""
    entity, rng, end = timeline.entity, timeline.rng, timeline.end
    issuer = agency(kind, entity.region, draw_level(rng))
    decided = timeline.day(entity.registered_on + timedelta(days=30))
    severity = _severity(rng)
    penalty_kinds, fine, procedure = _terms(rng, severity)
    extra: dict[str, object] = {"penalty_kinds": penalty_kinds, "procedure": procedure}
    sector = SECTORS.get(kind) or (
        "special_equipment" if kind == "samr" and rng.random() < 0.1 else None
    )
    if sector:
        extra["sector"] = sector
    until = decided + timedelta(days=rng.randint(30, 365)) if penalty_kinds[-1] in {
        "suspension", "business_restriction", "employment_ban"} else None  # fmt: skip
    penalty_id = timeline.add(
        "admin_penalty", issuer.code, decided,
        decision_no=issuer.number(rng, decided.year, "罚"), severity=severity,
        effective_from=decided, effective_until=until,
        legal_basis=rng.choice(LEGAL_BASES[kind]), facts=_FACTS[kind],
        amount=f"{fine}.00" if fine else None, extra=extra,
    )  # fmt: skip
    performed = rng.random() < rate("penalty_performed")
    done = decided + timedelta(days=rng.randint(10, 90))
    if performed and done <= end:
        timeline.add(
            "obligation_performed", issuer.code, done, refers_to=penalty_id,
            extra={"what": "fine_paid" if fine else "rectified"},
        )  # fmt: skip
    if severity != "serious":
        return None
    if kind == "tax" and rng.random() < rate("tax_major_listed"):
        _listing(timeline, issuer.code, penalty_id, decided, "tax_major_violation_listing", False)
    elif kind in SERIOUS_LISTERS and rng.random() < rate("serious_listed"):
        _listing(timeline, issuer.code, penalty_id, decided, "serious_dishonesty_listing",
                 performed and done <= end)  # fmt: skip
    return decided


def _listing(
    timeline: Timeline, issuer: str, penalty_id: str, decided: date, kind: str, removable: bool
) -> None:
    rng, end = timeline.rng, timeline.end
    listed = decided + timedelta(days=rng.randint(30, 120))
    if listed > end:
        return
    listing_id = timeline.add(
        kind, issuer, listed, severity="serious", refers_to=penalty_id,
        effective_from=listed, effective_until=listed + timedelta(days=3 * 365),
        facts="受到较重行政处罚且性质恶劣、情节严重", extra={"ground": "较重行政处罚，情节严重"},
    )  # fmt: skip
    removed = listed + timedelta(days=rng.randint(366, 700))
    if removable and removed <= end and rng.random() < rate("serious_early_removal"):
        timeline.add(
            "serious_dishonesty_removal", issuer, removed, refers_to=listing_id,
            extra={"reason": "early_removal"},
        )  # fmt: skip


_FACTS = {
    "samr": "经营不符合食品安全标准的食品",
    "tax": "少缴应纳税款",
    "mem": "未按规定开展安全生产教育培训",
    "mee": "超标排放大气污染物",
    "fire": "消防设施未保持完好有效",
    "hrss": "拖欠劳动者工资",
    "housing": "未按工程建设强制性标准施工",
    "customs": "申报不实",
}
