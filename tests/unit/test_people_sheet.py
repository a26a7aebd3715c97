"""The people list read into rows (pure): headers found, values read, every problem named by row and column."""

import pytest

from rectify.people.sheet import read_people_sheet

HEADER = ["姓名", "单位", "角色", "含下级单位", "职务", "电话", "电子邮箱", "用户名"]


def test_rows_read_with_their_roles_and_default_reach():
    reading = read_people_sheet(
        [
            HEADER,
            ["王芳", "石河县", "单位联络员", "", "副局长", 13900000001, "", ""],
            ["赵强", "柳原州", "整改办、观察员", "", "", "", "zq@example.cn", "zhaoq"],
            ["孙丽", "柳原州", "责任领导", "是", "副州长", "139-0000-0003", "", ""],
        ]
    )
    assert reading.errors == []
    wang, zhao, sun = reading.people
    assert (wang.row, wang.full_name, wang.unit, wang.roles, wang.phone) == (
        2,
        "王芳",
        "石河县",
        (("liaison", False),),
        "13900000001",  # a phone typed as a number reads as its digits
    )
    assert zhao.roles == (("office", True), ("observer", True))
    assert zhao.key == ("username", "zhaoq")
    assert sun.roles == (("leader", True),)  # 是 overrides the role's usual reach
    assert wang.key == ("phone", "13900000001")


def test_header_below_a_title_row_in_any_order_with_aliases_and_full_width():
    reading = read_people_sheet(
        [
            ["柳原州整改工作人员名单"],
            ["单 位", "姓名", "手机", "角色（ＲＯＬＥ）", "角色"],
            ["石河县", "王芳", "13900000001", "", "联络员"],
        ]
    )
    assert reading.errors == []
    assert reading.people[0].phone == "13900000001"
    assert reading.people[0].roles == (("liaison", False),)
    assert reading.stated("电话") and not reading.stated("职务")


def test_every_bad_cell_is_named_by_row_and_column():
    reading = read_people_sheet(
        [
            HEADER,
            ["", "石河县", "单位联络员", "", "", "13900000001", "", ""],
            ["王芳", "石河县", "队长", "", "", "13900000002", "", ""],
            ["赵强", "石河县", "系统管理员", "", "", "13900000003", "", ""],
            ["孙丽", "石河县", "观察员", "也许", "", "电话", "not-an-email", "a b"],
            ["周明", "石河县", "观察员", "", "", "", "", ""],
        ]
    )
    assert reading.errors == [
        "第2行「姓名」：不能为空",
        "第3行「角色」：“队长”不是可识别的角色（可填：整改办、单位联络员、责任领导、观察员）",
        "第4行「角色」：不能通过人员名单授予“系统管理员”",
        "第5行「含下级单位」：“也许”应填“是”或“否”",
        "第5行「电话」：“电话”不是电话号码",
        "第5行「电子邮箱」：“not-an-email”不是电子邮箱地址",
        "第5行「用户名」：“a b”含有不能用于用户名的字符（可用字母、数字、汉字和 @ . + - _）",
        "第6行：请至少填写「电话」「电子邮箱」或「用户名」之一，用来识别此人",
    ]
    assert reading.people == []


def test_missing_required_column_and_missing_header():
    assert read_people_sheet([["姓名", "电话"], ["王芳", "1390000"]]).errors == [
        "第1行「单位」：缺少此列",
        "第1行「角色」：缺少此列",
    ]
    assert read_people_sheet([["名单"], ["王芳"]]).errors[0].startswith("找不到表头行")
    assert read_people_sheet([]).errors[0].startswith("找不到表头行")


def test_one_person_on_several_rows_must_agree_and_not_share_contacts():
    reading = read_people_sheet(
        [
            HEADER,
            ["王芳", "石河县", "单位联络员", "", "副局长", "13900000001", "", "wangf"],
            ["王芳", "北塔县", "单位联络员", "", "局长", "13900000001", "", "wangf"],
            ["李明", "北塔县", "观察员", "", "", "13900000001", "", "lim"],
        ]
    )
    assert reading.errors == [
        "第3行「职务」：与第2行（同一人）不一致（“局长”与“副局长”）",
        "第4行「电话」：与第2行相同，但两行的「用户名」不同（同一人请填写相同的用户名，不同的人不能共用）",
    ]


def test_blank_rows_are_skipped_and_long_values_refused():
    reading = read_people_sheet([HEADER, ["", "", ""], ["王" * 51, "石河县", "观察员", "", "", "139000001"]])
    assert reading.errors == ["第3行「姓名」：超过50个字"]


@pytest.mark.parametrize(
    "junk",
    [[[None]], [[1.5, "x"]], [["姓名", "单位", "角色"], [None, 3.0, True]], [["姓名", "单位", "角色"], []]],
)
def test_odd_cells_never_raise(junk):
    read_people_sheet(junk)
