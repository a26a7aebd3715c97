"""The SQL statement of the schedule flag, and the flag stored from it, agree with the Python rule on
every task and date."""

from datetime import date, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rectify.ledger.flags import flags_refresh
from rectify.ledger.lifecycle import TaskState
from rectify.ledger.models import Milestone, Task
from rectify.ledger.schedule_sql import schedule_flag_expression
from rectify.ledger.selectors import task_schedule_flag

BASE = date(2024, 1, 1)
days = st.integers(min_value=0, max_value=800)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    state=st.sampled_from(list(TaskState)),
    long_term=st.booleans(),
    start=st.one_of(st.none(), days),
    due=st.one_of(st.none(), days),
    progress=st.integers(min_value=0, max_value=100),
    milestones=st.lists(st.tuples(days, st.integers(min_value=0, max_value=100)), max_size=3),
    as_of=days,
    tolerance=st.integers(min_value=0, max_value=30),
    due_soon=st.integers(min_value=0, max_value=60),
)
# Tasks without a start date (an inspection with no feedback date): overdue, behind by a milestone,
# due soon, and otherwise on schedule; and a start after the due date (a typing slip).
@example(
    state="in_progress",
    long_term=False,
    start=None,
    due=100,
    progress=0,
    milestones=[],
    as_of=101,
    tolerance=10,
    due_soon=30,
)
@example(
    state="in_progress",
    long_term=False,
    start=None,
    due=300,
    progress=20,
    milestones=[(50, 50)],
    as_of=60,
    tolerance=10,
    due_soon=30,
)
@example(
    state="not_started",
    long_term=False,
    start=None,
    due=300,
    progress=0,
    milestones=[],
    as_of=280,
    tolerance=10,
    due_soon=30,
)
@example(
    state="in_progress",
    long_term=False,
    start=None,
    due=300,
    progress=90,
    milestones=[],
    as_of=10,
    tolerance=10,
    due_soon=30,
)
@example(
    state="in_progress",
    long_term=False,
    start=200,
    due=100,
    progress=0,
    milestones=[],
    as_of=150,
    tolerance=10,
    due_soon=30,
)
def test_sql_flag_equals_python_flag(
    world, state, long_term, start, due, progress, milestones, as_of, tolerance, due_soon
):
    inspection = world.inspection
    inspection.schedule_tolerance, inspection.due_soon_days = tolerance, due_soon
    inspection.save()
    task = world.task_a
    task.state, task.is_long_term, task.progress = state, long_term, progress
    task.start_on = None if start is None else BASE + timedelta(days=start)
    task.due_on = None if due is None else BASE + timedelta(days=due)
    task.save()
    Milestone.objects.filter(task=task).delete()
    for offset, percent in milestones:
        Milestone.objects.create(task=task, due_on=BASE + timedelta(days=offset), percent=percent)
    when = BASE + timedelta(days=as_of)

    task = Task.objects.select_related("inspection").get(pk=task.pk)
    in_python = task_schedule_flag(task, when).value
    in_sql = Task.objects.filter(pk=task.pk).annotate(flag=schedule_flag_expression(when)).get().flag
    assert in_sql == in_python
    # the form the stored flag is written with: the inspection's rule as constants, in an UPDATE
    flags_refresh(Task.objects.filter(pk=task.pk), on=when)
    assert Task.objects.get(pk=task.pk).schedule_flag == in_python
