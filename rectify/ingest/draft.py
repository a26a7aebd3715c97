"""A ledger draft: what a document or a workbook says the ledger should hold, before it touches the database.

Pure data. Readers (the report parser, the workbook reader) produce drafts; `ingest.plan` compares a
draft with the ledger; `ingest.services.ledger_import_apply` writes it in one transaction.

`None` in a draft field means "the source does not say": the ledger keeps what it has (or a default
for a new row). A report only ever *adds* knowledge about state and progress; a workbook is the
whole ledger and sets every column it has.
"""

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from enum import StrEnum


class DraftKind(StrEnum):
    REPORT = "report"  # a progress report: findings, deadlines, statuses, measure progress
    WORKBOOK = "workbook"  # a ledger workbook: every column of findings, tasks and measures


@dataclass(frozen=True)
class DraftFinding:
    number: int
    label: str = ""
    text: str = ""
    category: str | None = None
    provincial_seq: int | None = None
    city_seq: int | None = None
    line: int | str | None = None  # where the source has it: a report's line number, or "整改任务 第5行"
    numbered: bool = True  # False: the source gives it no 序号 of its own (number is only a key)


@dataclass(frozen=True)
class DraftMeasure:
    number: int
    text: str
    unit: str | None = None
    progress_text: str | None = None
    progress_on: date | None = None
    line: int | str | None = None


@dataclass(frozen=True)
class DraftTask:
    number: int | None  # None: the source does not number tasks (a report); matched through its finding
    finding_numbers: tuple[int, ...]
    title: str | None = None
    target: str | None = None
    deadline_raw: str | None = None
    start_on: date | None = None
    leader: str | None = None
    lead_unit: str | None = None
    cooperating_units: tuple[str, ...] | None = None
    acceptance_unit: str | None = None
    responsible_person: str | None = None
    responsible_phone: str | None = None
    state: str | None = None  # a TaskState value
    progress: int | None = None
    progress_text: str | None = None  # 整改进展情况
    progress_detail: str | None = None  # a progress paragraph that belongs to no numbered measure
    measures: tuple[DraftMeasure, ...] = ()
    line: int | str | None = None


@dataclass(frozen=True)
class DraftInspection:
    """What the source states about the inspection itself (None: it does not say)."""

    team: str | None = None
    stay_start: date | None = None
    stay_end: date | None = None
    feedback_on: date | None = None
    round_number: int | None = None
    kind: str | None = None  # an InspectionKind value
    line: int | str | None = None  # where the source states it


@dataclass(frozen=True)
class Unplaced:
    """A part of the source that goes into no field of the ledger, shown in the preview as it is."""

    line: int | str | None
    text: str
    note: str = ""  # e.g. which facts were read from it, or which finding's field it is


@dataclass(frozen=True)
class LedgerDraft:
    kind: DraftKind
    source: str  # the file name, for the audit log and the progress history
    findings: tuple[DraftFinding, ...]
    tasks: tuple[DraftTask, ...]
    as_of: date | None = None
    document_date: date | None = None
    issuers: tuple[str, ...] = ()
    warnings: tuple[tuple[int, str], ...] = field(default=())  # (line, message) the reader could not place
    inspection: DraftInspection | None = None
    unplaced: tuple[Unplaced, ...] = ()  # what the source says that no field of the ledger holds
    genre: str = "progress_report"  # the document's genre (ingest.report.genres); workbooks keep the default


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def draft_to_json(draft: LedgerDraft) -> dict:
    """The draft as JSON-ready data (dates as ISO text), to keep a file's reading with its import job."""

    def plain(value):
        if isinstance(value, date):
            return value.isoformat()
        if is_dataclass(value):
            return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return value

    return plain(draft)  # not dataclasses.asdict: it deep-copies every value, seconds on a national ledger


def draft_from_json(data: dict) -> LedgerDraft:
    """The draft `draft_to_json` wrote."""

    def measure(m: dict) -> DraftMeasure:
        return DraftMeasure(**{**m, "progress_on": _day(m["progress_on"])})

    def task(t: dict) -> DraftTask:
        return DraftTask(
            **{
                **t,
                "finding_numbers": tuple(t["finding_numbers"]),
                "cooperating_units": None
                if t["cooperating_units"] is None
                else tuple(t["cooperating_units"]),
                "start_on": _day(t["start_on"]),
                "measures": tuple(measure(m) for m in t["measures"]),
            }
        )

    return LedgerDraft(
        kind=DraftKind(data["kind"]),
        source=data["source"],
        findings=tuple(DraftFinding(**f) for f in data["findings"]),
        tasks=tuple(task(t) for t in data["tasks"]),
        as_of=_day(data["as_of"]),
        document_date=_day(data["document_date"]),
        issuers=tuple(data["issuers"]),
        warnings=tuple(tuple(w) for w in data["warnings"]),
        inspection=_inspection(data.get("inspection")),
        unplaced=tuple(Unplaced(**u) for u in data.get("unplaced") or ()),
        genre=data.get("genre") or "progress_report",
    )


def _inspection(data: dict | None) -> DraftInspection | None:
    if data is None:
        return None
    dates = ("stay_start", "stay_end", "feedback_on")
    return DraftInspection(**{**data, **{name: _day(data[name]) for name in dates}})
