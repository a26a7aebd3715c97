"""The ledger as an Excel workbook (整改台账.xlsx), and the blank template to fill in.

    write_ledger_workbook(user=..., inspection=..., tasks=None) -> bytes
    blank_template() -> bytes
    ledger_filename(inspection, today) -> "柳原州-第二轮中央生态环境保护督察-整改台账-2026-11-29.xlsx"

The layout (sheets, headers, widths, kinds) is `rectify.ingest.workbook_columns`, the one the reader
reads, so an exported workbook imports back as it is. Only what `user` may see is written: the
visible tasks of the inspection with their measures, and the findings the user may see (the office:
every finding, with or without tasks). Rows are in number order.

Written with openpyxl in write-only mode (rows streamed, constant memory): header row bold, frozen
and filtered, widths set, dates as Excel dates shown yyyy-mm-dd, numbers as numbers, text as text
(never a formula, even when it starts with "="), drop-down lists on 状态 and 类别.
"""

import io
import re
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from rectify.documents.excel_text import text_cell, xlsx_title
from rectify.ingest.workbook_columns import (
    DATE_FORMAT,
    LABEL_BY_CATEGORY,
    LABEL_BY_STATE,
    LIST_SEPARATOR,
    SHEETS,
    Sheet,
)
from rectify.ledger import selectors
from rectify.ledger.models import Finding, Inspection, Measure, Task
from rectify.orgunits.models import OrgUnit, Role

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_FILENAME = "整改台账模板.xlsx"

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
_FILENAME_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def ledger_filename(inspection: Inspection, today: date) -> str:
    """The download's name: 柳原州-第二轮中央生态环境保护督察-整改台账-2026-11-29.xlsx."""
    parts = [str(inspection.unit), inspection.name, "整改台账", today.isoformat()]
    return "-".join(_FILENAME_UNSAFE.sub("_", p).strip("_") for p in parts) + ".xlsx"


# -- the rows ------------------------------------------------------------------------------------


class _Names:
    """The name to write for each unit and leader: the one the importer resolves back to the same row.

    The importer (ingest.plan) knows the units of the ledger's subtree by name, then short name, first
    come first served, and leaders by full name or user name; a full name shared by two leaders (or a
    unit name shadowed by another unit's) is written in the form that is unambiguous.
    """

    def __init__(self, root: OrgUnit):
        self.by_name: dict[str, int] = {}
        self.unit_names: dict[int, str] = {}
        units = list(OrgUnit.objects.filter(path__startswith=root.path).only("id", "name", "short_name"))
        for u in units:
            self.by_name.setdefault(u.name, u.pk)
            if u.short_name:
                self.by_name.setdefault(u.short_name, u.pk)
        for u in units:
            self.unit_names[u.pk] = self._unit_name(u)
        self.leader_counts: dict[str, int] = {}
        leaders = (
            get_user_model()
            .objects.filter(
                role_assignments__role=Role.LEADER, role_assignments__unit__path__startswith=root.path
            )
            .distinct()
            .values_list("full_name", "username")
        )
        for full_name, username in leaders:
            for name in {full_name, username} - {""}:
                self.leader_counts[name] = self.leader_counts.get(name, 0) + 1
        self.leader_names: dict[int, str] = {}

    def _unit_name(self, unit: OrgUnit) -> str:
        for name in (unit.name, unit.short_name):
            if name and self.by_name.get(name) == unit.pk:
                return name
        return unit.name

    def unit(self, pk: int | None) -> str | None:
        if pk is None:
            return None
        if pk not in self.unit_names:  # a unit outside the ledger's subtree: written as it is named
            self.unit_names[pk] = OrgUnit.objects.values_list("name", flat=True).get(pk=pk)
        return self.unit_names[pk]

    def leader(self, pk: int | None) -> str | None:
        if pk is None:
            return None
        if pk not in self.leader_names:
            full_name, username = get_user_model().objects.values_list("full_name", "username").get(pk=pk)
            unique = full_name and self.leader_counts.get(full_name, 0) <= 1
            self.leader_names[pk] = full_name if unique else username
        return self.leader_names[pk]


def ledger_rows(*, user, inspection: Inspection, tasks: QuerySet[Task] | None = None):
    """(findings, tasks, measures): the rows to write, each a dict keyed by the columns' keys.

    `tasks` narrows the export (e.g. to a filtered ledger page); it is always cut down to what `user`
    sees, and then only the findings those tasks cover are written.
    """
    visible = Task.objects.visible_to(user).filter(inspection=inspection)
    if tasks is not None:
        visible = visible.filter(
            pk__in=tasks.values("pk") if isinstance(tasks, QuerySet) else [t.pk for t in tasks]
        )
        findings = Finding.objects.filter(inspection=inspection, tasks__in=visible).distinct()
    else:
        findings = selectors.findings_visible(user).filter(inspection=inspection)
    names = _Names(inspection.unit)

    finding_rows = [
        {
            "number": number,
            "label": label,
            "provincial_seq": provincial_seq,
            "city_seq": city_seq,
            "category": LABEL_BY_CATEGORY.get(category, category),
            "text": text,
        }
        for number, label, provincial_seq, city_seq, category, text in findings.order_by(
            "number"
        ).values_list("number", "label", "provincial_seq", "city_seq", "category", "text")
    ]

    finding_numbers: dict[int, list[int]] = {}
    links = Task.findings.through.objects.filter(task__in=visible).order_by("finding__number")
    for task_id, number in links.values_list("task_id", "finding__number"):
        finding_numbers.setdefault(task_id, []).append(number)
    cooperating: dict[int, list[str]] = {}
    for task_id, unit_id in (
        Task.cooperating_units.through.objects.filter(task__in=visible)
        .order_by("id")  # as they were listed (an import keeps the workbook's order)
        .values_list("task_id", "orgunit_id")
    ):
        cooperating.setdefault(task_id, []).append(names.unit(unit_id))

    task_rows = []
    columns = (
        "id",
        "number",
        "title",
        "target",
        "deadline_raw",
        "start_on",
        "due_on",
        "lead_leader_id",
        "lead_unit_id",
        "cooperating",
        "acceptance_unit_id",
        "responsible_person",
        "responsible_phone",
        "state",
        "progress",
        "progress_text",
        "progress_detail",
    )
    fields = [c for c in columns if c != "cooperating"]
    for values in visible.order_by("number").values_list(*fields):
        t = dict(zip(fields, values, strict=True))
        task_rows.append(
            {
                "number": t["number"],
                "finding_numbers": LIST_SEPARATOR.join(str(n) for n in finding_numbers.get(t["id"], [])),
                "title": t["title"],
                "target": t["target"],
                "deadline_raw": t["deadline_raw"],
                "start_on": t["start_on"],
                "due_on": t["due_on"],
                "leader": names.leader(t["lead_leader_id"]),
                "lead_unit": names.unit(t["lead_unit_id"]),
                "cooperating_units": LIST_SEPARATOR.join(cooperating.get(t["id"], [])),
                "acceptance_unit": names.unit(t["acceptance_unit_id"]),
                "responsible_person": t["responsible_person"],
                "responsible_phone": t["responsible_phone"],
                "state": LABEL_BY_STATE.get(t["state"], t["state"]),
                "progress": t["progress"],
                "progress_text": t["progress_text"],
                "progress_detail": t["progress_detail"],
            }
        )

    measure_rows = [
        {
            "task_number": task_number,
            "number": number,
            "text": text,
            "unit": names.unit(unit_id),
            "progress_text": progress_text,
            "progress_on": progress_on,
        }
        for task_number, number, text, unit_id, progress_text, progress_on in Measure.objects.filter(
            task__in=visible
        )
        .order_by("task__number", "number")
        .values_list("task__number", "number", "text", "responsible_unit_id", "progress_text", "progress_on")
    ]
    return finding_rows, task_rows, measure_rows


# -- the workbook --------------------------------------------------------------------------------


def _date_cell(ws, value: date):
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def _add_sheet(book: Workbook, spec: Sheet, rows: list[dict], data_rows_hint: int):
    ws = book.create_sheet(spec.title)
    for index, column in enumerate(spec.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    last = get_column_letter(len(spec.columns))
    ws.auto_filter.ref = f"A1:{last}{max(1, data_rows_hint + 1)}"
    lists = {"state": list(LABEL_BY_STATE.values()), "category": list(LABEL_BY_CATEGORY.values())}
    for index, column in enumerate(spec.columns, start=1):
        if column.kind in lists:
            validation = DataValidation(
                type="list",
                formula1=f'"{",".join(lists[column.kind])}"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="无效的值",
                error=f"请从列表中选择{column.header}",
            )
            letter = get_column_letter(index)
            validation.add(f"{letter}2:{letter}1048576")
            ws.data_validations.append(validation)

    header = []
    for column in spec.columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGNMENT
        header.append(cell)
    ws.append(header)

    writers = []
    for column in spec.columns:
        if column.kind == "date":
            writers.append((column.key, lambda v: None if v is None else _date_cell(ws, v)))
        elif column.kind in ("int", "percent"):
            writers.append((column.key, lambda v: v))
        else:
            writers.append((column.key, lambda v: None if v is None else text_cell(ws, str(v))))
    for row in rows:
        ws.append([write(row[key]) for key, write in writers])


def write_workbook_rows(
    findings: list[dict], tasks: list[dict], measures: list[dict], *, title: str
) -> bytes:
    """A ledger workbook of rows given as dicts keyed by the columns' keys (what `ledger_rows` returns)."""
    book = Workbook(write_only=True)
    book.properties.title = xlsx_title(title)
    book.properties.subject = "整改台账"
    book.properties.creator = "Rectify 督察整改管理平台"
    for spec, sheet_rows in zip(SHEETS, (findings, tasks, measures), strict=True):
        _add_sheet(book, spec, sheet_rows, len(sheet_rows))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_ledger_workbook(*, user, inspection: Inspection, tasks: QuerySet[Task] | None = None) -> bytes:
    """The ledger of `inspection` as `user` sees it, as .xlsx bytes (see the module docstring)."""
    rows = ledger_rows(user=user, inspection=inspection, tasks=tasks)
    return write_workbook_rows(*rows, title=f"{inspection.unit}·{inspection.name} 整改台账")


def blank_template() -> bytes:
    """The three sheets with their headers and drop-down lists, and no rows: a ledger to fill in."""
    return write_workbook_rows([], [], [], title="整改台账（模板）")
