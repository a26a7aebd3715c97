"""Workbooks for the people tests, written with openpyxl as an office's Excel would save them."""

import io

from openpyxl import Workbook

HEADER = ["姓名", "单位", "角色", "含下级单位", "职务", "电话", "电子邮箱", "用户名"]


def workbook(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "人员名单"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD_ROWS = [
    ["王芳", "石河县", "单位联络员", "", "县生态环境局副局长", "13900000001", "", ""],
    ["赵强", "北塔县", "单位联络员、观察员", "", "科长", "", "zq@example.cn", "zhaoq"],
    ["孙丽", "柳原州", "责任领导", "", "副州长", "13900000003", "", "sunli"],
]
