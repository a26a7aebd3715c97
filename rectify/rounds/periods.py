"""The periods of a round schedule (调度周期) and the day each opens its round. Pure Python, no Django.

A period is a month (2023年10月), a half-month (2023年10月上半月: the 1st–15th; 下半月: the 16th–end),
an ISO week (2023年第43周, Monday–Sunday) or a quarter (2023年第四季度). A schedule opens its round on
day `day` of the period (1 = its first day; a day past the period's end means its last day). The
round reports as of the period's last day (截至10月底).
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Cadence(StrEnum):
    MONTHLY = "monthly"
    HALF_MONTHLY = "half_monthly"
    WEEKLY = "weekly"
    QUARTERLY = "quarterly"


CADENCE_LABELS = {
    Cadence.MONTHLY: "每月",
    Cadence.HALF_MONTHLY: "每半月",
    Cadence.WEEKLY: "每周",
    Cadence.QUARTERLY: "每季度",
}

QUARTERS = "一二三四"


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date

    def day(self, n: int) -> date:
        """Day `n` of the period (1-based), the last day when the period is shorter."""
        return min(self.start + timedelta(days=max(n, 1) - 1), self.end)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_containing(cadence: str, day: date) -> Period:
    """The period of `cadence` that `day` falls in."""
    y, m = day.year, day.month
    if cadence == Cadence.MONTHLY:
        return Period(f"{y}年{m}月", date(y, m, 1), _month_end(y, m))
    if cadence == Cadence.HALF_MONTHLY:
        if day.day <= 15:
            return Period(f"{y}年{m}月上半月", date(y, m, 1), date(y, m, 15))
        return Period(f"{y}年{m}月下半月", date(y, m, 16), _month_end(y, m))
    if cadence == Cadence.WEEKLY:
        iso = day.isocalendar()
        start = day - timedelta(days=iso.weekday - 1)
        return Period(f"{iso.year}年第{iso.week}周", start, start + timedelta(days=6))
    if cadence == Cadence.QUARTERLY:
        q = (m - 1) // 3
        return Period(f"{y}年第{QUARTERS[q]}季度", date(y, 3 * q + 1, 1), _month_end(y, 3 * q + 3))
    raise ValueError(f"未知的调度周期：{cadence}")


def due_period(cadence: str, day_of_period: int, today: date) -> Period | None:
    """The period whose round is due to be open on `today`: the current one once its opening day has
    come, else None. A run missed on the opening day is caught up by the next day's run."""
    period = period_containing(cadence, today)
    return period if today >= period.day(day_of_period) else None
