"""An updating import writes in batches (ledger.bulk_update) what one service call per changed row
wrote (issue 8, 3.2): the same fields, versions, links, milestones, progress history, stored flags,
search rows and audit events, compared field by field on the same ledger and the same workbook."""

import importlib.util
from pathlib import Path

import pytest
from django.db import transaction
from django.forms.models import model_to_dict

from rectify.audit.models import AuditEvent
from rectify.documents.ledger_workbook import write_workbook_rows
from rectify.ingest import services as ingest
from rectify.ingest.workbook import read_ledger_workbook
from rectify.ledger import services
from rectify.ledger.models import Finding, Measure, Task, TaskProgress, TaskSearch

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("import_workbook", ROOT / "bench" / "import_workbook.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)  # the benchmark's deterministic ledger generator


def draft_of(rows, source):
    return read_ledger_workbook(write_workbook_rows(*rows, title="云岭州 整改台账"), source=source)


@pytest.fixture
def ledger(db):
    """A ledger of 12 findings, 40 tasks and 120 measures, and a later workbook of it that changes
    every kind of thing an updating import changes."""
    pref, office = bench.make_prefecture()
    rows = bench.generate_rows(12, 40, 120)
    ingest.ledger_import_apply(
        actor=office, unit=pref, inspection_name=bench.INSPECTION, draft=draft_of(rows, "台账.xlsx")
    )
    return pref, office, draft_of(bench.later_rows(*rows), "台账（更新）.xlsx")


def apply_row_by_row(*, actor, unit, inspection_name, draft):
    """The import as it was before 3.2: every change through its own ledger service, in plan order."""
    plan = ingest.ledger_import_plan(unit=unit, inspection_name=inspection_name, draft=draft)
    assert not plan.errors
    context = ingest._Context(
        unit=unit,
        inspection=ingest._inspection(unit, inspection_name),
        name=inspection_name,
        draft=draft,
        facts=plan.new_inspection,
    )
    ingest._create_in_bulk(actor, context, plan)
    for change in plan.changes:
        if change.step is not None:
            change.step(actor, context)


SKIPPED = {"id", "created_at", "updated_at", "reported_at", "at"}


def row(obj, *extra) -> dict:
    data = {k: v for k, v in model_to_dict(obj).items() if k not in SKIPPED}
    for name in ("findings", "cooperating_units"):
        if name in data:
            data[name] = sorted(x.pk for x in data[name])
    return data


def ledger_state(first_event: int) -> dict:
    """Everything the import may have written, keyed by what identifies it (not by generated ids)."""
    tasks = Task.objects.prefetch_related("findings", "cooperating_units", "milestones")
    events: dict[tuple, list] = {}
    for event in AuditEvent.objects.filter(pk__gte=first_event).order_by("pk"):
        key = (event.object_type, event.object_id)
        events.setdefault(key, []).append(
            (event.actor_id, event.action, event.object_repr, event.changes, event.reason)
        )
    return {
        "findings": {f.pk: row(f) for f in Finding.objects.all()},
        "tasks": {
            t.pk: {
                **row(t),
                "start_day": t.start_day,
                "due_day": t.due_day,
                "schedule_flag": t.schedule_flag,
                "version": t.version,
                "milestones": sorted((m.due_on, m.due_day, m.percent, m.text) for m in t.milestones.all()),
            }
            for t in tasks
        },
        "measures": {m.pk: {**row(m), "version": m.version} for m in Measure.objects.all()},
        "progress": sorted(
            tuple(row(p).values()) for p in TaskProgress.objects.all()
        ),  # same columns in the same order for every row
        "search": {s.task_id: (s.text, s.grams) for s in TaskSearch.objects.all()},
        "events": events,
    }


def run_and_roll_back(apply, **kwargs) -> dict:
    first_event = (AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    with transaction.atomic():
        apply(**kwargs)
        state = ledger_state(first_event)
        transaction.set_rollback(True)
    return state


def test_an_updating_import_writes_in_batches_what_the_services_wrote_row_by_row(ledger):
    pref, office, later = ledger
    kwargs = {"actor": office, "unit": pref, "inspection_name": bench.INSPECTION, "draft": later}
    plan = ingest.ledger_import_plan(unit=pref, inspection_name=bench.INSPECTION, draft=later)
    counts = plan.counts()
    assert not plan.errors and counts["new_task"] == counts["new_measure"] == 0
    assert all(counts[kind] for kind in ("finding", "task", "state", "progress", "measure")), counts
    changed = {k for _, fields in plan.task_updates for k in fields}
    assert {"title", "deadline_raw", "lead_leader", "cooperating_units"} <= changed

    by_rows = run_and_roll_back(apply_row_by_row, **kwargs)
    batched = run_and_roll_back(ingest.ledger_import_apply, **kwargs)

    assert len(by_rows["events"]) >= len(plan.measure_updates) + len(plan.task_reports)
    for part in ("findings", "tasks", "measures", "progress", "search"):
        assert batched[part] == by_rows[part], part
    assert batched["events"].keys() == by_rows["events"].keys()
    for key, events in by_rows["events"].items():
        assert batched["events"][key] == events, key


def test_a_change_made_while_the_import_plans_is_read_by_a_new_plan(ledger, monkeypatch):
    """Someone reports progress after the import planned and before it writes: the versions read no
    longer match, so the import plans again and builds on that report instead of overwriting it."""
    pref, office, later = ledger
    task = Task.objects.get(inspection__name=bench.INSPECTION, number=2)
    plans = []
    planned = ingest.ledger_import_plan

    def plan_then_someone_reports(**kwargs):
        plans.append(planned(**kwargs))
        if len(plans) == 1:
            services.task_report_progress(actor=office, task=task, progress=50, progress_text="页面上的报送")
        return plans[-1]

    monkeypatch.setattr(ingest, "ledger_import_plan", plan_then_someone_reports)
    ingest.ledger_import_apply(actor=office, unit=pref, inspection_name=bench.INSPECTION, draft=later)

    assert len(plans) == 2
    reported = task.version + 1
    task.refresh_from_db()
    event = AuditEvent.objects.for_object(task).filter(action="据报告更新").first()
    assert event.changes["version"][0] == reported  # built on the report, not on the row read before it
    assert task.version == event.changes["version"][1]
    assert event.changes["progress_text"][0] == "页面上的报送"
