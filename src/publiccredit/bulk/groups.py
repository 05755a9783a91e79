"""The per-subject core every bulk engine runs: columns in, assessment rows out.

DuckDB and Spark only differ in how they cut the records into subject groups
and where the groups run; each hands a table of whole subjects (sorted by
``subject_key``, ``seq``) to ``assess_tables``, which calls the online path's own
``assess_stored`` on each subject's records and facts and serialises each
assessment once, exactly as the online path stores it (``assessment_row``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from publiccredit.bulk.columns import (
    ASSESSMENT_SCHEMA,
    facts_from_columns,
    records_from_columns,
    to_table,
)
from publiccredit.domain.facts import Fact
from publiccredit.policy import default_pack, load_pack
from publiccredit.policy.model import Pack
from publiccredit.service.assessments import assess_stored, assessment_row

_PACKS: dict[str | None, Pack] = {}


@dataclass(frozen=True, slots=True)
class BulkJob:
    """One bulk assessment: the export's records and facts files, where to write the
    assessment parts, the pack (``None``: the cn pack), the day, and the export's tree size
    (the assessments' ``through_seq``)."""

    records: Path
    facts: Path
    out: Path
    pack_path: Path | None
    as_of: date
    through_seq: int

    @property
    def pack_name(self) -> str | None:
        """The pack path as text, for worker processes (``pack_for``)."""
        return None if self.pack_path is None else str(self.pack_path)


def pack_for(path: str | None) -> Pack:
    """The pack at ``path`` (``None``: the packaged cn pack), loaded once per process.

    Worker processes (DuckDB's pool, Spark's Python workers) get the path, not
    the pack, and load it on first use.
    """
    pack = _PACKS.get(path)
    if pack is None:
        pack = _PACKS[path] = default_pack() if path is None else load_pack(Path(path))
    return pack


def subject_runs(keys: list[str]) -> Iterator[tuple[str, int, int]]:
    """``(key, start, end)`` of each run of equal keys in a sorted list."""
    start = 0
    for index in range(1, len(keys) + 1):
        if index == len(keys) or keys[index] != keys[start]:
            yield keys[start], start, index
            start = index


def sort_subjects(records: pa.Table, facts: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Both tables in (subject, ledger) order, for engines that do not keep it."""
    records = records.take(
        pc.sort_indices(records, [("subject_key", "ascending"), ("seq", "ascending")])
    )
    facts = facts.take(
        pc.sort_indices(facts, [("subject_key", "ascending"), ("position", "ascending")])
    )
    return records, facts


def assess_tables(
    records: pa.Table, facts: pa.Table, pack: Pack, as_of: date, through_seq: int
) -> pa.Table:
    """Assess every subject in ``records`` (sorted by subject, then ``seq``) with its facts
    (sorted by subject, then ``position``); one ``ASSESSMENT_SCHEMA`` row per subject."""
    found = records_from_columns(records)
    fact_objects = facts_from_columns(facts)
    by_subject: dict[str, list[Fact]] = {}
    for key, start, end in subject_runs(facts.column("subject_key").to_pylist()):
        by_subject[key] = fact_objects[start:end]
    rows = []
    for key, start, end in subject_runs(records.column("subject_key").to_pylist()):
        assessment = assess_stored(found[start:end], by_subject.get(key, ()), pack, as_of)
        rows.append(assessment_row(key, assessment, as_of, through_seq))
    return to_table(rows, ASSESSMENT_SCHEMA)
