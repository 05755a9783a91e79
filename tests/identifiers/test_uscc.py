"""Known answers for the USCC checker: real codes, python-stdnum's vectors, messy input."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from stdnum.cn import uscc as stdnum_uscc

from publiccredit.errors import InvalidIdentifier
from publiccredit.identifiers import uscc
from publiccredit.identifiers.regions import RegionStatus
from publiccredit.identifiers.uscc import EntityKind, InvalidUscc, UsccStatus, check

# python-stdnum's tests/test_cn_uscc.doctest (Leandro Regueiro, LGPL-2.1+): codes found
# online, all valid; copied to stdnum_uscc_valid.txt with attribution in its header.
STDNUM_VECTORS = [
    line.strip()
    for line in (Path(__file__).parent / "stdnum_uscc_valid.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]

# Real codes named in shared/domain/cn-public-credit-rules.md §1 (check passes).
REAL_CODES = {
    "914403001922038216": ("440300", "广东省深圳市"),  # Huawei
    "91440300708461136T": ("440300", "广东省深圳市"),  # Tencent Computer Systems
    "9144030071526726XG": ("440300", "广东省深圳市"),  # Tencent Technology
    "91440300192317458F": ("440300", "广东省深圳市"),  # BYD
    "91110108551385082Q": ("110108", "北京市海淀区"),  # Xiaomi
}
WORKED_EXAMPLE = "91350100M000100Y4Z"  # GB 32100-2015's own example; check fails by design


def with_check(first17: str) -> str:
    """A code completed with its correct check character (for synthetic test codes)."""
    return first17 + uscc.calc_check_char(first17)


def test_module_docstring_examples_hold() -> None:
    assert doctest.testmod(uscc).failed == 0


def test_stdnum_vectors_are_all_accepted_with_correct_check_characters() -> None:
    assert len(STDNUM_VECTORS) > 350
    for code in STDNUM_VECTORS:
        result = check(code)
        assert result.accepted, (code, result.reasons)
        assert not any("check character" in reason for reason in result.reasons), code
        assert stdnum_uscc.is_valid(code)


@pytest.mark.parametrize(("code", "region"), REAL_CODES.items())
def test_real_codes_are_valid_enterprises_with_their_region(
    code: str, region: tuple[str, str]
) -> None:
    result = check(code)
    assert result.status is UsccStatus.VALID
    assert result.reasons == ()
    assert result.kind is EntityKind.ENTERPRISE
    assert result.region is not None
    assert (result.region.code, result.region.name) == region
    assert result.region.status is RegionStatus.CURRENT
    assert uscc.validate(code) == code


def test_worked_example_is_a_legacy_warning_naming_the_expected_character() -> None:
    result = check(WORKED_EXAMPLE)
    assert result.status is UsccStatus.WARNING
    assert len(result.reasons) == 1
    assert "check character is 'Z' but should be '3'" in result.reasons[0]
    assert "legacy" in result.reasons[0]
    assert uscc.validate(WORKED_EXAMPLE) == WORKED_EXAMPLE


def test_worked_example_off_the_allow_list_is_invalid() -> None:
    result = check(WORKED_EXAMPLE, legacy=frozenset())
    assert result.status is UsccStatus.INVALID
    assert result.reasons[0].startswith("The check character is 'Z' but should be '3'")


def test_worked_example_sums_to_1640_with_the_published_weights() -> None:
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    pairs = zip(WORKED_EXAMPLE[:17], weights, strict=True)
    total = sum(uscc.ALPHABET.index(char) * weight for char, weight in pairs)
    assert total == 1640
    assert uscc.calc_check_char(WORKED_EXAMPLE[:17]) == "3"
    assert check(WORKED_EXAMPLE[:17] + "3").status is UsccStatus.VALID


def test_allow_list_holds_only_codes_whose_check_fails() -> None:
    allowed = uscc.legacy_allowlist()
    assert WORKED_EXAMPLE in allowed
    for code in allowed:
        assert len(code) == 18
        assert code[17] != uscc.calc_check_char(code[:17])


@pytest.mark.parametrize(
    ("first17", "kind", "authority"),
    [
        ("Y1110108MA0123456", EntityKind.OTHER, "Y"),
        ("N2440305MA0123456", EntityKind.OTHER, "N"),
        ("A1110108MA0123456", EntityKind.OTHER, "A"),
        ("11110108MA0123456", EntityKind.ORGAN, "1"),
        ("53440300MA0123456", EntityKind.FOUNDATION, "5"),
        ("93440300MA0123456", EntityKind.FARMERS_COOPERATIVE, "9"),
    ],
)
def test_letter_and_digit_authorities_decode(
    first17: str, kind: EntityKind, authority: str
) -> None:
    inner = uscc.calc_inner_check_char(first17[8:16])
    code = with_check(first17[:16] + inner)
    result = check(code)
    assert result.status is UsccStatus.VALID, result.reasons
    assert result.kind is kind
    assert result.authority is not None
    assert result.authority.code == authority


def test_letter_first_codes_are_accepted_where_stdnum_rejects_them() -> None:
    code = with_check("Y1110108MA01234" + "5" + uscc.calc_inner_check_char("MA012345"))
    assert check(code).status is UsccStatus.VALID
    assert not stdnum_uscc.is_valid(code)


def test_unknown_authority_is_a_warning_with_unknown_kind() -> None:
    code = with_check("B1440300192203821")
    result = check(code)
    assert result.status is UsccStatus.WARNING
    assert result.kind is EntityKind.UNKNOWN
    assert any("Registration authority 'B'" in reason for reason in result.reasons)


@pytest.mark.parametrize(
    "messy",
    [
        "9144030071526726xg",
        "9144 0300 7152 6726 XG",
        "91440300-71526726-XG",
        "９１４４０３００７１５２６７２６ＸＧ",
        "\ufeff9144030071526726XG\u3000",
    ],
)
def test_messy_input_normalises_to_the_same_valid_code(messy: str) -> None:
    result = check(messy)
    assert result.normalized == "9144030071526726XG"
    assert result.status is UsccStatus.VALID
    assert result.input == messy
    assert uscc.format(messy) == "9144030071526726XG"


def test_old_registration_number_is_invalid_and_named() -> None:
    result = check("440300000000001")
    assert result.status is UsccStatus.INVALID
    assert result.reasons == (
        "The code looks like an old 15-digit business registration number (注册号), not a USCC.",
    )


def test_organisation_code_is_invalid_and_named() -> None:
    result = check("19220382-1")
    assert result.status is UsccStatus.INVALID
    assert "9-character organisation code" in result.reasons[0]


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("", "empty"),
        ("91440300192203821", "17 characters"),
        ("9144030019220382166", "19 characters"),
        ("91440300I92203821O", "'I' at position 9"),
        ("914403001922O38216", "'O' is probably '0'"),
        ("91AB0300192203821X", "six-digit region code"),
        ("91440300192203821#", "not a letter or digit"),
    ],
)
def test_malformed_codes_say_what_is_wrong(code: str, fragment: str) -> None:
    result = check(code)
    assert result.status is UsccStatus.INVALID
    assert fragment in result.reasons[0]
    assert result.region is None


def test_failed_check_character_is_invalid_for_every_wrong_character() -> None:
    code = "91110108551385082Q"
    for wrong in set(uscc.ALPHABET) - {"Q"}:
        result = check(code[:17] + wrong)
        assert result.status is UsccStatus.INVALID
        assert f"The check character is '{wrong}' but should be 'Q'." in result.reasons


def test_failed_inner_check_is_only_a_warning() -> None:
    code = with_check("91440300192203822")  # position 17 should be '1'
    result = check(code)
    assert result.status is UsccStatus.WARNING
    assert result.reasons == (
        "The organisation code in positions 9–17 fails its GB 11714 check: "
        "position 17 is '2' but should be '1'.",
    )


def test_historical_region_is_a_warning_with_its_years() -> None:
    result = check(with_check("91110103192203821"))  # 崇文区, merged in 2010
    assert result.status is UsccStatus.WARNING
    assert result.region is not None
    assert result.region.status is RegionStatus.HISTORICAL
    assert result.region.valid_until == 2010
    assert "historical" in result.reasons[0]
    assert "2010" in result.reasons[0]


def test_national_region_is_a_warning_not_an_error() -> None:
    code = with_check("12100000" + "40000007" + uscc.calc_inner_check_char("40000007"))
    result = check(code)
    assert result.status is UsccStatus.WARNING
    assert result.kind is EntityKind.PUBLIC_INSTITUTION
    assert result.region is not None
    assert result.region.status is RegionStatus.UNKNOWN
    assert "national-level" in result.reasons[0]


def test_validate_raises_invalid_uscc_with_reasons() -> None:
    with pytest.raises(InvalidUscc) as caught:
        uscc.validate("91110108551385082A")
    assert isinstance(caught.value, InvalidIdentifier)
    assert [p.reason for p in caught.value.problems] == [
        "The check character is 'A' but should be 'Q'."
    ]
    assert caught.value.problems[0].value == "91110108551385082A"


def test_is_valid_accepts_warnings_and_rejects_invalid() -> None:
    assert uscc.is_valid(WORKED_EXAMPLE)
    assert uscc.is_valid("91110108551385082q")
    assert not uscc.is_valid("91110108551385082A")
    assert not uscc.is_valid("440300000000001")


def test_json_object_has_the_documented_keys() -> None:
    data = check("91110108551385082Q").to_json()
    assert data["input"] == "91110108551385082Q"
    assert data["normalized"] == "91110108551385082Q"
    assert data["status"] == "valid"
    assert data["reasons"] == []
    assert data["kind"] == "enterprise"
    assert data["region"] == {
        "code": "110108",
        "name": "北京市海淀区",
        "status": "current",
        "valid_from": None,
        "valid_until": None,
        "note": "",
    }
    assert check("x").to_json()["region"] is None
