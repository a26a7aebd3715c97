"""What a notice states around its problem, read from its running text (normalised lines):

- the objection window: 公示期为7天 / 公示时间为10个工作日 / （2024年6月3日至2024年6月9日）;
- where objections go (向…反映) and the contact: 联系人：韩立新 联系电话：0990-5551234;
- the acceptance steps, each with the date written before it in the same sentence:
  2023年11月20日组织自行验收，11月28日提交市级验收，12月12日…通过验收;
- the finding it names: 第7项 / 序号12（市序号15） / 省序号28 / （序号十）.

A date without its year (1月18日) takes the year of the date before it, else the document's.
Pure: no Django.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from . import statuses
from .numbers import CN_DIGITS, chinese_to_int, seq_refs

DAY = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*[日号]|(?P<end>底|末))?"
    r"|(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
)
_WINDOW = re.compile(r"(?P<n>\d{1,2})\s*(?P<kind>个工作日|天|日)")
_RANGE = re.compile(
    r"(?P<a>(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*[日号])\s*(?:至|到|—|－|-|~|～)\s*"
    r"(?P<b>(?:\d{4}\s*年\s*)?(?:\d{1,2}\s*月\s*)?\d{1,2}\s*[日号])"
)
_OBJECTION_TO = re.compile(
    r"向(?P<to>[\u4e00-\u9fff（）]{2,40}?)(?:反映|反馈|提出|举报)|与(?P<with>[\u4e00-\u9fff（）]{2,40}?)联系"
)
_CONTACT = re.compile(r"联系人\s*[：:]?\s*(?P<name>[\u4e00-\u9fff]{2,4}?)(?=[\s，,；;。（(]|联系|电话|$)")
_PHONE = re.compile(r"(?:联系)?电话\s*[：:]?\s*(?P<phone>\d{3,4}\s*[-－]\s*\d{7,8}|1\d{10}|\d{7,8})")
SELF_CHECKED = re.compile(r"自行验收|自主验收|自查验收|自验")
REQUESTED = statuses.REQUESTED_WORDS
PASSED = statuses.ACCEPTED_WORDS
STEP_WORDS = (("self_checked_on", SELF_CHECKED), ("submitted_on", REQUESTED), ("accepted_on", PASSED))
_NUMBERED = re.compile(rf"第\s*(?P<n>\d{{1,4}}|[{CN_DIGITS}]{{1,6}})\s*(?:项|个|条)")
_SEQ = re.compile(rf"(?<![省市州县区])序号\s*[：:]?\s*(?P<n>\d{{1,4}}|[{CN_DIGITS}]{{1,6}})")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def read_day(match: re.Match[str], year: int | None) -> date | None:
    """The date a DAY match names; a month alone (2023年11月, 11月底) is that month's last day."""
    try:
        if match.group("iy"):
            return date(int(match.group("iy")), int(match.group("im")), int(match.group("id")))
        if match.group("y"):
            year = int(match.group("y"))
        if year is None:
            return None
        month = int(match.group("m"))
        if match.group("d"):
            return date(year, month, int(match.group("d")))
        return _month_end(year, month)
    except (ValueError, OverflowError):
        return None


_PAGE_DATE = re.compile(r"(?:发布时间|发布日期|来源|日期|^|\s)[^\n]{0,30}?(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")


def page_date(text: str) -> date | None:
    """The date a web page's header gives (来源：… 2024-03-02 / 发布时间：2024-01-08 / a bare
    2024-07-02 after the title), looked for in the first 300 characters only."""
    found = _PAGE_DATE.search(text[:300])
    if found is None:
        return None
    try:
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None


def first_day(text: str, year: int | None = None) -> date | None:
    """The first date in `text` (a month alone counts as its last day)."""
    for match in DAY.finditer(text):
        day = read_day(match, year)
        if day is not None:
            return day
    return None


@dataclass(frozen=True)
class Window:
    days: int | None = None
    kind: str = ""  # calendar / working
    start: date | None = None
    end: date | None = None


def objection_window(text: str, year: int | None) -> Window:
    """The 公示 window: its length and dates, from the sentence that names 公示 (or 异议)."""
    days, kind, start, end = None, "", None, None
    for sentence in re.split(r"[。；\n]", text):
        if not any(word in sentence for word in ("公示", "公告", "异议")):
            continue
        if days is None:
            for found in _WINDOW.finditer(sentence):
                before = sentence[max(0, found.start() - 1) : found.start()]
                if before and before in "年月":  # 6月9日: the day of a date, not a length
                    continue
                days = int(found.group("n"))
                kind = "working" if found.group("kind") == "个工作日" else "calendar"
                break
        if start is None:
            found = _RANGE.search(sentence)
            if found:
                start = first_day(found.group("a"), year)
                b = found.group("b")
                if start is not None and "月" not in b:
                    b = f"{start.month}月{b}"
                end = first_day(b, start.year if start else year)
    return Window(days, kind, start, end)


def objection_to(text: str) -> str:
    for sentence in re.split(r"[。；\n]", text):
        if any(word in sentence for word in ("公示", "公告", "异议")):
            found = _OBJECTION_TO.search(sentence)
            if found:
                return found.group("to") or found.group("with")
    return ""


def contact(text: str) -> tuple[str, str]:
    """(联系人, 联系电话) — "" for what the text does not give."""
    name = _CONTACT.search(text)
    phone = _PHONE.search(text)
    return (name.group("name") if name else ""), (
        re.sub(r"\s|－", "-", phone.group("phone")) if phone else ""
    )


def acceptance_steps(text: str, year: int | None) -> dict[str, date]:
    """{self_checked_on, submitted_on, accepted_on}: each step word takes the latest date written
    before it in its sentence (and after the previous step word)."""
    found: dict[str, date] = {}
    for sentence in re.split(r"[。；\n]", text):
        events: list[tuple[int, str, object]] = []
        for match in DAY.finditer(sentence):
            events.append((match.start(), "day", match))
        for key, pattern in STEP_WORDS:
            for match in pattern.finditer(sentence):
                events.append((match.start(), key, None))
        pending: date | None = None
        for _, what, match in sorted(events, key=lambda e: e[0]):
            if what == "day":
                day = read_day(match, year)
                if day is not None:
                    pending, year = day, day.year
            elif pending is not None and what not in found:
                found[what] = pending
                pending = None
    return found


def named_finding(text: str) -> tuple[int | None, int | None, int | None]:
    """(序号 or 第N项, 省序号, 市序号) a notice names in `text` (its title and opening)."""
    provincial, city = seq_refs(text)
    number = None
    for pattern in (_SEQ, _NUMBERED):
        match = pattern.search(text)
        if match:
            number = chinese_to_int(match.group("n"))
            break
    return number, provincial, city
