"""The pack compiled once into plain lookup structures for the hot loop.

The engine evaluates ~450 records per subject at ≥ 1,000 subjects a second, so
per record it may only do dict look-ups and date comparisons. ``compile_pack``
turns the pydantic pack into slotted objects indexed by record type (rules
sorted so the first match wins), with open validity bounds replaced by
``date.min`` / ``date.max``. The compilation is cached per pack object.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from publiccredit.domain.record import Record, SubjectKind
from publiccredit.domain.subject import Subject
from publiccredit.policy.model import Pack, PublicationRule
from publiccredit.policy.model.common import PeriodValue, Rule
from publiccredit.policy.model.lists import ListDefinition
from publiccredit.policy.model.measures import Measure

Where = tuple[tuple[str, frozenset[str]], ...]
"""``where`` conditions on a record's ``extra``: (field, allowed values as text)."""


def compile_where(where: Mapping[str, tuple[str, ...]]) -> Where:
    """Freeze a ``where`` mapping into a tuple of (field, allowed values)."""
    return tuple((name, frozenset(str(v) for v in values)) for name, values in where.items())


def as_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def matches_where(where: Where, extra: Mapping[str, object]) -> bool:
    """True when every field of ``where`` holds one of its allowed values (a list: any item)."""
    for name, allowed in where:
        value = extra.get(name)
        if value is None:
            return False
        if isinstance(value, list | tuple):
            if not any(as_text(item) in allowed for item in value):
                return False
        elif as_text(value) not in allowed:
            return False
    return True


def _bounds(rule: Rule) -> tuple[date, date]:
    return rule.valid_from or date.min, rule.valid_until or date.max


def _set(values: tuple[str, ...]) -> frozenset[str] | None:
    return frozenset(str(v) for v in values) if values else None


@dataclass(eq=False, slots=True)
class PubRule:
    """A publication rule ready for matching; ``ends`` memoises end dates by decision date."""

    id: str
    valid_from: date
    valid_until: date
    severities: frozenset[str] | None
    agency_kinds: frozenset[str] | None
    penalty_any: frozenset[str] | None
    penalty_only: frozenset[str] | None
    sectors: frozenset[str] | None
    plain: bool
    published: bool
    minimum: PeriodValue | None
    maximum: PeriodValue | None
    extend: bool
    repairable: bool
    not_repairable_reason: str
    needs_repair_view: bool
    simple: bool
    """Published, no ban extension, no repair regime: the hot loop's fast path."""
    ends: dict[date, date] = field(default_factory=dict)

    @classmethod
    def of(cls, rule: PublicationRule) -> PubRule:
        valid_from, valid_until = _bounds(rule)
        filters: tuple[tuple[str, ...], ...] = (
            rule.severities,
            rule.agency_kinds,
            rule.penalty_kinds_any,
            rule.penalty_kinds_only,
            rule.sectors,
        )
        return cls(
            rule.id,
            valid_from,
            valid_until,
            _set(rule.severities),
            _set(rule.agency_kinds),
            _set(rule.penalty_kinds_any),
            _set(rule.penalty_kinds_only),
            _set(rule.sectors),
            not any(filters),
            rule.published,
            rule.minimum,
            rule.maximum,
            rule.extend_to_effective_until,
            rule.repairable,
            rule.not_repairable_reason,
            rule.minimum is not None or not rule.repairable,
            rule.published
            and not rule.extend_to_effective_until
            and rule.minimum is None
            and rule.repairable,
        )

    def matches(self, record: Record) -> bool:
        """The rule's filters beyond record type and validity (see PublicationRule)."""
        if self.severities is not None and (
            record.severity is None or record.severity.value not in self.severities
        ):
            return False
        if (
            self.agency_kinds is not None
            and record.agency.split("-", 1)[0] not in self.agency_kinds
        ):
            return False
        if self.penalty_any is not None or self.penalty_only is not None:
            kinds = record.extra.get("penalty_kinds")
            kinds = {str(k) for k in kinds} if isinstance(kinds, list) else set()
            if self.penalty_any is not None and not kinds & self.penalty_any:
                return False
            if self.penalty_only is not None and (not kinds or not kinds <= self.penalty_only):
                return False
        return self.sectors is None or str(record.extra.get("sector", "")) in self.sectors

    def end_for(self, decided_on: date) -> date | None:
        """The first day no longer published (``maximum`` after the decision), memoised."""
        if self.maximum is None:
            return None
        end = self.ends.get(decided_on)
        if end is None:
            end = self.ends[decided_on] = self.maximum.after(decided_on)
        return end


def _rule_order(rule: PublicationRule) -> tuple[int, int]:
    longest = 10**9 if rule.maximum is None else rule.maximum.approx_days()
    return (-rule.priority, -longest)


@dataclass(frozen=True, slots=True)
class CompiledList:
    """A list with its entry and exit conditions frozen."""

    definition: ListDefinition
    id: str
    valid_from: date
    valid_until: date
    subject_kinds: frozenset[str]
    legal_basis: str
    entries: tuple[tuple[str, Where, int | None], ...]
    exits: tuple[tuple[str, Where], ...]
    duration_overrides: tuple[tuple[Where, PeriodValue | None], ...]
    marked_kinds: frozenset[str]
    applies_to: frozenset[str]

    def holds(self, subject: Subject) -> bool:
        """Whether the list may hold ``subject`` (its kind, and its entity kind where known).

        An entity whose code could not be decoded has no entity kind; the
        list still holds it (the pack's kind filter cannot be applied, and a
        restriction must not be dropped for a malformed code).
        """
        if subject.kind.value not in self.subject_kinds:
            return False
        kind = subject.entity_kind
        return subject.kind is SubjectKind.PERSON or kind is None or kind in self.applies_to


@dataclass(frozen=True, slots=True)
class CompiledMeasure:
    """A catalogue measure with its validity and the person roles it binds."""

    measure: Measure
    valid_from: date
    valid_until: date
    persons: frozenset[str]
    legal_basis: str


@dataclass(frozen=True, slots=True)
class CompiledInput:
    """An evaluation input: filters, points and decay in whole months (or days)."""

    code: str
    valid_from: date
    valid_until: date
    severities: frozenset[str] | None
    where: Where
    points: float
    decay_months: int
    decay_days: int
    max_count: int | None
    description: str


MemoByDate = dict[date, tuple["PubRule | None", date | None]]
"""(governing rule, publication end) by decision date, for types whose rules have no filters."""

SEVERITY_FIELD = "@severity"
"""Dispatch pseudo-field: the record's severity class instead of an ``extra`` field."""


@dataclass(frozen=True, slots=True)
class InputDispatch:
    """The evaluation inputs of one record type, indexed so most records need one look-up.

    ``field`` is the ``extra`` field (or ``SEVERITY_FIELD``) whose value picks the
    inputs in ``table`` — those inputs have no other condition than that value.
    ``rest`` must be checked in full; ``every`` is all inputs (for values that
    cannot be dispatched, such as lists).
    """

    field: str | None
    table: dict[str, tuple[CompiledInput, ...]]
    rest: tuple[CompiledInput, ...]
    every: tuple[CompiledInput, ...]
    text_field: str | None
    """``field`` when a text value alone picks the inputs (the publication pass's fast path)."""


def _dispatch(items: list[CompiledInput]) -> InputDispatch:
    single = [item.where[0][0] for item in items if len(item.where) == 1 and not item.severities]
    field_name: str | None = max(set(single), key=single.count) if single else None
    if field_name is None and all(item.severities and not item.where for item in items):
        field_name = SEVERITY_FIELD
    table: dict[str, list[CompiledInput]] = {}
    rest: list[CompiledInput] = []
    for item in items:
        if field_name == SEVERITY_FIELD and item.severities is not None:
            for value in item.severities:
                table.setdefault(value, []).append(item)
        elif (
            field_name is not None
            and not item.severities
            and len(item.where) == 1
            and item.where[0][0] == field_name
        ):
            for value in item.where[0][1]:
                table.setdefault(value, []).append(item)
        else:
            rest.append(item)
    text_field = None if field_name == SEVERITY_FIELD or rest else field_name
    return InputDispatch(
        field_name, {k: tuple(v) for k, v in table.items()}, tuple(rest), tuple(items), text_field
    )


@dataclass(frozen=True, slots=True)
class CompiledPack:
    """Everything the engine reads from a pack, indexed for speed."""

    pack: Pack
    publication: dict[str, tuple[PubRule, ...]]
    """Rules of public record types only: a type that is not public has none."""
    by_date: dict[str, MemoByDate]
    """For types whose rules have no filters: (rule, end) memoised by decision date."""
    lists: tuple[CompiledList, ...]
    measures_by_list: dict[str, tuple[CompiledMeasure, ...]]
    measures_by_level: dict[str, tuple[CompiledMeasure, ...]]
    inputs: dict[str, InputDispatch]
    level_order: tuple[str, ...]
    levels: tuple[tuple[str, float], ...]
    action_keys: frozenset[str]
    boundaries: tuple[date, ...]
    watched_types: frozenset[str]
    performance_types: frozenset[str]
    """Record types that prove obligations performed (directory: ``proves_performance``)."""
    performance_targets: frozenset[str]
    """Record types whose repair needs performance (directory: ``repair_requires_performance``)."""


def _compile_list(definition: ListDefinition) -> CompiledList:
    valid_from, valid_until = _bounds(definition)
    return CompiledList(
        definition,
        definition.id,
        valid_from,
        valid_until,
        frozenset(kind.value for kind in definition.subject_kinds),
        definition.legal_basis.cite(),
        tuple(
            (e.record_type, compile_where(e.where), e.consecutive_years) for e in definition.entry
        ),
        tuple((x.record_type, compile_where(x.where)) for x in definition.exits),
        tuple((compile_where(o.where), o.duration) for o in definition.duration_overrides),
        frozenset(definition.marked_only_entity_kinds),
        frozenset(kind.value for kind in definition.applies_to),
    )


def _compile_measure(measure: Measure) -> CompiledMeasure:
    valid_from, valid_until = _bounds(measure)
    persons = frozenset(person.value for person in measure.targets.persons)
    return CompiledMeasure(measure, valid_from, valid_until, persons, measure.legal_basis.cite())


def _compile_input(pack: Pack) -> dict[str, InputDispatch]:
    inputs: dict[str, list[CompiledInput]] = {}
    for item in pack.evaluation.inputs:
        valid_from, valid_until = _bounds(item)
        decay = item.decay
        months = 0 if decay is None else decay.years * 12 + decay.months
        days = 0 if decay is None or months else decay.days
        compiled = CompiledInput(
            item.code,
            valid_from,
            valid_until,
            _set(tuple(s.value for s in item.severities)),
            compile_where(item.where),
            item.points,
            months,
            days,
            item.max_count,
            item.description_en,
        )
        inputs.setdefault(item.record_type, []).append(compiled)
    return {key: _dispatch(value) for key, value in inputs.items()}


def _action_keys(pack: Pack) -> frozenset[str]:
    keys: set[str] = set()
    for action in pack.actions:
        keys.add(action.id)
        keys.update(f"{action.id}.{item}" for item in action.sub_items)
    return frozenset(keys)


def _boundaries(pack: Pack) -> tuple[date, ...]:
    """Days on which a rule judged by ``as_of`` (measures, evaluation) starts or stops."""
    rules: list[Rule] = [*pack.measures, pack.evaluation, *pack.evaluation.overrides]
    days: set[date] = set()
    for rule in rules:
        if rule.valid_from is not None:
            days.add(rule.valid_from)
        if rule.valid_until is not None and rule.valid_until < date.max:
            days.add(date.fromordinal(rule.valid_until.toordinal() + 1))
    return tuple(sorted(days))


def _compile(pack: Pack) -> CompiledPack:
    publication: dict[str, list[PublicationRule]] = {}
    for rule in pack.publication:
        for record_type in rule.record_types:
            publication.setdefault(record_type, []).append(rule)
    public_types = {
        record_type.id for record_type in pack.directory.record_types if record_type.public
    }
    by_list: dict[str, list[CompiledMeasure]] = {}
    by_level: dict[str, list[CompiledMeasure]] = {}
    for measure in pack.measures:
        compiled = _compile_measure(measure)
        for list_id in measure.targets.lists:
            by_list.setdefault(list_id, []).append(compiled)
        for level in measure.targets.rating_levels:
            by_level.setdefault(level, []).append(compiled)
    lists = tuple(_compile_list(definition) for definition in pack.lists)
    inputs = _compile_input(pack)
    record_types = pack.directory.record_types
    performance_types = frozenset(rt.id for rt in record_types if rt.proves_performance)
    performance_targets = frozenset(rt.id for rt in record_types if rt.repair_requires_performance)
    watched = {*performance_types, *performance_targets}
    for compiled_list in lists:
        watched.update(entry[0] for entry in compiled_list.entries)
        watched.update(exit_rule[0] for exit_rule in compiled_list.exits)
    for bar in pack.procedures.repeat_offender_bars:
        watched.update(bar.record_types)
    levels = sorted(pack.evaluation.levels, key=lambda level: -level.min_score)
    rules_by_type = {
        key: tuple(PubRule.of(rule) for rule in sorted(rules, key=_rule_order))
        for key, rules in publication.items()
        if key in public_types
    }
    return CompiledPack(
        pack,
        rules_by_type,
        {
            key: {}
            for key, rules in rules_by_type.items()
            if all(rule.plain and not rule.extend for rule in rules)
        },
        lists,
        {key: tuple(value) for key, value in by_list.items()},
        {key: tuple(value) for key, value in by_level.items()},
        inputs,
        tuple(level.level for level in levels),
        tuple((level.level, level.min_score) for level in levels),
        _action_keys(pack),
        _boundaries(pack),
        frozenset(watched),
        performance_types,
        performance_targets,
    )


_CACHE: dict[int, CompiledPack] = {}
_CACHE_SIZE = 16
_LOCK = threading.Lock()


def compile_pack(pack: Pack) -> CompiledPack:
    """The compiled form of ``pack``, computed once per pack object.

    Keyed by ``id(pack)``; the entry holds the pack itself, so the id cannot be
    reused by another object while cached.
    """
    compiled = _CACHE.get(id(pack))
    if compiled is not None and compiled.pack is pack:
        return compiled
    compiled = _compile(pack)
    with _LOCK:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[id(pack)] = compiled
    return compiled
