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


def _milestone_short(as_day: int, sign: int, rule: ScheduleRule | None, progress: str) -> Exists:
    """A milestone already past on day `as_day` promised more than progress + sign × tolerance.

    The tolerance is the rule's constant, or else the task's inspection's (reached through OuterRef).
    """
    if rule is None:
        outer_level = OuterRef(progress) + sign * OuterRef("inspection__schedule_tolerance")
    else:
        outer_level = OuterRef(progress) + Value(sign * rule.tolerance)
    return Exists(
        Milestone.objects.filter(task=OuterRef("pk"), due_day__lt=as_day).filter(
            GreaterThan(F("percent"), outer_level)
        )
    )


def _linear_short(as_day: int, sign: int, rule: ScheduleRule | None, progress: str) -> LessThan:
    """progress + sign × tolerance falls short of the share of time elapsed (tasks with a start date only)."""
    if rule is None:
        level = F(progress) + sign * F("inspection__schedule_tolerance")
    else:
        level = F(progress) + Value(sign * rule.tolerance)
    return LessThan(level * (F("due_day") - F("start_day")), 100 * (Value(as_day) - F("start_day")))


def schedule_flag_expression(
    as_of: date, rule: ScheduleRule | None = None, *, state: str = "state", progress: str = "progress"
) -> Case:
    """A CASE expression giving each task's ScheduleFlag value on `as_of` (first match wins, as in Python).

    `state` and `progress` name what the flag is computed from: the task's own columns, or annotations
    giving its state and percent on `as_of` (`ledger.as_of.annotate_as_of`).

    Without `rule`, each task's inspection supplies the tolerance and due-soon window (a join). With it,
    they are constants: the form an UPDATE of one inspection's tasks needs (an UPDATE cannot join).
    Tasks without a start date get their own branches before the ones that use `start_day`, so that no
    NULL ever reaches a comparison.
    """
    as_day = day_number(as_of)
    due_soon_days = F("inspection__due_soon_days") if rule is None else Value(rule.due_soon_days)
    due_soon = LessThanOrEqual(F("due_day") - Value(as_day), due_soon_days)
    no_start = Q(start_day__isnull=True)
    done = Q(**{f"{state}__in": DONE_STATES})

    def milestone_short(sign: int) -> Q:
        return Q(_milestone_short(as_day, sign, rule, progress))

    def linear_short(sign: int) -> Q:
        return Q(_linear_short(as_day, sign, rule, progress))

    return Case(
        # one test of the state (a subquery, as of a past date), then which kind of done
        When(
            done,
            then=Case(
                When(is_long_term=True, then=Value(ScheduleFlag.COMPLETED_ONGOING.value)),
                default=Value(ScheduleFlag.COMPLETED.value),
            ),
        ),
        When(due_day__isnull=True, then=Value(ScheduleFlag.ON_SCHEDULE.value)),
        When(due_day__lt=as_day, then=Value(ScheduleFlag.OVERDUE.value)),
        # without a start: only a passed milestone can make it behind, and it is never called ahead
        When(no_start & milestone_short(+1), then=Value(ScheduleFlag.BEHIND.value)),
        When(no_start & Q(due_soon), then=Value(ScheduleFlag.DUE_SOON.value)),
        When(no_start | Q(start_day__gt=as_day), then=Value(ScheduleFlag.ON_SCHEDULE.value)),
        When(
            linear_short(+1) | milestone_short(+1),
            then=Value(ScheduleFlag.BEHIND.value),
        ),
        When(due_soon, then=Value(ScheduleFlag.DUE_SOON.value)),
        When(
            ~linear_short(-1) & ~milestone_short(-1),
            then=Value(ScheduleFlag.AHEAD.value),
        ),
        default=Value(ScheduleFlag.ON_SCHEDULE.value),
        output_field=CharField(),
    )
