"""The messages the ledger sends (消息提醒), each named by its event code.

    ledger.task.assigned      made lead leader of a task, or the lead unit (to its liaisons)
    ledger.task.due_soon      (daily) a task not done is due within DUE_SOON_DAYS days: to its lead leader
                              and the lead unit's liaisons, as a reminder (digested), once per due date
    ledger.task.overdue       (daily) a task not done passed its due date: the same people, once per due
                              date

Each is said once per task and due date (a new deadline is said again), not every day: the ledger, the
desk and the round board show every overdue task every day; a message repeats only what has changed.
The reminders carry a key (`notifications.once_key`), so a second run of the day sends nothing, and a
missed daily run does not skip them: the next run, within DUE_SOON_DAYS days, sends what it missed
(an overdue task is not announced when its deadline passed longer ago than that). The daily steps are
registered with the one daily command (`rectify scheduled`, ledger.apps).
"""

from datetime import date, timedelta

from django.urls import reverse

from rectify.ledger.lifecycle import DONE_STATES
from rectify.ledger.models import Task
from rectify.notifications.services import notify, once_key
from rectify.orgunits.models import Role
from rectify.orgunits.people import people_holding

DUE_SOON_DAYS = 7


def _people(task: Task) -> list:
    people = list(people_holding(task.lead_unit, Role.LIAISON))
    return [*people, task.lead_leader] if task.lead_leader else people


def task_assigned(task: Task, *, leader_before=None, unit_before=None) -> None:
    """To a newly named lead leader, and to the liaisons of a newly named lead unit."""
    url = reverse("ledger:task_detail", args=[task.pk])
    where = f"{task.inspection.name}·任务{task.number}“{task.title}”"
    if task.lead_leader_id and task.lead_leader_id != leader_before:
        notify(
            recipients=[task.lead_leader],
            event="ledger.task.assigned",
            subject=f"您被确定为整改任务{task.number}的责任领导",
            body=f"{where}，整改时限：{task.deadline_raw or '未定'}。",
            url=url,
            obj=task,
        )
    if task.lead_unit_id != unit_before:
        notify(
            recipients=people_holding(task.lead_unit, Role.LIAISON),
            event="ledger.task.assigned",
            subject=f"{task.lead_unit.name}被确定为整改任务{task.number}的牵头单位",
            body=f"{where}，整改时限：{task.deadline_raw or '未定'}。",
            url=url,
            obj=task,
        )


def deadline_reminders(day: date) -> str:
    """The day's reminders (tasks not done): due within DUE_SOON_DAYS days, and overdue (by at most
    DUE_SOON_DAYS days), each once per task and due date."""
    open_tasks = Task.objects.exclude(state__in=DONE_STATES).select_related(
        "lead_unit", "lead_leader", "inspection"
    )
    soon = overdue = 0
    for task in open_tasks.filter(due_on__gte=day, due_on__lte=day + timedelta(days=DUE_SOON_DAYS)):
        soon += len(
            notify(
                recipients=_people(task),
                event="ledger.task.due_soon",
                subject=f"整改任务{task.number}将于{task.due_on:%Y年%-m月%-d日}到期",
                body=f"{task.inspection.name}·任务{task.number}“{task.title}”尚未完成，完成进度{task.progress}%。",
                url=reverse("ledger:task_detail", args=[task.pk]),
                obj=task,
                digest=True,
                once=once_key("ledger.task.due_soon", task, task.due_on),
            )
        )
    for task in open_tasks.filter(due_on__lt=day, due_on__gte=day - timedelta(days=DUE_SOON_DAYS)):
        overdue += len(
            notify(
                recipients=_people(task),
                event="ledger.task.overdue",
                subject=f"整改任务{task.number}已超过整改时限",
                body=(
                    f"{task.inspection.name}·任务{task.number}“{task.title}”的整改时限"
                    f"（{task.due_on:%Y年%-m月%-d日}）已过，尚未完成，完成进度{task.progress}%。"
                ),
                url=reverse("ledger:task_detail", args=[task.pk]),
                obj=task,
                digest=True,
                once=once_key("ledger.task.overdue", task, task.due_on),
            )
        )
    return f"临期提醒{soon}条，逾期提醒{overdue}条"
