"""Done-when: one inspection through three monthly rounds opened by the schedule; units submit (one
returned and resubmitted, one late, one never); each round locked; the report data from each round
equals its snapshot; a later edit of a task leaves the locked rounds unchanged."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import DatabaseError, transaction

from rectify.documents.report_data import report_snapshot
from rectify.ledger import services as ledger
from rectify.ledger.models import Task, TaskProgress
from rectify.rounds import services
from rectify.rounds.models import DispatchRound, RoundSchedule, RoundTaskSnapshot, Submission
from rectify.rounds.selectors import round_board, submission_lines, task_round_lines


def at(day: date):
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)  # 10:00 in Asia/Shanghai


def snapshot_rows(dispatch_round):
    return [
        (s.task_id, s.state, s.progress, s.progress_text, s.schedule_flag, [t for _n, t in s.measures])
        for s in RoundTaskSnapshot.objects.filter(round=dispatch_round).order_by("number")
    ]


def report_rows(inspection, dispatch_round):
    snap = report_snapshot(inspection, date(2000, 1, 1), round=dispatch_round)
    assert snap.as_of == dispatch_round.as_of
    return [
        (t.task.pk, t.state, t.progress, t.progress_text, t.flag.value, t.measure_texts) for t in snap.tasks
    ]


def fill(world, submission, text, percent, measure_text=None):
    lines = {
        line.task_id: {"progress_text": text, "percent": percent, "next_plan": "继续推进"}
        for line in submission.lines.all()
    }
    measures = (
        {world.measure.pk: measure_text}
        if measure_text and world.task_a.pk in lines and submission.unit == world.county_a
        else None
    )
    return services.submission_save_draft(
        actor=world.liaison
        if submission.unit == world.county_a
        else world.other_liaison
        if submission.unit == world.county_b
        else world.dept_liaison,
        submission=submission,
        lines=lines,
        measures=measures,
    )


@pytest.fixture
def dept_liaison(world):
    from conftest import make_user
    from rectify.orgunits.models import Role
    from rectify.orgunits.services import role_assign

    world.dept_liaison = make_user("liaison_dept")
    role_assign(user=world.dept_liaison, role=Role.LIAISON, unit=world.dept)
    return world.dept_liaison


def test_three_monthly_rounds_opened_by_the_schedule(world, dept_liaison, monkeypatch):
    w = world
    RoundSchedule.objects.create(inspection=w.inspection, cadence="monthly", day=25, due_working_days=5)
    assert services.rounds_open_scheduled(today=date(2023, 10, 24)) == []  # not yet the opening day
    rounds = []
    for month in (10, 11, 12):
        opening = date(2023, month, 25)
        monkeypatch.setattr(services, "now", lambda opening=opening: at(opening))
        (r,) = services.rounds_open_scheduled(today=opening)
        assert services.rounds_open_scheduled(today=opening + timedelta(days=1)) == []  # safe to run twice
        assert (r.period, r.as_of, r.number) == (
            f"2023年{month}月",
            date(2023, month, 31 if month != 11 else 30),
            month - 9,
        )
        subs = {s.unit_id: s for s in Submission.objects.filter(round=r)}
        # one submission per responsible unit, listing exactly its tasks (lead, and cooperating)
        assert {u: sorted((line.task_id, line.role) for line in s.lines.all()) for u, s in subs.items()} == {
            w.county_a.pk: sorted([(w.task_a.pk, "lead"), (w.task_b.pk, "cooperating")]),
            w.county_b.pk: [(w.task_b.pk, "lead")],
            w.dept.pk: [(w.task_c.pk, "lead")],
        }
        a, b = subs[w.county_a.pk], subs[w.county_b.pk]
        if month > 10:  # pre-filled from the unit's previous line
            assert a.lines.get(task=w.task_a).progress_text == f"{month - 1}月石河县进展"
        # 石河县 submits on time, is returned once, resubmits
        monkeypatch.setattr(services, "now", lambda r=r: at(r.due_on))
        fill(w, a, f"{month}月石河县进展", 20 * (month - 9), measure_text=f"{month}月脱硫设施进展")
        services.submission_submit(actor=w.liaison, submission=a)
        services.submission_return(actor=w.office, submission=a, comment="请补充佐证材料")
        services.submission_submit(actor=w.liaison, submission=a)
        # 北塔县 submits late; 州生态环境局 never
        monkeypatch.setattr(services, "now", lambda r=r: at(r.due_on + timedelta(days=3)))
        fill(w, b, f"{month}月北塔县进展", 10 * (month - 9))
        services.submission_submit(actor=w.other_liaison, submission=b)
        if month == 10:
            lead_line = next(x for x in submission_lines(b) if x.task_id == w.task_b.pk)
            assert [c.submission.unit_id for c in lead_line.cooperating_lines] == [w.county_a.pk]
        services.submission_accept(actor=w.office, submission=a)
        services.submission_accept(actor=w.office, submission=b)
        board = round_board(r)
        assert (
            board.counts["accepted"] == 2 and board.counts["not_started"] == 1 and board.counts["late"] == 1
        )
        a.refresh_from_db()
        b.refresh_from_db()
        assert (a.late, a.return_count, a.submit_count, b.late) == (False, 1, 2, True)
        r = services.round_lock(actor=w.office, dispatch_round=r)
        rounds.append(r)
        task_a = Task.objects.get(pk=w.task_a.pk)
        # applied through the ledger's services: task, history and measure agree with the line
        assert (task_a.progress, task_a.progress_text) == (20 * (month - 9), f"{month}月石河县进展")
        entry = TaskProgress.objects.filter(task=task_a).order_by("-pk").first()
        assert (entry.as_of, entry.progress, entry.text) == (r.as_of, task_a.progress, task_a.progress_text)
        w.measure.refresh_from_db()
        assert w.measure.progress_text == f"{month}月脱硫设施进展"
        assert Task.objects.get(pk=w.task_c.pk).progress_text == ""  # never submitted: untouched

    before = {r.pk: snapshot_rows(r) for r in rounds}
    for r in rounds:
        assert report_rows(w.inspection, r) == before[r.pk]
        assert before[r.pk][0][2:4] == (20 * (r.number), f"{r.as_of.month}月石河县进展")
    # a later edit of a task leaves every locked round as it was
    ledger.task_report_progress(
        actor=w.office,
        task=Task.objects.get(pk=w.task_a.pk),
        progress=95,
        progress_text="后来的进展",
        reported_on=date(2024, 2, 1),
    )
    ledger.task_update(actor=w.office, task=Task.objects.get(pk=w.task_a.pk), title="改过的名称")
    ledger.measure_update(actor=w.office, measure=w.measure, progress_text="后来的措施进展")
    for r in rounds:
        assert snapshot_rows(r) == before[r.pk]
        assert report_rows(w.inspection, r) == before[r.pk]
    assert [t.round.number for t in task_round_lines(w.task_a, w.office)] == [3, 2, 1]
    assert [t.snapshot.progress for t in task_round_lines(w.task_a, w.office)] == [60, 40, 20]


def test_a_snapshot_row_cannot_be_changed(world, dept_liaison):
    r = services.round_open(
        actor=world.office,
        inspection=world.inspection,
        period="2023年10月",
        as_of=date(2023, 10, 31),
        due_on=date(2099, 1, 1),
    )
    services.round_lock(actor=world.office, dispatch_round=r)
    snap = RoundTaskSnapshot.objects.filter(round=r).first()
    snap.progress = 99
    with pytest.raises(ValueError):
        snap.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        RoundTaskSnapshot.objects.filter(pk=snap.pk).update(progress=99)  # the trigger
    assert RoundTaskSnapshot.objects.get(pk=snap.pk).progress == 0
    assert DispatchRound.objects.get(pk=r.pk).state == "locked"
