"""Read a ledger workbook (整改台账 .xlsx / .xls / .ods) into a LedgerDraft of kind WORKBOOK.

    read_ledger_workbook(path_or_bytes, source="台账.xlsx") -> LedgerDraft

The layout is `ingest.workbook_columns`. The reader is forgiving about form and strict about content:

- headers are matched by their text, in any order, ignoring spaces and full-/half-width differences
  (完成进度(%) = 完成进度（%）); a title row or two above the header row is skipped; unknown columns
  and sheets are ignored with a warning; blank rows are skipped; merged cells are filled with their value;
- numbers may be numbers or text (2.0 → 2), dates may be Excel dates, date-times or text
  (2024-06-30, 2024/6/30, 2024年6月30日);
- every cell that cannot be read is an error naming its sheet, its Excel row (1-based, the header
  counting) and its column, e.g. `整改任务 第5行 “完成进度（%）”：“一百”不是0到100之间的整数`. All of
  them are collected, then `WorkbookError` is raised with the list: nothing reaches the ledger.

Each draft row carries `line` = "整改任务 第5行", so the import plan's own errors (a unit or leader the
ledger does not know) name the row too.

The workbook is the whole ledger: an empty cell means "empty", not "not stated". 配合单位 empty → no
cooperating units, 验收单位 or 责任领导 empty → none, 整改目标 empty → no target, 类别 empty → 其他.
Two cells have no "empty" value and read as "not stated" (None) when blank: 状态 and 完成进度（%）.
Every column but 完成时限 (written for the reader, derived from 整改时限) must be present.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from rectify.core.storable import storable
from rectify.ingest.draft import DraftFinding, DraftKind, DraftMeasure, DraftTask, LedgerDraft
from rectify.ingest.workbook_columns import (
    CATEGORY_BY_LABEL,
    FINDINGS,
    LABEL_BY_CATEGORY,
    LABEL_BY_STATE,
    LIST_SEPARATOR,
    MEASURES,
    SHEETS,
    STATE_BY_LABEL,
    TASKS,
    Column,
    Sheet,
    normalize_header,
)

HEADER_SEARCH_ROWS = 10  # the header row may sit below a title row or two
MAX_NUMBER = 2_147_483_647  # the database's integer columns
_EXCEL_EPOCH = date(1899, 12, 30)
_SERIAL_RANGE = (20_000, 80_000)  # an Excel date serial that lost its format: 1954 … 2119
_DATE_TEXT = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_WHOLE = re.compile(r"[+]?(\d+)(?:\.0*)?")
# The writer joins with LIST_SEPARATOR; people also type commas, semicolons or line breaks.
_NUMBER_LIST_SPLIT = re.compile(rf"[{LIST_SEPARATOR},，;；/\s]+")
_NAME_LIST_SPLIT = re.compile(rf"[{LIST_SEPARATOR},，;；\n]+")

_STATES = {unicodedata.normalize("NFKC", k).replace(" ", ""): v for k, v in STATE_BY_LABEL.items()} | {
    v: v for v in LABEL_BY_STATE
}
_CATEGORIES = {unicodedata.normalize("NFKC", k).replace(" ", ""): v for k, v in CATEGORY_BY_LABEL.items()} | {
    v: v for v in LABEL_BY_CATEGORY
}


class WorkbookError(ValidationError):
    """The workbook cannot be imported; `errors` lists every problem (Chinese), each naming its cell."""

    def __init__(self, errors: list[str]):
        super().__init__(list(errors))
        self.errors = list(errors)


class _Invalid(Exception):
    """A cell's value cannot be read; the message is the problem, without the cell's address."""


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(value) -> str:
    """A cell's value as an error message quotes it."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


# -- cell readers: value (never empty) → Python value, or _Invalid ------------------------------


def _whole(value) -> int | None:
    """The whole number in `value`, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        match = _WHOLE.fullmatch(unicodedata.normalize("NFKC", value).strip())
        return int(match.group(1)) if match else None
    return None


def read_int(value) -> int:
    number = _whole(value)
    if number is None or not 1 <= number <= MAX_NUMBER:
        raise _Invalid(f"“{_shown(value)}”不是正整数")
    return number


def read_percent(value) -> int:
    text = unicodedata.normalize("NFKC", value).strip().removesuffix("%") if isinstance(value, str) else value
    number = _whole(text)
    if number is None or not 0 <= number <= 100:
        raise _Invalid(f"“{_shown(value)}”不是0到100之间的整数")
    return number


def read_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            if value == int(value) and _COMPACT_DATE.fullmatch(str(int(value))):
                year, month, day = _COMPACT_DATE.fullmatch(str(int(value))).groups()
                return date(int(year), int(month), int(day))
            if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
                return _EXCEL_EPOCH + timedelta(days=int(value))
        elif isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).strip()
            match = _DATE_TEXT.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
            if match:
                year, month, day = match.groups()
                return date(int(year), int(month), int(day))
    except ValueError:
        pass  # 2024-02-30 and the like
    raise _Invalid(f"“{_shown(value)}”不是日期（应如2024-06-30）")


def read_text(value) -> str:
    if type(value) is str:
        value = storable(value)  # a NUL typed into a cell: PostgreSQL cannot store it
        return (value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value).strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_ints(value) -> tuple[int, ...]:
    if not isinstance(value, str):
        return (read_int(value),)
    numbers: list[int] = []
    for part in _NUMBER_LIST_SPLIT.split(unicodedata.normalize("NFKC", value).strip()):
        if not part:
            continue
        number = _whole(part)
        if number is None or not 1 <= number <= MAX_NUMBER:
            raise _Invalid(f"“{_shown(value)}”中的“{part}”不是正整数")
        if number not in numbers:
            numbers.append(number)
    if not numbers:
        raise _Invalid(_MISSING["ints"])
    return tuple(numbers)


def read_names(value) -> tuple[str, ...]:
    names: list[str] = []
    for part in _NAME_LIST_SPLIT.split(read_text(value)):
        name = part.strip()
        if name and name not in names:
            names.append(name)
    return tuple(names)


def read_state(value) -> str:
    key = unicodedata.normalize("NFKC", read_text(value)).replace(" ", "")
    if key in _STATES:
        return _STATES[key]
    raise _Invalid(f"“{_shown(value)}”不是可识别的状态（可填：{'、'.join(STATE_BY_LABEL)}）")


def read_category(value) -> str:
    key = unicodedata.normalize("NFKC", read_text(value)).replace(" ", "")
    if key in _CATEGORIES:
        return _CATEGORIES[key]
    raise _Invalid(f"“{_shown(value)}”不是可识别的类别（可填：{'、'.join(CATEGORY_BY_LABEL)}）")


_READERS = {
    "int": read_int,
    "percent": read_percent,
    "date": read_date,
    "text": read_text,
    "ints": read_ints,
    "names": read_names,
    "state": read_state,
    "category": read_category,
}
# What an empty cell reads as, by kind (see the module docstring): "empty", except where no such value exists.
_EMPTY = {
    "int": None,
    "percent": None,
    "date": None,
    "text": "",
    "ints": (),
    "names": (),
    "state": None,
    "category": "other",
}
_MISSING = {"ints": "没有填写对应的问题序号"}


# -- sheets -------------------------------------------------------------------------------------


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _SheetReader:
    """One sheet: its header row found and mapped onto the spec, then its rows read cell by cell."""

    def __init__(self, spec: Sheet, grid: list[list], merged, errors: list[str], warnings: list):
        self.spec, self.grid, self.errors, self.warnings = spec, grid, errors, warnings
        self.columns: dict[str, int] = {}  # column key → index in the row
        self.spec_keys = [c.key for c in spec.columns]
        self.header_row = self._find_header()
        if self.header_row is not None:
            self._fill_merged(merged or [])

    def where(self, row_number: int, column: Column | None = None) -> str:
        at = f"{self.spec.title} 第{row_number}行"
        return f"{at} “{column.header}”" if column is not None else at

    def _find_header(self) -> int | None:
        wanted = {normalize_header(c.header): c for c in self.spec.columns}
        index = next(
            (
                i
                for i, row in enumerate(self.grid[:HEADER_SEARCH_ROWS])
                if sum(1 for cell in row if isinstance(cell, str) and normalize_header(cell) in wanted) >= 2
            ),
            None,
        )
        if index is None:
            self.errors.append(
                f"{self.spec.title}：找不到表头行（前{HEADER_SEARCH_ROWS}行中没有“"
                f"{'”“'.join(c.header for c in self.spec.columns if c.required)}”等列名）"
            )
            return None
        row_number = index + 1
        seen: dict[str, int] = {}
        for position, cell in enumerate(self.grid[index]):
            if _is_empty(cell):
                continue
            column = wanted.get(normalize_header(read_text(cell)))
            if column is None:
                self.warnings.append(
                    (
                        self.where(row_number),
                        f"“{read_text(cell)}”（{_column_letter(position)}列）不是台账的列，已忽略",
                    )
                )
            elif column.key in seen:
                self.errors.append(
                    f"{self.where(row_number, column)}：列重复（{_column_letter(seen[column.key])}列和"
                    f"{_column_letter(position)}列）"
                )
            else:
                seen[column.key] = position
        for column in self.spec.columns:
            if column.key not in seen and not column.export_only and not column.optional:
                self.errors.append(f"{self.where(row_number, column)}：缺少此列")
        self.columns = {k: i for k, i in seen.items() if not self.spec.column(k).export_only}
        return index

    def _fill_merged(self, merged) -> None:
        """A merged block of data cells reads as its value in every cell (calamine gives it to the first)."""
        for (top, left), (bottom, right) in merged:
            if bottom <= self.header_row or top >= len(self.grid):
                continue
            value = self.grid[top][left] if left < len(self.grid[top]) else ""
            for r in range(max(top, self.header_row + 1), min(bottom, len(self.grid) - 1) + 1):
                row = self.grid[r]
                for c in range(left, min(right, len(row) - 1) + 1):
                    row[c] = value

    def rows(self):
        """(Excel row number, {key: value}) for every non-blank data row; a bad cell is an error and reads None."""
        if self.header_row is None:
            return
        # (column, its index in the row, its reader, what an empty cell reads as)
        mapped = [
            (column, self.columns[column.key], _READERS[column.kind], _EMPTY[column.kind])
            for column in self.spec.columns
            if column.key in self.columns
        ]
        width = 1 + max((i for _, i, _, _ in mapped), default=-1)
        blank = dict.fromkeys(self.spec_keys)  # a missing column (already an error) reads None
        for index in range(self.header_row + 1, len(self.grid)):
            row = self.grid[index]
            if len(row) < width:  # calamine's rows have the sheet's width; this is only a safeguard
                row = [*row, *[""] * (width - len(row))]
            if all(row[i] == "" or _is_empty(row[i]) for _, i, _, _ in mapped):
                continue
            values = blank.copy()
            for column, i, read, empty in mapped:
                value = row[i]
                try:
                    if value == "" or value is None or (type(value) is str and value.isspace()):
                        if column.required:
                            raise _Invalid(_MISSING.get(column.kind, "不能为空"))
                        values[column.key] = empty
                    else:
                        values[column.key] = read(value)
                except _Invalid as problem:
                    self.errors.append(f"{self.where(index + 1, column)}：{problem}")
                    values[column.key] = None
            yield index + 1, values


def _open(path_or_bytes, source: str) -> CalamineWorkbook:
    try:
        if isinstance(path_or_bytes, bytes | bytearray | memoryview):
            return CalamineWorkbook.from_filelike(io.BytesIO(bytes(path_or_bytes)))
        if hasattr(path_or_bytes, "read"):
            return CalamineWorkbook.from_filelike(path_or_bytes)
        return CalamineWorkbook.from_path(os.fspath(path_or_bytes))
    except PasswordError:
        problem = "文件已加密，请先在Excel中取消密码后再导入"
    except CalamineError as error:
        problem = (
            "不是Excel或WPS表格文件（支持 .xlsx、.xls、.ods）"
            if "detect file format" in str(error)
            else f"文件已损坏（{error}）"
        )
    except OSError as error:
        problem = f"无法打开（{error.strerror or error}）"
    raise WorkbookError([f"无法读取工作簿「{source}」：{problem}"])


def _grids(book: CalamineWorkbook, errors: list[str], warnings: list) -> dict[str, tuple[list, list]]:
    """{spec title: (cells as a grid from A1, merged ranges)} of the sheets found."""
    by_name = {normalize_header(name): name for name in book.sheet_names}
    wanted = {normalize_header(spec.title) for spec in SHEETS}
    found = {}
    for spec in SHEETS:
        name = by_name.get(normalize_header(spec.title))
        if name is None:
            errors.append(f"缺少工作表“{spec.title}”")
            continue
        sheet = book.get_sheet_by_name(name)
        try:
            merged = sheet.merged_cell_ranges
        except CalamineError:
            merged = None
        found[spec.title] = (sheet.to_python(skip_empty_area=False), merged)
    for name in book.sheet_names:
        if normalize_header(name) not in wanted:
            warnings.append((None, f"工作表“{name}”不是台账的工作表，已忽略"))
    return found


def read_ledger_workbook(path_or_bytes, *, source: str) -> LedgerDraft:
    """The ledger a workbook holds, as a draft; raises WorkbookError listing every unreadable cell."""
    book = _open(path_or_bytes, source)
    errors: list[str] = []
    warnings: list = []
    try:
        grids = _grids(book, errors, warnings)
    except CalamineError as error:
        raise WorkbookError([f"无法读取工作簿「{source}」：文件已损坏（{error}）"]) from None
    finally:
        book.close()
    readers = {
        spec.title: _SheetReader(spec, *grids[spec.title], errors, warnings)
        for spec in SHEETS
        if spec.title in grids
    }
    findings = _findings(readers.get(FINDINGS.title), errors)
    tasks = _tasks(readers.get(TASKS.title), readers.get(MEASURES.title), errors)
    if errors:
        raise WorkbookError(errors)
    return LedgerDraft(
        kind=DraftKind.WORKBOOK,
        source=source,
        findings=tuple(findings),
        tasks=tuple(tasks),
        warnings=tuple(warnings),
    )


def _findings(reader: _SheetReader | None, errors: list[str]) -> list[DraftFinding]:
    if reader is None:
        return []
    findings, rows_by_number = [], {}
    for row_number, v in reader.rows():
        number = v["number"]
        if number is None:
            continue
        if number in rows_by_number:
            errors.append(
                f"{reader.where(row_number, FINDINGS.column('number'))}：序号{number}与第{rows_by_number[number]}行重复"
            )
            continue
        rows_by_number[number] = row_number
        findings.append(
            DraftFinding(
                number=number,
                label=v["label"],
                text=v["text"],
                category=v["category"],
                provincial_seq=v["provincial_seq"],
                city_seq=v["city_seq"],
                line=reader.where(row_number),
            )
        )
    return findings


def _measures(
    reader: _SheetReader | None, task_rows: dict[int, int], errors: list[str], unsure: bool
) -> dict:
    """{task number: [DraftMeasure]} of the measures sheet, checked against the task numbers.

    `unsure`: a task row's number was unreadable (already an error), so a measure of an unknown task
    may well be one of its measures and is not reported a second time.
    """
    by_task: dict[int, list[DraftMeasure]] = {}
    if reader is None:
        return by_task
    seen: dict[tuple[int, int], int] = {}
    for row_number, v in reader.rows():
        task_number, number = v["task_number"], v["number"]
        if task_number is None or number is None:
            continue
        if task_number not in task_rows:
            if unsure:
                continue
            errors.append(
                f"{reader.where(row_number, MEASURES.column('task_number'))}："
                f"任务序号{task_number}在“{TASKS.title}”表中不存在"
            )
            continue
        if (task_number, number) in seen:
            errors.append(
                f"{reader.where(row_number, MEASURES.column('number'))}：任务{task_number}的措施序号{number}"
                f"与第{seen[task_number, number]}行重复"
            )
            continue
        seen[task_number, number] = row_number
        by_task.setdefault(task_number, []).append(
            DraftMeasure(
                number=number,
                text=v["text"],
                unit=v["unit"] or None,
                progress_text=v["progress_text"],
                progress_on=v["progress_on"],
                line=reader.where(row_number),
            )
        )
    return by_task


def _tasks(reader: _SheetReader | None, measures_reader: _SheetReader | None, errors: list[str]) -> list:
    rows = []
    task_rows: dict[int, int] = {}
    unnumbered = (
        False  # a task row's number unreadable or repeated: measures of unknown tasks are not reported
    )
    if reader is not None:
        for row_number, v in reader.rows():
            number = v["number"]
            if number is None:
                unnumbered = True
                continue
            if number in task_rows:
                unnumbered = True
                errors.append(
                    f"{reader.where(row_number, TASKS.column('number'))}：任务序号{number}与第{task_rows[number]}行重复"
                )
                continue
            task_rows[number] = row_number
            rows.append((row_number, v))
    measures = _measures(measures_reader, task_rows, errors, unnumbered) if reader is not None else {}
    return [
        DraftTask(
            number=v["number"],
            finding_numbers=v["finding_numbers"],
            title=v["title"],
            target=v["target"],
            deadline_raw=v["deadline_raw"],
            start_on=v["start_on"],
            leader=v["leader"] or None,
            lead_unit=v["lead_unit"] or None,
            cooperating_units=v["cooperating_units"],
            acceptance_unit=v["acceptance_unit"] or None,
            responsible_person=v["responsible_person"],
            responsible_phone=v["responsible_phone"],
            state=v["state"],
            progress=v["progress"],
            progress_text=v["progress_text"],
            progress_detail=v["progress_detail"],
            measures=tuple(measures.get(v["number"], ())),
            line=reader.where(row_number),
        )
        for row_number, v in rows
    ]


# For other readers of uploaded workbooks (rounds.offline_import): the same opening, cell readers and
# error shape.
open_workbook = _open
CellInvalid = _Invalid
