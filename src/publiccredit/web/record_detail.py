"""The 双公示 detail of a record, in words: what the decision was, under which law, how much.

The "double publicity" rules (Guobanfa [2015] 51 and the 2021 data standard
for administrative licensing and penalty information) make the decision
number, the legal basis, the penalty kinds and amount, and for a licence its
kind and validity, part of what is published. The profile and the report
show them beside each record, plus an annual report's year and a credit
commitment's text, and say why a level is capped (an override of the
evaluation while the subject is on a list). Values come from the stored
record; words for codes from the tables below; an unknown code is shown as is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from publiccredit.policy.model import Pack
from publiccredit.web.labels import number

PENALTY_KINDS: dict[str, tuple[str, str]] = {
    "warning": ("警告", "warning"),
    "public_criticism": ("通报批评", "public criticism"),
    "fine": ("罚款", "fine"),
    "confiscation": ("没收违法所得、没收非法财物", "confiscation"),
    "suspension": ("暂扣许可证件、责令停产停业", "suspension"),
    "qualification_downgrade": ("降低资质等级", "qualification downgrade"),
    "licence_revocation": ("吊销许可证件", "licence revocation"),
    "business_restriction": ("限制开展生产经营活动", "business restriction"),
    "closure": ("责令关闭", "closure"),
    "employment_ban": ("限制从业", "employment ban"),
}
"""Penalty kinds of the Administrative Penalty Law (2021) Art. 9, by the directory's codes."""

LABELS: dict[str, tuple[str, str]] = {
    "decision_no": ("决定文书号", "decision no."),
    "legal_basis": ("依据", "legal basis"),
    "penalty_kinds": ("处罚类别", "penalty kinds"),
    "amount": ("金额（元）", "amount (CNY)"),
    "licence_kind": ("许可类别", "licence kind"),
    "valid": ("有效期", "valid"),
    "year": ("年度", "year"),
    "commitment": ("承诺内容", "commitment"),
    "capped": ("等级上限", "level capped"),
}


def _say(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


def _kinds(codes: object, lang: str) -> str:
    if not isinstance(codes, list | tuple):
        return str(codes or "")
    names = [PENALTY_KINDS.get(str(code), (str(code), str(code))) for code in codes]
    return ("、" if lang == "zh" else ", ").join(n[0] if lang == "zh" else n[1] for n in names)


def _amount(value: object, lang: str) -> str:
    try:
        return number(float(str(value)), lang)
    except ValueError:
        return str(value)


def detail_pairs(record: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    """The record's published particulars as (label, value), in ``lang``, present ones only."""
    extra: Mapping[str, Any] = record.get("extra") or {}
    pairs: list[tuple[str, str]] = []
    if record.get("decision_no"):
        pairs.append((_say("decision_no", lang), str(record["decision_no"])))
    if record.get("legal_basis"):
        pairs.append((_say("legal_basis", lang), str(record["legal_basis"])))
    if extra.get("penalty_kinds"):
        pairs.append((_say("penalty_kinds", lang), _kinds(extra["penalty_kinds"], lang)))
    if record.get("amount"):
        pairs.append((_say("amount", lang), _amount(record["amount"], lang)))
    if extra.get("licence_kind"):
        pairs.append((_say("licence_kind", lang), str(extra["licence_kind"])))
        since = record.get("effective_from") or ""
        pairs.append((_say("valid", lang), f"{since} – {extra.get('valid_until') or ''}".strip()))
    if record.get("record_type") == "annual_report" and extra.get("year"):
        pairs.append((_say("year", lang), str(extra["year"])))
    if extra.get("text") and record.get("record_type") == "credit_commitment":
        pairs.append((_say("commitment", lang), str(extra["text"])))
    return pairs


def detail_text(record: Mapping[str, Any], lang: str) -> str:
    """``detail_pairs`` as one line (``决定文书号：…；依据：…``)."""
    colon, sep = ("：", "；") if lang == "zh" else (": ", "; ")
    return sep.join(f"{label}{colon}{value}" for label, value in detail_pairs(record, lang))


def capped_text(pack: Pack, rating: Mapping[str, Any] | None, lang: str) -> str:
    """Why the level is no better than it is (the override in force), or "" when it is not."""
    code = (rating or {}).get("capped_by")
    if not code:
        return ""
    found = next((o for o in pack.evaluation.overrides if o.code == code), None)
    if found is None:
        return str(code)
    why = found.description_zh if lang == "zh" else found.description_en
    if lang == "zh":
        return f"因{why}，等级不高于 {found.at_most}（{code}）"
    return f"No better than {found.at_most} because: {why} ({code})"


def reason_text(pack: Pack, reason: object, lang: str) -> str:
    """A rating reason in words with its code kept beside it
    (``列入严重违法失信名单（ON_SERIOUS_LIST）``); a code the pack does not describe is shown
    as it is."""
    code = str(reason.get("code") or reason.get("rule") or reason) if isinstance(reason, dict) \
        else str(reason)  # fmt: skip
    described = {rule.code: (rule.description_zh, rule.description_en)
                 for rule in pack.evaluation.inputs} | {
        rule.code: (rule.description_zh, rule.description_en) for rule in pack.evaluation.overrides
    }  # fmt: skip
    if code not in described:
        return code
    zh, en = described[code]
    words = (zh or en) if lang == "zh" else en
    return f"{words}（{code}）" if lang == "zh" else f"{words} ({code})"
