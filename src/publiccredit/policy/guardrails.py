"""Rule-of-law guardrails (DESIGN §8): what the loader refuses whatever a pack says.

* No prohibited information (religion, ethnicity, health, biometrics,
  surveillance, …) in the directory, the evaluation inputs or the lists,
  detected by tags and by the folded words of the catalogue
  (``prohibited.yaml``, ``prohibited.py``).
* No measure without a legal basis; every basis an instrument of the pack's
  registry, none reaching further than it covers (``legal_basis.py``).
* No evaluation of natural persons, and no evaluation points fed by a record
  type that can be about a natural person; person records must be the entry
  or exit decisions of a list that admits persons.
* Publication bounded: minimum ≤ maximum, and graded records (types with a
  required severity) end by ``publication_ceiling`` (P3Y) at the latest.
* Every restrictive list says how one leaves it (exits, duration, early
  removal or replacement by a newer record), and every serious-dishonesty list
  has a notice step. A list is a serious-dishonesty list when it is restrictive
  and its Chinese name matches ``严重.*失信|重大.*失信|严重违法`` or its English
  name matches ``serious`` / ``major … dishonest`` (``guardrails.yaml``).
"""

from __future__ import annotations

import re
from typing import Any

from publiccredit.domain.record import SubjectKind
from publiccredit.errors import Problem
from publiccredit.policy.legal_basis import check_legal_bases
from publiccredit.policy.model import Category, ListDefinition, Pack, RecordType
from publiccredit.policy.model.common import PeriodValue
from publiccredit.policy.model.lists import ListKind
from publiccredit.policy.prohibited import find_prohibited, guardrail_data, prohibited_source


def check_raw_guardrails(raw: dict[str, dict[str, Any]]) -> list[Problem]:
    """Guardrails visible before validation: a measure with no legal basis at all."""
    measures = raw.get("measures.yaml", {}).get("measures")
    problems = []
    for index, measure in enumerate(measures if isinstance(measures, list) else []):
        if not isinstance(measure, dict):
            continue
        basis = measure.get("legal_basis")
        instrument = basis.get("instrument") if isinstance(basis, dict) else None
        if not (isinstance(instrument, str) and instrument.strip()):
            name = measure.get("id", index)
            reason = "a measure without a legal basis is refused (DESIGN §8, legal basis)"
            problems.append(Problem(reason, f"measures[{name}].legal_basis", file="measures.yaml"))
    return problems


def _directory_problems(entry: Category | RecordType, section: str) -> list[Problem]:
    """Prohibited matters in every text that names the entry's data (see ``prohibited.py``)."""
    texts = [entry.id, entry.name_zh, entry.name_en]
    if isinstance(entry, RecordType):
        texts += [entry.description, *entry.required_fields, *entry.optional_fields]
        texts += [value for values in entry.field_values.values() for value in values]
    return [
        Problem(
            f"prohibited information: {matter.name_en}, found by {how} ({prohibited_source()})",
            f"{section}[{entry.id}]",
            entry.id,
            file="directory.yaml",
        )
        for matter, how in find_prohibited(entry.subject_matter, texts)
    ]


def _named_problems(file: str, field: str, rule_id: str, texts: list[str]) -> list[Problem]:
    return [
        Problem(
            f"prohibited information: {matter.name_en}, found by {how} ({prohibited_source()})",
            field,
            rule_id,
            file=file,
        )
        for matter, how in find_prohibited((), texts)
    ]


def _input_problems(pack: Pack) -> list[Problem]:
    """Prohibited matters in what feeds the evaluation, what puts a subject on a list, and
    the materials a procedure asks the subject for.

    Measures and action keys are not searched: they describe consequences, in
    words the catalogue rightly holds elsewhere (tax "key monitoring", the
    court's ban on "children at high-fee private schools").
    """
    problems = []
    for item in pack.evaluation.inputs:
        texts = [item.id, item.code, item.description_en, item.description_zh]
        texts += [value for values in item.where.values() for value in values]
        problems += _named_problems("evaluation.yaml", f"inputs[{item.id}]", item.id, texts)
    for definition in pack.lists:
        texts = [definition.id, definition.name_zh, definition.name_en, definition.description]
        wheres = [step.where for step in definition.entry] + [x.where for x in definition.exits]
        texts += [value for where in wheres for values in where.values() for value in values]
        field = f"lists[{definition.id}]"
        problems += _named_problems("lists.yaml", field, definition.id, texts)
    for procedure, materials in pack.procedures.materials.items():
        field = f"materials[{procedure}]"
        problems += _named_problems("procedures.yaml", field, procedure, list(materials))
    return problems


def _person_problems(pack: Pack) -> list[Problem]:
    evaluation = pack.evaluation
    problems = []
    if SubjectKind.PERSON in evaluation.subject_kinds:
        reason = "the evaluation may not target natural persons (DESIGN §8, no scoring of persons)"
        problems.append(Problem(reason, "subject_kinds", "person", file="evaluation.yaml"))
    for item in evaluation.inputs:
        record_type = pack.record_types.get(item.record_type)
        if record_type is not None and SubjectKind.PERSON in record_type.subject_kinds:
            reason = (
                f"record type {record_type.id!r} can be about a natural person and may not feed "
                "evaluation points (DESIGN §8); use an override on the list instead"
            )
            problems.append(
                Problem(
                    reason,
                    f"inputs[{item.id}].record_type",
                    item.record_type,
                    file="evaluation.yaml",
                )
            )
    person_lists = [d for d in pack.lists if SubjectKind.PERSON in d.subject_kinds]
    person_decisions = {e.record_type for d in person_lists for e in d.entry} | {
        x.record_type for d in person_lists for x in d.exits
    }
    for record_type in pack.directory.record_types:
        if (
            SubjectKind.PERSON in record_type.subject_kinds
            and record_type.id not in person_decisions
        ):
            reason = (
                "natural persons may appear only in the entry or exit decisions of a list that "
                "admits persons (DESIGN §8)"
            )
            field = f"record_types[{record_type.id}].subject_kinds"
            problems.append(Problem(reason, field, "person", file="directory.yaml"))
    return problems


def _publication_problems(pack: Pack) -> list[Problem]:
    ceiling_data = guardrail_data()["publication_ceiling"]
    ceiling = PeriodValue.parse(ceiling_data["period"])
    graded = {t.id for t in pack.directory.record_types if t.severity.required}
    problems = []
    for rule in pack.publication:
        field = f"rules[{rule.id}]"
        low, high = rule.minimum, rule.maximum
        if low is not None and high is not None and low.approx_days() > high.approx_days():
            reason = f"minimum {low} is longer than maximum {high}"
            problems.append(Problem(reason, f"{field}.minimum", str(low), file="publication.yaml"))
        bounded = sorted(graded.intersection(rule.record_types))
        if not bounded or not rule.published:
            continue
        cite = ceiling_data["source"]["instrument"]
        if high is None:
            graded_names = ", ".join(bounded)
            reason = f"graded records ({graded_names}) need a maximum of at most {ceiling} ({cite})"
            problems.append(Problem(reason, f"{field}.maximum", None, file="publication.yaml"))
        for name, period in (("minimum", low), ("maximum", high)):
            if period is not None and period.approx_days() > ceiling.approx_days():
                reason = (
                    f"{name} {period} is beyond the bound of its regime: at most {ceiling} ({cite})"
                )
                problems.append(
                    Problem(reason, f"{field}.{name}", str(period), file="publication.yaml")
                )
    return problems


def is_serious_dishonesty_list(definition: ListDefinition) -> bool:
    """True for a restrictive list named as a serious-dishonesty list (see module docstring)."""
    patterns = guardrail_data()["serious_dishonesty"]
    if definition.kind is not ListKind.RESTRICTIVE:
        return False
    return bool(
        re.search(patterns["name_zh_pattern"], definition.name_zh)
        or re.search(patterns["name_en_pattern"], definition.name_en)
    )


def _list_problems(pack: Pack) -> list[Problem]:
    problems = []
    for definition in pack.lists:
        if definition.kind is not ListKind.RESTRICTIVE:
            continue
        field = f"lists[{definition.id}]"
        leaves = (
            definition.exits
            or definition.duration is not None
            or definition.early_removal is not None
            or definition.superseded_by_newer
        )
        if not leaves:
            reason = (
                "a restrictive list needs exit conditions "
                "(exits, duration, early_removal or superseded_by_newer)"
            )
            problems.append(Problem(reason, f"{field}.exits", file="lists.yaml"))
        notice = definition.notice
        if is_serious_dishonesty_list(definition) and (notice is None or not notice.required):
            reason = (
                "a serious-dishonesty list needs a notice step before listing "
                f"({guardrail_data()['serious_dishonesty']['source']['instrument']})"
            )
            problems.append(Problem(reason, f"{field}.notice", file="lists.yaml"))
    return problems


def check_guardrails(pack: Pack) -> list[Problem]:
    """Every guardrail ``pack`` breaks."""
    problems = [
        *(p for c in pack.directory.categories for p in _directory_problems(c, "categories")),
        *(p for t in pack.directory.record_types for p in _directory_problems(t, "record_types")),
    ]
    return (
        problems
        + _input_problems(pack)
        + check_legal_bases(pack)
        + _person_problems(pack)
        + _publication_problems(pack)
        + _list_problems(pack)
    )
