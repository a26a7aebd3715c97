"""A county liaison logs in, filters the ledger, opens a task and reports progress: in a real browser."""

import pytest

from rectify.demo.loader import load_demo
from rectify.ledger.models import Task

pytestmark = pytest.mark.browser


def test_liaison_filters_the_ledger_and_opens_a_task(live_server, page, transactional_db):
    load_demo()
    mine = Task.objects.filter(lead_unit__name="石河县").order_by("number")
    task = mine.first()

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "liaison")
    page.fill("#id_password", "rectify")
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/")  # the page after login: the desk; the ledger is one link away
    page.click("nav a:has-text('整改台账')")
    page.wait_for_selector("[data-testid=headline]")
    assert "石河县" in page.inner_text("[data-testid=current-user]") or page.url.endswith("/ledger/")
    rows_before = page.locator("table.ledger-table tbody tr").count()

    page.select_option("#id_state", task.state)  # htmx swaps the results in place
    page.wait_for_function(
        "n => document.querySelectorAll('table.ledger-table tbody tr').length !== n", arg=rows_before
    )
    titles = page.locator("table.ledger-table tbody td.task-title a").all_inner_texts()
    assert task.title in titles
    assert "state=" in page.url  # the filter is in the address, so it can be shared and reloaded

    page.click(f"text={task.title}")
    page.wait_for_selector("[data-testid=task-state]")
    assert page.inner_text("h1") == f"任务{task.number}：{task.title}"
    assert page.inner_text("[data-testid=task-state]") == task.get_state_display()

    page.fill("#id_progress", "88")
    page.fill("#id_progress_text", "已完成主体工程，正在调试。")
    page.click("form[action$='/progress/'] button[type=submit]")
    page.wait_for_selector(".alert-success")
    task.refresh_from_db()
    assert (task.progress, task.progress_text) == (88, "已完成主体工程，正在调试。")
