"""A task as it stood on a date (截至某日): its state, percent and progress text then, and its flag then.

The rule, for every place that shows the ledger as of a date (the progress report, the ledger page,
the reading ledger export and the generated 整改台账):

* the task's latest progress-history entry (`TaskProgress`, written by `ledger.progress_history`
  alone) with `as_of` on or before the date, the latest by (as_of, pk), says where it stood: its state
  (the task's own when the entry records none), its percent (the task's own when the entry records
  none) and its text;
* a task with no entry up to the date but with later ones had not started then (未启动, 0 %, no text):
  every task is created so (the form creates it so; an import that creates it otherwise writes its
  first entry at once), and every change of its state, percent or text writes an entry. This holds
  the ledger as of a past date to what a round locked on that date said (rounds snapshot the same
  rule), whatever is reported afterwards;
* a task with no entry at all stands as it stands now: its own values are all there is to say;
* its schedule flag on the date is computed from that state and percent.

`standing` is the rule in Python (the report reads it); `annotate_as_of` states it in SQL, so the
ledger page can count and filter 50,000 tasks by their flag then. tests/ledger/test_as_of.py holds the
two equal.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Exists, F, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf

from rectify.ledger.lifecycle import TaskState
from rectify.ledger.models import Task, TaskProgress
from rectify.ledger.schedule import ScheduleFlag, ScheduleRule, TaskSchedule, schedule_flag
from rectify.ledger.schedule_sql import schedule_flag_expression

# The annotations `annotate_as_of` adds (the Task model's `*_as_of` properties read them).
STATE_THEN, PROGRESS_THEN, TEXT_THEN = "state_then", "progress_then", "progress_text_then"


@dataclass(frozen=True)
class Standing:
    """Where a task stood on a date: its state, percent and progress text then."""

    state: str
    progress: int
    text: str


NOT_STARTED_THEN = Standing(state=TaskState.NOT_STARTED, progress=0, text="")


def standing(task: Task, entry: TaskProgress | None, *, has_later: bool = False) -> Standing:
    """Where `task` stood given its latest history entry up to the date (None: it has none), and
    whether it has entries after the date."""
    if entry is None:
        if has_later:
            return NOT_STARTED_THEN
        return Standing(state=task.state, progress=task.progress, text=task.progress_text)
    return Standing(
        state=entry.state or task.state,
        progress=task.progress if entry.progress is None else entry.progress,
        text=entry.text,
    )


def latest_entries(tasks, as_of: date) -> dict[int, TaskProgress]:
    """{task id: its latest history entry up to `as_of`} for `tasks` (a queryset or list of tasks)."""
    latest: dict[int, TaskProgress] = {}
    entries = TaskProgress.objects.filter(task__in=tasks, as_of__lte=as_of).order_by(
        "task_id", "-as_of", "-pk"
    )
    for entry in entries:
        latest.setdefault(entry.task_id, entry)
    return latest


def tasks_with_later_entries(tasks, as_of: date) -> set[int]:
    """The ids of `tasks` with a history entry after `as_of`."""
    later = TaskProgress.objects.filter(task__in=tasks, as_of__gt=as_of)
    return set(later.values_list("task_id", flat=True).distinct())


def standings(tasks, as_of: date) -> dict[int, Standing]:
    """{task id: where it stood on `as_of`} for `tasks` (a list), by the rule above."""
    latest, later = latest_entries(tasks, as_of), tasks_with_later_entries(tasks, as_of)
    return {t.pk: standing(t, latest.get(t.pk), has_later=t.pk in later) for t in tasks}


@dataclass
class TaskAsOf:
    """A task as it stood on a date, with its flag then."""

    task: Task
    state: str
    progress: int
    progress_text: str
    flag: ScheduleFlag


def tasks_as_of(tasks: list[Task], as_of: date, rule: ScheduleRule) -> list[TaskAsOf]:
    """Each of `tasks` (milestones prefetched) as it stood on `as_of`, in the same order."""
    then_of = standings(tasks, as_of)
    result = []
    for task in tasks:
        then = then_of[task.pk]
        schedule = TaskSchedule(
            state=then.state,
            is_long_term=task.is_long_term,
            start_on=task.start_on,
            due_on=task.due_on,
            progress=then.progress,
            milestones=tuple((m.due_on, m.percent) for m in task.milestones.all()),
        )
        result.append(
            TaskAsOf(
                task=task,
                state=then.state,
                progress=then.progress,
                progress_text=then.text,
                flag=schedule_flag(schedule, as_of, rule),
            )
        )
    return result


def annotate_as_of(tasks: QuerySet[Task], as_of: date) -> QuerySet[Task]:
    """`tasks` annotated with `state_then`, `progress_then`, `progress_text_then` and `flag` on `as_of`,
    by the rule above, in SQL: each a subquery on the task's latest entry up to the date (the index on
    (task, as_of) finds it), falling back to "not started" when it has later entries, else to the
    task's own column."""
    latest = TaskProgress.objects.filter(task=OuterRef("pk"), as_of__lte=as_of).order_by("-as_of", "-pk")
    later = Exists(TaskProgress.objects.filter(task=OuterRef("pk"), as_of__gt=as_of))
    only_later = later & ~Exists(latest)  # no entry up to the date, some after it

    def before_any(own: str, not_started):
        """The value of a task with no entry up to the date: not started if it has later ones."""
        field = Task._meta.get_field(own)
        return Case(When(only_later, then=Value(not_started)), default=F(own), output_field=field)

    return tasks.annotate(
        **{
            STATE_THEN: Coalesce(
                NullIf(Subquery(latest.values("state")[:1]), Value("")),
                before_any("state", TaskState.NOT_STARTED.value),
            ),
            PROGRESS_THEN: Coalesce(Subquery(latest.values("progress")[:1]), before_any("progress", 0)),
            TEXT_THEN: Coalesce(Subquery(latest.values("text")[:1]), before_any("progress_text", "")),
        }
    ).annotate(flag=schedule_flag_expression(as_of, state=STATE_THEN, progress=PROGRESS_THEN))
