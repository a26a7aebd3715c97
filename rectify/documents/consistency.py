"""Before a report goes out: does what it says agree with the ledger?

Three checks, each giving findings for the office to fix:
1. every headline figure of the narrative that the ledger can verify (共N项, 已完成N项, N项达到序时进度,
   N项未达到序时进度) against the ledger on the report's date;
2. tasks past their deadline that the report would still call on schedule (its progress text says
   推进/序时, or the narrative says all the rest are on schedule);
3. findings with no new progress since the previous generated report.
"""

from dataclasses import dataclass
from datetime import date

from rectify.documents.content import ReportContent
from rectify.documents.report_data import Snapshot
from rectify.ingest.report import parse_report
from rectify.ledger.models import TaskProgress
from rectify.ledger.schedule import ON_TRACK_FLAGS, ScheduleFlag


@dataclass(frozen=True)
class Problem:
    kind: str  # figure / overdue / stale
    message: str


def _narrative_text(content: ReportContent) -> str:
    parts = [content.title, content.opening]
    for section in content.sections:
        parts += [section.heading, section.body]
    return "\n".join([*parts, content.closing])


def check_figures(content: ReportContent, snapshot: Snapshot) -> list[Problem]:
    counts = snapshot.counts()
    total = sum(counts.values())
    done = counts[ScheduleFlag.COMPLETED] + counts[ScheduleFlag.COMPLETED_ONGOING]
    ledger = {
        "tasks_total": (total, "整改任务总数"),
        "tasks_completed": (done, "已完成的整改任务"),
        "tasks_on_schedule": (sum(counts[f] for f in ON_TRACK_FLAGS), "达到序时进度的整改任务"),
        "tasks_behind_schedule": (counts[ScheduleFlag.BEHIND], "未达到序时进度的整改任务"),
    }
    summary = parse_report(_narrative_text(content)).summary
    problems = []
    for key, (actual, what) in ledger.items():
        said = summary.get(key)
        if said is not None and said != actual:
            problems.append(
                Problem(
                    "figure", f"正文写{what}{said}项，台账截至{snapshot.as_of:%Y年%-m月%-d日}为{actual}项"
                )
            )
    return problems


def check_overdue(content: ReportContent, snapshot: Snapshot) -> list[Problem]:
    text = _narrative_text(content)
    claims_all_on_schedule = "均达到序时进度" in text
    problems = []
    for t in snapshot.tasks:
        if t.flag != ScheduleFlag.OVERDUE:
            continue
        says = t.progress_text or ""
        if claims_all_on_schedule or any(word in says for word in ("序时", "推进", "按期")):
            due = t.task.due_on
            problems.append(
                Problem(
                    "overdue",
                    f"任务{t.task.number}“{t.task.title}”整改时限{due:%Y年%-m月%-d日}已过、尚未完成，"
                    f"报告却写作“{says or '达到序时进度'}”",
                )
            )
    return problems


def check_stale(snapshot: Snapshot, previous_as_of: date | None) -> list[Problem]:
    if previous_as_of is None:
        return []
    fresh = set(
        TaskProgress.objects.filter(
            task__inspection=snapshot.inspection, as_of__gt=previous_as_of, as_of__lte=snapshot.as_of
        ).values_list("task_id", flat=True)
    )
    problems = []
    for finding in snapshot.findings:
        open_tasks = [
            t
            for t in finding.snapshot_tasks
            if t.flag not in (ScheduleFlag.COMPLETED, ScheduleFlag.COMPLETED_ONGOING)
        ]
        if open_tasks and not any(t.task.pk in fresh for t in open_tasks):
            problems.append(
                Problem(
                    "stale",
                    f"问题{finding.label or finding.number}自上次报告（截至{previous_as_of:%Y年%-m月%-d日}）以来没有新的进展",
                )
            )
    return problems


def consistency_check(
    content: ReportContent, snapshot: Snapshot, *, previous_as_of: date | None
) -> list[Problem]:
    """Every problem the three checks find, figures first."""
    return [
        *check_figures(content, snapshot),
        *check_overdue(content, snapshot),
        *check_stale(snapshot, previous_as_of),
    ]
