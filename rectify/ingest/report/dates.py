"""The as-of date of a report's figures (截至…), resolved against the document's date.

- 截至2023年10月底 → 2023-10-31; 截至2023年10月15日 → that day; 截至2023年底 → 2023-12-31;
- 截至10月底 (no year) → the last 10月 on or before the document date: in a report dated
  2023-12-25 that is 2023-10-31, in one dated 2024-01-10 it is 2023-10-31 as well;
- 截至目前 / 截至当前 / 截至今日 → the document date itself.

A report often says 截至目前 in its opening and gives the real cut-off (截至10月底) throughout its
attachment; the explicit date is the more precise one, so `find_as_of` prefers, in order: an
explicit date in the lead paragraph, the explicit date the document names most often (ties: the
latest), and only then 截至目前 (the document date).
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

_AS_OF = re.compile(
    r"截[至止]到?\s*(?:(?P<y>\d{4})\s*年\s*)?"
    r"(?:(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*[日号]|(?P<end>底|末|份))?|(?P<year_end>底|末))"
)
_AS_OF_NOW = re.compile(r"截[至止]到?\s*(?:目前|当前|今日|今天|现在|发稿|本报告)")


@dataclass(frozen=True)
class AsOf:
    """An as-of date and the phrase it came from."""

    date: date | None
    raw: str
    line: int


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def resolve(match: re.Match[str], reference: date | None) -> date | None:
    """The date a 截至… phrase names; None when impossible or when its year cannot be known."""
    year_text, month_text, day_text = match.group("y"), match.group("m"), match.group("d")
    try:
        if month_text is None:  # 截至2023年底 / 截至年底
            year = int(year_text) if year_text else (reference.year if reference else None)
            return date(year, 12, 31) if year else None
        month = int(month_text)
        if year_text:
            year = int(year_text)
        elif reference is not None:
            year = reference.year if month <= reference.month else reference.year - 1
        else:
            return None
        if day_text:
            return date(year, month, int(day_text))
        return _month_end(year, month)
    except (ValueError, OverflowError):
        return None


def find_as_of(lines: list[tuple[int, str, bool]], reference: date | None) -> AsOf | None:
    """The report's as-of date (see the module docstring).

    lines: (line number, text, whether the line is in the lead paragraph).
    """
    explicit: list[tuple[AsOf, bool]] = []
    now: AsOf | None = None
    for number, text, in_lead in lines:
        for match in _AS_OF.finditer(text):
            explicit.append((AsOf(resolve(match, reference), match.group(), number), in_lead))
        if now is None:
            found = _AS_OF_NOW.search(text)
            if found:
                now = AsOf(reference, found.group(), number)

    lead_dated = [a for a, in_lead in explicit if in_lead and a.date]
    if lead_dated:
        return lead_dated[0]
    dated = [a for a, _ in explicit if a.date]
    if dated:
        counts = Counter(a.date for a in dated)
        best = max(counts, key=lambda d: (counts[d], d))
        return next(a for a in dated if a.date == best)
    if now is not None:
        return now
    return explicit[0][0] if explicit else None  # named, but its year could not be resolved
