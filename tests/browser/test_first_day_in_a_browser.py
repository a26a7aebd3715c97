"""A real prefecture's first day on a fresh install, in a real browser on a phone (issue 9, "Done when"):
the administrator sets up 昌吉回族自治州 from the divisions with three departments and a park and brings
its people in from a spreadsheet; the office logs in with its one-time password, changes it, imports the
seed report through the web page — the inspection's team, stay and feedback date come from the file —
and generates the report; `rectify import FILE --inspection NAME` then finds the same unit and inspection
and nothing new. Screenshots go to RECTIFY_SCREENSHOTS when it is set (the user guide's come from here)."""

import io
from io import StringIO

import docx
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from openpyxl import Workbook
from test_round_on_a_phone import PHONE, SHOTS, shot

from rectify.ledger.models import Inspection
from rectify.orgunits.models import OrgUnit, OrgUnitKind
from support import shared_file

pytestmark = pytest.mark.browser

NAME = "第二轮中央生态环境保护督察"
KEPT = ("生态环境局", "水利局", "自然资源局")
PEOPLE = [
    ["姓名", "单位", "角色", "含下级单位", "职务", "电话", "电子邮箱", "用户名"],
    ["马整改", "昌吉州", "整改办", "是", "州整改办副主任", "13900000101", "", "cj_office"],
    ["韩副州长", "昌吉州", "责任领导", "", "副州长", "13900000102", "", "cj_leader"],
    ["阜康联络员", "阜康市", "单位联络员", "", "市生态环境局科长", "13900000103", "", "fk_liaison"],
    ["准东联络员", "准东开发区", "单位联络员", "", "开发区环保局科员", "13900000104", "", "zd_liaison"],
]


def people_sheet(path):
    book = Workbook()
    for row in PEOPLE:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())


def signed_in(browser, live_server, username, password):
    page = browser.new_context(**PHONE).new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    return page


def test_a_prefecture_starts_on_a_fresh_install_in_a_browser(
    live_server, browser, transactional_db, tmp_path
):
    seed = shared_file("seeds/changji-2023-rectification-report.txt")
    get_user_model().objects.create_superuser("admin", password="rectify-admin")  # createsuperuser
    admin = signed_in(browser, live_server, "admin", "rectify-admin")
    admin.wait_for_url("**/desk/")

    admin.goto(f"{live_server.url}/units/setup/")
    admin.select_option("#id_division", "652300")
    admin.evaluate(
        "kept => document.querySelectorAll('input[name=departments]').forEach(b => b.checked = kept.includes(b.value))",
        list(KEPT),
    )
    admin.fill("#id_parks", "准东经济技术开发区，准东开发区")
    admin.click("button[name=preview]")
    admin.locator("[data-testid=setup-preview] button[name=confirm]").click()
    admin.wait_for_url("**/units/")
    shot(admin, "guide-units-tree")
    prefecture = OrgUnit.objects.get(code="652300")
    assert OrgUnit.objects.filter(parent=prefecture, kind=OrgUnitKind.COUNTY).count() == 7
    assert OrgUnit.objects.filter(parent=prefecture, kind=OrgUnitKind.DEPARTMENT).count() == 3
    assert OrgUnit.objects.filter(parent=prefecture, kind=OrgUnitKind.PARK).count() == 1

    sheet = tmp_path / "人员名单.xlsx"
    people_sheet(sheet)
    admin.goto(f"{live_server.url}/people/import/")
    admin.set_input_files("input[type=file]", str(sheet))
    admin.click("text=上传并预览")
    admin.wait_for_selector("[data-testid=counts]")
    assert "新建账号 4" in admin.inner_text("[data-testid=counts]")
    shot(admin, "guide-people-preview")
    admin.click("text=确认导入")
    admin.wait_for_selector("[data-testid=passwords]")
    password = (
        admin.locator("[data-testid=passwords] li", has_text="cj_office").locator("code").inner_text().strip()
    )

    office = signed_in(browser, live_server, "cj_office", password)
    office.wait_for_url("**/account/password/")  # a one-time password must be changed first
    office.fill("#id_old_password", password)
    office.fill("#id_new_password1", "Changji-2026-zgb")
    office.fill("#id_new_password2", "Changji-2026-zgb")
    office.click("text=保存新密码")
    office.wait_for_url("**/desk/")

    office.goto(f"{live_server.url}/imports/")
    options = office.locator("#id_unit option").all_inner_texts()
    assert "新疆 · 昌吉州" in options and not any("生态环境局" in o for o in options)  # places only
    office.select_option("#id_unit", str(prefecture.pk))
    office.fill("#id_inspection_name", NAME)
    office.set_input_files("#id_file", str(seed))
    office.click("text=上传并预览")
    office.wait_for_selector("[data-testid=inspection-facts]")
    facts = office.inner_text("[data-testid=inspection-facts]")
    for fact in ("中央第五生态环境保护督察组", "2022年3月25日", "2022年4月25日", "2022年6月1日"):
        assert fact in facts
    assert "不一致" not in office.content()  # the signature names the chosen unit
    if SHOTS:  # the counts and the facts only: below them the file's own text
        office.screenshot(
            path=f"{SHOTS}/guide-import-preview.png", clip={"x": 0, "y": 0, "width": 390, "height": 560}
        )
    office.click("text=确认导入")
    office.wait_for_selector("a:has-text('查看台账')", timeout=60_000)
    inspection = Inspection.objects.get(name=NAME)
    assert (inspection.unit, inspection.team, str(inspection.feedback_on)) == (
        prefecture,
        "中央第五生态环境保护督察组",
        "2022-06-01",
    )
    assert inspection.tasks.count() == 18

    out = StringIO()
    call_command("import", str(seed), "--inspection", NAME, stdout=out, stderr=StringIO())
    assert "→ 昌吉州·第二轮中央生态环境保护督察" in out.getvalue() and "没有变化" in out.getvalue()

    office.goto(f"{live_server.url}/documents/inspections/{inspection.pk}/report/")
    office.fill("#id_as_of", "2023-10-31")
    office.click("text=生成 Word")
    link = office.locator("#generated a:has-text('下载'), a:has-text('下载')").first
    link.wait_for(timeout=60_000)
    shot(office, "guide-report")
    with office.expect_download() as caught:
        link.click()
    path = tmp_path / "报告.docx"
    caught.value.save_as(path)
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "督察反馈涉及昌吉州的18项整改任务已完成10项" in text
