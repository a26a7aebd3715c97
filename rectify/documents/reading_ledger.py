"""Excel ledgers for reading (台账): the tasks as filtered on screen, the overdue list, a per-unit summary.

Unlike the round-trip workbook (`ledger_workbook`), these are for people: flags and states in words,
owners by name, one row per task, and the user's scope and filters as on the ledger page.
"""

from collections import defaultdict
from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from rectify.documents.excel_text import text_cell, xlsx_title
from rectify.ledger.schedule import FLAG_LABELS, ON_TRACK_FLAGS, ScheduleFlag

TASK_HEADERS = [
    ("序号", 6),
    ("督察", 24),
    ("对应问题", 12),
    ("整改任务", 40),
    ("牵头单位", 16),
    ("配合单位", 24),
    ("责任领导", 12),
    ("责任人", 10),
    ("联系电话", 14),
    ("整改时限", 20),
    ("完成时限", 12),
    ("状态", 12),
    ("序时进度", 14),
    ("完成进度（%）", 10),
    ("整改进展情况", 40),
]
SUMMARY_HEADERS = [
    ("牵头单位", 20),
    ("任务总数", 10),
    ("已完成", 10),
    ("达到序时进度", 12),
    ("未达到序时进度", 14),
    ("逾期", 8),
    ("完成率", 10),
]
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
DATE_FORMAT = "yyyy-mm-dd"


def _sheet(workbook, title, headers, first=False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    sheet.append([h for h, _ in headers])
    for index, (_, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _task_row(task):
    return [
        task.number,
        task.inspection.name,
        "、".join(f"问题{f.label or f.number}" for f in task.findings.all()),
        task.title,
        str(task.lead_unit),
        "、".join(str(u) for u in task.cooperating_units.all()),
        task.lead_leader.full_name if task.lead_leader else "",
        task.responsible_person,
        task.responsible_phone,
        task.deadline_raw,
        task.due_on,
        task.state_as_of_label,
        FLAG_LABELS[ScheduleFlag(task.flag)],
        task.progress_as_of,
        task.progress_text_as_of,
    ]


def _cells(sheet, row: list) -> list:
    """Text as text (never a formula, control characters escaped); numbers and dates as they are."""
    return [text_cell(sheet, value) if isinstance(value, str) else value for value in row]


def write_reading_ledger(tasks, *, as_of: date, title: str) -> bytes:
    """The workbook for `tasks` (a queryset annotated with `flag`, already scoped and filtered; as of a
    past date also with the state, percent and text then: `ledger.selectors.with_flag`)."""
    tasks = list(
        tasks.select_related("inspection", "lead_unit", "lead_leader")
        .prefetch_related("findings", "cooperating_units")
        .order_by("inspection_id", "number")
    )
    workbook = Workbook()
    workbook.properties.title = xlsx_title(title)
    sheets = {
        "all": _sheet(workbook, "任务台账", TASK_HEADERS, first=True),
        "overdue": _sheet(workbook, "逾期清单", TASK_HEADERS),
    }
    per_unit = defaultdict(lambda: defaultdict(int))
    for task in tasks:
        row = _task_row(task)
        sheets["all"].append(_cells(sheets["all"], row))
        if task.flag == ScheduleFlag.OVERDUE:
            sheets["overdue"].append(_cells(sheets["overdue"], row))
        counts = per_unit[str(task.lead_unit)]
        counts["total"] += 1
        counts[task.flag] += 1
    for sheet in sheets.values():
        for (cell,) in sheet.iter_rows(min_row=2, min_col=11, max_col=11):
            cell.number_format = DATE_FORMAT
    summary = _sheet(workbook, "分单位汇总", SUMMARY_HEADERS)
    for unit, c in sorted(per_unit.items(), key=lambda item: -item[1]["total"]):
        done = c[ScheduleFlag.COMPLETED] + c[ScheduleFlag.COMPLETED_ONGOING]
        on_track = sum(c[f] for f in ON_TRACK_FLAGS)
        summary.append(
            [
                text_cell(summary, unit),
                c["total"],
                done,
                on_track,
                c[ScheduleFlag.BEHIND],
                c[ScheduleFlag.OVERDUE],
                done / c["total"],
            ]
        )
        summary.cell(row=summary.max_row, column=7).number_format = "0.0%"
    summary.append([])
    summary.append([f"数据截至{as_of:%Y年%-m月%-d日}，共{len(tasks)}项整改任务"])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
