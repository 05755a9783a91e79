"""Government organs and public institutions are not rated or listed as enterprises (issue 12, 3).

The cn pack's evaluation and most lists apply to market entities
(``applies_to``); the court's defaulter list binds every kind. The same
records make an enterprise rated and listed on both lists, an organ or a
public institution only listed as a defaulter and ``not_rated`` with the
reason. A pack that names the organ's kind rates it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from publiccredit.cli import app
from publiccredit.domain.assessment import NotRatedCode
from publiccredit.domain.record import Record, SubjectKind, parse_record
from publiccredit.domain.subject import Subject
from publiccredit.engine import assess, decide
from publiccredit.identifiers.uscc import calc_check_char, calc_inner_check_char
from publiccredit.identifiers.uscc_categories import EntityKind
from publiccredit.policy import default_pack

PACK = default_pack()
runner = CliRunner()
AS_OF = date(2026, 6, 1)


def uscc(prefix: str, body: str) -> str:
    """A valid code: ``prefix`` (authority, category, region) + body + both check characters."""
    first17 = prefix + body + calc_inner_check_char(body)
    return first17 + calc_check_char(first17)


ENTERPRISE = uscc("91440300", "MA5APL01")
ORGAN = uscc("11440300", "00012345")
INSTITUTION = uscc("12440300", "45600017")


def records(subject: str) -> list[Record]:
    def row(source: str, record_type: str, agency: str, **more: Any) -> Record:
        base = {"agency": agency, "source_record_id": source, "record_type": record_type,
                "subject_kind": "entity", "subject_id": subject,
                "decided_on": "2026-03-02"}  # fmt: skip
        return parse_record({**base, **more})

    return [
        row("AB", "abnormal_operation_listing", "samr-440300",
            extra={"ground": "unreachable_address"}),
        row("JD", "judgment_default_listing", "court-440300", severity="serious",
            extra={"ground": "able_but_refuses", "case_no": "（2026）粤0305执1号"}),
    ]  # fmt: skip


def assessed(subject: str, pack: Any = PACK) -> Any:
    return assess(Subject.from_records(subject, records(subject)), records(subject), pack, AS_OF)


def test_an_enterprise_is_rated_and_on_both_lists() -> None:
    result = assessed(ENTERPRISE)
    assert result.subject.entity_kind == "enterprise"
    assert {m.list_id for m in result.lists} == {"abnormal_operations", "judgment_defaulters"}
    assert result.rating is not None
    assert result.rating.level == "D"
    assert result.not_rated is None


@pytest.mark.parametrize(
    ("subject", "kind"), [(ORGAN, "organ"), (INSTITUTION, "public_institution")]
)
def test_organs_and_institutions_are_not_rated_and_not_listed_as_enterprises(
    subject: str, kind: str
) -> None:
    result = assessed(subject)
    assert result.subject.entity_kind == kind
    assert [m.list_id for m in result.lists] == ["judgment_defaulters"]
    assert result.rating is None
    assert result.not_rated is not None
    assert result.not_rated.code is NotRatedCode.ENTITY_KIND
    assert result.not_rated.entity_kind == kind
    assert f"entity kind {kind} is not rated" in result.not_rated.reason
    document = result.to_json()
    assert document["rating"] is None
    assert document["not_rated"]["code"] == "entity_kind"
    # the court's decision binds it all the same: no flights while listed
    flights = decide(result, "high_consumption.flights", PACK)
    assert flights.outcome.value == "restricted"
    assert flights.lists == ("judgment_defaulters",)


def test_a_pack_that_names_the_kind_rates_and_lists_it() -> None:
    evaluation = PACK.evaluation.model_copy(
        update={"applies_to": (*PACK.evaluation.applies_to, EntityKind.ORGAN)}
    )
    lists = tuple(
        d.model_copy(update={"applies_to": (*d.applies_to, EntityKind.ORGAN)})
        if d.id == "abnormal_operations"
        else d
        for d in PACK.lists
    )
    pack = PACK.model_copy(update={"evaluation": evaluation, "lists": lists})
    result = assessed(ORGAN, pack)
    assert {m.list_id for m in result.lists} == {"abnormal_operations", "judgment_defaulters"}
    assert result.rating is not None
    assert result.not_rated is None


def test_a_person_is_not_rated_with_its_own_reason() -> None:
    person = "44030119900101123X"
    result = assess(Subject(SubjectKind.PERSON, person), [], PACK, AS_OF)
    assert result.rating is None
    assert result.not_rated is not None
    assert result.not_rated.code is NotRatedCode.PERSON


def test_assess_cli_says_not_rated_with_the_reason(tmp_path: Path) -> None:
    rows = [record.to_row() for subject in (ENTERPRISE, ORGAN) for record in records(subject)]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows), "utf-8")
    base = ["assess", "--records", str(path), "--as-of", AS_OF.isoformat()]
    text = runner.invoke(app, [*base, "--subject", ORGAN])
    assert text.exit_code == 0, text.output
    assert "rating: not rated (a subject of entity kind organ is not rated" in text.stdout
    assert "judgment_defaulters" in text.stdout
    assert "abnormal_operations" not in text.stdout
    documents = runner.invoke(app, [*base, "--json"]).stdout.splitlines()
    by_id = {(d := json.loads(line))["subject"]["id"]: d for line in documents}
    assert by_id[ORGAN]["not_rated"]["code"] == "entity_kind"
    assert by_id[ENTERPRISE]["rating"]["level"] == "D"
