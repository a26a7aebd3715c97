"""Labelled fields inside a finding: 整改时限：…, 整改进展情况：…, 责任单位：… and their variants.

A field line is a known label followed by a colon (`：`, or `:` before normalisation) or wrapped
in 【】, then its value. Each label belongs to a role:

- DEADLINE: 整改时限 / 完成时限 / 整改期限 / 整改时间 / 整改完成时间 …
- STATUS: 整改进展情况 / 完成情况 / 问题解决情况 / 整改情况 / 进展情况 …
- PROBLEM: 问题 / 反馈问题 / 存在问题 … (the finding's own text)
- MEASURES: 整改措施 / 主要措施 … (numbered measures follow, or start in the value)
- OTHER: 整改目标, 责任单位, 牵头单位, 责任领导 … kept as named fields of the finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEADLINE, STATUS, PROBLEM, MEASURES, OTHER = "deadline", "status", "problem", "measures", "other"

LABELS: dict[str, tuple[str, ...]] = {
    DEADLINE: (
        "整改完成时间",
        "整改完成时限",
        "整改时限要求",
        "整改时限",
        "完成时限",
        "整改期限",
        "整改时间",
        "完成时间",
        "办结时限",
        "完成期限",
        "时限要求",
        "时限",
    ),
    STATUS: (
        "整改进展情况",
        "整改完成情况",
        "问题解决情况",
        "整改落实情况",
        "整改推进情况",
        "整改进展",
        "整改进度",
        "整改情况",
        "进展情况",
        "完成情况",
        "办理情况",
        "整改状态",
        "当前进展",
        "目前进展",
        "推进情况",
    ),
    PROBLEM: ("督察反馈问题", "反馈问题", "存在问题", "问题描述", "问题内容", "具体问题", "问题"),
    MEASURES: ("整改措施", "主要措施", "整改举措", "具体措施", "工作措施", "采取措施", "已采取措施"),
    OTHER: (
        "整改目标",
        "责任单位",
        "牵头单位",
        "配合单位",
        "协同单位",
        "责任领导",
        "牵头领导",
        "领衔领导",
        "督办领导",
        "督办验收领导",
        "责任人",
        "联系人",
        "联系电话",
        "验收单位",
        "整改责任单位",
        "整改责任人",
    ),
}

ROLE_OF: dict[str, str] = {label: role for role, labels in LABELS.items() for label in labels}
# Longest first, so that 整改完成时间 wins over 整改时间 and 问题解决情况 over 问题.
_ALTERNATION = "|".join(sorted(ROLE_OF, key=len, reverse=True))
ANY_LABEL = rf"(?:{_ALTERNATION})"

_FIELD = re.compile(
    rf"^(?:【\s*(?P<l1>{_ALTERNATION})\s*】\s*：?|(?P<l2>{_ALTERNATION})\s*[：:])\s*(?P<value>.*)$"
)

_LABEL_PREFIX = re.compile(
    _ALTERNATION
)  # the longest label a text starts with (all labels have 2+ characters)

# Where a field label starts inside a run-on line (used by text.py to split collapsed text).
FIELD_START = rf"(?:【\s*{ANY_LABEL}\s*】|{ANY_LABEL}\s*[：:])"


@dataclass(frozen=True)
class Field:
    """A labelled field line."""

    role: str  # DEADLINE, STATUS, PROBLEM, MEASURES or OTHER
    label: str  # as printed, e.g. 整改期限
    value: str  # the rest of the line, stripped (may be "")


def match_field(line: str) -> Field | None:
    """The labelled field on `line`, or None."""
    match = _FIELD.match(line)
    if match is None:
        return None
    label = match.group("l1") or match.group("l2")
    return Field(ROLE_OF[label], label, match.group("value").strip())


def column_role(header: str) -> tuple[str, str] | None:
    """A table column's role from its header cell (序号 counts as "number"), or None."""
    text = re.sub(r"\s+", "", header).strip("：:")
    if text in ("序号", "编号", "问题序号", "省序号", "市序号"):
        return ("number", text)
    if text in ROLE_OF:
        return (ROLE_OF[text], text)
    match = _LABEL_PREFIX.match(text)  # 整改时限（月） → 整改时限
    return (ROLE_OF[match.group()], match.group()) if match else None
