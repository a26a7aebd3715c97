"""The headline figures a progress report opens with, read from its narrative body.

    "督察反馈涉及昌吉州的25项整改任务已完成16项，其余9项整改任务均达到序时进度要求。
     交办的181件信访案件已办结或阶段性办结。"  …  "办结率达98.9%"

gives tasks_total 25, tasks_completed 16, tasks_on_schedule 9, petitions_total 181,
petitions_closed_or_in_stage 181 and petition_closure_rate 0.989. What each figure counts:

- tasks_total: the first "N项(整改)任务"; tasks_completed: "已完成N项" (or "N项已完成");
  tasks_on_schedule: "N项…达到序时进度"; tasks_behind_schedule: "N项…未达到序时进度/滞后";
- petitions_total: the first "N件信访…" (cases transferred); petitions_closed: cases fully closed,
  only when the text says so ("已全部办结", "已办结N件"); petitions_closed_in_stage: "阶段性办结K件";
  petitions_closed_or_in_stage: when the text counts closed and closed-in-stage together
  ("已办结或阶段性办结"), or M + K when it gives both ("已办结M件、阶段性办结K件");
- tasks_basically_completed: "基本完成M项"; tasks_on_schedule also "其余K项正在按序时推进";
  tasks_completion_rate: "占总任务的58.5%" / "完成率58.5%" as a fraction (0.585);
- petition_closure_rate: "办结率N%" as a fraction (98.9% → 0.989); the report does not say which
  cases its numerator counts, so it is kept as printed.

Each figure is looked for in the lead paragraph first (the text before the first numbered
section), then in the whole narrative. `counts` lists every "N项" / "N件" of the narrative with
what it counts, as far as the words around it say.
"""

from __future__ import annotations

import re
from typing import Any

Line = tuple[int, str]

_TASKS_TOTAL = re.compile(r"(\d+)\s*项(?:督察)?(?:反馈问题)?(?:整改)?任务|整改任务(?:共)?\s*(\d+)\s*项")
_TASKS_COMPLETED = (
    re.compile(r"已(?:全部)?(?:完成|整改完成|办结|销号)(?:整改(?:任务)?)?\s*(\d+)\s*项"),
    # "12项整改任务已完成□项" (a template's blank) or "…已完成16项": the count after it is another
    re.compile(r"(\d+)\s*项(?:整改任务)?(?:已|均已)(?:全部)?(?:完成|整改完成|销号)(?![^，。；,;]{0,3}项)"),
)
_TASKS_ON_SCHEDULE = (
    re.compile(r"(\d+)\s*项(?:整改任务|任务)?[^。；，\d]{0,6}?(?<!未)达到序时进度"),
    re.compile(r"其余\s*(\d+)\s*项(?:整改任务|任务)?[^。；，\d]{0,6}?(?:按序时|序时推进)"),
)
_TASKS_BASICALLY = re.compile(r"基本完成\s*(\d+)\s*项|(\d+)\s*项(?:整改任务)?基本完成")
_TASKS_RATE = re.compile(
    r"(?:占(?:总任务|任务总数|整改任务总数|总数)?的?|(?:整改)?完成率\s*(?:达到|达|为|是)?)\s*(\d+(?:\.\d+)?)\s*%"
)
_IN_STAGE_COUNT = re.compile(r"阶段性办结\s*(\d+)\s*件")
_TASKS_BEHIND = re.compile(r"(\d+)\s*项(?:整改任务|任务)?[^。；，\d]{0,6}?(?:未达到序时进度|滞后)")
_PETITIONS = re.compile(r"(\d+)\s*件(?:群众)?(?:信访|举报|投诉)")
_CLOSED_COUNT = re.compile(r"已?办结\s*(\d+)\s*件")
_RATE = re.compile(r"办结率\s*(?:达到|达|为|是)?\s*(\d+(?:\.\d+)?)\s*%")

_COUNT = re.compile(r"(\d+)\s*余?\s*(项|件)(?!目)")
_CLAUSE_BREAK = "，。；：、（）“”《》,;:()"
_LEADING_WORDS = re.compile(r"^(?:对|将|把|共|累计|其中|有|全州|全市|全县)+")
_STOP_WORDS = re.compile(r"已|均|全部|进行|办结|完成|达到|的|中|为|是|和|及|要求|情况|进展")


Found = tuple[int, str, re.Match[str]]  # (line number, line text, match)


def _first(pattern: re.Pattern[str], lines: list[Line]) -> Found | None:
    for number, text in lines:
        match = pattern.search(text)
        if match:
            return number, text, match
    return None


def _prefix(text: str, start: int, floor: int) -> str:
    """The words before a number, back to the clause start (or `floor`), minus leading verbs."""
    begin = start
    while begin > max(floor, start - 24) and text[begin - 1] not in _CLAUSE_BREAK:
        begin -= 1
    return _LEADING_WORDS.sub("", text[begin:start].strip())


def _suffix(text: str, end: int) -> str:
    """The noun after "N项" / "N件", up to the first verb or function word."""
    words = re.match(r"[\u4e00-\u9fff]{0,14}", text[end:]).group()
    stop = _STOP_WORDS.search(words)
    return words[: stop.start()] if stop else words


def counts(lines: list[Line]) -> list[dict[str, Any]]:
    """Every "N项" / "N件" in the lines: value, unit, what it counts, the clause and its line."""
    found = []
    for number, text in lines:
        floor, noun = 0, ""
        for match in _COUNT.finditer(text):
            suffix = _suffix(text, match.end())
            prefix = _prefix(text, match.start(), floor)
            if suffix:
                what, noun = prefix + suffix, suffix
            else:  # "25项整改任务已完成16项": the 16 are of the same noun
                what = f"{prefix}的{noun}" if prefix and noun else prefix
            window = max(0, match.start() - 200)  # a clause is short: look no further than this
            begin = max(window - 1, *(text.rfind(c, window, match.start()) for c in "。；")) + 1
            limit = min(len(text), match.end() + 200)
            ends = [i for i in (text.find(c, match.end(), limit) for c in "。；") if i >= 0]
            clause = text[begin : min(ends) if ends else limit].strip()
            found.append(
                {
                    "value": int(match.group(1)),
                    "unit": match.group(2),
                    "what": what,
                    "context": clause,
                    "line": number,
                }
            )
            floor = match.end() + len(suffix)
    return found


def _fraction(value: str) -> float:
    """58.5 (%) → 0.585."""
    return round(float(value) / 100, 6)


def _figure(pattern: re.Pattern[str], lead: list[Line], narrative: list[Line]) -> Found | None:
    return _first(pattern, lead) or _first(pattern, narrative)


def headline(narrative: list[Line], lead: list[Line]) -> dict[str, Any]:
    """The summary dict: headline figures (None when absent), `counts`, and `lines` (where each was read)."""
    summary: dict[str, Any] = {
        "tasks_total": None,
        "tasks_completed": None,
        "tasks_on_schedule": None,
        "tasks_behind_schedule": None,
        "tasks_basically_completed": None,
        "tasks_completion_rate": None,
        "petitions_total": None,
        "petitions_closed": None,
        "petitions_closed_or_in_stage": None,
        "petitions_closed_in_stage": None,
        "petition_closure_rate": None,
    }
    where: dict[str, int] = {}

    def take(key: str, found: Found | None, convert=int) -> re.Match[str] | None:
        if found is None:
            return None
        summary[key] = convert(next(g for g in found[2].groups() if g is not None))
        where[key] = found[0]
        return found[2]

    take("tasks_total", _figure(_TASKS_TOTAL, lead, narrative))
    for pattern in _TASKS_COMPLETED:
        if take("tasks_completed", _figure(pattern, lead, narrative)):
            break
    for pattern in _TASKS_ON_SCHEDULE:
        if take("tasks_on_schedule", _figure(pattern, lead, narrative)):
            break
    take("tasks_basically_completed", _figure(_TASKS_BASICALLY, lead, narrative))
    take("tasks_completion_rate", _figure(_TASKS_RATE, lead, narrative), convert=_fraction)
    take("tasks_behind_schedule", _figure(_TASKS_BEHIND, lead, narrative))

    petitions = _figure(_PETITIONS, lead, narrative)
    if take("petitions_total", petitions) and petitions is not None:
        line_number, text, match = petitions
        clause = re.split(r"[。；]", text[match.end() :], maxsplit=1)[0]
        if "阶段性办结" in clause:
            summary["petitions_closed_or_in_stage"] = summary["petitions_total"]
            where["petitions_closed_or_in_stage"] = line_number
        elif re.search(r"已(?:全部)?办结", clause):
            summary["petitions_closed"] = summary["petitions_total"]
            where["petitions_closed"] = line_number
        closed = _CLOSED_COUNT.search(clause)
        if closed:
            summary["petitions_closed"] = int(closed.group(1))
        in_stage = _IN_STAGE_COUNT.search(clause)
        if in_stage:
            summary["petitions_closed_in_stage"] = int(in_stage.group(1))
            where["petitions_closed_in_stage"] = line_number
            if closed:  # 已办结M件、阶段性办结K件: the two together, as counted
                summary["petitions_closed_or_in_stage"] = summary["petitions_closed"] + int(in_stage.group(1))
    take("petition_closure_rate", _figure(_RATE, lead, narrative), convert=_fraction)

    summary["counts"] = counts(narrative)
    summary["lines"] = where
    return summary
