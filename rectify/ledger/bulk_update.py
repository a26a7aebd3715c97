"""Changing many existing ledger rows at once (an import that updates a ledger): what calling
`finding_update`, `task_update`, `task_record_report` and `measure_update` once per row would leave —
the same fields, versions, milestones, links, progress history, stored flags, search rows and audit
events — in batched statements, so the import's write transaction holds the database for well under a
second instead of one service call (a dozen queries) per changed row.

The rows passed in are as the caller read them, with their links prefetched, and must still be what
is stored: the caller has compared their versions inside this transaction (ingest.services). Call it
inside that transaction: on any error the caller's transaction rolls everything back.
"""

from datetime import date

from django.utils import timezone

from rectify.audit import codes
from rectify.audit.services import audit_record_many, diff, snapshot
from rectify.core.bulk_insert import check_row, insert_rows, update_rows
from rectify.ledger.deadlines import parse_deadline
from rectify.ledger.flags import flags_refresh
from rectify.ledger.lifecycle import DONE_STATES
from rectify.ledger.models import Finding, Inspection, Measure, Milestone, Task, TaskProgress, day_number
from rectify.ledger.progress_history import progress_entry
from rectify.ledger.search import search_refresh
from rectify.ledger.services import (
    FINDING_FIELDS,
    HISTORY_FIELDS,
    MEASURE_FIELDS,
    TASK_FIELDS,
    _check_task_links,
    apply_deadline,
    report_reason,
    report_set,
)
from rectify.orgunits.permissions import require

TASK_STATE_FIELDS = ["state", "progress", "progress_text", "progress_detail"]
TASK_WRITTEN = [
    *TASK_FIELDS,
    *TASK_STATE_FIELDS,
    "progress_on",
    "start_day",
    "due_day",
    "updated_at",
    "version",
]
TASK_OWN_CHECKED = ["number", "title", "target", "deadline_raw", "responsible_person", "responsible_phone"]
FOREIGN_KEYS = {"lead_leader", "lead_unit", "acceptance_unit", "responsible_unit"}


def _value(obj, name):
    value = getattr(obj, name)
    return value.pk if name in FOREIGN_KEYS and value is not None else value


class _TaskChange:
    """One task's changes, applied in memory in the order the services would make them."""

    def __init__(self, task: Task, renamed: dict[int, Finding]):
        self.task, self.renamed = task, renamed
        self.findings = [renamed.get(f.pk, f) for f in task.findings.all()]
        self.cooperating = list(task.cooperating_units.all())
        self.saved = self.relinked = False
        self.milestones: list | None = None
        self.events: list[tuple[str, str, str, dict]] = []  # (action, code, reason, changes)
        self.progress: list[TaskProgress] = []  # history entries, as progress_history_append writes them

    def snapshot(self) -> dict:
        data = snapshot(self.task, [*TASK_FIELDS, *TASK_STATE_FIELDS])
        data["findings"] = sorted(str(f) for f in self.findings)
        data["cooperating_units"] = sorted(str(u) for u in self.cooperating)
        return data

    def event(self, action: str, code: str, reason: str, changes: dict) -> None:
        self.task.version += 1
        self.events.append(
            (action, code, reason, {**changes, "version": [self.task.version - 1, self.task.version]})
        )
        self.saved = True

    def update(self, fields: dict, *, reason: str) -> None:
        """task_update: plan fields, links, a changed deadline parsed again with its milestones rebuilt."""
        task, fields = self.task, dict(fields)
        findings, cooperating = fields.pop("findings", None), fields.pop("cooperating_units", None)
        before = self.snapshot()
        deadline_changed = "deadline_raw" in fields and fields["deadline_raw"].strip() != task.deadline_raw
        for name, value in fields.items():
            setattr(task, name, value)
        feedback_on = task.inspection.feedback_on
        if deadline_changed:
            self.milestones = apply_deadline(
                task,
                parse_deadline(fields["deadline_raw"], reference=feedback_on),
                default_start=fields.get("start_on") or task.start_on or feedback_on,
            )
        if findings is not None:
            self.findings, self.relinked = [self.renamed.get(f.pk, f) for f in findings], True
        if cooperating is not None:
            self.cooperating, self.relinked = list(cooperating), True
        _check_task_links(task, self.findings, self.cooperating)
        check_row(Task, {k: getattr(task, k) for k in TASK_OWN_CHECKED}, f"任务{task.number}：")
        self.saved = True  # task_update saves the row even when the snapshot shows no difference
        changes = diff(before, self.snapshot())
        if changes:
            self.event("修改整改任务", codes.LEDGER_TASK_UPDATE, reason, changes)

    def report(self, said: dict, *, as_of: date, source: str, actor) -> None:
        """task_record_report: state (along the lifecycle table), percent and texts as a report says."""
        task, before = self.task, self.snapshot()
        steps = report_set(task, as_of=as_of, **{name: said.get(name) for name in TASK_STATE_FIELDS})
        changes = diff(before, self.snapshot())
        if not changes:
            return
        self.event("据报告更新", codes.LEDGER_TASK_RECORD_REPORT, report_reason(source, steps), changes)
        if changes.keys() & HISTORY_FIELDS:
            self.progress.append(progress_entry(task, actor=actor, as_of=as_of, source=source))


def _findings_update(rows: list[tuple[Finding, dict]]) -> tuple[list, list[int]]:
    """finding_update on each: the audit items and the ids of findings whose text changed."""
    items, text_changed, written = [], [], []
    for finding, fields in rows:
        before = snapshot(finding, FINDING_FIELDS)
        for name, value in fields.items():
            setattr(finding, name, value)
        check_row(Finding, {k: getattr(finding, k) for k in FINDING_FIELDS}, f"问题{finding.number}：")
        changes = diff(before, snapshot(finding, FINDING_FIELDS))
        if not changes:
            continue
        finding.version += 1
        items.append((finding, {**changes, "version": [finding.version - 1, finding.version]}))
        written.append((finding.pk, *(getattr(finding, k) for k in FINDING_FIELDS), finding.version))
        if "text" in changes:
            text_changed.append(finding.pk)
    update_rows(Finding, [*FINDING_FIELDS, "version"], written)
    return items, text_changed


def _measures_update(rows: list[tuple[Measure, dict]]) -> list:
    """measure_update on each (as the office): the audit items."""
    items, written = [], []
    for measure, fields in rows:
        before = snapshot(measure, MEASURE_FIELDS)
        for name, value in fields.items():
            setattr(measure, name, value)
        if "progress_text" in fields and "progress_on" not in fields:
            measure.progress_on = timezone.localdate()
        own = [k for k in MEASURE_FIELDS if k != "responsible_unit"]
        check_row(Measure, {k: getattr(measure, k) for k in own}, f"任务措施{measure.number}：")
        changes = diff(before, snapshot(measure, MEASURE_FIELDS))
        if not changes:
            continue
        measure.version += 1
        items.append((measure, {**changes, "version": [measure.version - 1, measure.version]}))
        written.append((measure.pk, *(_value(measure, k) for k in MEASURE_FIELDS), measure.version))
    update_rows(Measure, [*MEASURE_FIELDS, "version"], written)
    return items


def _write_tasks(changes: list[_TaskChange], now) -> None:
    saved = [c for c in changes if c.saved]
    for change in saved:
        task = change.task
        task.start_day, task.due_day, task.updated_at = (
            day_number(task.start_on),
            day_number(task.due_on),
            now,
        )
    update_rows(Task, TASK_WRITTEN, [(c.task.pk, *(_value(c.task, k) for k in TASK_WRITTEN)) for c in saved])
    relinked = [c for c in changes if c.relinked]
    for through, field, links in (
        (Task.findings.through, "finding", lambda c: c.findings),
        (Task.cooperating_units.through, "orgunit", lambda c: c.cooperating),
    ):
        through.objects.filter(task_id__in=[c.task.pk for c in relinked]).delete()
        insert_rows(through, ["task", field], ((c.task.pk, x.pk) for c in relinked for x in links(c)))
    rebuilt = [c for c in changes if c.milestones is not None]
    Milestone.objects.filter(task_id__in=[c.task.pk for c in rebuilt]).delete()
    insert_rows(
        Milestone,
        ["task", "due_on", "due_day", "percent", "text"],
        ((c.task.pk, d, day_number(d), p, text[:300]) for c in rebuilt for d, p, text in c.milestones),
    )
    entries = [entry for c in changes for entry in c.progress]
    for entry in entries:
        entry.reported_at = now
    TaskProgress.objects.bulk_create(entries)
    # progress_history_append's rework mark: a report's claim of completion ends the rework
    done = [c.task.pk for c in changes if c.progress and c.task.state in DONE_STATES and c.task.rework_id]
    Task.objects.filter(pk__in=done).update(rework=None)


def ledger_bulk_update(
    *,
    actor,
    inspection: Inspection,
    as_of: date,
    source: str,
    findings: list[tuple[Finding, dict]] = (),
    tasks: list[tuple[Task, dict]] = (),
    reports: list[tuple[Task, dict]] = (),
    measures: list[tuple[Measure, dict]] = (),
) -> None:
    """Apply an import's changes to existing rows of `inspection`'s ledger (office only).

    `findings`, `measures`: (row, {field: new value}); `tasks`: (task, {field: new value}) with findings
    and cooperating units as objects; `reports`: (task, {state, progress, progress_text,
    progress_detail}: what a report says, None where it says nothing). A task may appear in both
    `tasks` and `reports` (the same object): its plan data changes first, then the report is recorded.
    """
    require(actor, "ledger.inspection.import", inspection)
    now, reason = timezone.now(), f"据《{source}》"
    finding_items, text_changed = _findings_update(list(findings))
    renamed = {f.pk: f for f, _ in findings}
    by_task: dict[int, _TaskChange] = {}
    for task, fields in tasks:
        by_task.setdefault(task.pk, _TaskChange(task, renamed)).update(fields, reason=reason)
    for task, said in reports:
        change = by_task.setdefault(task.pk, _TaskChange(task, renamed))
        change.report(said, as_of=as_of, source=source, actor=actor)
    changes = list(by_task.values())
    _write_tasks(changes, now)
    measure_items = _measures_update(list(measures))
    touched = [c.task.pk for c in changes if c.saved]
    flags_refresh(inspection.tasks.filter(pk__in=touched))
    linked = Task.findings.through.objects.filter(finding_id__in=text_changed).values_list(
        "task_id", flat=True
    )
    search_refresh(inspection.tasks.filter(pk__in={*touched, *linked}))
    audit_record_many(
        actor=actor, action="修改反馈问题", code=codes.LEDGER_FINDING_UPDATE, items=finding_items
    )
    events: dict[tuple[str, str, str], list] = {}
    for change in changes:
        for action, code, why, values in change.events:
            events.setdefault((action, code, why), []).append((change.task, values))
    # Task edits before report events: a task's own events stay in the order the services write them.
    for (action, code, why), items in sorted(
        events.items(), key=lambda item: item[0][1] != codes.LEDGER_TASK_UPDATE
    ):
        audit_record_many(actor=actor, action=action, code=code, items=items, reason=why)
    audit_record_many(
        actor=actor,
        action="修改整改措施",
        code=codes.LEDGER_MEASURE_UPDATE,
        items=measure_items,
        reason=reason,
    )
