"""The office uploads a unit's offline form on a phone: the page waits while the file is read in the
background, then shows the preview; the board says when a unit had no leader to confirm its report.
Screenshots to RECTIFY_SCREENSHOTS (a folder) when it is set."""

import io
import os
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from rectify.rounds import services
from rectify.rounds.models import OfflineUpload, RoundSchedule, Submission

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}
SHOTS = os.environ.get("RECTIFY_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_the_offline_upload_and_a_leaderless_unit_on_a_phone(
    live_server, browser, transactional_db, world, tmp_path
):
    w = world
    RoundSchedule.objects.create(inspection=w.inspection, leader_confirmation=True, active=False)
    r = services.round_open(
        actor=w.office,
        inspection=w.inspection,
        period="2023年10月",
        as_of=date(2023, 10, 31),
        due_on=date(2099, 1, 1),
    )
    page = browser.new_context(**PHONE).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/")

    # a file being read: the page polls (its worker is not running here)
    waiting = OfflineUpload.objects.create(
        round=r, created_by=w.office, files=[["/nonexistent/x.xlsx", "石河县.xlsx"]]
    )
    page.goto(f"{live_server.url}/rounds/offline/{r.pk}/upload/{waiting.pk}/")
    assert page.get_by_test_id("offline-reading").is_visible()
    shot(page, "offline-reading")
    OfflineUpload.objects.filter(pk=waiting.pk).update(status=OfflineUpload.Status.FAILED, error="（测试）")

    # the department's form, filled offline, uploaded: read (at once in the tests), then previewed
    data = page.request.get(f"{live_server.url}/rounds/offline/{r.pk}/download/?unit={w.dept.pk}").body()
    book = openpyxl.load_workbook(io.BytesIO(data))
    book["报送表"]["F4"] = "离线填写：已完成排查，整改方案已印发"
    path = tmp_path / "州生态环境局.xlsx"
    book.save(path)
    page.goto(f"{live_server.url}/rounds/offline/{r.pk}/upload/")
    page.set_input_files("#offline-files", str(path))
    page.check("#submit-preview")
    page.click("text=上传并预览")
    page.wait_for_url("**/upload/*/")
    assert page.get_by_text("确认导入（共1处改动）").is_visible()
    shot(page, "offline-preview")
    page.click("text=确认导入（共1处改动）")
    page.wait_for_url(f"**/rounds/offline/{r.pk}/upload/")
    dept = Submission.objects.get(round=r, unit=w.dept)
    assert dept.state == "submitted" and dept.without_leader

    page.goto(f"{live_server.url}/rounds/{r.pk}/")
    card = page.locator(f'[data-unit="{w.dept.name}"]')
    assert card.get_by_test_id("without-leader").is_visible() and card.get_by_test_id("accept").is_visible()
    card.scroll_into_view_if_needed()
    shot(page, "board-without-leader")
