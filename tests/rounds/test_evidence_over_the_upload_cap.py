"""An evidence file (佐证材料) over ingest's upload cap is dropped while it streams in; the liaison is
told it was too big, by name and size — not "请选择要上传的佐证材料", as if nothing had been chosen."""

from django.core.files.uploadedfile import SimpleUploadedFile

from rectify.ingest import jobs
from rectify.rounds.models import Evidence
from rounds_pages import client_for, open_round, submission_of


def test_an_evidence_file_over_the_upload_cap_is_refused_for_its_size_not_as_no_file_chosen(
    world, monkeypatch
):
    monkeypatch.setattr(jobs, "MAX_UPLOAD_BYTES", 1024 * 1024)  # the cap made small: 1 MB
    w = world
    r = open_round(w)
    a = submission_of(r, w.county_a)
    line = a.lines.get(task=w.task_a)
    big = SimpleUploadedFile(
        "现场照片合集.pdf", b"%PDF-1.4 " + b"0" * (1024 * 1024 + 1), content_type="application/pdf"
    )
    page = client_for(w.liaison).post(
        f"/rounds/submissions/{a.pk}/lines/{line.pk}/evidence/", {"file": big}, follow=True
    )
    text = page.content.decode()
    assert not Evidence.objects.exists()
    assert "请选择要上传的佐证材料" not in text
    assert "任务1：佐证材料“现场照片合集.pdf”超过1 MB，未能上传（每个文件不超过20 MB）" in text
