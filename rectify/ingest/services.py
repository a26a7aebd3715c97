"""Importing a ledger draft: plan it, then apply it whole in one transaction, or not at all."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rectify.ingest.draft import LedgerDraft
from rectify.ingest.plan import ImportPlan, plan_import
from rectify.ledger import bulk, services
from rectify.ledger.models import Inspection, InspectionKind, Task
from rectify.orgunits.models import OrgUnit


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
    """The preview: what importing `draft` into `unit`'s ledger of the named inspection would do."""
    return plan_import(
        unit=unit, inspection=_inspection(unit, inspection_name), inspection_name=inspection_name, draft=draft
    )


@transaction.atomic
def ledger_import_apply(
    *,
    actor,
    unit: OrgUnit,
    inspection_name: str,
    draft: LedgerDraft,
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """Import `draft` into the ledger: plan again here, refuse if anything blocks, else make every change.

    All or nothing: any error (in the plan, or raised by a service along the way) rolls the whole
    import back. Importing the same draft twice changes nothing the second time.
    """
    services.require_office(actor, unit)
    inspection = _inspection(unit, inspection_name)
    plan = plan_import(unit=unit, inspection=inspection, inspection_name=inspection_name, draft=draft)
    if plan.errors:
        raise ValidationError(plan.errors)
    context = _Context(
        unit=unit, inspection=inspection, name=inspection_name, draft=draft, facts=plan.new_inspection
    )
    steps = [c for c in plan.changes if c.step is not None]
    total = len(steps) + 3
    report = on_progress or (lambda done, total: None)
    _create_in_bulk(actor, context, plan)
    report(3, total)
    for done, change in enumerate(steps, start=4):
        change.step(actor, context)
        report(done, total)
    return plan


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
