"""The offline forms' endpoints: download (.zip of one workbook per unit, or one unit's), upload →
preview → confirm; 404 outside the user's scope, 403 for a unit's liaison."""

import io
import zipfile
from datetime import date

import openpyxl
import pytest

from rectify.rounds import services
from rectify.rounds.models import Submission, SubmissionLine


@pytest.fixture
def r(world):
    return services.round_open(
        actor=world.office,
        inspection=world.inspection,
        period="2023年10月",
        as_of=date(2023, 10, 31),
        due_on=date(2099, 1, 1),
    )


def test_the_office_downloads_one_workbook_per_unit(client, world, r):
    client.force_login(world.office)
    response = client.get(f"/rounds/offline/{r.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == sorted(
        f"2023年10月调度报送表-{u}.xlsx" for u in (world.county_a, world.county_b, world.dept)
    )
    one = client.get(f"/rounds/offline/{r.pk}/download/?unit={world.county_a.pk}")
    assert openpyxl.load_workbook(io.BytesIO(one.content))["报送表"]["C4"].value == "焦化企业烟气治理"


@pytest.mark.parametrize("who, status", [("other_office", 404), ("liaison", 403), ("observer", 403)])
def test_outside_the_office_nothing_is_downloaded_or_imported(client, world, r, who, status):
    client.force_login(getattr(world, who))
    assert client.get(f"/rounds/offline/{r.pk}/download/").status_code == status
    assert client.post(f"/rounds/offline/{r.pk}/upload/", {"action": "preview"}).status_code == status


def test_upload_preview_then_confirm(client, world, r):
    client.force_login(world.office)
    data = client.get(f"/rounds/offline/{r.pk}/download/?unit={world.county_a.pk}").content
    book = openpyxl.load_workbook(io.BytesIO(data))
    book["报送表"]["F4"] = "离线填写的进展"  # task 1 (rows by task number)
    book["报送表"]["F5"] = "配合核查"  # task 2, which the county cooperates on
    out = io.BytesIO()
    book.save(out)
    out.name = "石河县.xlsx"
    out.seek(0)
    preview = client.post(
        f"/rounds/offline/{r.pk}/upload/", {"action": "preview", "files": [out]}, follow=True
    )  # the files are read in the background (at once in the tests); the preview page shows the plan
    assert preview.status_code == 200 and "/upload/" in preview.redirect_chain[0][0]
    assert (
        "离线填写的进展" in preview.content.decode() and "确认导入（共2处改动）" in preview.content.decode()
    )
    assert not SubmissionLine.objects.filter(
        progress_text="离线填写的进展"
    ).exists()  # preview writes nothing
    done = client.post(f"/rounds/offline/{r.pk}/upload/", {"action": "confirm", "submit": "1"}, follow=True)
    assert "已导入离线报送表" in done.content.decode()
    s = Submission.objects.get(unit=world.county_a)
    assert s.state == "submitted"
    assert set(s.lines.values_list("progress_text", flat=True)) == {"离线填写的进展", "配合核查"}


def test_a_bad_upload_shows_every_error(client, world, r):
    client.force_login(world.office)
    data = client.get(f"/rounds/offline/{r.pk}/download/?unit={world.county_a.pk}").content
    book = openpyxl.load_workbook(io.BytesIO(data))
    book["报送表"]["G4"] = "很多"
    out = io.BytesIO()
    book.save(out)
    out.name = "石河县.xlsx"
    out.seek(0)
    page = client.post(
        f"/rounds/offline/{r.pk}/upload/", {"action": "preview", "files": [out]}, follow=True
    ).content.decode()
    assert "「石河县.xlsx」报送表 第4行 “完成进度（%）”：“很多”不是0到100之间的整数" in page
