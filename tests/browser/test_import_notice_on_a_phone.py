"""On a phone, the office uploads a provincial progress list into an existing inspection: the
preview names the file's type and, for each item, the task it updates (or that it matches none),
and confirming updates only the matched task. Screenshots go to RECTIFY_SCREENSHOTS when it is set."""

import os
from pathlib import Path

import pytest

from rectify.ingest.models import ImportJob
from rectify.ledger.models import Finding, Task

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}
SHOTS = os.environ.get("RECTIFY_SCREENSHOTS")

LIST = """柳原州省级生态环境保护督察反馈问题整改进展情况（截至2025年11月底）
一、关于"焦化企业烟气长期超标排放"的问题
整改时限：2026年底前
整改进展情况：已完成。
1.焦化企业脱硫脱硝设施全部建成投运。
二、关于"某湖泊周边违规建设度假设施"的问题
整改时限：2025年底前
整改进展情况：正在推进。
1.已拆除违建3处。
"""


def test_a_progress_list_on_a_phone_updates_the_task_it_names(
    transactional_db, world, browser, live_server, tmp_path
):
    page = browser.new_context(**PHONE).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/")
    page.goto(f"{live_server.url}/imports/")
    upload = tmp_path / "进展清单.txt"
    upload.write_text(LIST, encoding="utf-8")
    page.set_input_files("#id_file", str(upload))
    page.fill("#id_inspection_name", world.inspection.name)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=import-matches]")
    assert "反馈问题整改进展清单" in page.inner_text("[data-testid=import-genre]")
    rows = page.inner_text("[data-testid=import-matches]")
    assert "任务1「焦化企业烟气治理」" in rows
    assert "未找到对应的问题，未导入" in rows
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.locator("[data-testid=import-matches]").evaluate("e => e.scrollIntoView()")
        page.screenshot(path=str(Path(SHOTS) / "import-notice-matches.png"))
        page.screenshot(path=str(Path(SHOTS) / "import-notice-full.png"), full_page=True)
    page.click("text=确认导入")
    page.wait_for_selector("text=已导入")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE, job.error
    assert Task.objects.get(pk=world.task_a.pk).progress_text == "已完成"
    assert Finding.objects.filter(inspection=world.inspection).count() == 2
