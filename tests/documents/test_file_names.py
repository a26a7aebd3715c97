"""Generated files: any report title gives a safe, short, unique file name, and no message shows a path."""

import pytest
from django.conf import settings

from rectify.documents import generation
from rectify.documents.generation import NAME_MAX_BYTES, download_name
from rectify.documents.models import GeneratedDocument


def generate(world, client, title, django_capture_on_commit_callbacks):
    generation.narrative_save(actor=world.office, inspection=world.inspection, title=title)
    client.force_login(world.office)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/documents/inspections/{world.inspection.pk}/report/generate/progress_report/",
            {"as_of": "2022-07-01", "signed_on": "2022-07-05"},
        )
    return GeneratedDocument.objects.latest("pk")


@pytest.mark.parametrize(
    "title",
    [
        "柳原州/石河县整改落实情况报告",
        "柳原州" + "第二轮中央生态环境保护督察整改落实情况报告" * 6,  # 129 characters, 387 bytes
        '../../etc/passwd <报告>:*?"|\\',
    ],
)
def test_any_title_generates_a_file_with_a_safe_name(
    world, client, title, django_capture_on_commit_callbacks
):
    document = generate(world, client, title, django_capture_on_commit_callbacks)
    assert document.status == GeneratedDocument.Status.DONE, document.error
    assert not set('/\\:*?"<>|') & set(document.file_name)
    assert len(document.file_name.encode()) <= NAME_MAX_BYTES and document.file_name.endswith(".docx")
    response = client.get(f"/documents/files/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_two_files_of_one_title_are_kept_apart(world, client, django_capture_on_commit_callbacks):
    first = generate(world, client, "同名报告", django_capture_on_commit_callbacks)
    second = generate(world, client, "同名报告", django_capture_on_commit_callbacks)
    assert first.stored_path != second.stored_path
    assert first.file_name == second.file_name  # the download's name; the files on disk differ


def test_download_name_is_cut_at_a_character_within_the_byte_limit():
    name = download_name("报" * 200, ".pdf")
    assert name == "报" * ((NAME_MAX_BYTES - 4) // 3) + ".pdf"
    assert download_name("  ..  ", ".docx") == "文件.docx"
    assert download_name("a\tb\x00c\n d", ".docx") == "a b_c d.docx"


def test_a_failure_says_what_went_wrong_without_a_server_path(
    world, client, monkeypatch, django_capture_on_commit_callbacks
):
    def unwritable(*args, **kwargs):
        raise PermissionError(13, "Permission denied", f"{settings.MEDIA_ROOT}/documents/1/1-报告.docx")

    monkeypatch.setattr(generation.Path, "write_bytes", unwritable)
    document = generate(world, client, "报告", django_capture_on_commit_callbacks)
    assert document.status == GeneratedDocument.Status.FAILED
    assert document.error == "文件无法保存（存储目录不可写或磁盘已满），请联系系统管理员"
    page = client.get(f"/documents/inspections/{world.inspection.pk}/report/").content.decode()
    assert "文件无法保存" in page and str(settings.MEDIA_ROOT) not in page


def test_a_libreoffice_message_loses_its_paths():
    from rectify.documents.pdf import PdfConversionFailed

    message = generation.failure_message(
        PdfConversionFailed(
            "LibreOffice 未能生成 PDF（退出码 1）：Error: /tmp/rectify-pdf-ab/report.docx not loaded"
        )
    )
    assert message == "LibreOffice 未能生成 PDF（退出码 1）：Error: … not loaded"
