"""Every audit event carries a stable code (audit.codes) beside its Chinese label: every call that writes
one passes a code, the services leave no event without one, and the codes stay out of the Chinese UI."""

import ast
import importlib.util
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from rectify.audit import codes
from rectify.audit.models import AuditEvent
from rectify.documents import generation
from rectify.documents.ledger_workbook import write_workbook_rows
from rectify.documents.models import GeneratedDocument
from rectify.ingest import jobs
from rectify.ingest import services as ingest
from rectify.ingest.models import ImportJob
from rectify.ingest.workbook import read_ledger_workbook
from rectify.ledger import services
from rectify.ledger.lifecycle import ACTION_LABELS, TaskAction

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("import_workbook", ROOT / "bench" / "import_workbook.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(
    bench
)  # the benchmark's ledger generator: an import that creates, then one that updates

REPORT = "柳原州整改落实情况报告\n\n一、督察发现，焦化企业烟气长期超标排放。\n\n整改时限：2026年底前\n"


def test_every_call_that_writes_an_event_passes_a_code():
    missing = []
    for path in sorted((ROOT / "rectify").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in {"audit_record", "audit_record_many"} and "code" not in {k.arg for k in node.keywords}:
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert missing == []


def test_the_codes_are_listed_in_one_place_and_well_formed():
    assert codes.ALL_CODES
    assert all(codes.CODE_PATTERN.match(code) for code in codes.ALL_CODES)
    assert set(codes.LEDGER_TASK_ACTIONS) == {action.value for action in TaskAction}
    with pytest.raises(ValueError):
        codes.ledger_task_action("approve")


def walk_the_lifecycle(w):
    """Every lifecycle action on task A, by whom the table lets do it."""
    steps = [
        (w.liaison, TaskAction.START),
        (w.liaison, TaskAction.REPORT_DONE),
        (w.liaison, TaskAction.WITHDRAW),
        (w.liaison, TaskAction.REPORT_DONE),
        (w.liaison, TaskAction.REQUEST_ACCEPTANCE),
        (w.leader, TaskAction.RETURN),
        (w.liaison, TaskAction.REPORT_DONE),
        (w.liaison, TaskAction.REQUEST_ACCEPTANCE),
        (w.leader, TaskAction.ACCEPT),
        (w.office, TaskAction.PUBLISH_NOTICE),
        (w.office, TaskAction.SIGN_OFF),
        (w.office, TaskAction.REOPEN),
    ]
    for actor, action in steps:
        services.task_transition(actor=actor, task=w.task_a, action=action.value, reason="理由")


def test_the_services_leave_no_event_without_a_code(world, django_capture_on_commit_callbacks):
    w = world
    services.inspection_update(actor=w.office, inspection=w.inspection, team="第二督察组")
    services.finding_update(actor=w.office, finding=w.finding, text="督察发现，焦化企业烟气超标排放。")
    services.task_update(actor=w.office, task=w.task_b, title="用水统计数据核查")
    services.measure_update(actor=w.office, measure=w.measure, text="安装脱硫脱硝在线设施")
    services.measure_update(actor=w.liaison, measure=w.measure, progress_text="设备已到场")
    walk_the_lifecycle(w)
    services.task_report_progress(actor=w.liaison, task=w.task_a, progress=30, progress_text="已开工")
    services.task_record_report(
        actor=w.office, task=w.task_c, as_of=date(2023, 10, 31), source="十月报告", progress=40
    )
    services.task_record_report_then(  # a report of an earlier date, after the October one
        actor=w.office, task=w.task_c, as_of=date(2023, 9, 30), source="九月调度", progress=20
    )
    generation.narrative_save(actor=w.office, inspection=w.inspection, title="整改落实情况报告")
    generation.report_dates_save(
        actor=w.office, inspection=w.inspection, as_of=date(2023, 10, 31), signed_on=None
    )
    generation.document_generate(
        actor=w.office,
        inspection=w.inspection,
        kind=GeneratedDocument.Kind.PROGRESS_REPORT,
        as_of=date(2023, 10, 31),
    )
    with django_capture_on_commit_callbacks():  # the queued work is not run: its writing is not audited
        job = jobs.import_job_create(
            actor=w.office,
            unit=w.pref,
            inspection_name="第二轮中央生态环境保护督察",
            upload=ContentFile(REPORT.encode(), name="进展报告.txt"),
        )
        jobs.import_job_confirm(actor=w.office, job=job)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED)
        jobs.import_job_retry(actor=w.office, job=job)
    stale = timezone.now() - timedelta(seconds=jobs.HEARTBEAT_STALE + 5)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, heartbeat_at=stale)
    jobs.import_job_detect_dead_worker(ImportJob.objects.get(pk=job.pk))
    pref, office = bench.make_prefecture()  # an import that creates a ledger, then one that updates it
    rows = bench.generate_rows(4, 8, 16)
    for later, source in ((False, "台账.xlsx"), (True, "台账（更新）.xlsx")):
        sheet = write_workbook_rows(*(bench.later_rows(*rows) if later else rows), title="云岭州 整改台账")
        ingest.ledger_import_apply(
            actor=office,
            unit=pref,
            inspection_name=bench.INSPECTION,
            draft=read_ledger_workbook(sheet, source=source),
        )

    events = list(AuditEvent.objects.values_list("action", "code"))
    assert [label for label, code in events if not code] == []
    assert {code for _, code in events} <= codes.ALL_CODES
    expected = codes.ALL_CODES - {
        c
        for c in codes.ALL_CODES
        # the admin's (test_admin_trail), and the rounds' and deliveries' (tests/rounds, tests/notifications)
        if c.startswith(("accounts.", "orgunits.", "rounds.", "notifications."))
    }
    assert expected - {code for _, code in events} == set()
    for action in TaskAction:  # a lifecycle event's code names its action
        assert (ACTION_LABELS[action], codes.ledger_task_action(action.value)) in events
    assert ("报送进展", codes.LEDGER_TASK_REPORT_PROGRESS) in events
    assert ("修改整改措施", codes.LEDGER_MEASURE_REPORT_PROGRESS) in events  # the liaison's
    assert ("修改整改措施", codes.LEDGER_MEASURE_UPDATE) in events  # the office's


def test_the_code_shows_in_the_admin_and_not_on_the_chinese_pages(world, client, admin_client):
    client.force_login(world.office)
    page = client.get(reverse("ledger:task_detail", args=[world.task_a.pk])).content.decode()
    assert "新增整改任务" in page and codes.LEDGER_TASK_CREATE not in page
    response = admin_client.get(
        reverse("admin:audit_auditevent_changelist"), {"code": codes.LEDGER_TASK_CREATE}
    )
    listed = response.context["cl"].result_list
    assert sorted(e.object_repr for e in listed) == sorted(str(t) for t in world.inspection.tasks.all())
    assert "事件代码" in response.content.decode()  # a column, and a filter, of the admin's list
    assert f'<td class="field-code">{codes.LEDGER_TASK_CREATE}</td>' in response.content.decode()
