"""Region words at the start of a name, mapped to a division code prefix.

Names begin with the registering region (企业名称登记管理规定 art. 6):
深圳市, 广东省深圳市, 深圳市南山区, or short forms (深圳, 广东) and, in Latin
script, pinyin (Shenzhen). Each written form maps to the code prefix it names:
two digits for a province, four for a prefecture, six for a county. A form that
names two different places keeps what their codes share (吉林: the province 22 and
its city 2202 share 22) or, sharing nothing (``shanxi``: 山西 and 陕西), is still
cut from the name with its region left unknown.
"""

from __future__ import annotations

from functools import cache

from publiccredit.identifiers.regions import counties, prefectures, provinces
from publiccredit.screening.pinyin import pinyin_key
from publiccredit.textfold import fold

_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "地区",
    "省",
    "市",
    "盟",
)


def _short(name: str) -> str | None:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def _add(table: dict[str, str], text: str, code: str) -> None:
    if len(text) < 2:
        return
    known = table.get(text, code)
    if known != code:  # two places: keep what they share (吉林: the province 22 and its city 2202)
        size = next(
            (n for n, pair in enumerate(zip(known, code, strict=False)) if pair[0] != pair[1]), 6
        )
        size = min(size, len(known), len(code)) // 2 * 2  # whole levels: 2, 4 or 6 digits
        code = code[:size] if size >= 2 else ""
    table[text] = code


@cache
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    chinese: dict[str, str] = {}
    latin: dict[str, str] = {}
    for code, name in provinces().items():
        for form in filter(None, (name, _short(name))):
            _add(chinese, form, code)
            _add(latin, pinyin_key(form), code)
    for code, name in prefectures().items():
        if name in _PLACEHOLDERS:
            continue
        province = provinces().get(code[:2], "")
        for form in filter(None, (name, _short(name))):
            _add(chinese, form, code)
            _add(chinese, province + form, code)
            _add(latin, pinyin_key(form), code)
            _add(latin, pinyin_key(province + form), code)
    for code, region in counties().items():
        prefecture = region.prefecture if region.prefecture not in _PLACEHOLDERS else ""
        city = prefecture or region.province
        if region.name == city:
            continue
        short = region.name[:-1] if region.name[-1] in "市县" and len(region.name) > 2 else ""
        written_forms = [city + region.name, region.province + region.name]
        if short:
            written_forms += [city + short, region.province + short]
        for written in written_forms:
            _add(chinese, written, code)
            _add(latin, pinyin_key(written), code)
        _add(chinese, region.province + prefecture + region.name, code)
        if not region.name.endswith("区"):  # a bare district name (南山区) is too ambiguous
            _add(chinese, region.name, code)
    return chinese, latin


@cache
def _longest(latin: bool) -> int:
    return max(map(len, _tables()[1 if latin else 0]))


def split_region(text: str, latin: bool = False) -> tuple[str, str]:
    """``(code prefix, rest)``: the longest region form ``text`` starts with, or ``("", text)``.

    ``text`` is folded (``textfold.fold``) or, when ``latin``, a ``latin_key``. A form
    that names two places is cut with the code left empty (Suzhou: 苏州 or 宿州)."""
    table = _tables()[1 if latin else 0]
    for length in range(min(_longest(latin), len(text) - 1), 1, -1):
        code = table.get(text[:length])
        if code is not None:
            return code, text[length:]
    return "", text


def region_code(text: str) -> str:
    """The code prefix a region field names: digits as given, else a written region."""
    cleaned = "".join(text.split())
    if cleaned.isdigit() and len(cleaned) in (2, 4, 6):
        if len(cleaned) == 6 and cleaned.endswith("0000"):
            return cleaned[:2]
        return cleaned[:4] if len(cleaned) == 6 and cleaned.endswith("00") else cleaned
    folded = fold(cleaned)
    latin = folded.isascii()
    key = pinyin_key(folded) if latin else folded
    table = _tables()[1 if latin else 0]
    if table.get(key):
        return table[key]
    code, _ = split_region(key + "_", latin)  # a region with more after it (an address)
    return code


def latin_regions() -> dict[str, str]:
    """Pinyin region forms (``shenzhen``, ``shenzhenshi``) → code prefix ("" if two places)."""
    return _tables()[1]


@cache
def written_names(code: str) -> tuple[str, ...]:
    """How a name may write the region of ``code`` (a county): for comparing a region the
    table does not know (a typo: 葫芦市连山区) with a candidate's."""
    region = counties().get(code)
    if region is None:
        return ()
    prefecture = region.prefecture if region.prefecture not in _PLACEHOLDERS else ""
    city = prefecture or region.province
    return tuple(dict.fromkeys((city + region.name, region.province + region.name, city)))
