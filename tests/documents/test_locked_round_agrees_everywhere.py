"""A locked round and the ledger "as of" the round's date say the same, whatever is reported afterwards
(review of issue 10, defect 1): the round's snapshot, the report from the round, the report and the
ledger page as of the date, the reading ledger export, the generated 整改台账 and the task page.

The October round (as of 31 October) waits for its lock; meanwhile task 1's unit reports 70 % on the
ledger page on 3 November. The round is then locked with task 1 accepted at 40 % and task 3 never
reported (0 %). In December task 3 is reported at 60 %."""

import io
from datetime import date

from openpyxl import load_workbook

from rectify.documents.generation import render
from rectify.documents.models import GeneratedDocument
from rectify.documents.report_data import report_snapshot
from rectify.ledger import services as ledger
from rectify.ledger.lifecycle import STATE_LABELS
from rectify.ledger.models import Task
from rectify.ledger.schedule import FLAG_LABELS
from rectify.rounds import services
from rectify.rounds.models import RoundTaskSnapshot, Submission

AS_OF = date(2023, 10, 31)


def _round_then_later_reports(w):
    r = services.round_open(
        actor=w.office, inspection=w.inspection, period="2023年10月", as_of=AS_OF, due_on=date(2099, 1, 1)
    )
    submission = Submission.objects.get(round=r, unit=w.county_a)
    lines = {
        line.task_id: {"progress_text": "10月石河县进展", "percent": 40} for line in submission.lines.all()
    }
    services.submission_save_draft(actor=w.liaison, submission=submission, lines=lines)
    services.submission_submit(actor=w.liaison, submission=submission)
    services.submission_accept(actor=w.office, submission=submission)
    ledger.task_report_progress(
        actor=w.liaison, task=Task.objects.get(pk=w.task_a.pk), progress=70,
        progress_text="11月3日页面报送的进展", reported_on=date(2023, 11, 3),
    )  # fmt: skip
    r = services.round_lock(actor=w.office, dispatch_round=r)
    ledger.task_report_progress(
        actor=w.office, task=Task.objects.get(pk=w.task_c.pk), progress=60,
        progress_text="12月报送的进展", reported_on=date(2023, 12, 5),
    )  # fmt: skip
    return r


def _sheet_rows(data: bytes) -> dict:
    sheet = load_workbook(io.BytesIO(data))["任务台账"]
    headers = [c.value for c in sheet[1]]
    rows = (dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True))
    return {row["序号"]: row for row in rows}


def test_the_ledger_as_of_a_locked_rounds_date_says_what_the_round_says_everywhere(world, client):
    w = world
    r = _round_then_later_reports(w)
    round_says = {
        s.task_id: (s.state, s.progress, s.progress_text, s.schedule_flag)
        for s in RoundTaskSnapshot.objects.filter(round=r)
    }
    assert round_says[w.task_a.pk][:3] == ("in_progress", 40, "10月石河县进展")
    assert round_says[w.task_c.pk][:3] == ("not_started", 0, "")

    for snap in (
        report_snapshot(w.inspection, date(2000, 1, 1), round=r),
        report_snapshot(w.inspection, AS_OF),
    ):
        assert snap.as_of == AS_OF
        assert {
            t.task.pk: (t.state, t.progress, t.progress_text, t.flag.value) for t in snap.tasks
        } == round_says

    client.force_login(w.office)
    page = client.get(f"/ledger/?as_of={AS_OF.isoformat()}")
    assert page.status_code == 200
    rows = {
        t.pk: (t.state_as_of, t.progress_as_of, t.progress_text_as_of, t.flag)
        for t in page.context["page"].object_list
    }
    assert rows == round_says
    assert page.context["counts"] == report_snapshot(w.inspection, date(2000, 1, 1), round=r).counts()

    export = client.get(f"/documents/ledger-view.xlsx?as_of={AS_OF.isoformat()}")
    assert export.status_code == 200
    generated, _ = render(GeneratedDocument.Kind.LEDGER, w.inspection, AS_OF, None, None)
    for data in (export.content, generated):
        cells = _sheet_rows(data)
        for task in (w.task_a, w.task_c):
            state, progress, text, flag = round_says[task.pk]
            row = cells[task.number]
            assert (row["状态"], row["完成进度（%）"], row["整改进展情况"] or "", row["序时进度"]) == (
                STATE_LABELS[state], progress, text, FLAG_LABELS[flag],
            )  # fmt: skip

    # the task page: where the task stands now, and where the round says it stood
    html = client.get(f"/ledger/tasks/{w.task_a.pk}/").content.decode()
    assert "截至2023-10-31：</b>推进中，完成进度40%" in html
    assert "11月3日页面报送的进展" in html
    html = client.get(f"/ledger/tasks/{w.task_c.pk}/").content.decode()
    assert "12月报送的进展" in html
