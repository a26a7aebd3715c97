"""Write a round's offline forms (离线报送表): one .xlsx per unit, pre-filled from its submission, the task
columns locked (sheet protection) and the unit's columns unlocked; several units as one .zip.

    submission_workbook(submission) -> bytes (.xlsx)
    round_workbooks_zip(dispatch_round, submissions) -> bytes (.zip of .xlsx)

Why one workbook per unit and not one sheet per unit: the office sends each unit its own form, and a
unit may see only its own tasks and reports; each workbook carries its own submission's version, so a
stale form is refused alone; and units send their files back one by one, on their own time.

Text a user typed (and task titles) goes through `core.excel_text.text_cell`: a formula-like text
stays text, control characters are escaped, so the import reads back exactly what was exported.
"""

import io
import re
import zipfile

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from rectify.core.excel_text import text_cell, xlsx_title
from rectify.rounds.lifecycle import STATE_LABELS
from rectify.rounds.models import DispatchRound, LineRole, MeasureLine, Submission, SubmissionLine
from rectify.rounds.offline_columns import (
    COOPERATING,
    COOPERATING_NOTE,
    FORMAT,
    HEADER_ROW,
    LINES,
    MEASURES,
    META,
    META_KEYS,
    NOTE,
    Sheet,
)
from rectify.rounds.selectors import reported_measures

LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
UNLOCKED = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")
ROLE_LABELS = dict(LineRole.choices)


def _value(ws, value):
    """A cell value: text through text_cell, numbers as they are."""
    if isinstance(value, str):
        return text_cell(ws, value)
    return value


def _sheet(ws, spec: Sheet, title: str, rows: list[list], note: str = NOTE) -> None:
    ws.title = spec.title
    ws.append([text_cell(ws, title)])
    ws.append([note])
    ws["A1"].font = Font(bold=True, size=12)
    ws["A2"].font = Font(color="C00000")
    ws.append([c.header for c in spec.columns])
    for cell in ws[HEADER_ROW]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for row in rows:
        ws.append([_value(ws, v) for v in row])
    last = HEADER_ROW + len(rows)
    for index, column in enumerate(spec.columns, start=1):
        letter = ws.cell(HEADER_ROW, index).column_letter
        ws.column_dimensions[letter].width = column.width
        ws.column_dimensions[letter].hidden = column.hidden
        for r in range(HEADER_ROW + 1, last + 1):
            cell = ws.cell(r, index)
            cell.alignment = WRAP
            if column.editable:
                cell.protection = UNLOCKED
            else:
                cell.fill = LOCKED_FILL
        if column.kind in ("percent", "quantity") and column.editable and rows:
            rule = (
                DataValidation(type="whole", operator="between", formula1="0", formula2="100")
                if column.kind == "percent"
                else DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
            )
            rule.allow_blank = True
            rule.error = (
                "完成进度须为0到100之间的整数" if column.kind == "percent" else "完成工程量须为不小于0的数字"
            )
            rule.errorTitle = "填写有误"
            ws.add_data_validation(rule)
            rule.add(f"{letter}{HEADER_ROW + 1}:{letter}{last}")
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 4)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widening a column stays allowed
    ws.protection.formatRows = False


def submission_workbook(submission: Submission) -> bytes:
    """The unit's offline form for `submission`, pre-filled with what it holds now."""
    dispatch_round = submission.round
    lines = list(
        submission.lines.select_related("task").prefetch_related("task__measures").order_by("task__number")
    )
    measure_texts = dict(
        MeasureLine.objects.filter(line__submission=submission).values_list("measure_id", "progress_text")
    )
    reported = reported_measures(submission, lines)  # the lead tasks' and the unit's own measures
    line_rows, measure_rows = [], []
    for line in lines:
        task = line.task
        line_rows.append(
            [
                line.pk,
                task.number,
                task.title,
                task.deadline_raw,
                ROLE_LABELS[line.role],
                line.progress_text,
                line.percent,
                line.quantity_done,
                line.quantity_unit,
                line.problems,
                line.next_plan,
            ]
        )
        for measure in reported[line.task_id]:
            measure_rows.append(
                [measure.pk, task.number, measure.number, measure.text, measure_texts.get(measure.pk, "")]
            )
    title = (
        f"{submission.unit} {dispatch_round.period}调度报送表（第{dispatch_round.number}轮）"
        f"  进展截至{dispatch_round.as_of:%Y年%-m月%-d日}  报送截止{dispatch_round.due_on:%Y年%-m月%-d日}"
    )
    book = Workbook()
    _sheet(book.active, LINES, title, line_rows)
    _sheet(
        book.create_sheet(),
        MEASURES,
        f"{submission.unit} 报送的措施进展（牵头任务的措施，配合任务中本单位负责的措施）",
        measure_rows,
    )
    cooperating_rows = _cooperating_rows(
        submission, [line.task_id for line in lines if line.role == LineRole.LEAD]
    )
    if cooperating_rows:
        _sheet(
            book.create_sheet(),
            COOPERATING,
            f"{submission.unit} 牵头任务的配合单位报送",
            cooperating_rows,
            note=COOPERATING_NOTE,
        )
    meta = book.create_sheet(META)
    for key, value in (
        ("format", FORMAT),
        ("round", dispatch_round.pk),
        ("period", dispatch_round.period),
        ("submission", submission.pk),
        ("unit", str(submission.unit)),
        ("version", submission.version),
        ("exported_at", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    ):
        meta.append([META_KEYS[key], _value(meta, value)])
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    book.security = WorkbookProtection(lockStructure=True)  # no unhiding or renaming sheets
    book.properties.title = xlsx_title(title)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cooperating_rows(submission: Submission, lead_tasks: list[int]) -> list[list]:
    """The cooperating units' lines on the tasks `submission`'s unit leads, in this round (read-only)."""
    others = (
        SubmissionLine.objects.filter(
            submission__round_id=submission.round_id, task_id__in=lead_tasks, role=LineRole.COOPERATING
        )
        .select_related("task", "submission__unit")
        .order_by("task__number", "submission__unit__path")
    )
    return [
        [
            line.task.number,
            line.task.title,
            str(line.submission.unit),
            STATE_LABELS[line.submission.state],
            line.progress_text,
            line.percent,
            line.problems,
            line.next_plan,
        ]
        for line in others
    ]


def file_name(submission: Submission) -> str:
    """The workbook's file name: period and unit, without characters file systems refuse."""
    name = f"{submission.round.period}调度报送表-{submission.unit}"
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name)[:120] + ".xlsx"


def round_workbooks_zip(dispatch_round: DispatchRound, submissions) -> bytes:
    """One workbook per submission, in a .zip named by unit."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for submission in submissions:
            submission.round = dispatch_round
            archive.writestr(file_name(submission), submission_workbook(submission))
    return out.getvalue()
