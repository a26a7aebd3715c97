"""The messages the ledger sends (消息提醒), each named by its event code.

    ledger.task.assigned      made lead leader of a task, or the lead unit (to its liaisons)
    ledger.task.due_soon      (daily) a task not done is due in DUE_SOON_DAYS days: to its lead leader and
                              the lead unit's liaisons, as a reminder (digested)
    ledger.task.overdue       (daily) a task not done passed its due date yesterday: the same people, once

Overdue is said once, on the day after the deadline, not every day after: the ledger, the desk and the
round board show every overdue task every day; a message repeats only what has changed. The daily
steps are registered with the one daily command (`rectify scheduled`, ledger.apps).
"""

from datetime import date, timedelta

from django.urls import reverse

from rectify.ledger.lifecycle import DONE_STATES
from rectify.ledger.models import Task
from rectify.notifications.services import notify
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
    """The day's reminders: due in DUE_SOON_DAYS days, and overdue since yesterday (tasks not done)."""
    open_tasks = Task.objects.exclude(state__in=DONE_STATES).select_related(
        "lead_unit", "lead_leader", "inspection"
    )
    soon = overdue = 0
    for task in open_tasks.filter(due_on=day + timedelta(days=DUE_SOON_DAYS)):
        soon += len(
            notify(
                recipients=_people(task),
                event="ledger.task.due_soon",
                subject=f"整改任务{task.number}将于{task.due_on:%Y年%-m月%-d日}到期",
                body=f"{task.inspection.name}·任务{task.number}“{task.title}”尚未完成，完成进度{task.progress}%。",
                url=reverse("ledger:task_detail", args=[task.pk]),
                obj=task,
                digest=True,
            )
        )
    for task in open_tasks.filter(due_on=day - timedelta(days=1)):
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
            )
        )
    return f"临期提醒{soon}条，逾期提醒{overdue}条"
