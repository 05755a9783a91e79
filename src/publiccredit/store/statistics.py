"""Statistics over the store, aggregated in SQL (SQLAlchemy Core; SQLite and PostgreSQL).

Three questions, each answered by grouping in the database, never by loading
records one by one:

* **records** per month (of the decision date) by agency kind (``samr`` of
  ``samr-440300``), province (USCC positions 3–4; natural persons have no
  code in the clear, so their records count under no province), severity and
  record type. Revoked records are left out: a revoked decision is void.
* **list entries** per month: records that put their subject on a list
  (the list's entry rules, given by the caller from the policy pack). The
  month is the record's ``effective_from`` or else its decision date, as the
  engine starts a membership (engine/lists.py). ``consecutive_years`` rules
  (three A ratings in a row) are matched with ``EXISTS`` on the earlier years.
* **cases** (objections and repairs): opened per month, decided per month and
  whether the decision came within its deadline. A decided case no longer
  carries the deadline it met, so the deadline is read from the case snapshot
  every case event carries (the latest one that still ran the deadline of the
  step that was decided); cases still waiting on the administration are those
  with a running administration deadline (``cases.next_due``), overdue when
  that day has passed.

Months are ``YYYY-MM`` text; a ``MonthRange`` limits every count to months
within it (both ends inclusive, either open).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from publiccredit.store.nodestore import ledger_size
from publiccredit.store.schema import cases, events, records

REVOKED = "revoked"
"""``records.status`` of a revoked record (left out of every count)."""

UNKNOWN = "unknown"
"""The key of a count whose dimension has no value (no severity, no province)."""

DECIDED_STATES = {
    "objection": ("upheld", "rejected", "not_accepted"),
    "repair": ("granted", "refused"),
}
"""Case states that are the competent agency's answer, per kind of case."""

DECIDING_EVENTS = ("objection.decided", "objection.accepted", "repair.decided")
"""Event kinds whose snapshot can carry one of ``DECIDED_STATES``."""

ANSWER_STEPS = ("decision", "acceptance")
"""Deadline steps an answer meets: ``acceptance`` for a refusal to accept, else ``decision``."""


@dataclass(frozen=True, slots=True)
class MonthRange:
    """Months ``first`` to ``last`` (``YYYY-MM``, inclusive); ``None``: open on that side."""

    first: str | None = None
    last: str | None = None

    def holds(self, month: str) -> bool:
        """True when ``month`` lies within the range."""
        return (self.first is None or self.first <= month) and (
            self.last is None or month <= self.last
        )


@dataclass(frozen=True, slots=True)
class EntryRule:
    """A record that puts its subject on list ``list_id`` (from the pack's ``EntryRule``).

    ``where`` pairs an ``extra`` field with its allowed values (a field holding
    a list of values is not matched here; the cn pack has none); ``valid_from``
    / ``valid_until`` bound the decision date (the list's validity);
    ``subject_kinds`` are the kinds of subject the list takes.
    """

    list_id: str
    record_type: str
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()
    consecutive_years: int | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    subject_kinds: tuple[str, ...] = ("entity",)

    def in_force_on(self, day: str) -> bool:
        """True when a record decided on ``day`` (ISO text) falls within the list's validity."""
        return (self.valid_from is None or self.valid_from.isoformat() <= day) and (
            self.valid_until is None or day <= self.valid_until.isoformat()
        )

    def matches(self, values: dict[str, str | None]) -> bool:
        """True when every ``where`` field holds one of its allowed values."""
        return all(values.get(name) in allowed for name, allowed in self.where)


@dataclass(frozen=True, slots=True)
class Count:
    """``count`` things of ``key`` in ``month``."""

    month: str
    key: str
    count: int


@dataclass(frozen=True, slots=True)
class CaseMonth:
    """Cases of ``kind`` in ``month``: opened, decided, and of those on time or late.

    ``no_deadline``: decided, but no deadline was running for the answer (or
    the snapshot that held it was erased).
    """

    kind: str
    month: str
    opened: int = 0
    decided: int = 0
    on_time: int = 0
    late: int = 0
    no_deadline: int = 0


@dataclass(frozen=True, slots=True)
class OpenCases:
    """Cases of ``kind`` waiting on the administration on ``as_of``; ``overdue`` of them late."""

    kind: str
    open: int
    overdue: int


@dataclass(frozen=True, slots=True)
class StoreStatistics:
    """Every count, read in one transaction at ledger size ``tree_size``."""

    tree_size: int
    as_of: date
    agencies: list[Count] = field(default_factory=list)
    provinces: list[Count] = field(default_factory=list)
    severities: list[Count] = field(default_factory=list)
    record_types: list[Count] = field(default_factory=list)
    list_entries: list[Count] = field(default_factory=list)
    cases: list[CaseMonth] = field(default_factory=list)
    open_cases: list[OpenCases] = field(default_factory=list)


def _record_text(table: sa.Table | Any, *path: str) -> ColumnElement[str]:
    """A text field of a stored record document (``content.record.<path>``)."""
    value: ColumnElement[str] = table.c.content[("record", *path)].as_string()
    return value


def _month(expression: ColumnElement[str]) -> ColumnElement[str]:
    return sa.func.substr(expression, 1, 7)


def _within(month: ColumnElement[str], months: MonthRange) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if months.first is not None:
        conditions.append(month >= months.first)
    if months.last is not None:
        conditions.append(month <= months.last)
    return conditions


def _sorted(counter: Counter[tuple[str, str]]) -> list[Count]:
    return [Count(month, key, n) for (month, key), n in sorted(counter.items()) if n]


def record_counts(
    conn: Connection, public_types: Sequence[str], months: MonthRange
) -> tuple[list[Count], list[Count], list[Count], list[Count]]:
    """Records of ``public_types`` per month by agency kind, province, severity, record type."""
    agency_kind = sa.func.substr(records.c.agency, 1, sa.func.length(records.c.agency) - 7)
    province = sa.case(
        (sa.func.length(records.c.subject_key) == 18, sa.func.substr(records.c.subject_key, 3, 2)),
        else_=sa.null(),
    )
    inner = (
        sa.select(
            _month(_record_text(records, "decided_on")).label("month"),
            agency_kind.label("agency_kind"),
            province.label("province"),
            _record_text(records, "severity").label("severity"),
            records.c.record_type,
        )
        .where(records.c.status != REVOKED, records.c.record_type.in_(list(public_types)))
        .subquery()
    )
    grouped = (
        sa.select(
            inner.c.month,
            inner.c.agency_kind,
            inner.c.province,
            inner.c.severity,
            inner.c.record_type,
            sa.func.count().label("n"),
        )
        .where(*_within(inner.c.month, months))
        .group_by(
            inner.c.month,
            inner.c.agency_kind,
            inner.c.province,
            inner.c.severity,
            inner.c.record_type,
        )
    )
    agencies: Counter[tuple[str, str]] = Counter()
    provinces: Counter[tuple[str, str]] = Counter()
    severities: Counter[tuple[str, str]] = Counter()
    types: Counter[tuple[str, str]] = Counter()
    for month, kind, region, severity, record_type, n in conn.execute(grouped):
        agencies[(month, kind)] += n
        provinces[(month, region or UNKNOWN)] += n
        severities[(month, severity or UNKNOWN)] += n
        types[(month, record_type)] += n
    return _sorted(agencies), _sorted(provinces), _sorted(severities), _sorted(types)


class _EntryGroup(NamedTuple):
    """Records of one type with the same start day, decision day and ``where`` values."""

    record_type: str
    subject_kind: str
    start: str
    decided: str
    values: dict[str, str | None]
    records: int


def _entry_groups(
    conn: Connection, rules: Sequence[EntryRule], months: MonthRange
) -> list[_EntryGroup]:
    """Entry-type records grouped by start day, decision day and the fields rules look at."""
    fields = sorted({name for rule in rules for name, _ in rule.where})
    start = sa.func.coalesce(
        _record_text(records, "effective_from"), _record_text(records, "decided_on")
    )
    inner = (
        sa.select(
            records.c.record_type,
            _record_text(records, "subject_kind").label("subject_kind"),
            start.label("start"),
            _record_text(records, "decided_on").label("decided"),
            *(_record_text(records, "extra", name).label(f"f{i}") for i, name in enumerate(fields)),
        )
        .where(
            records.c.status != REVOKED,
            records.c.record_type.in_(sorted({rule.record_type for rule in rules})),
        )
        .subquery()
    )
    columns = [inner.c.record_type, inner.c.subject_kind, inner.c.start, inner.c.decided]
    columns += [inner.c[f"f{i}"] for i in range(len(fields))]
    query = (
        sa.select(*columns, sa.func.count())
        .where(*_within(_month(inner.c.start), months))
        .group_by(*columns)
    )
    return [
        _EntryGroup(
            row[0], row[1], row[2], row[3], dict(zip(fields, row[4:-1], strict=True)), int(row[-1])
        )
        for row in conn.execute(query)
    ]


def _where(table: Any, rule: EntryRule) -> list[ColumnElement[bool]]:
    return [
        table.c.record_type == rule.record_type,
        table.c.status != REVOKED,
        *(_record_text(table, "extra", name).in_(list(allowed)) for name, allowed in rule.where),
    ]


def _consecutive(conn: Connection, rule: EntryRule, months: MonthRange) -> Counter[str]:
    """Records ending a run of ``consecutive_years`` matching records, by start month."""
    current, earlier = records.alias("current"), records.alias("earlier")
    year = current.c.content[("record", "extra", "year")].as_integer()
    runs = [
        sa.exists(
            sa.select(sa.literal(1)).where(
                earlier.c.subject_key == current.c.subject_key,
                earlier.c.content[("record", "extra", "year")].as_integer() == year - back,
                *_where(earlier, rule),
            )
        )
        for back in range(1, rule.consecutive_years or 1)
    ]
    start = sa.func.coalesce(
        _record_text(current, "effective_from"), _record_text(current, "decided_on")
    )
    inner = (
        sa.select(start.label("start"), _record_text(current, "decided_on").label("decided"))
        .where(
            *_where(current, rule),
            _record_text(current, "subject_kind").in_(list(rule.subject_kinds)),
            year.is_not(None),
            *runs,
        )
        .subquery()
    )
    query = (
        sa.select(inner.c.start, inner.c.decided, sa.func.count())
        .where(*_within(_month(inner.c.start), months))
        .group_by(inner.c.start, inner.c.decided)
    )
    found: Counter[str] = Counter()
    for start_day, decided, n in conn.execute(query):
        if rule.in_force_on(decided):
            found[start_day[:7]] += n
    return found


def list_entries(conn: Connection, rules: Sequence[EntryRule], months: MonthRange) -> list[Count]:
    """Records that put their subject on each list, per month the membership starts."""
    counts: Counter[tuple[str, str]] = Counter()
    plain = [rule for rule in rules if not rule.consecutive_years]
    if plain:
        for group in _entry_groups(conn, plain, months):
            lists = {
                rule.list_id
                for rule in plain
                if rule.record_type == group.record_type
                and group.subject_kind in rule.subject_kinds
                and rule.in_force_on(group.decided)
                and rule.matches(group.values)
            }
            for list_id in lists:
                counts[(group.start[:7], list_id)] += group.records
    for rule in rules:
        if rule.consecutive_years:
            for month, n in _consecutive(conn, rule, months).items():
                counts[(month, rule.list_id)] += n
    return _sorted(counts)


def _payload(dialect: str) -> Any:
    """``events.payload`` (JSON text) as a JSON value the dialect can look into."""
    if dialect == "postgresql":
        return sa.cast(events.c.payload, postgresql.JSONB)
    return sa.type_coerce(events.c.payload, sa.JSON)


def _answer_dues(conn: Connection) -> Any:
    """Per (case, step): the last day of the latest snapshot's running deadline of that step."""
    dialect = conn.dialect.name
    payload = _payload(dialect)
    if dialect == "postgresql":
        each = sa.func.jsonb_array_elements(payload[("case", "deadlines")])
        element = each.table_valued("value").lateral("deadline")
        value = sa.type_coerce(element.c.value, postgresql.JSONB)
        step, due = value["step"].astext, value["due_on"].astext
    else:
        element = sa.func.json_each(events.c.payload, "$.case.deadlines").table_valued("value")
        element = element.alias("deadline")
        step = sa.func.json_extract(element.c.value, "$.step")
        due = sa.func.json_extract(element.c.value, "$.due_on")
    case_id = payload[("case_id",)].as_string()
    latest = sa.func.row_number().over(partition_by=(case_id, step), order_by=events.c.seq.desc())
    ranked = (
        sa.select(
            case_id.label("case_id"), step.label("step"), due.label("due"), latest.label("latest")
        )
        .select_from(events.join(element, sa.true()))
        .where(
            events.c.kind.like("objection.%")
            | events.c.kind.like("repair.%")
            | events.c.kind.like("case.%")
        )
        .where(step.in_(ANSWER_STEPS))
        .subquery()
    )
    return (
        sa.select(ranked.c.case_id, ranked.c.step, ranked.c.due)
        .where(ranked.c.latest == 1)
        .subquery("dues")
    )


def _answers(conn: Connection) -> Any:
    """Per decided case: its kind, the answer's day and the deadline step it met."""
    payload = _payload(conn.dialect.name)
    state = payload[("case", "state")].as_string()
    decided_states = sorted({s for states in DECIDED_STATES.values() for s in states})
    inner = (
        sa.select(
            payload[("case_id",)].as_string().label("case_id"),
            payload[("case_kind",)].as_string().label("kind"),
            payload[("on",)].as_string().label("day"),
            sa.case((state == "not_accepted", "acceptance"), else_="decision").label("step"),
            sa.func.row_number()
            .over(partition_by=payload[("case_id",)].as_string(), order_by=events.c.seq)
            .label("first"),
        )
        .where(events.c.kind.in_(DECIDING_EVENTS), state.in_(decided_states))
        .subquery()
    )
    return sa.select(inner).where(inner.c.first == 1).subquery("answers")


def case_counts(
    conn: Connection, kinds: Sequence[str], as_of: date, months: MonthRange
) -> tuple[list[CaseMonth], list[OpenCases]]:
    """Objections and repairs: opened and decided per month, deadline kept or missed; open now."""
    table: dict[tuple[str, str], Counter[str]] = {}
    opened_month = _month(cases.c.opened_at)
    opened = (
        sa.select(cases.c.kind, opened_month, sa.func.count())
        .where(cases.c.kind.in_(list(kinds)), *_within(opened_month, months))
        .group_by(cases.c.kind, opened_month)
    )
    for kind, month, n in conn.execute(opened):
        table.setdefault((kind, month), Counter())["opened"] += n
    answers, dues = _answers(conn), _answer_dues(conn)
    verdict = sa.case(
        (dues.c.due.is_(None), "no_deadline"),
        (answers.c.day <= dues.c.due, "on_time"),
        else_="late",
    ).label("verdict")
    joined = answers.outerjoin(
        dues, sa.and_(dues.c.case_id == answers.c.case_id, dues.c.step == answers.c.step)
    )
    inner = (
        sa.select(answers.c.kind, _month(answers.c.day).label("month"), verdict)
        .select_from(joined)
        .where(answers.c.kind.in_(list(kinds)))
        .subquery()
    )
    decided = (
        sa.select(inner.c.kind, inner.c.month, inner.c.verdict, sa.func.count())
        .where(*_within(inner.c.month, months))
        .group_by(inner.c.kind, inner.c.month, inner.c.verdict)
    )
    for kind, month, outcome, n in conn.execute(decided):
        counter = table.setdefault((kind, month), Counter())
        counter["decided"] += n
        counter[outcome] += n
    monthly = [
        CaseMonth(kind, month, **{name: c[name] for name in _CASE_FIELDS})
        for (kind, month), c in sorted(table.items())
    ]
    return monthly, open_cases(conn, kinds, as_of)


_CASE_FIELDS = ("opened", "decided", "on_time", "late", "no_deadline")


def open_cases(conn: Connection, kinds: Sequence[str], as_of: date) -> list[OpenCases]:
    """Cases with a running administration deadline, and those past it on ``as_of``."""
    overdue = sa.func.sum(sa.case((cases.c.next_due < as_of, 1), else_=0))
    query = (
        sa.select(cases.c.kind, sa.func.count(), overdue)
        .where(cases.c.kind.in_(list(kinds)), cases.c.next_due.is_not(None))
        .group_by(cases.c.kind)
    )
    found = {kind: (int(n), int(late or 0)) for kind, n, late in conn.execute(query)}
    return [OpenCases(kind, *found.get(kind, (0, 0))) for kind in kinds]


def read_statistics(
    conn: Connection,
    *,
    public_types: Sequence[str],
    entry_rules: Sequence[EntryRule],
    case_kinds: Sequence[str],
    as_of: date,
    months: MonthRange,
) -> StoreStatistics:
    """Every count at once, in ``conn``'s transaction (read it in one snapshot)."""
    agencies, provinces, severities, types = record_counts(conn, public_types, months)
    monthly, still_open = case_counts(conn, case_kinds, as_of, months)
    return StoreStatistics(
        tree_size=ledger_size(conn),
        as_of=as_of,
        agencies=agencies,
        provinces=provinces,
        severities=severities,
        record_types=types,
        list_entries=list_entries(conn, entry_rules, months),
        cases=monthly,
        open_cases=still_open,
    )
