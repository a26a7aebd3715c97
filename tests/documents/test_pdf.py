"""PDF through LibreOffice headless (rectify.documents.pdf): the real conversion when soffice is installed
(skipped otherwise, except in CI, which installs it), and the clear errors when it is missing, fails or
hangs (with a stand-in soffice)."""

import io
import os
import stat
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_report_docx import ATTACHMENT_TITLE, TITLE, make_content

from rectify.documents import pdf
from rectify.documents.pdf import PdfConversionFailed, PdfUnavailable, docx_to_pdf
from rectify.documents.report_docx import render_progress_report

MESSAGE = "生成PDF需要安装LibreOffice（soffice）及中文字体（如 fonts-noto-cjk）"


@pytest.fixture
def soffice():
    """Skip unless LibreOffice and a Chinese font are installed; in CI their absence is a failure."""
    if not pdf.pdf_available():
        if os.environ.get("CI") == "true":
            pytest.fail(
                "CI must install LibreOffice and CJK fonts (apt-get install libreoffice-writer-nogui fonts-noto-cjk)"
            )
        pytest.skip(
            "LibreOffice (soffice) or a Chinese font is not installed: apt-get install libreoffice-writer-nogui fonts-noto-cjk"
        )
    return pdf.soffice_path()


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    return len(reader.pages), "".join(text.split())  # CJK text comes back with line breaks and spaces


def test_docx_to_pdf_with_libreoffice(soffice):
    data = docx_to_pdf(render_progress_report(make_content()))
    assert data.startswith(b"%PDF-")
    pages, text = pdf_text(data)
    assert pages >= 2  # the attachment on a page of its own
    assert TITLE in text
    assert "附件" in text and ATTACHMENT_TITLE in text
    assert "2023年12月25日" in text
    assert "1.开展专题学习12次" in text


def test_parallel_conversions_do_not_share_a_profile(soffice):
    documents = [render_progress_report(make_content(title=f"柳原州第{n}号测试报告")) for n in ("一", "二")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(docx_to_pdf, documents))
    assert [
        title in pdf_text(data)[1] for data, title in zip(results, ("第一号", "第二号"), strict=True)
    ] == [
        True,
        True,
    ]


def test_not_a_docx_fails_clearly(soffice):
    with pytest.raises(PdfConversionFailed, match="LibreOffice 未能生成 PDF"):
        docx_to_pdf(b"\x00\x01 this is not a word document", timeout=60)


def test_without_soffice_pdf_is_unavailable(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    assert pdf.pdf_available() is False
    with pytest.raises(PdfUnavailable) as raised:
        docx_to_pdf(b"PK")
    assert str(raised.value) == MESSAGE


def test_without_a_chinese_font_pdf_is_unavailable(monkeypatch):
    monkeypatch.setattr(pdf, "soffice_path", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(pdf, "_chinese_families", lambda: set())
    assert pdf.pdf_available() is False
    with pytest.raises(PdfUnavailable, match="fonts-noto-cjk"):
        docx_to_pdf(b"PK")


def fake_soffice(tmp_path: Path, script: str, monkeypatch) -> None:
    binary = tmp_path / "soffice"
    binary.write_text(f"#!/bin/sh\n{script}\n")
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(pdf, "soffice_path", lambda: str(binary))
    monkeypatch.setattr(pdf, "_chinese_families", lambda: {"Noto Serif CJK SC"})


def test_conversion_that_writes_nothing_fails_clearly(tmp_path, monkeypatch):
    fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1", monkeypatch)
    with pytest.raises(PdfConversionFailed, match=r"退出码 1）：Error: source file could not be loaded"):
        docx_to_pdf(b"PK")


def test_conversion_that_hangs_is_killed_with_its_children(tmp_path, monkeypatch):
    marker = tmp_path / "child.pid"
    # soffice forks soffice.bin; the stand-in forks a sleeping child and waits for it
    sleeper = f"{sys.executable} -c 'import time; time.sleep(60)'"
    fake_soffice(tmp_path, f"{sleeper} & echo $! > {marker}; wait", monkeypatch)
    started = time.monotonic()
    with pytest.raises(PdfConversionFailed, match="超时"):
        docx_to_pdf(b"PK", timeout=1)
    assert time.monotonic() - started < 10
    child = int(marker.read_text())
    time.sleep(0.2)
    assert not running(child)  # the whole process group was killed


def running(pid: int) -> bool:
    """Whether the process runs (a killed orphan may linger as a zombie where PID 1 does not reap)."""
    status = Path(f"/proc/{pid}/status")
    if status.parent.parent.exists():
        try:
            return "State:\tZ" not in status.read_text()
        except FileNotFoundError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_fontconfig_file_only_substitutes_missing_office_fonts(tmp_path):
    config = pdf._fontconfig_file(tmp_path, {"黑体", "Noto Serif CJK SC"}).read_text(encoding="utf-8")
    assert '<include ignore_missing="yes">' in config
    assert "<string>仿宋_GB2312</string>" in config and "<string>Noto Serif CJK SC</string>" in config
    assert "<string>黑体</string></test>" not in config  # installed: left alone
    assert "<string>方正小标宋简体</string></test>" in config and "<const>bold</const>" in config
