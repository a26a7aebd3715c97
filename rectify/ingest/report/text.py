"""From raw text to the clean, numbered lines the parser reads.

`normalise(text)` does, in order:

1. split the input into lines (`str.splitlines()`: these are the line numbers every warning uses)
   and remove what no document contains (lone surrogates, control characters, zero-width spaces);
2. traditional → simplified characters (OpenCC t2s; simplified text passes through unchanged);
3. per line: NFKC (full-width digits and letters become ASCII), then punctuation back to its
   Chinese form so that half-width and full-width text read the same (`,` → `，`, `:` → `：`,
   `(` → `（`, `.` after a Chinese character → `。`; but 1,000 and 10:30 and 1. stay);
4. tables flattened into ` | ` cells become labelled lines (see `tables.py`);
5. run-on lines are split where a new unit starts: before a numbering label (一、 （一） 1. 一是 …)
   or a field label (整改时限：…) that follows whitespace or a sentence end, after a sentence end
   followed by whitespace, and after a short heading-like run of Chinese followed by whitespace
   (so a whole report collapsed onto one line still splits where its lines were);
6. junk lines (page numbers, URLs, web-page furniture) are removed, each with a warning;
7. headings broken across lines (`…生态环境保护督` / `察报告…`) are joined again.

Every output line keeps the number of the input line it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .fields import FIELD_START, match_field
from .junk import JUNK_TOKEN, URL, junk_kind, junk_message, strip_urls
from .model import ParseWarning
from .numbers import CN_DIGITS, match_numbering
from .shapes import attachment_marker, ends_sentence, is_org_line, parse_date_line
from .tables import unflatten


@dataclass(frozen=True)
class Line:
    """A clean line and the number of the input line it came from (1-based)."""

    number: int
    text: str


@dataclass(frozen=True)
class NormalisedText:
    """The clean lines, the warnings met on the way, and how many lines the input had."""

    lines: list[Line]
    warnings: list[ParseWarning]
    line_count: int


# -- 1. characters ---------------------------------------------------------------------------

_UNWANTED = re.compile(r"[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f\u200b-\u200d\u2060\ufeff\u00ad]")
_CIRCLED = str.maketrans({chr(0x2460 + i): f"（{i + 1}）" for i in range(20)})  # ① → （1）


@lru_cache(maxsize=1)
def _converter():
    """OpenCC's traditional → simplified converter (built once)."""
    import opencc

    return opencc.OpenCC("t2s")


def _to_simplified(lines: list[str]) -> list[str]:
    """Traditional → simplified with OpenCC, all lines in one call; unchanged if OpenCC fails."""
    try:
        converted = _converter().convert("\n".join(lines)).split("\n")
    except Exception:  # a missing or failing converter must not stop the parse
        return lines
    return converted if len(converted) == len(lines) else lines


_THOUSANDS_OR_TIME = r"(?<=\d)[,:](?=\d)"
_HALF_TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"})
_PERIOD = re.compile(r"(?<=[^\x00-\x7f])\.(?![\d.])")
_LEADING_CN_LABEL = re.compile(rf"^[{CN_DIGITS}]{{1,9}}\.")
_LETTER_SPACED = re.compile(r"^(?:\S ){5,}\S$")


def canonical(line: str) -> str:
    """One line in canonical form: NFKC, Chinese punctuation, single spaces, stripped."""
    line = unicodedata.normalize("NFKC", line.translate(_CIRCLED))
    line = line.replace("...", "…")
    urls = URL.findall(line)  # URLs keep their ASCII punctuation
    kept = URL.sub("\x03", line)
    kept = re.sub(_THOUSANDS_OR_TIME, lambda m: "\x01" if m.group() == "," else "\x02", kept)
    kept = kept.translate(_HALF_TO_FULL).replace("\x01", ",").replace("\x02", ":")
    label = _LEADING_CN_LABEL.match(kept)  # 一.  is a label, not a sentence end
    start = label.end() if label else 0
    line = kept[:start] + _PERIOD.sub("。", kept[start:])
    for url in urls:
        line = line.replace("\x03", url, 1)
    line = re.sub(r"\s+", " ", line).strip()
    if _LETTER_SPACED.match(line):  # "关 于 …" from a PDF: drop the spacing
        line = line.replace(" ", "")
    return line


# -- 5. splitting run-on lines ---------------------------------------------------------------

_CN = f"[{CN_DIGITS}]"
_SHI = "[一二三四五六七八九十]{1,2}是(?!是)"
_LABEL_AFTER_SPACE = re.compile(
    rf"(?:(?:省|市)?序号\s*：?\s*\d|{_CN}{{1,9}}、|（\s*{_CN}{{1,9}}\s*）|\d{{1,3}}\s*[.．、]|（\s*\d{{1,3}}\s*）"
    rf"|\d{{1,3}}）|{_SHI}|{FIELD_START}|附件\s*\d{{0,2}}\s*：)"
)
_INLINE_SPLIT = re.compile(
    rf"(?<=[。；！？])(?={FIELD_START}|{_CN}{{1,4}}、|（{_CN}{{1,4}}）|\d{{1,2}}[.．、](?=[\u4e00-\u9fff])"
    rf"|（\d{{1,2}}）)|(?<=[。；：，！？])(?={_SHI})"
)
_WHITESPACE = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[，。、；：？！…—“”‘’《》（）【】「」『』〔〕,.;:?!()\[\]\"'/%·\-|]")
_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")
_MARKER_PREFIX = re.compile(r"^附件\s*\d{0,2}\s*：\s*")


def _heading_like(segment: str) -> bool:
    """A short run of Chinese with no punctuation: a title line or a name whose line break was lost."""
    if len(segment) > 60:
        return False
    segment = _MARKER_PREFIX.sub("", segment)
    return 0 < len(segment) <= 40 and bool(_HAS_CJK.search(segment)) and not _PUNCTUATION.search(segment)


def _ends_unit(part: str, start: int, gap: re.Match[str]) -> bool:
    """Whether the whitespace `gap` ends the unit that began at `start` (see step 5).

    Only short slices are taken, so that a long run-on line is split in linear time.
    """
    end = gap.start()
    if JUNK_TOKEN.match(part, gap.end()) or _LABEL_AFTER_SPACE.match(part, gap.end()):
        return True
    if end > start and part[end - 1] in "。！？；":
        return True
    if end - start <= 60 and _heading_like(part[start:end]):
        return True
    return end - start <= 120 and junk_kind(part[start:end]) is not None


def _cut_junk(part: str, position: int, pieces: list[str]) -> int:
    """If a junk token (a page number, a URL …) starts at `position`, make it a piece; return where
    the text goes on."""
    junk = JUNK_TOKEN.match(part, position)
    if junk is None:
        return position
    pieces.append(junk.group())
    return junk.end()


def split_run_on(line: str) -> list[str]:
    """Split a line where a new unit starts (see the module docstring, step 5)."""
    pieces: list[str] = []
    for part in _INLINE_SPLIT.split(line):
        start = _cut_junk(part, 0, pieces)
        for gap in _WHITESPACE.finditer(part):
            if gap.start() < start:  # inside a junk token already cut out
                continue
            if _ends_unit(part, start, gap):
                before = part[start : gap.start()].strip()
                if before:
                    pieces.append(before)
                start = _cut_junk(part, gap.end(), pieces)
        if part[start:].strip():
            pieces.append(part[start:].strip())
    return pieces


# -- 7. joining broken headings --------------------------------------------------------------


def _is_label_line(text: str) -> bool:
    """Whether the line starts a unit of its own (numbered, labelled, or an attachment marker)."""
    return (
        match_numbering(text) is not None
        or match_field(text) is not None
        or attachment_marker(text) is not None
    )


def _may_join(first: str, second: str) -> bool:
    """Whether `second` continues the heading `first` that a line break (or page) cut in two."""
    if len(first) > 50 or len(second) > 50 or ends_sentence(first) or ends_sentence(second):
        return False
    if match_field(first) is not None or _is_label_line(second):
        return False
    if parse_date_line(first) or parse_date_line(second) or is_org_line(second):
        return False
    if is_org_line(first) and not second.startswith("关于"):
        return False
    if second.startswith("（") and second.endswith("）"):  # a subtitle such as （2023年12月）
        return False
    return attachment_marker(first) != ""  # a bare 附件： is not a heading to extend


def _joined(first: str, second: str) -> str:
    if first[-1:].isascii() and first[-1:].isalnum() and second[:1].isascii() and second[:1].isalnum():
        return f"{first} {second}"
    return first + second


def rejoin_headings(lines: list[Line]) -> list[Line]:
    """Join heading fragments that a line break cut apart (both short, neither a sentence)."""
    result: list[Line] = []
    for line in lines:
        if result and _may_join(result[-1].text, line.text):
            result[-1] = Line(result[-1].number, _joined(result[-1].text, line.text))
        else:
            result.append(line)
    return result


# -- the whole -------------------------------------------------------------------------------


def normalise(text: str) -> NormalisedText:
    """Clean numbered lines from raw text, with a warning for every junk line removed."""
    raw_lines = text.splitlines()
    cleaned = _to_simplified([_UNWANTED.sub("", line) for line in raw_lines])
    canonical_lines = [(number, canonical(line)) for number, line in enumerate(cleaned, start=1)]
    canonical_lines = [(number, line) for number, line in canonical_lines if line]

    warnings: list[ParseWarning] = []
    kept: list[Line] = []
    for number, table_line in unflatten(canonical_lines):
        kind = junk_kind(table_line)
        if kind is not None:  # the whole line, before splitting it cuts "第3页 共10页" in two
            warnings.append(ParseWarning(number, junk_message(kind, table_line)))
            continue
        for piece in split_run_on(table_line):
            kind = junk_kind(piece)
            if kind is not None:
                warnings.append(ParseWarning(number, junk_message(kind, piece)))
                continue
            piece, urls = strip_urls(piece)
            for url in urls:
                warnings.append(ParseWarning(number, f"已删除行内网址：{url}"))
            if piece:
                kept.append(Line(number, piece))
    return NormalisedText(rejoin_headings(kept), warnings, len(raw_lines))
