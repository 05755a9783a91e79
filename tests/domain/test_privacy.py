"""``domain.privacy``: finding and masking resident ID numbers in text; CSV cell safety."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from publiccredit.csv_safety import neutralise_cell
from publiccredit.domain.privacy import find_id_numbers, mask_name, mask_text, public_record
from publiccredit.identifiers import ric

ADDRESS_CODES = ("110105", "440305", "440304", "310115")


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    """Valid synthetic resident ID numbers."""
    year = draw(st.integers(1930, 2010))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    first17 = (
        f"{draw(st.sampled_from(ADDRESS_CODES))}{year:04d}{month:02d}{day:02d}"
        f"{draw(st.integers(0, 999)):03d}"
    )
    return first17 + ric.calc_check_digit(first17)


TEXT = st.text(alphabet="当事人未按规定公示 ，。abc", max_size=20)


@given(id_numbers(), TEXT, TEXT)
def test_a_number_in_text_is_found_and_masked(number: str, before: str, after: str) -> None:
    text = f"{before}{number}{after}"
    assert find_id_numbers(text) == [number]
    masked = mask_text(text)
    assert number not in masked
    assert number[6:14] not in masked
    assert masked == f"{before}{number[:6]}********{number[14:]}{after}"
    assert mask_text(masked) == masked  # masking twice changes nothing


@given(st.from_regex(r"[1-9][0-9]{16}[0-9X]", fullmatch=True))
def test_only_valid_numbers_are_found(candidate: str) -> None:
    found = find_id_numbers(f"金额{candidate}元")
    assert found == ([candidate] if ric.is_valid(candidate) else [])


def test_an_all_digit_uscc_is_not_a_number() -> None:
    assert find_id_numbers("统一社会信用代码914403001922038216") == []


def test_longer_digit_runs_are_not_numbers() -> None:
    assert find_id_numbers("11010519491231002X7") == []
    assert find_id_numbers("911010519491231002X") == []
    assert find_id_numbers("ID11010519491231002Xa") == ["11010519491231002X"]


def test_names_and_records_of_persons_are_masked() -> None:
    assert mask_name("周晓明") == "周**"
    assert mask_name("") == ""
    row = {
        "subject_kind": "person",
        "subject_id": "11010519491231002X",
        "subject_name": "周晓明",
        "facts": "号码11010519491231002X",
        "extra": {"legal_representative_name": "李明华"},
    }
    shown = public_record(row)
    assert shown["subject_id"] == "110105********002X"
    assert shown["subject_name"] == "周**"
    assert shown["facts"] == "号码110105********002X"
    assert shown["extra"]["legal_representative_name"] == "李**"
    assert row["subject_name"] == "周晓明"  # the input is not changed


@given(st.text(max_size=30))
def test_no_csv_cell_starts_like_a_formula(value: str) -> None:
    shown = neutralise_cell(value)
    assert not shown.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert shown in (value, "'" + value)


def test_numbers_are_left_as_numbers() -> None:
    assert neutralise_cell(-5) == -5
    assert neutralise_cell("-5") == "'-5"
    assert neutralise_cell(None) is None


def test_the_screening_csv_neutralises_formula_cells() -> None:
    from publiccredit.screening.suppliers import SupplierRow
    from publiccredit.service.screening_export import results_csv

    rows = [SupplierRow(1, '=HYPERLINK("http://evil.example/")', "", "", "")]
    body = {
        "results": [
            {
                "match": True,
                "score": 0.9,
                "id": "91440300MA5FAKE02K",
                "caption": "@SUM(A1)",
                "explanations": {"name": "+1"},
            }
        ]
    }
    text = results_csv(rows, [body])
    for line in text.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.strip('"').startswith(("=", "+", "-", "@")), cell
    assert "'=HYPERLINK" in text
    assert "'@SUM(A1)" in text
