"""Publication state of every record: the hot loop of the engine.

For each record the first matching publication rule in force on its decision
date governs it (highest ``priority``, then longest ``maximum``: NDRC Order 58,
"several penalty types in one decision: the longest applies"). Publication
starts on the decision date ("periods run from the date of the decision
document") and ends by itself at ``maximum`` — or later while a ban it imposes
lasts, when the rule says ``extend_to_effective_until`` (SAMR Order 45).

State, strongest first:

* ``revoked`` — the decision was revoked (a ``Revocation`` fact);
* ``repaired`` — repair was granted before publication ended;
* ``not_published`` — no rule matches (nothing is published without a rule),
  the record type is not public, or the rule says ``published: false``
  ("warnings alone are not published");
* ``ended`` — the maximum period has passed;
* ``under_objection`` — an objection is pending;
* ``published`` — otherwise.

Besides the per-record states the loop sorts the records the later stages
need (list entries and exits, evaluation inputs, performance records) into
``buckets`` by type, so no later stage scans all records again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from publiccredit.domain.assessment import PublicationState, RecordRow, RepairEligibility
from publiccredit.domain.facts import RecordKey
from publiccredit.domain.record import Record
from publiccredit.engine.compiled import (
    CompiledInput,
    CompiledPack,
    InputDispatch,
    MemoByDate,
    PubRule,
)
from publiccredit.engine.context import FactIndex

PUBLISHED = PublicationState.PUBLISHED
NOT_PUBLISHED = PublicationState.NOT_PUBLISHED
ENDED = PublicationState.ENDED
REPAIRED = PublicationState.REPAIRED
UNDER_OBJECTION = PublicationState.UNDER_OBJECTION
REVOKED = PublicationState.REVOKED
INACTIVE = frozenset({ENDED, REPAIRED, REVOKED})
"""States in which a record no longer counts anywhere (lists, rating, bars)."""

_ONE_DAY = timedelta(days=1)


def governing_rule(compiled: CompiledPack, record: Record) -> PubRule | None:
    """The publication rule that governs ``record`` (first match in priority order)."""
    decided_on = record.decided_on
    for rule in compiled.publication.get(record.record_type, ()):
        if rule.valid_from <= decided_on <= rule.valid_until and (
            rule.plain or rule.matches(record)
        ):
            return rule
    return None


Plan = tuple[list[Record] | None, MemoByDate | None, tuple[PubRule, ...], InputDispatch | None]
"""Per record type: (bucket, memo of rule and end, publication rules, evaluation inputs)."""


def resolve(rules: tuple[PubRule, ...], record: Record) -> tuple[PubRule | None, date | None]:
    """The governing rule among ``rules`` (in priority order) and its publication end."""
    decided_on = record.decided_on
    for rule in rules:
        if rule.valid_from <= decided_on <= rule.valid_until and (
            rule.plain or rule.matches(record)
        ):
            return rule, rule.end_for(decided_on)
    return None, None


class PublicationPass:
    """The result of the per-record pass, consumed by the later stages."""

    __slots__ = (
        "buckets",
        "entries",
        "inactive",
        "positions",
        "repair_todo",
        "repairs",
        "scored",
    )

    def __init__(self) -> None:
        self.entries: list[RecordRow] = []
        self.buckets: dict[str, list[Record]] = {}
        self.inactive: set[RecordKey] = set()
        self.repair_todo: list[tuple[int, PubRule]] = []
        self.repairs: list[tuple[int, RepairEligibility]] = []
        self.scored: list[tuple[Record, tuple[CompiledInput, ...] | None]] = []
        self.positions: dict[RecordKey, int] | None = None

    def position(self, key: RecordKey) -> int | None:
        """Where the record ``key`` stands in ``entries`` (indexed on first use, once complete)."""
        if self.positions is None:
            self.positions = {
                (row[0].agency, row[0].source_record_id): index
                for index, row in enumerate(self.entries)
            }
        return self.positions.get(key)


def publication_pass(
    compiled: CompiledPack,
    records: Sequence[Record],
    facts: FactIndex,
    as_of: date,
    candidates: list[date],
) -> PublicationPass:
    """Assess the publication state of every record and bucket the ones later stages read.

    ``records`` are the subject's current records, one version each
    (``assess`` selects them first when it must).
    """
    result = PublicationPass()
    entries, inactive, repair_todo = result.entries, result.inactive, result.repair_todo
    buckets = result.buckets
    for record_type in compiled.watched_types:
        buckets[record_type] = []
    # One look-up per record: its type's (bucket, memo of rule and end by date, rules).
    memos, rules_by_type = compiled.by_date, compiled.publication
    inputs = compiled.inputs
    plans: dict[str, Plan] = {
        record_type: (
            buckets.get(record_type),
            memos.get(record_type),
            rules,
            inputs.get(record_type),
        )
        for record_type, rules in rules_by_type.items()
    }
    for record_type in {*buckets, *inputs} - plans.keys():
        plans[record_type] = (buckets.get(record_type), None, (), inputs.get(record_type))
    plan_for = plans.get
    no_plan: Plan = (None, None, (), None)
    scored = result.scored
    append = entries.append
    soonest = later = date.max
    has_facts = bool(facts)
    revoked, repaired, objected = facts.revoked, facts.repaired, facts.objected
    for record in records:
        decided_on = record.decided_on
        if decided_on > as_of:  # not decided yet: it changes the assessment on its day
            if decided_on < later:
                later = decided_on
            continue
        bucket, memo, rules, dispatch = plan_for(record.record_type, no_plan)
        if bucket is not None:
            bucket.append(record)
        hit = None if memo is None else memo.get(decided_on)
        if hit is None:
            hit = resolve(rules, record)
            if memo is not None:
                memo[decided_on] = hit
        rule, end = hit
        if not has_facts and rule is not None and rule.simple:
            # The common case: a published record, no facts, no ban, no repair regime.
            if end is None:
                append((record, PUBLISHED, decided_on, None, rule.id))
            elif end <= as_of:
                append((record, ENDED, decided_on, end, rule.id))
                inactive.add((record.agency, record.source_record_id))
                continue
            else:
                if end < soonest:
                    soonest = end
                append((record, PUBLISHED, decided_on, end, rule.id))
            if dispatch is not None:  # an evaluation input: pick its inputs while it is hot
                field = dispatch.text_field
                if field is None:
                    scored.append((record, None))
                else:
                    value = record.extra.get(field)
                    if value.__class__ is str or value.__class__ is bool:
                        text = value if value.__class__ is str else ("true" if value else "false")
                        picked = dispatch.table.get(text)
                        if picked is not None:
                            scored.append((record, picked))
                    elif value is not None:
                        scored.append((record, None))
            continue
        key = (record.agency, record.source_record_id)
        if has_facts and key in revoked:
            rule_id = None if rule is None else rule.id
            append((record, REVOKED, decided_on, revoked[key], rule_id))
            inactive.add(key)
            continue
        if rule is None or not rule.published:
            rule_id = None if rule is None else rule.id
            append((record, NOT_PUBLISHED, None, None, rule_id))
            if dispatch is not None:
                scored.append((record, None))
            continue
        if end is not None and rule.extend and record.effective_until is not None:
            end = max(end, record.effective_until + _ONE_DAY)
        state = PUBLISHED
        if has_facts and key in repaired and (end is None or repaired[key] < end):
            end = repaired[key]
            state = REPAIRED
            inactive.add(key)
        elif end is not None and end <= as_of:
            state = ENDED
            inactive.add(key)
        else:
            if end is not None and end < soonest:
                soonest = end
            if has_facts and key in objected:
                state = UNDER_OBJECTION
            if rule.needs_repair_view:
                repair_todo.append((len(entries), rule))
        append((record, state, decided_on, end, rule.id))
        if dispatch is not None and state not in INACTIVE:
            scored.append((record, None))
    candidates += [day for day in (soonest, later) if day < date.max]
    return result
