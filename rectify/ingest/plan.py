"""Comparing a ledger draft with the ledger: what an import would create or change, before it does.

`plan_import` returns an ImportPlan: the changes, each described for the preview page and carrying
the step that makes it, plus the errors that block the import (a unit or leader the ledger does not
know, a state the lifecycle cannot reach) and the reader's warnings. Applying the plan is
`ingest.services.ledger_import_apply`: it plans outside its write transaction, then inside checks
that the rows the plan read have not moved (`read_versions`) and writes the changes in batches.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils import timezone

from rectify.ingest.draft import DraftFinding, DraftKind, DraftMeasure, DraftTask, LedgerDraft, Unplaced
from rectify.ingest.inspection_plan import FactRow, plan_inspection_facts
from rectify.ingest.notice_plan import MatchRow, match_draft
from rectify.ingest.report.genres import GENRE_LABELS, UPDATING_GENRES
from rectify.ledger import services
from rectify.ledger.lifecycle import DONE_STATES, STATE_LABELS, TaskState, path_between
from rectify.ledger.models import Finding, FindingCategory, Inspection, Measure, Task, TaskProgress
from rectify.orgunits.models import OrgUnit, Role

CHANGE_LABELS = {
    "new_inspection": "新建督察",
    "inspection": "补充督察信息",
    "new_finding": "新增反馈问题",
    "finding": "修改反馈问题",
    "new_task": "新增整改任务",
    "task": "修改整改任务",
    "state": "状态变化",
    "progress": "新进展",
    "new_measure": "新增整改措施",
    "measure": "措施变化",
}


# Genres about one problem of an inspection already in the ledger: they cannot start a new one.
NOTICE_GENRES = frozenset({"completion_notice", "acceptance_notice"})

UNPLACED_SHOWN_OPEN = 600  # characters of unplaced text the preview shows unfolded


@dataclass
class Change:
    """One row of the preview, and the step that makes it (given the acting user)."""

    kind: str
    subject: str
    detail: str = ""
    step: Callable | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return CHANGE_LABELS[self.kind]


@dataclass
class ImportPlan:
    """The preview's rows, what blocks the import, and the rows to create and change in bulk.

    New findings, tasks and measures are created in bulk (`new_*`: field dicts, references
    resolved except task and finding numbers). Changes to existing rows are listed as (row as read,
    changes) in `*_updates` and `task_reports` and written in bulk (ledger.bulk.ledger_bulk_update);
    each also has its `Change.step`, the same change through one ledger service per row (what the
    batched write is tested against). `read_versions` are the versions of the rows the plan read.
    """

    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    new_findings: list[dict] = field(default_factory=list)
    new_tasks: list[dict] = field(default_factory=list)
    new_measures: list[tuple[int, dict]] = field(default_factory=list)
    new_inspection: dict = field(default_factory=dict)  # the facts a new inspection is created with
    inspection_facts: list[FactRow] = field(default_factory=list)  # what the source says of the inspection
    unplaced: list[Unplaced] = field(default_factory=list)  # what the source says that no field holds
    finding_updates: list[tuple[Finding, dict]] = field(default_factory=list)
    task_updates: list[tuple[Task, dict]] = field(default_factory=list)  # findings as numbers
    task_reports: list[tuple[Task, dict]] = field(
        default_factory=list
    )  # state, progress, texts (None: unsaid)
    measure_updates: list[tuple[Measure, dict]] = field(default_factory=list)
    read_versions: dict = field(default_factory=dict)
    genre: str = "progress_report"  # the source's genre (ingest.report.genres)
    matches: list[MatchRow] = field(default_factory=list)  # a notice's rows → the tasks they update

    @property
    def genre_label(self) -> str:
        return GENRE_LABELS.get(self.genre, "")

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(CHANGE_LABELS, 0)
        for change in self.changes:
            counts[change.kind] += 1
        return counts

    def labelled_counts(self) -> list[tuple[str, int]]:
        """[(新增整改任务, 25), …] for the kinds present, in a fixed order."""
        return [(CHANGE_LABELS[kind], n) for kind, n in self.counts().items() if n]

    @property
    def unplaced_is_long(self) -> bool:
        """Whether the preview folds 未放入台账的内容 away by default (more than a screen of text)."""
        return sum(len(row.text) for row in self.unplaced) > UNPLACED_SHOWN_OPEN

    @property
    def is_empty(self) -> bool:
        return not self.changes


def _where(line: int | None, kind: DraftKind) -> str:
    if line is None:
        return ""
    return f"第{line}行：" if kind == DraftKind.REPORT else f"{line}："


def _same(a, b) -> bool:
    norm = lambda v: (v.strip() if isinstance(v, str) else v) or None  # noqa: E731
    return norm(a) == norm(b)


def _report_moves(current: str, reported: str) -> bool:
    """Whether a report's status should move a task: a report never moves it backwards.

    "已完成" about an accepted task leaves it accepted; "通过验收" (an acceptance notice) about a
    self-reported task moves it on to accepted; "正在推进" about a reopened task leaves it reopened;
    "未启动" never undoes work recorded in the ledger.
    """
    if reported in DONE_STATES and current in DONE_STATES:
        return DONE_ORDER.index(reported) > DONE_ORDER.index(current)
    if reported == TaskState.IN_PROGRESS and current == TaskState.REOPENED:
        return False
    return reported != TaskState.NOT_STARTED


DONE_ORDER = (
    TaskState.SELF_REPORTED,
    TaskState.ACCEPTANCE_REQUESTED,
    TaskState.ACCEPTED,
    TaskState.PUBLIC_NOTICE,
    TaskState.SIGNED_OFF,
)


class _Names:
    """Units and leaders of a ledger's subtree, by the names a document or workbook uses."""

    def __init__(self, unit: OrgUnit):
        self.units: dict[str, OrgUnit] = {}
        for u in OrgUnit.objects.filter(path__startswith=unit.path):
            self.units.setdefault(u.name, u)
            if u.short_name:
                self.units.setdefault(u.short_name, u)
        self.leaders: dict[str, list] = {}
        users = (
            get_user_model()
            .objects.filter(
                role_assignments__role=Role.LEADER, role_assignments__unit__path__startswith=unit.path
            )
            .distinct()
        )
        for user in users:
            for name in {user.full_name, user.username} - {""}:
                self.leaders.setdefault(name, []).append(user)


class _Planner:
    def __init__(self, *, unit: OrgUnit, inspection: Inspection | None, name: str, draft: LedgerDraft):
        self.unit, self.inspection, self.name, self.draft = unit, inspection, name, draft
        self.plan = ImportPlan(warnings=[f"{_where(line, draft.kind)}{msg}" for line, msg in draft.warnings])
        self.names = _Names(unit)
        self.as_of = draft.as_of or draft.document_date or timezone.localdate()
        self.draft_finding_numbers = {f.number for f in draft.findings}
        self.findings: dict[int, Finding] = {}
        self.tasks: dict[int, Task] = {}
        self.tasks_by_finding: dict[int, list[Task]] = {}
        if inspection is not None:
            self.findings = {f.number: f for f in inspection.findings.all()}
            tasks = inspection.tasks.prefetch_related(
                "findings", "measures__responsible_unit", "cooperating_units"
            ).select_related("lead_unit", "lead_leader", "acceptance_unit", "inspection__unit")
            for task in tasks:
                self.tasks[task.number] = task
                for f in task.findings.all():
                    self.tasks_by_finding.setdefault(f.number, []).append(task)
        # the date of each task's latest progress entry: a source older than it must not overwrite it
        self.latest_progress: dict[int, date] = dict(
            TaskProgress.objects.filter(task__inspection=inspection)
            .values_list("task_id")
            .annotate(latest=Max("as_of"))
            .order_by()
        )
        self.plan.read_versions = {
            "inspection": None if inspection is None else (inspection.pk, inspection.version),
            "findings": {f.pk: f.version for f in self.findings.values()},
            "tasks": {t.pk: t.version for t in self.tasks.values()},
            "measures": {m.pk: m.version for t in self.tasks.values() for m in t.measures.all()},
        }

    # -- helpers resolving names, recording errors ----------------------------------------------
    def error(self, line, message):
        self.plan.errors.append(f"{_where(line, self.draft.kind)}{message}")

    def unit_named(self, name, line, what):
        if name is None:
            return None
        unit = self.names.units.get(name.strip())
        if unit is None:
            self.error(line, f"{what}“{name}”不是{self.unit}的单位（请先在基础数据中添加，或核对名称）")
        return unit

    def leader_named(self, name, line):
        if not name:
            return None
        found = self.names.leaders.get(name.strip(), [])
        if len(found) != 1:
            problem = "找不到" if not found else "有重名"
            self.error(line, f"责任领导“{name}”{problem}（须为{self.unit}的责任领导账号的姓名）")
            return None
        return found[0]

    def add(self, kind, subject, detail="", step=None):
        self.plan.changes.append(Change(kind, subject, detail, step))

    # -- the walk -------------------------------------------------------------------------------
    def run(self) -> ImportPlan:
        self.plan.unplaced = list(self.draft.unplaced)
        self.plan.genre = self.draft.genre
        # A notice, list or table about an inspection the ledger holds updates the tasks it names.
        self.updating = self.draft.genre in UPDATING_GENRES and self.inspection is not None
        if self.draft.genre in NOTICE_GENRES and self.inspection is None:
            self.error(
                None,
                f"这是{GENRE_LABELS[self.draft.genre]}，只更新已有督察中的整改任务：请选择它所属的督察"
                "（该督察须先由整改方案、报告或台账导入）",
            )
            return self.plan
        facts = plan_inspection_facts(self.inspection, self.draft.inspection)
        self.plan.inspection_facts = facts.rows
        self.plan.warnings.extend(facts.warnings)
        if self.inspection is None:
            self.plan.new_inspection = facts.fields
        elif facts.fields:
            self.add(
                "inspection",
                self.name,
                "、".join(row.label for row in facts.rows if row.outcome == facts.FILL),
                lambda actor, ctx, c=facts.fields: services.inspection_update(
                    actor=actor,
                    inspection=ctx.ensure_inspection(actor),
                    reason=f"据《{self.draft.source}》",
                    **c,
                ),
            )
        draft_tasks = self.draft.tasks
        if self.updating:
            matched = match_draft(
                self.draft, self.findings, self.tasks_by_finding, lambda line: _where(line, self.draft.kind)
            )
            self.plan.matches, draft_tasks = matched.rows, matched.tasks
            self.plan.warnings.extend(matched.warnings)
        else:
            for finding in self.draft.findings:
                self.plan_finding(finding)
        next_number = max(self.tasks, default=0)
        for draft_task in draft_tasks:
            task, ambiguous = self.match_task(draft_task)
            if ambiguous or (task is None and self.updating):
                continue  # updating: never a new task (the preview's row says there is none)
            if task is None and draft_task.number is None:
                next_number += 1
            self.plan_task(draft_task, task, task.number if task else (draft_task.number or next_number))
        if self.inspection is None and (self.plan.changes or self.plan.new_inspection):
            facts = len(self.plan.inspection_facts)
            detail = f"{self.name}（写入文件所述的{facts}项督察信息）" if facts else self.name
            self.plan.changes.insert(
                0, Change("new_inspection", "督察", detail, lambda actor, ctx: ctx.ensure_inspection(actor))
            )
        return self.plan

    def plan_finding(self, d: DraftFinding):
        existing = self.findings.get(d.number)
        subject = f"问题{d.label or d.number}"
        if existing is None:
            fields = {"number": d.number, "label": d.label, "text": d.text}
            fields.update(
                {k: v for k in ("category", "provincial_seq", "city_seq") if (v := getattr(d, k)) is not None}
            )
            if not d.text.strip():
                self.error(d.line, f"{subject}没有问题内容")
            self.plan.new_findings.append({**fields, "where": _where(d.line, self.draft.kind)})
            labels = dict(FindingCategory.choices)
            category = f"〔{labels.get(d.category, d.category)}〕" if d.category else ""
            self.add("new_finding", subject, f"{category}{d.text[:80]}")
            return
        if self.draft.kind == DraftKind.REPORT:
            return  # a report repeats the feedback's words; the ledger's wording stands
        changed = {
            k: getattr(d, k)
            for k in ("label", "text", "category", "provincial_seq", "city_seq")
            if getattr(d, k) is not None and not _same(getattr(d, k), getattr(existing, k))
        }
        if changed:
            self.plan.finding_updates.append((existing, changed))
            self.add(
                "finding",
                subject,
                "、".join(Finding._meta.get_field(k).verbose_name for k in changed),
                lambda actor, ctx, f=existing, c=changed: services.finding_update(
                    actor=actor, finding=f, **c
                ),
            )

    def match_task(self, d: DraftTask) -> tuple[Task | None, bool]:
        """The ledger's task this draft task is about (None: a new one), and whether that is ambiguous."""
        if d.number is not None:
            return self.tasks.get(d.number), False
        covering = self.tasks_by_finding.get(d.finding_numbers[0], []) if d.finding_numbers else []
        if len(covering) > 1:
            numbers = "、".join(str(t.number) for t in covering)
            self.plan.warnings.append(
                f"{_where(d.line, self.draft.kind)}问题{d.finding_numbers[0]}对应多项任务（{numbers}），"
                "报告中的状态和措施未自动更新，请在台账中逐项核对"
            )
            return None, True
        return (covering[0] if covering else None), False

    def plan_task(self, d: DraftTask, task: Task | None, number: int):
        for n in d.finding_numbers:
            if n not in self.findings and n not in self.draft_finding_numbers:
                self.error(d.line, f"任务{number}对应的问题{n}不存在")
        lead_unit = self.unit_named(d.lead_unit, d.line, "牵头单位")
        acceptance = self.unit_named(d.acceptance_unit, d.line, "验收单位")
        cooperating = [self.unit_named(n, d.line, "配合单位") for n in (d.cooperating_units or ())]
        leader = self.leader_named(d.leader, d.line)
        if d.state is not None and d.state not in TaskState.__members__.values():
            self.error(d.line, f"任务{number}的状态“{d.state}”无法识别")
            return
        subject = f"任务{number}"
        if task is None:
            self.plan_new_task(d, number, subject, lead_unit, acceptance, cooperating, leader)
        else:
            self.plan_changed_task(d, task, subject, lead_unit, acceptance, cooperating, leader)

    def plan_new_task(self, d, number, subject, lead_unit, acceptance, cooperating, leader):
        fields = {
            "number": number,
            "title": d.title or f"任务{number}",
            "target": d.target or "",
            "deadline_raw": d.deadline_raw or "",
            "lead_unit": lead_unit or self.unit,
            "acceptance_unit": acceptance,
            "cooperating_units": [u for u in cooperating if u],
            "lead_leader": leader,
            "responsible_person": d.responsible_person or "",
            "responsible_phone": d.responsible_phone or "",
        }
        if d.start_on:
            fields["start_on"] = d.start_on
        if not d.finding_numbers:
            self.error(d.line, f"{subject}没有对应的反馈问题")
        state = TaskState(d.state) if d.state else TaskState.NOT_STARTED
        fields.update(
            finding_numbers=d.finding_numbers,
            state=state,
            progress=d.progress or 0,
            progress_text=d.progress_text or "",
            progress_detail=d.progress_detail or "",
            where=_where(d.line, self.draft.kind),
        )
        self.plan.new_tasks.append(fields)
        self.add("new_task", subject, f"{fields['title']}（{STATE_LABELS[state]}）")
        for m in d.measures:
            self.add_new_measure(subject, number, m)

    def plan_changed_task(self, d, task, subject, lead_unit, acceptance, cooperating, leader):
        if self.draft.kind == DraftKind.WORKBOOK:
            wanted = {
                "title": d.title,
                "target": d.target,
                "deadline_raw": d.deadline_raw,
                "start_on": d.start_on,
                "responsible_person": d.responsible_person,
                "responsible_phone": d.responsible_phone,
                "lead_unit": lead_unit,
                "acceptance_unit": acceptance,
                "lead_leader": leader,
            }
            changed = {k: v for k, v in wanted.items() if v is not None and not _same(v, getattr(task, k))}
            if d.acceptance_unit is None and task.acceptance_unit is not None:
                changed["acceptance_unit"] = None
            if d.leader is None and task.lead_leader is not None:
                changed["lead_leader"] = None
            if d.cooperating_units is not None:
                units = {u for u in cooperating if u}
                if units != set(task.cooperating_units.all()):
                    changed["cooperating_units"] = list(units)
            numbers = set(d.finding_numbers)
            if numbers and numbers != {f.number for f in task.findings.all()}:
                changed["findings"] = sorted(numbers)  # numbers: the step looks the findings up when it runs
        else:
            changed = {}
            if d.deadline_raw and not _same(d.deadline_raw, task.deadline_raw):
                changed["deadline_raw"] = d.deadline_raw
        if changed:
            self.plan.task_updates.append((task, changed))
            names = "、".join(Task._meta.get_field(k).verbose_name for k in changed)
            self.add(
                "task",
                subject,
                names,
                lambda actor, ctx, t=task, c=changed: services.task_update(
                    actor=actor,
                    task=ctx.fresh(t),
                    reason=f"据《{self.draft.source}》",
                    **ctx.with_findings(c),
                ),
            )
        self.add_report(subject, task.number, d, task.state, task)
        existing = {m.number: m for m in task.measures.all()}
        for m in d.measures:
            if m.number in existing:
                self.plan_changed_measure(subject, existing[m.number], m)
            else:
                self.add_new_measure(subject, task.number, m)

    def add_report(self, subject, number, d: DraftTask, current: str, task: Task | None = None):
        """State, percent and 整改进展情况, recorded as one report on the task — unless the ledger already
        holds a later report of the task: then the ledger, the report generated from it and the history
        would disagree about which is the latest, so the source's older word is left out, with a warning."""
        latest = self.latest_progress.get(task.pk) if task is not None else None
        if latest is not None and latest > self.as_of:
            self.plan.warnings.append(
                f"{_where(d.line, self.draft.kind)}{subject}：台账已有{latest:%Y年%-m月%-d日}的进展，"
                f"晚于本文件的截至日期（{self.as_of:%Y年%-m月%-d日}），本文件所述的状态和进展未写入"
            )
            return
        state = d.state
        if state is not None and self.draft.kind == DraftKind.REPORT and not _report_moves(current, state):
            state = None
        if state == current:
            state = None
        if state is not None and path_between(current, state) is None:
            self.error(
                d.line,
                f"{subject}不能从“{STATE_LABELS[TaskState(current)]}”变为“{STATE_LABELS[TaskState(state)]}”",
            )
            return
        progress = (
            d.progress if d.progress is not None and (task is None or d.progress != task.progress) else None
        )
        text = (
            d.progress_text
            if d.progress_text and (task is None or not _same(d.progress_text, task.progress_text))
            else None
        )
        detail = d.progress_detail
        if detail is not None and task is not None and _same(detail, task.progress_detail):
            detail = None
        if state is None and progress is None and text is None and detail is None:
            return
        if state is not None:
            self.add(
                "state", subject, f"{STATE_LABELS[TaskState(current)]} → {STATE_LABELS[TaskState(state)]}"
            )
        if text is not None or progress is not None or detail is not None:
            self.add("progress", subject, (text or detail or f"完成进度{progress}%")[:80])
        said = {"state": state, "progress": progress, "progress_text": text, "progress_detail": detail}
        self.plan.task_reports.append((task, said))
        # One step records state, percent and text together; it rides on the last of the rows above.
        self.plan.changes[-1].step = lambda actor, ctx, n=number, s=state, p=progress, x=text, e=detail: (
            ctx.record(actor, n, s, p, x, e)
        )

    def add_new_measure(self, subject, task_number, m: DraftMeasure):
        unit = self.unit_named(m.unit, m.line, "措施责任单位")
        fields = {
            "number": m.number,
            "text": m.text,
            "responsible_unit": unit,
            "progress_text": m.progress_text or "",
            "progress_on": m.progress_on or (self.as_of if m.progress_text else None),
        }
        if not m.text.strip():
            self.error(m.line, f"{subject}措施{m.number}没有内容")
        self.plan.new_measures.append((task_number, {**fields, "where": _where(m.line, self.draft.kind)}))
        self.add("new_measure", f"{subject} 措施{m.number}", m.text[:80])

    def plan_changed_measure(self, subject, measure: Measure, m: DraftMeasure):
        changed = {}
        if self.draft.kind == DraftKind.WORKBOOK:
            unit = self.unit_named(m.unit, m.line, "措施责任单位")
            if not _same(m.text, measure.text):
                changed["text"] = m.text
            if (unit.pk if unit else None) != measure.responsible_unit_id:
                changed["responsible_unit"] = unit
            if m.progress_on is not None and m.progress_on != measure.progress_on:
                changed["progress_on"] = m.progress_on
        if m.progress_text is not None and not _same(m.progress_text, measure.progress_text):
            said_on = m.progress_on or self.as_of
            if measure.progress_on is not None and measure.progress_on > said_on:
                self.plan.warnings.append(
                    f"{_where(m.line, self.draft.kind)}{subject} 措施{measure.number}：台账已有"
                    f"{measure.progress_on:%Y年%-m月%-d日}的进展，晚于本文件所述，未写入"
                )
            else:
                changed["progress_text"] = m.progress_text
                changed.setdefault("progress_on", said_on)
        if changed:
            self.plan.measure_updates.append((measure, changed))
            self.add(
                "measure",
                f"{subject} 措施{measure.number}",
                (changed.get("progress_text") or "")[:80]
                or "、".join(Measure._meta.get_field(k).verbose_name for k in changed),
                lambda actor, ctx, ms=measure, c=changed: services.measure_update(
                    actor=actor, measure=ms, reason=f"据《{self.draft.source}》", **c
                ),
            )


def plan_import(
    *, unit: OrgUnit, inspection: Inspection | None, inspection_name: str, draft: LedgerDraft
) -> ImportPlan:
    """What importing `draft` into the ledger of `inspection` (or a new one named `inspection_name`) would do."""
    return _Planner(unit=unit, inspection=inspection, name=inspection_name, draft=draft).run()
