"""The schedule flag of `ledger.schedule` stated as a SQL expression, for counting and filtering in the database.

It must give the same answer as `schedule.schedule_flag` for every task: tests/ledger/test_schedule_sql.py
checks the two side by side. Integer day numbers (`start_day`, `due_day`) keep the arithmetic exact
and identical on SQLite and PostgreSQL.
"""

from datetime import date

from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.fields import CharField
from django.db.models.lookups import GreaterThan, LessThan, LessThanOrEqual

from rectify.ledger.lifecycle import DONE_STATES
from rectify.ledger.models import Milestone, day_number
from rectify.ledger.schedule import ScheduleFlag, ScheduleRule


def _below_line(as_day: int, sign: int, rule: ScheduleRule | None) -> Q:
    """Q: progress + sign × tolerance falls short of the plan on day `as_day` (linear share, or a passed milestone).

    The tolerance is the rule's constant, or else the task's inspection's (reached from the milestone
    subquery through OuterRef).
    """
    if rule is None:
        level = F("progress") + sign * F("inspection__schedule_tolerance")
        outer_level = OuterRef("progress") + sign * OuterRef("inspection__schedule_tolerance")
    else:
        level = F("progress") + Value(sign * rule.tolerance)
        outer_level = OuterRef("progress") + Value(sign * rule.tolerance)
    linear = LessThan(level * (F("due_day") - F("start_day")), 100 * (Value(as_day) - F("start_day")))
    milestone = Exists(
        Milestone.objects.filter(task=OuterRef("pk"), due_day__lt=as_day).filter(
            GreaterThan(F("percent"), outer_level)
        )
    )
    return Q(linear) | Q(milestone)


def schedule_flag_expression(as_of: date, rule: ScheduleRule | None = None) -> Case:
    """A CASE expression giving each task's ScheduleFlag value on `as_of` (first match wins, as in Python).

    Without `rule`, each task's inspection supplies the tolerance and due-soon window (a join). With it,
    they are constants: the form an UPDATE of one inspection's tasks needs (an UPDATE cannot join).
    """
    as_day = day_number(as_of)
    due_soon_days = F("inspection__due_soon_days") if rule is None else Value(rule.due_soon_days)
    behind = _below_line(as_day, +1, rule)
    short_of_ahead = _below_line(as_day, -1, rule)
    due_soon = LessThanOrEqual(F("due_day") - Value(as_day), due_soon_days)
    return Case(
        When(Q(state__in=DONE_STATES, is_long_term=True), then=Value(ScheduleFlag.COMPLETED_ONGOING.value)),
        When(state__in=DONE_STATES, then=Value(ScheduleFlag.COMPLETED.value)),
        When(
            Q(due_day__isnull=True) | Q(start_day__isnull=True) | Q(start_day__gt=as_day),
            then=Value(ScheduleFlag.ON_SCHEDULE.value),
        ),
        When(due_day__lt=as_day, then=Value(ScheduleFlag.OVERDUE.value)),
        When(behind, then=Value(ScheduleFlag.BEHIND.value)),
        When(due_soon, then=Value(ScheduleFlag.DUE_SOON.value)),
        When(~short_of_ahead, then=Value(ScheduleFlag.AHEAD.value)),
        default=Value(ScheduleFlag.ON_SCHEDULE.value),
        output_field=CharField(),
    )
