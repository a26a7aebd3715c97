"""The per-task disclosure table (整改任务公开表), as a real table (which `readers.py` writes as
` | ` rows) or copied from a web page with its cells flattened into `|`. Two header shapes:

    整改任务 | 责任单位 | 整改目标 | 整改措施及成效 | 整改时间 | 社会监督联系人及电话
    问题序号 | 具体内容 | 整改目标 | 整改措施 | 完成情况 | 责任单位 | 完成时限

(and their variants: the columns are known by their words, in any order). Each row is one finding:
its identifier (序号8（市序号9）, 省序号28, or a bare number) from the number cell or the start of
the task cell, its text, deadline, status, measures split from one cell (1.…；2.…, each with a
trailing status such as "，已完成" as its progress), units, target and contact. The rows are read
from the raw lines, before `text.normalise` would split a cell's numbered measures into lines.
Pure: no Django.
"""

from __future__ import annotations

import re
import unicodedata

from rectify.ledger.deadlines import parse_deadline

from . import notice_facts as facts
from . import statuses
from .layout import read_layout
from .model import ParsedFinding, ParsedMeasure, ParsedReport, ParseWarning
from .numbers import chinese_to_int, seq_refs
from .summary import headline
from .text import normalise

# Column kinds by the words of their header, most specific first.
COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("contact", ("社会监督联系人", "联系人", "联系电话", "监督电话")),
    ("number", ("问题序号", "任务序号", "序号", "编号")),
    ("measures", ("整改措施及成效", "整改措施", "主要措施", "措施")),
    ("target", ("整改目标", "目标")),
    ("status", ("完成情况", "整改进展", "进展情况", "整改情况", "整改成效")),
    ("deadline", ("完成时限", "整改时限", "整改期限", "整改时间", "完成时间", "时限")),
    ("units", ("责任单位", "牵头单位", "责任部门")),
    ("problem", ("整改任务", "具体内容", "反馈问题", "问题内容", "存在问题", "问题")),
)
_ID = re.compile(
    r"^\s*(?:(?P<scope>省|市|州)?序号\s*[：:]?\s*(?P<n>\d{1,4}|[一二三四五六七八九十百]{1,6}))"
    r"\s*(?:[（(]\s*(?P<scope2>省|市|州)序号\s*[：:]?\s*(?P<n2>\d{1,4})\s*[)）])?\s*[、.．：:]?\s*"
)
_MEASURE_SPLIT = re.compile(r"(?:^|(?<=[；;。\s]))\s*(?P<n>\d{1,2})\s*[.、．]\s*(?!\d)")
_TRAILING = re.compile(r"[，,]\s*(?P<s>[^，,；;。]{2,12})[。；;]?$")
_PHONE = re.compile(r"\d{3,4}\s*[-－]\s*\d{7,8}|1\d{10}")


_BAR = re.compile(r"[|｜]")


def _cells(line: str) -> list[str] | None:
    """The cells of a table row as written (full-width punctuation kept), or None."""
    if len(_BAR.findall(line)) < 2:
        return None
    return [cell.strip() for cell in _BAR.split(line.strip().strip("|｜"))]


def _column(header: str) -> str | None:
    """The column a header cell names: one of its words and little else (某地某问题 is a row's
    cell, not the 问题 column), no digits."""
    if re.search(r"\d", header):
        return None
    for kind, words in COLUMNS:
        if any(word in header and len(header) - len(word) <= 3 for word in words):
            return kind
    return None


def header_columns(cells: list[str]) -> list[str | None] | None:
    """The column kinds of a header row, or None when `cells` is not one."""
    kinds = [_column(unicodedata.normalize("NFKC", cell)) if len(cell) <= 12 else None for cell in cells]
    known = {kind for kind in kinds if kind}
    if "problem" not in known and "number" not in known:
        return None
    if len(known & {"units", "target", "measures", "deadline", "status"}) < 2:
        return None
    return kinds


def disclosure_header(cells: list[str]) -> bool:
    """A disclosure table's header: it names the units or the target of each row (a progress
    report's own findings table, 序号 | 问题 | 整改时限 | 整改进展情况 | 整改措施, does not)."""
    kinds = header_columns(cells)
    return kinds is not None and bool({"units", "target"} & set(kinds))


def header_row(line: str) -> bool:
    """Whether `line` is a disclosure table's header row."""
    cells = _cells(line)
    return cells is not None and disclosure_header(cells)


def _identity(number_cell: str, problem: str) -> tuple[int, str, bool, int | None, int | None, str]:
    """(number, label, numbered, 省序号, 市序号, the problem text without its identifier)."""
    provincial = city = None
    number = None
    for source in (number_cell, problem):
        match = _ID.match(source)
        if not match:
            continue
        value = chinese_to_int(match.group("n"))
        scope = match.group("scope")
        if scope == "省":
            provincial = value
        elif scope in ("市", "州"):
            city = value
        elif number is None:
            number = value
        if match.group("n2"):
            if match.group("scope2") == "省":
                provincial = int(match.group("n2"))
            else:
                city = int(match.group("n2"))
        if source is problem:
            problem = problem[match.end() :]
        break
    else:
        if number_cell.strip().isdigit():
            number = int(number_cell.strip())
    more_p, more_c = seq_refs(problem)
    provincial, city = provincial or more_p, city or more_c
    if number is not None:
        return number, str(number), True, provincial, city, problem.strip()
    seq = provincial or city
    if seq is not None:
        return seq, f"{'省' if provincial else '市'}序号{seq}", False, provincial, city, problem.strip()
    return 0, "未编号", False, provincial, city, problem.strip()


def split_measures(cell: str, line: int) -> list[ParsedMeasure]:
    """ "1.…；2.…，已完成" → measures; a trailing status the words understand is that measure's progress."""
    starts = list(_MEASURE_SPLIT.finditer(cell))
    if not starts:
        return [ParsedMeasure(1, cell.strip("；;。 "), line)] if cell.strip() else []
    measures = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(cell)
        text = cell[match.end() : end].strip().rstrip("；;。 ")
        progress = ""
        trailing = _TRAILING.search(text)
        if trailing and statuses.status_code(trailing.group("s")) != statuses.UNKNOWN:
            text, progress = text[: trailing.start()].strip(), trailing.group("s").strip()
        measures.append(ParsedMeasure(index + 1, text, line, progress=progress))
    return measures


# A whole table collapsed onto one line (a web copy with its whitespace collapsed) is cut back into
# rows: before its header, between "| |" (one row's closing bar and the next one's opening bar) and
# before a row's identifier (… 0990-5523001 序号9（市序号11）…). A row that names no identifier and
# has no bars around it cannot be told from the cell before it and stays joined (a warning says so).
_COLLAPSED_CELLS = 10
_ROW_BREAKS = (
    re.compile(r"(?<=[^\s|｜])\s+(?=[|｜]?\s*(?:整改任务|问题序号|序号|反馈问题)\s*[|｜])"),
    re.compile(r"(?<=[|｜])\s+(?=[|｜])"),
    re.compile(r"(?<=[^\s|｜])\s+(?=(?:省|市|州)?序号\s*[:：]?\s*\d)"),
)


def uncollapse(lines: list[str]) -> list[tuple[int, str]]:
    """(input line number, line): collapsed tables cut back into their rows."""
    out = []
    for number, line in enumerate(lines, start=1):
        if len(_BAR.findall(line)) <= _COLLAPSED_CELLS:
            out.append((number, line))
            continue
        for pattern in _ROW_BREAKS:
            line = pattern.sub("\n", line)
        out.extend((number, part) for part in line.split("\n"))
    return out


def read_disclosure_table(text: str) -> ParsedReport:
    """The table's rows as findings; the lines around it give the title and date."""
    raw = uncollapse((text or "").splitlines())
    normalised = normalise(text)
    layout = read_layout(normalised.lines)
    doc_date = layout.date
    warnings = list(normalised.warnings) + list(layout.warnings)
    findings: list[ParsedFinding] = []
    kinds: list[str | None] | None = None
    outside: list[tuple[int, str]] = []
    for index, line in raw:
        cells = _cells(line)
        if cells is None:
            kinds = None
            if line.strip():
                outside.append((index, line.strip()))
            continue
        header = header_columns(cells)
        if header is not None:
            kinds = header
            continue
        if kinds is None:
            outside.append((index, line.strip()))
            continue
        if len(cells) != len(kinds):
            warnings.append(
                ParseWarning(index, f"表格行有{len(cells)}列，表头有{len(kinds)}列，已按顺序对齐")
            )
        row = {}
        for kind, cell in zip(kinds, cells, strict=False):
            if kind and cell and kind not in row:
                row[kind] = cell
        findings.append(_row(row, index, doc_date))
    first_row = next((i for i, line in raw if _cells(line)), None)
    before = [text for number, text in outside if first_row is None or number < first_row]
    title = before[0] if before else ""
    as_of = facts.first_day(title, doc_date.year if doc_date else None) if "截至" in title else None
    return ParsedReport(
        title=title,
        issuers=layout.issuers,
        date=doc_date,
        as_of=as_of or doc_date,
        summary=headline([], []),
        findings=findings,
        warnings=sorted(warnings, key=lambda w: w.line),
        narrative="\n".join(text for _, text in outside),
        line_count=normalised.line_count,
        unplaced_lines=outside,
        genre="disclosure_table",
    )


def _row(row: dict[str, str], line: int, doc_date) -> ParsedFinding:
    number, label, numbered, provincial, city, problem = _identity(
        row.get("number", ""), row.get("problem", "")
    )
    status_raw = row.get("status", "").rstrip("。；")
    fields = {}
    if row.get("target"):
        fields["整改目标"] = row["target"]
    if row.get("units"):
        fields["责任单位"] = row["units"]
    contact = row.get("contact", "")
    if contact:
        phone = _PHONE.search(contact)
        name = contact[: phone.start()] if phone else contact
        fields["社会监督联系人"] = name.strip(" ，,：:")
        if phone:
            fields["联系电话"] = phone.group()
    return ParsedFinding(
        number=number,
        label=label,
        text=problem,
        deadline=parse_deadline(row.get("deadline", "").rstrip("。；"), reference=doc_date),
        status_raw=status_raw,
        status_code=statuses.status_code(status_raw),
        measures=split_measures(row.get("measures", ""), line),
        line=line,
        provincial_seq=provincial,
        city_seq=city,
        fields=fields,
        numbered=numbered,
    )
