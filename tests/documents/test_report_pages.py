"""The office's report page, generation in the background, downloads, the reading ledger, `rectify report`."""

from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from rectify.audit.models import AuditEvent
from rectify.documents.models import GeneratedDocument, ReportNarrative

OPENING = "柳原州高度重视督察整改。截至目前，{headline}"


def report_url(world, suffix=""):
    return f"/documents/inspections/{world.inspection.pk}/report/{suffix}"


def read_version(client, world) -> int:
    """The narrative version the report page's form carries, as a browser would post it back."""
    return client.get(report_url(world)).context["narrative_form"]["version"].value()


def save_narrative(
    client,
    world,
    opening=OPENING,
    body="一、加强组织领导\n（一）压实责任。成立领导小组。",
    note="",
    version=None,
):
    return client.post(
        report_url(world),
        {
            "title": "柳原州整改落实情况报告",
            "opening": opening,
            "body": body,
            "closing": "下一步，持续抓好整改。",
            "issuer": "柳原州人民政府",
            "note": note,
            "version": read_version(client, world) if version is None else version,
        },
    )


def test_who_may_open_the_report_page(world, client):
    assert client.get(report_url(world)).status_code == 302
    for user, status in (
        (world.office, 200),
        (world.liaison, 403),
        (world.leader, 403),
        (world.observer, 403),
        (world.other_office, 404),
    ):
        client.force_login(user)
        assert client.get(report_url(world)).status_code == status, user


def test_narrative_is_saved_in_versions_and_audited(world, client):
    client.force_login(world.office)
    save_narrative(client, world)
    save_narrative(client, world)  # unchanged: no new version
    save_narrative(client, world, body="一、加强组织领导\n（一）压实责任。", note="精简")
    versions = list(ReportNarrative.objects.order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].sections == [{"heading": "一、加强组织领导", "body": "（一）压实责任。成立领导小组。"}]
    assert AuditEvent.objects.filter(action="保存报告正文").count() == 2


def test_check_shows_a_planted_mismatch_and_a_clean_report(world, client):
    client.force_login(world.office)
    save_narrative(client, world, opening="督察反馈的9项整改任务已完成9项。")
    page = client.get(
        report_url(world, "check/"), {"as_of": "2022-07-01"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "正文写整改任务总数9项，台账截至2022年7月1日为3项" in page
    save_narrative(client, world)
    page = client.get(report_url(world, "check/"), {"as_of": "2022-07-01"}).content.decode()
    assert 'data-testid="check-clean"' in page


def test_generate_word_in_the_background_then_download(world, client, django_capture_on_commit_callbacks):
    client.force_login(world.office)
    save_narrative(client, world)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            report_url(world, "generate/progress_report/"), {"as_of": "2022-07-01", "signed_on": "2022-07-05"}
        )
    document = GeneratedDocument.objects.get()
    assert document.status == GeneratedDocument.Status.DONE, document.error
    assert (document.as_of, document.generated_by, document.narrative.version) == (
        date(2022, 7, 1),
        world.office,
        1,
    )
    response = client.get(f"/documents/files/{document.pk}/")
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()
    text = "\n".join(p.text for p in Document(BytesIO(b"".join(response.streaming_content))).paragraphs)
    assert "督察反馈涉及柳原州的3项整改任务已完成0项" in text
    assert "2022年7月5日" in text
    for user in (world.liaison, world.other_office):
        client.force_login(user)
        assert client.get(f"/documents/files/{document.pk}/").status_code == 404


def test_reading_ledger_follows_the_filters_and_the_scope(world, client):
    client.force_login(world.liaison)
    response = client.get("/documents/ledger-view.xlsx", {"as_of": "2022-07-01"})
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["任务台账", "逾期清单", "分单位汇总"]
    titles = [row[3] for row in workbook["任务台账"].iter_rows(min_row=2, values_only=True)]
    assert titles == ["焦化企业烟气治理", "用水统计核查"]  # the liaison's county leads 1, cooperates on 2
    response = client.get("/documents/ledger-view.xlsx", {"as_of": "2024-07-01", "flag": "overdue"})
    overdue = load_workbook(BytesIO(response.content))["逾期清单"]
    assert [row[3] for row in overdue.iter_rows(min_row=2, values_only=True)] == [
        "焦化企业烟气治理",
        "用水统计核查",
    ]


def test_report_command_writes_docx_and_xlsx(world, tmp_path):
    out = StringIO()
    call_command(
        "report",
        "--inspection",
        world.inspection.name,
        "--as-of",
        "2022-07-01",
        "--user",
        "office",
        "--output",
        str(tmp_path / "r.docx"),
        stdout=out,
        stderr=StringIO(),
    )
    assert "已生成" in out.getvalue()
    assert any("整改落实情况报告" in p.text for p in Document(tmp_path / "r.docx").paragraphs)
    call_command(
        "report",
        "--inspection",
        world.inspection.name,
        "--as-of",
        "2022-07-01",
        "--user",
        "office",
        "--output",
        str(tmp_path / "t.xlsx"),
        stdout=StringIO(),
    )
    assert load_workbook(tmp_path / "t.xlsx")["任务台账"].max_row == 4


def test_report_command_bad_input(world, tmp_path):
    with pytest.raises(Exception, match="没有名为“火星督察”的督察"):
        call_command(
            "report",
            "--inspection",
            "火星督察",
            "--as-of",
            "2022-07-01",
            "--output",
            str(tmp_path / "r.docx"),
        )
    with pytest.raises(Exception, match=r"须以 \.docx、\.pdf 或 \.xlsx 结尾"):
        call_command(
            "report",
            "--inspection",
            world.inspection.name,
            "--as-of",
            "2022-07-01",
            "--user",
            "office",
            "--output",
            str(tmp_path / "r.txt"),
        )


# -- issue 8, item 1.5 -----------------------------------------------------------------------------


def test_the_dates_chosen_last_are_offered_again(world, client, django_capture_on_commit_callbacks):
    client.force_login(world.office)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            report_url(world, "generate/progress_report/"), {"as_of": "2022-07-01", "signed_on": "2022-07-05"}
        )
    page = client.get(report_url(world)).content.decode()
    assert 'name="as_of" value="2022-07-01"' in page
    assert 'name="signed_on" value="2022-07-05"' in page
    assert "上次生成时选择：数据截至2022-07-01，成文日期2022-07-05" in page
    assert AuditEvent.objects.filter(action="选择报告日期").count() == 1


def test_the_excel_export_button_sends_the_as_of_date(world, client):
    client.force_login(world.office)
    page = client.get(report_url(world)).content.decode()
    assert f'formaction="{report_url(world, "export/")}"' in page  # inside the dates' form, posted
    response = client.post(report_url(world, "export/"), {"as_of": "2022-07-01", "signed_on": "2022-07-05"})
    # on to the download, with the date and the inspection only: no CSRF token in a URL
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"/documents/ledger-view.xlsx?inspection={world.inspection.pk}&as_of=2022-07-01"
    )
    response = client.get(response["Location"])
    summary = load_workbook(BytesIO(response.content))["分单位汇总"]
    assert summary.cell(row=summary.max_row, column=1).value.startswith("数据截至2022年7月1日")
    assert "2022-07-01" in response["Content-Disposition"]
    client.force_login(world.liaison)  # the office's page only
    assert client.post(report_url(world, "export/"), {"as_of": "2022-07-01"}).status_code == 403
    client.force_login(world.other_office)  # another prefecture's office does not see this inspection
    assert client.post(report_url(world, "export/"), {"as_of": "2022-07-01"}).status_code == 404


def test_the_headline_placeholder_is_previewed_as_the_sentence_it_becomes(world, client):
    client.force_login(world.office)
    save_narrative(client, world)
    page = client.get(report_url(world)).content.decode()
    preview = page.split('data-testid="headline-preview"')[1].split("</div></div>")[0]
    assert "柳原州高度重视督察整改。截至目前，督察反馈涉及柳原州的3项整改任务已完成0项" in preview
    assert "{headline}" in preview  # named once, as the placeholder it is


def test_the_attachment_title_is_edited_and_kept_with_the_narrative(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.office)
    response = client.post(
        report_url(world),
        {"title": "柳原州整改落实情况报告", "opening": OPENING, "body": "", "issuer": "柳原州人民政府",
         "attachment_title": "柳原州督察反馈问题整改进展明细表", "version": read_version(client, world)},
    )  # fmt: skip
    assert response.status_code == 302
    assert ReportNarrative.objects.get().attachment_title == "柳原州督察反馈问题整改进展明细表"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(report_url(world, "generate/progress_report/"), {"as_of": "2022-07-01"})
    document = GeneratedDocument.objects.get()
    text = [p.text for p in Document(document.stored_path).paragraphs]
    assert "附件：柳原州督察反馈问题整改进展明细表" in text and "柳原州督察反馈问题整改进展明细表" in text


def test_generating_the_ledger_gives_an_excel_file_as_of_the_date(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.office)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(report_url(world, "generate/ledger/"), {"as_of": "2022-07-01"})
    document = GeneratedDocument.objects.get()
    assert document.status == GeneratedDocument.Status.DONE, document.error
    assert document.get_kind_display() == "整改台账（Excel）" and document.file_name.endswith(".xlsx")
    response = client.get(f"/documents/files/{document.pk}/")
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
    summary = workbook["分单位汇总"]
    assert summary.cell(row=summary.max_row, column=1).value == "数据截至2022年7月1日，共3项整改任务"


def test_a_stale_narrative_save_is_refused_with_what_changed_and_keeps_the_input(world, client):
    client.force_login(world.office)
    save_narrative(client, world)
    opened = read_version(client, world)  # two people open the page at version 1
    save_narrative(client, world, body="一、加强组织领导\n（一）甲改的正文。", version=opened)
    response = save_narrative(client, world, body="一、加强组织领导\n（一）乙改的正文。", version=opened)
    assert response.status_code == 200
    page = response.content.decode()
    assert "保存未成功" in page and "甲改的正文" in page  # what changed meanwhile, in the table
    assert response.context["narrative_form"]["body"].value().endswith("乙改的正文。")  # kept as typed
    assert [v.version for v in ReportNarrative.objects.order_by("version")] == [1, 2]
    assert ReportNarrative.objects.get(version=2).sections[0]["body"] == "（一）甲改的正文。"
    # saving again from the table is deliberate: the form now carries version 2
    assert response.context["narrative_form"]["version"].value() == 2
    save_narrative(client, world, body="一、加强组织领导\n（一）乙改的正文。", version=2)
    assert ReportNarrative.objects.latest("version").sections[0]["body"] == "（一）乙改的正文。"


def test_a_narrative_form_without_its_version_is_refused(world, client):
    client.force_login(world.office)
    response = client.post(report_url(world), {"title": "柳原州整改落实情况报告", "note": ""})
    assert response.status_code == 200
    assert "页面已过期" in response.content.decode()
    assert not ReportNarrative.objects.exists()
