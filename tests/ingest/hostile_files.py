"""Hostile upload files, generated (none is committed): each is small on disk and huge once opened.

Used by tests/ingest/test_hostile_files.py and bench/hostile_files.py. Every function writes one
file into `folder` and returns its path.
"""

import io
import zipfile
from pathlib import Path

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="整改任务" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_OPEN = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _xlsx(path: Path, sheet_xml: str, member: str = "worksheets/sheet1.xml") -> Path:
    """A one-sheet workbook whose sheet is `sheet_xml`, stored at xl/`member` (where the book's rels say)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES.replace("worksheets/sheet1.xml", member))
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.replace("worksheets/sheet1.xml", member))
        book.writestr(f"xl/{member}", sheet_xml)
    return path


_BOMB_SHEET = (
    '<dimension ref="A1:XFD1048576"/><sheetData>'
    '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    "</sheetData></worksheet>"
)


def dimension_bomb_elsewhere_xlsx(folder: Path) -> Path:
    """The dimension bomb with its sheet outside xl/worksheets/ (the book's rels point there; calamine follows)."""
    return _xlsx(folder / "别处的维度炸弹.xlsx", _SHEET_OPEN + _BOMB_SHEET, member="s.xml")


def dimension_bomb_doctype_xlsx(folder: Path) -> Path:
    """The dimension bomb behind a DOCTYPE declaration (Office XML has none)."""
    sheet = _SHEET_OPEN.replace("?>", "?><!DOCTYPE worksheet>", 1) + _BOMB_SHEET
    return _xlsx(folder / "带声明的维度炸弹.xlsx", sheet)


def broken_sheet_xlsx(folder: Path) -> Path:
    """A sheet whose XML breaks off after the bomb's declaration: not to be passed on as if it were fine."""
    return _xlsx(
        folder / "残缺的表.xlsx", _SHEET_OPEN + '<dimension ref="A1:B2"/><sheetData><row r="1"><c r='
    )


def dimension_bomb_xlsx(folder: Path) -> Path:
    """23 KB-class: declares A1:XFD1048576 and holds one cell at XFD1048576 (calamine: ~512 GiB)."""
    sheet = (
        f'{_SHEET_OPEN}<dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    return _xlsx(folder / "维度炸弹.xlsx", sheet)


def wide_rows_xlsx(folder: Path, rows: int = 2000) -> Path:
    """2,000 rows, each with a cell in column A and one in column XFD (the last): 32 million cells dense."""
    body = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="XFD{r}"><v>{r}</v></c></row>'
        for r in range(1, rows + 1)
    )
    return _xlsx(folder / "宽表.xlsx", f"{_SHEET_OPEN}<sheetData>{body}</sheetData></worksheet>")


def _minimal_docx(paragraphs_xml: str) -> dict[str, str]:
    return {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="bin" ContentType="application/octet-stream"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{paragraphs_xml}</w:body></w:document>"
        ),
    }


def zero_member_docx(folder: Path, megabytes: int = 1024) -> Path:
    """About 1 MB on disk: a valid document plus a member of 1 GB of zeros."""
    path = folder / "零填充.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as document:
        for name, text in _minimal_docx("<w:p><w:r><w:t>督察发现</w:t></w:r></w:p>").items():
            document.writestr(name, text)
        chunk = bytes(1024 * 1024)
        with document.open("word/media/zeros.bin", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(chunk)
    return path


def many_paragraphs_docx(folder: Path, paragraphs: int = 480_000) -> Path:
    """About 100 KB on disk: 480,000 paragraphs."""
    path = folder / "段落.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as document:
        for name, text in _minimal_docx("<w:p><w:r><w:t>一</w:t></w:r></w:p>" * paragraphs).items():
            document.writestr(name, text)
    return path


def many_members_zip(folder: Path, members: int = 100_000, suffix: str = ".docx") -> Path:
    """A zip (named as a Word file) with 100,000 members."""
    path = folder / f"万件{suffix}"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as container:
        for name, text in _minimal_docx("<w:p><w:r><w:t>一</w:t></w:r></w:p>").items():
            container.writestr(name, text)
        for index in range(members):
            container.writestr(f"m/{index}", b"")
    return path


def many_pages_pdf(folder: Path, pages: int = 100_000) -> Path:
    """About 700 KB: one page object referenced 100,000 times from the page tree."""
    content = b"BT /F1 12 Tf 72 720 Td (x) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count %d /Kids [" % pages + b"3 0 R " * pages + b"] >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    path = folder / "十万页.pdf"
    path.write_bytes(out.getvalue())
    return path


HOSTILE = {
    "dimension_bomb_xlsx": dimension_bomb_xlsx,
    "wide_rows_xlsx": wide_rows_xlsx,
    "zero_member_docx": zero_member_docx,
    "many_paragraphs_docx": many_paragraphs_docx,
    "many_pages_pdf": many_pages_pdf,
    "many_members_zip": many_members_zip,
}
