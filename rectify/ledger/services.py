"""Every change to the ledger: one function per change of state, each in one transaction, each audited.

Each checks the actor's right first (`require(actor, <action>, obj)`: orgunits.permissions, with the
ledger's rules in ledger.rules; PermissionDenied), validates (ValidationError with a Chinese
message naming the field), writes the rows, and appends an audit event.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from rectify.audit import codes
from rectify.audit.services import audit_record, diff, snapshot
from rectify.ledger import messages
from rectify.ledger.as_of import standings
from rectify.ledger.deadlines import Deadline, DeadlineKind, parse_deadline
from rectify.ledger.flags import flags_refresh
from rectify.ledger.lifecycle import (
    ACTION_LABELS,
    DONE_STATES,
    REASON_REQUIRED,
    TaskState,
    find_transition,
    path_between,
)
from rectify.ledger.models import Finding, Inspection, Measure, Milestone, Task, TaskProgress
from rectify.ledger.progress_history import (
    progress_before_claim,
    progress_history_append,
    progress_history_insert_then,
)
from rectify.ledger.search import search_refresh
from rectify.ledger.versions import version_claim
from rectify.orgunits.models import OrgUnit
from rectify.orgunits.permissions import require

INSPECTION_FIELDS = [
    "name",
    "kind",
    "round_number",
    "unit",
    "team",
    "stay_start",
    "stay_end",
    "feedback_on",
    "rule_set",
    "plan_deadline_working_days",
    "schedule_tolerance",
    "due_soon_days",
]
FINDING_FIELDS = ["number", "label", "provincial_seq", "city_seq", "text", "category"]
TASK_FIELDS = [
    "number",
    "title",
    "target",
    "deadline_raw",
    "deadline_kind",
    "start_on",
    "due_on",
    "is_long_term",
    "lead_leader",
    "lead_unit",
    "acceptance_unit",
    "responsible_person",
    "responsible_phone",
]
MEASURE_FIELDS = ["number", "text", "responsible_unit", "progress_text", "progress_on"]
ONGOING_KINDS = {DeadlineKind.ONGOING, DeadlineKind.IMMEDIATE_ONGOING}


def require_office(actor, unit: OrgUnit) -> None:
    """Kept for older callers: ask `require(actor, <action>, obj)` (orgunits.permissions, ledger.rules)."""
    require(actor, "ledger.inspection.create", unit)  # the office of `unit`


def require_progress_reporter(actor, task: Task) -> None:
    """Kept for older callers: ask `require(actor, "ledger.task.report_progress", task)`."""
    require(actor, "ledger.task.report_progress", task)


def _task_snapshot(task: Task) -> dict:
    data = snapshot(task, [*TASK_FIELDS, "state", "progress", "progress_text", "progress_detail"])
    if task.pk:
        data["findings"] = sorted(str(f) for f in task.findings.all())
        data["cooperating_units"] = sorted(str(u) for u in task.cooperating_units.all())
    return data


def _claim(obj, expected_version: int | None) -> None:
    """Claim `obj`'s row for this change (ledger.versions: refused if it moved on since
    `expected_version`) and read it afresh, so the change starts from what is stored now."""
    version_claim(type(obj), obj.pk, expected=expected_version)
    obj.refresh_from_db()


def _versioned(obj, changes: dict) -> dict:
    """`changes` with the version the claim moved `obj` to, for the audit log (ledger.versions reads it)."""
    return {**changes, "version": [obj.version - 1, obj.version]}


def _record_or_release(*, actor, action: str, code: str, obj, changes: dict, reason: str) -> None:
    """Audit the change of a claimed row with the version it moved to, or, when nothing changed, give
    the claim back (a save that changes nothing makes no open form stale)."""
    if changes:
        audit_record(
            actor=actor, action=action, code=code, obj=obj, changes=_versioned(obj, changes), reason=reason
        )
    else:
        _release(obj)


def _release(obj) -> None:
    """Give back a claim that changed nothing: the version counts changes, not saves."""
    type(obj)._default_manager.filter(pk=obj.pk).update(version=F("version") - 1)
    obj.version -= 1


# ---------------------------------------------------------------- inspections


@transaction.atomic
def inspection_create(*, actor, unit: OrgUnit, **fields) -> Inspection:
    """Open the ledger of an inspection for `unit` (the office of `unit` or above)."""
    require(actor, "ledger.inspection.create", unit)
    inspection = Inspection(unit=unit, **fields)
    inspection.full_clean()
    inspection.save()
    audit_record(
        actor=actor,
        action="创建督察",
        code=codes.LEDGER_INSPECTION_CREATE,
        obj=inspection,
        changes=diff({}, snapshot(inspection, INSPECTION_FIELDS)),
    )
    return inspection


@transaction.atomic
def inspection_update(
    *, actor, inspection: Inspection, reason: str = "", expected_version: int | None = None, **fields
) -> Inspection:
    """Change an inspection's dates, rules or names (refused if changed since `expected_version`)."""
    require(actor, "ledger.inspection.update", inspection)
    if "unit" in fields:
        require(actor, "ledger.inspection.create", fields["unit"])
    _claim(inspection, expected_version)
    before = snapshot(inspection, INSPECTION_FIELDS)
    for name, value in fields.items():
        setattr(inspection, name, value)
    inspection.full_clean()
    inspection.save()
    changes = diff(before, snapshot(inspection, INSPECTION_FIELDS))
    if changes.keys() & {"schedule_tolerance", "due_soon_days"}:
        flags_refresh(inspection.tasks.all())
    _record_or_release(
        actor=actor,
        action="修改督察",
        code=codes.LEDGER_INSPECTION_UPDATE,
        obj=inspection,
        changes=changes,
        reason=reason,
    )
    return inspection


# ---------------------------------------------------------------- findings


@transaction.atomic
def finding_create(*, actor, inspection: Inspection, **fields) -> Finding:
    """Add a feedback finding to an inspection's ledger."""
    require(actor, "ledger.finding.create", inspection)
    finding = Finding(inspection=inspection, **fields)
    finding.full_clean()
    finding.save()
    audit_record(
        actor=actor,
        action="新增反馈问题",
        code=codes.LEDGER_FINDING_CREATE,
        obj=finding,
        changes=diff({}, snapshot(finding, FINDING_FIELDS)),
    )
    return finding


@transaction.atomic
def finding_update(
    *, actor, finding: Finding, reason: str = "", expected_version: int | None = None, **fields
) -> Finding:
    """Correct a finding's number, text or category (refused if changed since `expected_version`)."""
    require(actor, "ledger.finding.update", finding)
    _claim(finding, expected_version)
    before = snapshot(finding, FINDING_FIELDS)
    for name, value in fields.items():
        setattr(finding, name, value)
    finding.full_clean()
    finding.save()
    changes = diff(before, snapshot(finding, FINDING_FIELDS))
    if "text" in changes:
        search_refresh(finding.tasks.all())
    _record_or_release(
        actor=actor,
        action="修改反馈问题",
        code=codes.LEDGER_FINDING_UPDATE,
        obj=finding,
        changes=changes,
        reason=reason,
    )
    return finding


# ---------------------------------------------------------------- tasks


def apply_deadline(
    task: Task, deadline: Deadline, *, default_start: date | None
) -> list[tuple[date, int, str]]:
    """Copy a parsed deadline onto the task's fields; return its staged milestones as (date, percent, text)."""
    task.deadline_raw = deadline.raw.strip()
    task.deadline_kind = deadline.kind.value
    task.due_on = deadline.end
    task.start_on = deadline.start or default_start
    task.is_long_term = deadline.kind in ONGOING_KINDS or getattr(deadline, "ongoing", False)
    stages = [m for m in deadline.milestones if m.date is not None]
    if len(stages) < 2:
        return []
    return [(m.date, round(100 * (i + 1) / len(stages)), m.text) for i, m in enumerate(stages)]


def _refresh_derived(task: Task) -> None:
    """Now that the task's fields, links and milestones are written: store its flag for today
    (ledger.flags) and rebuild its search row (ledger.search)."""
    flags_refresh(Task.objects.filter(pk=task.pk))
    search_refresh(Task.objects.filter(pk=task.pk))


def _replace_milestones(task: Task, milestones: list[tuple[date, int, str]]) -> None:
    task.milestones.all().delete()
    for when, percent, text in milestones:
        Milestone.objects.create(task=task, due_on=when, percent=percent, text=text[:300])


def _check_task_links(task: Task, findings, cooperating_units) -> None:
    if not findings:
        raise ValidationError({"findings": "请至少选择一个对应的反馈问题"})
    if any(f.inspection_id != task.inspection_id for f in findings):
        raise ValidationError({"findings": "对应问题必须属于同一次督察"})
    if task.lead_unit_id in {u.pk for u in cooperating_units}:
        raise ValidationError({"cooperating_units": "牵头单位不能同时是配合单位"})


@transaction.atomic
def task_create(
    *,
    actor,
    inspection: Inspection,
    findings,
    lead_unit: OrgUnit,
    number: int,
    title: str,
    deadline_raw: str = "",
    cooperating_units=(),
    reference_date: date | None = None,
    **fields,
) -> Task:
    """Add a task to the plan: parse its deadline, link its findings and units, derive its milestones."""
    require(actor, "ledger.task.create", inspection)
    task = Task(inspection=inspection, lead_unit=lead_unit, number=number, title=title, **fields)
    milestones = apply_deadline(
        task,
        parse_deadline(deadline_raw, reference=reference_date or inspection.feedback_on),
        default_start=fields.get("start_on") or inspection.feedback_on,
    )
    _check_task_links(task, findings, cooperating_units)
    task.full_clean()
    task.save()
    task.findings.set(findings)
    task.cooperating_units.set(cooperating_units)
    _replace_milestones(task, milestones)
    _refresh_derived(task)
    audit_record(
        actor=actor,
        action="新增整改任务",
        code=codes.LEDGER_TASK_CREATE,
        obj=task,
        changes=diff({}, _task_snapshot(task)),
    )
    messages.task_assigned(task)
    return task


@transaction.atomic
def task_update(
    *,
    actor,
    task: Task,
    reason: str = "",
    expected_version: int | None = None,
    findings=None,
    cooperating_units=None,
    **fields,
) -> Task:
    """Edit a task's plan data (office only). A changed deadline is parsed again and its milestones rebuilt.
    Refused, changing nothing, if the task changed since `expected_version` (the edit form's)."""
    require(actor, "ledger.task.update", task)
    _claim(task, expected_version)
    before = _task_snapshot(task)
    leader_before, unit_before = task.lead_leader_id, task.lead_unit_id
    deadline_changed = "deadline_raw" in fields and fields["deadline_raw"].strip() != task.deadline_raw
    for name, value in fields.items():
        setattr(task, name, value)
    if deadline_changed:
        milestones = apply_deadline(
            task,
            parse_deadline(fields["deadline_raw"], reference=task.inspection.feedback_on),
            default_start=fields.get("start_on") or task.start_on or task.inspection.feedback_on,
        )
    findings = list(task.findings.all()) if findings is None else list(findings)
    cooperating_units = (
        list(task.cooperating_units.all()) if cooperating_units is None else list(cooperating_units)
    )
    _check_task_links(task, findings, cooperating_units)
    task.full_clean()
    task.save()
    task.findings.set(findings)
    task.cooperating_units.set(cooperating_units)
    if deadline_changed:
        _replace_milestones(task, milestones)
    _refresh_derived(task)
    changes = diff(before, _task_snapshot(task))
    _record_or_release(
        actor=actor,
        action="修改整改任务",
        code=codes.LEDGER_TASK_UPDATE,
        obj=task,
        changes=changes,
        reason=reason,
    )
    messages.task_assigned(task, leader_before=leader_before, unit_before=unit_before)
    return task


def _send_back(task: Task) -> None:
    """A task leaving a done state for rework no longer claims completion: its percent, progress text and
    their date return to what the unit last reported before the claim (0 % and no text if nothing)."""
    before_claim = progress_before_claim(task)
    if before_claim is None:
        task.progress, task.progress_text, task.progress_on = 0, "", None
    else:
        task.progress, task.progress_text = before_claim.progress or 0, before_claim.text
        task.progress_on = before_claim.as_of


@transaction.atomic
def task_transition(
    *, actor, task: Task, action: str, reason: str = "", expected_version: int | None = None
) -> Task:
    """Move a task along its lifecycle, if the table allows (state, action) and the actor's relation to it.

    A claim of completion sets the percent to 100; a task sent back from a done state (退回整改, 重新整改,
    撤回自评) stands again where it stood before the claim. The history entry carries the reason.
    A button press makes every edit form opened before it stale (it claims the task's version); pressed
    on a page read at `expected_version`, it is refused (EditConflict) if the task changed since: a
    leader accepts what they saw, not what someone wrote meanwhile.
    """
    require(actor, "ledger.task.transition", task)
    version_claim(Task, task.pk, expected=expected_version)
    task = Task.objects.select_related("inspection__unit", "lead_unit").get(pk=task.pk)
    require(actor, "ledger.task.transition", task)
    transition = find_transition(task.state, action)
    if transition is None:
        raise ValidationError(f"当前状态“{task.get_state_display()}”下不能执行该操作")
    require(actor, codes.ledger_task_action(transition.action.value), task)
    if transition.action in REASON_REQUIRED and not reason.strip():
        raise ValidationError({"reason": f"“{ACTION_LABELS[transition.action]}”须填写理由"})
    before = _task_snapshot(task)
    if transition.target == TaskState.SELF_REPORTED:
        task.progress = 100
    elif task.state in DONE_STATES and transition.target not in DONE_STATES:
        _send_back(task)
    task.state = transition.target
    task.save(update_fields=["state", "progress", "progress_text", "progress_on"])
    progress_history_append(
        task,
        actor=actor,
        as_of=timezone.localdate(),
        source="页面操作",
        action=transition.action.value,
        reason=reason,
    )
    _refresh_derived(task)
    audit_record(
        actor=actor,
        action=ACTION_LABELS[transition.action],
        code=codes.ledger_task_action(transition.action.value),
        obj=task,
        changes=_versioned(task, diff(before, _task_snapshot(task))),
        reason=reason,
    )
    return task


@transaction.atomic
def task_report_progress(
    *,
    actor,
    task: Task,
    progress: int,
    progress_text: str,
    reported_on: date | None = None,
    expected_version: int | None = None,
) -> Task:
    """A unit reports where a task stands (整改进展情况): percent and text. Starts a not-started task.
    Refused, changing nothing, if the task changed since `expected_version` (the form's)."""
    require(actor, "ledger.task.report_progress", task)
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": "完成进度须在0到100之间"})
    if not progress_text.strip():
        raise ValidationError({"progress_text": "请填写整改进展情况"})
    _claim(task, expected_version)
    before = _task_snapshot(task)
    task.progress, task.progress_text = progress, progress_text.strip()
    task.progress_on = reported_on or timezone.localdate()
    if task.state == TaskState.NOT_STARTED and progress > 0:
        task.state = TaskState.IN_PROGRESS
    task.save()
    progress_history_append(task, actor=actor, as_of=task.progress_on, source="页面报送")
    _refresh_derived(task)
    audit_record(
        actor=actor,
        action="报送进展",
        code=codes.LEDGER_TASK_REPORT_PROGRESS,
        obj=task,
        changes=_versioned(task, diff(before, _task_snapshot(task))),
    )
    return task


# ---------------------------------------------------------------- measures


@transaction.atomic
def measure_create(*, actor, task: Task, **fields) -> Measure:
    """Add a numbered measure to a task (office only)."""
    require(actor, "ledger.measure.create", task)
    measure = Measure(task=task, **fields)
    measure.full_clean()
    measure.save()
    audit_record(
        actor=actor,
        action="新增整改措施",
        code=codes.LEDGER_MEASURE_CREATE,
        obj=measure,
        changes=diff({}, snapshot(measure, MEASURE_FIELDS)),
    )
    return measure


@transaction.atomic
def measure_update(
    *, actor, measure: Measure, reason: str = "", expected_version: int | None = None, **fields
) -> Measure:
    """Edit a measure: the office changes anything; the lead unit's liaison reports its progress only.
    Refused, changing nothing, if the measure changed since `expected_version` (the edit form's)."""
    progress_only = not set(fields) - {"progress_text", "progress_on"}
    require(actor, "ledger.measure.report_progress" if progress_only else "ledger.measure.update", measure)
    _claim(measure, expected_version)
    before = snapshot(measure, MEASURE_FIELDS)
    for name, value in fields.items():
        setattr(measure, name, value)
    if "progress_text" in fields and "progress_on" not in fields:
        measure.progress_on = timezone.localdate()
    measure.full_clean()
    measure.save()
    changes = diff(before, snapshot(measure, MEASURE_FIELDS))
    _record_or_release(
        actor=actor,
        action="修改整改措施",
        code=codes.LEDGER_MEASURE_REPORT_PROGRESS if progress_only else codes.LEDGER_MEASURE_UPDATE,
        obj=measure,
        changes=changes,
        reason=reason,
    )
    return measure


@transaction.atomic
def task_record_report(
    *,
    actor,
    task: Task,
    as_of: date,
    source: str,
    state: str | None = None,
    progress: int | None = None,
    progress_text: str | None = None,
    progress_detail: str | None = None,
) -> Task:
    """Record what an official report or ledger workbook says of a task (据报告更新), office only.

    The state may be set only where the transition table leads from the current one (a report cannot
    sign off a task the table could never sign off); the whole chain is named in the audit event.
    A progress entry is appended when the state, percent or progress text changed. Returns the task
    unchanged when the report says nothing new.
    """
    require(actor, "ledger.task.record_report", task)
    later = task.progress_reports.filter(as_of__gt=as_of).order_by("-as_of").first()
    if later is not None:  # the ledger, its history and the report would disagree on which is the latest
        raise ValidationError(
            f"任务{task.number}已有{later.as_of:%Y年%-m月%-d日}的进展，晚于《{source}》的截至日期"
            f"（{as_of:%Y年%-m月%-d日}）：不能用更早的报告覆盖"
        )
    before = _task_snapshot(task)
    steps = report_set(
        task,
        as_of=as_of,
        state=state,
        progress=progress,
        progress_text=progress_text,
        progress_detail=progress_detail,
    )
    changes = diff(before, _task_snapshot(task))
    if not changes:
        return task
    # The task as the caller read it: refused if it changed since (an office edit during an import).
    version_claim(Task, task.pk, expected=task.version)
    task.version += 1
    changes = _versioned(task, changes)
    task.save()
    _refresh_derived(task)
    if changes.keys() & HISTORY_FIELDS:
        progress_history_append(task, actor=actor, as_of=as_of, source=source)
    audit_record(
        actor=actor,
        action="据报告更新",
        code=codes.LEDGER_TASK_RECORD_REPORT,
        obj=task,
        changes=changes,
        reason=report_reason(source, steps),
    )
    return task


@transaction.atomic
def task_record_report_then(
    *,
    actor,
    task: Task,
    as_of: date,
    source: str,
    progress: int | None = None,
    progress_text: str | None = None,
) -> TaskProgress:
    """Record what a report says of a task as of a date before its latest progress entry (a dispatch
    round locked after the unit reported again), office only: a history entry at that date, where the
    task stood then as the report tells it; the task, and so the ledger now, stays as its latest entry
    says. What it stood at then (`ledger.as_of`) gives what the report does not say; a not-started task
    reported above 0 % had started; a task done then stays at 100 %. Returns the entry."""
    require(actor, "ledger.task.record_report", task)
    then = standings([task], as_of)[task.pk]
    state = then.state
    if state == TaskState.NOT_STARTED and (progress or 0) > 0:
        state = TaskState.IN_PROGRESS
    if state in DONE_STATES:
        progress = 100
    elif progress is None:
        progress = then.progress
    elif not 0 <= progress <= 100:
        raise ValidationError({"progress": f"任务{task.number}的完成进度须在0到100之间"})
    text = (progress_text or "").strip() or then.text
    entry = progress_history_insert_then(
        task, actor=actor, as_of=as_of, source=source, state=state, progress=progress, text=text
    )
    audit_record(
        actor=actor,
        action="据报告补记进展",
        code=codes.LEDGER_TASK_RECORD_REPORT_THEN,
        obj=task,
        changes={"as_of": [None, as_of.isoformat()], "state": [then.state, state],
                 "progress": [then.progress, progress], "progress_text": [then.text, text]},
        reason=f"据《{source}》记入{as_of:%Y年%-m月%-d日}的进展；任务现状以更晚的进展为准",
    )  # fmt: skip
    return entry


def report_set(
    task: Task,
    *,
    as_of: date,
    state: str | None = None,
    progress: int | None = None,
    progress_text: str | None = None,
    progress_detail: str | None = None,
) -> list[str]:
    """Set on `task` (not saved) what a report says of it, None where it says nothing; returns the labels
    of the lifecycle steps its state took. The one rule of task_record_report and the batched import.

    The state may move only where the transition table leads from the current one; a done state claims
    100 %; a task the report sends back from a done state stands where it stood before the claim, then
    takes the report's own percent and text, if it gives them."""
    steps = []
    if state is not None and state != task.state:
        path = path_between(task.state, state)
        if path is None:
            raise ValidationError({"state": f"任务{task.number}不能从“{task.get_state_display()}”变为该状态"})
        steps = [ACTION_LABELS[t.action] for t in path]
        if state in DONE_STATES:
            task.progress = 100
        elif task.state in DONE_STATES:
            _send_back(task)
        task.state = state
    if progress is not None:
        if not 0 <= progress <= 100:
            raise ValidationError({"progress": f"任务{task.number}的完成进度须在0到100之间"})
        task.progress = progress
    if progress_text is not None and progress_text.strip() != task.progress_text:
        task.progress_text = progress_text.strip()
        task.progress_on = as_of
    if progress_detail is not None and progress_detail.strip() != task.progress_detail:
        task.progress_detail = progress_detail.strip()
        task.progress_on = as_of
    return steps


def report_reason(source: str, steps: list[str]) -> str:
    """The reason of a 据报告更新 audit event: the source, and the lifecycle steps the state took."""
    return f"据《{source}》" + (f"（{' → '.join(steps)}）" if steps else "")


HISTORY_FIELDS = {"state", "progress", "progress_text", "progress_detail"}  # a change of these is history
