"""Review of issue 10, evidence files (佐证材料): type and size checked, with a clear message."""

from django.core.files.uploadedfile import SimpleUploadedFile

from rectify.ingest import jobs
from rectify.rounds.models import Evidence
from review_support import client_for, open_round, submission_of


def test_an_evidence_file_over_the_upload_cap_is_refused_for_its_size_not_as_no_file_chosen(
    world, monkeypatch
):
    """Any upload over ingest's 50 MB cap is dropped by the upload handler while it streams in; the
    evidence view does not read `request.uploads_refused` and tells the liaison who picked a 60 MB
    scan "请选择要上传的佐证材料" — as if they had chosen nothing. (The cap is made small here.)"""
    monkeypatch.setattr(jobs, "MAX_UPLOAD_BYTES", 4096)
    w = world
    r = open_round(w)
    a = submission_of(r, w.county_a)
    line = a.lines.get(task=w.task_a)
    big = SimpleUploadedFile("现场照片合集.pdf", b"%PDF-1.4 " + b"0" * 10_000, content_type="application/pdf")
    page = client_for(w.liaison).post(
        f"/rounds/submissions/{a.pk}/lines/{line.pk}/evidence/", {"file": big}, follow=True
    )
    text = page.content.decode()
    assert not Evidence.objects.exists()
    assert "请选择要上传的佐证材料" not in text  # fails: that is what it says
    assert "现场照片合集.pdf" in text and "MB" in text
