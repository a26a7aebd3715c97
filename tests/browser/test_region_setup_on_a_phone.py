"""Setting up a region on a phone, in a real browser: the administrator of a fresh install picks 昌吉回族
自治州, unticks a department, adds a park, previews, creates; the tree shows the seven county-level units
with their codes; a county is renamed and another merged into it. Screenshots of each page are saved to
RECTIFY_SCREENSHOTS (a folder) when it is set."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from rectify.orgunits.models import OrgUnit, OrgUnitKind

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}
SHOTS = os.environ.get("RECTIFY_SCREENSHOTS")


def shot(page, name, at=None):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        if at is not None:
            page.locator(at).first.evaluate("e => e.scrollIntoView()")
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def test_set_up_changji_on_a_phone(live_server, browser, transactional_db):
    get_user_model().objects.create_user(
        username="admin", password="rectify", is_superuser=True, is_staff=True
    )
    page = browser.new_context(**PHONE).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "rectify")
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/")

    page.goto(f"{live_server.url}/units/")
    assert "尚未设置任何单位" in page.content()
    shot(page, "units-empty")
    page.click("text=按行政区划设置区域")
    page.select_option("#id_division", "652300")
    page.uncheck("input[value='公安局']")
    page.fill("#id_parks", "准东经济技术开发区，准东开发区")
    shot(page, "setup-form")
    page.click("button[name=preview]")
    preview = page.locator("[data-testid=setup-preview]")
    assert "将新增 25 个单位" in preview.inner_text()
    shot(page, "setup-preview", at="[data-testid=setup-preview]")
    assert OrgUnit.objects.count() == 0
    page.locator("[data-testid=setup-preview] button[name=confirm]").click()
    page.wait_for_url("**/units/")
    tree = page.locator("[data-testid=unit-tree]").inner_text()
    for code in ("652301", "652302", "652323", "652324", "652325", "652327", "652328"):
        assert code in tree
    assert "昌吉州生态环境局" in tree and "昌吉州公安局" not in tree
    assert OrgUnit.objects.filter(parent__code="652300", kind=OrgUnitKind.COUNTY).count() == 7
    shot(page, "units-tree")

    fukang = OrgUnit.objects.get(code="652302")
    page.goto(f"{live_server.url}/units/{OrgUnit.objects.get(code='652301').pk}/")
    page.click("text=合并到其他单位")
    page.select_option("#id_merge-target", str(fukang.pk))
    page.fill("#id_merge-reason", "演示合并")
    page.check("#id_merge-confirm")
    page.wait_for_timeout(400)  # the accordion's opening
    shot(page, "unit-merge")
    page.click("#action-merge button[type=submit]")
    page.wait_for_url(f"**/units/{fukang.pk}/")
    assert "已将昌吉市合并到阜康市" in page.content()
    shot(page, "unit-after-merge", at="h2.h5")
    assert not OrgUnit.objects.filter(code="652301").exists()
