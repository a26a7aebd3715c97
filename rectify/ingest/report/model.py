"""The parser's result: frozen dataclasses, and `report_to_dict` for the JSON shape.

Line numbers are 1-based and count the lines of the text given to `parse_report` as
`str.splitlines()` counts them. A warning about the whole document (no date found, …) has line 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rectify.ledger.deadlines import Deadline

from .inspection_facts import InspectionFacts


@dataclass(frozen=True)
class ParseWarning:
    """Something the parser could not place or understand, at a line of the input (0: the whole text)."""

    line: int
    message: str  # Chinese, for the user


# The name the public API promises; `ParseWarning` avoids shadowing the builtin inside this package.
Warning = ParseWarning


@dataclass(frozen=True)
class ParsedMeasure:
    """One numbered measure (整改措施 1. 2. …, 一是 二是 …) of a finding."""

    number: int
    text: str  # what will be (or was) done
    line: int
    progress: str = ""  # progress the document states for this measure (进展情况：…, …（已完成）); "" if none


@dataclass(frozen=True)
class ParsedFinding:
    """One finding (反馈问题) with its deadline, progress status and measures."""

    number: int  # the number its label stands for: 十八 -> 18
    label: str  # the numeral as printed, without its punctuation: "十八", "3"
    text: str  # the feedback text
    deadline: Deadline
    status_raw: str  # e.g. "已完成，长期坚持" ("" when the finding has no status line)
    status_code: str  # see statuses.STATUS_CODES
    measures: list[ParsedMeasure]
    line: int  # the line of its heading
    provincial_seq: int | None = None  # 省序号
    city_seq: int | None = None  # 市序号
    progress: str = ""  # progress text not in a numbered measure (after the status)
    fields: dict[str, str] = field(default_factory=dict)  # other labelled fields: 责任单位, 整改目标 …
    numbered: bool = True  # False: the document gives no 序号 of its own (number is 0, or a 省/市序号)


@dataclass(frozen=True)
class NoticeFacts:
    """What a notice states beside its problem: the objection window, whom to tell, and the dates
    of completion and acceptance. None / "" where the notice does not say."""

    objection_days: int | None = None  # 公示期 length
    objection_day_kind: str = ""  # "calendar" (7天) or "working" (10个工作日)
    notice_start: date | None = None
    notice_end: date | None = None
    objection_to: str = ""  # the body objections go to (向…反映)
    contact: str = ""  # 联系人
    phone: str = ""  # 联系电话
    completed_on: date | None = None  # 整改完成时间 (a month: its last day)
    completed_raw: str = ""
    self_checked_on: date | None = None  # 自行验收
    submitted_on: date | None = None  # 提交(市级)验收
    accepted_on: date | None = None  # 通过验收
    units: tuple[str, ...] = ()  # 责任单位

    def is_empty(self) -> bool:
        return self == NoticeFacts()


@dataclass(frozen=True)
class ParsedReport:
    """The whole parsed document."""

    title: str
    issuers: list[str]
    date: date | None  # the document's date (成文日期)
    as_of: date | None  # the date its figures are as of (截至…)
    summary: dict[str, Any]
    findings: list[ParsedFinding]
    warnings: list[ParseWarning]
    narrative: str  # the narrative body (not the findings), one paragraph a line
    as_of_raw: str = ""  # the phrase the as-of date came from, e.g. "截至10月底"
    attachment_titles: list[str] = field(default_factory=list)
    line_count: int = 0  # lines in the input (warnings' line numbers are within 0..line_count)
    inspection: InspectionFacts = field(default_factory=InspectionFacts)  # team, stay, feedback, round
    # (line, text) in no finding and not the frame (title, signature, date): the narrative, attachment
    # markers and titles. What an import leaves out of the ledger, for the preview to show.
    unplaced_lines: list[tuple[int, str]] = field(default_factory=list)
    genre: str = "progress_report"  # see genres.GENRES
    notice: NoticeFacts = field(default_factory=NoticeFacts)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def finding_to_dict(finding: ParsedFinding) -> dict[str, Any]:
    """One finding as a JSON-ready dict."""
    return {
        "number": finding.number,
        "label": finding.label,
        "text": finding.text,
        "deadline": finding.deadline.to_dict(),
        "status": {"raw": finding.status_raw, "code": finding.status_code},
        "measures": [
            {"number": m.number, "text": m.text, "line": m.line, "progress": m.progress}
            for m in finding.measures
        ],
        "line": finding.line,
        "provincial_seq": finding.provincial_seq,
        "city_seq": finding.city_seq,
        "progress": finding.progress,
        "fields": dict(finding.fields),
        "numbered": finding.numbered,
    }


def inspection_to_dict(facts: InspectionFacts) -> dict[str, Any]:
    """The inspection facts as a JSON-ready dict."""
    return {
        "team": facts.team,
        "stay_start": _iso(facts.stay_start),
        "stay_end": _iso(facts.stay_end),
        "feedback_on": _iso(facts.feedback_on),
        "round_number": facts.round_number,
        "kind": facts.kind,
        "lines": list(facts.lines),
    }


def notice_to_dict(notice: NoticeFacts) -> dict[str, Any]:
    """The notice facts as a JSON-ready dict."""
    return {
        "objection_days": notice.objection_days,
        "objection_day_kind": notice.objection_day_kind,
        "notice_start": _iso(notice.notice_start),
        "notice_end": _iso(notice.notice_end),
        "objection_to": notice.objection_to,
        "contact": notice.contact,
        "phone": notice.phone,
        "completed_on": _iso(notice.completed_on),
        "completed_raw": notice.completed_raw,
        "self_checked_on": _iso(notice.self_checked_on),
        "submitted_on": _iso(notice.submitted_on),
        "accepted_on": _iso(notice.accepted_on),
        "units": list(notice.units),
    }


def report_to_dict(report: ParsedReport) -> dict[str, Any]:
    """The report as a JSON-ready dict (dates as ISO strings); the key set is stable."""
    return {
        "title": report.title,
        "issuers": list(report.issuers),
        "date": _iso(report.date),
        "as_of": _iso(report.as_of),
        "as_of_raw": report.as_of_raw,
        "summary": report.summary,
        "findings": [finding_to_dict(f) for f in report.findings],
        "warnings": [{"line": w.line, "message": w.message} for w in report.warnings],
        "attachment_titles": list(report.attachment_titles),
        "narrative": report.narrative,
        "unplaced_lines": [{"line": n, "text": t} for n, t in report.unplaced_lines],
        "inspection": inspection_to_dict(report.inspection),
        "line_count": report.line_count,
        "genre": report.genre,
        "notice": notice_to_dict(report.notice),
    }
