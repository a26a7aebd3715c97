"""The common short names derived from official names (pure rule)."""

import pytest

from rectify.regions.naming import level_word, short_name


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("昌吉回族自治州", "昌吉州"),
        ("木垒哈萨克自治县", "木垒县"),
        ("伊犁哈萨克自治州", "伊犁州"),
        ("黔东南苗族侗族自治州", "黔东南州"),
        ("海西蒙古族藏族自治州", "海西州"),
        ("威宁彝族回族苗族自治县", "威宁县"),
        ("焉耆回族自治县", "焉耆县"),
        ("察布查尔锡伯自治县", "察布查尔县"),
        ("莫力达瓦达斡尔族自治旗", "莫力达瓦旗"),
        ("鄂伦春自治旗", "鄂伦春旗"),
        ("昌吉市", "昌吉市"),
        ("阜康市", "阜康市"),
        ("呼图壁县", "呼图壁县"),
        ("阿克苏地区", "阿克苏地区"),
        ("", ""),
    ],
)
def test_below_a_province(name, short):
    assert short_name(name) == short


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("新疆维吾尔自治区", "新疆"),
        ("内蒙古自治区", "内蒙古"),
        ("西藏自治区", "西藏"),
        ("宁夏回族自治区", "宁夏"),
        ("广西壮族自治区", "广西"),
        ("黑龙江省", "黑龙江"),
        ("北京市", "北京"),
        ("香港特别行政区", "香港"),
    ],
)
def test_province_level(name, short):
    assert short_name(name, province=True) == short


def test_a_city_keeps_its_shi_unless_it_is_a_province():
    assert short_name("北京市") == "北京市"
    assert short_name("北京市", province=True) == "北京"


def test_never_cut_below_two_characters():
    # the people's name is the whole place name: it stays (鄂温克族自治旗), as 内蒙古 keeps its 蒙古
    assert short_name("鄂温克族自治旗") == "鄂温克族旗"
    assert short_name("内蒙古自治区", province=True) == "内蒙古"


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("昌吉回族自治州", "州"),
        ("乌鲁木齐市", "市"),
        ("阿克苏地区", "地区"),
        ("新疆维吾尔自治区", "自治区"),
        ("锡林郭勒盟", "盟"),
    ],
)
def test_level_word(name, word):
    assert level_word(name) == word
