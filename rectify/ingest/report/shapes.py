"""What a single line looks like: a date line, an issuing organisation, an attachment marker, a
document number. Used by `text.py` (which lines may be joined) and `layout.py` (title, signature).
"""

from __future__ import annotations

import re
from datetime import date

from .numbers import CN_DIGITS, chinese_to_int

_DATE_LINE = re.compile(
    r"^[（(]?\s*(?P<y>\d{4})\s*(?:年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"|[-./](?P<m2>\d{1,2})[-./](?P<d2>\d{1,2}))\s*[）)]?$"
)
_CN_DATE_LINE = re.compile(
    rf"^[（(]?\s*(?P<y>[{CN_DIGITS}]{{4}})\s*年\s*(?P<m>[{CN_DIGITS}]{{1,3}})\s*月"
    rf"\s*(?P<d>[{CN_DIGITS}]{{1,3}})\s*日\s*[）)]?$"
)
_CN_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")

_ORG_SUFFIX = re.compile(
    r"(?:委员会|人民政府|政府|党委|州委|市委|县委|区委|党组|办公室|办公厅|领导小组|指挥部|生态环境局|生态环境厅|"
    r"局|厅|委|办|中心|督察组)$"
)
_PUNCTUATION = re.compile(r"[，。；：？！…“”‘’《》【】,.;:?!\"'|]")

ATTACHMENT_MARKER = re.compile(r"^附\s*件\s*(?P<n>\d{0,2})\s*[：:]?\s*")
_DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,5}\s*号$")
TERMINAL = "。！？；：…"


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date_line(line: str) -> date | None:
    """The date when the whole line is one (2023年12月25日, 二〇二三年十二月二十五日, 2023-12-25)."""
    text = line.strip()
    if len(text) > 24:
        return None
    match = _DATE_LINE.match(text)
    if match:
        month = match.group("m") or match.group("m2")
        day = match.group("d") or match.group("d2")
        return _safe_date(int(match.group("y")), int(month), int(day))
    match = _CN_DATE_LINE.match(text)
    if match:
        year_text = match.group("y").translate(_CN_YEAR_DIGITS)
        month = chinese_to_int(match.group("m"))
        day = chinese_to_int(match.group("d"))
        if year_text.isdigit() and month and day:
            return _safe_date(int(year_text), month, day)
    return None


def is_org_line(line: str) -> bool:
    """Whether the line is the name of an issuing organisation (中共…委员会, …人民政府, …办公室)."""
    text = line.strip()
    return 3 <= len(text) <= 40 and not _PUNCTUATION.search(text) and bool(_ORG_SUFFIX.search(text))


def org_names(line: str) -> list[str]:
    """The organisation names on a signature line ("中共X县委 X县人民政府" gives two), or []."""
    parts = [part for part in re.split(r"\s+|、", line.strip()) if part]
    if parts and all(is_org_line(part) for part in parts):
        return parts
    return []


def is_doc_number(line: str) -> bool:
    """Whether the line is a document number such as 昌政发〔2023〕12号."""
    return bool(_DOC_NUMBER.match(line.strip()))


def attachment_marker(line: str) -> str | None:
    """For a line starting with 附件 / 附件1：, the text after the marker ("" when bare); else None."""
    match = ATTACHMENT_MARKER.match(line)
    if match is None:
        return None
    rest = line[match.end() :].strip()
    if rest and "：" not in line[: match.end()] and ":" not in line[: match.end()] and not match.group("n"):
        # "附件下载…", "附件内容…": only a bare 附件, 附件N or 附件： is a marker
        return None
    return rest


def ends_sentence(line: str) -> bool:
    """Whether the line ends with terminal punctuation (。！？；：…)."""
    return bool(line) and line[-1] in TERMINAL
