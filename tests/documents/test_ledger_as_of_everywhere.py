"""Every place that shows the ledger as of a past date says what stood on that date (issue 8, 1).

A task reported at 60 % in September and completed in November: as of 31 October it was in progress
at 60 % with its September text, behind schedule. The ledger page (headline, counts, rows, the flag
and state filters), its Excel export, the generated 整改台账 and the progress report all say so, and
say the same.
"""

import io
import re
from datetime import date

from openpyxl import load_workbook

from rectify.documents.generation import render
from rectify.documents.models import GeneratedDocument
from rectify.documents.report_data import report_headline, report_snapshot
from rectify.ledger import services
from rectify.ledger.headline import ledger_headline
from rectify.ledger.schedule import FLAG_LABELS, ScheduleFlag

AS_OF = date(2023, 10, 31)
SEPTEMBER = "九月：已完成3家焦化企业脱硫脱硝改造，其余2家正在施工。"
NOVEMBER = "十一月：5家焦化企业全部完成改造并稳定达标排放。"


def september_then_november(world):
    """Task 1 (2023年底前) at 60 % on 30 September, completed (自评) on 20 November."""
    for as_of, state, progress, text in (
        (date(2023, 9, 30), "in_progress", 60, SEPTEMBER),
        (date(2023, 11, 20), "self_reported", 100, NOVEMBER),
    ):
        services.task_record_report(
            actor=world.office,
            task=world.task_a,
            as_of=as_of,
            source="月报",
            state=state,
            progress=progress,
            progress_text=text,
        )
        world.task_a.refresh_from_db()


def ledger_page(client, **params):
    query = "&".join(f"{k}={v}" for k, v in {"as_of": AS_OF.isoformat(), **params}.items())
    response = client.get(f"/ledger/?{query}")
    assert response.status_code == 200
    return response


def sheet_row(data: bytes, number: int) -> dict:
    """The reading ledger's row of task `number`, by header."""
    sheet = load_workbook(io.BytesIO(data))["任务台账"]
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if row[0] == number:
            return dict(zip(headers, row, strict=True))
    raise AssertionError(f"任务{number}不在台账中")


def test_a_task_completed_in_november_stands_in_progress_on_31_october_everywhere(world, client):
    september_then_november(world)
    client.force_login(world.office)
    task = world.task_a
    assert task.state == "self_reported" and task.progress == 100  # where it stands now

    # the report (the rule's first reader)
    snapshot = report_snapshot(world.inspection, AS_OF)
    then = next(t for t in snapshot.tasks if t.task.pk == task.pk)
    assert (then.state, then.progress, then.progress_text) == ("in_progress", 60, SEPTEMBER)
    assert then.flag == ScheduleFlag.BEHIND
    report_counts = snapshot.counts()
    assert report_counts["completed"] == report_counts["completed_ongoing"] == 0
    assert "已完成0项" in report_headline(report_counts, "柳原州")

    # the ledger page: counts and headline equal to the report's, the row as it stood
    page = ledger_page(client)
    assert page.context["counts"] == report_counts
    html = page.content.decode()
    headline = re.search(r'data-testid="headline">([^<]*)<', html).group(1)
    assert headline == f"截至2023年10月31日，{ledger_headline(report_counts)}"
    assert "共3项整改任务，已完成0项" in headline
    row = next(t for t in page.context["page"].object_list if t.pk == task.pk)
    assert (row.flag, row.state_as_of, row.progress_as_of, row.progress_text_as_of) == (
        "behind",
        "in_progress",
        60,
        SEPTEMBER,
    )
    row_html = html[html.index(task.title) :]
    row_html = row_html[: row_html.index("</tr>")]
    assert "推进中" in row_html and "60%" in row_html and "100%" not in row_html
    assert "未达到序时进度" in row_html

    # the filters agree with the counts: by the flag then and the state then
    def listed(**params):
        return [t.pk for t in ledger_page(client, **params).context["page"].object_list]

    assert task.pk in listed(flag="behind")
    assert task.pk not in listed(flag="completed")
    assert task.pk in listed(state="in_progress")
    assert task.pk not in listed(state="self_reported")
    for flag in ScheduleFlag:
        assert len(listed(flag=flag.value)) == report_counts[flag.value]

    # the reading ledger export of the page, and the generated 整改台账: the same row
    export = client.get(f"/documents/ledger-view.xlsx?as_of={AS_OF.isoformat()}")
    assert export.status_code == 200
    generated, _ = render(GeneratedDocument.Kind.LEDGER, world.inspection, AS_OF, None, None)
    for data in (export.content, generated):
        cells = sheet_row(data, task.number)
        assert cells["状态"] == "推进中"
        assert cells["完成进度（%）"] == 60
        assert cells["整改进展情况"] == SEPTEMBER
        assert cells["序时进度"] == FLAG_LABELS[ScheduleFlag.BEHIND]
        overdue = load_workbook(io.BytesIO(data))["逾期清单"]
        summary = [r for r in load_workbook(io.BytesIO(data))["分单位汇总"].iter_rows(values_only=True)]
        assert overdue.max_row - 1 == report_counts["overdue"]
        assert sum(r[2] for r in summary[1:] if isinstance(r[2], int)) == 0  # 已完成: none on 31 October


def test_today_the_ledger_shows_the_task_as_it_stands(world, client):
    """The same task today: completed, 100 %, as the stored flag says (the as-of path is for other dates)."""
    september_then_november(world)
    client.force_login(world.office)
    page = client.get("/ledger/")
    row = next(t for t in page.context["page"].object_list if t.pk == world.task_a.pk)
    assert (row.flag, row.state_as_of, row.progress_as_of) == ("completed", "self_reported", 100)
    assert "已完成1项" in page.content.decode()
