"""A ledger draft: what a document or a workbook says the ledger should hold, before it touches the database.

Pure data. Readers (the report parser, the workbook reader) produce drafts; `ingest.plan` compares a
draft with the ledger; `ingest.services.ledger_import_apply` writes it in one transaction.

`None` in a draft field means "the source does not say": the ledger keeps what it has (or a default
for a new row). A report only ever *adds* knowledge about state and progress; a workbook is the
whole ledger and sets every column it has.
"""

from dataclasses import dataclass, field
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
