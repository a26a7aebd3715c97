"""Importing a ledger draft: preview, all-or-nothing apply, idempotent re-import, later reports update."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from rectify.audit.models import AuditEvent
from rectify.ingest import services as ingest
from rectify.ingest.draft import DraftFinding, DraftKind, DraftMeasure, DraftTask, LedgerDraft
from rectify.ledger import bulk, bulk_update, services
from rectify.ledger.lifecycle import TaskState
from rectify.ledger.models import Finding, Inspection, Measure, Task, TaskProgress

NAME = "第三轮中央生态环境保护督察"


def report(
    *, status="in_progress", status_text="正在持续推进", measure_two="2.已完成设备招标。", source="r1.txt"
):
    return LedgerDraft(
        kind=DraftKind.REPORT,
        source=source,
        as_of=date(2025, 10, 31),
        document_date=date(2025, 12, 20),
        findings=(
            DraftFinding(number=1, label="一", text="督察发现，焦化企业烟气长期超标排放。", line=3),
            DraftFinding(number=2, label="二", text="督察发现，取水口计量设施不全。", line=9),
        ),
        tasks=(
            DraftTask(
                number=None,
                finding_numbers=(1,),
                title="焦化企业烟气长期超标排放",
                deadline_raw="2026年底前",
                state=status,
                progress_text=status_text,
                line=3,
                measures=(
                    DraftMeasure(1, "1.制定治理方案。", progress_text="1.制定治理方案。"),
                    DraftMeasure(2, measure_two, progress_text=measure_two),
                ),
            ),
            DraftTask(
                number=None,
                finding_numbers=(2,),
                title="取水口计量",
                deadline_raw="立行立改，长期坚持",
                state="self_reported",
                progress=100,
                progress_text="已完成，长期坚持",
                line=9,
                measures=(DraftMeasure(1, "1.安装计量设施。", progress_text="1.安装计量设施。"),),
            ),
        ),
    )


def rows():
    return (
        Inspection.objects.count(),
        Finding.objects.count(),
        Task.objects.count(),
        Measure.objects.count(),
        TaskProgress.objects.count(),
        AuditEvent.objects.count(),
    )


def test_preview_lists_what_will_be_created_and_changes_nothing(world):
    before = rows()
    plan = ingest.ledger_import_plan(unit=world.pref, inspection_name=NAME, draft=report())
    assert plan.errors == []
    assert plan.counts()["new_finding"] == 2
    assert plan.counts()["new_task"] == 2
    assert plan.counts()["new_measure"] == 3
    assert rows() == before


def test_import_creates_the_ledger_then_reimport_changes_nothing(world):
    ingest.ledger_import_apply(actor=world.office, unit=world.pref, inspection_name=NAME, draft=report())
    inspection = Inspection.objects.get(name=NAME, unit=world.pref)
    task1, task2 = inspection.tasks.order_by("number")
    assert (task1.deadline_raw, task1.due_on, task1.state) == (
        "2026年底前",
        date(2026, 12, 31),
        TaskState.IN_PROGRESS,
    )
    assert task1.progress_text == "正在持续推进"
    assert (task2.state, task2.is_long_term, task2.progress) == (TaskState.SELF_REPORTED, True, 100)
    assert [m.text for m in task1.measures.all()] == ["1.制定治理方案。", "2.已完成设备招标。"]
    assert TaskProgress.objects.filter(task__inspection=inspection).count() == 2

    after_first = rows()
    plan = ingest.ledger_import_apply(
        actor=world.office, unit=world.pref, inspection_name=NAME, draft=report()
    )
    assert plan.is_empty
    assert rows() == after_first


def test_a_later_report_updates_states_and_appends_progress(world):
    ingest.ledger_import_apply(actor=world.office, unit=world.pref, inspection_name=NAME, draft=report())
    later = report(
        status="self_reported", status_text="已完成", measure_two="2.设备已安装并通过验收。", source="r2.txt"
    )
    plan = ingest.ledger_import_plan(unit=world.pref, inspection_name=NAME, draft=later)
    assert [(c.kind, c.subject) for c in plan.changes] == [
        ("state", "任务1"),
        ("progress", "任务1"),
        ("measure", "任务1 措施2"),
    ]
    ingest.ledger_import_apply(actor=world.office, unit=world.pref, inspection_name=NAME, draft=later)
    task1 = Task.objects.get(inspection__name=NAME, number=1)
    assert (task1.state, task1.progress, task1.progress_text) == (TaskState.SELF_REPORTED, 100, "已完成")
    assert Finding.objects.filter(inspection__name=NAME).count() == 2  # not duplicated
    history = list(task1.progress_reports.values_list("status_text", "source"))
    assert history == [("已完成", "r2.txt"), ("正在持续推进", "r1.txt")]
    assert task1.measures.get(number=2).progress_text == "2.设备已安装并通过验收。"
    assert task1.measures.get(number=2).text == "2.已完成设备招标。"
    event = AuditEvent.objects.for_object(task1).filter(action="据报告更新").first()
    assert event.reason == "据《r2.txt》（自评完成）"


def test_a_report_never_moves_a_task_backwards(world):
    ingest.ledger_import_apply(actor=world.office, unit=world.pref, inspection_name=NAME, draft=report())
    task2 = Task.objects.get(inspection__name=NAME, number=2)
    services.task_transition(actor=world.office, task=task2, action="request_acceptance")
    plan = ingest.ledger_import_plan(unit=world.pref, inspection_name=NAME, draft=report())
    assert plan.is_empty


def test_an_import_that_fails_halfway_changes_nothing(world, monkeypatch):
    before = rows()

    def disk_full(**kwargs):
        raise ValidationError("磁盘已满")

    # findings and tasks are written, then the measures fail: all of it must roll back
    monkeypatch.setattr(bulk, "measures_bulk_create", disk_full)
    with pytest.raises(ValidationError):
        ingest.ledger_import_apply(actor=world.office, unit=world.pref, inspection_name=NAME, draft=report())
    assert rows() == before


def test_what_is_recorded_when_written_commits_with_the_import_or_not_at_all(world):
    """A job is marked done inside the import's transaction: a worker that dies while marking it (here:
    raising there) leaves the ledger untouched, never changed behind a job that says it failed."""
    before = rows()

    def worker_dies(plan):
        raise SystemExit("killed")

    with pytest.raises(SystemExit):
        ingest.ledger_import_apply(
            actor=world.office, unit=world.pref, inspection_name=NAME, draft=report(), on_written=worker_dies
        )
    assert rows() == before
    seen = []
    plan = ingest.ledger_import_apply(
        actor=world.office, unit=world.pref, inspection_name=NAME, draft=report(), on_written=seen.append
    )
    assert seen == [plan] and rows() != before


def test_a_reimport_that_fails_on_its_last_step_changes_nothing(world, monkeypatch):
    ingest.ledger_import_apply(actor=world.office, unit=world.pref, inspection_name=NAME, draft=report())
    before = rows()
    task1 = Task.objects.get(inspection__name=NAME, number=1)

    def disk_full(*args, **kwargs):
        raise ValidationError("磁盘已满")

    # the measures are written after the task's new state and progress: all of it must roll back
    monkeypatch.setattr(bulk_update, "_measures_update", disk_full)
    later = report(
        status="self_reported", status_text="已完成", measure_two="2.设备已安装。", source="r2.txt"
    )
    with pytest.raises(ValidationError):
        ingest.ledger_import_apply(actor=world.office, unit=world.pref, inspection_name=NAME, draft=later)
    assert rows() == before
    task1.refresh_from_db()
    assert (task1.state, task1.progress_text) == (TaskState.IN_PROGRESS, "正在持续推进")


def test_blocking_errors_name_the_row_and_write_nothing(world):
    draft = LedgerDraft(
        kind=DraftKind.WORKBOOK,
        source="台账.xlsx",
        findings=(DraftFinding(number=1, text="问题", line="反馈问题 第2行"),),
        tasks=(
            DraftTask(
                number=1,
                finding_numbers=(1, 7),
                title="任务",
                lead_unit="火星县",
                leader="无名氏",
                line="整改任务 第2行",
            ),
        ),
    )
    before = rows()
    plan = ingest.ledger_import_plan(unit=world.pref, inspection_name=NAME, draft=draft)
    assert plan.errors == [
        "整改任务 第2行：任务1对应的问题7不存在",
        "整改任务 第2行：牵头单位“火星县”不是柳原州的单位（请先在基础数据中添加，或核对名称）",
        "整改任务 第2行：责任领导“无名氏”找不到（须为柳原州的责任领导账号的姓名）",
    ]
    with pytest.raises(ValidationError):
        ingest.ledger_import_apply(actor=world.office, unit=world.pref, inspection_name=NAME, draft=draft)
    assert rows() == before


def test_a_finding_split_into_several_tasks_is_left_for_the_office(world):
    services.task_create(
        actor=world.office,
        inspection=world.inspection,
        findings=[world.finding],
        number=9,
        lead_unit=world.county_b,
        title="另一项任务",
    )
    draft = LedgerDraft(
        kind=DraftKind.REPORT,
        source="r.txt",
        findings=(),
        tasks=(DraftTask(number=None, finding_numbers=(1,), state="self_reported", line=5),),
    )
    plan = ingest.ledger_import_plan(unit=world.pref, inspection_name=world.inspection.name, draft=draft)
    assert plan.is_empty
    assert plan.warnings == [
        "第5行：问题1对应多项任务（1、9），报告中的状态和措施未自动更新，请在台账中逐项核对"
    ]


def test_only_the_office_imports(world):
    before = rows()
    with pytest.raises(Exception) as caught:
        ingest.ledger_import_apply(actor=world.liaison, unit=world.pref, inspection_name=NAME, draft=report())
    assert caught.type.__name__ == "PermissionDenied"
    assert rows() == before


def test_a_workbook_can_relink_a_task_to_other_findings(world):
    draft = LedgerDraft(
        kind=DraftKind.WORKBOOK,
        source="台账.xlsx",
        findings=(),
        tasks=(
            DraftTask(
                number=1,
                finding_numbers=(1, 2),
                title=world.task_a.title,
                lead_unit="石河县",
                cooperating_units=(),
                leader=world.leader.full_name,
                deadline_raw="2023年底前",
                line="整改任务 第2行",
            ),
        ),
    )
    plan = ingest.ledger_import_plan(unit=world.pref, inspection_name=world.inspection.name, draft=draft)
    assert [(c.kind, c.subject, c.detail) for c in plan.changes] == [("task", "任务1", "对应问题")]
    ingest.ledger_import_apply(
        actor=world.office, unit=world.pref, inspection_name=world.inspection.name, draft=draft
    )
    assert sorted(world.task_a.findings.values_list("number", flat=True)) == [1, 2]
