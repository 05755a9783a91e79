"""Properties of the USCC checker: a slow reference, single-error detection, a junk sweep."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from publiccredit.identifiers import uscc
from publiccredit.identifiers.uscc import InvalidUscc, UsccCheck, UsccStatus, check

# The weights as printed in shared/domain/cn-public-credit-rules.md §1 (GB 32100-2015).
PUBLISHED_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
INNER_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

first17s = st.text(alphabet=uscc.ALPHABET, min_size=17, max_size=17)
organisation_codes = st.text(alphabet=uscc.ALPHABET, min_size=8, max_size=8)


def reference_check_char(first17: str) -> str:
    """The check character computed the slow, obvious way from the published table."""
    total = 0
    for position, char in enumerate(first17):
        total += uscc.ALPHABET.index(char) * PUBLISHED_WEIGHTS[position]
    value = 31 - total % 31
    return uscc.ALPHABET[0 if value == 31 else value]


def reference_inner_check(code: str) -> str:
    """GB 11714 check computed from the rules reference: digits 0-9, letters A=10 … Z=35."""
    total = sum(int(char, 36) * weight for char, weight in zip(code, INNER_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


@given(first17s)
def test_check_char_matches_reference_and_stdnum(first17: str) -> None:
    expected = reference_check_char(first17)
    assert uscc.calc_check_char(first17) == expected
    assert stdnum_uscc.calc_check_digit(first17) == expected


@given(organisation_codes)
def test_inner_check_matches_reference(code: str) -> None:
    assert uscc.calc_inner_check_char(code) == reference_inner_check(code)


@given(first17s, st.integers(0, 16), st.sampled_from(uscc.ALPHABET))
def test_any_single_substitution_is_caught(first17: str, position: int, new: str) -> None:
    code = first17 + uscc.calc_check_char(first17)
    changed = code[:position] + new + code[position + 1 :]
    result = check(changed, legacy=frozenset())
    if new == code[position]:
        assert result.status is not UsccStatus.INVALID or result.reasons[0].startswith("Pos")
    elif changed[2:8].isdigit():
        assert result.status is UsccStatus.INVALID
        assert "check character" in result.reasons[0]


@given(first17s.filter(lambda s: s[2:8].isdigit()))
def test_codes_with_their_check_character_are_never_invalid(first17: str) -> None:
    result = check(first17 + uscc.calc_check_char(first17))
    assert result.accepted
    assert not any("check character" in reason for reason in result.reasons)


@given(st.text())
def test_check_never_raises_on_arbitrary_text(text: str) -> None:
    result = check(text)
    assert isinstance(result, UsccCheck)
    assert isinstance(result.status, UsccStatus)
    assert result.status is UsccStatus.VALID or result.reasons
    assert all(reason.endswith(".") for reason in result.reasons)
    result.to_json()


@given(st.text(alphabet=uscc.ALPHABET + "iozsvx -－ｘ０９\u3000", min_size=14, max_size=22))
def test_near_miss_text_only_raises_the_documented_error(text: str) -> None:
    result = check(text)
    if result.accepted:
        assert uscc.validate(text) == result.normalized
    else:
        with pytest.raises(InvalidUscc) as caught:
            uscc.validate(text)
        assert [p.reason for p in caught.value.problems] == list(result.reasons)
    assert uscc.is_valid(text) is result.accepted


@given(st.text())
def test_compact_is_idempotent_and_check_ignores_formatting(text: str) -> None:
    once = uscc.compact(text)
    assert uscc.compact(once) == once
    assert check(once).status is check(text).status


def test_check_survives_non_text() -> None:
    result = check(None)  # type: ignore[arg-type]
    assert result.status is UsccStatus.INVALID
