"""What a report's opening says about the inspection itself: its team, stay, feedback date, round, kind.

A progress report opens like this (the seed, Changji 2023):

    2022年3月25日至4月25日，中央第五生态环境保护督察组进驻新疆维吾尔自治区，开展了第二轮生态环境
    保护督察。2022年6月1日，督察组向自治区反馈了督察报告。

Read from the title and the lead paragraph only (the body mentions other inspections: 第一轮…):

- team: the first 督察组 named with its number (中央第五生态环境保护督察组, 中央生态环境保护第三督察组,
  自治区第二生态环境保护督察组);
- stay: the sentence with 进驻/入驻/下沉 (or 督察组…开展) and a date range (至/到/—/–/-/~); the end's year may be left out;
- feedback: a date in a sentence with 反馈 (反馈了督察报告, 反馈督察意见, 反馈意见), its year taken from
  the stay when left out;
- round: 第二轮 / 第2轮 next to 督察; kind: 回头看, 专项督察, 中央, or a provincial inspection.

Dates are Arabic (2022年3月25日) or Chinese numerals (二〇二二年三月二十五日). Nothing is guessed: a
fact the text does not state stays None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .numbers import CN_DIGITS, chinese_to_int

_N = rf"[\d{CN_DIGITS}]"


def _date_pattern(prefix: str) -> str:
    """A date with its year optional: 2022年3月25日, 二〇二二年三月二十五日, 4月25日."""
    return rf"(?:(?P<{prefix}y>{_N}{{4}})\s*年\s*)?(?P<{prefix}m>{_N}{{1,3}})\s*月\s*(?P<{prefix}d>{_N}{{1,3}})\s*[日号]"


_ONE_DATE = re.compile(_date_pattern("a"))
_RANGE = re.compile(_date_pattern("a") + r"\s*(?:至|到|—+|–|－|-|~|～)\s*" + _date_pattern("b"))
_TEAM = re.compile(
    rf"(?:中央|国家|(?:省|自治区|市)(?:委(?:省|区|市)?政府)?)?"
    rf"(?:生态环境保护|环境保护|生态环保)?第\s*{_N}{{1,3}}\s*(?:生态环境保护|环境保护|生态环保)?督察组"
)
_STAY = re.compile(r"进驻|入驻|下沉|督察组.{0,12}开展")
_FEEDBACK = re.compile(r"反馈")
_ROUND = re.compile(rf"第\s*(?P<n>{_N}{{1,3}})\s*轮")
_SENTENCE = re.compile(r"[^。；！？\n]+")
_CN_YEAR = str.maketrans("〇零一二三四五六七八九", "00123456789")

CENTRAL, LOOK_BACK, SPECIAL, PROVINCIAL = "central", "look_back", "special", "provincial"


@dataclass(frozen=True)
class InspectionFacts:
    """The inspection as the report states it; None where it does not say."""

    team: str | None = None
    stay_start: date | None = None
    stay_end: date | None = None
    feedback_on: date | None = None
    round_number: int | None = None
    kind: str | None = None  # CENTRAL, LOOK_BACK, SPECIAL, PROVINCIAL (InspectionKind values)
    lines: tuple[int, ...] = ()  # the lead's lines a fact was read from

    def is_empty(self) -> bool:
        return all(value is None for name, value in vars(self).items() if name != "lines")


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    digits = text.translate(_CN_YEAR)
    return int(digits) if digits.isdigit() else None


def _date(match: re.Match[str], prefix: str, year: int | None) -> date | None:
    year = _year(match.group(f"{prefix}y")) or year
    month, day = chinese_to_int(match.group(f"{prefix}m")), chinese_to_int(match.group(f"{prefix}d"))
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _stay(sentences: list[tuple[int, str]], used: set[int]) -> tuple[date | None, date | None]:
    for number, sentence in sentences:
        if not _STAY.search(sentence):
            continue
        match = _RANGE.search(sentence)
        if match is None:
            continue
        start = _date(match, "a", None)
        end = _date(match, "b", start.year if start else None)
        if start and end and start <= end:
            used.add(number)
            return start, end
    return None, None


def _feedback(sentences: list[tuple[int, str]], year: int | None, used: set[int]) -> date | None:
    """The date next to 反馈: the last single date before it in its sentence, else the first after it."""
    for number, sentence in sentences:
        word = _FEEDBACK.search(sentence)
        if word is None:
            continue
        ranges = [m.span() for m in _RANGE.finditer(sentence)]
        singles = [m for m in _ONE_DATE.finditer(sentence) if not any(a <= m.start() < b for a, b in ranges)]
        before = [m for m in singles if m.end() <= word.start()]
        after = [
            m for m in singles if m.start() >= word.end() and "，" not in sentence[word.end() : m.start()]
        ]
        for match in before[-1:] + after[:1]:
            if (found := _date(match, "a", year)) is not None:
                used.add(number)
                return found
    return None


def _kind(text: str) -> str | None:
    if "回头看" in text:
        return LOOK_BACK
    if "专项督察" in text:
        return SPECIAL
    if re.search(r"中央(?:第\S{1,3})?(?:生态)?环境保护(?:第\S{1,3})?督察", text):
        return CENTRAL
    if re.search(r"(?:省|自治区|市)(?:委)?(?:级)?(?:第\S{1,3})?生态环境保护(?:第\S{1,3})?督察", text):
        return PROVINCIAL
    return None


def read_inspection_facts(title: str, lead: list[tuple[int, str]]) -> InspectionFacts:
    """The facts the title and the lead paragraphs ((line, text) pairs) state about the inspection."""
    sentences = [(n, s.strip()) for n, paragraph in lead for s in _SENTENCE.findall(paragraph) if s.strip()]
    used: set[int] = set()
    stay_start, stay_end = _stay(sentences, used)
    feedback_on = _feedback(sentences, stay_end.year if stay_end else None, used)
    team = round_match = None
    for number, text in [(0, title), *lead]:
        found = _TEAM.search(text)
        if team is None and found:
            team = re.sub(r"\s+", "", found.group())
            used.add(number)
        found = next((m for m in _ROUND.finditer(text) if "督察" in text[m.end() : m.end() + 16]), None)
        if round_match is None and found:
            round_match = found
            used.add(number)
    kind_text = "\n".join([title, team or "", *(s for _, s in sentences if "督察" in s)])
    return InspectionFacts(
        team=team,
        stay_start=stay_start,
        stay_end=stay_end,
        feedback_on=feedback_on,
        round_number=chinese_to_int(round_match.group("n")) if round_match else None,
        kind=_kind(kind_text),
        lines=tuple(sorted(used - {0})),
    )
