"""Every bad pack of the catalogue is refused for its reason, by the loader and by the CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bad_packs import BAD_PACKS, BadPack, RawPack
from typer.testing import CliRunner

from publiccredit.cli import app
from publiccredit.errors import GuardrailViolation
from publiccredit.policy import load_pack

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
