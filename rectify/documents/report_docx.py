"""The progress report (整改落实情况报告) as .docx, laid out per GB/T 9704-2012 (党政机关公文格式).

    render_progress_report(content: ReportContent) -> bytes
    title_lines(title) -> ["昌吉回族自治州第二轮中央生态环境保护督察", "整改落实情况报告"]

Pure python-docx (and lxml under it): no Django. The layout, as Chinese offices set it up in Word/WPS
(docs/decisions/0003-official-document-layout.md):

- A4 210×297 mm; margins top 37, bottom 35, left 28, right 26 mm (版心 156×225 mm); 22 lines of 28
  characters: an exact 28.95 pt line pitch, the section's line grid set to match (w:docGrid lines,
  linePitch 579 twips), and 3号 text condensed 0.25 pt a character so that 28 fit a line.
- Title: 方正小标宋简体 2号 (22 pt), centred, in lines broken at word boundaries (a "\\n" in the title
  is kept as a manual break; otherwise a long title is broken before 整改落实情况报告 and the like).
- Body: 仿宋_GB2312 3号 (16 pt), justified, first line indented 2 characters. First-level headings
  (一、…) in 黑体; second-level leads (（一）…。) in 楷体_GB2312, the rest of their paragraph in 仿宋.
- 附件说明 after the closing; then the signature as GB/T 9704 §7.3.5.1 sets a sealed document: the
  date in Arabic numerals (2023年12月25日) right-aligned 4 characters in, one issuer centred over it,
  joint issuers ("\\n" in `issuer`) side by side in their order, the last over the date (see
  `signature_rows`).
- Hanging punctuation: see _OVERFLOW_PUNCT_XML (LibreOffice dropped the marks it hung).
- The attachment on a new page: 附件 in 黑体 top-left, its title in 方正小标宋简体 2号 centred, then per
  finding: "一、" (黑体) and the finding (仿宋); "整改时限：" and "整改进展情况：" with the labels in 黑体
  and the values in 仿宋 (lines of `progress` after its first are printed as paragraphs of their own);
  the measures numbered "1." … in 仿宋 (a measure numbered 0 is printed unnumbered).
- Page numbers "— 1 —" in 宋体 4号 (14 pt) at the bottom, odd pages right and even pages left, one
  character in from the edge (a PAGE field; settings w:evenAndOddHeaders).

Paragraph layout lives in named paragraph styles (公文正文, 公文一级标题, 公文标题, 附件说明, 发文机关署名,
附件标识, 页码), so the document stays editable the way offices edit it; the document defaults and the
Normal style carry 仿宋_GB2312 3号 at the fixed pitch, so text typed later in Word/WPS matches the body.
Every run also names its fonts and size directly (w:rFonts eastAsia=the Chinese font, ascii/hAnsi
Times New Roman for digits and Latin, w:hint eastAsia so that “”—… take the Chinese font).

The body is built with lxml SubElement calls into python-docx's tree (python-docx's add_paragraph /
add_run are several times slower and heavier for a province-sized report of 10,000 paragraphs).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable
from datetime import UTC, datetime

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from lxml.etree import SubElement

from rectify.documents.content import AttachmentFinding, ReportContent

# -- the layout ------------------------------------------------------------------------------------

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37
MARGIN_BOTTOM_MM = 35
MARGIN_LEFT_MM = 28
MARGIN_RIGHT_MM = 26
FOOTER_DISTANCE_MM = 25  # puts the page number's 一字线 about 7 mm below the 版心
HEADER_DISTANCE_MM = 15

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH_TWIPS = 579  # 28.95 pt: 225 mm / 22 lines
LINE_PITCH_PT = LINE_PITCH_TWIPS / 20

TITLE_SIZE_PT = 22  # 2号
BODY_SIZE_PT = 16  # 3号
PAGE_NUMBER_SIZE_PT = 14  # 4号

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEADING = "黑体"
FONT_LEAD = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"
FONT_LATIN = "Times New Roman"

_TEXT_WIDTH_PT = (PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) / 25.4 * 72  # 442.2 pt
# 28 characters of 16 pt need 448 pt: 3号 text is condensed by 0.25 pt a character (w:spacing -5
# twentieths), as offices do by hand ("字符间距紧缩"), so that 28 fit in Word, WPS and LibreOffice alike.
# (A linesAndChars document grid does the same in Word, but LibreOffice gives each 16 pt character two
# 15.8 pt grid cells, doubling the spacing in the PDF; so the grid is lines only.)
_CONDENSED_PITCH_PT = _TEXT_WIDTH_PT / CHARS_PER_LINE  # 15.79 pt
BODY_CHAR_SPACING = math.floor((_CONDENSED_PITCH_PT - BODY_SIZE_PT) * 20)  # −5 twentieths of a point
TITLE_CHARS_PER_LINE = int(_TEXT_WIDTH_PT // TITLE_SIZE_PT)  # 20


# -- text clean-up ---------------------------------------------------------------------------------

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LEAD = re.compile(r"^[（(][一二三四五六七八九十百]+[）)]")
_LEAD_MAX_CHARS = 40  # a lead (（一）扛牢政治责任。) longer than this is not a lead but a paragraph
_DEADLINE_LABEL = re.compile(r"^\s*(整改时限|整改期限|完成时限)\s*[：:]\s*")
_PROGRESS_LABEL = re.compile(r"^\s*(整改进展情况|整改进展|进展情况|整改情况)\s*[：:]\s*")
_MEASURE_NUMBER = re.compile(r"^\s*\d{1,4}\s*[.．、]")


def _clean(text: str) -> str:
    """Text safe for XML: no control characters; tabs as spaces; CR/LF normalised to \\n."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _XML_ILLEGAL.sub("", text)


def _paragraphs(text: str) -> list[str]:
    """Paragraphs of a block of text: one a line, blank lines dropped, outer whitespace stripped."""
    return [line.strip() for line in _clean(text).split("\n") if line.strip()]


def _width(text: str) -> float:
    """Printed width in characters: CJK and full-width forms 1, ASCII ½."""
    return sum(0.5 if ord(ch) < 0x2E80 and ch not in "—…“”‘’" else 1.0 for ch in text)


# Where a long title may be broken: before these phrases, or after the ones in _BREAK_AFTER.
# (GB/T 9704 §7.3.3: 回行时要做到词意完整，排列对称，长短适宜.) Lower penalty = better place to break.
_BREAK_BEFORE = {
    "整改落实情况": 0,
    "整改工作": 1,
    "整改进展情况": 0,
    "具体问题": 0,
    "关于": 0,
    "贯彻落实": 1,
    "第一轮": 1,
    "第二轮": 1,
    "第三轮": 1,
    "中央": 1,
    "整改方案": 0,
    "情况的报告": 1,
    "的报告": 2,
}
_BREAK_AFTER = {"督察报告": 0, "人民政府": 1, "委员会": 1}


def title_lines(title: str, chars_per_line: int = TITLE_CHARS_PER_LINE) -> list[str]:
    """The lines of a 2号 title: the manual breaks ("\\n") if any, else the fewest lines that fit,
    broken at the best phrase boundaries (then the most even), else the title as one line for Word
    to wrap."""
    explicit = _paragraphs(title)
    if len(explicit) != 1:
        return explicit
    text = explicit[0]
    if _width(text) <= chars_per_line:
        return [text]
    points: dict[int, int] = {}
    for phrase, penalty in _BREAK_BEFORE.items():
        for match in re.finditer(re.escape(phrase), text):
            if 0 < match.start() < len(text):
                points[match.start()] = min(points.get(match.start(), 9), penalty)
    for phrase, penalty in _BREAK_AFTER.items():
        for match in re.finditer(re.escape(phrase), text):
            if 0 < match.end() < len(text):
                points[match.end()] = min(points.get(match.end(), 9), penalty)
    ordered = sorted(points)
    best: tuple[tuple[int, int, float], list[str]] | None = None

    def search(start: int, chosen: list[int]) -> None:
        nonlocal best
        rest = text[start:]
        if _width(rest) <= chars_per_line:
            cuts = [*chosen, len(text)]
            lines = [text[a:b] for a, b in zip([0, *chosen], cuts, strict=True)]
            widths = [_width(line) for line in lines]
            key = (len(lines), sum(points[c] for c in chosen), max(widths) - min(widths))
            if best is None or key < best[0]:
                best = (key, lines)
            return
        if len(chosen) >= 3:
            return
        for point in ordered:
            if point > start and _width(text[start:point]) <= chars_per_line:
                search(point, [*chosen, point])

    search(0, [])
    return best[1] if best else [text]


# -- the signature (GB/T 9704-2012 §7.3.5.1, a sealed document) ------------------------------------
#
# 成文日期右空四字. One issuer is centred over the date (以成文日期为准居中编排发文机关署名): its seal
# presses both. Joint issuers (联合行文) are set side by side in their order, each under its own seal
# (各发文机关署名按照发文机关顺序整齐排列在相应位置，并将印章一一对应、端正、居中下压发文机关署名), the last
# one centred over the date (最后一个印章端正、居中下压发文机关署名和成文日期); seals neither touch nor cross
# (互不相交或相切) and a row of seals stays inside the 版心 (每排印章两端不得超出版心). So issuers sit on a
# grid of columns one seal pitch apart, counted leftwards from the date's centre; a row takes as many
# as fit (the standard's figures show at most three), and the rows that do not fit go above the last,
# in order, a seal's height apart. Each row is one paragraph with a centre tab stop per issuer.

SEAL_DIAMETER_MM = 45  # a prefecture's or county's seal (国务院印章规定: 地方人民政府 4.5 cm)
_CHAR_MM = _CONDENSED_PITCH_PT / 72 * 25.4  # 5.57 mm: one character of the 28-a-line body
SEAL_CHARS = SEAL_DIAMETER_MM / _CHAR_MM  # 8.1 characters
CHAR_TWIPS = _CONDENSED_PITCH_PT * 20
DATE_RIGHT_CHARS = 4  # 右空四字 (of 3号: 64 pt, as the signature style's rightChars=400 sets it)
SEAL_ROW_GAP_LINES = 4  # blank lines between rows of seals: rows 5 lines (51 mm) apart, seals 45 mm
SEALS_PER_ROW = 3


def signature_rows(issuers: list[str], date_width: float) -> list[list[tuple[str, float]]]:
    """The issuers in rows of (name, centre in characters from the left edge of the 版心).

    The last issuer is centred on the date's centre; the others, in their order, on columns one pitch
    apart to its left (the pitch: a seal and a character, or the widest name and a character). Rows
    are filled in order and aligned on the same columns; the last row holds what is left, ending over
    the date.
    """
    if not issuers:
        return []
    centre = (_TEXT_WIDTH_PT - DATE_RIGHT_CHARS * BODY_SIZE_PT) / _CONDENSED_PITCH_PT - date_width / 2
    widths = [_width(name) for name in issuers]
    pitch = max(SEAL_CHARS + 1, max(widths) + 1)
    reach = max(SEAL_CHARS / 2, max(widths) / 2)  # what a column needs on its left: its seal or its name
    per_row = 1
    while per_row < SEALS_PER_ROW and centre - per_row * pitch - reach >= 0:
        per_row += 1
    rows = []
    for start in range(0, len(issuers), per_row):
        group = issuers[start : start + per_row]
        row = []
        for i, name in enumerate(group):
            at, half = centre - (len(group) - 1 - i) * pitch, _width(name) / 2
            if half * 2 > CHARS_PER_LINE:  # longer than a line: centred, for Word to wrap
                at = CHARS_PER_LINE / 2
            else:  # a name wider than its column stays inside the 版心
                at = min(max(at, half), CHARS_PER_LINE - half)
            row.append((name, at))
        rows.append(row)
    return rows


# -- styles ---------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_P, _PPR, _PSTYLE, _R, _RPR, _T, _BR = (f"{_W}{tag}" for tag in ("p", "pPr", "pStyle", "r", "rPr", "t", "br"))
_RFONTS, _SZ, _VAL = f"{_W}rFonts", f"{_W}sz", f"{_W}val"

STYLE_TITLE = "GwTitle"  # 公文标题
STYLE_BODY = "GwBody"  # 公文正文
STYLE_HEADING = "GwHeading1"  # 公文一级标题
STYLE_ATTACHMENT_NOTE = "GwAttachmentNote"  # 附件说明
STYLE_SIGNATURE = "GwSignature"  # 发文机关署名 and 成文日期
STYLE_ATTACHMENT_LABEL = "GwAttachmentLabel"  # 附件标识
STYLE_PAGE_NUMBER = "GwPageNumber"  # 页码


def _fonts_xml(east_asia: str, latin: str = FONT_LATIN) -> str:
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}" w:hint="eastAsia"/>'


def _rpr_xml(east_asia: str, size_pt: float, spacing: int, latin: str = FONT_LATIN) -> str:
    """Style-level run properties in schema order: rFonts, spacing, sz, szCs, lang."""
    half = round(size_pt * 2)
    return (
        f'<w:rPr>{_fonts_xml(east_asia, latin)}<w:spacing w:val="{spacing}"/>'
        f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>'
    )


def _ind_xml(
    *, first_line: int = 0, left: int = 0, right: int = 0, hanging: int = 0, char_pt: float = 16
) -> str:
    """w:ind in hundredths of a character (Word's *Chars) and, for readers without them, in twips."""
    attrs = []
    for name, chars in (("left", left), ("right", right), ("firstLine", first_line), ("hanging", hanging)):
        if chars:
            attrs.append(f'w:{name}Chars="{chars}" w:{name}="{round(chars * char_pt * 20 / 100)}"')
    return f"<w:ind {' '.join(attrs)}/>" if attrs else ""


# Punctuation at a line's end. A full line holds 28 characters; a 、，。 that comes 29th may not start
# the next line (避头点), so it either hangs in the margin or takes the 28th character down with it.
# LibreOffice (7.x) hangs it by default, and then leaves the hanging mark out of the page and the PDF
# ("州党委常委会州政府…"). Its .docx reader also reads w:overflowPunct the wrong way round (writerfilter:
# IsHangingPunctuation = (val == 0)), so an explicit w:overflowPunct="1" — which for Word and WPS is
# their default, so nothing changes there — turns hanging off in LibreOffice: it carries the last
# character down with the mark, and every mark is printed. tests/documents/test_pdf_text.py holds the
# PDF's text equal to the .docx's, so a LibreOffice that reads it the other way fails that test.
_OVERFLOW_PUNCT_XML = '<w:overflowPunct w:val="1"/>'
_PITCH_XML = f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH_TWIPS}" w:lineRule="exact"/>'
_RPR_NORMAL_XML = _rpr_xml(FONT_BODY, BODY_SIZE_PT, BODY_CHAR_SPACING)

# (style id, name, based on, next, pPr children in schema order, rPr or "")
_STYLES = (
    (
        STYLE_TITLE,
        "公文标题",
        "Normal",
        STYLE_BODY,
        '<w:keepNext/><w:snapToGrid w:val="0"/><w:jc w:val="center"/>',
        _rpr_xml(FONT_TITLE, TITLE_SIZE_PT, 0),
    ),
    (STYLE_BODY, "公文正文", "Normal", STYLE_BODY, _ind_xml(first_line=200), ""),
    (
        STYLE_HEADING,
        "公文一级标题",
        STYLE_BODY,
        STYLE_BODY,
        '<w:keepNext/><w:outlineLvl w:val="0"/>',
        f"<w:rPr>{_fonts_xml(FONT_HEADING)}</w:rPr>",
    ),
    (
        STYLE_ATTACHMENT_NOTE,  # §7.3.6: 左空二字; a long name wraps under its own first character
        "附件说明",
        "Normal",
        STYLE_BODY,
        _ind_xml(left=500, hanging=300) + '<w:jc w:val="left"/>',
        "",
    ),
    (
        STYLE_SIGNATURE,
        "发文机关署名",
        "Normal",
        STYLE_SIGNATURE,
        _ind_xml(right=400) + '<w:jc w:val="right"/>',
        "",
    ),
    (
        STYLE_ATTACHMENT_LABEL,
        "附件标识",
        "Normal",
        "Normal",
        '<w:keepNext/><w:pageBreakBefore/><w:jc w:val="left"/>',
        f"<w:rPr>{_fonts_xml(FONT_HEADING)}</w:rPr>",
    ),
    (
        STYLE_PAGE_NUMBER,
        "页码",
        "Normal",
        STYLE_PAGE_NUMBER,
        '<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
        _rpr_xml(FONT_PAGE_NUMBER, PAGE_NUMBER_SIZE_PT, 0, latin=FONT_PAGE_NUMBER),
    ),
)


def _set_styles(document) -> None:
    """docDefaults, Normal and the report's paragraph styles."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    for old in list(defaults):
        defaults.remove(old)
    defaults.append(parse_xml(f"<w:rPrDefault {nsdecls('w')}>{_RPR_NORMAL_XML}</w:rPrDefault>"))
    defaults.append(
        parse_xml(
            f"<w:pPrDefault {nsdecls('w')}><w:pPr>"
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        )
    )
    # Normal: justified, exact 28.95 pt, no widow control (it breaks the 22-line grid); no indent, so
    # that tables and footers based on it are not indented; punctuation as _OVERFLOW_PUNCT_XML says.
    normal = document.styles["Normal"].element
    for old in normal.findall(qn("w:pPr")) + normal.findall(qn("w:rPr")):
        normal.remove(old)
    normal.append(
        parse_xml(
            f'<w:pPr {nsdecls("w")}><w:widowControl w:val="0"/>{_OVERFLOW_PUNCT_XML}{_PITCH_XML}'
            '<w:jc w:val="both"/></w:pPr>'
        )
    )
    normal.append(parse_xml(_RPR_NORMAL_XML.replace("<w:rPr>", f"<w:rPr {nsdecls('w')}>", 1)))
    for style_id, name, based_on, next_id, ppr, rpr in _STYLES:
        styles.append(
            parse_xml(
                f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
                f'<w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/><w:next w:val="{next_id}"/>'
                f"<w:qFormat/><w:pPr>{ppr}</w:pPr>{rpr}</w:style>"
            )
        )
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")


# -- paragraphs -------------------------------------------------------------------------------------

# A run's direct properties: rFonts and sz, shared attribute dicts (lxml copies them into each element).
_RunFormat = tuple[dict[str, str], dict[str, str]]


def _run_format(east_asia: str, size_pt: float, latin: str = FONT_LATIN) -> _RunFormat:
    fonts = {f"{_W}ascii": latin, f"{_W}hAnsi": latin, f"{_W}eastAsia": east_asia, f"{_W}hint": "eastAsia"}
    return fonts, {_VAL: str(round(size_pt * 2))}


TITLE = _run_format(FONT_TITLE, TITLE_SIZE_PT)
BODY = _run_format(FONT_BODY, BODY_SIZE_PT)
HEADING = _run_format(FONT_HEADING, BODY_SIZE_PT)
LEAD = _run_format(FONT_LEAD, BODY_SIZE_PT)
PAGE_NUMBER = _run_format(FONT_PAGE_NUMBER, PAGE_NUMBER_SIZE_PT, latin=FONT_PAGE_NUMBER)

Run = tuple[str, _RunFormat]


def _add_run(p, text: str, run_format: _RunFormat):
    """A w:r with its fonts and size; "\\n" in the text becomes a line break (w:br)."""
    r = SubElement(p, _R)
    rpr = SubElement(r, _RPR)
    SubElement(rpr, _RFONTS, run_format[0])
    SubElement(rpr, _SZ, run_format[1])
    for index, piece in enumerate(text.split("\n")):
        if index:
            SubElement(r, _BR)
        if piece:
            t = SubElement(r, _T)
            t.text = piece
            if piece[0] == " " or piece[-1] == " ":
                t.set(_XML_SPACE, "preserve")
    return r


def _add_paragraph(body, style: str | None, runs: Iterable[Run] = ()):
    p = SubElement(body, _P)
    if style:
        SubElement(SubElement(p, _PPR), _PSTYLE, {_VAL: style})
    for text, run_format in runs:
        if text:
            _add_run(p, text, run_format)
    return p


class _Writer:
    """Appends the report's paragraphs to the document body."""

    def __init__(self, body) -> None:
        self.body = body

    def paragraph(self, style: str | None, runs: Iterable[Run] = ()):
        return _add_paragraph(self.body, style, runs)

    def blank(self) -> None:
        SubElement(self.body, _P)  # Normal: one line at the fixed pitch

    def signature_row(self, row: list[tuple[str, float]]) -> None:
        """Issuers side by side, each centred on a centre tab stop at its seal's centre."""
        p = self.paragraph(STYLE_SIGNATURE)
        ppr = p.find(_PPR)
        tabs = SubElement(ppr, f"{_W}tabs")
        for _, centre in row:
            SubElement(tabs, f"{_W}tab", {_VAL: "center", f"{_W}pos": str(round(centre * CHAR_TWIPS))})
        SubElement(ppr, f"{_W}ind", {f"{_W}rightChars": "0", f"{_W}right": "0"})
        SubElement(ppr, f"{_W}jc", {_VAL: "left"})
        for name, _ in row:
            r = _add_run(p, "", BODY)
            SubElement(r, f"{_W}tab")
            SubElement(r, _T).text = name

    def title(self, text: str) -> None:
        self.paragraph(STYLE_TITLE, [("\n".join(title_lines(text)), TITLE)])

    def text(self, text: str) -> None:
        """A body paragraph in 仿宋; one opening with （一）…。 gets its lead in 楷体."""
        match = _LEAD.match(text)
        if not match:
            self.paragraph(STYLE_BODY, [(text, BODY)])
            return
        stop = text.find("。", match.end())
        if 0 <= stop < _LEAD_MAX_CHARS:
            lead, rest = text[: stop + 1], text[stop + 1 :]
        elif len(text) <= _LEAD_MAX_CHARS:
            lead, rest = text, ""
        else:
            lead, rest = text[: match.end()], text[match.end() :]
        self.paragraph(STYLE_BODY, [(lead, LEAD), (rest, BODY)])

    def labelled(self, text: str, pattern: re.Pattern[str], default_label: str) -> None:
        """整改时限：2023年底前 — the label in 黑体, the value in 仿宋."""
        match = pattern.match(text)
        label, value = (text[: match.end()].strip(), text[match.end() :]) if match else (default_label, text)
        self.paragraph(STYLE_BODY, [(label, HEADING), (value, BODY)])

    def finding(self, finding: AttachmentFinding) -> None:
        label = _clean(finding.label).strip().rstrip("、.．")
        paragraphs = _paragraphs(finding.text) or [""]
        first = paragraphs[0]
        if label and first.startswith(f"{label}、"):
            first = first[len(label) + 1 :]
        self.paragraph(STYLE_BODY, [(f"{label}、" if label else "", HEADING), (first, BODY)])
        for more in paragraphs[1:]:
            self.text(more)
        deadline = " ".join(_paragraphs(finding.deadline))
        if deadline:
            self.labelled(deadline, _DEADLINE_LABEL, "整改时限：")
        progress = _paragraphs(finding.progress)
        if progress:  # the status after the label; further lines are progress text of their own
            self.labelled(progress[0], _PROGRESS_LABEL, "整改进展情况：")
            for more in progress[1:]:
                self.text(more)
        for more in _paragraphs(finding.detail):  # progress that belongs to no numbered measure
            self.text(more)
        for measure in finding.measures:
            paragraphs = _paragraphs(measure.text) or [""]
            first = paragraphs[0]
            if measure.number > 0 and not _MEASURE_NUMBER.match(first):
                first = f"{measure.number}.{first}"
            for text in (first, *paragraphs[1:]):
                self.paragraph(STYLE_BODY, [(text, BODY)])

    def report(self, content: ReportContent) -> None:
        self.title(content.title)
        self.blank()  # GB/T 9704 §7.3.3: a blank line between the title and the text
        for text in _paragraphs(content.opening):
            self.text(text)
        for section in content.sections:
            heading = " ".join(_paragraphs(section.heading))
            if heading:
                self.paragraph(STYLE_HEADING, [(heading, HEADING)])
            for text in _paragraphs(section.body):
                self.text(text)
        for text in _paragraphs(content.closing):
            self.text(text)
        attachment_title = "".join(_paragraphs(content.attachment_title)) or "附件"
        if content.findings:
            self.blank()  # §7.3.6: 附件说明 one line below the text
            self.paragraph(STYLE_ATTACHMENT_NOTE, [(f"附件：{attachment_title}", BODY)])
        self.blank()  # §7.3.5: the signature below the text, with room above it for the seal
        self.blank()
        day = content.date
        date_text = f"{day.year}年{day.month}月{day.day}日"
        rows = signature_rows(_paragraphs(content.issuer), _width(date_text))
        for index, row in enumerate(rows):
            if index:
                for _ in range(SEAL_ROW_GAP_LINES):
                    self.blank()
            self.signature_row(row)
        self.paragraph(STYLE_SIGNATURE, [(date_text, BODY)])
        if content.findings:
            # §8: the attachment on a new page; 附件 top-left in 黑体, the title on the third line
            label = self.paragraph(STYLE_ATTACHMENT_LABEL, [("附件", HEADING)])
            SubElement(label.find(_PPR), f"{_W}pageBreakBefore")  # also direct, should the style be lost
            self.blank()
            self.title(content.attachment_title or attachment_title)
            self.blank()
            for finding in content.findings:
                self.finding(finding)


# -- the document frame ---------------------------------------------------------------------------


def _set_page(document) -> None:
    section = document.sections[0]
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGIN_TOP_MM)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(HEADER_DISTANCE_MM)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    section.gutter = Mm(0)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = SubElement(section._sectPr, qn("w:docGrid"))
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))

    # Page numbers "— 1 —": odd pages right, even pages left, one character in (GB/T 9704 §7.5).
    document.settings.odd_and_even_pages_header_footer = True
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        container = footer._element
        for old in list(container):
            container.remove(old)
        ind = _ind_xml(char_pt=PAGE_NUMBER_SIZE_PT, **{side: 100})
        p = SubElement(container, _P)
        p.append(
            parse_xml(
                f'<w:pPr {nsdecls("w")}><w:pStyle w:val="{STYLE_PAGE_NUMBER}"/>{ind}<w:jc w:val="{side}"/></w:pPr>'
            )
        )
        _add_run(p, "— ", PAGE_NUMBER)
        for kind in ("begin", "instr", "separate", "result", "end"):
            r = _add_run(p, "1" if kind == "result" else "", PAGE_NUMBER)
            if kind == "instr":
                instr = SubElement(r, f"{_W}instrText", {_XML_SPACE: "preserve"})
                instr.text = " PAGE "
            elif kind != "result":
                SubElement(r, f"{_W}fldChar", {f"{_W}fldCharType": kind})
        _add_run(p, " —", PAGE_NUMBER)


def _set_properties(document, content: ReportContent) -> None:
    props = document.core_properties
    issuers = "、".join(_paragraphs(content.issuer))[:255]  # python-docx refuses longer properties
    props.title = "".join(_paragraphs(content.title))[:255]
    props.author = issuers
    props.last_modified_by = issuers
    props.subject = "".join(_paragraphs(content.attachment_title))[:255]
    props.comments = ""
    props.keywords = ""
    props.category = "整改落实情况报告"
    props.language = "zh-CN"
    props.revision = 1
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.created = now
    props.modified = now


def render_progress_report(content: ReportContent) -> bytes:
    """The report as .docx bytes (see the module docstring for the layout)."""
    document = Document()
    _set_styles(document)
    _set_page(document)
    _set_properties(document, content)
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for child in list(body):
        body.remove(child)
    _Writer(body).report(content)
    body.append(sect_pr)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
