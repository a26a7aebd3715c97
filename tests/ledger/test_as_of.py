"""A task as of a date: the SQL annotation the ledger page counts and filters with gives, for every
history and date, the state, percent, text and flag of the Python rule the report reads."""

from datetime import date, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rectify.ledger.as_of import annotate_as_of, tasks_as_of
from rectify.ledger.lifecycle import TaskState
from rectify.ledger.models import Milestone, Task, TaskProgress
from rectify.ledger.schedule import ScheduleRule

BASE = date(2024, 1, 1)
days = st.integers(min_value=0, max_value=400)
entries = st.lists(
    st.tuples(
        days,  # as of
        st.sampled_from(["", *TaskState]),  # an entry may record no state (older imports)
        st.one_of(st.none(), st.integers(min_value=0, max_value=100)),  # nor a percent
        st.sampled_from(["", "正在推进", "已完成"]),
    ),
    max_size=4,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    history=entries,
    state=st.sampled_from(list(TaskState)),
    progress=st.integers(min_value=0, max_value=100),
    start=st.one_of(st.none(), days),
    due=st.one_of(st.none(), days),
    milestones=st.lists(st.tuples(days, st.integers(min_value=0, max_value=100)), max_size=2),
    as_of=days,
)
# two entries on one day: the later one written stands
@example(
    history=[(10, "in_progress", 40, "甲"), (10, "self_reported", 100, "乙")],
    state="in_progress",
    progress=40,
    start=0,
    due=300,
    milestones=[],
    as_of=20,
)
# an entry without state or percent: the task's own stand in for them, its text is the entry's
@example(
    history=[(5, "", None, "")],
    state="accepted",
    progress=100,
    start=0,
    due=300,
    milestones=[],
    as_of=20,
)
# completed after the date: in progress then, behind
@example(
    history=[(30, "in_progress", 20, "九月"), (90, "self_reported", 100, "十一月")],
    state="self_reported",
    progress=100,
    start=0,
    due=120,
    milestones=[],
    as_of=60,
)
def test_sql_as_of_equals_python_as_of(world, history, state, progress, start, due, milestones, as_of):
    task = world.task_a
    task.state, task.progress, task.progress_text = state, progress, "现在的进展"
    task.start_on = None if start is None else BASE + timedelta(days=start)
    task.due_on = None if due is None else BASE + timedelta(days=due)
    task.save()
    Milestone.objects.filter(task=task).delete()
    for offset, percent in milestones:
        Milestone.objects.create(task=task, due_on=BASE + timedelta(days=offset), percent=percent)
    TaskProgress.objects.filter(task=task).delete()
    for offset, entry_state, entry_progress, text in history:
        TaskProgress.objects.create(
            task=task,
            as_of=BASE + timedelta(days=offset),
            state=entry_state,
            progress=entry_progress,
            text=text,
        )
    when = BASE + timedelta(days=as_of)
    inspection = world.inspection
    rule = ScheduleRule(tolerance=inspection.schedule_tolerance, due_soon_days=inspection.due_soon_days)

    (in_python,) = tasks_as_of([Task.objects.prefetch_related("milestones").get(pk=task.pk)], when, rule)
    in_sql = annotate_as_of(Task.objects.filter(pk=task.pk), when).get()
    assert (in_sql.state_then, in_sql.progress_then, in_sql.progress_text_then, in_sql.flag) == (
        in_python.state,
        in_python.progress,
        in_python.progress_text,
        in_python.flag.value,
    )


def _then(task, when):
    inspection = task.inspection
    rule = ScheduleRule(tolerance=inspection.schedule_tolerance, due_soon_days=inspection.due_soon_days)
    (in_python,) = tasks_as_of([Task.objects.prefetch_related("milestones").get(pk=task.pk)], when, rule)
    in_sql = annotate_as_of(Task.objects.filter(pk=task.pk), when).get()
    assert (in_sql.state_then, in_sql.progress_then, in_sql.progress_text_then) == (
        in_python.state,
        in_python.progress,
        in_python.progress_text,
    )
    return in_python.state, in_python.progress, in_python.progress_text


def test_a_task_first_reported_after_the_date_had_not_started_on_it(world):
    """A task created (未启动) and first reported on 5 December stood not started on 31 October, not at
    December's 60 %; what anyone says of it later cannot change what stood on that date."""
    from rectify.ledger import services

    before = _then(world.task_c, date(2023, 10, 31))
    services.task_report_progress(
        actor=world.office,
        task=world.task_c,
        progress=60,
        progress_text="十二月",
        reported_on=date(2023, 12, 5),
    )
    assert before == _then(world.task_c, date(2023, 10, 31)) == ("not_started", 0, "")
    assert _then(world.task_c, date(2023, 12, 5)) == ("in_progress", 60, "十二月")


def test_a_task_never_reported_stands_as_it_stands_now(world):
    task = world.task_b
    Task.objects.filter(pk=task.pk).update(state="in_progress", progress=30, progress_text="录入的台账")
    assert _then(task, date(2023, 10, 31)) == ("in_progress", 30, "录入的台账")
