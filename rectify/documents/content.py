"""What a progress report says, before it is laid out: plain data the renderer turns into .docx.

Built from the ledger by `documents.report_data`; rendered by `documents.report_docx`. Pure Python.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class AttachmentMeasure:
    number: int
    text: str  # the measure with its latest progress, as the attachment prints it


@dataclass(frozen=True)
class AttachmentFinding:
    label: str  # 一, 二 … as in the feedback
    text: str  # the finding
    deadline: str  # 整改时限：…
    progress: str  # 整改进展情况：…
    measures: tuple[AttachmentMeasure, ...]
    detail: str = ""  # a progress paragraph printed after 整改进展情况 that belongs to no numbered measure


@dataclass(frozen=True)
class Section:
    heading: str  # 一、提高政治站位，…  (printed in 黑体)
    body: str  # paragraphs separated by blank lines or newlines; a paragraph opening with （一）…。 gets a 楷体 lead


@dataclass(frozen=True)
class ReportContent:
    title: str  # 柳原州第二轮中央生态环境保护督察整改落实情况报告
    opening: str  # the first paragraph(s), headline figures already filled in
    sections: tuple[Section, ...]
    closing: str  # 下一步，…
    issuer: str  # 落款: 柳原州人民政府
    date: date  # 成文日期
    attachment_title: str  # 柳原州贯彻落实…具体问题整改进展情况
    findings: tuple[AttachmentFinding, ...]
