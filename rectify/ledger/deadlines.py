"""Rectification deadlines (整改时限): keep the raw text, and a normalised form.

A deadline in a plan or report is free text, and not always a date:

=====================  ==========================================  ===========================
kind                   examples                                    normalised
=====================  ==========================================  ===========================
DATE                   2023年底前, 2024年6月底, 2023.12.31,         end = the last day meant
                       2023年上半年, 2023年第三季度, 2021年9月
RANGE                  2020年6月至2021年12月, 2022年-2025年         start = first day, end = last day
STAGED                 2023年底前完成…，2025年底前完成…              one milestone per dated clause;
                                                                   end = the latest milestone
IMMEDIATE              立行立改                                     no dates
IMMEDIATE_ONGOING      立行立改，长期坚持                            no dates
ONGOING                长期坚持, 长期                               no dates
PHASED                 分阶段推进                                   no dates
RELATIVE               今年底前, 年底前, 明年6月底前, 年内            resolved against `reference`
                                                                   (the document's date); no
                                                                   dates without a reference
UNKNOWN                anything else, and impossible dates          raw text kept
=====================  ==========================================  ===========================

`Deadline.ongoing` is True whenever the text commits to keep the work up (it contains 长期), whatever
the kind: `2023年底前完成，长期坚持` is a DATE ending 2023-12-31 with ongoing=True, and the
IMMEDIATE_ONGOING and ONGOING kinds always have ongoing=True.

When the text names both a date and 立行立改 (`立行立改，2023年底前完成`) the date wins: kind DATE.

How it works: NFKC folds full-width digits and punctuation to ASCII; labels such as `整改时限：` are
dropped; Chinese-numeral years and months become digits; relative words become a year; then the
date expressions are found with one regular expression and combined into ranges and milestones.
`parse_deadline` never raises. Pure Python: no Django.
"""

from __future__ import annotations

import bisect
import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import cn2an


class DeadlineKind(StrEnum):
    DATE = "date"
    RANGE = "range"
    STAGED = "staged"
    IMMEDIATE = "immediate"
    IMMEDIATE_ONGOING = "immediate_ongoing"
    ONGOING = "ongoing"
    PHASED = "phased"
    RELATIVE = "relative"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Milestone:
    """One stage of a staged deadline: its due date and the clause that names it."""

    date: date
    text: str  # the clause, e.g. "2023年底前完成主体工程" (after NFKC normalisation)


@dataclass(frozen=True)
class Deadline:
    """A parsed deadline. `raw` is the text exactly as given; the rest is what it was understood as."""

    raw: str
    kind: DeadlineKind
    start: date | None = None  # ranges only (and relative ranges)
    end: date | None = None  # the final due date
    milestones: tuple[Milestone, ...] = ()  # staged deadlines only, sorted by date
    ongoing: bool = False  # the text says to keep it up (长期坚持)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: dates as ISO strings or None, kind as its string value."""
        return {
            "raw": self.raw,
            "kind": self.kind.value,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "milestones": [{"date": m.date.isoformat(), "text": m.text} for m in self.milestones],
            "ongoing": self.ongoing,
        }


# -- vocabulary ----------------------------------------------------------------------------------

IMMEDIATE_WORDS = ("立行立改", "立即整改", "立查立改")
ONGOING_WORD = "长期"  # 长期坚持, 长期
PHASED_WORD = "分阶段"  # 分阶段推进, 分阶段实施

# A leading label: 整改时限：, 完成时限:, 时限 :, 整改期限：…
_LABEL = re.compile(r"^(?:整改|完成|办结)?(?:时限|期限|时间)(?:要求)?\s*:\s*")
# What separates clauses (after NFKC, so "，" is "," and "；" is ";").
_CLAUSE_SEPARATOR = re.compile(r"[,;、。]")
# What joins the two ends of a range: 至, 到, dashes, tildes.
_CONNECTOR = r"(?:至|到|—+|–|―|-|~|〜)"
_CONNECTOR_RE = re.compile(_CONNECTOR)

_CN_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}(?=年)")  # 二〇二三年
_CN_MONTH_DAY = re.compile(r"[〇零一二三四五六七八九十]{1,3}(?=[月日号])")  # 十二月, 三十一日

# Relative words, replaced by a year: 今年/本年 -> this year, 明年 -> next year, and a bare
# 年底/年末/年内 not preceded by a number or by a word that makes it something else (每年底, 三年内…).
_THIS_YEAR = re.compile(r"今年|本年")
_NEXT_YEAR = re.compile(r"明年")
_BARE_YEAR_END = re.compile(r"(?<![0-9〇零一二三四五六七八九十两几年每全去往历同前多半])年(?=[底末内])")
_PLACEHOLDER_YEAR = 2000  # used to check relative text when no reference date is given

# A range's second end without its year: 2023年6月至12月, 2022年3月25日至4月25日.
_RANGE_END_WITHOUT_YEAR = re.compile(
    rf"(?<![0-9])([0-9]{{4}})年([0-9]{{1,2}}月(?:[0-9]{{1,2}}[日号])?{_CONNECTOR})(?=[0-9]{{1,2}}月)"
)
# A range's first year without 年: 2022—2025年.
_RANGE_START_WITHOUT_YEAR = re.compile(rf"(?<![0-9])([0-9]{{4}})(?={_CONNECTOR}[0-9]{{4}}年)")

# One date expression. Alternatives are tried in order, longest first.
_TOKEN = re.compile(
    r"""
    (?<![0-9])(?P<year>[0-9]{4})(?:
        年(?P<cn_month>[0-9]{1,2})月(?P<cn_day>[0-9]{1,2})[日号]            # 2023年12月31日
      | (?P<sep>[./-])(?P<num_month>[0-9]{1,2})(?P=sep)(?P<num_day>[0-9]{1,2})(?![0-9])  # 2023.12.31
      | 年(?P<month>[0-9]{1,2})月份?(?P<part>上旬|中旬|下旬|底|末)?          # 2023年6月底
      | [./-](?P<short_month>[0-9]{1,2})(?![0-9])                         # 2023.6
      | 年(?P<half>上|下)半年                                               # 2023年上半年
      | 年第?(?P<quarter>[1-4一二三四])季度                                   # 2023年第三季度
      | 年(?:度|年)?(?:内|底|末)?                                           # 2023年, 2023年底
    )
    """,
    re.VERBOSE,
)
_QUARTERS = {"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4}


@dataclass(frozen=True)
class _Span:
    """A date expression found in the text: the days it covers and where it sits."""

    first: date
    last: date
    begin: int  # position in the parse text
    finish: int
    is_range: bool = False


# -- text preparation ----------------------------------------------------------------------------


def _display_text(raw: str) -> str:
    """NFKC-normalised, whitespace collapsed, leading label removed: the text milestones quote."""
    text = unicodedata.normalize("NFKC", raw)
    text = re.sub(r"\s+", " ", text).strip()
    return _LABEL.sub("", text)


def _cn_to_int(numerals: str, mode: str) -> int | None:
    """cn2an's reading of Chinese numerals, or None when it rejects them."""
    try:
        return int(cn2an.cn2an(numerals, mode))
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def _arabic_numerals(text: str) -> str:
    """二〇二三年 -> 2023年, 十二月 -> 12月, 三十一日 -> 31日; anything cn2an rejects is left alone."""

    def year(match: re.Match[str]) -> str:
        value = _cn_to_int(match.group(), "normal")  # digit by digit: 二〇二三 -> 2023
        return match.group() if value is None else str(value)

    def month_or_day(match: re.Match[str]) -> str:
        value = _cn_to_int(match.group(), "strict")  # with 十: 十二 -> 12, 三十一 -> 31
        return match.group() if value is None else str(value)

    text = _CN_YEAR.sub(year, text.replace("○", "〇"))
    return _CN_MONTH_DAY.sub(month_or_day, text)


def _resolve_relative(text: str, this_year: int) -> tuple[str, bool]:
    """Replace relative year words by digits; also say whether there were any."""
    replaced = _THIS_YEAR.sub(f"{this_year:04d}年", text)  # 04d: year 1 must still read as 0001年
    replaced = _NEXT_YEAR.sub(f"{this_year + 1:04d}年", replaced)
    replaced = _BARE_YEAR_END.sub(f"{this_year:04d}年", replaced)
    return replaced, replaced != text


def _fill_range_years(text: str) -> str:
    """Give both ends of a range a full year: 2023年6月至12月 -> 2023年6月至2023年12月."""
    text = _RANGE_END_WITHOUT_YEAR.sub(r"\1年\2\1年", text)
    return _RANGE_START_WITHOUT_YEAR.sub(r"\1年", text)


# -- finding dates -------------------------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _token_days(match: re.Match[str]) -> tuple[date, date]:
    """The first and last day a date expression covers. Raises ValueError for impossible dates."""
    year = int(match["year"])
    if match["cn_month"]:
        day = date(year, int(match["cn_month"]), int(match["cn_day"]))
        return day, day
    if match["num_month"]:
        day = date(year, int(match["num_month"]), int(match["num_day"]))
        return day, day
    month_text = match["month"] or match["short_month"]
    if month_text:
        month = int(month_text)
        first, last = date(year, month, 1), _month_end(year, month)  # ValueError for 13月
        if match["part"] == "上旬":
            return first, date(year, month, 10)
        if match["part"] == "中旬":
            return date(year, month, 11), date(year, month, 20)
        if match["part"] == "下旬":
            return date(year, month, 21), last
        return first, last
    if match["half"]:
        if match["half"] == "上":
            return date(year, 1, 1), date(year, 6, 30)
        return date(year, 7, 1), date(year, 12, 31)
    if match["quarter"]:
        quarter = _QUARTERS[match["quarter"]]
        return date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)
    return date(year, 1, 1), date(year, 12, 31)


def _find_spans(text: str) -> list[_Span] | None:
    """Every date expression in `text`, with ranges joined; None if a date or a range is impossible."""
    spans: list[_Span] = []
    for match in _TOKEN.finditer(text):
        try:
            first, last = _token_days(match)
        except ValueError:  # 2023年13月, 2023年2月30日, year 0000
            return None
        spans.append(_Span(first, last, match.start(), match.end()))

    joined: list[_Span] = []
    for span in spans:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and not previous.is_range
            and _CONNECTOR_RE.fullmatch(text[previous.finish : span.begin])
        ):
            if previous.first > span.last:  # a reversed range: 2025年至2023年
                return None
            joined[-1] = _Span(previous.first, span.last, previous.begin, span.finish, is_range=True)
        else:
            joined.append(span)
    return joined


# -- the parser ----------------------------------------------------------------------------------


def _keyword_kind(text: str) -> DeadlineKind:
    """The kind of a deadline that names no date."""
    immediate = any(word in text for word in IMMEDIATE_WORDS)
    if immediate and ONGOING_WORD in text:
        return DeadlineKind.IMMEDIATE_ONGOING
    if immediate:
        return DeadlineKind.IMMEDIATE
    if PHASED_WORD in text:
        return DeadlineKind.PHASED
    if ONGOING_WORD in text:
        return DeadlineKind.ONGOING
    return DeadlineKind.UNKNOWN


def _milestones(spans: list[_Span], parse_text: str, display_text: str) -> tuple[Milestone, ...]:
    """One milestone per date expression, quoting the clause it stands in, sorted by date.

    Clauses are split at the same separators in both texts (the parse text only differs by
    numerals and relative words), so clause i of one is clause i of the other.
    """
    clauses = _CLAUSE_SEPARATOR.split(display_text)
    separators = [match.start() for match in _CLAUSE_SEPARATOR.finditer(parse_text)]
    found = []
    for span in spans:
        index = bisect.bisect_left(separators, span.begin)  # the separators before the span
        text = clauses[index].strip() if index < len(clauses) else display_text
        found.append(Milestone(span.last, text))
    return tuple(sorted(found, key=lambda milestone: milestone.date))


def parse_deadline(text: str | None, *, reference: date | None = None) -> Deadline:
    """Parse a 整改时限 text into a Deadline. Never raises: unrecognised text gives kind UNKNOWN.

    reference: the date of the document the text comes from, used to resolve 今年底前, 明年6月底前,
    年内…; without it such deadlines are kind RELATIVE with no dates.
    None gives raw "" (kind UNKNOWN); a non-string value is parsed as its str().
    """
    raw = "" if text is None else text if isinstance(text, str) else str(text)
    display = _display_text(raw)
    compact = re.sub(r"\s+", "", display)
    ongoing = ONGOING_WORD in compact
    unknown = Deadline(raw=raw, kind=DeadlineKind.UNKNOWN, ongoing=ongoing)

    parse_text = _arabic_numerals(compact)
    this_year = reference.year if reference is not None else _PLACEHOLDER_YEAR
    parse_text, relative = _resolve_relative(parse_text, this_year)
    parse_text = _fill_range_years(parse_text)

    spans = _find_spans(parse_text)
    if spans is None:
        return unknown
    if not spans:
        return Deadline(raw=raw, kind=_keyword_kind(compact), ongoing=ongoing)

    if len(spans) == 1:
        only = spans[0]
        kind = DeadlineKind.RANGE if only.is_range else DeadlineKind.DATE
        start = only.first if only.is_range else None
        end = only.last
        milestones: tuple[Milestone, ...] = ()
    else:
        kind = DeadlineKind.STAGED
        milestones = _milestones(spans, parse_text, display)
        start, end = None, milestones[-1].date

    if relative:
        if reference is None:  # understood, but nothing to count from
            return Deadline(raw=raw, kind=DeadlineKind.RELATIVE, ongoing=ongoing)
        kind = DeadlineKind.RELATIVE
    return Deadline(raw=raw, kind=kind, start=start, end=end, milestones=milestones, ongoing=ongoing)
