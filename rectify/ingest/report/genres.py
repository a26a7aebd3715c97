"""Which kind of document a text is (its genre), from the words and shapes it is written in.

    genre_of(text) -> one of GENRES

- PROGRESS_REPORT: the seed's genre — a narrative report with an attachment of findings, each with
  整改时限：… and 整改进展情况：… and numbered measures;
- COMPLETION_NOTICE: a per-problem completion or sign-off notice (整改完成情况公示 / 验收销号公示),
  written in sections 一、反馈问题 二、整改目标 三、整改措施 四、整改期限 五、整改措施落实情况 …;
- ACCEPTANCE_NOTICE: a notice that one problem passed acceptance (自行验收 → 提交市级验收 → 通过验收);
- PROGRESS_LIST: a provincial progress list, each item 一、关于"<the feedback quoted>"的问题 with
  整改进展情况：<status>。 and numbered measures;
- DISCLOSURE_TABLE: a per-task disclosure table, real or flattened into `|` cells, headed
  整改任务 | 责任单位 | 整改目标 | … or 问题序号 | 具体内容 | 整改目标 | …;
- NEWS: a news item or summary: headline sentences (N项整改任务已完成M项 …) and no findings;
- TEMPLATE: a form to fill in, with placeholders (`*项`, `*年*月*日`, （填写…）).

The checks run in that order of specificity: a template first (its placeholders say so whatever
else it imitates), then a table's header row, the notices' sections and steps, the 关于"…" items,
and last the headline sentences. Pure: no Django.
"""

from __future__ import annotations

import re
import unicodedata

from .disclosure import header_row, uncollapse

PROGRESS_REPORT = "progress_report"
COMPLETION_NOTICE = "completion_notice"
ACCEPTANCE_NOTICE = "acceptance_notice"
PROGRESS_LIST = "progress_list"
DISCLOSURE_TABLE = "disclosure_table"
NEWS = "news"
TEMPLATE = "template"

GENRES = (
    PROGRESS_REPORT,
    COMPLETION_NOTICE,
    ACCEPTANCE_NOTICE,
    PROGRESS_LIST,
    DISCLOSURE_TABLE,
    NEWS,
    TEMPLATE,
)
GENRE_LABELS = {
    PROGRESS_REPORT: "整改落实情况报告",
    COMPLETION_NOTICE: "整改完成情况（验收销号）公示",
    ACCEPTANCE_NOTICE: "整改验收公告",
    PROGRESS_LIST: "反馈问题整改进展清单",
    DISCLOSURE_TABLE: "整改任务公开表",
    NEWS: "新闻或情况综述",
    TEMPLATE: "填报模板（含占位符）",
}
# Genres that speak of tasks an inspection's ledger already holds: imported into an existing
# inspection they update the task they name and never add a finding.
UPDATING_GENRES = frozenset({COMPLETION_NOTICE, ACCEPTANCE_NOTICE, PROGRESS_LIST, DISCLOSURE_TABLE})

# A placeholder: *项 *件 *年*月*日 *% ***, or an instruction in brackets （填写…）.
PLACEHOLDER = re.compile(
    r"\*+\s*(?=[项件个年月日%])|\*{2,}|[(（]\s*(?:填写|填报|请填)[^()（）]{0,30}[)）]"
    r"|(?<![A-Za-z])(?:20)?[X×]{1,4}(?=\s*[项件个年月日%县市区])|[X×]{3,}"
)
_NOTICE_TITLE = re.compile(r"公示|公告")
_NOTICE_KIND = re.compile(r"整改完成情况|验收销号|销号|整改任务落实情况|整改情况")
_SECTION = re.compile(
    r"(?:^|\s)[一二三四五六七八九十]\s*[、.]\s*(?:反馈问题|整改目标|整改措施|整改期限|整改时限|整改完成时间)"
)
_LABELLED_SECTION = re.compile(r"(?:^|\s)(?:整改任务|整改目标|整改完成情况|整改措施落实情况)\s*:")
_SELF_CHECK = re.compile(r"自行验收|自验|自查验收|自主验收")
_PASSED = re.compile(r"通过(?:了)?(?:[省州市县区级]*)?验收|验收(?:通过|合格)")
_SUBMITTED = re.compile(r"提交[省州市县区]?级?验收|申请[省州市县区]?级?验收|报请[省州市县区]?级?验收")
_ABOUT_ITEM = re.compile(
    r"(?:^|\s)(?:[一二三四五六七八九十百]+\s*[、.]|\(\s*[一二三四五六七八九十百]+\s*\)\s*[、.]?)\s*关于\s*[\"“'‘]"
)
_STATUS_LABEL = re.compile(r"整改进展情况\s*:|整改完成情况\s*:|完成情况\s*:")
_DEADLINE_LABEL = re.compile(r"整改时限\s*:|完成时限\s*:")
_HEADLINE = re.compile(
    r"\d+\s*项(?:督察)?(?:反馈问题)?(?:整改)?任务[^。;]{0,12}(?:已完成|完成)"
    r"|(?:整改)?任务\s*\d+\s*项[^。;]{0,12}(?:已完成|完成)"
    r"|\d+\s*件[^。;]{0,12}(?:信访|举报|投诉)[^。;]{0,16}办结"
)


def _plain(text: str) -> str:
    """Full-width forms as ASCII (：→: （→( ｜→|), so one pattern reads both kinds of punctuation."""
    return unicodedata.normalize("NFKC", text)


NARRATIVE_AROUND_TABLE = 2000  # characters outside the table's rows: more, and it is a report with a table


def _table_header(lines: list[str]) -> bool:
    """Whether the text is a disclosure table: a header row naming units or targets (a collapsed
    table cut back into rows first), and not much else around it."""
    rows = uncollapse(lines)
    if not any(header_row(line) for _, line in rows):
        return False
    outside = sum(len(line.strip()) for _, line in rows if line.count("|") + line.count("｜") < 2)
    return outside <= NARRATIVE_AROUND_TABLE


def placeholders(text: str) -> list[str]:
    """The placeholders in a text, in order (empty for a filled-in document)."""
    return [match.group() for match in PLACEHOLDER.finditer(_plain(text or ""))]


def genre_of(text: str) -> str:
    """The genre of `text` (one of GENRES); PROGRESS_REPORT when nothing more specific is seen.

    >>> genre_of("截至*年*月*日，我县*项整改任务已完成*项")
    'template'
    """
    plain = _plain(text or "")
    lines = plain.splitlines()
    head = " ".join(line.strip() for line in lines[:6])[:300]
    if len(placeholders(plain)) >= 2:
        return TEMPLATE
    if _table_header(lines):
        return DISCLOSURE_TABLE
    sections = len(_SECTION.findall(plain)) + len(_LABELLED_SECTION.findall(plain))
    if _NOTICE_TITLE.search(head) and (_NOTICE_KIND.search(head) or sections) and sections >= 2:
        return COMPLETION_NOTICE
    if _PASSED.search(plain) and (_SELF_CHECK.search(plain) or _SUBMITTED.search(plain)):
        return ACCEPTANCE_NOTICE
    if _ABOUT_ITEM.search(plain) and _STATUS_LABEL.search(plain):
        return PROGRESS_LIST
    if not _STATUS_LABEL.search(plain) and not _DEADLINE_LABEL.search(plain) and _HEADLINE.search(plain):
        return NEWS
    return PROGRESS_REPORT
