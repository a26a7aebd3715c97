"""The schedule flag (序时进度): where a task stands against its plan on a given date.

Pure rules; `ledger.schedule_sql` states the same rule as SQL so the ledger can count and filter by
flag in the database. A test holds the two to the same answers. The rule is written out in
docs/schedule-rule.md.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rectify.ledger.lifecycle import DONE_STATES


class ScheduleFlag(StrEnum):
    COMPLETED_ONGOING = "completed_ongoing"  # 已完成，长期坚持
    COMPLETED = "completed"  # 已完成
    OVERDUE = "overdue"  # 逾期
    BEHIND = "behind"  # 未达到序时进度
    DUE_SOON = "due_soon"  # 临期
    AHEAD = "ahead"  # 超过序时进度
    ON_SCHEDULE = "on_schedule"  # 达到序时进度


FLAG_LABELS = {
    ScheduleFlag.COMPLETED_ONGOING: "已完成，长期坚持",
    ScheduleFlag.COMPLETED: "已完成",
    ScheduleFlag.OVERDUE: "逾期",
    ScheduleFlag.BEHIND: "未达到序时进度",
    ScheduleFlag.DUE_SOON: "临期",
    ScheduleFlag.AHEAD: "超过序时进度",
    ScheduleFlag.ON_SCHEDULE: "达到序时进度",
}

# Flags that count as "达到序时进度要求" in a report's headline (on schedule or better, not yet done).
ON_TRACK_FLAGS = frozenset({ScheduleFlag.ON_SCHEDULE, ScheduleFlag.AHEAD, ScheduleFlag.DUE_SOON})


@dataclass(frozen=True)
class ScheduleRule:
    """The inspection's parameters: tolerance in percentage points, and the due-soon window in days."""

    tolerance: int = 10
    due_soon_days: int = 30


@dataclass(frozen=True)
class TaskSchedule:
    """What the flag is computed from."""

    state: str
    is_long_term: bool
    start_on: date | None
    due_on: date | None
    progress: int  # reported progress, 0–100
    milestones: tuple[tuple[date, int], ...] = ()  # (due date, percent promised by then)


def planned_progress(task: TaskSchedule, as_of: date) -> float | None:
    """The percent the plan calls for on `as_of` (序时进度), or None when the task has no due date or
    no start date (the share of time elapsed is then unknown).

    The larger of the share of the time elapsed from start to due date, and the percent of every
    milestone already past (a milestone's own day still counts as in time).
    """
    if task.due_on is None or task.start_on is None:
        return None
    span = (task.due_on - task.start_on).days
    elapsed = (as_of - task.start_on).days
    linear = 100.0 if span <= 0 else min(100.0, max(0.0, 100.0 * elapsed / span))
    passed = [pct for when, pct in task.milestones if when < as_of]
    return max([linear, *passed])


def _below_line(task: TaskSchedule, as_of: date, level: int) -> bool:
    """Whether `level` percent falls short of the plan on `as_of`, in exact integer arithmetic.

    Without a start date the share of time elapsed is unknown: only the milestones already past say
    what the plan called for.
    """
    if task.start_on is not None:
        span = (task.due_on - task.start_on).days
        elapsed = (as_of - task.start_on).days
        if level * span < 100 * elapsed:
            return True
    return any(pct > level for when, pct in task.milestones if when < as_of)


def schedule_flag(task: TaskSchedule, as_of: date, rule: ScheduleRule = ScheduleRule()) -> ScheduleFlag:
    """The flag of `task` on `as_of`, first match wins:

    1. done (自评完成 or later): completed, or completed_ongoing for a long-term task;
    2. no due date (长期坚持 and the like): on schedule;
    3. past the due date: overdue, whether or not the start is known;
    4. not yet started (a start date after `as_of`): on schedule;
    5. progress + tolerance below the plan: behind (without a start, only a passed milestone sets the plan);
    6. due within the window: due soon;
    7. progress − tolerance at or above the plan: ahead (never without a start: the plan is unknown);
    8. otherwise on schedule.
    """
    if task.state in DONE_STATES:
        return ScheduleFlag.COMPLETED_ONGOING if task.is_long_term else ScheduleFlag.COMPLETED
    if task.due_on is None:
        return ScheduleFlag.ON_SCHEDULE
    if as_of > task.due_on:
        return ScheduleFlag.OVERDUE
    if task.start_on is not None and as_of < task.start_on:
        return ScheduleFlag.ON_SCHEDULE
    if _below_line(task, as_of, task.progress + rule.tolerance):
        return ScheduleFlag.BEHIND
    if (task.due_on - as_of).days <= rule.due_soon_days:
        return ScheduleFlag.DUE_SOON
    if task.start_on is not None and not _below_line(task, as_of, task.progress - rule.tolerance):
        return ScheduleFlag.AHEAD
    return ScheduleFlag.ON_SCHEDULE
