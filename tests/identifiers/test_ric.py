"""Resident identity numbers (GB 11643): validation, decoding and masking. All numbers synthetic."""

from __future__ import annotations

import datetime
import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric as stdnum_ric

from publiccredit.errors import InvalidIdentifier
from publiccredit.identifiers import ric
from publiccredit.identifiers.regions import RegionStatus
from publiccredit.identifiers.ric import Gender, InvalidResidentId

# Weights and mapping as printed in shared/domain/cn-public-credit-rules.md §1.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
STANDARD_EXAMPLE = "11010519491231002X"  # GB 11643's own example number


def reference_check(first17: str) -> str:
    """The check digit the slow, obvious way from the published weights."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def make(region: str, born: str, sequence: str) -> str:
    """A synthetic number with a correct check digit."""
    first17 = region + born + sequence
    return first17 + reference_check(first17)


def test_module_docstring_examples_hold() -> None:
    assert doctest.testmod(ric).failed == 0


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_digit_matches_reference(first17: str) -> None:
    assert ric.calc_check_digit(first17) == reference_check(first17)


def test_standard_example_decodes() -> None:
    assert ric.validate(STANDARD_EXAMPLE) == STANDARD_EXAMPLE
    assert ric.birth_date(STANDARD_EXAMPLE) == datetime.date(1949, 12, 31)
    assert ric.gender(STANDARD_EXAMPLE) is Gender.FEMALE
    region = ric.region(STANDARD_EXAMPLE)
    assert (region.code, region.name) == ("110105", "北京市朝阳区")


def test_stdnum_doctest_number_is_valid() -> None:
    assert ric.is_valid("360426199101010071")  # from stdnum/cn/ric.py's docstring
    assert ric.gender("360426199101010071") is Gender.MALE


@pytest.mark.parametrize(
    "messy", ["11010519491231002x", "110105 19491231 002X", "１１０１０５１９４９１２３１００２Ｘ"]
)
def test_messy_input_is_normalised(messy: str) -> None:
    assert ric.validate(messy) == STANDARD_EXAMPLE
    assert ric.format(messy) == STANDARD_EXAMPLE


def test_region_created_after_birth_is_accepted_unlike_stdnum() -> None:
    number = make("440309", "19800101", "001")  # 龙华区 exists since 2016
    assert ric.is_valid(number)
    assert not stdnum_ric.is_valid(number)


def test_historical_region_is_accepted() -> None:
    number = make("110103", "19700101", "002")  # 崇文区 until 2010
    assert ric.region(number).status is RegionStatus.HISTORICAL


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        (STANDARD_EXAMPLE[:17] + "1", "The check digit is '1' but should be 'X'."),
        (make("110105", "19910231", "001"), "not a possible birth date"),
        (make("110105", "17991231", "001"), "not a possible birth date"),
        (make("999999", "19800101", "001"), "address code 999999"),
        ("110105491231002", "first-generation 15-digit"),
        ("1101051949123100", "16 characters"),
        ("1101051949123100XX", "must be digits"),
    ],
)
def test_invalid_numbers_say_why_and_never_show_the_birth_date(number: str, fragment: str) -> None:
    assert not ric.is_valid(number)
    with pytest.raises(InvalidResidentId) as caught:
        ric.validate(number)
    assert isinstance(caught.value, InvalidIdentifier)
    problem = caught.value.problems[0]
    assert fragment in problem.reason
    assert number[6:12] not in str(caught.value)


def test_mask_hides_birth_date_positions_7_to_14() -> None:
    assert ric.mask(STANDARD_EXAMPLE) == "110105********002X"
    assert ric.mask("110105 19491231 002x") == "110105********002X"
    assert ric.mask("110105491231002") == "110105******002"


def test_mask_refuses_what_it_cannot_mask_safely() -> None:
    with pytest.raises(InvalidResidentId):
        ric.mask("1101051949")


@given(st.text())
def test_junk_only_raises_the_documented_error(text: str) -> None:
    try:
        ric.validate(text)
    except InvalidResidentId:
        assert not ric.is_valid(text)
    else:
        assert ric.is_valid(text)
    try:
        masked = ric.mask(text)
    except InvalidResidentId:
        return
    assert masked[6:12] == "******"
