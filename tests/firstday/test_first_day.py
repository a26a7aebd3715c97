"""A real prefecture's first day on a fresh install, on the command line (issue 9, "Done when"): from an
empty database, set up 昌吉回族自治州 from the official divisions with a park and three departments,
bring its people in from a spreadsheet, import the seed report with no flag but the inspection, and
generate the report. The browser twin is tests/browser/test_first_day_in_a_browser.py."""

import io
from datetime import date
from io import StringIO

import docx
from django.contrib.auth import get_user_model
from django.core.management import call_command
from openpyxl import Workbook

from rectify.audit.models import AuditEvent
from rectify.ledger.models import Inspection, Task
from rectify.orgunits.models import OrgUnit, OrgUnitKind, Role, RoleAssignment
from support import shared_file

NAME = "第二轮中央生态环境保护督察"
DEPARTMENTS = "昌吉州生态环境局，州生态环境局\n昌吉州水利局，州水利局\n昌吉州自然资源局，州自然资源局\n"
PARKS = "准东经济技术开发区，准东开发区\n"
PEOPLE = [
    ["姓名", "单位", "角色", "含下级单位", "职务", "电话", "电子邮箱", "用户名"],
    ["马整改", "昌吉州", "整改办", "是", "州整改办副主任", "13900000101", "", "cj_office"],
    ["韩副州长", "昌吉州", "责任领导", "", "副州长", "13900000102", "", "cj_leader"],
    ["阜康联络员", "阜康市", "单位联络员", "", "市生态环境局科长", "13900000103", "", "fk_liaison"],
    ["准东联络员", "准东开发区", "单位联络员", "", "开发区环保局科员", "13900000104", "", "zd_liaison"],
    ["州生态环境局联络员", "州生态环境局", "单位联络员", "", "科长", "13900000105", "", "eco_liaison"],
]


def sheet(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_prefecture_starts_on_an_empty_database_from_the_command_line(db, tmp_path):
    seed = shared_file("seeds/changji-2023-rectification-report.txt")
    assert not OrgUnit.objects.exists() and not get_user_model().objects.exists()

    (tmp_path / "部门.txt").write_text(DEPARTMENTS, encoding="utf-8")
    (tmp_path / "园区.txt").write_text(PARKS, encoding="gb18030")  # offices still write GB18030
    call_command(
        "region_setup",
        "--division",
        "652300",
        "--departments",
        str(tmp_path / "部门.txt"),
        "--parks",
        str(tmp_path / "园区.txt"),
        stdout=StringIO(),
    )
    prefecture = OrgUnit.objects.get(code="652300")
    assert (prefecture.name, prefecture.short_name, prefecture.parent.name) == (
        "昌吉回族自治州",
        "昌吉州",
        "新疆维吾尔自治区",
    )
    below = OrgUnit.objects.filter(parent=prefecture)
    assert sorted(below.filter(kind=OrgUnitKind.COUNTY).values_list("code", flat=True)) == [
        "652301",
        "652302",
        "652323",
        "652324",
        "652325",
        "652327",
        "652328",
    ]
    assert sorted(below.filter(kind=OrgUnitKind.DEPARTMENT).values_list("short_name", flat=True)) == [
        "州水利局",
        "州生态环境局",
        "州自然资源局",
    ]
    assert below.get(kind=OrgUnitKind.PARK).short_name == "准东开发区"

    (tmp_path / "人员.xlsx").write_bytes(sheet(PEOPLE))
    out = StringIO()
    call_command("people_import", str(tmp_path / "人员.xlsx"), stdout=out)
    office = get_user_model().objects.get(username="cj_office")
    assert office.must_change_password and office.full_name == "马整改"
    assert RoleAssignment.objects.get(user=office).unit == prefecture
    assert RoleAssignment.objects.get(user__username="zd_liaison", role=Role.LIAISON).unit.kind == "park"

    out = StringIO()
    call_command("import", str(seed), "--inspection", NAME, stdout=out, stderr=StringIO())
    assert "→ 昌吉州·第二轮中央生态环境保护督察" in out.getvalue()
    inspection = Inspection.objects.get(name=NAME)
    assert inspection.unit == prefecture
    assert inspection.team == "中央第五生态环境保护督察组"
    assert (inspection.stay_start, inspection.stay_end, inspection.feedback_on) == (
        date(2022, 3, 25),
        date(2022, 4, 25),
        date(2022, 6, 1),
    )
    assert Task.objects.filter(inspection=inspection).count() == 18
    assert set(
        AuditEvent.objects.filter(code__startswith="ledger.").values_list("actor__full_name", flat=True)
    ) == {"系统（命令行）"}

    output = tmp_path / "报告.docx"
    call_command(
        "report", "--inspection", NAME, "--as-of", "2023-10-31", "--output", str(output), stdout=StringIO()
    )
    text = "\n".join(p.text for p in docx.Document(str(output)).paragraphs)
    # the figures are the ledger's: 10 done; the other 8 report no percent, so none is shown on schedule
    assert "督察反馈涉及昌吉州的18项整改任务已完成10项，其余8项均未达到序时进度。" in text
    assert "昌吉回族自治州" in text
