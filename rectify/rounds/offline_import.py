"""Read offline forms (离线报送表) uploaded back by the office into a plan: what each submission would change.

    offline_plan(dispatch_round, [(path, file name), …]) -> OfflinePlan     raises WorkbookError
    read_offline_book(path, source=…) -> JSON data      (the pages run it in a child, under limits)
    offline_plan_of_books(dispatch_round, [(file name, data), …]) -> OfflinePlan

Each file is checked against the hostile-file limits (`ingest.file_limits.check_file`) before calamine
opens it, then read as `ingest.workbook` reads a ledger: every unreadable cell is an error naming its
file, sheet, Excel row and column (「石河县.xlsx」报送表 第5行 “完成进度（%）”：“一百”不是0到100之间的整数);
all of them are collected and WorkbookError lists them: nothing is applied. A workbook of another
round, or one exported before its submission last changed (the version in its hidden sheet), is refused.
Rows map back by the hidden id column; the plan holds only the cells that differ from the submission
now, so an untouched workbook plans nothing. `services.round_offline_import` applies a plan.
"""

import math
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from python_calamine import CalamineError

from rectify.core.ids import id_from_text
from rectify.core.storable import storable
from rectify.ingest.file_limits import LIMITS, LimitExceeded, ReadLimits, check_file
from rectify.ingest.workbook import (
    CellInvalid,
    WorkbookError,
    open_workbook,
    read_int,
    read_percent,
    read_text,
)
from rectify.ingest.workbook_columns import normalize_header
from rectify.rounds.lifecycle import STATE_LABELS, WRITABLE_STATES
from rectify.rounds.models import DispatchRound, MeasureLine, RoundState, Submission
from rectify.rounds.offline_columns import FORMAT, HEADER_ROW, LINES, MEASURES, META, META_KEYS, Sheet
from rectify.rounds.selectors import reported_measures

MAX_FILES = 200
MAX_QUANTITY = Decimal("1e12")


@dataclass
class Change:
    """One cell the import would change (for the preview)."""

    task_number: int
    what: str  # the column's header, or 措施N
    before: str
    after: str


@dataclass
class SubmissionPlan:
    submission_id: int
    version: int
    unit: str
    source: str  # the file's name
    writable: bool
    lines: dict[int, dict] = field(default_factory=dict)  # task id -> {field: new value}
    measures: dict[int, str] = field(default_factory=dict)  # measure id -> new progress text
    changes: list[Change] = field(default_factory=list)


@dataclass
class OfflinePlan:
    round_id: int
    submissions: list[SubmissionPlan]

    @property
    def change_count(self) -> int:
        return sum(len(s.changes) for s in self.submissions)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "OfflinePlan":
        return cls(
            round_id=data["round_id"],
            submissions=[
                SubmissionPlan(
                    **{
                        **s,
                        "lines": {int(k): v for k, v in s["lines"].items()},
                        "measures": {int(k): v for k, v in s["measures"].items()},
                        "changes": [Change(**c) for c in s["changes"]],
                    }
                )
                for s in data["submissions"]
            ],
        )


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def _text(value: str) -> str:
    """A stored text as the reader would read it back (the comparison ignores only this)."""
    return read_text(value or "")


def read_quantity(value) -> Decimal:
    try:
        text = unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else repr(value)
        quantity = Decimal(text)
    except (InvalidOperation, TypeError, ValueError):
        raise CellInvalid(f"“{read_text(value)}”不是数字") from None
    if isinstance(value, bool) or not quantity.is_finite() or not 0 <= quantity < MAX_QUANTITY:
        raise CellInvalid(f"“{read_text(value)}”不是不小于0的数字")
    return quantity.quantize(Decimal("0.01"))


def _read(kind: str, value):
    """A cell's value by the column's kind; empty text reads "", an empty number None."""
    empty = value is None or (isinstance(value, str) and not value.strip())
    if kind == "text":
        return "" if empty else read_text(value)
    if empty:
        return None
    return {"int": read_int, "percent": read_percent, "quantity": read_quantity}[kind](value)


class _Grid:
    """One sheet of one file: its header row mapped onto the spec, then its data rows."""

    def __init__(self, source: str, spec: Sheet, grid: list[list], errors: list[str]):
        self.source, self.spec, self.grid, self.errors = source, spec, grid, errors
        self.columns: dict[str, int] = {}
        header = grid[HEADER_ROW - 1] if len(grid) >= HEADER_ROW else []
        wanted = {normalize_header(c.header): c for c in spec.columns}
        for position, cell in enumerate(header):
            column = wanted.get(normalize_header(cell)) if isinstance(cell, str) else None
            if column is not None and column.key not in self.columns:
                self.columns[column.key] = position
        for column in spec.columns:
            if column.key not in self.columns and (column.editable or column.key == "id"):
                self.errors.append(
                    f"{self.where(HEADER_ROW, column)}：缺少此列（请使用下载的离线报送表，不要改动表头）"
                )

    def where(self, row: int, column=None) -> str:
        at = f"「{self.source}」{self.spec.title} 第{row}行"
        return f"{at} “{column.header}”" if column is not None else at

    def rows(self):
        """(Excel row number, {key: value}) of each non-blank data row; a bad cell is an error."""
        if "id" not in self.columns:
            return
        for index in range(HEADER_ROW, len(self.grid)):
            row = self.grid[index]
            cells = {key: (row[i] if i < len(row) else "") for key, i in self.columns.items()}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells.values()):
                continue
            values, bad = {}, False
            for column in self.spec.columns:
                if column.key not in cells:
                    continue
                try:
                    values[column.key] = _read(column.kind, cells[column.key])
                except CellInvalid as problem:
                    self.errors.append(f"{self.where(index + 1, column)}：{problem}")
                    bad = True
            if values.get("id") is None and not bad:
                self.errors.append(f"{self.where(index + 1, self.spec.column('id'))}：缺少编号（请勿增加行）")
                continue
            yield index + 1, values, bad


def _json_cell(value):
    """A cell as JSON data both databases store: dates and times as the text the reader would read them
    as, NaN and infinities as text (no JSON column holds them), text without NUL (`core.storable`)."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, datetime | date):
        return read_text(value)
    if isinstance(value, time | timedelta) or (isinstance(value, float) and not math.isfinite(value)):
        return str(value)
    return value


def read_offline_book(path: Path, *, source: str, limits: ReadLimits = LIMITS) -> dict:
    """{"grids": {sheet title: rows}} of an offline workbook, or {"errors": [why it cannot be read]}:
    JSON data, so that `ingest.read_child` can run this in a child process under limits."""
    try:
        check_file(path, name=source, limits=limits)
    except LimitExceeded as error:
        return {"errors": [str(error)]}
    try:
        book = open_workbook(path, source)
    except WorkbookError as error:
        return {"errors": list(error.errors)}
    try:
        names = {normalize_header(n): n for n in book.sheet_names}
        grids = {}
        for spec_title in (LINES.title, MEASURES.title, META):
            name = names.get(normalize_header(spec_title))
            if name is not None:
                rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                grids[spec_title] = [[_json_cell(v) for v in row] for row in rows]
    except CalamineError as error:
        return {"errors": [f"无法读取工作簿「{source}」：文件已损坏（{error}）"]}
    finally:
        book.close()
    if META not in grids or LINES.title not in grids:
        return {
            "errors": [
                f"「{source}」不是本系统导出的离线报送表（缺少工作表“{META if META not in grids else LINES.title}”），"
                "请使用“下载离线报送表”得到的文件"
            ]
        }
    return {"grids": grids}


def _meta(grid: list[list]) -> dict[str, str]:
    by_label = {label: key for key, label in META_KEYS.items()}
    return {by_label[row[0]]: read_text(row[1]) for row in grid if len(row) > 1 and row[0] in by_label}


def _submission(dispatch_round: DispatchRound, meta: dict, source: str, errors: list[str]):
    """The submission the workbook was exported for, if it is this round's and not stale."""
    if meta.get("format") != FORMAT:
        errors.append(f"「{source}」不是本系统导出的离线报送表（格式标记不符）")
        return None
    numbers = [id_from_text(meta.get(k, "")) for k in ("round", "submission", "version")]
    if None in numbers:  # missing, "1e400", "NaN", "-1", "１": not what the export wrote
        errors.append(f"「{source}」工作表“{META}”已损坏，请重新下载离线报送表")
        return None
    round_id, submission_id, version = numbers
    if round_id != dispatch_round.pk:
        other = DispatchRound.objects.filter(pk=round_id).first()
        errors.append(
            f"「{source}」是{other or '另一轮调度'}的报送表，不是本轮（{dispatch_round}）的，不能导入"
        )
        return None
    submission = (
        Submission.objects.filter(pk=submission_id, round=dispatch_round).select_related("unit").first()
    )
    if submission is None:
        errors.append(f"「{source}」中的报送不属于本轮调度，不能导入")
        return None
    if submission.version != version:
        errors.append(
            f"「{source}」已过期：导出后{submission.unit}的报送又有改动（表中为第{version}版，现为第"
            f"{submission.version}版），请重新下载后再填写"
        )
        return None
    return submission


def _plan_lines(grid: _Grid, submission: Submission, plan: SubmissionPlan) -> None:
    lines = {line.pk: line for line in submission.lines.select_related("task")}
    seen: dict[int, int] = {}
    editable = [c for c in LINES.columns if c.editable and c.key in grid.columns]
    for row, values, bad in grid.rows():
        line = lines.get(values.get("id"))
        if line is None:
            if values.get("id") is not None:
                grid.errors.append(
                    f"{grid.where(row, LINES.column('id'))}：编号{values['id']}不是{submission.unit}本轮报送中的任务"
                    "（请勿改动锁定的列）"
                )
            continue
        if line.pk in seen:
            grid.errors.append(f"{grid.where(row, LINES.column('id'))}：与第{seen[line.pk]}行是同一任务")
            continue
        seen[line.pk] = row
        if "number" in values and values["number"] != line.task.number:
            grid.errors.append(
                f"{grid.where(row, LINES.column('number'))}：任务序号{_shown(values['number'])}与编号对应的"
                f"任务{line.task.number}不符（请勿改动锁定的列）"
            )
            continue
        if bad:
            continue
        unit_text = values.get("quantity_unit")
        if unit_text is not None and len(unit_text) > 20:
            grid.errors.append(f"{grid.where(row, LINES.column('quantity_unit'))}：计量单位不能超过20个字")
            continue
        for column in editable:
            new, old = values.get(column.key), getattr(line, column.key)
            same = _text(old) == new if column.kind == "text" else old == new
            if same:
                continue
            plan.lines.setdefault(line.task_id, {})[column.key] = _shown(new) if new is not None else None
            plan.changes.append(Change(line.task.number, column.header, _shown(old), _shown(new)))


def _plan_measures(grid: _Grid, submission: Submission, plan: SubmissionPlan) -> None:
    lines = list(submission.lines.select_related("task").prefetch_related("task__measures"))
    reported = reported_measures(submission, lines)  # the lead tasks' and the unit's own measures
    measures = {m.pk: (line.task, m) for line in lines for m in reported[line.task_id]}
    current = dict(
        MeasureLine.objects.filter(line__submission=submission).values_list("measure_id", "progress_text")
    )
    seen: dict[int, int] = {}
    for row, values, bad in grid.rows():
        found = measures.get(values.get("id"))
        if found is None:
            if values.get("id") is not None:
                grid.errors.append(
                    f"{grid.where(row, MEASURES.column('id'))}：编号{values['id']}不是{submission.unit}报送的措施"
                    "（请勿改动锁定的列）"
                )
            continue
        task, measure = found
        if measure.pk in seen:
            grid.errors.append(
                f"{grid.where(row, MEASURES.column('id'))}：与第{seen[measure.pk]}行是同一措施"
            )
            continue
        seen[measure.pk] = row
        if bad or "progress_text" not in values:
            continue
        old = current.get(measure.pk, "")
        if _text(old) != values["progress_text"]:
            plan.measures[measure.pk] = values["progress_text"]
            plan.changes.append(Change(task.number, f"措施{measure.number}", old, values["progress_text"]))


def offline_plan(dispatch_round: DispatchRound, files: list[tuple[Path, str]]) -> OfflinePlan:
    """What importing `files` (path, name as uploaded) into `dispatch_round` would change, reading them
    here (the web pages read them in a child process: `rounds.offline_jobs`); raises WorkbookError
    listing every problem (nothing is changed here in any case)."""
    check_upload(dispatch_round, len(files))
    return offline_plan_of_books(
        dispatch_round, [(source, read_offline_book(path, source=source)) for path, source in files]
    )


def check_upload(dispatch_round: DispatchRound, count: int) -> None:
    """Refuse, before anything is read, an upload into a locked round, of no file or too many."""
    if dispatch_round.state == RoundState.LOCKED:
        raise WorkbookError([f"{dispatch_round}已锁定，不能再导入离线报送表"])
    if not count:
        raise WorkbookError(["请选择要导入的离线报送表（.xlsx）"])
    if count > MAX_FILES:
        raise WorkbookError([f"一次最多导入{MAX_FILES}个文件"])


def offline_plan_of_books(dispatch_round: DispatchRound, books: list[tuple[str, dict]]) -> OfflinePlan:
    """The plan of workbooks already read (`read_offline_book`'s data, with each file's name)."""
    check_upload(dispatch_round, len(books))
    errors: list[str] = []
    plans: list[SubmissionPlan] = []
    by_submission: dict[int, str] = {}
    for source, book in books:
        errors.extend(book.get("errors", ()))
        grids = book.get("grids")
        if grids is None:
            continue
        submission = _submission(dispatch_round, _meta(grids[META]), source, errors)
        if submission is None:
            continue
        if submission.pk in by_submission:
            errors.append(
                f"「{source}」与「{by_submission[submission.pk]}」是{submission.unit}的同一份报送表"
            )
            continue
        by_submission[submission.pk] = source
        plan = SubmissionPlan(
            submission_id=submission.pk,
            version=submission.version,
            unit=str(submission.unit),
            source=source,
            writable=submission.state in WRITABLE_STATES,
        )
        _plan_lines(_Grid(source, LINES, grids[LINES.title], errors), submission, plan)
        if MEASURES.title in grids:
            _plan_measures(_Grid(source, MEASURES, grids[MEASURES.title], errors), submission, plan)
        if plan.changes and not plan.writable:
            errors.append(
                f"「{source}」：{submission.unit}的报送{STATE_LABELS[submission.state]}，不能再导入改动"
                "（如需修改，请先退回该报送）"
            )
        plans.append(plan)
    if errors:
        raise WorkbookError(errors)
    return OfflinePlan(round_id=dispatch_round.pk, submissions=plans)
