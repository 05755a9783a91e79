"""``/v1/statistics``: counts over time (lists, agencies, regions, severity) and case deadlines.

``statistics_for`` is the one data function: this endpoint renders it as JSON
and the portal's statistics page (``web/statistics_pages.py``) as charts and
tables. It turns the active pack into what the store's SQL needs (the public
record types, the entry rules of the public lists) and keeps the answer per
ledger size (``api.statistics_cache``: the ledger grows with every event that
could change a count; a slightly older answer may be served for a few minutes
while a fresh one is counted, and always says the size it was read at).
Like every public view it counts only record types the directory marks public
and public lists.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from datetime import date

from fastapi import APIRouter, Query
from pydantic import BaseModel

from publiccredit.api.auth import PUBLIC, PUBLIC_OPERATION, Caller, CallerDep
from publiccredit.api.state import ApiState, StateDep
from publiccredit.api.statistics_cache import StaleWhileRefreshing
from publiccredit.errors import InvalidInput, Problem
from publiccredit.policy.model import Pack
from publiccredit.store.nodestore import ledger_size
from publiccredit.store.statistics import (
    EntryRule,
    MonthRange,
    StoreStatistics,
    read_statistics,
)

router = APIRouter(prefix="/v1/statistics", tags=["statistics"])
logger = logging.getLogger(__name__)

CASE_KINDS = ("objection", "repair")
"""The procedures whose deadline compliance is counted."""

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class CountOut(BaseModel):
    """``count`` of ``key`` in ``month`` (``YYYY-MM``)."""

    month: str
    key: str
    count: int


class CaseMonthOut(BaseModel):
    """Cases of ``kind`` in ``month``: opened; decided, and of those on time, late, or with
    no deadline running."""

    kind: str
    month: str
    opened: int
    decided: int
    on_time: int
    late: int
    no_deadline: int


class OpenCasesOut(BaseModel):
    """Cases of ``kind`` waiting on the administration now; ``overdue`` of them past due."""

    kind: str
    open: int
    overdue: int


class StatisticsOut(BaseModel):
    """Every count, read in one snapshot at ledger size ``tree_size``, as of ``as_of``."""

    tree_size: int
    as_of: date
    policy_version: str
    from_month: str | None
    to_month: str | None
    list_entries: list[CountOut]
    records_by_agency: list[CountOut]
    records_by_province: list[CountOut]
    records_by_severity: list[CountOut]
    records_by_category: list[CountOut]
    records_by_type: list[CountOut]
    cases: list[CaseMonthOut]
    open_cases: list[OpenCasesOut]


def _month(value: str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if not MONTH.match(value):
        raise InvalidInput(
            "invalid month", (Problem("a month written YYYY-MM, e.g. 2024-03", name, value[:20]),)
        )
    return value


def parse_months(first: str | None, last: str | None) -> MonthRange:
    """``from`` / ``to`` query values as a ``MonthRange``; ``InvalidInput`` naming the field."""
    months = MonthRange(_month(first, "from"), _month(last, "to"))
    if months.first and months.last and months.first > months.last:
        problem = Problem(f"must not be after to ({months.last})", "from", months.first)
        raise InvalidInput("invalid month range", (problem,))
    return months


def entry_rules(pack: Pack) -> list[EntryRule]:
    """The entry rules of the pack's public lists, as the store's SQL takes them."""
    return [
        EntryRule(
            definition.id,
            entry.record_type,
            tuple((name, tuple(values)) for name, values in entry.where.items()),
            entry.consecutive_years,
            definition.valid_from,
            definition.valid_until,
            tuple(kind.value for kind in definition.subject_kinds),
        )
        for definition in pack.lists
        if definition.public
        for entry in definition.entry
    ]


def public_types(pack: Pack) -> list[str]:
    """Record types the directory marks public (the only ones counted)."""
    return sorted(t.id for t in pack.directory.record_types if t.public)


def _counts(found: Sequence[object]) -> list[CountOut]:
    return [CountOut.model_validate(item, from_attributes=True) for item in found]


def _by_category(pack: Pack, found: StoreStatistics) -> list[CountOut]:
    totals: dict[tuple[str, str], int] = {}
    for item in found.record_types:
        known = pack.record_types.get(item.key)
        key = (item.month, known.category if known else item.key)
        totals[key] = totals.get(key, 0) + item.count
    return [CountOut(month=m, key=k, count=n) for (m, k), n in sorted(totals.items())]


def _render(pack: Pack, months: MonthRange, found: StoreStatistics) -> StatisticsOut:
    return StatisticsOut(
        tree_size=found.tree_size,
        as_of=found.as_of,
        policy_version=pack.version,
        from_month=months.first,
        to_month=months.last,
        list_entries=_counts(found.list_entries),
        records_by_agency=_counts(found.agencies),
        records_by_province=_counts(found.provinces),
        records_by_severity=_counts(found.severities),
        records_by_category=_by_category(pack, found),
        records_by_type=_counts(found.record_types),
        cases=[CaseMonthOut.model_validate(c, from_attributes=True) for c in found.cases],
        open_cases=[OpenCasesOut.model_validate(c, from_attributes=True) for c in found.open_cases],
    )


CACHE: StaleWhileRefreshing[StatisticsOut] = StaleWhileRefreshing()
"""This process's answers (``api.statistics_cache``)."""


def _isolation(state: ApiState) -> str:
    return "SERIALIZABLE" if state.engine.dialect.name == "sqlite" else "REPEATABLE READ"


def statistics_for(
    state: ApiState, who: Caller, first: str | None = None, last: str | None = None
) -> StatisticsOut:
    """The statistics for months ``first``..``last`` (``YYYY-MM``, either open), every count
    read in one database snapshot; answers are kept per ledger size (``statistics_cache``)."""
    del who  # public: every role may read them (the caller was rate limited already)
    months = parse_months(first, last)
    today = state.today()
    key = (id(state.engine), str(state.engine.url), state.pack.version, months, today)
    with state.engine.connect() as conn:
        size = ledger_size(conn)

    def compute() -> tuple[int, StatisticsOut]:
        engine = state.engine.execution_options(isolation_level=_isolation(state))
        with engine.connect() as conn, conn.begin():
            found = read_statistics(
                conn,
                public_types=public_types(state.pack),
                entry_rules=entry_rules(state.pack),
                case_kinds=CASE_KINDS,
                as_of=today,
                months=months,
            )
        return found.tree_size, _render(state.pack, months, found)

    return CACHE.get(key, size, compute)


@router.get(
    "",
    response_model=StatisticsOut,
    openapi_extra=PUBLIC_OPERATION,
    summary="Counts over time and case deadlines",
)
def statistics(
    state: StateDep,
    who: CallerDep,
    first: str | None = Query(None, alias="from", description="First month, YYYY-MM."),
    last: str | None = Query(None, alias="to", description="Last month, YYYY-MM."),
) -> StatisticsOut:
    """List entries, records by agency kind, province, severity and category per month;
    objections and repairs opened and decided per month, within their deadline or late;
    cases waiting on the administration now and how many are overdue."""
    return statistics_for(state, who, first, last)


def warm(state: ApiState) -> threading.Thread:
    """Count the statistics once in the background, so the first visitor of a big store
    does not wait for the count (seconds per hundred thousand records on SQLite)."""

    def run() -> None:
        try:
            statistics_for(state, Caller(PUBLIC, client="start-up"))
        except Exception:  # a failed warm-up only means the first visitor counts
            logger.warning("counting the statistics at start-up failed", exc_info=True)

    thread = threading.Thread(target=run, name="statistics-warm-up", daemon=True)
    thread.start()
    return thread
