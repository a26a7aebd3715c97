"""The unit's form: autosave as the user types (a stale version refused, the text kept), the full save's
conflict table, the returned submission's comment, the read-only reasons, evidence served through a
scoped view, and the cooperating lines the lead unit sees read-only."""

import re

from rectify.rounds import services
from rectify.rounds.models import Submission, SubmissionLine
from rounds_pages import client_for, everything, open_round, pdf, submission_of


def test_autosave_saves_the_line_and_hands_back_the_new_version(world):
    own = submission_of(open_round(world), world.county_a)
    response = client_for(world.liaison).post(
        f"/rounds/submissions/{own.pk}/autosave/",
        {
            "version": own.version,
            f"line-{world.task_a.pk}-progress_text": "脱硫设施已安装",
            f"line-{world.task_a.pk}-percent": "60",
        },
    )
    page = response.content.decode()
    line = SubmissionLine.objects.get(submission=own, task=world.task_a)
    assert (line.progress_text, line.percent) == ("脱硫设施已安装", 60)
    fresh = Submission.objects.get(pk=own.pk)
    assert "已保存" in page and "text-success" in page
    assert re.search(rf'id="submission-version" value="{fresh.version}" hx-swap-oob="true"', page)
    assert fresh.version == own.version + 1 and fresh.state == "draft"


def test_autosave_from_a_stale_version_is_refused_in_red_and_changes_nothing(world):
    own = submission_of(open_round(world), world.county_a)
    read = own.version  # the page was read at this version
    services.submission_save_draft(  # a second liaison (or tab) saved meanwhile
        actor=world.liaison, submission=own, lines={world.task_a.pk: {"progress_text": "另一窗口的内容"}}
    )
    before = everything()
    response = client_for(world.liaison).post(
        f"/rounds/submissions/{own.pk}/autosave/",
        {"version": read, f"line-{world.task_a.pk}-progress_text": "我刚输入的内容"},
    )
    page = response.content.decode()
    assert response.status_code == 200  # htmx swaps it in: the status says so
    assert "未保存" in page and "text-danger" in page and "石河联络员" in page
    assert "submission-version" not in page  # the form keeps its version: no silent overwrite next time
    assert everything() == before


def test_autosave_with_a_bad_percent_names_the_task_and_changes_nothing(world):
    own = submission_of(open_round(world), world.county_a)
    before = everything()
    page = (
        client_for(world.liaison)
        .post(
            f"/rounds/submissions/{own.pk}/autosave/",
            {"version": own.version, f"line-{world.task_a.pk}-percent": "150"},
        )
        .content.decode()
    )
    assert "未保存" in page and "任务1" in page and "0到100" in page
    assert everything() == before


def test_a_stale_full_save_shows_what_changed_and_keeps_what_was_typed(world):
    own = submission_of(open_round(world), world.county_a)
    read = own.version
    services.submission_save_draft(
        actor=world.liaison, submission=own, lines={world.task_a.pk: {"progress_text": "另一窗口的内容"}}
    )
    current = Submission.objects.get(pk=own.pk).version
    response = client_for(world.liaison).post(
        f"/rounds/submissions/{own.pk}/",
        {"version": read, "action": "save", f"line-{world.task_a.pk}-progress_text": "我刚输入的内容"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "保存未成功" in page and "我刚输入的内容" in page
    assert "lines_changed" not in page  # the table names fields in Chinese only
    assert f'id="submission-version" value="{current}"' in page  # saving again is deliberate
    assert SubmissionLine.objects.get(submission=own, task=world.task_a).progress_text == "另一窗口的内容"


def test_submit_saves_what_was_typed_and_then_is_read_only_with_the_reason(world):
    own = submission_of(open_round(world), world.county_a)
    data = {"version": own.version, "action": "submit"}
    data |= {f"line-{line.task_id}-progress_text": "已完成" for line in own.lines.all()}
    data[f"measure-{world.measure.pk}"] = "设施已投运"
    response = client_for(world.liaison).post(f"/rounds/submissions/{own.pk}/", data)
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.state == "submitted"
    assert own.lines.get(task=world.task_a).measure_lines.get().progress_text == "设施已投运"
    page = client_for(world.liaison).get(f"/rounds/submissions/{own.pk}/").content.decode()
    assert "已提交于" in page and "待整改办审核" in page


def test_submitting_with_an_empty_line_names_it_and_keeps_the_text(world):
    own = submission_of(open_round(world), world.county_a)
    data = {"version": own.version, "action": "submit", f"line-{world.task_a.pk}-progress_text": "只填了一项"}
    page = client_for(world.liaison).post(f"/rounds/submissions/{own.pk}/", data).content.decode()
    assert "尚未填写本期进展" in page and "任务2" in page and "只填了一项" in page
    assert Submission.objects.get(pk=own.pk).state == "draft"  # the typed text was saved as a draft


def test_a_returned_submission_shows_the_comment_and_opens_again(world):
    own = submission_of(open_round(world), world.county_a)
    lines = {line.task_id: {"progress_text": "x"} for line in own.lines.all()}
    own = services.submission_save_draft(actor=world.liaison, submission=own, lines=lines)
    services.submission_submit(actor=world.liaison, submission=own)
    services.submission_return(actor=world.office, submission=own, comment="请补充验收照片")
    page = client_for(world.liaison).get(f"/rounds/submissions/{own.pk}/").content.decode()
    assert 'data-testid="returned"' in page and "已退回：请补充验收照片" in page
    assert "<fieldset hx-post" in page and 'data-testid="submit"' in page


def test_the_lead_unit_sees_the_cooperating_lines_read_only(world):
    r = open_round(world)
    helper = submission_of(r, world.county_a)  # 石河县 cooperates on task 2, led by 北塔县
    services.submission_save_draft(
        actor=world.liaison, submission=helper, lines={world.task_b.pk: {"progress_text": "已核查3个乡镇"}}
    )
    lead = submission_of(r, world.county_b)
    page = client_for(world.other_liaison).get(f"/rounds/submissions/{lead.pk}/").content.decode()
    section = page.split('data-testid="cooperating-view"')[1]
    assert "石河县" in section and "已核查3个乡镇" in section
    assert 'name="line-' not in section.split("</div>\n  </div>")[0]  # shown, not an input


def test_evidence_is_served_through_a_scoped_view_not_a_media_url(world):
    own = submission_of(open_round(world), world.county_a)
    line = own.lines.first()
    response = client_for(world.liaison).post(
        f"/rounds/submissions/{own.pk}/lines/{line.pk}/evidence/", {"file": pdf("现场照片.pdf")}
    )
    assert response.status_code == 302
    evidence = line.evidence.get()
    page = client_for(world.liaison).get(f"/rounds/submissions/{own.pk}/").content.decode()
    assert f"/rounds/evidence/{evidence.pk}/" in page and evidence.file.url not in page
    download = client_for(world.office).get(f"/rounds/evidence/{evidence.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert client_for(world.other_liaison).get(f"/rounds/evidence/{evidence.pk}/").status_code == 404


def test_a_refused_upload_names_the_file(world):
    own = submission_of(open_round(world), world.county_a)
    line = own.lines.first()
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("程序.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client_for(world.liaison).post(
        f"/rounds/submissions/{own.pk}/lines/{line.pk}/evidence/", {"file": bad}, follow=True
    )
    assert "程序.exe" in response.content.decode() and "类型不支持" in response.content.decode()
    assert not line.evidence.exists()


def test_a_stale_save_shows_what_another_window_wrote_on_other_lines(world):
    """A's whole form is stale: the table names each line and field B changed meanwhile, with B's words,
    so A sees them before saving again over them (the lines A did not touch are in A's form as read)."""
    own = submission_of(open_round(world), world.county_a)
    read = own.version
    services.submission_save_draft(
        actor=world.liaison, submission=own, lines={world.task_b.pk: {"progress_text": "B写的进展"}}
    )
    response = client_for(world.liaison).post(
        f"/rounds/submissions/{own.pk}/",
        {"version": read, "action": "save", f"line-{world.task_a.pk}-progress_text": "A写的进展"},
    )
    page = response.content.decode()
    assert "保存未成功" in page and "任务2·本期进展" in page and "B写的进展" in page
    assert SubmissionLine.objects.get(submission=own, task=world.task_b).progress_text == "B写的进展"
