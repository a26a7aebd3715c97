"""The ledger's messages (ledger.messages): a person named lead leader, a unit named lead unit, and the
daily reminders of a deadline in seven days and of a deadline passed yesterday."""

from datetime import date, timedelta

from rectify.ledger import messages, services
from rectify.ledger.models import Task
from rectify.notifications.models import Message


def told(event, task):
    return sorted(
        (m.recipient.username, m.subject)
        for m in Message.objects.filter(event=event, object_id=str(task.pk)).select_related("recipient")
    )


def test_a_new_task_tells_its_lead_leader_and_the_lead_units_liaisons(world):
    assert told("ledger.task.assigned", world.task_a) == [
        ("leader", "您被确定为整改任务1的责任领导"),
        ("liaison", "石河县被确定为整改任务1的牵头单位"),
    ]
    body = Message.objects.get(
        event="ledger.task.assigned", recipient=world.leader, object_id=str(world.task_a.pk)
    ).body
    assert body == "第二轮中央生态环境保护督察·任务1“焦化企业烟气治理”，整改时限：2023年底前。"


def test_an_edit_tells_only_who_is_newly_named(world):
    task = Task.objects.get(pk=world.task_a.pk)
    services.task_update(actor=world.office, task=task, lead_unit=world.county_b, target="稳定达标")
    assert told("ledger.task.assigned", world.task_a)[-1:] == [
        ("liaison_b", "北塔县被确定为整改任务1的牵头单位")
    ]
    assert len(told("ledger.task.assigned", world.task_a)) == 3  # the leader is not told again
    services.task_update(actor=world.office, task=Task.objects.get(pk=task.pk), title="焦化企业烟气深度治理")
    assert len(told("ledger.task.assigned", world.task_a)) == 3  # nobody newly named, nobody told


def test_deadline_reminders_seven_days_before_and_the_day_after(world):
    task = world.task_b  # 2024年6月底前: due 2024-06-30, lead 北塔县, leader 赵州长
    before = task.due_on - timedelta(days=messages.DUE_SOON_DAYS)
    assert messages.deadline_reminders(before) == "临期提醒2条，逾期提醒0条"
    assert told("ledger.task.due_soon", task) == [
        ("leader2", "整改任务2将于2024年6月30日到期"),
        ("liaison_b", "整改任务2将于2024年6月30日到期"),
    ]
    assert {m.digest for m in Message.objects.filter(event="ledger.task.due_soon")} == {True}
    assert messages.deadline_reminders(task.due_on) == "临期提醒0条，逾期提醒0条"  # the last day is not late
    assert messages.deadline_reminders(task.due_on + timedelta(days=1)) == "临期提醒0条，逾期提醒2条"
    assert messages.deadline_reminders(task.due_on + timedelta(days=2)) == "临期提醒0条，逾期提醒0条"  # once
    # a task done is not chased
    services.task_transition(actor=world.other_liaison, task=task, action="report_done")
    assert messages.deadline_reminders(task.due_on + timedelta(days=1)) == "临期提醒0条，逾期提醒0条"
    assert date(2024, 6, 30) == task.due_on


def test_deadline_reminders_run_twice_on_a_day_are_said_once(world):
    task = world.task_b
    before = task.due_on - timedelta(days=messages.DUE_SOON_DAYS)
    after = task.due_on + timedelta(days=1)
    for day in (before, before, after, after):
        messages.deadline_reminders(day)
    assert len(told("ledger.task.due_soon", task)) == 2
    assert len(told("ledger.task.overdue", task)) == 2


def test_a_missed_daily_run_does_not_skip_the_deadline_reminders(world):
    task = world.task_b  # due 2024-06-30
    # the runs of 23 June and 1 July were missed: the next ones say it, once
    assert messages.deadline_reminders(date(2024, 6, 25)) == "临期提醒2条，逾期提醒0条"
    assert messages.deadline_reminders(date(2024, 6, 26)) == "临期提醒0条，逾期提醒0条"
    assert messages.deadline_reminders(date(2024, 7, 3)) == "临期提醒0条，逾期提醒2条"
    assert messages.deadline_reminders(date(2024, 7, 4)) == "临期提醒0条，逾期提醒0条"
    # a deadline passed longer ago than that is not announced as news
    services.task_update(actor=world.office, task=Task.objects.get(pk=task.pk), deadline_raw="2024年5月底前")
    assert messages.deadline_reminders(date(2024, 7, 5)) == "临期提醒0条，逾期提醒0条"
    # a new deadline is said again
    services.task_update(actor=world.office, task=Task.objects.get(pk=task.pk), deadline_raw="2024年7月底前")
    assert messages.deadline_reminders(date(2024, 7, 28)) == "临期提醒2条，逾期提醒0条"
