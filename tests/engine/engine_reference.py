"""A slow, obvious reference of the publication-state rule, straight from the pydantic pack.

No compilation, no memo, no buckets: every rule is checked for every record,
in the words of ``PublicationRule``'s docstring. The property tests compare the
fast engine with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from publiccredit.domain.facts import Fact, ObjectionPending, ObjectionResolved, Repair, Revocation
from publiccredit.domain.record import Record
from publiccredit.policy.model import Pack, PublicationRule


def rule_matches(rule: PublicationRule, record: Record) -> bool:
    """Does ``rule`` match ``record`` (type, validity on the decision date, every filter)?"""
    if record.record_type not in rule.record_types or not rule.in_force_on(record.decided_on):
        return False
    if rule.severities and record.severity not in rule.severities:
        return False
    if rule.agency_kinds and record.agency.split("-")[0] not in rule.agency_kinds:
        return False
    kinds = set(record.extra.get("penalty_kinds") or [])
    if rule.penalty_kinds_any and not kinds & set(rule.penalty_kinds_any):
        return False
    if rule.penalty_kinds_only and (not kinds or not kinds <= set(rule.penalty_kinds_only)):
        return False
    return not rule.sectors or record.extra.get("sector") in rule.sectors


def reference_rule(pack: Pack, record: Record) -> PublicationRule | None:
    """Highest priority wins; on a tie the longest maximum (no maximum is longest)."""
    matching = [rule for rule in pack.publication if rule_matches(rule, record)]

    def weight(rule: PublicationRule) -> tuple[int, int]:
        longest = 10**9 if rule.maximum is None else rule.maximum.approx_days()
        return (rule.priority, longest)

    best = None
    for rule in matching:
        if best is None or weight(rule) > weight(best):
            best = rule
    return best


def follows_membership(pack: Pack, record: Record) -> bool:
    """A list entry whose rule sets no maximum is shown while its membership lasts (lists.py)."""
    rule = reference_rule(pack, record)
    entry_types = {entry.record_type for definition in pack.lists for entry in definition.entry}
    return rule is not None and rule.maximum is None and record.record_type in entry_types


def reference_state(
    pack: Pack, record: Record, facts: Sequence[Fact], as_of: date
) -> tuple[str, date | None]:
    """(state, end) of ``record`` on ``as_of``."""
    key = (record.agency, record.source_record_id)
    rule = reference_rule(pack, record)
    revoked = [f.on for f in facts if isinstance(f, Revocation) and f.record_key == key]
    revoked = [day for day in revoked if day <= as_of]
    if revoked:
        return "revoked", min(revoked)
    if rule is None or not rule.published or not pack.record_types[record.record_type].public:
        return "not_published", None
    end = None if rule.maximum is None else rule.maximum.after(record.decided_on)
    if end is not None and rule.extend_to_effective_until and record.effective_until:
        end = max(end, record.effective_until + timedelta(days=1))
    repairs = [
        f.on for f in facts if isinstance(f, Repair) and f.record_key == key and f.on <= as_of
    ]
    if repairs and (end is None or min(repairs) < end):
        return "repaired", min(repairs)
    if end is not None and end <= as_of:
        return "ended", end
    for objection in facts:
        if not isinstance(objection, ObjectionPending) or objection.record_key != key:
            continue
        if objection.since > as_of:
            continue
        resolved = any(
            isinstance(f, ObjectionResolved)
            and f.record_key == key
            and objection.since <= f.on <= as_of
            for f in facts
        )
        if not resolved:
            return "under_objection", end
    return "published", end
