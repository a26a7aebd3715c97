"""Today's schedule flag stored on each task (ledger/flags.py): every service keeps it equal to the rule,
the daily job brings it to a new day, and the ledger trusts it only when it is fresh."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.utils import timezone

from rectify.ledger import bulk, flags, services
from rectify.ledger.flags import flags_fresh, flags_refresh, flags_refresh_day
from rectify.ledger.lifecycle import TaskAction, TaskState
from rectify.ledger.models import FlagsRun, Task
from rectify.ledger.schedule import ScheduleFlag
from rectify.ledger.selectors import task_schedule_flag


@pytest.fixture(autouse=True)
def no_refresh_request_remembered():
    cache.clear()  # flags_refresh_soon remembers for an hour that it asked
    yield
    cache.clear()


def stored_and_computed(task: Task) -> tuple[str, str]:
    task = Task.objects.select_related("inspection").get(pk=task.pk)
    return task.schedule_flag, task_schedule_flag(task, timezone.localdate()).value


def assert_every_flag_right():
    for task in Task.objects.all():
        stored, computed = stored_and_computed(task)
        assert stored == computed, f"{task}: stored {stored}, rule says {computed}"


def test_a_new_task_carries_its_flag(world):
    assert stored_and_computed(world.task_a) == (ScheduleFlag.OVERDUE, ScheduleFlag.OVERDUE)
    assert stored_and_computed(world.task_c) == (ScheduleFlag.ON_SCHEDULE, ScheduleFlag.ON_SCHEDULE)
    assert_every_flag_right()


def test_each_change_of_state_rewrites_the_flag(world):
    services.task_transition(actor=world.liaison, task=world.task_a, action=TaskAction.START)
    services.task_transition(actor=world.liaison, task=world.task_a, action=TaskAction.REPORT_DONE)
    assert Task.objects.get(pk=world.task_a.pk).schedule_flag == ScheduleFlag.COMPLETED
    services.task_transition(
        actor=world.liaison, task=world.task_a, action=TaskAction.WITHDRAW, reason="仍有问题"
    )
    assert Task.objects.get(pk=world.task_a.pk).schedule_flag == ScheduleFlag.OVERDUE
    assert_every_flag_right()


def test_a_new_deadline_and_its_milestones_rewrite_the_flag(world):
    today = timezone.localdate()
    services.task_update(
        actor=world.office,
        task=world.task_a,
        deadline_raw=f"{today.year - 1}年底前完成一半，{today.year + 3}年底前全面完成",
        start_on=date(today.year - 2, 1, 1),
    )
    task = Task.objects.get(pk=world.task_a.pk)
    assert task.milestones.count() == 2
    # a milestone of 50% already past with no progress reported: behind, not overdue
    assert task.schedule_flag == ScheduleFlag.BEHIND
    services.task_report_progress(actor=world.liaison, task=task, progress=90, progress_text="基本完成")
    assert Task.objects.get(pk=task.pk).schedule_flag == ScheduleFlag.AHEAD
    assert_every_flag_right()


def test_a_report_recorded_against_a_task_rewrites_the_flag(world):
    services.task_record_report(
        actor=world.office,
        task=world.task_b,
        as_of=timezone.localdate(),
        source="进展报告",
        state=TaskState.SIGNED_OFF,
    )
    assert Task.objects.get(pk=world.task_b.pk).schedule_flag == ScheduleFlag.COMPLETED
    assert_every_flag_right()


def test_the_inspections_rule_rewrites_the_flags_of_all_its_tasks(world):
    today = timezone.localdate()
    services.task_update(
        actor=world.office,
        task=world.task_b,
        deadline_raw=f"{(today + timedelta(days=20)):%Y年%m月%d日}前",
        start_on=today - timedelta(days=400),
    )
    services.task_report_progress(
        actor=world.other_liaison, task=world.task_b, progress=99, progress_text="收尾"
    )
    assert Task.objects.get(pk=world.task_b.pk).schedule_flag == ScheduleFlag.DUE_SOON
    # planned 400/420 ≈ 95.2%: with 99% reported it is on schedule once out of the due-soon window ...
    services.inspection_update(actor=world.office, inspection=world.inspection, due_soon_days=10)
    assert Task.objects.get(pk=world.task_b.pk).schedule_flag == ScheduleFlag.ON_SCHEDULE
    # ... and ahead when the tolerance no longer discounts it (99 − 0 ≥ 95.2)
    services.inspection_update(actor=world.office, inspection=world.inspection, schedule_tolerance=0)
    assert Task.objects.get(pk=world.task_b.pk).schedule_flag == ScheduleFlag.AHEAD
    assert_every_flag_right()


def test_tasks_created_in_bulk_carry_their_flags(world):
    created = bulk.tasks_bulk_create(
        actor=world.office,
        inspection=world.inspection,
        rows=[
            {"number": 10, "title": "批量一", "deadline_raw": "2020年底前", "lead_unit": world.dept,
             "findings": [world.finding]},
            {"number": 11, "title": "批量二", "deadline_raw": "长期坚持", "lead_unit": world.dept,
             "findings": [world.finding], "state": TaskState.SIGNED_OFF},
        ],
        as_of=timezone.localdate(),
        source="台账.xlsx",
    )  # fmt: skip
    assert Task.objects.get(pk=created[10].pk).schedule_flag == ScheduleFlag.OVERDUE
    assert Task.objects.get(pk=created[11].pk).schedule_flag == ScheduleFlag.COMPLETED_ONGOING
    assert_every_flag_right()


def test_the_daily_run_rewrites_only_what_changed_and_records_the_day(world):
    today = timezone.localdate()
    assert flags_refresh_day(today) == 0  # the services left every flag right
    run = FlagsRun.objects.get(day=today)
    assert run.changed == 0 and run.finished_at is not None
    # task_b (due 2024-06-30, nothing reported) was behind on 2024-06-01; task_a (due 2023) overdue then as now
    long_ago = date(2024, 6, 1)
    assert flags_refresh_day(long_ago) == 1
    assert Task.objects.get(pk=world.task_b.pk).schedule_flag == ScheduleFlag.BEHIND
    assert flags_refresh_day(long_ago) == 0  # a second run finds nothing to do
    assert not flags_fresh(today)  # the stored flags are 2024-06-01's now, though today was recorded before
    assert flags_refresh_day(today) == 1
    assert flags_fresh(today)
    assert_every_flag_right()


def test_stored_flags_are_trusted_only_when_fresh(world):
    today = timezone.localdate()
    assert not flags_fresh(today)  # the daily run has not recorded today
    flags_refresh_day(today)
    assert flags_fresh(today)
    assert not flags_fresh(today - timedelta(days=1))  # another day: computed, never stored
    Task.objects.filter(pk=world.task_c.pk).update(schedule_flag="")  # as a row written by plain SQL
    assert not flags_fresh(today)  # a task without its flag
    flags_refresh(Task.objects.filter(pk=world.task_c.pk))
    assert flags_fresh(today)


def ledger_counts(client, user, url="/ledger/"):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.context["counts"]


def test_the_ledger_counts_stored_flags_when_fresh_and_computes_them_otherwise(world, client, monkeypatch):
    # The test settings run background jobs at once: keep the stale page from refreshing the flags first.
    monkeypatch.setattr(flags, "flags_refresh_soon", lambda on: None)
    flags_refresh_day()
    # Plant a wrong stored flag (bypassing the services): a fresh day trusts it, so the page shows it ...
    Task.objects.filter(pk=world.task_a.pk).update(schedule_flag=ScheduleFlag.AHEAD)
    assert ledger_counts(client, world.office)[ScheduleFlag.AHEAD] == 1
    # ... and when the run is unfinished, or was for another day, the page computes every flag itself.
    for unknown in (
        FlagsRun(day=timezone.localdate()),
        FlagsRun(day=date(2024, 6, 1), finished_at=timezone.now()),
    ):
        unknown.save()
        counts = ledger_counts(client, world.office)
        assert counts[ScheduleFlag.AHEAD] == 0 and counts[ScheduleFlag.OVERDUE] == 2
        listed = client.get("/ledger/?flag=overdue").context["page"].object_list
        assert {t.pk for t in listed} == {world.task_a.pk, world.task_b.pk}
        assert (
            Task.objects.get(pk=world.task_a.pk).schedule_flag == ScheduleFlag.AHEAD
        )  # still the planted one
        unknown.delete()
    assert ledger_counts(client, world.office)[ScheduleFlag.AHEAD] == 1  # the finished run for today again


def test_a_stale_read_asks_for_the_daily_run(world, client):
    assert not FlagsRun.objects.exists()
    ledger_counts(client, world.office)  # the test settings run background jobs at once
    assert FlagsRun.objects.filter(day=timezone.localdate(), finished_at__isnull=False).exists()
    assert flags_fresh(timezone.localdate())


def test_a_past_date_is_always_computed(world, client):
    flags_refresh_day()
    counts = ledger_counts(client, world.office, "/ledger/?as_of=2023-06-01")
    # on 2023-06-01 neither dated task was overdue yet
    assert counts[ScheduleFlag.OVERDUE] == 0


def test_the_command_refreshes_and_reports(world, capsys):
    call_command("refresh_flags")
    assert FlagsRun.objects.filter(day=timezone.localdate()).exists()
    assert "序时进度已更新" in capsys.readouterr().out
    with pytest.raises(CommandError, match="格式不对"):
        call_command("refresh_flags", "--date", "2026-13-01")


def test_a_change_committed_after_midnight_is_flagged_for_the_new_day(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.task_report_progress(
            actor=world.liaison, task=world.task_a, progress=10, progress_text="开始"
        )
    assert Task.objects.get(pk=world.task_b.pk).schedule_flag == ScheduleFlag.OVERDUE
    # the transaction commits "after midnight" on 2024-06-01, when task_b (same inspection) was behind
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2024, 6, 1))
    for callback in callbacks:
        callback()
    assert Task.objects.get(pk=world.task_b.pk).schedule_flag == ScheduleFlag.BEHIND
    monkeypatch.setattr(timezone, "localdate", lambda *args: today)


def test_tasks_without_a_start_date_carry_their_flags_through_services_and_the_daily_run(world):
    """An inspection with no feedback date gives its tasks no start date: the stored flag still follows
    the rule (overdue after the due date, behind by a passed milestone, due soon, on schedule)."""
    today = timezone.localdate()
    inspection = services.inspection_create(
        actor=world.office, unit=world.pref, name="省级督察", kind="provincial"
    )
    finding = services.finding_create(actor=world.office, inspection=inspection, number=1, text="问题")

    def new_task(number, deadline):
        return services.task_create(
            actor=world.office, inspection=inspection, findings=[finding], lead_unit=world.county_a,
            number=number, title=f"任务{number}", deadline_raw=deadline,
        )  # fmt: skip

    late = new_task(1, f"{today.year - 1}年底前")
    staged = new_task(2, f"{today.year - 1}年底前完成一半，{today.year + 3}年底前全面完成")
    soon = new_task(3, f"{(today + timedelta(days=10)):%Y年%m月%d日}前")
    later = new_task(4, f"{today.year + 3}年底前")
    assert {t.start_on for t in (late, staged, soon, later)} == {None}
    flags_of = lambda: [Task.objects.get(pk=t.pk).schedule_flag for t in (late, staged, soon, later)]  # noqa: E731
    assert flags_of() == [
        ScheduleFlag.OVERDUE,
        ScheduleFlag.BEHIND,
        ScheduleFlag.DUE_SOON,
        ScheduleFlag.ON_SCHEDULE,
    ]
    assert_every_flag_right()
    # a reported 50 % meets the passed milestone; a high percent is still not "ahead" of an unknown plan
    services.task_report_progress(actor=world.liaison, task=staged, progress=50, progress_text="完成一半")
    services.task_report_progress(actor=world.liaison, task=later, progress=95, progress_text="基本完成")
    assert flags_of()[1:] == [ScheduleFlag.ON_SCHEDULE, ScheduleFlag.DUE_SOON, ScheduleFlag.ON_SCHEDULE]
    # the daily run, a day long past and back: the same rule as the services
    assert flags_refresh_day(date(today.year - 1, 1, 1)) > 0
    assert Task.objects.get(pk=late.pk).schedule_flag == ScheduleFlag.ON_SCHEDULE
    flags_refresh_day(today)
    assert flags_of() == [
        ScheduleFlag.OVERDUE,
        ScheduleFlag.ON_SCHEDULE,
        ScheduleFlag.DUE_SOON,
        ScheduleFlag.ON_SCHEDULE,
    ]
    assert_every_flag_right()
