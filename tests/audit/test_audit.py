"""The audit log: every change writes a row, rows never change."""

import os

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from rectify.audit.models import AppendOnlyError, AuditEvent
from rectify.ledger import services


def test_every_service_writes_an_event(world):
    kinds = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"创建督察", "新增反馈问题", "新增整改任务", "新增整改措施"} <= kinds
    before = AuditEvent.objects.count()
    services.task_report_progress(
        actor=world.liaison, task=world.task_a, progress=40, progress_text="已完成设备招标"
    )
    services.measure_update(actor=world.liaison, measure=world.measure, progress_text="设备已进场")
    services.task_update(
        actor=world.office, task=world.task_a, title="焦化企业烟气深度治理", reason="按方案修订"
    )
    services.finding_update(actor=world.office, finding=world.finding, text="督察发现，焦化企业烟气超标。")
    services.inspection_update(actor=world.office, inspection=world.inspection, team="中央第五督察组")
    assert AuditEvent.objects.count() == before + 5


def test_event_records_who_what_before_after_and_why(world):
    services.task_update(
        actor=world.office, task=world.task_a, deadline_raw="2024年6月底前", reason="批准延期"
    )
    event = AuditEvent.objects.for_object(world.task_a).first()
    assert event.actor == world.office
    assert event.action == "修改整改任务"
    assert event.reason == "批准延期"
    assert event.changes["deadline_raw"] == ["2023年底前", "2024年6月底前"]
    assert event.changes["due_on"] == ["2023-12-31", "2024-06-30"]


def test_no_change_writes_no_event(world):
    before = AuditEvent.objects.count()
    services.task_update(actor=world.office, task=world.task_a, title=world.task_a.title)
    assert AuditEvent.objects.count() == before


def test_events_cannot_be_changed_or_deleted_through_the_orm(world):
    event = AuditEvent.objects.first()
    event.action = "篡改"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(action="篡改")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'x'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_the_database_itself_refuses_changes(world, sql):
    count = AuditEvent.objects.count()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEvent.objects.count() == count
    assert not AuditEvent.objects.filter(action="x").exists()


def test_insert_or_replace_cannot_rewrite_an_event_on_sqlite(world):
    """REPLACE deletes the old row without firing the delete trigger: a BEFORE INSERT trigger refuses it."""
    if connection.vendor != "sqlite":
        pytest.skip("INSERT OR REPLACE is SQLite's own statement")
    event = AuditEvent.objects.order_by("pk").first()
    before = AuditEvent.objects.filter(pk=event.pk).values().get()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT OR REPLACE INTO audit_auditevent "
            "(id, at, actor_id, action, object_type, object_id, object_repr, changes, reason) "
            "VALUES (%s, %s, NULL, '篡改', 'x.y', '1', 'x', '{}', '')",
            [event.pk, "2020-01-01 00:00:00"],
        )
    assert AuditEvent.objects.filter(pk=event.pk).values().get() == before


def test_a_new_event_with_a_fresh_id_is_still_accepted(world):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent "
            "(id, at, actor_id, action, object_type, object_id, object_repr, changes, reason) "
            "VALUES (%s, %s, NULL, '新增', 'x.y', '1', 'x', '{}', '')",
            [10**9, "2020-01-01 00:00:00"],
        )
    assert AuditEvent.objects.filter(pk=10**9, action="新增").exists()


@pytest.mark.parametrize("sql", ["UPDATE audit_auditevent SET action = 'x'", "DELETE FROM audit_auditevent"])
def test_the_application_role_cannot_use_the_maintenance_switch_on_postgresql(world, sql):
    """The switch opens the log to the owner (migration) role only: an application role that sets it,
    with every table privilege granted, still cannot change or delete an event (docs/deployment.md)."""
    if connection.vendor != "postgresql":
        pytest.skip("database roles are PostgreSQL's; SQLite has none")
    event = AuditEvent.objects.order_by("pk").first()
    before = AuditEvent.objects.filter(pk=event.pk).values().get()
    app_role = f"rectify_app_probe_{os.getpid()}"  # roles are cluster-wide: one name per test process
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {app_role} NOLOGIN")  # rolled back with the test's transaction
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON audit_auditevent TO {app_role}")
        with pytest.raises(DatabaseError), transaction.atomic():
            cursor.execute(f"SET LOCAL ROLE {app_role}")
            cursor.execute("SET LOCAL rectify.audit_maintenance = 'on'")
            cursor.execute(sql)
        cursor.execute("SELECT current_user = session_user")
        assert cursor.fetchone() == (True,)
    assert AuditEvent.objects.filter(pk=event.pk).values().get() == before
