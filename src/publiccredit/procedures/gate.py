"""The gate in front of every list that needs due process: no listing by direct submission.

A record that would put its subject on a list whose notice the pack requires
(``Notice.through_procedure``: notice required, the decision not effective on
its own) takes effect only through the listing procedure: the agency opens a
listing case, the notice is served, the window runs, the agency decides, and
the decision submits the listing record itself. Sent directly — ``POST
/v1/records``, ``/batch``, ``/corrections`` or ``publiccredit ingest`` — it is
refused with the row, the field, the value and the way to go instead.

A proposal for a list that states ``rests_on`` must refer to a record that
qualifies: the serious list needs a heavier administrative penalty (SAMR
Order 44 Art. 2), so a general fine, or no penalty at all, is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from publiccredit.domain.record import Record
from publiccredit.engine.compiled import Where, compile_where, matches_where
from publiccredit.errors import InvalidInput, Problem
from publiccredit.policy.model import ListDefinition, Pack
from publiccredit.policy.model.lists import ListKind


def _fields(record_type: str, severity: object, extra: Mapping[str, Any]) -> dict[str, Any]:
    fields = dict(extra)
    fields["severity"] = getattr(severity, "value", severity)
    fields["record_type"] = record_type
    return fields


_ENTRIES: dict[str, dict[str, tuple[tuple[ListDefinition, Where], ...]]] = {}
"""Per pack version (a content hash): record type → the restrictive lists it enters, with
their compiled ``where`` (every row of a bulk file asks, so it is built once)."""


def _entries(pack: Pack) -> dict[str, tuple[tuple[ListDefinition, Where], ...]]:
    index = _ENTRIES.get(pack.version)
    if index is None:
        found: dict[str, list[tuple[ListDefinition, Where]]] = {}
        for definition in pack.lists:
            if definition.kind is not ListKind.RESTRICTIVE:
                continue
            for rule in definition.entry:
                found.setdefault(rule.record_type, []).append(
                    (definition, compile_where(rule.where))
                )
        index = {name: tuple(pairs) for name, pairs in found.items()}
        if pack.version:
            _ENTRIES[pack.version] = index
    return index


def listing_list(pack: Pack, record_type: str, extra: Mapping[str, Any]) -> ListDefinition | None:
    """The restrictive list a record of ``record_type`` with ``extra`` puts its subject on."""
    for definition, where in _entries(pack).get(record_type, ()):
        if matches_where(where, extra):
            return definition
    return None


def needs_procedure(pack: Pack, record: Record) -> ListDefinition | None:
    """The list whose notice ``record`` may not bypass (``Notice.through_procedure``), or None."""
    definition = listing_list(pack, record.record_type, record.extra)
    if definition is None or definition.notice is None:
        return None
    return definition if definition.notice.through_procedure else None


def direct_submission_problem(pack: Pack, record: Record, row: int | None) -> Problem | None:
    """Why ``record`` may not be submitted directly (it needs the listing procedure), or None."""
    definition = needs_procedure(pack, record)
    if definition is None:
        return None
    reason = (
        f"a {record.record_type} record puts its subject on {definition.id}, which takes "
        "effect only through the listing procedure (notice, objection window, decision): "
        f"open a listing case instead (POST /v1/cases/listings, or `publiccredit case open "
        f"listing --list {definition.id}`); the decision submits the listing record"
    )
    return Problem(reason, "record_type", record.record_type, row)


def _qualifies(definition: ListDefinition, fields: Mapping[str, Any]) -> bool:
    assert definition.rests_on is not None
    return any(
        fields["record_type"] in condition.record_types
        and matches_where(compile_where(condition.where), fields)
        for condition in definition.rests_on.any_of
    )


def check_basis(
    definition: ListDefinition, underlying: Mapping[str, Any] | None, on: date | None = None
) -> None:
    """Refuse a proposal for ``definition`` that does not rest on a qualifying record.

    ``underlying`` is the stored record's row (``record_type``, ``severity``,
    ``extra``, ``status``) or None when the proposal names none; ``on`` is the
    day proposed (a ``rests_on`` rule not in force then does not apply).
    """
    rests_on = definition.rests_on
    if rests_on is None or (on is not None and not rests_on.in_force_on(on)):
        return
    why = f"{rests_on.description.strip()} ({rests_on.source.cite()})"
    if underlying is None:
        problem = Problem(f"a {definition.id} proposal rests on a record: {why}", "refers_to")
        raise InvalidInput("the proposal names no underlying decision", (problem,))
    record_type = str(underlying["record_type"])
    fields = _fields(record_type, underlying.get("severity"), underlying.get("extra") or {})
    key = f"{underlying.get('agency')}/{underlying.get('source_record_id')}"
    if underlying.get("status") == "revoked":
        problem = Problem(f"record {key} was revoked: nothing to rest on; {why}", "refers_to", key)
        raise InvalidInput("the underlying decision was revoked", (problem,))
    if not _qualifies(definition, fields):
        kinds = fields.get("penalty_kinds")
        shown = f"{record_type}, severity {fields['severity'] or 'none'}" + (
            f", penalty kinds {', '.join(map(str, kinds))}" if isinstance(kinds, list) else ""
        )
        problem = Problem(f"{shown} does not qualify: {why}", "refers_to", key)
        raise InvalidInput(f"record {key} does not support a {definition.id} proposal", (problem,))
