"""Submitting records: the one place where record events are appended.

A ``Submission`` lives inside one database transaction (the caller's). For
each chunk of checked records it looks up the stored ones in bulk, decides
per record — new (``record.submitted``), the same content again (nothing),
different content (``record.corrected`` when corrections are allowed, else a
conflict) — appends the events, and writes the ``records`` rows. ``finish``
re-assesses every subject the batch touched, once, and saves the subjects
and assessments; the batch's new records are kept in memory for it (at most
``FRESH_RECORDS``), so they need not be read back and decoded. Commit the
transaction and all of it is stored; roll it back (or crash) and none of it is.
A record that cures a listing's ground (an annual report filed late) opens,
in the same transaction, the removal case the agency must decide in time
(``service.cures``; ``calendar`` counts its deadline, default the package's).
With ``serve_notices`` (the entry paths set it) a new listing that is
effective on its own decision (a court's) gets its notice served
(``service.notices``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Connection

from publiccredit.domain.event import EventKind, format_instant
from publiccredit.domain.record import Record
from publiccredit.errors import Problem
from publiccredit.policy.model import Pack
from publiccredit.procedures.calendar import WorkingCalendar, default_calendar
from publiccredit.service.assessments import Fresh, Progress, reassess
from publiccredit.service.cures import (
    Cure,
    close_by_exit_records,
    cure_exit_types,
    cure_types,
    open_cure_removals,
)
from publiccredit.service.notices import noticed_list, serve_decision_notices
from publiccredit.service.protect import Protected, protect
from publiccredit.store.events import PreparedEvent, append_prepared
from publiccredit.store.nodestore import ledger_size
from publiccredit.store.personal import PersonalDataKeys
from publiccredit.store.projections import (
    RecordKey,
    StoredRecord,
    insert_records,
    lookup_records,
    refresh_planner_statistics,
    update_records,
)
from publiccredit.store.responsible import link_persons

SUBMITTED = EventKind.RECORD_SUBMITTED.value
CORRECTED = EventKind.RECORD_CORRECTED.value

FRESH_RECORDS = 100_000
"""Most new records kept in memory for the re-assessment (beyond that, they are read back).

A kept record costs about 1 KB (measured with ``tracemalloc``, strings included), so
this bounds the cache near 100 MiB. Reading a batch back instead cost ~40 % of a
43,000-record ingest (parsing every stored document again), so the bound is set by
memory, not at the 20,000 it was."""
ANALYZE_AFTER = 10_000
"""A batch that has written this many records refreshes the planner's statistics
(``store.projections.refresh_planner_statistics``), and again each time it doubles."""


@dataclass(slots=True)
class Counts:
    """What a submission did, record by record."""

    stored: int = 0
    unchanged: int = 0
    corrected: int = 0
    conflicts: int = 0


@dataclass(slots=True)
class _Touched:
    """What the batch did to one subject (for its ``subjects`` row)."""

    first_seq: int | None = None
    last_seq: int | None = None
    sealed: bytes | None = None

    def saw(self, seq: int) -> None:
        if self.first_seq is None:
            self.first_seq = seq
        self.last_seq = seq

    def row(self) -> dict[str, Any]:
        row: dict[str, Any] = {}
        if self.first_seq is not None:
            row["first_event_seq"] = self.first_seq
            row["last_event_seq"] = self.last_seq
        if self.sealed is not None:
            row["id_number_encrypted"] = self.sealed
        return row


def occurred_at(day: date) -> str:
    """The ``occurred_at`` of a record's event: midnight UTC of its decision date."""
    return f"{day.isoformat()}T00:00:00.000000Z"


@dataclass
class Submission:
    """One atomic batch of records in the caller's transaction (see the module docstring)."""

    conn: Connection
    pack: Pack
    keys: PersonalDataKeys
    as_of: date
    now: datetime
    corrections: bool = False
    calendar: WorkingCalendar | None = None
    only_corrections: bool = False
    """Every row must correct a stored record (the API's corrections endpoint)."""
    counts: Counts = field(default_factory=Counts)
    serve_notices: bool = False
    removals_opened: int = 0
    notices_served: int = 0
    _noticed: list[tuple[str, Record]] = field(default_factory=list)
    _cures: list[Cure] = field(default_factory=list)
    _cure_types: frozenset[str] = frozenset()
    _exits: list[tuple[str, RecordKey, str]] = field(default_factory=list)
    _exit_types: frozenset[str] = frozenset()
    _corrected_in_batch: dict[RecordKey, tuple[int, str]] = field(default_factory=dict)
    _touched: dict[str, _Touched] = field(default_factory=dict)
    _analysed_at: int = 0
    _recorded_at: str = ""
    _base_seq: int | None = None
    _fresh: dict[str, list[Record]] | None = field(default_factory=dict)
    _fresh_count: int = 0
    _read_back: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._recorded_at = format_instant(self.now)
        self._cure_types = cure_types(self.pack)
        self._exit_types = cure_exit_types(self.pack)

    @property
    def affected(self) -> int:
        """How many subjects the batch has touched so far."""
        return len(self._touched)

    def add(self, rows: Sequence[tuple[int, Record, Sequence[Problem]]]) -> list[Problem]:
        """Store a chunk of ``(row number, checked record, warnings)``; the conflicts."""
        protected = [
            (row, protect(record, self.keys, warns, self.now)) for row, record, warns in rows
        ]
        stored = lookup_records(self.conn, (p.record.key for _, p in protected))
        seen: dict[RecordKey, StoredRecord] = {}
        events: list[PreparedEvent] = []
        inserts: list[tuple[Protected, int]] = []
        updates: list[tuple[Protected, int, str]] = []
        conflicts: list[Problem] = []
        for row, item in protected:
            key = item.record.key
            before = seen.get(key) or stored.get(key)
            refused = self._refuse_correction(row, item, stored.get(key) is not None)
            if refused is not None:
                self.counts.conflicts += 1
                conflicts.append(refused)
                continue
            if before is None:
                kind = SUBMITTED
                inserts.append((item, len(events)))
            elif before.content_hash == item.content_hash:
                self.counts.unchanged += 1
                continue
            elif self.corrections:
                kind = CORRECTED
                status = "revoked" if before.status == "revoked" else "corrected"
                updates.append((item, len(events), status))
                self._touched.setdefault(before.subject_key, _Touched())
            else:
                self.counts.conflicts += 1
                conflicts.append(_conflict(row, item.record))
                continue
            seen[key] = StoredRecord(
                item.subject_key, item.content_hash, before.status if before else "submitted"
            )
            events.append(
                PreparedEvent(
                    kind,
                    item.subject_key,
                    occurred_at(item.record.decided_on),
                    self._recorded_at,
                    item.record.agency,
                    item.document_json,
                )
            )
        seqs = append_prepared(self.conn, events)
        if seqs and self._base_seq is None:
            self._base_seq = seqs[0] - 1
        self._remember(inserts, updates, stored)
        for item, index in (*inserts, *((item, index) for item, index, _ in updates)):
            touched = self._touched.setdefault(item.subject_key, _Touched())
            touched.saw(seqs[index])
            if item.id_number_sealed is not None and touched.sealed is None:
                touched.sealed = item.id_number_sealed
        self._cures += [
            Cure(item.subject_key, item.record.key, item.record.record_type,
                 item.record.decided_on, item.record.extra)
            for item, _ in inserts
            if item.record.record_type in self._cure_types
        ]  # fmt: skip
        if self.serve_notices:
            self._noticed += [
                (item.subject_key, item.stored_record)
                for item, _ in inserts
                if noticed_list(self.pack, item.record) is not None
            ]
        self._exits += [
            (item.subject_key, item.record.key, item.record.refers_to)
            for item, _ in inserts
            if item.record.record_type in self._exit_types and item.record.refers_to
        ]
        insert_records(self.conn, [_insert_row(item, seqs[index]) for item, index in inserts])
        update_records(
            self.conn, [_update_row(item, seqs[index], status) for item, index, status in updates]
        )
        link_persons(
            self.conn,
            (
                (person, item.subject_key, role)
                for item, _index in (*inserts, *((item, index) for item, index, _ in updates))
                for role, person in item.person_links
            ),
        )
        self.counts.stored += len(inserts)
        self.counts.corrected += len(updates)
        self._refresh_statistics()
        return conflicts

    def _refuse_correction(self, row: int, item: Protected, was_stored: bool) -> Problem | None:
        """Why this row may not be a correction: it corrects nothing stored (only when
        ``only_corrections``), or the batch corrects the same record twice differently."""
        if not self.corrections:
            return None
        record = item.record
        key = record.key
        name = f"{record.agency}/{record.source_record_id}"
        if self.only_corrections and not was_stored:
            reason = f"no stored record {name} to correct; submit it as a new record"
            return Problem(reason, "source_record_id", record.source_record_id, row)
        earlier = self._corrected_in_batch.get(key)
        if earlier is not None and earlier[1] != item.content_hash:
            reason = (
                f"record {name} is corrected twice in one batch with different content "
                f"(rows {earlier[0]} and {row}); send one correction"
            )
            return Problem(reason, "source_record_id", record.source_record_id, row)
        self._corrected_in_batch.setdefault(key, (row, item.content_hash))
        return None

    def _refresh_statistics(self) -> None:
        """Analyse the tables each time this batch has doubled what it wrote (from
        ``ANALYZE_AFTER`` on): the planner then keeps using the indexes for the batch's
        own look-ups and re-assessment, at a logarithmic number of ``ANALYZE`` runs."""
        written = self.counts.stored + self.counts.corrected
        if written >= max(ANALYZE_AFTER, 2 * self._analysed_at):
            refresh_planner_statistics(self.conn)
            self._analysed_at = written

    def _remember(
        self,
        inserts: list[tuple[Protected, int]],
        updates: list[tuple[Protected, int, str]],
        stored: dict[RecordKey, StoredRecord],
    ) -> None:
        """Keep new records in memory for ``finish`` (bounded by ``FRESH_RECORDS``).

        A subject is read back instead when the batch changed one of its older
        records (a correction).
        """
        fresh = self._fresh
        if fresh is None:
            return
        for item, _, _ in updates:
            self._read_back.add(item.subject_key)
            before = stored.get(item.record.key)
            if before is not None:
                self._read_back.add(before.subject_key)
        for item, _ in inserts:
            fresh.setdefault(item.subject_key, []).append(item.stored_record)
            self._fresh_count += 1
        if self._fresh_count > FRESH_RECORDS:
            self._fresh = None  # too many: read them all back

    def finish(self, progress: Progress | None = None) -> int:
        """Open the removal cases the batch's cures call for (``service.cures``), then
        re-assess every touched subject once and save subjects and assessments; how many."""
        if self._cures:
            calendar = self.calendar or default_calendar()
            self.removals_opened = open_cure_removals(
                self.conn, self.pack, calendar, self._cures, self.now, self.now
            )
        if self._exits:
            close_by_exit_records(self.conn, self._exits, self.now, self.now)
        if self._noticed:
            self.notices_served = serve_decision_notices(
                self.conn, self.pack, self.calendar or default_calendar(), self._noticed,
                self.now, self.now,
            )  # fmt: skip
        rows = {key: touched.row() for key, touched in self._touched.items()}
        fresh = None
        if self._fresh is not None and self._base_seq is not None:
            kept = {k: v for k, v in self._fresh.items() if k not in self._read_back}
            fresh = Fresh(self._base_seq, kept)
        return reassess(
            self.conn,
            rows,
            self.pack,
            self.as_of,
            ledger_size(self.conn),
            subject_rows=rows,
            progress=progress,
            fresh=fresh,
            at=self.now,
        )


def _conflict(row: int, record: Record) -> Problem:
    reason = (
        f"a record {record.agency}/{record.source_record_id} with different content is "
        "already stored; send it as a correction (--corrections) if it is one"
    )
    return Problem(reason, "source_record_id", record.source_record_id, row)


def _insert_row(item: Protected, seq: int) -> tuple[Any, ...]:
    """A ``records`` row in ``projections.RECORD_COLUMNS`` order."""
    record = item.record
    return (
        record.agency,
        record.source_record_id,
        item.subject_key,
        record.record_type,
        item.document_json,
        item.content_hash,
        "submitted",
        seq,
        seq,
    )


def _update_row(item: Protected, seq: int, status: str) -> dict[str, Any]:
    record = item.record
    return {
        "agency": record.agency,
        "source_record_id": record.source_record_id,
        "subject_key": item.subject_key,
        "record_type": record.record_type,
        "content_json": item.document_json,
        "content_hash": item.content_hash,
        "status": status,
        "last_event_seq": seq,
    }
