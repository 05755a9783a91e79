"""Ingesting record files: each file one atomic batch, streamed in chunks.

``ingest_file`` reads a file through ``read_records`` (every row checked
against the pack's directory), hands the good rows to a ``service.Submission``
in chunks of ``CHUNK_ROWS`` and, in the same transaction, re-assesses every
subject the file touched. Memory stays bounded by the chunk size and the set
of touched subjects, whatever the file's size.

* Default: one bad row (or a conflict with a stored record) refuses the whole
  file — the transaction is rolled back, nothing is stored, and every
  problem is reported.
* ``skip_invalid``: the good rows are stored, the bad ones are reported
  (``rejected_rows`` says which, to write them out for fixing).
* A file-level problem (unreadable file, bad header) always refuses the file.
* A row that would put its subject on a list that takes effect only through
  the listing procedure (``procedures.gate``: the serious list, the abnormal
  list …) is a bad row: the agency opens a listing case instead. Only the
  operator's ``legacy_listings`` (``ingest --legacy-listings``) lets such rows
  in — lists decided, with their notice, before this platform took over —
  and the summary counts them. Without it, a new listing effective on its
  own decision (a court's) gets its notice served (``service.notices``).

A crash at any moment leaves the file's batch wholly stored or not at all;
sending the file again is then safe (same content is a no-op).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from publiccredit.domain.record import Record
from publiccredit.errors import InvalidInput, Problem
from publiccredit.ingest.readers import format_of, read_records
from publiccredit.policy.directory_check import agency_kind
from publiccredit.policy.model import Pack
from publiccredit.procedures.calendar import WorkingCalendar
from publiccredit.procedures.gate import direct_submission_problem
from publiccredit.service import Submission
from publiccredit.store.personal import PersonalDataKeys
from publiccredit.store.unit import lock_ledger

CHUNK_ROWS = 5000
"""Rows per round trip: large enough for bulk statements, small enough for memory."""

MAX_KEPT_PROBLEMS = 1000
"""Problems kept in the summary (all of them go to ``on_problem``, e.g. the report file)."""

ProblemSink = Callable[[Problem, str], None]
"""Receives every problem with its level (``error`` or ``warning``)."""


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How to ingest: whose file, what is allowed, which dates."""

    as_of: date
    now: datetime
    agency: str | None = None
    corrections: bool = False
    skip_invalid: bool = False
    legacy_listings: bool = False
    calendar: WorkingCalendar | None = None


@dataclass(slots=True)
class FileSummary:
    """What happened to one file."""

    file: str
    format: str
    rows: int = 0
    stored: int = 0
    unchanged: int = 0
    corrected: int = 0
    rejected: int = 0
    warnings: int = 0
    subjects_assessed: int = 0
    legacy_listings: int = 0
    removal_cases_opened: int = 0
    notices_served: int = 0
    committed: bool = False
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    problems_total: int = 0
    rejected_rows: set[int] = field(default_factory=set)

    def to_json(self) -> dict[str, Any]:
        """The per-file block of ``ingest --json``."""
        return {
            "file": self.file,
            "format": self.format,
            "rows": self.rows,
            "stored": self.stored,
            "unchanged": self.unchanged,
            "corrected": self.corrected,
            "rejected": self.rejected,
            "warnings": self.warnings,
            "subjects_assessed": self.subjects_assessed,
            "legacy_listings": self.legacy_listings,
            "removal_cases_opened": self.removal_cases_opened,
            "notices_served": self.notices_served,
            "committed": self.committed,
            "seconds": round(self.seconds, 3),
            "records_per_second": round(self.rows / self.seconds) if self.seconds else None,
            "problems_total": self.problems_total,
            "problems": [problem_json(p) for p in self.problems],
        }


def problem_json(problem: Problem) -> dict[str, Any]:
    """A problem as JSON: file, row, field, value, reason."""
    return {
        "file": problem.file,
        "row": problem.row,
        "field": problem.field,
        "value": problem.value,
        "reason": problem.reason,
    }


def check_agency(code: str) -> None:
    """Refuse an ``--agency`` that is not an agency code (``<kind>-<region6>``)."""
    if agency_kind(code) is None:
        problem = Problem("must be an agency code such as samr-440300", "--agency", code)
        raise InvalidInput("bad value for --agency", (problem,))


class _FileRun:
    """The state of one file's ingest (one transaction)."""

    def __init__(self, summary: FileSummary, options: IngestOptions, sink: ProblemSink | None):
        self.summary = summary
        self.options = options
        self.sink = sink

    def problem(self, problem: Problem, level: str = "error") -> None:
        if level == "error":
            self.summary.problems_total += 1
            if len(self.summary.problems) < MAX_KEPT_PROBLEMS:
                self.summary.problems.append(problem)
        if self.sink is not None:
            self.sink(problem, level)

    def reject(self, row: int, problems: tuple[Problem, ...] | list[Problem]) -> None:
        if row not in self.summary.rejected_rows:
            self.summary.rejected_rows.add(row)
            self.summary.rejected += 1
        for problem in problems:
            self.problem(problem)

    def wrong_agency(self, row: int, record: Record) -> Problem | None:
        agency = self.options.agency
        if agency is None or record.agency == agency:
            return None
        reason = f"this file is {agency}'s submission; a row may not name another agency"
        return Problem(reason, "agency", record.agency, row, self.summary.file)

    def bypass(self, row: int, record: Record, pack: Pack) -> Problem | None:
        """The row would list its subject without the listing procedure (``procedures.gate``)."""
        problem = direct_submission_problem(pack, record, row)
        if problem is None:
            return None
        if self.options.legacy_listings:
            self.summary.legacy_listings += 1
            return None
        return replace(problem, file=self.summary.file)


def ingest_file(
    engine: Engine,
    path: Path,
    pack: Pack,
    keys: PersonalDataKeys,
    options: IngestOptions,
    *,
    on_problem: ProblemSink | None = None,
    on_rows: Callable[[int], None] | None = None,
    on_assessed: Callable[[int], None] | None = None,
) -> FileSummary:
    """Ingest one file as one atomic batch (see the module docstring)."""
    started = time.perf_counter()
    summary = FileSummary(str(path), format_of(path))
    run = _FileRun(summary, options, on_problem)
    try:
        results = read_records(path, today=options.as_of, pack=pack)
    except InvalidInput as error:
        run.reject(0, [Problem(error.message, file=str(path))])
        summary.seconds = time.perf_counter() - started
        return summary
    with engine.connect() as conn:
        lock_ledger(conn)  # the unit of work: the writers' lock first (store/unit.py)
        transaction = conn.get_transaction()
        assert transaction is not None
        try:
            submission = Submission(
                conn, pack, keys, options.as_of, options.now, options.corrections,
                options.calendar, serve_notices=not options.legacy_listings,
            )  # fmt: skip
            file_refused = _read_into(run, results, submission, on_rows)
            refuse = file_refused or (summary.rejected > 0 and not options.skip_invalid)
            if not refuse:
                summary.subjects_assessed = submission.finish(on_assessed)
                summary.removal_cases_opened = submission.removals_opened
                summary.notices_served = submission.notices_served
                transaction.commit()
                summary.committed = True
                counts = submission.counts
                summary.stored, summary.unchanged = counts.stored, counts.unchanged
                summary.corrected = counts.corrected
        finally:
            if transaction.is_active:
                transaction.rollback()
    summary.seconds = time.perf_counter() - started
    return summary


def _read_into(
    run: _FileRun,
    results: Any,
    submission: Submission,
    on_rows: Callable[[int], None] | None,
) -> bool:
    """Feed the file's rows to the submission; True when the file as a whole is refused."""
    summary = run.summary
    chunk: list[tuple[int, Record, tuple[Problem, ...]]] = []

    def flush() -> None:
        for conflict in submission.add(chunk):
            run.reject(conflict.row or 0, [replace(conflict, file=summary.file)])
        if on_rows is not None:
            on_rows(len(chunk))
        chunk.clear()

    for result in results:
        if result.row == 0:
            run.reject(0, result.problems)
            return True
        summary.rows += 1
        record = result.record
        if record is None:
            run.reject(result.row, result.problems)
            continue
        wrong = run.wrong_agency(result.row, record) or run.bypass(
            result.row, record, submission.pack
        )
        if wrong is not None:
            run.reject(result.row, [wrong])
            continue
        if result.warnings:
            summary.warnings += 1
            for warning in result.warnings:
                run.problem(warning, "warning")
        chunk.append((result.row, record, result.warnings))
        if len(chunk) >= CHUNK_ROWS:
            flush()
    if chunk:
        flush()
    return False
