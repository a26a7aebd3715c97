"""Creating many ledger rows at once (imports of whole ledgers): the same rules as `ledger.services`,
in batched INSERTs instead of thousands of round trips.

Callers pass rows whose references are already resolved (units and leaders as objects, findings
as objects) and whose numbers the caller has checked for clashes (the import plan does). Each
function checks its rows' own fields, writes them, and appends one audit event per row. Call it
inside a transaction: on any error the caller's transaction rolls everything back.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from rectify.audit import codes
from rectify.audit.services import audit_record_many, snapshot
from rectify.core.bulk_insert import check_row, insert_rows
from rectify.ledger.deadlines import parse_deadline
from rectify.ledger.flags import flags_refresh
from rectify.ledger.lifecycle import DONE_STATES, TaskState
from rectify.ledger.models import Finding, Inspection, Measure, Milestone, Task, TaskProgress, day_number
from rectify.ledger.progress_history import progress_entry
from rectify.ledger.search import search_refresh
from rectify.ledger.services import (
    FINDING_FIELDS,
    MEASURE_FIELDS,
    TASK_FIELDS,
    apply_deadline,
)
from rectify.orgunits.permissions import require

TASK_COLUMNS = [
    "inspection",
    *TASK_FIELDS,
    "state",
    "progress",
    "progress_text",
    "progress_detail",
    "progress_on",
    "start_day",
    "due_day",
    "created_at",
    "updated_at",
]


def _pk(obj):
    return None if obj is None else obj.pk


def findings_bulk_create(*, actor, inspection: Inspection, rows: list[dict]) -> dict[int, Finding]:
    """Create findings from rows of Finding fields (plus `where`, naming the row in errors); {number: finding}."""
    require(actor, "ledger.finding.create", inspection)
    columns = ["inspection", *FINDING_FIELDS]
    values = []
    for row in rows:
        row = {
            name: row.get(name, Finding._meta.get_field(name).get_default()) for name in FINDING_FIELDS
        } | {"where": row.get("where", "")}
        check_row(Finding, {k: v for k, v in row.items() if k != "where"}, row["where"])
        values.append((inspection.pk, *(row[name] for name in FINDING_FIELDS)))
    insert_rows(Finding, columns, values)
    created = {f.number: f for f in inspection.findings.filter(number__in=[r["number"] for r in rows])}
    audit_record_many(
        actor=actor,
        action="新增反馈问题",
        code=codes.LEDGER_FINDING_CREATE,
        reason="批量导入",
        items=[(f, {k: (None, v) for k, v in snapshot(f, FINDING_FIELDS).items()}) for f in created.values()],
    )
    return created


def tasks_bulk_create(
    *,
    actor,
    inspection: Inspection,
    rows: list[dict],
    as_of: date,
    source: str,
    reference_date: date | None = None,
) -> dict[int, Task]:
    """Create tasks with their links, milestones, initial state and first progress entry; {number: task}.

    A row holds Task fields plus `findings` and `cooperating_units` (lists of objects), and optionally
    `state`, `progress`, `progress_text` (what the source says now) and `where`.
    """
    require(actor, "ledger.task.create", inspection)
    now = timezone.now()
    drafts = []
    for row in rows:
        row = dict(row)
        where, findings = row.pop("where", ""), row.pop("findings")
        cooperating, state = row.pop("cooperating_units", []), row.pop("state", None) or TaskState.NOT_STARTED
        task = Task(inspection=inspection, **{k: v for k, v in row.items() if k != "deadline_raw"})
        stages = apply_deadline(
            task,
            parse_deadline(row.get("deadline_raw", ""), reference=reference_date or inspection.feedback_on),
            default_start=row.get("start_on") or inspection.feedback_on,
        )
        task.state = state
        task.progress = 100 if state in DONE_STATES else (task.progress or 0)
        task.progress_on = as_of if task.progress_text or task.progress_detail else None
        task.start_day, task.due_day = day_number(task.start_on), day_number(task.due_on)
        check_row(
            Task,
            {
                k: getattr(task, k)
                for k in (
                    "number",
                    "title",
                    "deadline_raw",
                    "state",
                    "progress",
                    "responsible_person",
                    "responsible_phone",
                )
            },
            where,
        )
        if not findings:
            raise ValidationError(f"{where}任务{task.number}没有对应的反馈问题")
        drafts.append((task, findings, cooperating, stages))

    def task_values(task):
        values = {
            name: getattr(task, name) for name in TASK_COLUMNS if name not in ("created_at", "updated_at")
        }
        for fk in ("inspection", "lead_leader", "lead_unit", "acceptance_unit"):
            values[fk] = _pk(values[fk])
        return (*(values[name] for name in TASK_COLUMNS[:-2]), now, now)

    insert_rows(Task, TASK_COLUMNS, (task_values(task) for task, *_ in drafts))
    ids = dict(inspection.tasks.values_list("number", "id"))
    for task, *_ in drafts:
        task.pk = task.id = ids[task.number]
    insert_rows(
        Task.findings.through,
        ["task", "finding"],
        ((t.pk, f.pk) for t, findings, _, _ in drafts for f in findings),
    )
    insert_rows(
        Task.cooperating_units.through,
        ["task", "orgunit"],
        ((t.pk, u.pk) for t, _, units, _ in drafts for u in units),
    )
    insert_rows(
        Milestone,
        ["task", "due_on", "due_day", "percent", "text"],
        ((t.pk, d, day_number(d), p, text[:300]) for t, _, _, stages in drafts for d, p, text in stages),
    )
    # The first history entries, in the shape ledger.progress_history gives every entry, in one batch.
    entries = (
        progress_entry(t, actor=actor, as_of=as_of, source=source)
        for t, *_ in drafts
        if t.state != TaskState.NOT_STARTED or t.progress or t.progress_text  # (ledger.as_of's rule)
    )
    insert_rows(
        TaskProgress,
        ["task", "state", "as_of", "reported_at", "reported_by", "progress", "status_text", "text", "source",
         "action", "reason"],
        (
            (e.task.pk, e.state, e.as_of, now, e.reported_by_id, e.progress, e.status_text, e.text, e.source,
             e.action, e.reason)
            for e in entries
        ),
    )  # fmt: skip
    # The rows just inserted are those without a flag and without a search row.
    flags_refresh(inspection.tasks.filter(schedule_flag=""))
    search_refresh(inspection.tasks.filter(search__isnull=True), lock=False)
    audits = []
    for task, findings, cooperating, _ in drafts:
        values = snapshot(task, [*TASK_FIELDS, "state", "progress", "progress_text", "progress_detail"])
        values["findings"] = sorted(str(f) for f in findings)
        values["cooperating_units"] = sorted(str(u) for u in cooperating)
        audits.append((task, {k: (None, v) for k, v in values.items()}))
    audit_record_many(
        actor=actor,
        action="新增整改任务",
        code=codes.LEDGER_TASK_CREATE,
        items=audits,
        reason=f"据《{source}》导入",
    )
    return {task.number: task for task, *_ in drafts}


def measures_bulk_create(*, actor, inspection: Inspection, rows: list[dict], source: str) -> int:
    """Create measures from rows of Measure fields with `task` objects of `inspection`; returns the count."""
    require(actor, "ledger.measure.create", inspection)
    values = []
    for row in rows:
        own = {name: row.get(name, "") for name in MEASURE_FIELDS if name != "responsible_unit"}
        own["progress_on"] = row.get("progress_on")
        check_row(Measure, own, row.get("where", ""))
        values.append({**own, "task": row["task"], "responsible_unit": row.get("responsible_unit")})
    insert_rows(
        Measure,
        ["task", *MEASURE_FIELDS],
        (
            (
                v["task"].pk,
                v["number"],
                v["text"],
                _pk(v["responsible_unit"]),
                v["progress_text"],
                v["progress_on"],
            )
            for v in values
        ),
    )
    ids = {
        (task_id, number): pk
        for pk, task_id, number in Measure.objects.filter(task__inspection=inspection).values_list(
            "id", "task_id", "number"
        )
    }
    label = Measure._meta.label_lower
    audit_record_many(
        actor=actor,
        action="新增整改措施",
        code=codes.LEDGER_MEASURE_CREATE,
        reason=f"据《{source}》导入",
        items=[
            (
                label,
                ids[v["task"].pk, v["number"]],
                f"措施{v['number']}",
                {k: (None, str(v[k]) if k == "responsible_unit" and v[k] else v[k]) for k in MEASURE_FIELDS},
            )
            for v in values
        ],
    )
    return len(values)
