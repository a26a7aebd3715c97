"""Readers of the notices about one problem: the completion / sign-off notice (整改完成情况公示 /
验收销号公示) and the acceptance notice (自行验收 → 提交市级验收 → 通过验收).

Each gives a `ParsedReport` of one finding (its number, 省序号/市序号 when the notice names them,
text, deadline, status, measures with the progress the notice states for each, and its target and
units as fields) and the `NoticeFacts` (objection window, contact, completion and acceptance dates).

A completion notice is read by its sections, numbered (一、反馈问题) or labelled (整改目标：…):
反馈问题/整改任务 → the text; 整改目标 → a field; 整改措施 → the measures ((一)(二)… or 1.、1、);
整改期限/整改时限 → the deadline; 整改措施落实情况/整改完成情况 → each measure's progress (by
position when the counts agree, else the finding's progress); 整改完成时间 → the completion date;
责任单位 → the units. Pure: no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from rectify.ledger.deadlines import parse_deadline

from . import notice_facts as facts
from . import statuses
from .layout import read_layout
from .model import NoticeFacts, ParsedFinding, ParsedMeasure, ParsedReport, ParseWarning
from .numbers import ARABIC, ARABIC_PAREN, CN, CN_PAREN, SHI, match_numbering
from .shapes import parse_date_line
from .summary import headline
from .text import Line, normalise

SECTIONS: dict[str, tuple[str, ...]] = {
    "problem": ("督察反馈问题", "反馈问题", "存在问题", "问题描述", "整改任务", "具体问题", "问题"),
    "target": ("整改目标",),
    "measures": ("整改措施", "主要措施", "整改举措"),
    "deadline": ("整改期限", "整改时限", "完成时限"),
    "done": ("整改措施落实情况", "整改落实情况", "整改完成情况", "落实情况", "完成情况", "整改进展情况"),
    "completed": ("整改完成时间", "完成时间"),
    "units": ("整改责任单位", "责任单位", "牵头单位"),
}
_NAMES = sorted(((name, key) for key, names in SECTIONS.items() for name in names), key=lambda p: -len(p[0]))
_ITEM_KINDS = (CN_PAREN, ARABIC, ARABIC_PAREN, SHI)
_TRAILING_DATE = re.compile(r"\s(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*$")
_FOOTER = re.compile(r"公示(?:期|时间|日期)|特此公示|如有异议|异议|联系人|联系电话|现予公[示告]")
_UNIT_SPLIT = re.compile(r"[、，,；;]|会同|联合")


def _section(text: str, numbered: bool) -> tuple[str, str] | None:
    """(section key, inline value) when `text` opens a section, else None."""
    for name, key in _NAMES:
        if text.startswith(name):
            rest = text[len(name) :]
            if rest[:1] in ("：", ":"):
                return key, rest[1:].strip()
            if numbered and (not rest or rest[:1].isspace() or len(name) >= 4):
                return key, rest.strip()  # 四、整改期限2024年6月底前: a heading joined to its value
    return None


@dataclass
class _Notice:
    intro: list[Line] = field(default_factory=list)
    parts: dict[str, list[str]] = field(default_factory=dict)
    items: dict[str, list[tuple[int, list[str]]]] = field(default_factory=dict)  # (line, parts) per item
    rest: list[Line] = field(default_factory=list)  # lines after the sections (the footer)
    first_section: int | None = None


def _split_sections(lines: list[Line]) -> _Notice:
    notice = _Notice()
    current: str | None = None
    for line in lines:
        numbering = match_numbering(line.text)
        opened = None
        if numbering is not None and numbering.kind == CN:
            opened = _section(numbering.rest, True)
        if opened is None and (current is None or current not in ("measures", "done") or numbering is None):
            opened = _section(line.text, False)
        if opened is not None:
            current, value = opened
            notice.first_section = notice.first_section or line.number
            notice.parts.setdefault(current, [])
            footer = _FOOTER.search(value) if current in ("deadline", "completed", "units") else None
            if footer is not None:  # collapsed: "七、责任单位 …局 公示期为7天（…）" on one line
                value, tail = value[: footer.start()].strip(), value[footer.start() :]
                notice.rest.append(Line(line.number, tail))
            if value:
                _add(notice, current, value, line.number)
            continue
        if current is None:
            notice.intro.append(line)
        elif _FOOTER.search(line.text) and not (current in ("measures", "done") and numbering):
            notice.rest.append(line)
            current = "footer"
        elif current == "footer":
            notice.rest.append(line)
        elif current in ("deadline", "completed", "units") and notice.parts.get(current):
            notice.rest.append(line)  # one value; what follows is the footer
        else:
            _add(notice, current, line.text, line.number)
    return notice


def _add(notice: _Notice, key: str, text: str, number: int) -> None:
    numbering = match_numbering(text)
    if key in ("measures", "done"):
        items = notice.items.setdefault(key, [])
        if numbering is not None and numbering.kind in _ITEM_KINDS:
            items.append((number, [numbering.rest]))
            return
        if items:
            items[-1][1].append(text)
            return
    notice.parts.setdefault(key, []).append(text)


def _join(parts: list[str]) -> str:
    return "".join(p.strip() for p in parts if p.strip())


def _measures(notice: _Notice) -> tuple[list[ParsedMeasure], str]:
    """The measures, each with the progress the 落实情况 section states for it; and the progress
    text that belongs to no one measure."""
    planned = [(line, _join(parts)) for line, parts in notice.items.get("measures", [])]
    done = [(line, _join(parts)) for line, parts in notice.items.get("done", [])]
    loose = _join(notice.parts.get("done", []))
    if not planned and done:  # a notice that lists only what was done: those are its measures
        return [ParsedMeasure(i, text, line) for i, (line, text) in enumerate(done, 1)], loose
    if planned and len(done) == len(planned):
        pairs = enumerate(zip(planned, done, strict=True), 1)
        return [ParsedMeasure(i, t, line, progress=d) for i, ((line, t), (_, d)) in pairs], loose
    extra = "\n".join(d for d in [loose, *(text for _, text in done)] if d)
    return [ParsedMeasure(i, text, line) for i, (line, text) in enumerate(planned, 1)], extra


def _units(text: str) -> tuple[str, ...]:
    return tuple(u.strip("。 ") for u in _UNIT_SPLIT.split(text) if u.strip("。 "))


def _status(title: str, body: str, passed: date | None, submitted: date | None) -> str:
    """The status a notice states: signed-off notice after acceptance, accepted, acceptance requested,
    or (a completion notice) completed."""
    found = facts.PASSED.search(body)
    if found and ("销号" in title and "公示" in title):
        return f"{found.group()}，验收销号公示"
    if found or passed:
        return found.group() if found else "通过验收"
    request = facts.REQUESTED.search(body)
    if request or submitted:
        return request.group() if request else "申请验收"
    if "完成" in title or "完成" in body:
        return "已完成整改"
    return ""


def _frame(text: str) -> tuple[list[Line], list[ParseWarning], int, str, list[str], date | None, list[Line]]:
    normalised = normalise(text)
    lines = normalised.lines
    layout = read_layout(lines)
    body = [
        line
        for index, line in enumerate(lines[layout.body_start : layout.body_end], start=layout.body_start)
        if index not in layout.signature
    ]
    warnings = list(normalised.warnings) + list(layout.warnings)
    front = list(layout.front)
    doc_date = layout.date
    if doc_date is None and lines:  # a web copy: "…联系电话：… 领导小组办公室 2024年1月8日" on one line
        tail = _TRAILING_DATE.search(lines[-1].text)
        doc_date = parse_date_line(tail.group(1)) if tail else None
    if doc_date is None:  # a web page's header: 来源：… 2024-03-02 / 发布时间：2024-01-08
        doc_date = facts.page_date(text)
    if doc_date is not None:
        warnings = [w for w in warnings if not w.message.startswith("未找到成文日期")]
    return body, warnings, normalised.line_count, layout.title, layout.issuers, doc_date, front


def _finding_id(title: str, intro: str) -> tuple[int, str, bool, int | None, int | None]:
    number, provincial, city = facts.named_finding(f"{title}\n{intro}")
    if number is not None:
        return number, str(number), True, provincial, city
    seq = provincial or city
    if seq is not None:
        return seq, f"{'省' if provincial else '市'}序号{seq}", False, provincial, city
    return 0, "未编号", False, provincial, city


def read_completion_notice(text: str) -> ParsedReport:
    """A 整改完成情况公示 / 验收销号公示 as a report of one finding."""
    body, warnings, line_count, title, issuers, doc_date, front = _frame(text)
    notice = _split_sections(front + body)
    year = doc_date.year if doc_date else None
    all_text = "\n".join(line.text for line in front + body)
    intro = "\n".join(line.text for line in notice.intro)
    number, label, numbered, provincial, city = _finding_id(title, intro)
    first_line = notice.first_section or (body[0].number if body else 0)
    problem = _join(notice.parts.get("problem", []))
    if not problem:
        quoted = re.search(r"[“\"]([^”\"]{6,300})[”\"]", f"{title}\n{intro}")
        problem = quoted.group(1) if quoted else ""
        if not problem:
            warnings.append(ParseWarning(first_line, "公示中未找到反馈问题的内容"))
    deadline_raw = _join(notice.parts.get("deadline", [])).rstrip("。；，")
    if not deadline_raw:
        warnings.append(ParseWarning(first_line, "公示中未找到整改期限"))
    measures, progress = _measures(notice)
    completed_raw = _join(notice.parts.get("completed", [])).rstrip("。；，")
    completed_day = facts.DAY.search(completed_raw)
    if completed_day is not None:  # "2023年11月 该问题已于…通过验收": the date is the value
        completed_raw = completed_raw[: completed_day.end()].strip()
    steps = facts.acceptance_steps(all_text, year)
    window = facts.objection_window(all_text, year)
    person, phone = facts.contact(all_text)
    units = _units(_join(notice.parts.get("units", [])))
    status_raw = _status(title, all_text, steps.get("accepted_on"), steps.get("submitted_on"))
    fields = {"整改目标": _join(notice.parts.get("target", []))}
    if units:
        fields["责任单位"] = "、".join(units)
    passed = [line.text for line in notice.rest if facts.PASSED.search(line.text)]
    finding = ParsedFinding(
        number=number,
        label=label,
        text=problem,
        deadline=parse_deadline(deadline_raw, reference=doc_date),
        status_raw=status_raw,
        status_code=statuses.status_code(status_raw),
        measures=measures,
        line=first_line,
        provincial_seq=provincial,
        city_seq=city,
        progress="\n".join(p for p in [progress, *passed] if p),
        fields={k: v for k, v in fields.items() if v},
        numbered=numbered,
    )
    return ParsedReport(
        title=title,
        issuers=issuers,
        date=doc_date,
        as_of=doc_date or window.start,
        summary=headline([], []),
        findings=[finding] if problem else [],
        warnings=sorted(warnings, key=lambda w: w.line),
        narrative=intro,
        line_count=line_count,
        unplaced_lines=[(line.number, line.text) for line in notice.intro + notice.rest],
        genre="completion_notice",
        notice=NoticeFacts(
            objection_days=window.days,
            objection_day_kind=window.kind,
            notice_start=window.start,
            notice_end=window.end,
            objection_to=facts.objection_to(all_text),
            contact=person,
            phone=phone,
            completed_on=facts.first_day(completed_raw, year) if completed_raw else None,
            completed_raw=completed_raw,
            self_checked_on=steps.get("self_checked_on"),
            submitted_on=steps.get("submitted_on"),
            accepted_on=steps.get("accepted_on"),
            units=units,
        ),
    )


_QUOTED = re.compile(r"[“\"]([^”\"]{6,300})[”\"]")
_DEADLINE = re.compile(r"整改(?:期限|时限)\s*(?:为|是|：|:)\s*(?P<d>[^，。；,;]+)")
_UNIT = r"[\u4e00-\u9fff]{2,24}?(?:局|委员会|委|办公室|政府|中心|管委会)"
# The units that did the work: 甲局、乙局牵头 / 甲委员会、乙局按照… / 甲局会同乙局，…
_LEAD_UNITS = re.compile(rf"(?P<u>{_UNIT}(?:(?:、|，|会同|联合){_UNIT}){{0,5}})(?=牵头|按照|负责|，|。)")


def read_acceptance_notice(text: str) -> ParsedReport:
    """A notice that a problem passed acceptance, as a report of one finding with its dates."""
    body, warnings, line_count, title, issuers, doc_date, front = _frame(text)
    lines = front + body
    year = doc_date.year if doc_date else None
    all_text = "\n".join([title, *(line.text for line in lines)])
    quoted = _QUOTED.search(all_text)
    problem = quoted.group(1) if quoted else ""
    head = all_text[: quoted.end() + 40] if quoted else all_text[:300]
    number, label, numbered, provincial, city = _finding_id(title, head)
    first_line = lines[0].number if lines else 0
    deadline = _DEADLINE.search(all_text)
    deadline_raw = deadline.group("d").strip() if deadline else ""
    measures: list[ParsedMeasure] = []
    prose: list[str] = []
    for line in lines:
        numbering = match_numbering(line.text)
        if numbering is not None and numbering.kind in _ITEM_KINDS:
            measures.append(ParsedMeasure(len(measures) + 1, numbering.rest, line.number))
    steps = facts.acceptance_steps(all_text, year)
    for sentence in re.split(r"(?<=[。；])", all_text):
        if any(pattern.search(sentence) for _, pattern in facts.STEP_WORDS):
            prose.append(sentence.strip())
    units_found = _LEAD_UNITS.search(all_text)
    units = _units(units_found.group("u")) if units_found else ()
    window = facts.objection_window(all_text, year)
    person, phone = facts.contact(all_text)
    status_raw = _status(title, all_text, steps.get("accepted_on"), steps.get("submitted_on"))
    if not problem:
        warnings.append(ParseWarning(first_line, "公告中未找到所验收的反馈问题（应以引号标出）"))
    finding = ParsedFinding(
        number=number,
        label=label,
        text=problem,
        deadline=parse_deadline(deadline_raw, reference=doc_date),
        status_raw=status_raw,
        status_code=statuses.status_code(status_raw),
        measures=measures,
        line=first_line,
        provincial_seq=provincial,
        city_seq=city,
        progress="\n".join(prose),
        fields={"责任单位": "、".join(units)} if units else {},
        numbered=numbered,
    )
    return ParsedReport(
        title=title,
        issuers=issuers,
        date=doc_date,
        as_of=steps.get("accepted_on") or doc_date,
        summary=headline([], []),
        findings=[finding] if problem else [],
        warnings=sorted(warnings, key=lambda w: w.line),
        narrative=all_text,
        line_count=line_count,
        unplaced_lines=[],
        genre="acceptance_notice",
        notice=NoticeFacts(
            objection_days=window.days,
            objection_day_kind=window.kind,
            notice_start=window.start,
            notice_end=window.end,
            objection_to=facts.objection_to(all_text),
            contact=person,
            phone=phone,
            self_checked_on=steps.get("self_checked_on"),
            submitted_on=steps.get("submitted_on"),
            accepted_on=steps.get("accepted_on"),
            units=units,
        ),
    )
