"""List memberships: who is on which list on ``as_of``, since when, until when, why.

A membership starts on its entry record's ``starts_on`` (the listing decision;
due process — notice, objection window — happened before the agency decided
and is the procedures' business). It ends at the earliest of (lists.yaml,
``ListDefinition``):

* its ``duration`` (or a ``duration_overrides`` match; ``None``: no fixed term,
  e.g. judgment defaulters who are able but refuse), lengthened by the entry's
  ``extra.extension_years`` up to ``extension_max`` (a whole period: ``P1Y6M``
  allows 18 months; month ends clamp, 31 Aug + P6M = 28/29 Feb);
* the entry record's own ``effective_until`` (the day after);
* an exit record of the same agency that refers to the entry record;
* a newer record of the entry type, for lists ``superseded_by_newer``
  (a new tax rating replaces last year's);
* the end of the entry record's publication (nothing outlasts its maximum);
* revocation, repair or early removal of the entry record — or revocation or
  repair of the penalty it rests on (``refers_to``): repair lifts measures.

Only memberships in force on ``as_of`` are reported, and only on lists whose
``applies_to`` names the subject's entity kind (a government organ is not on
the abnormal operations list, though a court may list it as a judgment
defaulter). Entity kinds in
``marked_only_entity_kinds`` (individual businesses on the abnormal list) are
*marked*, not listed: the membership is shown with ``marked`` and triggers no
measure, override or escalation. An escalation (abnormal 3 years → serious)
is reported with its warning date; a person decides it, never the engine.
"""

from __future__ import annotations

from datetime import date, timedelta

from publiccredit.domain.assessment import Escalation, ListMembership, PublicationState
from publiccredit.domain.facts import RecordKey
from publiccredit.domain.record import Record
from publiccredit.domain.subject import Subject
from publiccredit.engine.compiled import CompiledList, CompiledPack, matches_where
from publiccredit.engine.context import FactIndex
from publiccredit.engine.publication import PublicationPass, governing_rule
from publiccredit.policy.model.common import PeriodValue

_ONE_DAY = timedelta(days=1)


def _entries(
    compiled_list: CompiledList, buckets: dict[str, list[Record]], inactive: set[RecordKey]
) -> list[tuple[Record, tuple[RecordKey, ...]]]:
    """Entry records of the list with the records behind each (a consecutive run)."""
    found: list[tuple[Record, tuple[RecordKey, ...]]] = []
    for record_type, where, consecutive in compiled_list.entries:
        candidates = [
            record
            for record in buckets.get(record_type, ())
            if compiled_list.valid_from <= record.decided_on <= compiled_list.valid_until
            and (record.agency, record.source_record_id) not in inactive
        ]
        if not consecutive:
            found.extend(
                (record, ((record.agency, record.source_record_id),))
                for record in candidates
                if matches_where(where, record.extra)
            )
            continue
        by_year: dict[int, Record] = {}
        for record in sorted(candidates, key=lambda r: r.decided_on):
            year = record.extra.get("year")
            if isinstance(year, int) and not isinstance(year, bool):
                by_year[year] = record
        for year, record in by_year.items():
            run = [by_year.get(year - back) for back in range(consecutive)]
            if all(item is not None and matches_where(where, item.extra) for item in run):
                keys = tuple((item.agency, item.source_record_id) for item in run if item)
                found.append((record, keys))
    return found


def _duration_end(compiled_list: CompiledList, entry: Record, since: date) -> date | None:
    definition = compiled_list.definition
    duration = definition.duration
    for where, override in compiled_list.duration_overrides:
        if matches_where(where, entry.extra):
            duration = override
            break
    if duration is None:
        return None
    until = duration.after(since)
    extension = entry.extra.get("extension_years")
    if isinstance(extension, int) and not isinstance(extension, bool) and extension > 0:
        extended = PeriodValue(years=extension).after(until)
        cap = definition.extension_max
        # The whole cap counts, months and days too: P1Y6M caps a 2-year extension at
        # 18 months (reading only its years capped it at one year; a P6M cap not at all).
        until = extended if cap is None else min(extended, cap.after(until))
    return until


def _exits(compiled_list: CompiledList, buckets: dict[str, list[Record]]) -> dict[RecordKey, date]:
    exits: dict[RecordKey, date] = {}
    for record_type, where in compiled_list.exits:
        for record in buckets.get(record_type, ()):
            if record.refers_to and matches_where(where, record.extra):
                key = (record.agency, record.refers_to)
                if key not in exits or record.starts_on < exits[key]:
                    exits[key] = record.starts_on
    return exits


def _escalation(compiled_list: CompiledList, since: date, as_of: date) -> Escalation | None:
    rule = compiled_list.definition.escalation
    if rule is None:
        return None
    on = rule.after.after(since)
    warning_on = on - timedelta(days=rule.warning_before_days)
    return Escalation(rule.to_list, on, warning_on, warning_on <= as_of < on, as_of >= on)


def follow_membership(work: PublicationPass, key: RecordKey, until: date, as_of: date) -> None:
    """A listing decision without a publication maximum is shown while its membership lasts.

    Its record ends with the membership (removal, expiry, supersession), and
    once ended it is used nowhere else either (NDRC Order 36: when publication
    ends, sharing and use end too).
    """
    index = work.position(key)
    if index is None:
        return
    record, state, start, _end, rule_id = work.entries[index]
    if state is PublicationState.PUBLISHED or state is PublicationState.UNDER_OBJECTION:
        ended = until <= as_of
        new_state = PublicationState.ENDED if ended else state
        work.entries[index] = (record, new_state, start, until, rule_id)
        if ended:
            work.inactive.add(key)
            work.scored = [(r, p) for r, p in work.scored if r is not record]


def memberships(
    compiled: CompiledPack,
    subject: Subject,
    work: PublicationPass,
    facts: FactIndex,
    as_of: date,
    candidates: list[date],
) -> tuple[ListMembership, ...]:
    """Every list membership in force on ``as_of``."""
    found: list[ListMembership] = []
    for compiled_list in compiled.lists:
        if not compiled_list.holds(subject):
            continue
        entries = _entries(compiled_list, work.buckets, work.inactive)
        if not entries:
            continue
        definition = compiled_list.definition
        exits = _exits(compiled_list, work.buckets)
        newer: list[date] = []
        if definition.superseded_by_newer:
            types = {record_type for record_type, _, _ in compiled_list.entries}
            newer = sorted(r.decided_on for t in types for r in work.buckets.get(t, ()))
        marked = subject.entity_kind in compiled_list.marked_kinds
        for entry, because_of in entries:
            since = entry.starts_on
            if since > as_of:
                candidates.append(since)
                continue
            key = (entry.agency, entry.source_record_id)
            rule = governing_rule(compiled, entry)
            published_until = None if rule is None else rule.end_for(entry.decided_on)
            ends = [_duration_end(compiled_list, entry, since), exits.get(key), published_until]
            if entry.effective_until is not None:
                ends.append(entry.effective_until + _ONE_DAY)
            ends.append(next((day for day in newer if day > entry.decided_on), None))
            ends.append(facts.ended_on(key) if facts else None)
            if entry.refers_to and facts:
                underlying = (entry.agency, entry.refers_to)
                ends += [facts.revoked.get(underlying), facts.repaired.get(underlying)]
            known = [day for day in ends if day is not None]
            until = min(known) if known else None
            if published_until is None and until is not None:
                follow_membership(work, key, until, as_of)
            if until is not None and until <= as_of:
                continue
            escalation = None if marked else _escalation(compiled_list, since, as_of)
            if until is not None:
                candidates.append(until)
            if escalation is not None:
                candidates += [escalation.on, escalation.warning_on]
            found.append(
                ListMembership(
                    compiled_list.id,
                    definition.name_en,
                    since,
                    until,
                    because_of,
                    compiled_list.legal_basis,
                    marked,
                    escalation,
                )
            )
    found.sort(key=lambda m: (m.since, m.list_id, m.because_of))
    return tuple(found)
