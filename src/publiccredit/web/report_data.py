"""The public credit report's one data function: what the public sees as of a date, provably.

``build_report`` gathers, in one database transaction:

* the subject as the public profile shows it (``profiles.subject_and_stamp``;
  a natural person's name masked to its first character);
* the public view of its assessment for ``as_of`` — the very functions
  ``GET /v1/subjects/{key}/assessment?as_of=`` runs (``assessment_for`` and
  ``shown_assessment`` with the public view), so ended, repaired, revoked and
  non-public records are left out exactly as the API leaves them out;
* each shown record's stored content and the events it rests on (the event
  that first stored it and the latest that changed it);
* the latest signed tree head, and for every such event covered by that head
  its leaf, leaf hash and RFC 6962 inclusion proof against the head's root
  (``report_proofs``); events newer than the head are listed as pending;
* the head-signing public key (``routers.transparency.public_key``).

The HTML, PDF and JSON renderers all take the ``Report`` this returns, so the
three can never disagree.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from publiccredit.api.assessing import assessment_for
from publiccredit.api.auth import Caller
from publiccredit.api.profiles import subject_and_stamp
from publiccredit.api.routers.transparency import public_key
from publiccredit.api.state import ApiState
from publiccredit.api.views import View, shown_assessment
from publiccredit.domain.privacy import mask_name, mask_text
from publiccredit.errors import InvalidInput, Problem
from publiccredit.store.heads import latest_head
from publiccredit.store.schema import records
from publiccredit.web.pages import list_name, record_type_name, shown_name
from publiccredit.web.record_detail import capped_text, detail_text, reason_text
from publiccredit.web.report_number import report_number
from publiccredit.web.report_proofs import LeafProof, leaf_proofs

EARLIEST = date(1949, 10, 1)
"""No public credit record predates the People's Republic; earlier dates are typos."""


@dataclass(frozen=True, slots=True)
class ReportRecord:
    """One record the public sees on ``as_of``, and the ledger events it rests on."""

    agency: str
    source_record_id: str
    record_type: str
    record_type_name: str
    decided_on: str | None
    state: str
    published_from: str | None
    published_until: str | None
    facts: str
    events: tuple[int, ...]
    details: str = ""
    """The 双公示 particulars in words (``record_detail.detail_text``)."""


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a public credit report shows (JSON-ready through ``to_json``)."""

    subject: dict[str, Any]
    registration: dict[str, str]
    as_of: str
    lang: str
    generated_at: str
    policy_version: str | None
    rating: dict[str, Any] | None
    not_rated: dict[str, Any] | None
    lists: list[dict[str, Any]]
    measures: list[dict[str, Any]]
    records: list[ReportRecord]
    head: dict[str, Any] | None
    public_key: dict[str, str]
    proofs: list[LeafProof]
    pending_events: list[int]
    number: str
    """``report_number``'s fingerprint of what this report states."""

    def to_json(self) -> dict[str, Any]:
        """The report as plain JSON values (``report.json``)."""
        return asdict(self)

    def dumps(self) -> str:
        """The report as JSON text (UTF-8 characters kept)."""
        return json.dumps(self.to_json(), ensure_ascii=False, default=str)


def parse_as_of(text: str | None, today: date) -> date:
    """The report date from ``?as_of=`` (default ``today``); ``InvalidInput`` naming why not."""
    if text is None or not text.strip():
        return today
    value = text.strip()[:32]
    try:
        on = date.fromisoformat(value)
    except ValueError:
        on = None
    if on is None or len(value) != 10:
        reason = "must be a date written YYYY-MM-DD"
    elif on > today:
        reason = f"must not be after today ({today.isoformat()}): a report states what was public"
    elif on < EARLIEST:
        reason = f"must not be before {EARLIEST.isoformat()}"
    else:
        return on
    raise InvalidInput("invalid report date", (Problem(reason, "as_of", value),))


def _record_rows(conn: Connection, subject_key: str) -> dict[tuple[str, str], Any]:
    """The subject's stored records with the first and last event of each."""
    query = sa.select(
        records.c.agency,
        records.c.source_record_id,
        records.c.content,
        records.c.first_event_seq,
        records.c.last_event_seq,
    ).where(records.c.subject_key == subject_key)
    return {(row.agency, row.source_record_id): row for row in conn.execute(query)}


def _content(value: Any) -> dict[str, Any]:
    document = json.loads(value) if isinstance(value, str | bytes) else dict(value)
    record: dict[str, Any] = document.get("record") or {}
    return record


def _shown_records(
    state: ApiState, conn: Connection, subject_key: str, entries: list[dict[str, Any]], lang: str
) -> tuple[list[ReportRecord], dict[str, str]]:
    """The shown records in assessment order, and the registration facts among them."""
    rows = _record_rows(conn, subject_key)
    shown: list[ReportRecord] = []
    registration: dict[str, str] = {}
    for entry in entries:
        row = rows.get((entry["agency"], entry["source_record_id"]))
        if row is None:
            continue
        record = _content(row.content)
        if entry["record_type"] == "registration":
            extra = record.get("extra") or {}
            registration = {"status": str(extra.get("status") or "")}
            if extra.get("legal_representative_name"):
                registration["legal_representative"] = mask_name(
                    str(extra["legal_representative_name"])
                )
        seqs = tuple(sorted({int(row.first_event_seq), int(row.last_event_seq)}))
        shown.append(
            ReportRecord(
                agency=entry["agency"],
                source_record_id=entry["source_record_id"],
                record_type=entry["record_type"],
                record_type_name=record_type_name(state.pack, entry["record_type"], lang),
                decided_on=entry.get("decided_on"),
                state=entry["state"],
                published_from=entry.get("start"),
                published_until=entry.get("end"),
                facts=mask_text(str(record.get("facts") or "")),
                events=seqs,
                details=mask_text(detail_text(record, lang)),
            )
        )
    return shown, registration


def _lists(state: ApiState, document: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "list": entry["list"],
            "name": list_name(state.pack, entry["list"], lang),
            "since": entry.get("since"),
            "until": entry.get("until"),
            "legal_basis": entry.get("legal_basis") or "",
        }
        for entry in document.get("lists") or []
    ]


def _measures(state: ApiState, document: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    catalogue = {measure.id: measure for measure in state.pack.measures}
    shown = []
    for entry in document.get("measures") or []:
        found = catalogue.get(entry["measure"])
        content = entry.get("content_en", "")
        if found is not None:
            content = found.content_zh if lang == "zh" else found.content_en
        shown.append(
            {
                "measure": entry["measure"],
                "content": content,
                "effect": entry.get("effect"),
                "implementing_agency": entry.get("implementing_agency") or "",
                "legal_basis": entry.get("legal_basis") or "",
                "since": entry.get("since"),
                "until": entry.get("until"),
            }
        )
    return shown


def _rating(document: dict[str, Any]) -> dict[str, Any] | None:
    rating = document.get("rating")
    if not rating:
        return None
    codes = [
        str(r.get("code") or r.get("rule") or r) if isinstance(r, dict) else str(r)
        for r in rating.get("reasons") or []
    ]
    return {"level": rating.get("level"), "score": rating.get("score"), "reasons": codes,
            "capped_by": rating.get("capped_by")}  # fmt: skip


def build_report(state: ApiState, who: Caller, subject_key: str, as_of: date, lang: str) -> Report:
    """The report of ``subject_key`` as the public saw it on ``as_of`` (``NotFound`` if none).

    Always the public view (``View(False)``), whoever asks: the report is a
    public document, so it takes no key and its reads are not access-logged.
    ``who`` is the anonymous caller the public key is read for.
    """
    now = state.now()
    with state.engine.begin() as conn:
        subject, _stamp = subject_and_stamp(conn, subject_key)
        key = subject["subject_key"]
        found = assessment_for(conn, state.pack, key, as_of)
        document = {} if found is None else shown_assessment(found[0], state.pack, View(False))
        entries = list(document.get("records") or [])
        shown, registration = _shown_records(state, conn, key, entries, lang)
        head = latest_head(conn)
        seqs = sorted({seq for record in shown for seq in record.events})
        covered = [seq for seq in seqs if head is not None and seq <= head.size]
        proofs = [] if head is None else leaf_proofs(conn, covered, head.size)
    rating, lists = _rating(document), _lists(state, document, lang)
    if rating is not None:
        rating["capped"] = capped_text(state.pack, rating, lang)
        rating["reasons_shown"] = [reason_text(state.pack, r, lang) for r in rating["reasons"]]
    measures = _measures(state, document, lang)
    policy = document.get("policy_version")
    return Report(
        subject={
            "subject_key": key,
            "kind": subject["kind"],
            "name": shown_name(subject),
            "entity_kind": subject.get("entity_kind"),
            "region": subject.get("region"),
        },
        registration=registration,
        as_of=as_of.isoformat(),
        lang=lang,
        generated_at=now.isoformat(timespec="seconds").replace("+00:00", "Z"),
        policy_version=policy,
        rating=rating,
        not_rated=document.get("not_rated"),
        lists=lists,
        measures=measures,
        records=shown,
        head=None if head is None else head.to_json(),
        public_key=public_key(state, who).model_dump(exclude={"pem"}),
        proofs=proofs,
        pending_events=sorted(set(seqs) - set(covered)),
        number=report_number(key, as_of.isoformat(), policy, rating, lists, measures, shown),
    )
