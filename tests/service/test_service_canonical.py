"""The fast canonical-JSON path gives exactly RFC 8785's bytes (checked against ``rfc8785``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import rfc8785
from hypothesis import given
from hypothesis import strategies as st

from publiccredit.domain.record import COLUMNS
from publiccredit.service.protect import with_recorded_at
from publiccredit.store.canonical import canonical_row, canonical_text, is_plain

SAFE = 2**53 - 1
ascii_keys = st.text(st.characters(codec="ascii"), max_size=8)
plain = st.recursive(
    st.none() | st.booleans() | st.integers(-SAFE, SAFE) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(ascii_keys, children, max_size=4)
    ),
    max_leaves=20,
)


def _encodable(value: Any) -> bool:
    try:
        rfc8785.dumps(value)
    except Exception:  # lone surrogates: neither path can encode them
        return False
    return True


@given(st.dictionaries(ascii_keys, plain, max_size=6))
def test_fast_path_equals_rfc8785(value: dict[str, Any]) -> None:
    assert is_plain(value)
    if _encodable(value):
        assert canonical_text(value).encode("utf-8") == bytes(rfc8785.dumps(value))


@given(st.dictionaries(st.text(max_size=4), st.floats(allow_nan=False) | st.text(), max_size=4))
def test_other_payloads_still_canonical(value: dict[str, Any]) -> None:
    if _encodable(value):
        assert canonical_text(value).encode("utf-8") == bytes(rfc8785.dumps(value))


def test_floats_large_ints_and_non_ascii_keys_leave_the_fast_path() -> None:
    assert not is_plain({"a": 1.5})
    assert not is_plain({"a": 2**53})
    assert not is_plain({"é": 1})
    assert is_plain({"a": [1, "x", None, True, {"b": -(2**53 - 1)}]})


@given(
    st.dictionaries(ascii_keys, st.none() | st.text(), max_size=6),
    st.dictionaries(st.text(max_size=4), plain | st.floats(allow_nan=False), max_size=4),
)
def test_record_rows_take_the_fast_path_only_when_exact(
    cells: dict[str, Any], extra: dict[str, Any]
) -> None:
    row = {**cells, "extra": extra}
    if _encodable(row):
        assert canonical_row(row, "extra").encode("utf-8") == bytes(rfc8785.dumps(row))


RECORD_CELLS = st.fixed_dictionaries(
    {
        name: st.none() | st.text() | st.just('"recorded_at":null')
        for name in COLUMNS
        if name != "extra"
    }
)
EXTRA = st.dictionaries(
    st.text(max_size=12) | st.just("recorded_at"), plain | st.floats(allow_nan=False), max_size=4
)


@given(RECORD_CELLS, EXTRA, st.datetimes(timezones=st.just(UTC)))
def test_setting_recorded_at_in_the_text_equals_canonicalising_again(
    cells: dict[str, Any], extra: dict[str, Any], when: datetime
) -> None:
    row = {**cells, "extra": extra, "recorded_at": None}
    if not _encodable(row):
        return
    instant = when.isoformat()
    expected = canonical_row({**row, "recorded_at": instant}, "extra")
    assert with_recorded_at(canonical_row(row, "extra"), instant) == expected
