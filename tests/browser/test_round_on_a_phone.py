"""A dispatch round on a phone, in a real browser: the liaison logs in, lands on the desk, fills the
form (saved as they type) with an evidence file and submits; the office returns it with a comment; the
liaison sees why and resubmits; the office accepts and locks. Screenshots of each page are saved to
RECTIFY_SCREENSHOTS (a folder) when it is set."""

import os
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from rectify.demo.loader import load_demo
from rectify.ledger.models import Task
from rectify.rounds import services
from rectify.rounds.models import Submission

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}
SHOTS = os.environ.get("RECTIFY_SCREENSHOTS")


def shot(page, name, top=0, at=None):
    """What the phone's screen shows, from `top` px down the page, or with the element `at` on top."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        if at is not None:
            page.locator(at).first.evaluate("e => e.scrollIntoView()")
        else:
            page.evaluate(f"window.scrollTo(0, {top})")
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def login(browser, live_server, username):
    page = browser.new_context(**PHONE).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "rectify")
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/")
    return page


def test_a_round_on_a_phone(live_server, browser, transactional_db, tmp_path):
    load_demo()
    office = get_user_model().objects.get(username="office")
    inspection = Task.objects.filter(lead_unit__name="石河县").first().inspection
    dispatch_round = services.round_open(
        actor=office,
        inspection=inspection,
        period="2030年1月",
        as_of=date(2030, 1, 31),
        due_on=date(2099, 1, 1),
    )
    submission = Submission.objects.get(round=dispatch_round, unit__name="石河县")

    liaison = login(browser, live_server, "liaison")
    assert liaison.url.endswith("/desk/")
    shot(liaison, "desk-liaison")
    liaison.click(f"[data-testid=open-submission][href$='/rounds/submissions/{submission.pk}/']")
    liaison.wait_for_selector("[data-testid=line]")
    fields = liaison.locator("textarea[name$='-progress_text']")
    for i in range(fields.count()):
        fields.nth(i).fill(f"第{i + 1}项：本月完成现场核查，整改推进中。")
    liaison.locator("input[name$='-percent']").first.fill("65")
    liaison.wait_for_function(
        "() => document.querySelector('[data-testid=save-status]').textContent.includes('已保存')"
    )
    liaison.wait_for_timeout(2500)  # the queued saves of every line have gone through
    assert "已保存" in liaison.inner_text("[data-testid=save-status]")
    lines = list(submission.lines.order_by("role", "task__number").values_list("progress_text", flat=True))
    assert all(text.endswith("整改推进中。") for text in lines), lines  # saved as typed, before any button

    liaison.context.set_offline(True)  # the connection drops while typing: said in red, the text stays
    fields.first.fill("第1项：离线时输入的内容。")
    liaison.wait_for_function(
        "() => document.querySelector('[data-testid=save-status]').textContent.includes('网络连接中断')"
    )
    assert "text-danger" in liaison.get_attribute("[data-testid=save-status]", "class")
    assert fields.first.input_value() == "第1项：离线时输入的内容。"
    shot(liaison, "form-offline", top=200)
    liaison.context.set_offline(False)
    fields.first.fill("第1项：本月完成现场核查，整改推进中。")
    liaison.wait_for_function(
        "() => document.querySelector('[data-testid=save-status]').textContent.includes('已保存')"
    )

    photo = tmp_path / "现场照片.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    first_line = liaison.locator("[data-testid=line]").first
    first_line.locator("input[type=file]").set_input_files(str(photo))
    first_line.locator("button", has_text="上传").click()
    liaison.wait_for_selector("[data-testid=evidence] a:has-text('现场照片.png')")
    shot(liaison, "form", top=0)
    shot(
        liaison,
        "form-evidence",
        top=liaison.locator("[data-testid=evidence]").first.bounding_box()["y"] - 300,
    )
    liaison.click("[data-testid=submit]")
    liaison.wait_for_selector("[data-testid=read-only]")
    assert "已提交于" in liaison.inner_text("[data-testid=read-only]")

    desk = login(browser, live_server, "office")
    shot(desk, "desk-office")
    desk.goto(f"{live_server.url}/rounds/{dispatch_round.pk}/")
    row = desk.locator("[data-testid=board-row][data-unit='石河县']")
    row.locator("summary", has_text="退回").click()
    row.locator("textarea[name=comment]").fill("请补充第1项的验收照片")
    row.locator("[data-testid=return]").click()
    desk.wait_for_selector(".alert-success")
    shot(desk, "board-returned", top=0)

    liaison.reload()
    assert "已退回：请补充第1项的验收照片" in liaison.inner_text("[data-testid=returned]")
    shot(liaison, "form-returned")
    liaison.locator("textarea[name$='-progress_text']").first.fill("第1项：已补充验收照片，整改完成。")
    liaison.click("[data-testid=submit]")
    liaison.wait_for_selector("[data-testid=read-only]")

    desk.goto(f"{live_server.url}/rounds/{dispatch_round.pk}/?state=submitted")
    shot(desk, "board")
    desk.locator("[data-testid=board-row][data-unit='石河县'] [data-testid=accept]").click()
    desk.wait_for_selector(".alert-success")
    desk.check("#lock-confirm")
    desk.click("[data-testid=lock]")
    desk.wait_for_selector(".alert-success:has-text('已锁定')")
    shot(desk, "board-locked")
    submission.refresh_from_db()
    dispatch_round.refresh_from_db()
    assert (submission.state, submission.submit_count, submission.return_count) == ("accepted", 2, 1)
    assert dispatch_round.is_locked

    leader = login(browser, live_server, "leader")
    shot(leader, "desk-leader")

    desk.goto(f"{live_server.url}/rounds/")  # the office's list shows the round as locked
    assert "已锁定" in desk.inner_text("[data-testid=round-list]")
    shot(desk, "round-list")
    shot(desk, "round-open", at="form.card")
    desk.goto(f"{live_server.url}/rounds/schedules/{inspection.pk}/")
    shot(desk, "schedule")
    task = submission.lines.filter(role="lead").order_by("task__number").first().task
    desk.goto(f"{live_server.url}/ledger/tasks/{task.pk}/")
    desk.click("[data-testid=task-rounds] .accordion-button")
    desk.wait_for_selector("[data-testid=task-rounds] .accordion-collapse.show")
    assert "第1项：已补充验收照片" in desk.inner_text("[data-testid=task-rounds]")
    shot(desk, "task-rounds", at="#rounds")
    desk.goto(f"{live_server.url}/documents/inspections/{inspection.pk}/report/")
    assert "2030年1月" in desk.inner_text("#id_dispatch_round")
    shot(desk, "report-round", at="#generate-form")
