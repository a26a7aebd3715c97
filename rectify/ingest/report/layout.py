"""The frame around the body: the title area at the top, the signature and date at the end.

Top (at most the first 12 lines): bare attachment markers (附件：), a document number
(昌政发〔2023〕12号), the title (the first heading-like line: not numbered, not a sentence), then
optionally a subtitle in brackets, a date line, an addressee (各县市人民政府：).

End (the last 8 lines): the last date line (2023年12月25日), and just above it the issuers'
signature lines (中共昌吉回族自治州委员会 / 昌吉回族自治州人民政府, or both on one line). Lines after
the date are reported as warnings. With no date at the end, a date line in the title area is used.
With no signature, issuers are read from a title such as "中共X县委 X县人民政府关于…的报告".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .fields import match_field
from .model import ParseWarning
from .numbers import match_numbering
from .shapes import attachment_marker, is_doc_number, is_org_line, org_names, parse_date_line
from .text import Line

_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")
_ORG_IN_TITLE = re.compile(
    r".+?(?:委员会|人民政府|政府|党委|州委|市委|县委|区委|党组|办公室|办公厅|领导小组)"
)


@dataclass
class Layout:
    """Where the body starts and ends, and what the frame said."""

    title: str = ""
    date: date | None = None
    issuers: list[str] = field(default_factory=list)
    body_start: int = 0  # index into the lines
    body_end: int = 0  # index one past the body's last line
    front: list[Line] = field(default_factory=list)  # subtitle, addressee, document number: narrative
    top_issuers: list[str] = field(default_factory=list)  # an issuing organisation above the title
    signature: set[int] = field(default_factory=set)  # indexes of signature and date lines inside the body
    warnings: list[ParseWarning] = field(default_factory=list)


def _title_like(text: str) -> bool:
    return (
        0 < len(text) <= 100
        and bool(_HAS_CJK.search(text))
        and not text.endswith("。")
        and match_numbering(text) is None
        and match_field(text) is None
        and parse_date_line(text) is None
    )


def _read_top(lines: list[Line], layout: Layout) -> date | None:
    """Fill in the title and front lines; return a date line met in the title area."""
    top_date = None
    index = 0
    while index < min(len(lines), 12):
        text = lines[index].text
        marker = attachment_marker(text)
        if marker == "" or is_doc_number(text):
            if marker != "":
                layout.front.append(lines[index])
            index += 1
            continue
        if not layout.title:
            candidate = marker if marker else text
            if not _title_like(candidate):
                break
            following = lines[index + 1].text if index + 1 < len(lines) else ""
            if is_org_line(candidate) and _title_like(following) and not is_org_line(following):
                layout.top_issuers.extend(org_names(candidate))  # the issuing office above the title
                index += 1
                continue
            layout.title = candidate
            index += 1
            continue
        found = parse_date_line(text)
        if found is not None:
            top_date = found
        elif (text.startswith("（") and text.endswith("）") and len(text) <= 40) or (
            text.endswith("：") and len(text) <= 80 and match_field(text) is None
        ):
            layout.front.append(lines[index])  # subtitle or addressee
        else:
            break
        index += 1
    layout.body_start = index
    return top_date


def _read_end(lines: list[Line], layout: Layout) -> bool:
    """Find the date and signature at the end; return whether a date was found there."""
    end = len(lines)
    for index in range(end - 1, max(layout.body_start, end - 8) - 1, -1):
        found = parse_date_line(lines[index].text)
        if found is None:
            continue
        layout.date = found
        for trailing in lines[index + 1 :]:
            layout.warnings.append(
                ParseWarning(trailing.number, f"文末日期之后的内容未能归类：「{trailing.text[:40]}」")
            )
        layout.body_end = _read_signers(lines, layout, index)
        return True
    layout.body_end = end
    return _read_signature_before_attachment(lines, layout)


def _read_signature_before_attachment(lines: list[Line], layout: Layout) -> bool:
    """GB/T 9704 puts the signature and date before the attachment: a date line just above a 附件 line."""
    for index in range(layout.body_start, layout.body_end - 1):
        found = parse_date_line(lines[index].text)
        if found is None or attachment_marker(lines[index + 1].text) is None:
            continue
        layout.date = found
        layout.signature = set(range(_read_signers(lines, layout, index), index + 1))
        return True
    return False


def _read_signers(lines: list[Line], layout: Layout, date_index: int) -> int:
    """The issuing organisations on the lines just above the date line; returns where the signature starts."""
    start, signers = date_index, []
    while start - 1 >= layout.body_start and len(signers) < 6:
        names = org_names(lines[start - 1].text)
        if not names:
            break
        signers = names + signers
        start -= 1
    if signers:
        layout.issuers = signers
    return start


def _issuers_from_title(title: str) -> list[str]:
    """中共X县委X县人民政府关于… → [中共X县委, X县人民政府]."""
    if "关于" not in title:
        return []
    prefix = title.split("关于", 1)[0].strip()
    names = [name.strip() for name in _ORG_IN_TITLE.findall(re.sub(r"[\s、]", "", prefix))]
    return names if names and "".join(names) == re.sub(r"[\s、]", "", prefix) else []


def read_layout(lines: list[Line]) -> Layout:
    """The title area, the signature and date, and the body between them."""
    layout = Layout()
    top_date = _read_top(lines, layout)
    if not _read_end(lines, layout) and top_date is not None:
        layout.date = top_date
    if not layout.issuers:  # no signature: the organisations above and in the title
        for name in layout.top_issuers + _issuers_from_title(layout.title):
            if name not in layout.issuers:
                layout.issuers.append(name)
    if layout.date is None:
        layout.warnings.append(ParseWarning(0, "未找到成文日期（文末或标题下方的日期行）"))
    if not layout.title:
        layout.warnings.append(ParseWarning(0, "未找到标题"))
    return layout
