"""Any document in, its genre recognised and read by that genre's reader. Never raises.

    from rectify.ingest.report.document import parse_document
    report = parse_document(text)   # report.genre says which reader read it

- progress report (the seed's genre): `parser.parse_report`, unchanged;
- provincial progress list (一、关于"…"的问题 + 整改进展情况：…): `parse_report` reads its items;
  the as-of date may stand in its title (…整改进展情况（截至2024年3月底）);
- completion / sign-off notice and acceptance notice: `notices.py`;
- disclosure table: `disclosure.py`;
- news item or summary: the headline figures only (a news item lists no findings to import);
- template: every placeholder (*项, *年*月*日, ***, （填写…）, options like （已完成/达到序时进度）)
  is read as nothing, then what is left is read as a report: a figure or a finding a template
  states is read, a placeholder never becomes a number.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import genres
from .dates import find_as_of
from .disclosure import read_disclosure_table
from .inspection_facts import InspectionFacts
from .model import ParsedReport, ParseWarning
from .notice_facts import page_date
from .notices import read_acceptance_notice, read_completion_notice
from .parser import parse_report
from .summary import headline
from .text import normalise

# A fill-in instruction in brackets, or a list of options to choose from: read as nothing.
_INSTRUCTION = re.compile(
    r"[(（]\s*(?:填写|填报|请填)[^()（）]{0,30}[)）]|[(（][^()（）]{0,40}/[^()（）]{0,40}[)）]"
)
_STARS = re.compile(
    r"[*＊]+|(?<![A-Za-z])(?:20)?[X×]{1,4}(?=\s*[项件个年月日%县市区])|[X×]{3,}"
)  # *项, *年*月*日, ***, and X项, 20XX年X月X日, XXXX as some templates write them
BLANK = "□"  # what a placeholder becomes: no pattern that reads a figure or a date reads it


def _blank_template(text: str) -> str:
    """Placeholders as □ (so "已完成*项" stays a count with no number, never "已完成" of the
    number before it), fill-in instructions and option lists removed."""
    return _STARS.sub(BLANK, _INSTRUCTION.sub("", text))


def _template(text: str) -> ParsedReport:
    blanked = _blank_template(text)
    report = parse_report(blanked)
    report = replace(report, summary=_all_lines_summary(report, blanked), inspection=InspectionFacts())
    findings = []
    for finding in report.findings:
        words = re.sub(rf"关于|的问题|{BLANK}|[“”\"\s，。：；（）]", "", finding.text)
        if len(words) < 4:
            continue  # 一、关于“***”的问题: nothing to import
        deadline = finding.deadline
        if not re.search(r"\d", deadline.raw):
            deadline = replace(deadline, raw="") if deadline.kind == "unknown" else deadline
        findings.append(replace(finding, deadline=deadline))
    count = len(genres.placeholders(text))
    warning = ParseWarning(0, f"这是含占位符的填报模板（{count}处占位符），占位符未读作任何数字或日期")
    return replace(report, findings=findings, genre=genres.TEMPLATE, warnings=[warning, *report.warnings])


def _progress_list(text: str) -> ParsedReport:
    report = parse_report(text)
    if report.as_of is None and "截" in report.title:
        found = find_as_of([(0, report.title, True)], report.date)
        if found is not None and found.date is not None:
            report = replace(report, as_of=found.date, as_of_raw=found.raw)
    return replace(report, genre=genres.PROGRESS_LIST)


def _all_lines_summary(report: ParsedReport, text: str) -> dict:
    """The headline figures read from every line, the title too: a news item's or a one-sentence
    summary's figures may stand in its first line."""
    lines = [(line.number, line.text) for line in normalise(text).lines]
    return headline(lines, lines)


def _news(text: str) -> ParsedReport:
    report = parse_report(text)
    if report.date is None and (published := page_date(text)) is not None:
        # a web page's date (标题 2024-07-02 …): the reference of its 截至6月底
        lines = [(line.number, line.text, True) for line in normalise(text).lines]
        found = find_as_of(lines, published)
        report = replace(
            report,
            date=published,
            as_of=found.date if found and found.date else report.as_of,
            as_of_raw=found.raw if found and found.date else report.as_of_raw,
            warnings=[w for w in report.warnings if not w.message.startswith(("未找到成文日期", "无法确定"))],
        )
    # A news item's words about an inspection (第二轮…) are no facts of the ledger's inspection.
    return replace(
        report,
        findings=[],
        genre=genres.NEWS,
        summary=_all_lines_summary(report, text),
        inspection=InspectionFacts(),
    )


READERS = {
    genres.PROGRESS_REPORT: parse_report,
    genres.PROGRESS_LIST: _progress_list,
    genres.COMPLETION_NOTICE: read_completion_notice,
    genres.ACCEPTANCE_NOTICE: read_acceptance_notice,
    genres.DISCLOSURE_TABLE: read_disclosure_table,
    genres.NEWS: _news,
    genres.TEMPLATE: _template,
}


def parse_document(text: str, genre: str | None = None) -> ParsedReport:
    """Read `text` as its genre (recognised unless given). Never raises: on an internal error the
    result is the progress-report reading, with a warning naming the reader that failed."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    try:
        genre = genre if genre in READERS else genres.genre_of(text)
        return READERS[genre](text)
    except Exception as error:  # the contract: never raise on any str
        report = parse_report(text)
        message = f"按「{genres.GENRE_LABELS.get(genre, genre)}」读取时发生内部错误：{type(error).__name__}: {error}"
        return replace(report, warnings=[ParseWarning(0, message), *report.warnings])
