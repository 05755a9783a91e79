"""Measures in force: what follows from the lists a subject is on and from its rating.

Only catalogue measures apply (DESIGN §8: no measure outside the catalogue),
each while it is in force on ``as_of`` and while the list membership or rating
level that it targets holds. A marked-only membership (individual businesses
on the abnormal list) triggers nothing. A measure whose targets include
responsible persons (legal representative, actual controller, …) binds the
persons of those roles named in the subject's registration record — e.g. the
consumption restrictions on a judgment-defaulter company's legal
representative (SPC consumption-restriction rules, 2015) — shown with masked
ID numbers.
"""

from __future__ import annotations

from datetime import date

from publiccredit.domain.assessment import ListMembership, MeasureInForce, Rating
from publiccredit.domain.record import SubjectKind
from publiccredit.domain.subject import ResponsiblePerson, Subject
from publiccredit.engine.compiled import CompiledMeasure, CompiledPack


def _in_force(compiled: CompiledMeasure, as_of: date) -> bool:
    return compiled.valid_from <= as_of <= compiled.valid_until


def _build(
    compiled: CompiledMeasure,
    subject: Subject,
    trigger: str,
    because_of: tuple[tuple[str, str], ...],
    since: date | None,
    until: date | None,
) -> MeasureInForce:
    measure = compiled.measure
    binds: tuple[ResponsiblePerson, ...] = ()
    if subject.kind is SubjectKind.ENTITY and compiled.persons:
        binds = tuple(p for p in subject.responsible_persons if p.role in compiled.persons)
    return MeasureInForce(
        measure.id,
        measure.effect.value,
        measure.measure_class.value,
        measure.content_en,
        measure.actions,
        measure.implementing_agency,
        compiled.legal_basis,
        trigger,
        because_of,
        since,
        until,
        binds,
    )


def measures_in_force(
    compiled: CompiledPack,
    subject: Subject,
    lists: tuple[ListMembership, ...],
    rating: Rating | None,
    as_of: date,
) -> tuple[MeasureInForce, ...]:
    """Every catalogue measure triggered on ``as_of``, in list order then rating."""
    found: list[MeasureInForce] = []
    for membership in lists:
        if membership.marked:
            continue
        for measure in compiled.measures_by_list.get(membership.list_id, ()):
            if _in_force(measure, as_of):
                found.append(
                    _build(
                        measure,
                        subject,
                        f"list:{membership.list_id}",
                        membership.because_of,
                        membership.since,
                        membership.until,
                    )
                )
    if rating is not None:
        because = tuple(key for reason in rating.reasons for key in reason.records)
        for measure in compiled.measures_by_level.get(rating.level, ()):
            if _in_force(measure, as_of):
                found.append(
                    _build(measure, subject, f"rating:{rating.level}", because, None, None)
                )
    return tuple(found)
