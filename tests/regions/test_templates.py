"""The departments-and-parks template: its lines, its mistakes by line, and the names it gives."""

import pytest

from rectify.regions.templates import (
    DEFAULT_DEPARTMENTS,
    TemplateError,
    TemplateLine,
    department_names,
    parse_template,
)


def test_default_departments_include_the_ones_every_prefecture_has():
    names = [line.name for line in parse_template(DEFAULT_DEPARTMENTS)]
    for wanted in (
        "生态环境局",
        "发展和改革委员会",
        "工业和信息化局",
        "自然资源局",
        "水利局",
        "住房和城乡建设局",
        "农业农村局",
        "林业和草原局",
        "交通运输局",
        "城市管理局",
    ):
        assert wanted in names
    assert len(names) == len(set(names))


def test_separators_comments_and_blank_lines():
    text = "# 州直部门\n生态环境局\n\n发展和改革委员会，发改委\n水利局, 水利\n林业和草原局\t林草局\n交通运输局｜交通局\n"
    assert [(line.name, line.short_name, line.line) for line in parse_template(text)] == [
        ("生态环境局", "", 2),
        ("发展和改革委员会", "发改委", 4),
        ("水利局", "水利", 5),
        ("林业和草原局", "林草局", 6),
        ("交通运输局", "交通局", 7),
    ]


def test_every_bad_line_is_named_and_nothing_is_returned():
    text = "生态环境局\n，简称\n甲，乙，丙\n生态环境局\n" + "局" * 95 + "\n"
    with pytest.raises(TemplateError) as caught:
        parse_template(text, where="部门.txt")
    assert caught.value.problems == [
        "部门.txt 第2行：缺少名称",
        "部门.txt 第3行：一行只写全称和简称两项，用逗号分开",
        "部门.txt 第4行：“生态环境局”与第1行重复",
        "部门.txt 第5行：名称过长（最多90字）",
    ]


@pytest.mark.parametrize(
    ("line", "prefix", "level", "expected"),
    [
        (TemplateLine("生态环境局", "", 1), "昌吉州", "州", ("昌吉州生态环境局", "州生态环境局")),
        (
            TemplateLine("发展和改革委员会", "发改委", 1),
            "昌吉州",
            "州",
            ("昌吉州发展和改革委员会", "州发改委"),
        ),
        (TemplateLine("昌吉州水利局", "", 1), "昌吉州", "州", ("昌吉州水利局", "州水利局")),
        (TemplateLine("林业和草原局", "州林草局", 1), "昌吉州", "州", ("昌吉州林业和草原局", "州林草局")),
        (TemplateLine("生态环境局", "", 1), "乌鲁木齐市", "市", ("乌鲁木齐市生态环境局", "市生态环境局")),
    ],
)
def test_department_names(line, prefix, level, expected):
    assert department_names(line, prefix=prefix, level=level) == expected
