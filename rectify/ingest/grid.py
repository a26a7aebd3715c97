"""Read one sheet of a workbook (.xlsx .xlsm .xls .ods) as a grid of plain values, for lists that are not
ledgers (the people list, 人员名单).

    read_grid(path, source="人员名单.xlsx", sheet="人员") -> {"sheet": name, "rows": [[cell, …], …]}

The file is checked against the read limits (`ingest.file_limits`) before calamine opens it, and is meant
to be read in a child process (`read_in_child(..., reader="rectify.ingest.grid.read_grid")`). Cells come back as JSON values: text,
whole numbers as ints (a phone number typed as a number reads 13900000000, not 13900000000.0), other
numbers as floats, dates as ISO text, empty cells as "". The sheet named `sheet` is read if there is one,
else the first sheet. Merged cells give their value to the first cell only, as calamine reads them.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from rectify.ingest.file_limits import LIMITS, ReadLimits, check_file
from rectify.ingest.readers import UnreadableDocument

GRID_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}


def _plain(value):
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time.min else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if value is None:
        return ""
    return value if isinstance(value, int | str) else str(value)


def read_grid(path: Path, *, source: str, sheet: str = "", limits: ReadLimits = LIMITS) -> dict:
    """The cells of one sheet (see the module docstring); UnreadableDocument names the file if it cannot be read."""
    if Path(source).suffix.lower() not in GRID_SUFFIXES and Path(path).suffix.lower() not in GRID_SUFFIXES:
        raise UnreadableDocument(
            f"无法读取文件「{source}」：不是Excel或WPS表格文件（支持 .xlsx、.xls、.ods）"
        )
    check_file(path, name=source, limits=limits)
    try:
        book = CalamineWorkbook.from_path(os.fspath(path))
    except PasswordError:
        raise UnreadableDocument(f"无法读取文件「{source}」：文件已加密，请先取消密码") from None
    except (CalamineError, OSError) as error:
        problem = "不是Excel或WPS表格文件" if "detect file format" in str(error) else f"文件已损坏（{error}）"
        raise UnreadableDocument(f"无法读取文件「{source}」：{problem}") from None
    try:
        if not book.sheet_names:
            raise UnreadableDocument(f"无法读取文件「{source}」：没有工作表")
        name = sheet if sheet in book.sheet_names else book.sheet_names[0]
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except CalamineError as error:
        raise UnreadableDocument(f"无法读取文件「{source}」：文件已损坏（{error}）") from None
    finally:
        book.close()
    return {"sheet": name, "rows": [[_plain(cell) for cell in row] for row in rows]}
