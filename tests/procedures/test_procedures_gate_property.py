"""Property: whatever the gate lets through, the engine never lists on a procedure-only list.

The gate (``procedures.gate``) and the engine (``engine.lists``) match entry
rules with separate code. For any record of any type the directory admits,
with field values drawn from those the directory allows, a record the gate
lets in directly puts its subject on no list whose notice the pack requires
(``through_procedure``) — so no direct path lists anyone without notice — and
a record it refuses is one the engine would have listed (the gate refuses
nothing needlessly).
"""

from __future__ import annotations

from datetime import date
from types import MappingProxyType
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from procedures_helpers import COMPANY, registration

from publiccredit.domain.record import Record, Severity, SubjectKind
from publiccredit.domain.subject import Subject
from publiccredit.engine.assess import assess
from publiccredit.policy import default_pack
from publiccredit.policy.model import RecordType
from publiccredit.procedures.gate import direct_submission_problem

PACK = default_pack()
ON = date(2026, 3, 2)
TYPES = sorted(
    (t for t in PACK.directory.record_types if "entity" in t.subject_kinds),
    key=lambda t: t.id,
)
PROCEDURE_ONLY = {d.id for d in PACK.lists if d.notice is not None and d.notice.through_procedure}


@st.composite
def records(draw: st.DrawFn) -> Record:
    record_type: RecordType = draw(st.sampled_from(TYPES))
    extra: dict[str, Any] = {}
    for name in (*record_type.required_fields, *record_type.optional_fields):
        allowed = record_type.field_values.get(name)
        if name not in record_type.required_fields and draw(st.booleans()):
            continue
        if allowed:
            values = draw(st.lists(st.sampled_from(allowed), min_size=1, max_size=2, unique=True))
            extra[name] = values if name == "penalty_kinds" else values[0]
        else:
            extra[name] = "2025"
    allowed_severity = record_type.severity.allowed
    severity = draw(st.sampled_from(allowed_severity)) if allowed_severity else None
    return Record(
        agency=f"{record_type.submitters[0]}-440300",
        source_record_id="R-1",
        record_type=record_type.id,
        subject_kind=SubjectKind.ENTITY,
        subject_id=COMPANY,
        decided_on=ON,
        severity=Severity(severity) if severity else None,
        extra=MappingProxyType(extra),
    )


@settings(max_examples=300, deadline=None)
@given(record=records())
def test_the_gate_and_the_engine_agree(record: Record) -> None:
    rows = [registration(), record]
    subject = Subject.from_records(COMPANY, rows)
    lists = {m.list_id for m in assess(subject, rows, PACK, ON).lists}
    refused = direct_submission_problem(PACK, record, 1) is not None
    assert refused == bool(lists & PROCEDURE_ONLY), (record.record_type, dict(record.extra))
