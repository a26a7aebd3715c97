"""Working days on the official Chinese calendar (工作日计算).

Plan deadlines ("30 working days after feedback") and petition replies count working days, and
China moves its weekends around public holidays (调休): a Saturday can be a working day and a
Wednesday a holiday. The `chinesecalendar` package (import name `chinese_calendar`) carries the
State Council's published schedule, but only up to the last year published; for any other year its
`is_workday` raises NotImplementedError.

`WorkdayCalendar` decides each day in this order:

1. an admin-entered override for that day (`overrides`: date -> True working / False holiday);
2. the package, when it has data for that year;
3. for a year the admin table declares complete (`table_years`): Monday to Friday work, weekends
   rest (the overrides having already listed that year's exceptions);
4. otherwise the same weekends-only rule, plus a warning for that year, so that users know the
   answer may be off by the holidays nobody has entered yet.

Nothing here raises for a date in `date.min .. date.max`, except counting past either end of that
range, which raises ValueError with a Chinese message.

Pure Python: no Django. `rectify.core.calendar.official_calendar()` builds one from the database.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import chinese_calendar

ONE_DAY = datetime.timedelta(days=1)


def missing_year_warning(year: int) -> str:
    """The warning shown when `year` was counted by weekends only."""
    return f"{year}年无官方节假日数据，已仅按周末计算工作日"


@dataclass(frozen=True)
class WorkdayResult:
    """A computed date, with the warnings (Chinese, one per uncovered year) met on the way."""

    date: datetime.date
    warnings: tuple[str, ...] = ()


def _as_date(value: datetime.date) -> datetime.date:
    """A plain date: a `datetime` (a subclass of date) would never match date keys in a dict."""
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


class WorkdayCalendar:
    """The official working-day calendar: package data, admin overrides, and a weekends-only fallback."""

    def __init__(
        self,
        overrides: Mapping[datetime.date, bool] | None = None,
        table_years: Iterable[int] = (),
    ) -> None:
        """Build a calendar.

        overrides: admin-entered days, date -> True (a working day, e.g. a 调休 Saturday) or False
            (a holiday). An override wins over everything else, including the package.
        table_years: years the admin table declares complete: its overrides are the full list of
            that year's exceptions, so no warning is given for them.
        """
        self._overrides: dict[datetime.date, bool] = {
            _as_date(day): bool(working) for day, working in (overrides or {}).items()
        }
        self._table_years: frozenset[int] = frozenset(int(year) for year in table_years)
        self._package_years: dict[int, bool] = {}  # cache: year -> does the package know it?

    # -- one day -------------------------------------------------------------------------------

    def _package_covers(self, year: int) -> bool:
        """Whether `chinese_calendar` has data for `year` (asked once per year, then cached)."""
        if year not in self._package_years:
            try:
                chinese_calendar.is_workday(datetime.date(year, 1, 1))
                covered = True
            except (NotImplementedError, ValueError):
                covered = False
            self._package_years[year] = covered
        return self._package_years[year]

    def _classify(self, day: datetime.date) -> tuple[bool, int | None]:
        """(is it a working day, the year to warn about or None), following the module's rules."""
        if day in self._overrides:
            return self._overrides[day], None
        if self._package_covers(day.year):
            return bool(chinese_calendar.is_workday(day)), None
        is_weekday = day.weekday() < 5
        if day.year in self._table_years:
            return is_weekday, None
        return is_weekday, day.year

    def is_working_day(self, d: datetime.date) -> bool:
        """Whether `d` is an official working day (uncovered years: Monday to Friday)."""
        working, _ = self._classify(_as_date(d))
        return working

    def year_warning(self, year: int) -> str | None:
        """The warning for `year` when neither the package nor the admin table covers it, else None."""
        if year in self._table_years or self._package_covers(year):
            return None
        return missing_year_warning(year)

    # -- counting ------------------------------------------------------------------------------

    def add_working_days(self, start: datetime.date, n: int) -> WorkdayResult:
        """The n-th working day after `start` (start itself not counted).

        n == 0 returns `start` unchanged (even on a holiday); a negative n counts backwards, giving
        the |n|-th working day before `start`. Raises ValueError (Chinese message) when the answer
        would fall outside date.min .. date.max.
        """
        start = _as_date(start)
        step = ONE_DAY if n > 0 else -ONE_DAY
        remaining = abs(n)
        room = (datetime.date.max - start).days if n > 0 else (start - datetime.date.min).days
        if remaining > room:  # each working day takes at least one calendar day
            raise ValueError(_overflow_message(start, n))

        warned: dict[int, None] = {}  # the years met without data, in order (a dict keeps order)
        current = start
        while remaining > 0:
            try:
                current = current + step
            except OverflowError:
                raise ValueError(_overflow_message(start, n)) from None
            working, missing_year = self._classify(current)
            if missing_year is not None:
                warned[missing_year] = None
            if working:
                remaining -= 1
        return WorkdayResult(current, tuple(missing_year_warning(year) for year in warned))

    def working_days_between(self, start: datetime.date, end: datetime.date) -> tuple[int, tuple[str, ...]]:
        """The number of working days in (start, end], with the warnings for uncovered years.

        When end is before start the count is negative: -(working days in (end, start]), so
        that swapping the arguments only flips the sign.
        """
        start, end = _as_date(start), _as_date(end)
        sign = 1
        if end < start:
            start, end, sign = end, start, -1

        count = 0
        warned: dict[int, None] = {}  # the years met without data, in order (a dict keeps order)
        day = start
        while day < end:  # day < end <= date.max, so day + 1 never overflows
            day = day + ONE_DAY
            working, missing_year = self._classify(day)
            if missing_year is not None:
                warned[missing_year] = None
            if working:
                count += 1
        return sign * count, tuple(missing_year_warning(year) for year in warned)


def _overflow_message(start: datetime.date, n: int) -> str:
    """The ValueError message for a count that runs off the representable calendar."""
    direction = "之后" if n > 0 else "之前"
    return (
        f"无法计算{start.isoformat()}{direction}第{abs(n)}个工作日："
        f"超出可表示的日期范围（{datetime.date.min.isoformat()}至{datetime.date.max.isoformat()}）"
    )
