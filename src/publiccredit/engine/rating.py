"""The comprehensive evaluation (evaluation.yaml): level, score and reason codes.

Our own published model, for legal entities of the kinds the evaluation's
``applies_to`` names (market entities in the cn pack). Everyone else gets no
rating and a ``NotRated`` reason instead: natural persons (DESIGN §8, no
scoring of natural persons), government organs, public institutions and
other bodies the pack does not rate, and any date outside the model's
validity:

* score = ``base_score`` + demerits + counted merits;
* each input's points decay in **steps of whole months**: a record with
  ``decay: P3Y`` loses 1/36 of its points at each full month since its
  decision, so the score only changes on dates known in advance;
* an input counts at most ``max_count`` records, the heaviest first;
* merits count at most ``merit_cap`` and never more than
  ``merit_offset_share`` of the demerits they offset — honours and donations
  cannot outweigh compliance (an entity with no demerits gets no merit points);
* the level is the best whose ``min_score`` the score reaches, then
  ``overrides`` cap it while the subject is on a list (serious list → D);
* at most ``max_reason_codes`` reasons: overrides first, then inputs by
  weight, each naming its records and points.

Records that are revoked, repaired or no longer published do not count.
"""

from __future__ import annotations

from datetime import date

from publiccredit.domain.assessment import (
    ListMembership,
    NotRated,
    NotRatedCode,
    Rating,
    ReasonCode,
)
from publiccredit.domain.facts import RecordKey
from publiccredit.domain.record import Record, SubjectKind
from publiccredit.domain.subject import Subject
from publiccredit.engine.compiled import (
    SEVERITY_FIELD,
    CompiledInput,
    CompiledPack,
    InputDispatch,
    as_text,
    matches_where,
)
from publiccredit.engine.publication import PublicationPass
from publiccredit.engine.timeline import add_months

_DECAY_MEMO: dict[tuple[int, date, date], tuple[float, date | None]] = {}
_DECAY_MEMO_SIZE = 200_000


def month_decay(months: int, decided_on: date, as_of: date) -> tuple[float, date | None]:
    """Share of points left after whole months since ``decided_on``, and the next step date.

    Memoised: a bulk run assesses everyone on one ``as_of``, and decision dates repeat.
    """
    key = (months, decided_on, as_of)
    found = _DECAY_MEMO.get(key)
    if found is not None:
        return found
    elapsed = (as_of.year - decided_on.year) * 12 + as_of.month - decided_on.month
    if decided_on.day > as_of.day and add_months(decided_on, elapsed) > as_of:
        elapsed -= 1
    if elapsed >= months:
        found = (0.0, None)
    else:
        found = ((months - elapsed) / months, add_months(decided_on, elapsed + 1))
    if len(_DECAY_MEMO) >= _DECAY_MEMO_SIZE:
        _DECAY_MEMO.clear()
    _DECAY_MEMO[key] = found
    return found


def decayed_points(item: CompiledInput, decided_on: date, as_of: date) -> tuple[float, date | None]:
    """The points a record still carries on ``as_of`` and the date of the next decay step."""
    if item.decay_months:
        share, step = month_decay(item.decay_months, decided_on, as_of)
        return item.points * share, step
    if item.decay_days:
        elapsed = (as_of - decided_on).days
        if elapsed >= item.decay_days:
            return 0.0, None
        remaining = (item.decay_days - elapsed) / item.decay_days
        return item.points * remaining, date.fromordinal(as_of.toordinal() + 1)
    return item.points, None


def _full_match(item: CompiledInput, record: Record) -> bool:
    if item.severities is not None and (
        record.severity is None or record.severity.value not in item.severities
    ):
        return False
    return not item.where or matches_where(item.where, record.extra)


def _candidates(dispatch: InputDispatch, record: Record) -> list[CompiledInput]:
    """The inputs that match ``record`` (validity on its decision date aside)."""
    field = dispatch.field
    if field is None:
        return [item for item in dispatch.rest if _full_match(item, record)]
    if field == SEVERITY_FIELD:
        value: object = None if record.severity is None else record.severity.value
    else:
        value = record.extra.get(field)
    if value is None:
        chosen: tuple[CompiledInput, ...] = ()
    elif value.__class__ is str:
        chosen = dispatch.table.get(str(value), ())
    elif isinstance(value, list | tuple | dict):
        return [item for item in dispatch.every if _full_match(item, record)]
    else:
        chosen = dispatch.table.get(as_text(value), ())
    if not dispatch.rest:
        return list(chosen)
    return [*chosen, *(item for item in dispatch.rest if _full_match(item, record))]


def _contributions(
    compiled: CompiledPack, work: PublicationPass, as_of: date, candidates: list[date]
) -> dict[str, tuple[CompiledInput, list[tuple[float, RecordKey]]]]:
    """Points per input code, from the records the publication pass found still counting.

    The pass has already picked the inputs of records whose text value decides
    them (``None``: work them out here).
    """
    found: dict[str, tuple[CompiledInput, list[tuple[float, RecordKey]]]] = {}
    inputs = compiled.inputs
    for record, picked in work.scored:
        items = picked
        if items is None:
            items = tuple(_candidates(inputs[record.record_type], record))
        for item in items:
            if not item.valid_from <= record.decided_on <= item.valid_until:
                continue
            points, step = decayed_points(item, record.decided_on, as_of)
            if step is not None:
                candidates.append(step)
            if points:
                key = (record.agency, record.source_record_id)
                found.setdefault(item.code, (item, []))[1].append((points, key))
    return found


def not_rated(compiled: CompiledPack, subject: Subject, as_of: date) -> NotRated | None:
    """Why the evaluation does not rate ``subject`` on ``as_of``; ``None`` when it does.

    An entity whose code could not be decoded (no entity kind) is rated: the
    kind filter cannot be applied to it.
    """
    evaluation = compiled.pack.evaluation
    if subject.kind not in evaluation.subject_kinds:
        reason = "natural persons are never rated (DESIGN §8, no scoring of natural persons)"
        if subject.kind is not SubjectKind.PERSON:
            reason = f"the evaluation does not rate subjects of kind {subject.kind.value}"
        return NotRated(NotRatedCode.PERSON, reason)
    kind = subject.entity_kind
    rated = [str(item) for item in evaluation.applies_to]
    if kind is not None and kind not in rated:
        reason = (
            f"a subject of entity kind {kind} is not rated: the evaluation applies to "
            f"{', '.join(rated)} only (evaluation.yaml applies_to)"
        )
        return NotRated(NotRatedCode.ENTITY_KIND, reason, kind)
    if not evaluation.in_force_on(as_of):
        reason = f"the evaluation model is not in force on {as_of.isoformat()}"
        return NotRated(NotRatedCode.OUTSIDE_PERIOD, reason, kind)
    return None


def rate(
    compiled: CompiledPack,
    subject: Subject,
    work: PublicationPass,
    lists: tuple[ListMembership, ...],
    as_of: date,
    candidates: list[date],
) -> Rating | None:
    """The rating of an entity on ``as_of``; ``None`` where ``not_rated`` gives a reason."""
    evaluation = compiled.pack.evaluation
    if not_rated(compiled, subject, as_of) is not None:
        return None
    totals: list[tuple[str, CompiledInput, float, tuple[RecordKey, ...]]] = []
    demerits = merits_raw = 0.0
    for code, (item, points) in _contributions(compiled, work, as_of, candidates).items():
        points.sort(key=lambda pair: (-abs(pair[0]), pair[1]))
        if item.max_count is not None:
            del points[item.max_count :]
        total = round(sum(value for value, _ in points), 2)
        if total < 0:
            demerits += total
        else:
            merits_raw += total
        totals.append((code, item, total, tuple(key for _, key in points)))
    merits = max(
        0.0, min(merits_raw, evaluation.merit_cap, evaluation.merit_offset_share * -demerits)
    )
    # A merit reason shows the points that counted after the cap, so reasons add up.
    counted = merits / merits_raw if merits_raw else 0.0
    reasons: list[tuple[int, float, ReasonCode]] = []
    for code, item, total, keys in totals:
        shown = total if total < 0 else round(total * counted, 2)
        if shown:
            reason = ReasonCode(code, shown, keys, item.description)
            reasons.append((1 if shown < 0 else 2, -abs(shown), reason))
    score = round(evaluation.base_score + demerits + merits, 2)
    order = compiled.level_order
    level = next((name for name, floor in compiled.levels if score >= floor), order[-1])
    capped_by = None
    active = {m.list_id: m for m in lists if not m.marked}
    for override in evaluation.overrides:
        membership = active.get(override.when_list)
        if membership is None or not override.in_force_on(as_of):
            continue
        reasons.append(
            (0, 0.0, ReasonCode(override.code, 0.0, membership.because_of, override.description_en))
        )
        if override.at_most in order and order.index(override.at_most) > order.index(level):
            level, capped_by = override.at_most, override.code
    reasons.sort(key=lambda item: (item[0], item[1], item[2].code))
    return Rating(
        level,
        score,
        evaluation.base_score,
        round(demerits, 2),
        round(merits, 2),
        round(merits_raw, 2),
        capped_by,
        tuple(reason for _, _, reason in reasons[: evaluation.max_reason_codes]),
    )
