"""The office's import pages and the `rectify import` command, on a small report written here."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from rectify.audit.models import AuditEvent
from rectify.ingest.models import ImportJob
from rectify.ledger.lifecycle import TaskState
from rectify.ledger.models import Finding, Task

REPORT = """柳原州第二轮中央生态环境保护督察整改落实情况报告

截至目前，督察反馈的2项整改任务已完成1项，其余1项达到序时进度要求。

附件：柳原州贯彻落实第二轮中央生态环境保护督察报告具体问题整改进展情况

一、督察发现，焦化企业烟气长期超标排放，环境问题突出。

整改时限：2026年底前

整改进展情况：正在持续推进

1.制定焦化企业烟气治理方案，明确脱硫脱硝设施建设节点。

2.截至10月底，已完成设备招标和基础施工。

二、督察发现，部分取水口计量设施不全。

整改时限：立行立改，长期坚持

整改进展情况：已完成，长期坚持

1.全州一级取水口计量设施全部安装到位。

柳原州人民政府
2025年12月20日
"""
NAME = "第二轮中央生态环境保护督察"
NEW = "第三轮中央生态环境保护督察"


def upload(client, name="进展报告.txt", data=None, inspection=NAME, unit=None, world=None):
    data = REPORT.encode("utf-8") if data is None else data
    return client.post(
        "/imports/",
        {
            "file": SimpleUploadedFile(name, data),
            "inspection_name": inspection,
            "unit": unit or world.pref.pk,
        },
    )


def test_office_uploads_previews_confirms_and_the_ledger_follows(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.office)
    response = upload(client, world=world, inspection=NEW)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == f"/imports/jobs/{job.pk}/"
    preview = client.get(response.url).content.decode()
    assert "新增整改任务 <b>2</b>" in preview
    assert "新增整改措施 <b>3</b>" in preview
    assert not Task.objects.filter(inspection__name=NEW).exists()  # the preview wrote nothing

    with django_capture_on_commit_callbacks(execute=True):  # the job is queued once the request commits
        client.post(f"/imports/jobs/{job.pk}/confirm/")  # and the immediate task backend runs it at once
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    assert job.summary["新增整改任务"] == 2
    assert Finding.objects.filter(inspection__name=NEW).count() == 2
    assert "已导入" in client.get(f"/imports/jobs/{job.pk}/").content.decode()

    events = AuditEvent.objects.count()
    upload(client, world=world, inspection=NEW)
    again = ImportJob.objects.latest("pk")
    page = client.get(f"/imports/jobs/{again.pk}/").content.decode()
    assert "台账已与该文件一致" in page
    assert "该文件已于" in page
    assert AuditEvent.objects.count() == events + 1  # the upload itself is recorded, nothing in the ledger


def test_an_existing_ledger_gets_states_and_a_warning_for_split_findings(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.office)
    upload(client, world=world)  # the world's ledger: finding 1 → task 1; finding 2 → tasks 2 and 3
    job = ImportJob.objects.get()
    preview = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "问题2对应多项任务（2、3）" in preview
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/jobs/{job.pk}/confirm/")
    world.task_a.refresh_from_db()
    assert (world.task_a.state, world.task_a.progress_text) == (TaskState.IN_PROGRESS, "正在持续推进")
    assert world.task_a.deadline_raw == "2026年底前"  # the report's deadline replaces 2023年底前
    assert world.task_a.measures.count() == 2  # measure 1 existed (progress updated), measure 2 is new
    world.task_b.refresh_from_db()
    assert world.task_b.state == TaskState.NOT_STARTED


def test_a_new_inspection_is_created_by_its_first_import(world, client, django_capture_on_commit_callbacks):
    client.force_login(world.office)
    upload(client, world=world, inspection=NEW)
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/jobs/{job.pk}/confirm/")
    tasks = Task.objects.filter(inspection__name=NEW).order_by("number")
    assert [(t.number, t.state, t.deadline_raw) for t in tasks] == [
        (1, TaskState.IN_PROGRESS, "2026年底前"),
        (2, TaskState.SELF_REPORTED, "立行立改，长期坚持"),
    ]
    assert [m.number for m in tasks[0].measures.all()] == [1, 2]


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("空文件.txt", b"", "所提交的是空文件"),
        ("图片.png", b"\x89PNG\r\n", "图片.png"),
    ],
)
def test_files_rectify_cannot_import_are_refused_at_upload_with_their_name(
    world, client, name, data, message
):
    client.force_login(world.office)
    response = upload(client, world=world, name=name, data=data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_damaged_file_ends_its_reading_with_its_name_and_is_not_kept(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.office)
    response = upload(client, world=world, name="坏文件.docx", data=b"PK\x03\x04 not really a zip")
    job = ImportJob.objects.get()
    assert response.url == f"/imports/jobs/{job.pk}/"
    assert job.status == ImportJob.Status.UNREADABLE
    page = client.get(response.url).content.decode()
    assert "坏文件.docx" in page and "文件已损坏" in page
    assert not [p for p in (tmp_path / "imports").rglob("*") if p.is_file()]


def test_only_the_office_imports_and_sees_jobs(world, client):
    client.force_login(world.office)
    upload(client, world=world)
    job = ImportJob.objects.get()
    for user in (world.liaison, world.leader, world.observer):
        client.force_login(user)
        assert client.get("/imports/").status_code == 403
        assert client.get(f"/imports/jobs/{job.pk}/").status_code == 404
        assert client.post(f"/imports/jobs/{job.pk}/confirm/").status_code == 404
    client.force_login(world.other_office)
    assert client.get(f"/imports/jobs/{job.pk}/").status_code == 404
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED


def test_command_imports_then_finds_nothing_new(world, tmp_path):
    path = tmp_path / "报告.txt"
    path.write_text(REPORT, encoding="gb18030")
    out, err = StringIO(), StringIO()
    call_command(
        "import", str(path), "--inspection", "新督察", stdout=out, stderr=err
    )  # unit from the signature
    assert "新增整改任务：2" in out.getvalue()
    assert "导入中 " in err.getvalue()
    assert Task.objects.filter(inspection__name="新督察").count() == 2
    out = StringIO()
    call_command("import", str(path), "--inspection", "新督察", stdout=out, stderr=StringIO())
    assert "没有变化" in out.getvalue()


def test_command_reports_bad_input_clearly(world, tmp_path):
    missing = tmp_path / "没有.docx"
    with pytest.raises(CommandError) as caught:
        call_command("import", str(missing), "--inspection", NAME, "--user", "office", "--unit", "柳原州")
    assert "没有.docx" in str(caught.value)
    path = tmp_path / "r.txt"
    path.write_text(REPORT)
    with pytest.raises(CommandError, match="没有找到单位“火星州”"):
        call_command("import", str(path), "--inspection", NAME, "--user", "office", "--unit", "火星州")


def test_the_upload_offers_places_not_departments_each_with_the_place_above(world, client):
    client.force_login(world.office)
    page = client.get("/imports/").content.decode()
    options = page.split('name="unit"', 1)[1].split("</select>", 1)[0]
    assert [o.split(">", 1)[1].split("<", 1)[0] for o in options.split("<option")[1:]] == [
        "天河自治区 · 柳原州",
        "柳原州 · 石河县",
        "柳原州 · 北塔县",
    ]
    response = upload(client, world=world, inspection=NEW, unit=world.dept.pk)  # a bureau is refused
    assert "选择一个有效的选项" in response.content.decode() and not ImportJob.objects.exists()
