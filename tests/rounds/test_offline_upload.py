"""The office's offline-form upload: every workbook is read outside the web request, in a child process
under the ingest limits (as ledger imports are), and a hostile value is a message naming its file, not
a server error."""

import io
import os
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone

from rectify.ingest import jobs as ingest_jobs
from rectify.rounds import offline_import
from rectify.rounds.models import OfflineUpload, SubmissionLine
from rectify.rounds.offline_jobs import offline_upload_detect_dead_worker
from rounds_pages import client_for, open_round


@pytest.fixture
def r(world):
    return open_round(world)


def workbook(office, r, unit, edit=None, meta=None) -> io.BytesIO:
    data = office.get(f"/rounds/offline/{r.pk}/download/?unit={unit.pk}").content
    book = openpyxl.load_workbook(io.BytesIO(data))
    for cell, value in (edit or {}).items():
        book["报送表"][cell] = value
    for label, value in (meta or {}).items():
        next(row for row in book["报送信息"].iter_rows() if row[0].value == label)[1].value = value
    out = io.BytesIO()
    book.save(out)
    out.name = f"{unit}.xlsx"
    out.seek(0)
    return out


def upload(office, r, *files):
    office.raise_request_exception = False
    return office.post(
        f"/rounds/offline/{r.pk}/upload/", {"action": "preview", "files": list(files)}, follow=True
    )


def test_the_web_request_opens_no_workbook(world, r, monkeypatch):
    """The review measured a 9.6 MB workbook within the file checks: 45 s to check, 13 s and 575 MB to
    read, all in the request's process. Now no workbook is opened by the process that serves the page
    (the tests run the background task at once, in this process: the child reads it)."""
    office = client_for(world.office)
    out = workbook(office, r, world.county_a, edit={"F4": "离线填写的进展"})
    opened_here, checked_here, pid = [], [], os.getpid()
    real_open, real_check = offline_import.open_workbook, offline_import.check_file
    monkeypatch.setattr(
        offline_import,
        "open_workbook",
        lambda p, s: (os.getpid() == pid and opened_here.append(s), real_open(p, s))[1],
    )
    monkeypatch.setattr(
        offline_import,
        "check_file",
        lambda p, **kw: (os.getpid() == pid and checked_here.append(kw["name"]), real_check(p, **kw))[1],
    )
    page = upload(office, r, out)
    assert page.status_code == 200 and "离线填写的进展" in page.content.decode()
    assert opened_here == [] and checked_here == []
    job = OfflineUpload.objects.get()
    assert job.status == OfflineUpload.Status.READ and job.heartbeat_at is not None
    assert not any(Path(path).exists() for path, _name in job.files)  # read, then deleted
    assert "确认导入（共1处改动）" in page.content.decode()


@pytest.mark.parametrize("label", ["报送版本", "调度轮次编号", "报送编号"])
@pytest.mark.parametrize("value", ["1e400", "NaN", "-1", "inf", "１"])
def test_a_hostile_number_in_the_hidden_sheet_is_a_message_naming_the_file(world, r, label, value):
    """The hidden 报送信息 sheet is protected without a password: anyone can unhide and edit it."""
    office = client_for(world.office)
    response = upload(office, r, workbook(office, r, world.county_a, meta={label: value}))
    assert response.status_code == 200
    assert "「石河县.xlsx」工作表“报送信息”已损坏，请重新下载离线报送表" in response.content.decode()


def test_a_nul_written_into_a_cell_is_dropped_and_the_rest_imported(world, r):
    """Excel's escape _x0000_ is a NUL for calamine; PostgreSQL cannot store it (nor its JSON column
    the read workbook)."""
    office = client_for(world.office)
    page = upload(office, r, workbook(office, r, world.county_a, edit={"F4": "离线_x0000_进展"}))
    assert "离线进展" in page.content.decode()
    done = office.post(f"/rounds/offline/{r.pk}/upload/", {"action": "confirm"}, follow=True)
    assert "已导入离线报送表" in done.content.decode()
    assert (
        SubmissionLine.objects.get(submission__unit=world.county_a, task=world.task_a).progress_text
        == "离线进展"
    )


def test_a_file_that_is_no_workbook_is_refused_by_the_child_naming_it(world, r):
    office = client_for(world.office)
    fake = io.BytesIO(b"PK\x03\x04 not really a zip" * 10)
    fake.name = "假的.xlsx"
    page = upload(office, r, fake, workbook(office, r, world.county_b)).content.decode()
    assert "假的.xlsx" in page and "未能导入" in page
    assert "确认导入" not in page


def test_an_upload_whose_worker_died_says_so(world, r, tmp_path):
    """Queued but its worker killed mid-read: the page polls while it reads, then says it stopped."""
    office = client_for(world.office)
    (tmp_path / "kept").mkdir()
    stored = tmp_path / "kept" / "source.xlsx"
    stored.write_bytes(workbook(office, r, world.county_a).getvalue())
    job = OfflineUpload.objects.create(round=r, created_by=world.office, files=[[str(stored), "石河县.xlsx"]])
    url = f"/rounds/offline/{r.pk}/upload/{job.pk}/"
    page = office.get(url).content.decode()
    assert 'data-testid="offline-reading"' in page and "hx-get" in page  # polls while it reads
    stale = timezone.now() - timedelta(seconds=ingest_jobs.HEARTBEAT_STALE + 1)
    OfflineUpload.objects.filter(pk=job.pk).update(heartbeat_at=stale)
    job = offline_upload_detect_dead_worker(OfflineUpload.objects.get(pk=job.pk))
    assert job.status == OfflineUpload.Status.FAILED and not stored.exists()
    page = office.get(url).content.decode()
    assert "后台进程在读取文件的过程中中断" in page and 'data-testid="offline-reading"' not in page
    assert office.get(url, headers={"HX-Request": "true"}).headers.get("HX-Refresh") == "true"


def test_someone_elses_upload_is_not_found(world, r):
    office = client_for(world.office)
    upload(office, r, workbook(office, r, world.county_a))
    job = OfflineUpload.objects.get()
    assert client_for(world.liaison).get(f"/rounds/offline/{r.pk}/upload/{job.pk}/").status_code == 403
    other = open_round(world, period="2023年11月")
    assert office.get(f"/rounds/offline/{other.pk}/upload/{job.pk}/").status_code == 404


def test_the_lead_units_workbook_shows_its_cooperating_units_lines_read_only(world, r):
    """北塔县 leads task 2, on which 石河县 cooperates: its offline form shows 石河县's line as the online
    form does, on a locked sheet the import does not read; 石河县's own form has no such sheet."""
    from rectify.rounds import services

    a = SubmissionLine.objects.get(submission__unit=world.county_a, task=world.task_b).submission
    services.submission_save_draft(
        actor=world.liaison,
        submission=a,
        lines={world.task_b.pk: {"progress_text": "配合完成排查", "percent": 40}},
    )
    office = client_for(world.office)
    out = workbook(office, r, world.county_b)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["配合单位报送"]
    assert sheet.protection.sheet
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert rows == [[2, world.task_b.title, "石河县", "填报中", "配合完成排查", 40, None, None]]
    assert all(cell.protection.locked for row in sheet.iter_rows(min_row=4) for cell in row)
    page = upload(office, r, out).content.decode()
    assert "确认导入（共0处改动）" in page
    own = openpyxl.load_workbook(io.BytesIO(workbook(office, r, world.county_a).getvalue()))
    assert "配合单位报送" not in own.sheetnames
