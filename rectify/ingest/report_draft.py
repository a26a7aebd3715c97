"""From a parsed progress report to a ledger draft: one task per finding, its measures, its state."""

from rectify.ingest.draft import DraftFinding, DraftKind, DraftMeasure, DraftTask, LedgerDraft
from rectify.ingest.report import ParsedReport
from rectify.ledger.lifecycle import TaskState

# What a report's 整改进展情况 says about the task's lifecycle. Codes not listed say nothing.
STATE_FOR_STATUS = {
    "not_started": TaskState.NOT_STARTED,
    "in_progress": TaskState.IN_PROGRESS,
    "on_schedule": TaskState.IN_PROGRESS,
    "ahead_of_schedule": TaskState.IN_PROGRESS,
    "behind_schedule": TaskState.IN_PROGRESS,
    "overdue": TaskState.IN_PROGRESS,
    "basically_completed": TaskState.IN_PROGRESS,
    "completed": TaskState.SELF_REPORTED,
    "completed_ongoing": TaskState.SELF_REPORTED,
    "signed_off": TaskState.SIGNED_OFF,
}
TITLE_LENGTH = 60


def task_title(finding_text: str) -> str:
    """A task's name for a finding that has none: its first clause, shortened."""
    text = finding_text.strip()
    for stop in ("。", "；", "，"):
        head = text.split(stop, 1)[0]
        if 4 <= len(head) <= TITLE_LENGTH:
            return head
    return text[: TITLE_LENGTH - 1] + "…" if len(text) > TITLE_LENGTH else text


def draft_from_report(report: ParsedReport, *, source: str) -> LedgerDraft:
    """The draft of a report: its findings, and for each one task carrying deadline, state and measures."""
    findings, tasks = [], []
    for f in report.findings:
        findings.append(
            DraftFinding(
                number=f.number,
                label=f.label,
                text=f.text,
                provincial_seq=f.provincial_seq,
                city_seq=f.city_seq,
                line=f.line,
            )
        )
        state = STATE_FOR_STATUS.get(f.status_code)
        tasks.append(
            DraftTask(
                number=None,
                finding_numbers=(f.number,),
                title=task_title(f.text),
                deadline_raw=f.deadline.raw.strip() or None,
                state=state.value if state else None,
                progress=100 if state == TaskState.SELF_REPORTED or state == TaskState.SIGNED_OFF else None,
                progress_text=f.status_raw or None,
                progress_detail=f.progress or None,
                measures=tuple(
                    DraftMeasure(number=m.number, text=m.text, progress_text=m.text, line=m.line)
                    for m in f.measures
                ),
                line=f.line,
            )
        )
    return LedgerDraft(
        kind=DraftKind.REPORT,
        source=source,
        findings=tuple(findings),
        tasks=tuple(tasks),
        as_of=report.as_of,
        document_date=report.date,
        issuers=tuple(report.issuers),
        warnings=tuple((w.line, w.message) for w in report.warnings),
    )
