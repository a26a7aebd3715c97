"""Uploading and confirming an import each leave one audit event naming who and which file."""

import pytest
from django.core.files.base import ContentFile

from rectify.audit.models import AuditEvent
from rectify.ingest.jobs import import_job_confirm, import_job_create

REPORT = """柳原州第二轮中央生态环境保护督察整改落实情况报告

一、督察发现，焦化企业烟气长期超标排放，环境问题突出。

整改时限：2026年底前

整改进展情况：正在持续推进

1.制定焦化企业烟气治理方案，明确脱硫脱硝设施建设节点。
"""


def events_since(pk):
    return list(AuditEvent.objects.filter(pk__gt=pk).order_by("pk"))


def last_pk():
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.fixture
def job(world):
    return import_job_create(
        actor=world.office,
        unit=world.pref,
        inspection_name="第二轮中央生态环境保护督察",
        upload=ContentFile(REPORT.encode(), name="进展报告.txt"),
    )


def test_an_upload_is_audited(world):
    since = last_pk()
    job = import_job_create(
        actor=world.office,
        unit=world.pref,
        inspection_name="第二轮中央生态环境保护督察",
        upload=ContentFile(REPORT.encode(), name="进展报告.txt"),
    )
    event = events_since(since)[0]  # then the reading in the background, which changes nothing of its own
    assert (event.actor, event.action) == (world.office, "上传导入文件")
    assert (event.object_type, event.object_id) == ("ingest.importjob", str(job.pk))
    assert event.changes["file_name"] == [None, "进展报告.txt"]
    assert event.changes["sha256"] == [None, job.sha256]


def test_a_confirmation_is_audited(world, job, django_capture_on_commit_callbacks):
    since = last_pk()
    import_job_confirm(actor=world.office, job=job)
    [event] = events_since(since)
    assert (event.actor, event.action) == (world.office, "确认导入")
    assert (event.object_type, event.object_id) == ("ingest.importjob", str(job.pk))
    assert event.changes["status"] == ["previewed", "queued"]
