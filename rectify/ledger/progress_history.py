"""The progress history (进展报送记录) that reports read: one entry per change of a task's state or progress.

`progress_history_append` is its one writer (and `progress_history_insert_then`, for a report that
speaks of a date before the task's latest entry). Every service that changes a task's state, percent or
progress text calls it once the task is written, so every entry has the same shape: the state, percent
and progress text the task now has, the date they stand as of, who made the change, and for a lifecycle
action its code and reason. A report takes each task's latest entry up to its date
(`documents.report_data`); the ledger and the task page read the task itself: so they agree.

It also keeps `Task.rework`, the return (退回整改) or reopening (重新整改) a task is being reworked after,
until the task claims completion again: the task page shows its reason, the ledger row marks it.
"""

from datetime import date

from rectify.ledger.lifecycle import DONE_STATES, TaskAction
from rectify.ledger.models import Task, TaskProgress

# Lifecycle actions that send a task back to its unit, with a reason the unit must see.
REWORK_ACTIONS = frozenset({TaskAction.RETURN, TaskAction.REOPEN})


def progress_entry(
    task: Task, *, actor, as_of: date, source: str, action: str = "", reason: str = ""
) -> TaskProgress:
    """The history entry (unsaved) saying where `task` stands now; bulk imports insert these in batches."""
    return TaskProgress(
        task=task,
        as_of=as_of,
        reported_by=actor if actor is not None and actor.is_authenticated else None,
        state=task.state,
        progress=task.progress,
        status_text=task.progress_text[:100],
        text=task.progress_text,
        source=source[:200],
        action=action,
        reason=reason.strip(),
    )


def progress_history_append(
    task: Task, *, actor, as_of: date, source: str, action: str = "", reason: str = ""
) -> TaskProgress:
    """Append the entry for `task` as it now stands (call it after writing the task, in the same
    transaction), and keep the task's rework mark: set by a return or reopening, cleared by a claim
    of completion."""
    entry = progress_entry(task, actor=actor, as_of=as_of, source=source, action=action, reason=reason)
    entry.save()
    if action in REWORK_ACTIONS:
        rework = entry
    elif task.state in DONE_STATES:
        rework = None
    else:
        return entry
    if task.rework_id != (rework and rework.pk):
        task.rework = rework
        Task.objects.filter(pk=task.pk).update(rework=rework)
    return entry


def progress_history_insert_then(
    task: Task, *, actor, as_of: date, source: str, state: str, progress: int, text: str
) -> TaskProgress:
    """Insert the entry of a report speaking of `as_of`, a date before the task's latest entry (a
    dispatch round locked after the unit reported again): where the task stood then. The task itself,
    its current state (the latest entry's) and its rework mark are left as they are."""
    entry = TaskProgress(
        task=task,
        as_of=as_of,
        reported_by=actor if actor is not None and actor.is_authenticated else None,
        state=state,
        progress=progress,
        status_text=text[:100],
        text=text,
        source=source[:200],
    )
    entry.save()
    return entry


def progress_before_claim(task: Task) -> TaskProgress | None:
    """The latest entry that claimed neither completion nor 100 %: where a task sent back stands again.

    A return says the work is not complete, so every claim since (the state 已完成（自评） or later, and a
    reported 100 %) is void; what the unit last said while the work was still under way stands. None when
    the unit never said anything before claiming completion.
    """
    for entry in task.progress_reports.order_by("-as_of", "-pk"):
        if entry.state not in DONE_STATES and (entry.progress or 0) < 100:
            return entry
    return None
