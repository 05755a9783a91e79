"""Codes the store keeps, in words a reader understands, in the page's language.

The store keeps codes (``130426``, ``samr-440300``, ``enterprise``,
``notice_served``) because codes are what agencies exchange and what the
ledger hashes; a Chinese page that shows them is not Chinese. Regions come
from the GB/T 2260 tables (``identifiers.regions``), agencies are the
region's name plus the name of the agency kind, times are shown in Beijing
time (the official time every deadline is counted in) with Babel's
locale-aware formats. An unknown code is shown as it is, never dropped.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

from babel.dates import format_datetime
from babel.numbers import format_decimal

from publiccredit.domain.official_time import BEIJING
from publiccredit.identifiers.regions import lookup

LOCALES = {"zh": "zh_Hans_CN", "en": "en_GB"}

AGENCY_KINDS: dict[str, tuple[str, str]] = {
    "samr": ("市场监督管理局", "Administration for Market Regulation"),
    "tax": ("税务局", "Tax Bureau"),
    "mem": ("应急管理局", "Emergency Management Bureau"),
    "mee": ("生态环境局", "Ecology and Environment Bureau"),
    "fire": ("消防救援机构", "Fire and Rescue Authority"),
    "hrss": ("人力资源和社会保障局", "Human Resources and Social Security Bureau"),
    "housing": ("住房和城乡建设局", "Housing and Urban-Rural Development Bureau"),
    "customs": ("海关", "Customs"),
    "cnipa": ("知识产权局", "Intellectual Property Office"),
    "civil_affairs": ("民政局", "Civil Affairs Bureau"),
    "ndrc": ("发展和改革委员会", "Development and Reform Commission"),
    "industry": ("工业和信息化局", "Industry and Information Technology Bureau"),
    "court": ("人民法院", "People's Court"),
    "establishment": ("机构编制委员会办公室", "Commission Office for Public Sector Reform"),
}
"""Agency kinds of the shared vocabulary (``<kind>-<region6>``), by name."""

ENTITY_KINDS: dict[str, tuple[str, str]] = {
    "organ": ("机关", "government organ"),
    "public_institution": ("事业单位", "public institution"),
    "mass_organisation": ("群众团体", "mass organisation"),
    "other_establishment": ("其他机构编制单位", "other establishment-registered body"),
    "social_organisation": ("社会团体", "social organisation"),
    "private_non_enterprise": ("民办非企业单位", "private non-enterprise unit"),
    "foundation": ("基金会", "foundation"),
    "other_civil_affairs": ("其他民政登记单位", "other civil-affairs-registered body"),
    "enterprise": ("企业", "enterprise"),
    "individual_business": ("个体工商户", "individual business"),
    "farmers_cooperative": ("农民专业合作社", "farmers' cooperative"),
    "other": ("其他", "other"),
    "unknown": ("未知", "unknown"),
}
"""``identifiers.uscc_categories.EntityKind`` values (GB 32100-2015 Appendix A)."""

STATUSES: dict[str, tuple[str, str]] = {
    "active": ("存续", "active"),
    "revoked": ("吊销", "licence revoked"),
    "cancelled": ("注销", "deregistered"),
    "deregistered": ("注销", "deregistered"),
    "moved_out": ("迁出", "moved out"),
    "suspended": ("停业", "suspended"),
}
"""Registration statuses as the registration record states them."""

CASE_STATES: dict[str, tuple[str, str]] = {
    "proposed": ("已提出", "proposed"),
    "notice_served": ("已送达告知", "notice served"),
    "under_objection": ("异议处理中", "under objection"),
    "effective": ("已生效", "in effect"),
    "filed": ("已提交", "filed"),
    "accepted": ("已受理", "accepted"),
    "not_accepted": ("不予受理", "not accepted"),
    "forwarded": ("已转交", "forwarded"),
    "under_review": ("复核中", "under review"),
    "granted": ("已准予", "granted"),
    "refused": ("不予准予", "refused"),
    "upheld": ("异议成立", "upheld"),
    "rejected": ("异议不成立", "rejected"),
    "objection_upheld": ("异议成立", "objection upheld"),
    "objection_rejected": ("异议不成立", "objection rejected"),
    "review_upheld": ("复核成立", "review upheld"),
    "review_rejected": ("复核不成立", "review rejected"),
    "corrected": ("已更正", "corrected"),
    "applied": ("已申请", "applied"),
    "removal_due": ("应当移出", "removal due"),
    "removed": ("已移出", "removed"),
    "withdrawn": ("已撤回", "withdrawn"),
}
"""The due-process cases' states (``procedures``)."""


def _pick(table: dict[str, tuple[str, str]], code: str | None, lang: str) -> str:
    if not code:
        return ""
    names = table.get(code)
    if names is None:
        return code
    return names[0] if lang == "zh" else names[1]


def entity_kind_name(code: str | None, lang: str) -> str:
    """``enterprise`` → 企业 / enterprise."""
    return _pick(ENTITY_KINDS, code, lang)


def status_name(code: str | None, lang: str) -> str:
    """``active`` → 存续 / active."""
    return _pick(STATUSES, code, lang)


def case_state_name(code: str | None, lang: str) -> str:
    """``notice_served`` → 已送达告知 / notice served."""
    return _pick(CASE_STATES, code, lang)


@lru_cache(maxsize=8192)
def region_name(code: str | None, lang: str = "zh") -> str:
    """``440305`` → 广东省深圳市南山区 (in English followed by the code); unknown: the code."""
    if not code:
        return ""
    found = lookup(code)
    if not found.name:
        return code
    return found.name if lang == "zh" else f"{found.name} ({code})"


@lru_cache(maxsize=8192)
def agency_name(code: str | None, lang: str = "zh") -> str:
    """``samr-440300`` → 广东省深圳市市场监督管理局; an unknown code as it is."""
    if not code:
        return ""
    kind, _, region = code.rpartition("-")
    names = AGENCY_KINDS.get(kind)
    place = lookup(region).name if region else ""
    if names is None or not place:
        return code
    if lang == "zh":
        return place + names[0]
    return f"{names[1]}, {place}"


def beijing_time(moment: str | datetime | None, lang: str) -> str:
    """An instant (ISO text or aware datetime) in Beijing time, in the locale's words."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, str):
        try:
            parsed = datetime.fromisoformat(moment.replace("Z", "+00:00"))
        except ValueError:
            return moment
    else:
        parsed = moment
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    shown = format_datetime(
        parsed, "medium", tzinfo=BEIJING, locale=LOCALES.get(lang, "zh_Hans_CN")
    )
    return f"{shown} {'北京时间' if lang == 'zh' else 'Beijing time'}"


def number(value: float | int, lang: str) -> str:
    """A number with the locale's grouping (12,345 / 12,345.6)."""
    return str(format_decimal(value, locale=LOCALES.get(lang, "zh_Hans_CN")))
