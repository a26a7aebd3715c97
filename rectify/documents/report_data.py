"""The figures and the attachment of a progress report, taken from the ledger as of a date.

`report_snapshot` reads the ledger once: every task of the inspection, as it stood on the date
(`ledger.as_of`: the state and progress it had then, from its latest progress entry up to the date,
and its schedule flag on the date), its findings and measures. `report_content` turns a snapshot and the office's
narrative into the ReportContent the renderer lays out.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from rectify.documents.content import AttachmentFinding, AttachmentMeasure, ReportContent, Section
from rectify.documents.models import ReportNarrative
from rectify.ledger.as_of import TaskAsOf, tasks_as_of
from rectify.ledger.headline import rest_sentence
from rectify.ledger.lifecycle import DONE_STATES, TaskState
from rectify.ledger.models import Finding, Inspection
from rectify.ledger.schedule import ScheduleFlag, ScheduleRule
from rectify.rounds.models import RoundTaskSnapshot

HEADLINE = "{headline}"


@dataclass
class Snapshot:
    inspection: Inspection
    as_of: date
    tasks: list[TaskAsOf]
    findings: list  # the inspection's findings, each with `.snapshot_tasks` (TaskAsOf of its tasks)

    def counts(self) -> dict[str, int]:
        counts = {flag.value: 0 for flag in ScheduleFlag}
        for t in self.tasks:
            counts[t.flag.value] += 1
        return counts


def report_snapshot(inspection: Inspection, as_of: date, *, round=None) -> Snapshot:
    """The inspection's ledger on `as_of`: each task with its latest progress entry up to that date.

    Every task of the ledger counts, whenever it was entered: a ledger is often typed in or imported
    after the fact, so the date a row was created says nothing about when the task existed.

    With `round` (a locked DispatchRound: the report "from round N"), the tasks, their state, percent,
    progress text, flag and measure progress are the round's snapshot, and `as_of` is the round's.
    """
    if round is not None:
        return _round_snapshot(inspection, round)
    tasks = list(
        inspection.tasks.select_related("lead_unit")
        .prefetch_related("measures", "milestones", "findings")
        .order_by("number")
    )
    rule = ScheduleRule(tolerance=inspection.schedule_tolerance, due_soon_days=inspection.due_soon_days)
    snapshots, by_finding = tasks_as_of(tasks, as_of, rule), {}
    for snapshot in snapshots:
        for finding in snapshot.task.findings.all():
            by_finding.setdefault(finding.pk, []).append(snapshot)
    findings = list(inspection.findings.order_by("number"))
    for finding in findings:
        finding.snapshot_tasks = by_finding.get(finding.pk, [])
    return Snapshot(inspection=inspection, as_of=as_of, tasks=snapshots, findings=findings)


def _round_snapshot(inspection: Inspection, dispatch_round) -> Snapshot:
    """The report's snapshot from a locked round alone: its RoundTaskSnapshot rows (rounds.models) and
    the findings it recorded at lock, so that nothing done to the ledger afterwards changes it. (A round
    locked before the findings and 整改时限 were recorded reads those from the ledger.)"""
    if dispatch_round.inspection_id != inspection.pk or not dispatch_round.is_locked:
        raise ValueError(f"{dispatch_round}不是{inspection}已锁定的调度轮次")
    rows = list(RoundTaskSnapshot.objects.filter(round=dispatch_round).order_by("number"))
    tasks = {
        t.pk: t
        for t in inspection.tasks.filter(pk__in=[r.task_id for r in rows])
        .select_related("lead_unit")
        .prefetch_related("findings")
    }
    snapshots, by_finding = [], {}
    for row in rows:
        task = tasks[row.task_id]
        # in memory only: the report reads the task as the round recorded it
        task.number, task.title, task.progress_detail = row.number, row.title, row.progress_detail
        if row.deadline_raw is not None:
            task.deadline_raw, task.is_long_term = row.deadline_raw, bool(row.is_long_term)
        then = TaskAsOf(
            task=task,
            state=row.state,
            progress=row.progress,
            progress_text=row.progress_text,
            flag=ScheduleFlag(row.schedule_flag),
        )
        then.measure_texts = [text for _number, text in row.measures]
        snapshots.append(then)
        finding_ids = row.finding_ids if row.finding_ids is not None else [f.pk for f in task.findings.all()]
        for finding_id in finding_ids:
            by_finding.setdefault(finding_id, []).append(then)
    if dispatch_round.findings is None:
        findings = list(inspection.findings.order_by("number"))
    else:
        findings = [
            Finding(pk=pk, inspection=inspection, number=number, label=label, text=text)
            for pk, number, label, text in dispatch_round.findings
        ]
    for finding in findings:
        finding.snapshot_tasks = by_finding.get(finding.pk, [])
    return Snapshot(inspection=inspection, as_of=dispatch_round.as_of, tasks=snapshots, findings=findings)


def report_headline(counts: dict[str, int], unit_name: str) -> str:
    """The opening figures in the seed's words: 督察反馈涉及X的25项整改任务已完成16项，其余9项整改任务均达到序时进度要求。"""
    total = sum(counts.values())
    done = counts[ScheduleFlag.COMPLETED] + counts[ScheduleFlag.COMPLETED_ONGOING]
    rest = total - done
    sentence = f"督察反馈涉及{unit_name}的{total}项整改任务已完成{done}项"
    if rest == 0:
        return sentence + "，全部完成整改。"
    behind, overdue = counts[ScheduleFlag.BEHIND], counts[ScheduleFlag.OVERDUE]
    if behind == overdue == 0:
        return sentence + f"，其余{rest}项整改任务均达到序时进度要求。"
    parts = [
        (count, word)
        for count, word in (
            (rest - behind - overdue, "达到序时进度要求"),
            (behind, "未达到序时进度"),
            (overdue, "已超过整改时限"),
        )
        if count
    ]
    return sentence + rest_sentence(rest, parts)


def _finding_deadline(tasks: list[TaskAsOf]) -> str:
    deadlines = list(dict.fromkeys(t.task.deadline_raw for t in tasks if t.task.deadline_raw))
    return "；".join(deadlines)


def _finding_progress(tasks: list[TaskAsOf]) -> str:
    texts = list(dict.fromkeys(t.progress_text for t in tasks if t.progress_text))
    if len(texts) == 1:
        return texts[0]
    if tasks and all(t.state in DONE_STATES for t in tasks):
        return "已完成，长期坚持" if any(t.task.is_long_term for t in tasks) else "已完成"
    return "正在持续推进" if any(t.state != TaskState.NOT_STARTED for t in tasks) else "尚未启动"


def _finding_measures(tasks: list[TaskAsOf]) -> tuple[tuple[AttachmentMeasure, ...], str]:
    """The numbered measures (renumbered across a finding's tasks) and any unnumbered progress paragraph."""
    measures, details = [], []
    for t in tasks:
        texts = getattr(t, "measure_texts", None)  # a round's snapshot carries its own
        if texts is None:
            texts = [(m.progress_text or m.text).strip() for m in t.task.measures.all()]
        for text in texts:
            measures.append(AttachmentMeasure(number=len(measures) + 1, text=text))
        if t.task.progress_detail:
            details.append(t.task.progress_detail)
    return tuple(measures), "\n".join(details)


def default_narrative_parts(inspection: Inspection) -> dict:
    unit = inspection.unit
    return {
        "title": f"{unit.name}{inspection.name}整改落实情况报告",
        "opening": f"{unit.name}高度重视{inspection.name}反馈问题整改工作。截至目前，{HEADLINE}",
        "sections": [],
        "closing": "",
        "issuer": f"{unit.name}人民政府" if unit.kind in ("prefecture", "region", "county") else unit.name,
        "attachment_title": default_attachment_title(inspection),
    }


def default_attachment_title(inspection: Inspection) -> str:
    return f"{inspection.unit.name}贯彻落实{inspection.name}报告具体问题整改进展情况"


def report_content(
    snapshot: Snapshot, narrative: ReportNarrative | None, *, signed_on: date | None = None
) -> ReportContent:
    """The ReportContent of a snapshot: the narrative with the headline filled in, and the attachment."""
    inspection = snapshot.inspection
    parts = default_narrative_parts(inspection)
    if narrative is not None:
        parts.update(
            title=narrative.title,
            opening=narrative.opening,
            sections=narrative.sections,
            closing=narrative.closing,
            issuer=narrative.issuer or parts["issuer"],
            attachment_title=narrative.attachment_title or parts["attachment_title"],
        )
    unit_name = inspection.unit.short_name or inspection.unit.name
    headline = report_headline(snapshot.counts(), unit_name)
    findings = []
    for finding in snapshot.findings:
        measures, detail = _finding_measures(finding.snapshot_tasks)
        progress = _finding_progress(finding.snapshot_tasks)
        findings.append(
            AttachmentFinding(
                label=finding.label or str(finding.number),
                text=finding.text,
                deadline=_finding_deadline(finding.snapshot_tasks),
                progress=progress,
                measures=measures,
                detail=detail,
            )
        )
    return ReportContent(
        title=parts["title"],
        opening=parts["opening"].replace(HEADLINE, headline),
        sections=tuple(
            Section(heading=s.get("heading", ""), body=s.get("body", "")) for s in parts["sections"]
        ),
        closing=parts["closing"],
        issuer=parts["issuer"],
        date=signed_on or timezone.localdate(),
        attachment_title=parts["attachment_title"],
        findings=tuple(findings),
    )
