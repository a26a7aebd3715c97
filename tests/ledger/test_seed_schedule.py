"""The seed imported into a fresh inspection that has no feedback date: tasks without a start date are
still overdue once their due date has passed (docs/schedule-rule.md), on the task, in the stored flag,
in the ledger's headline and in the report's."""

from datetime import date
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from rectify.documents.report_data import report_content, report_snapshot
from rectify.ledger import services
from rectify.ledger.models import Inspection, Task
from rectify.ledger.schedule import ScheduleFlag
from rectify.ledger.selectors import task_schedule_flag
from rectify.orgunits.models import OrgUnit
from support import seed_prefecture_office, shared_file

NAME = "第二轮中央生态环境保护督察"


def test_a_task_past_its_due_date_without_a_start_is_overdue(db, django_user_model, client):
    seed = shared_file("seeds/changji-2023-rectification-report.txt")
    username = seed_prefecture_office(django_user_model, "cj")
    office = django_user_model.objects.get(username=username)
    # a fresh inspection with no feedback date: nothing to start the plan's clock from
    services.inspection_create(
        actor=office, unit=OrgUnit.objects.get(name="昌吉回族自治州"), name=NAME, kind="central"
    )
    call_command("import", str(seed), "--inspection", NAME, "--user", username, stdout=StringIO())
    inspection = Inspection.objects.get()
    # the import fills the empty feedback date from the seed's opening (2022-06-01): take it out again,
    # so that no task has a start to count from (each service rewrites the stored flags)
    assert inspection.feedback_on == date(2022, 6, 1)
    inspection = services.inspection_update(actor=office, inspection=inspection, feedback_on=None)
    fifth = Task.objects.select_related("inspection").get(inspection=inspection, number=5)
    assert (fifth.deadline_raw, fifth.due_on, fifth.start_on) == ("2023年底前", date(2023, 12, 31), None)
    assert (fifth.state, fifth.progress) == ("in_progress", 0)

    assert task_schedule_flag(fifth, date(2023, 12, 31)) == ScheduleFlag.DUE_SOON
    for day in (date(2024, 1, 15), timezone.localdate()):
        assert task_schedule_flag(fifth, day) == ScheduleFlag.OVERDUE
    assert fifth.schedule_flag == ScheduleFlag.OVERDUE  # stored by the service
    call_command("refresh_flags", stdout=StringIO())
    assert Task.objects.get(pk=fifth.pk).schedule_flag == ScheduleFlag.OVERDUE

    # The headlines count it overdue: 问题五 and 问题十六 (2023年底前) are past due on 2024-01-15.
    snapshot = report_snapshot(inspection, date(2024, 1, 15))
    counts = snapshot.counts()
    assert counts[ScheduleFlag.OVERDUE] == 2
    opening = report_content(snapshot, None).opening
    assert "其余8项中6项达到序时进度要求，2项已超过整改时限。" in opening
    assert "均达到序时进度要求" not in opening
    # The ledger page (today, the stored flags): past 2025 every one of the 8 open tasks is overdue.
    client.force_login(office)
    page = client.get("/ledger/")
    assert page.context["counts"][ScheduleFlag.OVERDUE] == 8
    assert "其余8项均逾期未完成。" in page.context["headline"]
    task_page = client.get(f"/ledger/tasks/{fifth.pk}/").content.decode()
    assert "起算日期未录入" in task_page and ">逾期<" in task_page
