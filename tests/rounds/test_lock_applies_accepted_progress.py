"""Locking a round applies each accepted lead line to the ledger through the ledger's services, as a
progress-history entry dated at the round's as-of date, never skipped: when the unit reported again
after that date, the round's entry still goes in at its own date and the ledger now stays at the later
report; a task done stays at 100 %. (Review of issue 10, defects 1 and 2.)"""

from datetime import date

from django.utils import timezone

from rectify.audit.models import AuditEvent
from rectify.documents.report_data import report_snapshot
from rectify.ledger import services as ledger
from rectify.ledger.lifecycle import DONE_STATES
from rectify.ledger.models import Task, TaskProgress
from rectify.rounds import services
from rectify.rounds.models import RoundTaskSnapshot
from rounds_pages import submission_of

OCTOBER = date(2023, 10, 31)


def _open(w, as_of=OCTOBER):
    return services.round_open(
        actor=w.office, inspection=w.inspection, period="2023年10月", as_of=as_of, due_on=date(2099, 1, 1)
    )


def _accept(w, dispatch_round, text, percent):
    """County A fills its lines (task 1 it leads, task 2 it cooperates on), submits; the office accepts."""
    submission = submission_of(dispatch_round, w.county_a)
    lines = {line.task_id: {"progress_text": text, "percent": percent} for line in submission.lines.all()}
    services.submission_save_draft(actor=w.liaison, submission=submission, lines=lines)
    services.submission_submit(actor=w.liaison, submission=submission)
    services.submission_accept(actor=w.office, submission=submission)


def _report_on_the_page(w, percent, text, day):
    ledger.task_report_progress(
        actor=w.liaison, task=Task.objects.get(pk=w.task_a.pk), progress=percent, progress_text=text,
        reported_on=day,
    )  # fmt: skip


def test_an_accepted_line_becomes_the_ledgers_progress_as_of_the_rounds_date(world):
    w = world
    r = _open(w)
    _accept(w, r, "10月石河县进展", 40)
    services.round_lock(actor=w.office, dispatch_round=r)
    task = Task.objects.get(pk=w.task_a.pk)
    assert (task.state, task.progress, task.progress_text) == ("in_progress", 40, "10月石河县进展")
    (entry,) = TaskProgress.objects.filter(task=task)
    assert (entry.as_of, entry.state, entry.progress, entry.text, entry.source) == (
        OCTOBER, "in_progress", 40, "10月石河县进展", "2023年10月调度",
    )  # fmt: skip


def test_a_round_locked_after_the_unit_reported_again_records_its_report_at_its_own_date(world):
    """The unit reports 70 % on the ledger page on 3 November, while the October round waits for its
    lock: the round's accepted 40 % goes into the history as of 31 October, the ledger now stays at the
    November report, and the round's snapshot and its report say 40 % and the round's text."""
    w = world
    r = _open(w)
    _accept(w, r, "10月石河县进展", 40)
    _report_on_the_page(w, 70, "11月3日页面报送的进展", date(2023, 11, 3))
    r = services.round_lock(actor=w.office, dispatch_round=r)

    task = Task.objects.get(pk=w.task_a.pk)
    assert (task.state, task.progress, task.progress_text) == ("in_progress", 70, "11月3日页面报送的进展")
    history = [
        (e.as_of, e.state, e.progress, e.text)
        for e in TaskProgress.objects.filter(task=task).order_by("as_of")
    ]
    assert history == [
        (OCTOBER, "in_progress", 40, "10月石河县进展"),
        (date(2023, 11, 3), "in_progress", 70, "11月3日页面报送的进展"),
    ]
    snap = RoundTaskSnapshot.objects.get(round=r, task=task)
    assert (snap.state, snap.progress, snap.progress_text, snap.accepted) == (
        "in_progress", 40, "10月石河县进展", True,
    )  # fmt: skip
    then = next(
        t for t in report_snapshot(w.inspection, date(2000, 1, 1), round=r).tasks if t.task.pk == task.pk
    )
    assert (then.state, then.progress, then.progress_text) == ("in_progress", 40, "10月石河县进展")
    event = AuditEvent.objects.get(code="ledger.task.record_report_then")
    assert event.object_id == str(task.pk) and "2023年10月调度" in event.reason
    assert "任务1已有晚于截至日期的进展" in AuditEvent.objects.get(code="rounds.round.lock").reason


def test_a_late_lock_keeps_a_task_done_since_at_100_percent_now_and_its_line_then(world):
    """Completed (自评) on 20 November, the October round locked afterwards: the round says 40 % in
    progress on 31 October, the ledger stays completed at 100 %."""
    w = world
    r = _open(w)
    _accept(w, r, "10月石河县进展", 40)
    _report_on_the_page(w, 90, "11月进展", date(2023, 11, 3))
    ledger.task_transition(actor=w.liaison, task=Task.objects.get(pk=w.task_a.pk), action="report_done")
    services.round_lock(actor=w.office, dispatch_round=r)
    task = Task.objects.get(pk=w.task_a.pk)
    assert (task.state, task.progress) == ("self_reported", 100)
    snap = RoundTaskSnapshot.objects.get(round=r, task=task)
    assert (snap.state, snap.progress) == ("in_progress", 40)


def test_locking_never_leaves_a_done_task_with_less_than_100_percent(world):
    """The unit's line says 80 %; the task is then reported done (已完成（自评）) on the round's own date.
    Locking records the line's text but cannot take the done task below 100 %: not in the ledger, its
    history, the snapshot nor the report from the round."""
    w = world
    r = _open(w, as_of=timezone.localdate())
    _accept(w, r, "主体工程完成80%", 80)
    ledger.task_transition(actor=w.office, task=Task.objects.get(pk=w.task_a.pk), action="report_done")
    r = services.round_lock(actor=w.office, dispatch_round=r)
    task = Task.objects.get(pk=w.task_a.pk)
    snap = RoundTaskSnapshot.objects.get(round=r, task=task)
    latest = TaskProgress.objects.filter(task=task).order_by("-as_of", "-pk").first()
    then = next(
        t for t in report_snapshot(w.inspection, date(2000, 1, 1), round=r).tasks if t.task.pk == task.pk
    )
    for state, progress in (
        (task.state, task.progress),
        (latest.state, latest.progress),
        (snap.state, snap.progress),
        (then.state, then.progress),
    ):
        assert (state, progress) == ("self_reported", 100)
    assert state in DONE_STATES
    assert task.progress_text == snap.progress_text == "主体工程完成80%"
