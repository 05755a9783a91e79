"""The records every entity has: registration, annual reports, tax ratings, customs status.

Annual reports are due 1 January – 30 June for the year before (企业信息公示
暂行条例 Art. 8); a report not filed by then leads to an abnormal-operations
listing (Art. 17), which is removed when the entity files late (cure). Tax
credit ratings are published each April for the year before.
"""

from __future__ import annotations

from datetime import date, timedelta

from publiccredit.synth.agencies import agency, level_code
from publiccredit.synth.calibration import rate
from publiccredit.synth.timeline import Timeline

_CAPITALS = (100_000, 500_000, 1_000_000, 3_000_000, 5_000_000, 10_000_000, 50_000_000)
_TAX_LEVELS = ("A", "B", "M", "C", "D")
_TAX_SHARES = (0.30, 0.55, 0.05, 0.06, 0.04)
"""Tax credit level shares for established taxpayers [U]; new taxpayers are M."""


def registration(timeline: Timeline) -> None:
    """The registration record, by the authority the code's first character names.

    ``1…`` codes register with the establishment authority (机构编制), ``5…``
    with civil affairs, ``9…`` with market regulation.
    """
    entity, rng = timeline.entity, timeline.rng
    kind = {"1": "establishment", "5": "civil_affairs"}.get(entity.kind[0], "samr")
    extra: dict[str, object] = {
        "name": entity.name,
        "legal_representative_name": entity.representative.name,
        "legal_representative_id": entity.representative.resident_id,
        "status": "active",
    }
    if entity.kind in {"91", "93"}:
        extra["registered_capital"] = str(rng.choice(_CAPITALS))
    timeline.add(
        "registration",
        agency(kind, entity.region, "county").code,
        entity.registered_on,
        extra=extra,
        legal_basis="《中华人民共和国市场主体登记管理条例》" if kind == "samr" else "",
        facts="设立登记",
    )


def annual_reports(timeline: Timeline) -> None:
    """One report a year; a missed report brings a listing, a late report its removal."""
    entity, rng, end = timeline.entity, timeline.rng, timeline.end
    if not entity.kind.startswith("9"):
        return
    samr = agency("samr", entity.region, "county")
    missed = rate(f"annual_report_missed_{entity.kind}")
    for year in range(entity.registered_on.year, end.year):
        window = date(year + 1, 1, 1)
        if rng.random() >= missed:
            filed = window + timedelta(days=int(rng.triangular(0, 180, 150)))
            if filed <= end:
                timeline.add("annual_report", samr.code, filed, extra={"year": year})
            continue
        listed = date(year + 1, 7, 1) + timedelta(days=rng.randint(0, 14))
        if listed > end:
            continue
        listing = timeline.add(
            "abnormal_operation_listing",
            samr.code,
            listed,
            decision_no=samr.number(rng, listed.year, "经异"),
            effective_from=listed,
            legal_basis="《企业信息公示暂行条例》第十七条",
            facts=f"未按规定报送{year}年度年度报告",
            extra={"ground": "annual_report_missing"},
        )
        if rng.random() < rate("abnormal_cured"):
            late = listed + timedelta(days=rng.randint(10, 300))
            removed = late + timedelta(days=rng.randint(1, 7))
            if removed <= end:
                timeline.add("annual_report", samr.code, late, extra={"year": year})
                timeline.add(
                    "abnormal_operation_removal",
                    samr.code,
                    removed,
                    decision_no=samr.number(rng, removed.year, "移异"),
                    refers_to=listing,
                    legal_basis="《企业信息公示暂行条例》第十七条",
                    facts=f"已补报{year}年度年度报告",
                    extra={"reason": "cured"},
                )


def tax_ratings(timeline: Timeline, d_years: set[int]) -> None:
    """A rating each April for the year before; ``d_years`` are years with a direct-D case."""
    entity, rng, end = timeline.entity, timeline.rng, timeline.end
    rated = entity.kind in {"91", "93"} or (
        entity.kind == "92" and rng.random() < rate("tax_rated_92")
    )
    if not rated:
        return
    tax = agency("tax", entity.region, "county").code
    for year in range(entity.registered_on.year, end.year):
        published = date(year + 1, 4, 1) + timedelta(days=rng.randint(0, 29))
        if published > end:
            break
        level = (
            "M" if year == entity.registered_on.year else rng.choices(_TAX_LEVELS, _TAX_SHARES)[0]
        )
        if year in d_years:
            level = "D"
        basis = (
            "《纳税缴费信用管理办法》"
            if published >= date(2025, 7, 1)
            else "《纳税信用管理办法（试行）》"
        )
        timeline.add(
            "tax_credit_rating", tax, published, legal_basis=basis,
            extra={"year": year, "level": level},
        )  # fmt: skip


def customs_status(timeline: Timeline) -> None:
    """A trader's customs credit status, set some months after registration."""
    entity, rng = timeline.entity, timeline.rng
    if not entity.trader:
        return
    draw = rng.random()
    aeo, certified, dishonest = (
        rate("customs_aeo"),
        rate("customs_certified"),
        rate("customs_dishonest"),
    )
    status = (
        "advanced_certified" if draw < aeo
        else "certified" if draw < aeo + certified
        else "dishonest" if draw < aeo + certified + dishonest
        else "routine"
    )  # fmt: skip
    decided = entity.registered_on + timedelta(days=rng.randint(30, 200))
    if decided <= timeline.end:
        timeline.add(
            "customs_credit_status",
            f"customs-{level_code(entity.region, 'prefecture')}",
            decided,
            legal_basis="《中华人民共和国海关注册登记和备案企业信用管理办法》",
            extra={"status": status},
        )
