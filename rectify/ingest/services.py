"""Importing a ledger draft: plan it, then apply it whole in one short transaction, or not at all."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rectify.ingest.draft import LedgerDraft
from rectify.ingest.issuer_unit import issuer_unit
from rectify.ingest.plan import ImportPlan, plan_import
from rectify.ledger import bulk, services
from rectify.ledger.bulk_update import ledger_bulk_update
from rectify.ledger.models import Inspection, InspectionKind, Measure, Task
from rectify.orgunits.models import OrgUnit
from rectify.orgunits.permissions import require


class _Context:
    """What the plan's steps need while they run: the inspection, and the rows created so far."""

    def __init__(
        self, *, unit: OrgUnit, inspection: Inspection | None, name: str, draft: LedgerDraft, facts: dict
    ):
        self.unit, self.inspection, self.name, self.draft, self.facts = unit, inspection, name, draft, facts
        self.as_of = draft.as_of or draft.document_date or timezone.localdate()
        self.findings = {} if inspection is None else {f.number: f for f in inspection.findings.all()}

    def ensure_inspection(self, actor) -> Inspection:
        """The inspection; a new one is created with the facts the source states (kind: central unless it says)."""
        if self.inspection is None:
            fields = {"kind": InspectionKind.CENTRAL, **self.facts}
            self.inspection = services.inspection_create(
                actor=actor, unit=self.unit, name=self.name, **fields
            )
        return self.inspection

    def task(self, number) -> Task:
        return Task.objects.select_related("inspection__unit", "lead_unit").get(
            inspection=self.ensure_inspection(None), number=number
        )

    def with_findings(self, changes: dict) -> dict:
        """`changes` with finding numbers replaced by the findings (existing or created by this import)."""
        if "findings" not in changes:
            return changes
        return {**changes, "findings": [self.findings[n] for n in changes["findings"]]}

    def fresh(self, task: Task) -> Task:
        return self.task(task.number)

    def record(self, actor, task_number, state, progress, text, detail):
        services.task_record_report(
            actor=actor,
            task=self.task(task_number),
            as_of=self.as_of,
            source=self.draft.source,
            state=state,
            progress=progress,
            progress_text=text,
            progress_detail=detail,
        )


def _inspection(unit: OrgUnit, name: str) -> Inspection | None:
    return Inspection.objects.filter(unit=unit, name=name).first()


def ledger_import_plan(*, unit: OrgUnit, inspection_name: str, draft: LedgerDraft) -> ImportPlan:
    """The preview: what importing `draft` into `unit`'s ledger of the named inspection would do.

    When the document's issuers (落款) name another place than `unit`, or cannot be told apart, the
    preview says so first (a warning: the office may import a county's report into its own ledger)."""
    plan = plan_import(
        unit=unit, inspection=_inspection(unit, inspection_name), inspection_name=inspection_name, draft=draft
    )
    plan.warnings[:0] = _issuer_warnings(unit, draft)
    return plan


def _issuer_warnings(unit: OrgUnit, draft: LedgerDraft) -> list[str]:
    if not draft.issuers:
        return []
    named = issuer_unit(draft.issuers)
    issuers = "、".join(draft.issuers)
    if named.problem:
        return [f"{named.problem}；请确认整改责任地区“{unit.name}”无误"]
    if named.unit is not None and named.unit.pk != unit.pk:
        return [f"落款“{issuers}”是{named.unit.name}，与所选整改责任地区“{unit.name}”不一致，请确认"]
    return []


PLAN_ATTEMPTS = 3  # plans made outside the write transaction before one is made inside it


def ledger_versions(unit: OrgUnit, inspection_name: str) -> dict:
    """The versions of the rows of the named inspection's ledger, as ImportPlan.read_versions holds them."""
    inspection = _inspection(unit, inspection_name)
    if inspection is None:
        return {"inspection": None, "findings": {}, "tasks": {}, "measures": {}}
    return {
        "inspection": (inspection.pk, inspection.version),
        "findings": dict(inspection.findings.values_list("pk", "version")),
        "tasks": dict(inspection.tasks.values_list("pk", "version")),
        "measures": dict(Measure.objects.filter(task__inspection=inspection).values_list("pk", "version")),
    }


def ledger_import_apply(
    *,
    actor,
    unit: OrgUnit,
    inspection_name: str,
    draft: LedgerDraft,
    on_progress: Callable[[int, int], None] | None = None,
    on_written: Callable[[ImportPlan], None] | None = None,
) -> ImportPlan:
    """Import `draft` into the ledger: plan, refuse if anything blocks, else make every change.

    `on_written(plan)` runs inside the write transaction after the last change: what it records (an
    import job marked done) commits with the import or not at all.

    The plan is made outside the write transaction (reading the ledger takes the longest); inside it,
    the versions of every row of the inspection's ledger are compared with those the plan read. If any
    moved (someone changed the ledger meanwhile), the plan is made again; after PLAN_ATTEMPTS it is
    made inside the transaction. The changes are then written in batches, so the transaction — on
    SQLite, the database's one write lock — lasts well under a second for a 2,000-row ledger.

    All or nothing: any error (in the plan, or raised while writing) rolls the whole import back.
    Importing the same draft twice changes nothing the second time.
    """
    require(actor, "ledger.inspection.import", unit)
    for attempt in range(PLAN_ATTEMPTS + 1):
        inside = attempt == PLAN_ATTEMPTS
        if not inside:
            plan = ledger_import_plan(unit=unit, inspection_name=inspection_name, draft=draft)
            if plan.errors:
                raise ValidationError(plan.errors)
        with transaction.atomic():
            if inside:
                plan = ledger_import_plan(unit=unit, inspection_name=inspection_name, draft=draft)
                if plan.errors:
                    raise ValidationError(plan.errors)
            elif ledger_versions(unit, inspection_name) != plan.read_versions:
                continue
            _write(actor, unit, inspection_name, draft, plan, on_progress or (lambda done, total: None))
            if on_written is not None:
                on_written(plan)
            return plan
    raise AssertionError("unreachable: the last attempt plans inside the transaction")


def _write(actor, unit, inspection_name, draft, plan: ImportPlan, report) -> None:
    """Make the plan's changes: new rows in bulk, changed rows in bulk, the inspection's own row by row."""
    context = _Context(
        unit=unit,
        inspection=_inspection(unit, inspection_name),
        name=inspection_name,
        draft=draft,
        facts=plan.new_inspection,
    )
    total = len(plan.changes) + 3
    _create_in_bulk(actor, context, plan)
    report(3, total)
    for change in plan.changes:
        if change.kind in ("new_inspection", "inspection"):
            change.step(actor, context)
    _update_in_bulk(actor, context, plan)
    report(total, total)


def _update_in_bulk(actor, context: _Context, plan: ImportPlan) -> None:
    if not (plan.finding_updates or plan.task_updates or plan.task_reports or plan.measure_updates):
        return
    ledger_bulk_update(
        actor=actor,
        inspection=context.ensure_inspection(actor),
        as_of=context.as_of,
        source=context.draft.source,
        findings=plan.finding_updates,
        tasks=[(task, context.with_findings(changes)) for task, changes in plan.task_updates],
        reports=plan.task_reports,
        measures=plan.measure_updates,
    )


def _create_in_bulk(actor, context: _Context, plan: ImportPlan) -> None:
    """The plan's new findings, then tasks (linked by finding number), then measures (by task number)."""
    if not (plan.new_findings or plan.new_tasks or plan.new_measures):
        return
    inspection = context.ensure_inspection(actor)
    context.findings.update(
        bulk.findings_bulk_create(actor=actor, inspection=inspection, rows=plan.new_findings)
    )
    rows = []
    for row in plan.new_tasks:
        row = dict(row)
        row["findings"] = [context.findings[n] for n in row.pop("finding_numbers")]
        rows.append(row)
    tasks = {t.number: t for t in inspection.tasks.only("id", "number", "title")}
    tasks |= bulk.tasks_bulk_create(
        actor=actor,
        inspection=inspection,
        rows=rows,
        as_of=context.as_of,
        source=context.draft.source,
        reference_date=context.draft.document_date,
    )
    bulk.measures_bulk_create(
        actor=actor,
        inspection=inspection,
        source=context.draft.source,
        rows=[{**fields, "task": tasks[number]} for number, fields in plan.new_measures],
    )
