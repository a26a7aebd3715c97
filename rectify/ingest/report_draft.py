"""From a parsed progress report to a ledger draft: one task per finding, its measures, its state,
the inspection's facts, and the lines of the document that go into no field."""

from rectify.ingest.draft import (
    DraftFinding,
    DraftInspection,
    DraftKind,
    DraftMeasure,
    DraftTask,
    LedgerDraft,
    Unplaced,
)
from rectify.ingest.report import NoticeFacts, ParsedFinding, ParsedReport
from rectify.ingest.report.categories import finding_category
from rectify.ingest.report.titles import task_title
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
    "acceptance_requested": TaskState.ACCEPTANCE_REQUESTED,
    "accepted": TaskState.ACCEPTED,
    "public_notice": TaskState.PUBLIC_NOTICE,
}
DONE_PERCENT_STATES = {
    TaskState.SELF_REPORTED,
    TaskState.ACCEPTANCE_REQUESTED,
    TaskState.ACCEPTED,
    TaskState.PUBLIC_NOTICE,
    TaskState.SIGNED_OFF,
}
FACT_NAMES = {
    "team": "督察组",
    "stay_start": "进驻时间",
    "feedback_on": "反馈日期",
    "round_number": "轮次",
}

__all__ = ["STATE_FOR_STATUS", "draft_from_report", "task_title"]


def _inspection(report: ParsedReport) -> DraftInspection | None:
    facts = report.inspection
    if facts.is_empty():
        return None
    return DraftInspection(
        team=facts.team,
        stay_start=facts.stay_start,
        stay_end=facts.stay_end,
        feedback_on=facts.feedback_on,
        round_number=facts.round_number,
        kind=facts.kind,
        line=facts.lines[0] if facts.lines else None,
    )


def _unplaced(report: ParsedReport) -> tuple[Unplaced, ...]:
    """The narrative, attachment titles and findings' unmapped fields (责任单位：… and the like)."""
    read = [name for key, name in FACT_NAMES.items() if getattr(report.inspection, key) is not None]
    note = f"其中{'、'.join(read)}已读入督察信息" if read else ""
    rows = [
        Unplaced(line, text, note if line in report.inspection.lines else "")
        for line, text in report.unplaced_lines
    ]
    for f in report.findings:
        rows.extend(
            Unplaced(f.line, f"{label}：{value}", f"问题{f.label}的字段") for label, value in f.fields.items()
        )
    return tuple(sorted(rows, key=lambda row: row.line))


def _day(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def notice_lines(notice: NoticeFacts) -> list[str]:
    """What a notice states of completion, acceptance and its public notice, as progress text."""
    lines = []
    if notice.completed_raw:
        lines.append(f"整改完成时间：{notice.completed_raw}")
    for label, value in (
        ("自行验收", notice.self_checked_on),
        ("提交验收", notice.submitted_on),
        ("通过验收", notice.accepted_on),
    ):
        if value is not None:
            lines.append(f"{label}：{_day(value)}")
    if notice.objection_days is not None or notice.notice_start is not None:
        length = ""
        if notice.objection_days is not None:
            unit = "个工作日" if notice.objection_day_kind == "working" else "天"
            length = f"{notice.objection_days}{unit}"
        span = ""
        if notice.notice_start is not None:
            end = f"至{_day(notice.notice_end)}" if notice.notice_end else ""
            span = f"（{_day(notice.notice_start)}{end}）"
        lines.append(f"公示期：{length}{span}")
    contact = "，".join(v for v in (notice.contact, notice.phone) if v)
    if contact:
        lines.append(f"联系人：{contact}")
    return lines


def _task(f: ParsedFinding, notice: NoticeFacts | None = None) -> DraftTask:
    state = STATE_FOR_STATUS.get(f.status_code)
    detail = "\n".join(p for p in [f.progress, *notice_lines(notice or NoticeFacts())] if p)
    return DraftTask(
        number=None,
        finding_numbers=(f.number,),
        title=task_title(f.text) or None,
        deadline_raw=f.deadline.raw.strip() or None,
        state=state.value if state else None,
        progress=100 if state in DONE_PERCENT_STATES else None,
        progress_text=f.status_raw or None,
        progress_detail=detail or None,
        measures=tuple(
            DraftMeasure(number=m.number, text=m.text, progress_text=m.progress or None, line=m.line)
            for m in f.measures
        ),
        line=f.line,
    )


def draft_from_report(report: ParsedReport, *, source: str) -> LedgerDraft:
    """The draft of a report: its findings, and for each one task carrying deadline, state and measures."""
    findings = tuple(
        DraftFinding(
            number=f.number,
            label=f.label,
            text=f.text,
            category=finding_category(f.text),
            provincial_seq=f.provincial_seq,
            city_seq=f.city_seq,
            line=f.line,
            numbered=f.numbered,
        )
        for f in report.findings
    )
    return LedgerDraft(
        kind=DraftKind.REPORT,
        source=source,
        findings=findings,
        tasks=tuple(_task(f, report.notice) for f in report.findings),
        as_of=report.as_of,
        document_date=report.date,
        issuers=tuple(report.issuers),
        warnings=tuple((w.line, w.message) for w in report.warnings),
        inspection=_inspection(report),
        unplaced=_unplaced(report),
        genre=report.genre,
    )
