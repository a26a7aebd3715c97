"""Progress statuses as reports word them (整改进展情况：…) and the codes they normalise to.

A report's status mixes the lifecycle (完成, 销号) with the schedule flag (达到序时进度); the code
here is only what the words say, checked in a fixed order (see `status_code`) so that
"未达到序时进度" is behind schedule before "达到序时进度" can read it as on schedule, "逾期未完成" is
overdue, and "已完成整改，达到序时进度" is completed while "未完成，达到序时进度" is on schedule.
"""

from __future__ import annotations

import re

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
ON_SCHEDULE = "on_schedule"
AHEAD = "ahead_of_schedule"
BEHIND = "behind_schedule"
OVERDUE = "overdue"
COMPLETED = "completed"
COMPLETED_ONGOING = "completed_ongoing"
BASICALLY_COMPLETED = "basically_completed"
SIGNED_OFF = "signed_off"
PUBLIC_NOTICE = "public_notice"
ACCEPTED = "accepted"
ACCEPTANCE_REQUESTED = "acceptance_requested"
UNKNOWN = "unknown"

STATUS_CODES = (
    NOT_STARTED,
    IN_PROGRESS,
    ON_SCHEDULE,
    AHEAD,
    BEHIND,
    OVERDUE,
    COMPLETED,
    COMPLETED_ONGOING,
    BASICALLY_COMPLETED,
    SIGNED_OFF,
    PUBLIC_NOTICE,
    ACCEPTED,
    ACCEPTANCE_REQUESTED,
    UNKNOWN,
)

_SIGNED_OFF = re.compile(r"已销号|销号完成|完成销号|已验收销号")
_PUBLIC_NOTICE = re.compile(r"销号公示|正在公示|公示中")
ACCEPTED_WORDS = re.compile(r"通过(?:了)?[省州市县区]?级?(?:现场)?验收|验收(?:通过|合格)")
REQUESTED_WORDS = re.compile(r"(?:提交|申请|报请)[省州市县区]?级?验收")
_REQUESTED = re.compile(rf"{REQUESTED_WORDS.pattern}|待验收|验收中")
_OVERDUE = re.compile(r"逾期")
_BEHIND = re.compile(r"未达到?序时(?:进度)?|滞后|落后于?序时|进度缓慢")
_NOT_DONE = re.compile(r"未完成|尚未完成|部分完成|未整改到位|未全部完成|未达到整改要求")
_BASICALLY = re.compile(r"基本完成|基本整改到位")
_COMPLETED = re.compile(r"已完成|完成整改|整改完成|已整改|已办结|全面完成|已落实|整改到位|完成")
_ONGOING = re.compile(r"长期坚持|长期保持|持续巩固|长期推进|长期")
_AHEAD = re.compile(r"超过?序时(?:进度)?|快于序时")
_ON_SCHEDULE = re.compile(r"达到序时(?:进度)?|符合序时|按序时|序时推进|按期推进|按计划推进")
_NOT_STARTED = re.compile(r"未启动|尚未启动|未开始|尚未开展|未开展")
_IN_PROGRESS = re.compile(
    r"推进中|持续推进|正在推进|正在整改|整改中|进行中|有序推进|正在实施|实施中|稳步推进|正在"
)


def status_code(raw: str) -> str:
    """The normalised code of a status text; "unknown" when nothing in it is understood.

    The order: 已销号; 销号公示/公示中; 通过验收; 提交/申请验收; 逾期; 未达到序时进度/滞后; then, unless the text says the work is not done
    (未完成, 部分完成 …), 基本完成 and 已完成 (with 长期坚持: completed_ongoing); then 超过序时进度,
    达到序时进度, 未启动, and the words of work in progress.

    >>> status_code("已完成，长期坚持")
    'completed_ongoing'
    >>> status_code("未完成，达到序时进度")
    'on_schedule'
    """
    text = re.sub(r"\s+", "", raw or "")
    if not text:
        return UNKNOWN
    steps = (
        (SIGNED_OFF, _SIGNED_OFF),
        (PUBLIC_NOTICE, _PUBLIC_NOTICE),
        (ACCEPTED, ACCEPTED_WORDS),
        (ACCEPTANCE_REQUESTED, _REQUESTED),
        (OVERDUE, _OVERDUE),
        (BEHIND, _BEHIND),
    )
    for code, pattern in steps:
        if pattern.search(text):
            return code
    not_done = bool(_NOT_DONE.search(text))
    if not not_done and _BASICALLY.search(text):
        return BASICALLY_COMPLETED
    if not not_done and _COMPLETED.search(text):
        return COMPLETED_ONGOING if _ONGOING.search(text) else COMPLETED
    for code, pattern in ((AHEAD, _AHEAD), (ON_SCHEDULE, _ON_SCHEDULE), (NOT_STARTED, _NOT_STARTED)):
        if pattern.search(text):
            return code
    if not_done or _IN_PROGRESS.search(text) or _ONGOING.fullmatch(text):
        return IN_PROGRESS  # a bare 长期坚持 is kept up: in progress
    return UNKNOWN
