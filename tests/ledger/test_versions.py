"""Lost updates (issue 8, 3.1): a save from a stale read is refused in the service, names what changed
meanwhile, and changes nothing; on PostgreSQL two saves at once from the same read: exactly one wins."""

import threading
import time

import pytest
from django.db import connection, transaction

from rectify.audit.models import AuditEvent
from rectify.ledger import services
from rectify.ledger.models import Finding, Inspection, Measure, Task
from rectify.ledger.versions import EditConflict


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def test_a_stale_task_save_is_refused_and_names_what_changed(world):
    read = fresh(world.task_a).version  # both A and B opened the edit form at this version
    services.task_update(
        actor=world.office, task=fresh(world.task_a), title="焦化企业烟气深度治理", expected_version=read
    )
    events = AuditEvent.objects.count()
    with pytest.raises(EditConflict) as caught:
        services.task_update(
            actor=world.office,
            task=fresh(world.task_a),
            target="颗粒物排放浓度稳定达标",
            expected_version=read,
        )
    conflict = caught.value
    assert (conflict.read_version, conflict.version) == (read, read + 1)
    assert [(c.label, c.read, c.now, c.by) for c in conflict.changes] == [
        ("任务名称", "焦化企业烟气治理", "焦化企业烟气深度治理", "王整改")
    ]
    task = fresh(world.task_a)
    assert (task.title, task.target, task.version) == ("焦化企业烟气深度治理", "", read + 1)
    assert AuditEvent.objects.count() == events
    assert "王整改已修改了" in conflict.message


def test_a_stale_measure_form_does_not_overwrite_the_liaisons_progress(world):
    read = fresh(world.measure).version
    services.measure_update(
        actor=world.liaison, measure=fresh(world.measure), progress_text="设备已到货", expected_version=read
    )
    with pytest.raises(EditConflict) as caught:
        services.measure_update(
            actor=world.office,
            measure=fresh(world.measure),
            text="安装脱硫脱硝及除尘设施",
            progress_text="",
            expected_version=read,
        )
    first = caught.value.changes[0]
    assert (first.label, first.read, first.now, first.by) == (
        "最新进展",
        "—",
        "设备已到货",
        "石河联络员",
    )
    measure = fresh(world.measure)
    assert (measure.text, measure.progress_text) == ("安装脱硫脱硝设施", "设备已到货")


@pytest.mark.parametrize(
    ("obj", "service", "first", "second", "label"),
    [
        ("finding", services.finding_update, {"category": "air"}, {"label": "壹"}, "类别"),
        ("inspection", services.inspection_update, {"team": "第一督察组"}, {"rule_set": "规定"}, "督察组"),
    ],
)
def test_stale_finding_and_inspection_saves_are_refused(world, obj, service, first, second, label):
    target = getattr(world, obj)
    read = fresh(target).version
    service(actor=world.office, **{obj: fresh(target)}, expected_version=read, **first)
    before = type(target).objects.filter(pk=target.pk).values().get()
    with pytest.raises(EditConflict) as caught:
        service(actor=world.office, **{obj: fresh(target)}, expected_version=read, **second)
    assert [c.label for c in caught.value.changes] == [label]
    assert type(target).objects.filter(pk=target.pk).values().get() == before


def test_a_stale_progress_report_is_refused(world):
    read = fresh(world.task_a).version
    services.task_report_progress(
        actor=world.liaison,
        task=fresh(world.task_a),
        progress=30,
        progress_text="已完成招标",
        expected_version=read,
    )
    with pytest.raises(EditConflict) as caught:
        services.task_report_progress(
            actor=world.office,
            task=fresh(world.task_a),
            progress=10,
            progress_text="已开工",
            expected_version=read,
        )
    labels = {c.label: (c.read, c.now) for c in caught.value.changes}
    assert labels["整改进展情况"] == ("—", "已完成招标")
    assert labels["完成进度（%）"] == ("0", "30")
    task = fresh(world.task_a)
    assert (task.progress, task.progress_text) == (30, "已完成招标")
    assert task.progress_reports.count() == 1


def test_buttons_and_imports_move_the_version_so_open_forms_go_stale(world):
    read = fresh(world.task_a).version
    services.task_transition(actor=world.liaison, task=world.task_a, action="start")
    with pytest.raises(EditConflict) as caught:
        services.task_update(
            actor=world.office, task=fresh(world.task_a), title="改名", expected_version=read
        )
    assert [c.label for c in caught.value.changes] == ["状态"]


def test_a_save_that_changes_nothing_leaves_the_version(world):
    read = fresh(world.task_a).version
    services.task_update(
        actor=world.office, task=fresh(world.task_a), title="焦化企业烟气治理", expected_version=read
    )
    assert fresh(world.task_a).version == read


def test_versions_start_at_one_for_rows_written_in_bulk(world):
    assert {o.version for o in (Inspection, Finding, Task, Measure) for o in o.objects.all()} == {1}


def test_two_saves_at_once_from_the_same_read_exactly_one_wins(transactional_db, world):
    """Real concurrency: A's transaction claims the task and holds it; B saves meanwhile (on PostgreSQL it
    waits for A's row lock), then A commits. B must get the conflict, and A's title must stay."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "the in-memory SQLite test database cannot hold two writers apart: "
            "tests/load/test_stale_saves.py runs this on a SQLite file"
        )
    task_pk, read = world.task_a.pk, fresh(world.task_a).version
    a_claimed, outcome = threading.Event(), {}

    def save_a():
        try:
            with transaction.atomic():
                services.task_update(
                    actor=world.office,
                    task=Task.objects.get(pk=task_pk),
                    title="A的标题",
                    expected_version=read,
                )
                a_claimed.set()
                time.sleep(0.5)  # B starts its save while A still holds the row
            outcome["a"] = "saved"
        finally:
            a_claimed.set()
            connection.close()

    def save_b():
        a_claimed.wait(5)
        started = time.monotonic()
        try:
            services.task_update(
                actor=world.office, task=Task.objects.get(pk=task_pk), target="B的目标", expected_version=read
            )
            outcome["b"] = "saved"
        except EditConflict as conflict:
            outcome["b"] = [(c.label, c.now) for c in conflict.changes]
        finally:
            outcome["b_waited"] = time.monotonic() - started
            connection.close()

    threads = [threading.Thread(target=save_a), threading.Thread(target=save_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert outcome["a"] == "saved"
    assert outcome["b"] == [("任务名称", "A的标题")]
    assert outcome["b_waited"] > 0.3  # B really ran into A's open transaction
    task = Task.objects.get(pk=task_pk)
    assert (task.title, task.target, task.version) == ("A的标题", "", read + 1)
