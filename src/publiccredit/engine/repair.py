"""When each published record may be repaired, or why it cannot be.

Conditions (NDRC Order 36 (2025); rules reference §2), all of which must hold:

* the rule's **minimum** publication period has passed (counted from the
  decision date);
* the act was corrected and **all obligations performed**: for a penalty, an
  ``obligation_performed`` record of the same agency referring to it; for a
  record resting on a penalty (a serious-dishonesty listing), one referring to
  that penalty;
* the rule does not say the record is **not repairable**;
* no **repeat-offender bar** of the procedures runs (Order 36: 屡禁不止、屡罚不改);
* and, at application, a public **credit commitment** (listed in
  ``conditions``; the engine cannot know it in advance).

The eligibility date is the latest of these dates; an unmet condition without
a date (obligations not yet performed) gives no date and names the blocker.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from publiccredit.domain.assessment import RepairEligibility
from publiccredit.domain.facts import RecordKey
from publiccredit.domain.record import Record
from publiccredit.engine.compiled import (
    CompiledPack,
    PubRule,
)
from publiccredit.engine.publication import PublicationPass

CONDITIONS = ("credit_commitment", "proof_of_performance")
"""What every repair application must bring (rules reference §2, materials)."""


def performed_on(performances: Iterable[Record]) -> dict[RecordKey, date]:
    """The earliest performance date of each penalty, by the penalty's key."""
    done: dict[RecordKey, date] = {}
    for record in performances:
        if record.refers_to:
            key = (record.agency, record.refers_to)
            if key not in done or record.decided_on < done[key]:
                done[key] = record.decided_on
    return done


def repeat_offender_bars(
    compiled: CompiledPack, work: PublicationPass, candidates: list[date]
) -> dict[str, date]:
    """For each barred record type, the first day the bar no longer runs (latest bar wins)."""
    barred: dict[str, date] = {}
    for bar in compiled.pack.procedures.repeat_offender_bars:
        days = sorted(
            record.decided_on
            for record_type in bar.record_types
            for record in work.buckets.get(record_type, ())
            if (record.agency, record.source_record_id) not in work.inactive
        )
        for index in range(bar.threshold - 1, len(days)):
            first, last = days[index - bar.threshold + 1], days[index]
            if bar.in_force_on(last) and bar.window.after(first) > last:
                until = bar.bar.after(last)
                for record_type in bar.record_types:
                    barred[record_type] = max(barred.get(record_type, until), until)
    for until in barred.values():
        candidates.append(until)
    return barred


def eligibility(
    record: Record,
    rule: PubRule,
    performed: dict[RecordKey, date],
    penalties: set[RecordKey],
    barred: dict[str, date],
    as_of: date,
) -> RepairEligibility:
    """Repair eligibility of one published record under its publication rule."""
    if not rule.repairable:
        reason = rule.not_repairable_reason or f"rule {rule.id} makes it not repairable"
        return RepairEligibility(False, None, None, ("not_repairable",), reason)
    decided_on = record.decided_on
    minimum_ends = decided_on if rule.minimum is None else rule.minimum.after(decided_on)
    dates = [minimum_ends]
    blockers: list[str] = []
    reasons = [f"minimum period of rule {rule.id} ends {minimum_ends.isoformat()}"]
    target: RecordKey | None = None
    if (record.agency, record.source_record_id) in penalties:
        target = (record.agency, record.source_record_id)
    elif record.refers_to and (record.agency, record.refers_to) in penalties:
        target = (record.agency, record.refers_to)
    if target is not None:
        done = performed.get(target)
        if done is None:
            blockers.append("obligations_not_performed")
            reasons.append("obligations not yet performed (no record of their performance)")
        else:
            dates.append(done)
            reasons.append(f"obligations performed {done.isoformat()}")
    bar_until = barred.get(record.record_type)
    if bar_until is not None and bar_until > as_of:
        blockers.append("repeat_offender_bar")
        dates.append(bar_until)
        reasons.append(f"repeat-offender bar runs until {bar_until.isoformat()}")
    eligible = None if "obligations_not_performed" in blockers else max(dates)
    return RepairEligibility(
        True, eligible, minimum_ends, tuple(blockers), "; ".join(reasons), CONDITIONS
    )


def apply_repair_eligibility(
    compiled: CompiledPack, work: PublicationPass, as_of: date, candidates: list[date]
) -> None:
    """Fill in ``repair`` for every published record whose rule has a repair regime."""
    if not work.repair_todo:
        return
    performed = performed_on(
        record
        for record_type in compiled.performance_types
        for record in work.buckets.get(record_type, ())
    )
    barred = repeat_offender_bars(compiled, work, candidates)
    penalties = {
        (record.agency, record.source_record_id)
        for record_type in compiled.performance_targets
        for record in work.buckets.get(record_type, ())
    }
    entries = work.entries
    for index, rule in work.repair_todo:
        repair = eligibility(entries[index][0], rule, performed, penalties, barred, as_of)
        if repair.eligible_from is not None and repair.eligible_from > as_of:
            candidates.append(repair.eligible_from)
        work.repairs.append((index, repair))
