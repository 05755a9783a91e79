"""Region lookup: 2023 tables plus python-stdnum's loc.dat history."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publiccredit.identifiers.regions import RegionStatus, counties, lookup


@pytest.mark.parametrize(
    ("code", "status", "name", "valid_from", "valid_until"),
    [
        ("110105", RegionStatus.CURRENT, "北京市朝阳区", None, None),
        ("440300", RegionStatus.CURRENT, "广东省深圳市", None, None),
        ("440000", RegionStatus.CURRENT, "广东省", None, None),
        ("440305", RegionStatus.CURRENT, "广东省深圳市南山区", 1990, None),
        ("440309", RegionStatus.CURRENT, "广东省深圳市龙华区", 2016, None),
        ("110103", RegionStatus.HISTORICAL, "北京市崇文区", None, 2010),
        ("440302", RegionStatus.HISTORICAL, "广东省深圳市沙头角区办事处", 1983, 1990),
    ],
)
def test_known_codes(
    code: str,
    status: RegionStatus,
    name: str,
    valid_from: int | None,
    valid_until: int | None,
) -> None:
    info = lookup(code)
    assert (info.status, info.name, info.valid_from, info.valid_until) == (
        status,
        name,
        valid_from,
        valid_until,
    )


@pytest.mark.parametrize("code", ["100000", "999999", "44030", "44030A", "４４０３００", ""])
def test_special_or_malformed_codes_are_unknown_with_a_note(code: str) -> None:
    info = lookup(code)
    assert info.status is RegionStatus.UNKNOWN
    assert info.name == ""
    assert info.note


def test_every_2023_county_is_current(shared_data: Path) -> None:
    rows = (shared_data / "divisions" / "modood_areas.csv").read_text("utf-8-sig").splitlines()
    codes = [row["code"] for row in csv.DictReader(rows)]
    assert len(codes) > 2800
    assert set(codes) == set(counties())
    assert all(lookup(code).status is RegionStatus.CURRENT for code in codes)


def _loc_dat_entries() -> dict[str, list[str]]:
    """Six-digit code → its county periods, parsed the slow, obvious way from loc.dat."""
    text = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    entries: dict[str, list[str]] = {}
    province = ""
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if not line.startswith(" "):
            province = line.split()[0]
            continue
        suffix, _, value = line.strip().partition(" county=")
        entries[province + suffix] = value.strip('"').split(",")
    return entries


def _is_open(period: str) -> bool:
    return not period.startswith("[") or period.split("]")[0].endswith("-")


def test_lookup_agrees_with_a_plain_reading_of_loc_dat() -> None:
    entries = _loc_dat_entries()
    assert len(entries) > 6000
    historical = 0
    for code, periods in entries.items():
        expected = (
            RegionStatus.CURRENT
            if code in counties() or any(_is_open(p) for p in periods)
            else RegionStatus.HISTORICAL
        )
        if code[2:] == "0000" or code[4:] == "00":
            continue  # province and prefecture rows may also be named by the 2023 tables
        assert lookup(code).status is expected, (code, periods)
        historical += expected is RegionStatus.HISTORICAL
    assert historical > 1000


@given(st.text(max_size=8))
def test_lookup_never_raises(code: str) -> None:
    assert lookup(code).status in set(RegionStatus)
