"""Every bad pack of the catalogue is refused for its reason, by the loader and by the CLI."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from bad_packs import BAD_PACKS, BadPack, RawPack, fresh_cn_raw, new_record_type, write_raw_pack
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from publiccredit.cli import app
from publiccredit.errors import GuardrailViolation
from publiccredit.policy import load_pack
from publiccredit.policy.prohibited import prohibited_matters

Writer = Callable[[RawPack], Path]
runner = CliRunner()

CASES = [pytest.param(case, id=case.name) for case in BAD_PACKS]


def test_the_catalogue_has_at_least_thirty_distinct_packs() -> None:
    assert len({case.name for case in BAD_PACKS}) == len(BAD_PACKS) >= 30


@pytest.mark.parametrize("case", CASES)
def test_bad_pack_is_refused_for_its_reason(
    cn_raw: RawPack, write_pack: Writer, case: BadPack
) -> None:
    case.mutate(cn_raw)
    with pytest.raises(GuardrailViolation) as caught:
        load_pack(write_pack(cn_raw))
    problems = caught.value.problems
    assert any(
        p.file == case.file and p.field == case.field and case.reason in p.reason for p in problems
    ), "\n".join(p.describe() for p in problems)


@pytest.mark.parametrize("case", CASES)
def test_policy_validate_refuses_it_with_exit_4_and_the_reason(
    cn_raw: RawPack, write_pack: Writer, case: BadPack
) -> None:
    case.mutate(cn_raw)
    result = runner.invoke(app, ["policy", "validate", str(write_pack(cn_raw))])
    assert result.exit_code == 4
    assert "REFUSED" in result.stderr
    assert "breaks a guardrail" in result.stderr
    assert f"{case.file}, field '{case.field}'" in result.stderr
    assert "Traceback" not in result.output


DISGUISES = {
    "traditional": lambda term: term,  # the catalogue's traditional spellings are used as they are
    "fullwidth": lambda term: "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in term),
    "spaced": lambda term: " ".join(term.replace(" ", "")),
    "camel": lambda term: "".join(word.capitalize() for word in term.split()) + "Log",
}
TERMS = [
    (matter.id, term, disguise)
    for matter in prohibited_matters()
    for disguise, terms in (
        ("traditional", matter.terms_zh_tw),
        ("fullwidth", matter.terms_en),
        ("spaced", matter.terms_en),
        ("camel", matter.terms_en),
    )
    for term in terms
]


@settings(max_examples=15, deadline=None)
@given(st.sampled_from(TERMS), st.sampled_from(["name_zh", "name_en", "description"]))
def test_any_disguised_term_anywhere_in_a_new_record_type_is_refused(
    picked: tuple[str, str, str], where: str
) -> None:
    """Property: the whole loader refuses every catalogue term, however it is disguised."""
    matter, term, disguise = picked
    raw = fresh_cn_raw()
    new_record_type(raw, id="renamed", **{where: f"员工 {DISGUISES[disguise](term)} 记录"})
    with tempfile.TemporaryDirectory() as folder, pytest.raises(GuardrailViolation) as caught:
        load_pack(write_raw_pack(Path(folder), raw))
    assert any(
        p.field == "record_types[renamed]" and "prohibited information" in p.reason
        for p in caught.value.problems
    ), (matter, term, disguise)
