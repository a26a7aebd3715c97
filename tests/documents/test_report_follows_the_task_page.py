"""From the buttons of the task page to the generated report: after each web action the ledger page, the
task page, the report's data and the generated .docx say the same state, percent, progress text and flag."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from docx import Document

from rectify.documents.report_data import report_content, report_snapshot
from rectify.documents.report_docx import render_progress_report
from rectify.ingest import services as ingest
from rectify.ingest.draft import DraftFinding, DraftKind, DraftTask, LedgerDraft
from rectify.ledger import services
from rectify.ledger.lifecycle import STATE_LABELS
from rectify.ledger.models import Task
from rectify.ledger.schedule import FLAG_LABELS, ScheduleFlag


def press(client, user, task, action, **data):
    """Open the task page as `user`, find the form of the button `action`, and post it as the page would."""
    client.force_login(user)
    page = client.get(f"/ledger/tasks/{task.pk}/").content.decode()
    url = f"/ledger/tasks/{task.pk}/actions/{action}/"
    form = re.search(rf'action="{re.escape(url)}".*?</form>', page, re.S)
    assert form, f"{user} sees no {action} button"
    version = re.search(r'name="version" value="(\d+)"', form[0])[1]  # the hidden field, as read
    response = client.post(url, {**data, "version": version})
    assert response.status_code == 302


def report_progress(client, user, task, progress, text):
    client.force_login(user)
    response = client.get(f"/ledger/tasks/{task.pk}/")
    url = f"/ledger/tasks/{task.pk}/progress/"
    assert f'action="{url}"' in response.content.decode()
    version = response.context["progress_form"]["version"].value()  # the hidden field, as the page read it
    response = client.post(url, {"progress": progress, "progress_text": text, "version": version})
    assert response.status_code == 302


def what_the_ledger_says(client, user, task):
    client.force_login(user)
    rows = client.get("/ledger/").context["page"].object_list
    row = next(r for r in rows if r.pk == task.pk)
    return STATE_LABELS[row.state], row.progress, FLAG_LABELS[row.flag]


def what_the_task_page_says(client, user, task):
    client.force_login(user)
    page = client.get(f"/ledger/tasks/{task.pk}/").content.decode()
    state = re.search(r'data-testid="task-state">([^<]*)<', page)[1]
    flag = re.search(r'data-testid="task-flag">([^<]*)<', page)[1]
    percent = int(re.search(r'aria-label="完成进度" aria-valuenow="(\d+)"', page)[1])
    text = re.search(r"<b>整改进展情况[^<]*：</b>([^<]*)</div>", page)
    return state, percent, flag, text[1] if text else ""


def what_the_report_says(world, task):
    """The report generated today: its data for the task, and the .docx's headline and the finding's progress."""
    snapshot = report_snapshot(world.inspection, timezone.localdate())
    entry = next(t for t in snapshot.tasks if t.task.pk == task.pk)
    content = report_content(snapshot, None)
    paragraphs = [p.text for p in Document(BytesIO(render_progress_report(content))).paragraphs]
    heading = next(i for i, p in enumerate(paragraphs) if p.startswith("一、") and "焦化" in p)
    printed = next(p for p in paragraphs[heading:] if p.startswith("整改进展情况："))
    headline = next(p for p in paragraphs if "项整改任务已完成" in p)
    data = (STATE_LABELS[entry.state], entry.progress, FLAG_LABELS[entry.flag], entry.progress_text)
    return data, printed.removeprefix("整改进展情况："), headline


def assert_all_agree(client, world, task, *, state, percent, flag, text):
    expected = (state, percent, FLAG_LABELS[flag])
    assert what_the_ledger_says(client, world.office, task) == expected
    assert what_the_task_page_says(client, world.office, task) == (*expected, text)
    data, printed, headline = what_the_report_says(world, task)
    assert data == (*expected, text)
    assert printed == (
        text or "正在持续推进"
    )  # with no text of its own, the report's phrase for work under way
    return headline


def test_a_leaders_acceptance_reaches_the_report(world, client):
    task = world.task_a  # 2023年底前: past due, so open it is overdue and accepted it is completed
    report_progress(client, world.liaison, task, 60, "脱硫脱硝设施已安装，正在调试")
    headline = assert_all_agree(
        client,
        world,
        task,
        state="推进中",
        percent=60,
        flag=ScheduleFlag.OVERDUE,
        text="脱硫脱硝设施已安装，正在调试",
    )
    assert "3项整改任务已完成0项" in headline and "2项已超过整改时限" in headline

    press(client, world.liaison, task, "report_done")
    press(client, world.liaison, task, "request_acceptance")
    press(client, world.leader, task, "accept")
    headline = assert_all_agree(
        client,
        world,
        task,
        state="验收通过",
        percent=100,
        flag=ScheduleFlag.COMPLETED,
        text="脱硫脱硝设施已安装，正在调试",
    )
    assert "3项整改任务已完成1项" in headline and "1项已超过整改时限" in headline


def test_a_return_for_rework_takes_back_the_claim_and_shows_its_reason(world, client):
    task = world.task_a
    report_progress(client, world.liaison, task, 60, "脱硫脱硝设施已安装，正在调试")
    report_progress(client, world.liaison, task, 100, "全部完成，申请验收")
    press(client, world.liaison, task, "report_done")
    press(client, world.liaison, task, "request_acceptance")
    reason = "第三方监测显示二氧化硫仍超标排放，请完成治理后重新申请"
    press(client, world.leader, task, "return", reason=reason)

    # The claim is void: the task stands where the unit last said the work was under way.
    headline = assert_all_agree(
        client,
        world,
        task,
        state="推进中",
        percent=60,
        flag=ScheduleFlag.OVERDUE,
        text="脱硫脱硝设施已安装，正在调试",
    )
    assert "3项整改任务已完成0项" in headline and "2项已超过整改时限" in headline
    # The unit sees who returned it, when and why, on the task page ...
    client.force_login(world.liaison)
    page = client.get(f"/ledger/tasks/{task.pk}/").content.decode()
    banner = re.search(r'data-testid="task-rework">(.*?)</div>\s*</div>', page, re.S)[1]
    assert "已退回整改" in banner and "李副州长" in banner and reason in banner
    assert f"{timezone.localdate():%Y-%m-%d}" in banner
    # ... and the ledger row marks it, with the reason.
    ledger = client.get("/ledger/").content.decode()
    row = re.search(rf'href="/ledger/tasks/{task.pk}/">.*?</tr>', ledger, re.S)[0]
    assert "已退回" in row and reason in row
    # The history entry carries the action and its reason.
    entry = task.progress_reports.order_by("-pk").first()
    assert (entry.action, entry.reason, entry.reported_by, entry.progress) == (
        "return",
        reason,
        world.leader,
        60,
    )

    # Claiming completion again clears the mark.
    press(client, world.liaison, task, "report_done")
    client.force_login(world.liaison)
    assert 'data-testid="task-rework"' not in client.get(f"/ledger/tasks/{task.pk}/").content.decode()
    assert "已退回" not in client.get("/ledger/").content.decode()


def test_a_return_with_nothing_reported_before_the_claim_goes_back_to_nothing(world, client):
    task = world.task_a
    press(client, world.liaison, task, "report_done")
    press(client, world.liaison, task, "request_acceptance")
    press(client, world.office, task, "return", reason="未见整改佐证材料")
    assert_all_agree(client, world, task, state="推进中", percent=0, flag=ScheduleFlag.OVERDUE, text="")


def test_a_recorded_report_that_changes_only_the_percent_reaches_the_report(world, client):
    report_progress(client, world.liaison, world.task_a, 60, "正在持续推进")
    services.task_record_report(
        actor=world.office,
        task=Task.objects.get(pk=world.task_a.pk),
        as_of=timezone.localdate(),
        source="月报",
        progress=80,
    )
    assert_all_agree(
        client,
        world,
        world.task_a,
        state="推进中",
        percent=80,
        flag=ScheduleFlag.OVERDUE,
        text="正在持续推进",
    )


def test_an_older_report_imported_after_a_newer_web_report_changes_neither_ledger_nor_report(world, client):
    """The ledger shows the last write, the report the latest entry by date: an import of last month's
    report after today's web report would make them disagree, so its older word is left out, said so."""
    task = world.task_a
    report_progress(client, world.liaison, task, 50, "网页报送：设备已到场")
    older = timezone.localdate() - timedelta(days=10)
    draft = LedgerDraft(
        kind=DraftKind.REPORT,
        source="上月报告.docx",
        as_of=older,
        findings=(DraftFinding(number=1, label="一", text=world.finding.text, line=3),),
        tasks=(
            DraftTask(
                number=None,
                finding_numbers=(1,),
                state="in_progress",
                progress=70,
                progress_text="报告所述",
                line=3,
            ),
        ),
    )
    plan = ingest.ledger_import_apply(
        actor=world.office, unit=world.pref, inspection_name=world.inspection.name, draft=draft
    )
    assert any("晚于本文件的截至日期" in w and "未写入" in w for w in plan.warnings)
    assert_all_agree(
        client,
        world,
        task,
        state="推进中",
        percent=50,
        flag=ScheduleFlag.OVERDUE,
        text="网页报送：设备已到场",
    )
    # the service itself refuses it too, whoever calls it
    with pytest.raises(ValidationError, match="不能用更早的报告覆盖"):
        services.task_record_report(
            actor=world.office, task=Task.objects.get(pk=task.pk), as_of=older, source="上月报告", progress=70
        )
