"""Loads the demo prefecture (rectify.demo.content) through the same services a user's clicks go through,
so the demo ledger carries its audit trail and obeys every rule.
"""

import math
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from rectify.core.calendar import official_calendar
from rectify.demo import content
from rectify.demo.clock import DemoClock
from rectify.demo.rounds import load_rounds, opening_day, working_day_on_or_before
from rectify.ledger import services
from rectify.ledger.lifecycle import Relation, TaskState, path_between
from rectify.ledger.schedule import TaskSchedule, planned_progress
from rectify.orgunits.services import orgunit_create, role_assign

DEMO_PASSWORD = "rectify"


def _years(today: date) -> dict[str, int]:
    return {"Y0": today.year - 1, "Y1": today.year, "Y2": today.year + 1, "Y3": today.year + 2}


def _on_schedule_progress(task, wanted: int, today: date) -> int:
    """`wanted`, raised where needed so the demo task stands on schedule today."""
    schedule = TaskSchedule(
        state=task.state,
        is_long_term=task.is_long_term,
        start_on=task.start_on,
        due_on=task.due_on,
        progress=wanted,
        milestones=tuple((m.due_on, m.percent) for m in task.milestones.all()),
    )
    planned = planned_progress(schedule, today)
    return wanted if planned is None else min(99, max(wanted, math.ceil(planned)))


def _inspection_and_findings(office, units, fill):
    spec = content.INSPECTION
    inspection = services.inspection_create(
        actor=office,
        unit=units["pref"],
        name=spec["name"],
        kind=spec["kind"],
        round_number=spec["round_number"],
        team=spec["team"],
        rule_set=spec["rule_set"],
        plan_deadline_working_days=spec["plan_deadline_working_days"],
        stay_start=date.fromisoformat(fill(spec["stay_start"])),
        stay_end=date.fromisoformat(fill(spec["stay_end"])),
        feedback_on=date.fromisoformat(fill(spec["feedback_on"])),
    )
    findings = {
        f["number"]: services.finding_create(
            actor=office,
            inspection=inspection,
            number=f["number"],
            label=f["label"],
            category=f["category"],
            text=fill(f["text"]),
        )
        for f in content.FINDINGS
    }
    return inspection, findings


def _task_and_measures(office, inspection, findings, units, people, spec, fill, today):
    task = services.task_create(
        actor=office,
        inspection=inspection,
        number=spec["number"],
        title=spec["title"],
        findings=[findings[n] for n in spec["findings"]],
        target=fill(spec["target"]),
        deadline_raw=fill(spec["deadline"]),
        lead_unit=units[spec["lead_unit"]],
        cooperating_units=[units[k] for k in spec["cooperating"]],
        lead_leader=people[spec["leader"]],
        responsible_person=spec["responsible_person"],
        responsible_phone=spec["responsible_phone"],
        acceptance_unit=units[spec["acceptance_unit"]],
        reference_date=today,
    )
    for number, (text, unit_key, progress_text) in enumerate(spec["measures"], start=1):
        services.measure_create(
            actor=office,
            task=task,
            number=number,
            text=fill(text),
            responsible_unit=units[unit_key],
            progress_text=fill(progress_text),
            progress_on=today,
        )
    return task, len(spec["measures"])


def load_moment(today: date) -> datetime:
    """When the load happens: now, or the end of `today` when the demo is loaded as of another day."""
    now = timezone.now()
    if today == timezone.localdate(now):
        return now
    return datetime.combine(today, time(23, 59), tzinfo=timezone.get_current_timezone())


def demo_loaded() -> bool:
    return get_user_model().objects.filter(username="office").exists()


@transaction.atomic
def load_demo(today: date | None = None) -> dict[str, int]:
    """Create the demo prefecture, its people and its ledger. Returns counts; does nothing if already loaded."""
    if demo_loaded():
        return {}
    today = today or timezone.localdate()
    # The ledger is entered two weeks before the first round opens (its audit events and the messages
    # to the lead leaders and units are dated then); the lifecycle and the progress stand as of today.
    clock = DemoClock(load_moment(today))
    calendar = official_calendar()
    entered_on = working_day_on_or_before(calendar, opening_day(calendar, today, 3) - timedelta(days=14))
    years = _years(today)
    fill = lambda text: text.format(**years)  # noqa: E731

    units = {}
    for order, (key, name, short_name, kind, parent) in enumerate(content.UNITS):
        units[key] = orgunit_create(
            name=name,
            short_name=short_name,
            kind=kind,
            parent=units[parent] if parent else None,
            sort_order=order,
        )

    User = get_user_model()
    password = make_password(DEMO_PASSWORD)  # hashed once: every demo account shares it
    people = {}
    for person in content.PEOPLE:
        user = User.objects.create(
            username=person["username"],
            password=password,
            full_name=person["full_name"],
            title=person["title"],
            phone=person["phone"],
        )
        for role, unit_key, subtree in person["roles"]:
            role_assign(user=user, role=role, unit=units[unit_key], include_subtree=subtree)
        people[person["username"]] = user
    User.objects.create(
        username="admin", password=password, full_name="系统管理员", is_staff=True, is_superuser=True
    )

    office = people["office"]
    spec = content.INSPECTION
    with clock.at(entered_on, 9):
        inspection, findings = _inspection_and_findings(office, units, fill)
    actors = {Relation.OFFICE: office}
    measure_count = 0
    for n, spec in enumerate(content.TASKS):
        with clock.at(entered_on, 10 + n % 7, n * 2 % 60):
            task, measures = _task_and_measures(
                office, inspection, findings, units, people, spec, fill, today
            )
        measure_count += measures
        actors[Relation.LEADER] = people[spec["leader"]]
        target = TaskState(spec["state"])
        if target == TaskState.REOPENED:  # signed off first, then found to have rebounded
            path = [
                *path_between(task.state, TaskState.SIGNED_OFF),
                *path_between(TaskState.SIGNED_OFF, TaskState.REOPENED),
            ]
        else:
            path = path_between(task.state, target)
        for transition in path:
            actor = actors[Relation.OFFICE if Relation.OFFICE in transition.by else Relation.LEADER]
            reason = "“回头看”发现问题反弹，重新整改" if transition.target == TaskState.REOPENED else ""
            task = services.task_transition(actor=actor, task=task, action=transition.action, reason=reason)
        progress = task.progress
        if target in (TaskState.IN_PROGRESS, TaskState.REOPENED):
            progress = _on_schedule_progress(task, spec["progress"], today)
        services.task_report_progress(
            actor=office,
            task=task,
            progress=progress,
            progress_text=fill(spec["progress_text"]),
            reported_on=today,
        )
    liaisons = {
        role_unit: people[p["username"]]
        for p in content.PEOPLE
        for role, role_unit, _subtree in p["roles"]
        if role == "liaison"
    }
    rounds = load_rounds(
        office=office, inspection=inspection, liaisons=liaisons, units=units, today=today, clock=clock
    )
    return {
        "units": len(units),
        "people": len(people) + 1,
        "findings": len(findings),
        "tasks": len(content.TASKS),
        "measures": measure_count,
        "rounds": rounds,
    }
