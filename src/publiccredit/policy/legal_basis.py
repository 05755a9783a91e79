"""Legal bases resolved against the pack's instrument registry (DESIGN §8, legal basis).

A pack may not declare its own basis: every ``legal_basis`` names an
instrument of ``instruments.yaml`` and an article that instrument lists, and
the instrument itself must be a real kind of legal text from an issuer that
may make it (``guardrails.yaml``: a "Mayor's memo" or a company's "terms of
service" is refused whatever kind it claims). What a list or measure does
must stay within both the instrument's stated reach (lists, levels, bound
persons, measure classes, subject and entity kinds, longest listing) and
what its kind and issuer may impose at all: a ministry's normative document
cannot found a restrictive list or restrict rights, and no instrument may
allow a listing longer than ``listing_ceiling`` (P5Y).
"""

from __future__ import annotations

from collections.abc import Iterable

from publiccredit.errors import Problem
from publiccredit.policy.instrument_kinds import (
    kinds_source,
    listing_ceiling,
    powers,
    registry_problems,
)
from publiccredit.policy.model import (
    Instrument,
    LegalBasis,
    ListDefinition,
    Measure,
    Pack,
    PublicationRule,
)


def _resolve(
    pack: Pack, basis: LegalBasis, file: str, field: str
) -> tuple[Instrument | None, list[Problem]]:
    instrument = pack.instruments_by_id.get(basis.instrument)
    if instrument is None:
        reason = (
            "unknown instrument: a legal basis must cite an instrument of the pack's registry "
            "(instruments.yaml); a pack cannot declare its own basis"
        )
        return None, [Problem(reason, f"{field}.instrument", basis.instrument, file=file)]
    if basis.article not in instrument.articles:
        reason = (
            f"{instrument.id} may be cited for {', '.join(instrument.articles)}, "
            f"not {basis.article!r}"
        )
        return None, [Problem(reason, f"{field}.article", basis.article, file=file)]
    return instrument, []


def _outside(
    what: str, values: Iterable[str], covered: Iterable[str], instrument: Instrument
) -> list[tuple[str, str]]:
    allowed = set(covered)
    return [
        (
            f"target wider than the legal basis: {instrument.title()} does not cover {what} "
            f"'{value}' (covers {', '.join(sorted(allowed)) or 'none'})",
            str(value),
        )
        for value in values
        if value not in allowed
    ]


def _measure_problems(pack: Pack, measure: Measure) -> list[Problem]:
    field = f"measures[{measure.id}]"
    instrument, problems = _resolve(
        pack, measure.legal_basis, "measures.yaml", f"{field}.legal_basis"
    )
    if instrument is None:
        return problems
    covers, targets, klass = instrument.covers, measure.targets, measure.measure_class.value
    may = powers(instrument)
    if may is not None and klass not in may[0]:
        reason = (
            f"a {instrument.kind.value} of {instrument.issuer} may not impose a "
            f"{klass} measure ({kinds_source()})"
        )
        problems.append(Problem(reason, f"{field}.measure_class", klass, file="measures.yaml"))
    found = [
        ("measure_class", _outside("measure class", [klass], covers.measure_classes, instrument)),
        ("targets.lists", _outside("list", targets.lists, covers.lists, instrument)),
        (
            "targets.rating_levels",
            _outside("level", targets.rating_levels, covers.rating_levels, instrument),
        ),
        ("targets.persons", _outside("person", targets.persons, covers.persons, instrument)),
    ]
    for part, misses in found:
        problems += [Problem(r, f"{field}.{part}", v, file="measures.yaml") for r, v in misses]
    return problems


def _duration_problems(
    definition: ListDefinition, instrument: Instrument, field: str
) -> list[Problem]:
    covers, ceiling = instrument.covers, listing_ceiling()
    extra = definition.extension_max.approx_days() if definition.extension_max else 0
    fixed = [("duration", definition.duration)] if definition.duration is not None else []
    fixed += [
        (f"duration_overrides[{n}].duration", o.duration)
        for n, o in enumerate(definition.duration_overrides)
        if o.duration is not None
    ]
    problems = []
    for part, period in fixed:
        days = period.approx_days() + extra
        longest = covers.max_listing
        if days > ceiling.approx_days() or longest is None or days > longest.approx_days():
            reason = (
                f"listing of {period}"
                + (f" (+ up to {definition.extension_max})" if extra else "")
                + f" is longer than {instrument.title()} allows "
                + f"(at most {longest or 'no fixed listing'}; no listing beyond {ceiling})"
            )
            problems.append(Problem(reason, f"{field}.{part}", str(period), file="lists.yaml"))
    open_ended = any(o.duration is None for o in definition.duration_overrides)
    if open_ended and not covers.open_ended:
        reason = f"{instrument.title()} does not allow a listing without a fixed term"
        problems.append(Problem(reason, f"{field}.duration_overrides", None, file="lists.yaml"))
    return problems


def _list_problems(pack: Pack, definition: ListDefinition) -> list[Problem]:
    field = f"lists[{definition.id}]"
    instrument, problems = _resolve(
        pack, definition.legal_basis, "lists.yaml", f"{field}.legal_basis"
    )
    if instrument is None:
        return problems
    may = powers(instrument)
    kind = definition.kind.value
    if may is not None and kind not in may[1]:
        reason = (
            f"a {instrument.kind.value} of {instrument.issuer} may not found a {kind} list "
            f"({kinds_source()})"
        )
        problems.append(Problem(reason, f"{field}.kind", kind, file="lists.yaml"))
    covers = instrument.covers
    misses = [
        ("legal_basis", _outside("list", [definition.id], covers.lists, instrument)),
        (
            "subject_kinds",
            _outside("subject kind", definition.subject_kinds, covers.subject_kinds, instrument),
        ),
        (
            "applies_to",
            _outside("entity kind", definition.applies_to, covers.entity_kinds, instrument),
        ),
    ]
    for part, found in misses:
        problems += [Problem(r, f"{field}.{part}", v, file="lists.yaml") for r, v in found]
    return problems + _duration_problems(definition, instrument, field)


def _publication_problems(pack: Pack, rule: PublicationRule) -> list[Problem]:
    field, file = f"rules[{rule.id}]", "publication.yaml"
    basis = rule.legal_basis
    graded = any(
        pack.record_types[t].severity.required for t in rule.record_types if t in pack.record_types
    )
    if basis is None:
        if rule.published and graded:
            reason = (
                "a published rule for graded records (penalties) needs a legal basis "
                "from the registry (instruments.yaml)"
            )
            return [Problem(reason, f"{field}.legal_basis", file=file)]
        return []
    instrument, problems = _resolve(pack, basis, file, f"{field}.legal_basis")
    if instrument is None:
        return problems
    covers = instrument.covers
    misses = _outside("record type", rule.record_types, covers.record_types, instrument)
    problems += [Problem(r, f"{field}.record_types", v, file=file) for r, v in misses]
    longest = covers.max_publication
    for name, period in (("minimum", rule.minimum), ("maximum", rule.maximum)):
        if period is None or not rule.published:
            continue
        if longest is None or period.approx_days() > longest.approx_days():
            reason = (
                f"{name} {period} is longer than {instrument.title()} allows "
                f"(publication at most {longest or 'not set'})"
            )
            problems.append(Problem(reason, f"{field}.{name}", str(period), file=file))
    if rule.published and rule.maximum is None and longest is not None:
        reason = f"{instrument.title()} allows publication for at most {longest}; set a maximum"
        problems.append(Problem(reason, f"{field}.maximum", file=file))
    return problems


def check_legal_bases(pack: Pack) -> list[Problem]:
    """Every legal basis that resolves to nothing, or reaches beyond its instrument."""
    problems = registry_problems(pack)
    for rule in pack.publication:
        problems += _publication_problems(pack, rule)
    for definition in pack.lists:
        problems += _list_problems(pack, definition)
    for measure in pack.measures:
        problems += _measure_problems(pack, measure)
    return problems


def with_titles(pack: Pack) -> Pack:
    """``pack`` with every legal basis carrying its instrument's title (for citations)."""
    instruments = pack.instruments_by_id

    def titled(basis: LegalBasis) -> LegalBasis:
        found = instruments.get(basis.instrument)
        return basis if found is None else basis.model_copy(update={"title": found.title()})

    lists = tuple(d.model_copy(update={"legal_basis": titled(d.legal_basis)}) for d in pack.lists)
    measures = tuple(
        m.model_copy(update={"legal_basis": titled(m.legal_basis)}) for m in pack.measures
    )
    publication = tuple(
        r if r.legal_basis is None else r.model_copy(update={"legal_basis": titled(r.legal_basis)})
        for r in pack.publication
    )
    return pack.model_copy(
        update={"lists": lists, "measures": measures, "publication": publication}
    )
