"""Tables flattened into lines of ` | `-separated cells (as `readers.py` writes .docx tables, and as
web pages copied as text often look) turned back into the labelled lines the parser reads.

Three shapes are understood:

1. A header row naming columns (序号 | 问题 | 整改时限 | 整改进展情况 | 整改措施 …), then one row per
   finding: each row becomes a heading line (`十、问题…` or `序号3：问题…`) and one labelled line
   per other cell (`整改时限：2023年底前`, `责任单位：…`).
2. Two-cell label rows: `整改时限 | 2023年底前` becomes `整改时限：2023年底前`.
3. Anything else: each cell becomes a line of its own.

The header row itself is consumed (it is the table's structure, not content).
"""

from __future__ import annotations

import re

from .fields import DEADLINE, MEASURES, PROBLEM, STATUS, column_role
from .numbers import CN_DIGITS, match_numbering

Line = tuple[int, str]  # (line number in the input, text)

_SEPARATOR = re.compile(r"\s*[|｜]\s*")
_PREFIX = {DEADLINE: "整改时限", STATUS: "整改进展情况", MEASURES: "整改措施", PROBLEM: "问题"}


def _cells(text: str) -> list[str] | None:
    """The cells of a flattened table row, or None when the line is not one."""
    if "|" not in text and "｜" not in text:
        return None
    stripped = text.strip()
    if stripped[:1] in "|｜":  # | a | b |  (markdown style)
        stripped = stripped[1:]
    if stripped[-1:] in "|｜":
        stripped = stripped[:-1]
    cells = [cell.strip() for cell in _SEPARATOR.split(stripped)]
    if len(cells) < 2 or not any(cells):
        return None
    return cells


def _header(cells: list[str]) -> list[tuple[str, str]] | None:
    """The columns' (role, label) when `cells` is a header row, else None."""
    roles = [column_role(cell) if len(cell) <= 12 else None for cell in cells]
    known = [role for role in roles if role is not None]
    if len(known) < 2 or not any(role[0] in (DEADLINE, STATUS, PROBLEM, MEASURES) for role in known):
        return None
    return [role if role is not None else ("other", cell) for role, cell in zip(roles, cells, strict=True)]


def _heading(number_cell: str, number_label: str, problem: str) -> str:
    """The heading line of a table row: keep a problem text's own label, else build one."""
    if problem and match_numbering(problem) is not None:
        return problem
    number = number_cell.strip().rstrip("、.．")
    if not number:
        return problem
    if number_label in ("省序号", "市序号"):
        return f"{number_label}{number}：{problem}"
    if all(char in CN_DIGITS for char in number):
        return f"{number}、{problem}"
    return f"序号{number}：{problem}"


def _row_lines(columns: list[tuple[str, str]], cells: list[str]) -> list[str]:
    """The labelled lines one data row stands for."""
    number_cell, number_label, problem = "", "", ""
    rest: list[str] = []
    for (role, label), cell in zip(columns, cells, strict=False):
        if not cell:
            continue
        if role == "number" and not number_cell:
            number_cell, number_label = cell, label
        elif role == PROBLEM and not problem:
            problem = cell
        elif role in _PREFIX:
            rest.append(f"{_PREFIX[role]}：{cell}")
        else:
            rest.append(f"{label}：{cell}")
    heading = _heading(number_cell, number_label, problem)
    return ([heading] if heading else []) + rest


def unflatten(lines: list[Line]) -> list[Line]:
    """Replace flattened table rows by the lines they stand for; other lines pass through."""
    result: list[Line] = []
    columns: list[tuple[str, str]] | None = None
    for number, text in lines:
        cells = _cells(text)
        if cells is None:
            columns = None
            result.append((number, text))
            continue
        header = _header(cells)
        if header is not None:
            columns = header
            continue
        if columns is not None and 2 <= len(cells) <= len(columns):
            result.extend((number, line) for line in _row_lines(columns, cells))
            continue
        columns = None
        first = column_role(cells[0]) if len(cells[0]) <= 12 else None
        if first is not None and first[0] != "number" and len(cells) == 2:
            result.append((number, f"{cells[0].rstrip('：:')}：{cells[1]}"))
            continue
        result.extend((number, cell) for cell in cells if cell)
    return result
