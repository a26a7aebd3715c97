"""People on a phone, in a real browser: the office uploads a people list, reads the preview, confirms and
sees the one-time passwords; the new liaison logs in with theirs and is made to change it first; the
office grants them a second role and withdraws it. Screenshots go to RECTIFY_SCREENSHOTS when it is set."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from openpyxl import Workbook
from test_round_on_a_phone import PHONE, login, shot

from rectify.demo.loader import load_demo
from rectify.orgunits.models import OrgUnit, RoleAssignment

pytestmark = pytest.mark.browser


def people_list(path, extra=()):
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "单位", "角色", "含下级单位", "职务", "电话", "电子邮箱", "用户名"])
    sheet.append(["王芳", "石河县", "单位联络员", "", "县生态环境分局副局长", "13900000001", "", "wangfang"])
    sheet.append(["赵强", "北塔县", "单位联络员、观察员", "", "科长", "13900000002", "zq@example.cn", ""])
    sheet.append(["孙丽", "柳原高新区", "单位联络员", "", "办公室主任", "13900000003", "", ""])
    for row in extra:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())


def test_people_on_a_phone(live_server, browser, transactional_db, tmp_path):
    load_demo()
    office = login(browser, live_server, "office")
    office.goto(f"{live_server.url}/people/")
    assert office.locator("[data-testid=people] a").count() > 3
    shot(office, "people-list")
    office.click("text=从表格导入人员")
    shot(office, "people-import")
    bad = tmp_path / "有错的名单.xlsx"
    people_list(bad, extra=[["李四", "xx县", "站长", "", "", "", "", ""]])
    office.set_input_files("input[type=file]", str(bad))
    office.click("text=上传并预览")
    office.wait_for_selector("[data-testid=errors]")
    errors = office.inner_text("[data-testid=errors]")
    assert "第5行「角色」：“站长”不是可识别的角色" in errors and "确认导入" not in office.content()
    shot(office, "people-errors")
    office.goto(f"{live_server.url}/people/import/")
    sheet = tmp_path / "人员名单.xlsx"
    people_list(sheet)
    office.set_input_files("input[type=file]", str(sheet))
    office.click("text=上传并预览")
    office.wait_for_selector("[data-testid=counts]")
    assert "新建账号 3" in office.inner_text("[data-testid=counts]")
    shot(office, "people-preview")
    office.click("text=确认导入")
    office.wait_for_selector("[data-testid=passwords]")
    shot(office, "people-result")
    row = office.locator("[data-testid=passwords] li", has_text="wangfang")
    password = row.locator("code").inner_text().strip()
    assert re.fullmatch(r"\w{4}-\w{4}-\w{4}", password)

    newcomer = browser.new_context(**PHONE).new_page()
    newcomer.goto(f"{live_server.url}/login/")
    newcomer.fill("#id_username", "wangfang")
    newcomer.fill("#id_password", password)
    newcomer.click("button[type=submit]")
    newcomer.wait_for_url("**/account/password/")
    assert newcomer.locator("[data-testid=forced]").is_visible()
    shot(newcomer, "password-change-forced")
    newcomer.fill("#id_old_password", password)
    newcomer.fill("#id_new_password1", "Shihe-2026-lxy")
    newcomer.fill("#id_new_password2", "Shihe-2026-lxy")
    newcomer.click("text=保存新密码")
    newcomer.wait_for_url("**/desk/")
    assert not get_user_model().objects.get(username="wangfang").must_change_password

    wang = get_user_model().objects.get(username="wangfang")
    office.goto(f"{live_server.url}/people/{wang.pk}/")
    office.select_option("#id_role", "observer")
    office.select_option("#id_unit", str(OrgUnit.objects.get(name="石河化工园区").pk))
    office.click("button:has-text('授予')")
    office.wait_for_selector("text=已授予")
    assert RoleAssignment.objects.filter(user=wang, role="observer").exists()
    shot(office, "people-person")
    office.once("dialog", lambda dialog: dialog.accept())
    office.locator("[data-testid=roles] li", has_text="观察员").locator("button").click()
    office.wait_for_selector("text=已撤销")
    assert not RoleAssignment.objects.filter(user=wang, role="observer").exists()
