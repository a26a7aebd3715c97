"""The schedule flag (序时进度) at its boundaries: docs/schedule-rule.md."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectify.ledger.lifecycle import DONE_STATES, TaskState
from rectify.ledger.schedule import ScheduleFlag, ScheduleRule, TaskSchedule, planned_progress, schedule_flag

START, DUE = date(2024, 1, 1), date(2024, 12, 31)  # 365 days: day 73 is 20 % of the way
RULE = ScheduleRule(tolerance=10, due_soon_days=30)


def task(progress=0, state=TaskState.IN_PROGRESS, due=DUE, start=START, long_term=False, milestones=()):
    return TaskSchedule(
        state=state,
        is_long_term=long_term,
        start_on=start,
        due_on=due,
        progress=progress,
        milestones=milestones,
    )


def test_planned_progress_is_the_share_of_time_elapsed():
    assert planned_progress(task(), START) == 0
    assert planned_progress(task(), START + timedelta(days=73)) == pytest.approx(20.0)
    assert planned_progress(task(), DUE) == 100
    assert planned_progress(task(due=None), START) is None


@pytest.mark.parametrize("state", sorted(DONE_STATES))
def test_done_states_are_completed_even_when_late(state):
    assert schedule_flag(task(state=state), DUE + timedelta(days=400)) == ScheduleFlag.COMPLETED
    assert schedule_flag(task(state=state, long_term=True), START) == ScheduleFlag.COMPLETED_ONGOING


def test_long_term_task_without_due_date_is_on_schedule():
    assert schedule_flag(task(due=None, long_term=True), date(2030, 1, 1)) == ScheduleFlag.ON_SCHEDULE


def test_overdue_starts_the_day_after_the_due_date():
    assert schedule_flag(task(progress=100), DUE) == ScheduleFlag.DUE_SOON
    assert schedule_flag(task(progress=100), DUE + timedelta(days=1)) == ScheduleFlag.OVERDUE


def test_before_the_start_a_task_is_on_schedule():
    assert schedule_flag(task(progress=0), START - timedelta(days=1)) == ScheduleFlag.ON_SCHEDULE


def test_behind_boundary_at_exactly_the_tolerance():
    day = START + timedelta(days=73)  # plan: exactly 20 %
    assert (
        schedule_flag(task(progress=10), day, RULE) == ScheduleFlag.ON_SCHEDULE
    )  # 10 + 10 == 20: not behind
    assert schedule_flag(task(progress=9), day, RULE) == ScheduleFlag.BEHIND


def test_ahead_boundary_at_exactly_the_tolerance():
    day = START + timedelta(days=73)
    assert schedule_flag(task(progress=30), day, RULE) == ScheduleFlag.AHEAD  # 30 − 10 == 20
    assert schedule_flag(task(progress=29), day, RULE) == ScheduleFlag.ON_SCHEDULE


def test_due_soon_window_boundary():
    assert schedule_flag(task(progress=95), DUE - timedelta(days=30), RULE) == ScheduleFlag.DUE_SOON
    assert schedule_flag(task(progress=95), DUE - timedelta(days=31), RULE) == ScheduleFlag.ON_SCHEDULE


def test_behind_wins_over_due_soon():
    assert schedule_flag(task(progress=10), DUE - timedelta(days=5), RULE) == ScheduleFlag.BEHIND


def test_a_passed_milestone_raises_the_plan():
    milestones = ((date(2024, 3, 1), 60),)
    assert (
        schedule_flag(task(progress=45, milestones=milestones), date(2024, 3, 1), RULE) == ScheduleFlag.AHEAD
    )
    # the day after the milestone, 60 % was due: 45 + 10 < 60
    assert (
        schedule_flag(task(progress=45, milestones=milestones), date(2024, 3, 2), RULE) == ScheduleFlag.BEHIND
    )
    assert (
        schedule_flag(task(progress=50, milestones=milestones), date(2024, 3, 2), RULE)
        == ScheduleFlag.ON_SCHEDULE
    )


def test_tolerance_is_a_parameter():
    day = START + timedelta(days=73)
    assert schedule_flag(task(progress=15), day, ScheduleRule(tolerance=0)) == ScheduleFlag.BEHIND
    assert schedule_flag(task(progress=15), day, ScheduleRule(tolerance=5)) == ScheduleFlag.ON_SCHEDULE


def test_same_day_start_and_due():
    one_day = task(progress=0, start=DUE, due=DUE)
    assert schedule_flag(one_day, DUE, RULE) == ScheduleFlag.DUE_SOON
    assert schedule_flag(one_day, DUE + timedelta(days=1), RULE) == ScheduleFlag.OVERDUE


# -- tasks without a start date (docs/schedule-rule.md, "Without a start date") ----------------------


def test_without_a_start_a_task_is_overdue_the_day_after_its_due_date():
    no_start = task(progress=0, start=None)
    assert schedule_flag(no_start, DUE, RULE) == ScheduleFlag.DUE_SOON
    assert schedule_flag(no_start, DUE + timedelta(days=1), RULE) == ScheduleFlag.OVERDUE
    assert (
        schedule_flag(task(progress=100, start=None), DUE + timedelta(days=700), RULE) == ScheduleFlag.OVERDUE
    )


def test_without_a_start_only_a_passed_milestone_makes_a_task_behind():
    milestones = ((date(2024, 3, 1), 60),)
    assert schedule_flag(task(progress=0, start=None), date(2024, 11, 1), RULE) == ScheduleFlag.ON_SCHEDULE
    no_start = task(progress=45, start=None, milestones=milestones)
    assert schedule_flag(no_start, date(2024, 3, 1), RULE) == ScheduleFlag.ON_SCHEDULE
    assert schedule_flag(no_start, date(2024, 3, 2), RULE) == ScheduleFlag.BEHIND
    assert schedule_flag(task(progress=50, start=None, milestones=milestones), date(2024, 3, 2), RULE) == (
        ScheduleFlag.ON_SCHEDULE
    )


def test_without_a_start_a_task_is_never_called_ahead():
    assert schedule_flag(task(progress=100, start=None), date(2024, 1, 2), RULE) == ScheduleFlag.ON_SCHEDULE
    assert planned_progress(task(start=None), date(2024, 6, 1)) is None


def test_a_start_after_the_due_date_does_not_hide_that_the_task_is_overdue():
    slip = task(progress=0, start=date(2025, 6, 1), due=date(2024, 12, 31))
    assert schedule_flag(slip, date(2025, 1, 1), RULE) == ScheduleFlag.OVERDUE


task_dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(
    state=st.sampled_from(list(TaskState)),
    long_term=st.booleans(),
    start=st.one_of(st.none(), task_dates),
    due=st.one_of(st.none(), task_dates),
    progress=st.integers(min_value=0, max_value=100),
    milestones=st.lists(st.tuples(task_dates, st.integers(min_value=0, max_value=100)), max_size=3),
    as_of=task_dates,
    tolerance=st.integers(min_value=0, max_value=30),
)
def test_overdue_does_not_depend_on_knowing_the_start(
    state, long_term, start, due, progress, milestones, as_of, tolerance
):
    rule = ScheduleRule(tolerance=tolerance)
    given_start = task(progress, state, due, start, long_term, tuple(milestones))
    without_start = task(progress, state, due, None, long_term, tuple(milestones))
    flag, flag_without = schedule_flag(given_start, as_of, rule), schedule_flag(without_start, as_of, rule)
    late = state not in DONE_STATES and due is not None and as_of > due
    assert (flag == ScheduleFlag.OVERDUE) == late
    assert (flag_without == ScheduleFlag.OVERDUE) == late
    # without a start the plan is only the milestones: never ahead, and behind only if a milestone says so
    assert flag_without != ScheduleFlag.AHEAD
    if flag_without == ScheduleFlag.BEHIND:
        assert any(pct > progress + tolerance for when, pct in milestones if when < as_of)
