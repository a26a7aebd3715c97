"""Reading files: every format, and every kind of bad input giving UnreadableDocument with a message."""

import io
import os
import shutil
import stat
import subprocess
import sys
import zipfile

import docx
import pytest
from pypdf import PdfWriter

from ingest_helpers import EXPECTED, cjk_pdf, finding_keys, seed_text
from rectify.ingest import readers
from rectify.ingest.readers import UnreadableDocument, decode_text, read_document
from rectify.ingest.report import parse_report

TEXT = "昌吉州整改落实情况报告\n一、思想认识有偏差。\n整改时限：立行立改，长期坚持\n2023年12月25日"


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def unreadable(path) -> str:
    with pytest.raises(UnreadableDocument) as raised:
        read_document(path)
    message = str(raised.value)
    assert path.name in message or "LibreOffice" in message
    return message


# -- text --------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_text_encodings(tmp_path, encoding):
    document = read_document(write(tmp_path, "a.txt", TEXT.encode(encoding)))
    assert document.text.replace("\r\n", "\n") == TEXT
    assert document.source_format == "txt"


def test_gb18030_is_reported_as_a_warning(tmp_path):
    document = read_document(write(tmp_path, "a.txt", TEXT.encode("gb18030")))
    assert document.warnings == ["文本编码识别为 gb18030"]


def test_strict_utf8_wins_over_a_guess():
    assert decode_text("整改".encode()) == ("整改", "utf-8")


def test_undecodable_bytes_fall_back_on_charset_normalizer():
    text, encoding = decode_text("Résumé café naïve".encode("latin-1") * 20)
    assert "caf" in text and encoding


@pytest.mark.parametrize("data", [b"", b"   \n\t  \r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_empty_text(tmp_path, data):
    assert "文件为空" in unreadable(write(tmp_path, "empty.txt", data))


def test_binary_text_file(tmp_path):
    assert "不是文本文件" in unreadable(write(tmp_path, "a.txt", b"\x00\x01\x02binary\x00" * 10))


def test_missing_file(tmp_path):
    assert "文件不存在" in unreadable(tmp_path / "missing.txt")


def test_directory_is_not_a_file(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    assert "文件不存在" in unreadable(tmp_path / "folder.txt")


def test_unsupported_extension(tmp_path):
    message = unreadable(write(tmp_path, "report.xyz", b"anything"))
    assert "不支持的文件格式 .xyz" in message


def test_no_extension(tmp_path):
    assert "不支持的文件格式" in unreadable(write(tmp_path, "report", b"anything"))


def test_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_BYTES", 10)
    assert "文件过大" in unreadable(write(tmp_path, "a.txt", TEXT.encode()))


# -- docx --------------------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_document_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("标题")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "序号", "问题", "整改时限"
    table.cell(1, 0).text, table.cell(1, 2).text = "一", "2023年底前"
    table.cell(1, 1).text = "第一段"
    table.cell(1, 1).add_paragraph("第二段")
    merged = document.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 2)).text = "合并的单元格"
    document.add_paragraph("结尾")
    path = tmp_path / "a.docx"
    document.save(str(path))
    result = read_document(path)
    assert result.source_format == "docx"
    assert result.text.split("\n") == [
        "标题",
        "序号 | 问题 | 整改时限",
        "一 | 第一段 第二段 | 2023年底前",
        "合并的单元格",
        "结尾",
    ]


def test_docx_without_text(tmp_path):
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    assert "没有文字" in unreadable(path)


@pytest.mark.parametrize("data", [b"PK\x03\x04 broken zip", b"not a zip at all", b"\x00" * 100])
def test_corrupt_docx(tmp_path, data):
    assert "损坏" in unreadable(write(tmp_path, "bad.docx", data))


def test_zip_that_is_not_a_docx(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "损坏" in unreadable(write(tmp_path, "bad.docx", buffer.getvalue()))


def _ole(*stream_names: str) -> bytes:
    """The start of an OLE compound file naming the given streams (enough for detection)."""
    names = b"".join(name.encode("utf-16-le") + b"\x00\x00" for name in stream_names)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + names + b"\x00" * 512


def test_encrypted_docx(tmp_path):
    # Word saves a password-protected .docx as an OLE container holding EncryptionInfo and EncryptedPackage.
    message = unreadable(write(tmp_path, "secret.docx", _ole("EncryptionInfo", "EncryptedPackage")))
    assert "加密" in message


def test_doc_renamed_to_docx(tmp_path):
    assert "旧版 Word" in unreadable(write(tmp_path, "old.docx", _ole("WordDocument")))


# -- pdf ---------------------------------------------------------------------------------------


def test_pdf_with_a_cjk_text_layer(tmp_path):
    result = read_document(write(tmp_path, "a.pdf", cjk_pdf(TEXT.split("\n"))))
    assert result.source_format == "pdf"
    assert result.text.split("\n") == TEXT.split("\n")


def test_the_seed_as_a_pdf_parses_to_the_same_findings(tmp_path):
    lines = [line for line in seed_text().splitlines() if line.strip()]
    result = read_document(write(tmp_path, "seed.pdf", cjk_pdf(lines)))
    assert finding_keys(parse_report(result.text)) == EXPECTED


def _blank_pdf(pages: int = 1) -> PdfWriter:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    return writer


def _bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_scanned_pdf_without_text(tmp_path):
    message = unreadable(write(tmp_path, "scan.pdf", _bytes(_blank_pdf(2))))
    assert "没有文字层" in message and "OCR" in message


def test_pdf_with_one_scanned_page_warns(tmp_path):
    writer = PdfWriter()
    writer.append(io.BytesIO(cjk_pdf(["第一页有文字"])))
    writer.add_blank_page(width=595, height=842)
    result = read_document(write(tmp_path, "mixed.pdf", _bytes(writer)))
    assert "第一页有文字" in result.text
    assert result.warnings == ["第2页没有文字层（可能是扫描页），已跳过"]


def test_encrypted_pdf(tmp_path):
    writer = _blank_pdf()
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    assert "PDF 已加密" in unreadable(write(tmp_path, "secret.pdf", _bytes(writer)))


def test_pdf_with_only_an_owner_password_is_read(tmp_path):
    writer = PdfWriter()
    writer.append(io.BytesIO(cjk_pdf(["可以打开的文件"])))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    result = read_document(write(tmp_path, "owner.pdf", _bytes(writer)))
    assert "可以打开的文件" in result.text
    assert "权限密码" in result.warnings[0]


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\nthis is not a pdf body", b"not a pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"],
)
def test_corrupt_pdf(tmp_path, data):
    assert "损坏" in unreadable(write(tmp_path, "bad.pdf", data))


# -- doc / wps ---------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_doc_without_libreoffice(tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(UnreadableDocument) as raised:
        read_document(write(tmp_path, f"old{suffix}", _ole("WordDocument")))
    assert str(raised.value) == "读取 .doc/.wps 文件需要安装 LibreOffice（soffice），或请另存为 .docx 后上传"


def _fake_soffice(tmp_path, produce: bool):
    """A stand-in for soffice: writes <outdir>/input.docx (a prepared document) when `produce`."""
    prepared = tmp_path / "prepared.docx"
    document = docx.Document()
    for line in TEXT.split("\n"):
        document.add_paragraph(line)
    document.save(str(prepared))
    script = tmp_path / "soffice"
    body = (
        "import shutil, sys\n"
        "args = sys.argv[1:]\n"
        "outdir = args[args.index('--outdir') + 1]\n"
        f"if {produce!r}:\n"
        f"    shutil.copy({str(prepared)!r}, outdir + '/input.docx')\n"
    )
    script.write_text(f"#!{sys.executable}\n{body}")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_doc_through_libreoffice(tmp_path, monkeypatch, suffix):
    script = _fake_soffice(tmp_path, produce=True)
    monkeypatch.setattr(shutil, "which", lambda name: str(script) if name == "soffice" else None)
    result = read_document(write(tmp_path, f"old{suffix}", _ole("WordDocument")))
    assert result.text.split("\n") == TEXT.split("\n")
    assert result.source_format == suffix[1:]
    assert "LibreOffice" in result.warnings[0]


def test_doc_that_libreoffice_cannot_convert(tmp_path, monkeypatch):
    script = _fake_soffice(tmp_path, produce=False)
    monkeypatch.setattr(shutil, "which", lambda name: str(script) if name == "libreoffice" else None)
    assert "无法转换" in unreadable(write(tmp_path, "broken.doc", b"garbage"))


def test_encrypted_doc(tmp_path, monkeypatch):
    script = _fake_soffice(tmp_path, produce=True)
    monkeypatch.setattr(shutil, "which", lambda name: str(script))
    assert "加密" in unreadable(write(tmp_path, "secret.doc", _ole("EncryptionInfo", "WordDocument")))


def _numbered_docx(path, start='<w:start w:val="1"/>'):
    """A .docx whose findings (一、) and measures (1.) are numbered by Word, not typed; `start` is each
    level's w:start element (Word may leave it out: the count then starts at 1)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            f'<w:lvl w:ilvl="0">{start}<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
            f'<w:lvl w:ilvl="1">{start}<w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
            "</w:abstractNum>"
        )
    )
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def add(text, level=None):
        paragraph = document.add_paragraph(text)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
            )

    add("附件：具体问题整改进展情况")
    for problem, measures in (("问题甲。", ["措施一。", "措施二。"]), ("问题乙。", ["措施三。"])):
        add(problem, 0)
        add("整改时限：2024年底前")
        add("整改进展情况：正在推进")
        for measure in measures:
            add(measure, 1)
    document.save(str(path))
    return path


@pytest.mark.parametrize("start", ['<w:start w:val="1"/>', "", '<w:start w:val="²"/>'])
def test_docx_automatic_list_numbers_are_kept(tmp_path, start):
    result = read_document(_numbered_docx(tmp_path / "numbered.docx", start))
    assert "一、问题甲。" in result.text.split("\n")
    assert "二、问题乙。" in result.text.split("\n")
    assert "1.措施三。" in result.text.split("\n")  # the measures restart under each finding
    report = parse_report(result.text)
    assert [(f.label, len(f.measures)) for f in report.findings] == [("一", 2), ("二", 1)]


def test_a_real_doc_made_by_libreoffice_reads_back(tmp_path):
    """A .doc written by LibreOffice itself (as offices still send them) comes back as its text."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is missing in CI")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    source = tmp_path / "整改报告.docx"
    document = docx.Document()
    for text in (
        "柳原州整改落实情况报告",
        "一、督察发现，焦化企业烟气长期超标排放。",
        "整改时限：2026年底前",
    ):
        document.add_paragraph(text)
    document.save(source)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = read_document(tmp_path / "整改报告.doc").text
    assert "一、督察发现，焦化企业烟气长期超标排放。" in text
    assert "整改时限：2026年底前" in text
