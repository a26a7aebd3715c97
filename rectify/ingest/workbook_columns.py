"""The ledger workbook's layout (整改台账 Excel): its sheets and columns, shared by the writer and the reader.

Three sheets, in this order, each with its Chinese headers in row 1 and data from row 2:

    反馈问题  one row per finding
    整改任务  one row per task; 对应问题序号 and 配合单位 list several values joined by "、"
    整改措施  one row per measure, tied to its task by 任务序号

`rectify.documents.ledger_workbook` writes this layout and `rectify.ingest.workbook` reads it; both
take every header, order, type and width from here, so they cannot drift apart.

A column's `kind` says how its cells are written and read:

    int       a whole number (written as a number; read from a number or digits in text)
    text      text (a number typed into a text column reads back as its digits: 2.0 → "2")
    date      a date (written as an Excel date shown yyyy-mm-dd; read from a date, or text such as
              2024-06-30, 2024/6/30 or 2024年6月30日)
    ints      several whole numbers joined by "、" (对应问题序号)
    names     several names joined by "、" (配合单位)
    state     a task state, by its Chinese label (STATE_LABELS)
    category  a finding category, by its Chinese label (FindingCategory)
    percent   a whole number from 0 to 100
"""

import unicodedata
from dataclasses import dataclass

from rectify.ledger.lifecycle import STATE_LABELS
from rectify.ledger.models import FindingCategory

LIST_SEPARATOR = "、"
DATE_FORMAT = "yyyy-mm-dd"

STATE_BY_LABEL: dict[str, str] = {label: state.value for state, label in STATE_LABELS.items()}
LABEL_BY_STATE: dict[str, str] = {state.value: label for state, label in STATE_LABELS.items()}
CATEGORY_BY_LABEL: dict[str, str] = {label: value for value, label in FindingCategory.choices}
LABEL_BY_CATEGORY: dict[str, str] = dict(FindingCategory.choices)


@dataclass(frozen=True)
class Column:
    header: str  # as written in row 1
    key: str  # the name the writer and reader use for the value
    kind: str  # see the module docstring
    width: float  # column width in Excel's character units
    required: bool = False  # the sheet must have this column, and the cell must not be empty
    export_only: bool = False  # written for the reader of the file, ignored on import (derived data)
    optional: bool = (
        False  # may be absent (workbooks made before it existed): then the ledger keeps its value
    )


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


FINDINGS = Sheet(
    "反馈问题",
    (
        Column("序号", "number", "int", 7, required=True),
        Column("原序号", "label", "text", 8),
        Column("省序号", "provincial_seq", "int", 8),
        Column("市序号", "city_seq", "int", 8),
        Column("类别", "category", "category", 18),
        Column("问题内容", "text", "text", 80, required=True),
    ),
)

TASKS = Sheet(
    "整改任务",
    (
        Column("任务序号", "number", "int", 9, required=True),
        Column("对应问题序号", "finding_numbers", "ints", 13, required=True),
        Column("任务名称", "title", "text", 30, required=True),
        Column("整改目标", "target", "text", 40),
        Column("整改时限", "deadline_raw", "text", 24),
        Column("起算日期", "start_on", "date", 12),
        Column("完成时限", "due_on", "date", 12, export_only=True),
        Column("责任领导", "leader", "text", 10),
        Column("牵头单位", "lead_unit", "text", 22, required=True),
        Column("配合单位", "cooperating_units", "names", 30),
        Column("验收单位", "acceptance_unit", "text", 22),
        Column("责任人", "responsible_person", "text", 10),
        Column("联系电话", "responsible_phone", "text", 15),
        Column("状态", "state", "state", 14),
        Column("完成进度（%）", "progress", "percent", 12),
        Column("整改进展情况", "progress_text", "text", 50),
        Column("进展说明", "progress_detail", "text", 50, optional=True),
    ),
)

MEASURES = Sheet(
    "整改措施",
    (
        Column("任务序号", "task_number", "int", 9, required=True),
        Column("措施序号", "number", "int", 9, required=True),
        Column("措施内容", "text", "text", 60, required=True),
        Column("责任单位", "unit", "text", 22),
        Column("最新进展", "progress_text", "text", 50),
        Column("进展日期", "progress_on", "date", 12),
    ),
)

SHEETS: tuple[Sheet, ...] = (FINDINGS, TASKS, MEASURES)


def normalize_header(text: str) -> str:
    """A header or sheet title as it is matched: NFKC (full-width → half-width), no spaces, no leading "*".

    完成进度（%）, 完成进度(%), "完成进度\\n（ % ）" and ＊完成进度(％) all normalise to 完成进度(%).
    """
    text = unicodedata.normalize("NFKC", str(text))
    return "".join(text.split()).lstrip("*")
