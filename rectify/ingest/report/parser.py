"""The report parser: text in, `ParsedReport` out. `parse_report` never raises.

The steps, each in its own module:

1. `text.normalise`: clean numbered lines (full-width, traditional, junk, run-on lines, tables);
2. `layout.read_layout`: the title, the signature and the date around the body;
3. `structure.find_structure`: which blocks of the body are findings, which lines narrative;
4. here: each finding block read into its text, deadline, status, measures and fields;
5. `summary.headline` and `dates.find_as_of`: the headline figures and the as-of date;
6. `inspection_facts.read_inspection_facts`: the team, stay, feedback date and round the opening states.

Lines the parser cannot place are reported as warnings with their line numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from rectify.ledger.deadlines import parse_deadline

from . import statuses
from .dates import find_as_of
from .fields import DEADLINE, MEASURES, PROBLEM, STATUS
from .inspection_facts import read_inspection_facts
from .layout import read_layout
from .model import ParsedFinding, ParsedMeasure, ParsedReport, ParseWarning
from .numbers import SEQ, finer, is_seq_ref_only, match_numbering, seq_refs
from .structure import Block, LineInfo, find_structure
from .summary import headline
from .text import Line, normalise

_STATUS_END = re.compile(r"[。；\s]")


def _join(parts: list[str]) -> str:
    """Join continuation lines: a new line after a sentence end, nothing inside a broken sentence."""
    pieces: list[str] = []
    previous = ""
    for part in parts:
        if not part:
            continue
        if previous and previous[-1] in "。！？；：…":
            pieces.append("\n")
        elif previous and previous[-1].isascii() and part[0].isascii():
            pieces.append(" ")
        pieces.append(part)
        previous = part
    return "".join(pieces)


@dataclass
class _Draft:
    """A finding being read, line by line."""

    heading: Line
    number: int
    label: str
    text: list[str]
    provincial_seq: int | None = None
    city_seq: int | None = None
    deadline_raw: str | None = None
    status_raw: str | None = None
    progress: list[str] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)
    measures: list[tuple[int, list[str], int]] = field(default_factory=list)  # (number, parts, line)
    measure_kind: str | None = None
    measure_progress: dict[int, list[str]] = field(default_factory=dict)  # index of a measure -> its progress
    state: str = "text"  # where a continuation line goes: text, progress, measure, or a field label
    pending: str | None = None  # a field whose value is on the next line
    past_anchor: bool = False  # a deadline/status/measures field was seen: numbered lines are measures


def _status_parts(value: str) -> tuple[str, str]:
    """(status, rest): the status is the value's first sentence; the rest is progress text."""
    match = _STATUS_END.search(value)
    if match is None:
        return value.strip("，, "), ""
    return value[: match.start()].strip("，, "), value[match.end() :].strip()


def _set_field(
    draft: _Draft, role: str, label: str, value: str, line: Line, warnings: list[ParseWarning]
) -> None:
    draft.past_anchor = draft.past_anchor or role in (DEADLINE, STATUS, MEASURES)
    draft.pending = None  # a field line ends the wait for a previous field's value
    if role == STATUS and draft.status_raw is not None and draft.state in ("measure", "measure_progress"):
        # 进展情况：… under a numbered measure, the finding's status already read: that measure's progress
        draft.measure_progress.setdefault(len(draft.measures) - 1, []).append(value)
        draft.state = "measure_progress"
    elif role == DEADLINE and draft.deadline_raw is None:
        draft.deadline_raw = value.rstrip("。；，")
        draft.state, draft.pending = "progress", (DEADLINE if not value else None)
    elif role == STATUS and draft.status_raw is None:
        draft.status_raw, rest = _status_parts(value)
        draft.progress.append(rest)
        draft.state, draft.pending = "progress", (STATUS if not value else None)
    elif role == PROBLEM:
        draft.text.append(value)
        draft.state = "text"
    elif role == MEASURES:
        draft.state = label
        draft.fields.setdefault(label, []).append(value)
    else:
        if role in (DEADLINE, STATUS):
            warnings.append(
                ParseWarning(line.number, f"第{draft.label}项问题有重复的「{label}」，已作为附加字段保留")
            )
        key = label if label not in draft.fields else f"{label}（{len(draft.fields)}）"
        draft.fields[key] = [value]
        draft.state, draft.pending = key, (key if not value else None)


def _take_pending(draft: _Draft, text: str) -> None:
    if draft.pending == DEADLINE:
        draft.deadline_raw = text.rstrip("。；，")
    elif draft.pending == STATUS:
        draft.status_raw, rest = _status_parts(text)
        draft.progress.append(rest)
    else:
        draft.fields[draft.pending] = [text]
    draft.pending = None


def _add_measure(draft: _Draft, info: LineInfo, line: Line, kind: str, warnings: list[ParseWarning]) -> bool:
    """Start a measure when the numbered line is one; False when it is a continuation after all."""
    numbering = info.numbering
    if numbering is None or not draft.past_anchor or not finer(numbering.kind, kind):
        return False
    if draft.measure_kind is None:
        draft.measure_kind = numbering.kind
    if numbering.kind != draft.measure_kind:
        return False
    expected = draft.measures[-1][0] + 1 if draft.measures else 1
    if numbering.number != expected and numbering.rest[:1].isdigit():
        return False  # "3.6倍…" at a line start: a decimal number, not measure 3
    if numbering.number != expected:
        warnings.append(
            ParseWarning(
                line.number, f"第{draft.label}项问题的措施编号不连续：应为{expected}，实为{numbering.number}"
            )
        )
    draft.measures.append((numbering.number, [numbering.rest], line.number))
    draft.state, draft.pending = "measure", None
    return True


_TRAILING_STATUS = re.compile(r"[（(](?P<status>[^（）()]{2,20})[）)][。；]?$")


def _measure(number: int, parts: list[str], progress: list[str], line: int) -> ParsedMeasure:
    """A measure, with the progress the document states for it: a 进展情况：… line under it, or a
    status in brackets at its end (…（已完成）). Without either, it states none."""
    text = _join(parts)
    stated = _join(progress)
    trailing = _TRAILING_STATUS.search(text)
    if not stated and trailing and statuses.status_code(trailing.group("status")) != statuses.UNKNOWN:
        text, stated = text[: trailing.start()].rstrip(), trailing.group("status")
    return ParsedMeasure(number, text, line, progress=stated)


def _continue(draft: _Draft, text: str) -> None:
    if draft.state == "text":
        draft.text.append(text)
    elif draft.state == "progress":
        draft.progress.append(text)
    elif draft.state == "measure":
        draft.measures[-1][1].append(text)
    elif draft.state == "measure_progress":
        draft.measure_progress[len(draft.measures) - 1].append(text)
    else:
        draft.fields.setdefault(draft.state, []).append(text)


def _read_finding(
    block: Block,
    body: list[Line],
    infos: list[LineInfo],
    kind: str,
    reference: date | None,
    warnings: list[ParseWarning],
) -> ParsedFinding:
    heading = block.heading
    draft = _Draft(body[block.start], heading.number, heading.label, [heading.rest])
    draft.provincial_seq, draft.city_seq = seq_refs(heading.rest)
    if heading.kind == SEQ and heading.scope == "省":
        draft.provincial_seq = heading.number
    elif heading.kind == SEQ and heading.scope == "市":
        draft.city_seq = heading.number

    for index in range(block.start + 1, block.end):
        line, info = body[index], infos[index]
        if is_seq_ref_only(line.text):
            provincial, city = seq_refs(line.text)
            draft.provincial_seq = draft.provincial_seq or provincial
            draft.city_seq = draft.city_seq or city
        elif info.field is not None:
            role = info.field.role
            _set_field(draft, role, info.field.label, info.field.value, line, warnings)
            if role == MEASURES and info.field.value:
                value_line = Line(line.number, info.field.value)
                value_info = LineInfo(match_numbering(info.field.value), None, None)
                if _add_measure(draft, value_info, value_line, kind, warnings):
                    draft.fields[info.field.label].pop()
        elif draft.pending is not None and info.numbering is None:
            _take_pending(draft, line.text)
        elif not _add_measure(draft, info, line, kind, warnings):
            _continue(draft, line.text)

    if draft.deadline_raw is None:
        warnings.append(ParseWarning(draft.heading.number, f"第{draft.label}项问题未找到整改时限"))
    elif not draft.deadline_raw:
        warnings.append(ParseWarning(draft.heading.number, f"第{draft.label}项问题的整改时限为空"))
    status_raw = draft.status_raw or ""
    return ParsedFinding(
        number=draft.number,
        label=draft.label,
        text=_join(draft.text),
        deadline=parse_deadline(draft.deadline_raw or "", reference=reference),
        status_raw=status_raw,
        status_code=statuses.status_code(status_raw),
        measures=[
            _measure(number, parts, draft.measure_progress.get(index, []), line)
            for index, (number, parts, line) in enumerate(draft.measures)
        ],
        line=draft.heading.number,
        provincial_seq=draft.provincial_seq,
        city_seq=draft.city_seq,
        progress=_join(draft.progress),
        fields={label: _join(parts) for label, parts in draft.fields.items() if _join(parts)},
    )


def _check_sequence(findings: list[ParsedFinding], warnings: list[ParseWarning]) -> None:
    previous = None
    for finding in findings:
        if previous is not None and finding.number not in (previous.number + 1, 1):
            warnings.append(
                ParseWarning(finding.line, f"问题编号不连续：「{previous.label}」之后是「{finding.label}」")
            )
        previous = finding


def _parse(text: str) -> ParsedReport:
    normalised = normalise(text)
    lines = normalised.lines
    warnings = list(normalised.warnings)
    layout = read_layout(lines)
    warnings.extend(layout.warnings)
    body = [
        line
        for index, line in enumerate(lines[layout.body_start : layout.body_end], start=layout.body_start)
        if index not in layout.signature
    ]
    structure, infos = find_structure(body)

    findings = [
        _read_finding(b, body, infos, structure.kind, layout.date, warnings) for b in structure.findings
    ]
    _check_sequence(findings, warnings)
    in_findings = {i for block in structure.findings for i in range(block.start, block.end)}
    titles = set(structure.attachment_titles)
    markers = set(structure.markers)
    for index in structure.orphan_anchors:
        warnings.append(
            ParseWarning(
                body[index].number, f"此字段行不属于任何问题，已归入正文：「{body[index].text[:40]}」"
            )
        )

    narrative = list(layout.front) + [
        line for i, line in enumerate(body) if i not in in_findings and i not in titles and i not in markers
    ]
    narrative_set = {id(line) for line in narrative}
    lead: list[Line] = []
    for i, line in enumerate(body):
        if i in in_findings or infos[i].numbering is not None or infos[i].marker is not None:
            break
        if id(line) in narrative_set:
            lead.append(line)
    lead_ids = {id(line) for line in lead}
    summary = headline(
        [(line.number, line.text) for line in narrative], [(line.number, line.text) for line in lead]
    )

    as_of = find_as_of([(line.number, line.text, id(line) in lead_ids) for line in body], layout.date)
    if as_of is not None and as_of.date is None:
        warnings.append(ParseWarning(as_of.line, f"无法确定「{as_of.raw}」所指的日期（缺少成文日期）"))
    attachment_titles = []
    for index in structure.markers:
        if infos[index].marker:
            attachment_titles.append(infos[index].marker)
    attachment_titles.extend(body[i].text for i in structure.attachment_titles)

    return ParsedReport(
        title=layout.title,
        issuers=layout.issuers,
        date=layout.date,
        as_of=as_of.date if as_of else None,
        summary=summary,
        findings=findings,
        warnings=sorted(warnings, key=lambda w: w.line),
        narrative="\n".join(line.text for line in narrative),
        as_of_raw=as_of.raw if as_of else "",
        attachment_titles=attachment_titles,
        line_count=normalised.line_count,
        inspection=read_inspection_facts(layout.title, [(line.number, line.text) for line in lead]),
        unplaced_lines=sorted(
            [(line.number, line.text) for line in narrative]
            + [(body[i].number, body[i].text) for i in [*structure.markers, *structure.attachment_titles]]
        ),
    )


def parse_report(text: str) -> ParsedReport:
    """Parse a rectification report's text. Never raises: on an internal error the result is
    empty but for a warning saying so (tests check that this never happens on their inputs)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    try:
        return _parse(text)
    except Exception as error:  # the contract: never raise on any str
        return ParsedReport(
            title="",
            issuers=[],
            date=None,
            as_of=None,
            summary=headline([], []),
            findings=[],
            warnings=[ParseWarning(0, f"解析时发生内部错误，结果不完整：{type(error).__name__}: {error}")],
            narrative="",
            line_count=len(text.splitlines()),
        )
