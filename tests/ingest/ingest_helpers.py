"""Shared by the ingest tests: the seed, what it must parse to, its variants, and a schema checker."""

import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import docx
import opencc

from rectify.ingest.report import STATUS_CODES, ParsedReport
from rectify.ledger.deadlines import DeadlineKind
from support import shared_file

SEED = "seeds/changji-2023-rectification-report.txt"

D = date
# The attachment's 18 findings as printed: (number, label, deadline kind, deadline end, status code,
# number of measures). Counted by hand in the seed; 十一 has progress text but no numbered measure.
EXPECTED = [
    (1, "一", "immediate_ongoing", None, "completed_ongoing", 4),
    (2, "二", "immediate_ongoing", None, "completed_ongoing", 3),
    (3, "三", "date", D(2023, 12, 31), "completed", 2),
    (4, "四", "date", D(2024, 6, 30), "in_progress", 2),
    (5, "五", "date", D(2023, 12, 31), "in_progress", 3),
    (6, "六", "date", D(2023, 12, 31), "completed", 4),
    (7, "七", "date", D(2024, 12, 31), "in_progress", 2),
    (8, "八", "date", D(2025, 12, 31), "in_progress", 8),
    (9, "九", "immediate_ongoing", None, "completed_ongoing", 2),
    (10, "十", "immediate_ongoing", None, "completed_ongoing", 5),
    (11, "十一", "date", D(2023, 6, 30), "completed", 0),
    (12, "十二", "date", D(2024, 6, 30), "in_progress", 3),
    (13, "十三", "immediate_ongoing", None, "completed_ongoing", 2),
    (14, "十四", "date", D(2023, 10, 31), "completed", 2),
    (15, "十五", "date", D(2025, 12, 31), "in_progress", 4),
    (16, "十六", "date", D(2023, 12, 31), "in_progress", 2),
    (17, "十七", "immediate_ongoing", None, "completed_ongoing", 3),
    (18, "十八", "date", D(2025, 12, 31), "in_progress", 3),
]


@lru_cache(maxsize=1)
def seed_text() -> str:
    """The seed report (skips the test when ../shared is absent outside CI)."""
    return shared_file(SEED).read_text(encoding="utf-8")


def finding_keys(report: ParsedReport) -> list[tuple]:
    """What every variant must agree on: number, label, deadline kind and end, status, measure count."""
    return [
        (f.number, f.label, f.deadline.kind.value, f.deadline.end, f.status_code, len(f.measures))
        for f in report.findings
    ]


def internal_errors(report: ParsedReport) -> list[str]:
    return [w.message for w in report.warnings if "内部错误" in w.message]


# -- the seed cut into parts -------------------------------------------------------------------

_HEADING = re.compile(r"^([一二三四五六七八九十]+)、")


def split_seed(text: str) -> tuple[list[str], list[list[str]], list[str]]:
    """(lines before the attachment's findings, each finding's non-empty lines, the signature lines)."""
    lines = text.splitlines()
    marker = max(i for i, line in enumerate(lines) if line.strip() == "附件：")
    first = next(i for i in range(marker, len(lines)) if _HEADING.match(lines[i]))
    signature = next(i for i in range(len(lines) - 1, first, -1) if lines[i].strip().startswith("中共"))
    findings: list[list[str]] = []
    for line in lines[first:signature]:
        if _HEADING.match(line):
            findings.append([line.strip()])
        elif line.strip():
            findings[-1].append(line.strip())
    return lines[:first], findings, lines[signature:]


def finding_parts(finding: list[str]) -> tuple[str, str, str, str, list[str]]:
    """(label, problem text, deadline, status, other lines) of one finding of the seed."""
    label, problem = finding[0].split("、", 1)
    deadline = next(line for line in finding if line.startswith("整改时限")).split("：", 1)[1]
    status = next(line for line in finding if line.startswith("整改进展情况")).split("：", 1)[1]
    rest = [line for line in finding[1:] if not line.startswith(("整改时限", "整改进展情况"))]
    return label, problem, deadline, status, rest


# -- variants ---------------------------------------------------------------------------------

_HALF_WIDTH = str.maketrans(
    {
        "，": ",",
        "：": ":",
        "（": "(",
        "）": ")",
        "；": ";",
        "。": ".",
        "“": '"',
        "”": '"',
        "！": "!",
        "？": "?",
    }
)


def half_width(text: str) -> str:
    """Half-width punctuation, as web pages copied as text have it."""
    return text.translate(_HALF_WIDTH)


def collapsed(text: str) -> str:
    """Every run of whitespace, newlines included, turned into one space: the whole report on one line."""
    return re.sub(r"\s+", " ", text).strip()


def traditional(text: str) -> str:
    return opencc.OpenCC("s2t").convert(text)


def with_junk(text: str) -> str:
    """Page numbers every 15 lines and web-page furniture every 40 lines, as a copied page has them."""
    out = []
    for index, line in enumerate(text.splitlines()):
        out.append(line)
        if index % 15 == 7:
            out.append(f"— {index // 15 + 1} —")
        if index % 40 == 3:
            out += [
                "来源：昌吉州人民政府网",
                "http://www.cj.gov.cn/info/123.html",
                "打印本页 关闭窗口",
                "第3页 共10页",
            ]
    return "\n".join(out)


def with_flattened_tables(text: str) -> str:
    """Findings 十 … 十三 as a ` | `-flattened table with a header row; 十四 as label | value rows."""
    head, findings, tail = split_seed(text)
    out = list(head)
    for index, finding in enumerate(findings):
        label, problem, deadline, status, rest = finding_parts(finding)
        if 9 <= index <= 12:
            if index == 9:
                out.append("序号 | 问题 | 整改时限 | 整改进展情况 | 整改措施")
            out.append(" | ".join([label, problem, deadline, status, " ".join(rest)]))
        elif index == 13:
            out += [finding[0], f"整改时限 | {deadline}", f"整改进展情况 | {status}", *rest]
        else:
            out += finding
    return "\n".join(out + tail)


def seed_docx(text: str, path: Path) -> Path:
    """The seed as a .docx: paragraphs, with findings 十 … 十三 in a table (one row each, measures as
    paragraphs in a cell) and 十四 in a label/value table whose first row is one merged cell."""
    head, findings, tail = split_seed(text)
    document = docx.Document()
    for line in head:
        document.add_paragraph(line)
    table = None
    for index, finding in enumerate(findings):
        label, problem, deadline, status, rest = finding_parts(finding)
        if 9 <= index <= 12:
            if table is None:
                table = document.add_table(rows=1, cols=5)
                for cell, title in zip(
                    table.rows[0].cells, ["序号", "问题", "整改时限", "整改进展情况", "整改措施"], strict=True
                ):
                    cell.text = title
            cells = table.add_row().cells
            cells[0].text, cells[1].text, cells[2].text, cells[3].text = label, problem, deadline, status
            cells[4].text = rest[0] if rest else ""
            for measure in rest[1:]:
                cells[4].add_paragraph(measure)
        elif index == 13:
            small = document.add_table(rows=3, cols=2)
            merged = small.cell(0, 0).merge(small.cell(0, 1))
            merged.text = finding[0]
            small.cell(1, 0).text, small.cell(1, 1).text = "整改时限", deadline
            small.cell(2, 0).text, small.cell(2, 1).text = "整改进展情况", status
            for line in rest:
                document.add_paragraph(line)
        else:
            for line in finding:
                document.add_paragraph(line)
    for line in tail:
        document.add_paragraph(line)
    document.save(str(path))
    return path


# -- the JSON schema --------------------------------------------------------------------------

_DEADLINE_KINDS = {kind.value for kind in DeadlineKind}
_SUMMARY_FIGURES = {
    "tasks_total",
    "tasks_completed",
    "tasks_on_schedule",
    "petitions_total",
    "petitions_closed",
    "petition_closure_rate",
}


def _iso_or_none(value) -> None:
    if value is not None:
        assert isinstance(value, str) and len(value) == 10, value
        date.fromisoformat(value)


def check_schema(data: dict, line_count: int) -> None:
    """Assert that `data` (report_to_dict's output) has the promised shape."""
    assert {"title", "issuers", "date", "as_of", "summary", "findings", "warnings"} <= data.keys()
    assert isinstance(data["title"], str)
    assert isinstance(data["issuers"], list) and all(isinstance(i, str) and i for i in data["issuers"])
    _iso_or_none(data["date"])
    _iso_or_none(data["as_of"])

    summary = data["summary"]
    assert summary.keys() >= _SUMMARY_FIGURES
    for key in _SUMMARY_FIGURES - {"petition_closure_rate"}:
        assert summary[key] is None or (isinstance(summary[key], int) and summary[key] >= 0), key
    rate = summary["petition_closure_rate"]
    assert rate is None or isinstance(rate, float)
    for count in summary["counts"]:
        assert isinstance(count["value"], int) and count["unit"] in ("项", "件")
        assert isinstance(count["what"], str) and isinstance(count["line"], int)

    for finding in data["findings"]:
        assert {"number", "label", "text", "deadline", "status", "measures"} <= finding.keys()
        assert isinstance(finding["number"], int) and isinstance(finding["label"], str) and finding["label"]
        assert isinstance(finding["text"], str)
        deadline = finding["deadline"]
        assert {"raw", "kind", "start", "end", "milestones"} <= deadline.keys()
        assert isinstance(deadline["raw"], str) and deadline["kind"] in _DEADLINE_KINDS
        _iso_or_none(deadline["start"])
        _iso_or_none(deadline["end"])
        for milestone in deadline["milestones"]:
            _iso_or_none(milestone["date"])
        assert isinstance(finding["status"]["raw"], str) and finding["status"]["code"] in STATUS_CODES
        for measure in finding["measures"]:
            assert isinstance(measure["number"], int) and isinstance(measure["text"], str)

    for warning in data["warnings"]:
        assert isinstance(warning["message"], str) and warning["message"]
        assert isinstance(warning["line"], int) and 0 <= warning["line"] <= line_count, warning
    json.dumps(data, ensure_ascii=False)  # JSON-ready all the way down


# -- a PDF with a CJK text layer, written by hand ---------------------------------------------


def _to_unicode_cmap(text: str) -> bytes:
    """A ToUnicode CMap mapping each 2-byte code (the character's own code point) to itself."""
    codes = sorted({ord(c) for c in text if ord(c) <= 0xFFFF})
    blocks = []
    for i in range(0, len(codes), 100):  # at most 100 entries per bfchar block
        chunk = codes[i : i + 100]
        entries = "\n".join(f"<{c:04X}> <{c:04X}>" for c in chunk)
        blocks.append(f"{len(chunk)} beginbfchar\n{entries}\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" + "\n".join(blocks) + "\nendcmap\n"
        "CMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode()


def cjk_pdf(lines: list[str], lines_per_page: int = 40) -> bytes:
    """A PDF whose text layer holds `lines` (Chinese included), one text line each.

    The font is a Type0 font with Identity-H encoding whose codes are the characters' code points,
    and a ToUnicode CMap that maps them back: what text extraction reads. No glyphs are embedded
    (a viewer substitutes STSong-Light); only the text layer matters here.
    """
    pages = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]
    page_ids = [9 + 2 * n for n in range(len(pages))]
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (" ".join(f"{i} 0 R" for i in page_ids).encode(), len(pages)),
        5: b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H"
        b" /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        6: b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo"
        b" << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 >>",
        8: b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 -200 1000 900]"
        b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>",
    }
    cmap = _to_unicode_cmap("".join(lines))
    objects[7] = b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"
    for page_id, page_lines in zip(page_ids, pages, strict=True):
        operations = [
            f"BT /F1 10 Tf 30 {800 - 19 * row} Td <{''.join(f'{ord(c):04X}' for c in line if ord(c) <= 0xFFFF)}> Tj ET"
            for row, line in enumerate(page_lines)
        ]
        content = "\n".join(operations).encode()
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
            b" /Contents %d 0 R >>" % (page_id + 1)
        )
        objects[page_id + 1] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    size = max(objects) + 1
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)
