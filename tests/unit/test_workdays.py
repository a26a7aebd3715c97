"""Working days on the official calendar: 调休, holidays, admin overrides, years without data."""

import datetime
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rectify.core.workdays import WorkdayCalendar, WorkdayResult, missing_year_warning

CAL = WorkdayCalendar()
WARN_2035 = "2035年无官方节假日数据，已仅按周末计算工作日"


# -- single days ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2023, 9, 28), True),  # Thursday before the Mid-Autumn/National Day break
        (date(2023, 9, 29), False),  # 中秋节
        (date(2023, 10, 2), False),  # Monday, 国庆节
        (date(2023, 10, 6), False),  # Friday, last day of the break
        (date(2023, 10, 7), True),  # Saturday, 调休上班
        (date(2023, 10, 8), True),  # Sunday, 调休上班
        (date(2023, 10, 14), False),  # an ordinary Saturday
        (date(2024, 2, 12), False),  # Monday in the Spring Festival break
        (date(2024, 2, 18), True),  # Sunday, 调休上班 after Spring Festival
        (date(2035, 1, 1), True),  # no package data: weekdays work (New Year not known)
        (date(2035, 1, 6), False),  # no package data: Saturday
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_datetime_is_treated_as_its_date() -> None:
    calendar = WorkdayCalendar(overrides={date(2023, 10, 9): False})
    afternoon = datetime.datetime(2023, 10, 9, 15, 30, tzinfo=datetime.UTC)
    assert calendar.is_working_day(afternoon) is False
    morning = datetime.datetime(2023, 9, 28, 8, 0, tzinfo=datetime.UTC)
    assert calendar.add_working_days(morning, 1).date == date(2023, 10, 7)


def test_year_warning() -> None:
    assert CAL.year_warning(2023) is None
    assert CAL.year_warning(2035) == WARN_2035
    assert missing_year_warning(2035) == WARN_2035
    assert WorkdayCalendar(table_years=[2035]).year_warning(2035) is None


# -- adding working days -------------------------------------------------------------------------


def test_plan_deadline_30_working_days_after_the_seed_feedback() -> None:
    # The seed: feedback handed over on 2022-06-01; 端午节 2022-06-03 (Friday) is a holiday.
    assert CAL.add_working_days(date(2022, 6, 1), 30) == WorkdayResult(date(2022, 7, 14), ())


def test_swapped_weekend_after_national_day_counts() -> None:
    # 2023-09-29 .. 10-06 off; Saturday 10-07 and Sunday 10-08 are working days.
    assert CAL.add_working_days(date(2023, 9, 28), 1).date == date(2023, 10, 7)
    assert CAL.add_working_days(date(2023, 9, 28), 2).date == date(2023, 10, 8)
    assert CAL.add_working_days(date(2023, 9, 28), 3).date == date(2023, 10, 9)


def test_span_across_spring_festival() -> None:
    # 2024: 02-10 .. 02-17 off, Sundays 02-04 and 02-18 worked.
    assert CAL.add_working_days(date(2024, 2, 9), 1).date == date(2024, 2, 18)
    # 02-02, 02-04 (Sunday), 02-05..02-09, 02-18 (Sunday), 02-19, 02-20
    assert CAL.add_working_days(date(2024, 2, 1), 10).date == date(2024, 2, 20)
    assert CAL.working_days_between(date(2024, 2, 1), date(2024, 2, 29)) == (17, ())


def test_override_makes_a_day_a_holiday() -> None:
    calendar = WorkdayCalendar(overrides={date(2023, 10, 9): False})
    assert calendar.is_working_day(date(2023, 10, 9)) is False
    assert calendar.add_working_days(date(2023, 9, 28), 3).date == date(2023, 10, 10)


def test_override_makes_a_weekend_a_working_day() -> None:
    calendar = WorkdayCalendar(overrides={date(2023, 10, 14): True})
    assert calendar.add_working_days(date(2023, 10, 13), 1).date == date(2023, 10, 14)


def test_year_without_package_data_counts_weekends_only_and_warns_once() -> None:
    result = CAL.add_working_days(date(2035, 1, 1), 5)  # Monday
    assert result == WorkdayResult(date(2035, 1, 8), (WARN_2035,))


def test_each_uncovered_year_is_warned_once() -> None:
    result = CAL.add_working_days(date(2035, 12, 28), 10)
    assert result.date == date(2036, 1, 11)
    assert result.warnings == (WARN_2035, "2036年无官方节假日数据，已仅按周末计算工作日")


def test_table_year_suppresses_the_warning_and_uses_its_overrides() -> None:
    # The admin entered 2035's New Year holiday and declared the year complete.
    calendar = WorkdayCalendar(overrides={date(2035, 1, 1): False}, table_years=[2035])
    assert calendar.add_working_days(date(2034, 12, 31), 5) == WorkdayResult(date(2035, 1, 8), ())
    assert CAL.add_working_days(date(2034, 12, 31), 5) == WorkdayResult(date(2035, 1, 5), (WARN_2035,))
    # Overrides alone (year not declared complete) still warn for the days they do not cover.
    partial = WorkdayCalendar(overrides={date(2035, 1, 1): False})
    assert partial.add_working_days(date(2035, 1, 1), 1) == WorkdayResult(date(2035, 1, 2), (WARN_2035,))


def test_zero_returns_start_even_on_a_holiday() -> None:
    assert CAL.add_working_days(date(2023, 10, 1), 0) == WorkdayResult(date(2023, 10, 1), ())
    assert CAL.add_working_days(date(2035, 1, 6), 0) == WorkdayResult(date(2035, 1, 6), ())


def test_negative_n_counts_backwards() -> None:
    assert CAL.add_working_days(date(2023, 10, 9), -1).date == date(2023, 10, 8)
    assert CAL.add_working_days(date(2023, 10, 9), -2).date == date(2023, 10, 7)
    assert CAL.add_working_days(date(2023, 10, 9), -3).date == date(2023, 9, 28)
    assert CAL.add_working_days(date(2022, 7, 14), -30).date == date(2022, 6, 1)


# -- counting between dates ----------------------------------------------------------------------


def test_working_days_between_is_half_open_and_antisymmetric() -> None:
    start, end = date(2023, 9, 28), date(2023, 10, 9)
    assert CAL.working_days_between(start, end) == (3, ())  # 10-07, 10-08, 10-09
    assert CAL.working_days_between(end, start) == (-3, ())
    assert CAL.working_days_between(start, start) == (0, ())
    assert CAL.working_days_between(date(2022, 6, 1), date(2022, 7, 14)) == (30, ())


def test_working_days_between_warns_for_uncovered_years() -> None:
    count, warnings = CAL.working_days_between(date(2035, 1, 1), date(2035, 1, 8))
    assert (count, warnings) == (5, (WARN_2035,))
    assert CAL.working_days_between(date(2035, 1, 8), date(2035, 1, 1)) == (-5, (WARN_2035,))


# -- the ends of the calendar --------------------------------------------------------------------


def test_extreme_dates_do_not_raise() -> None:
    assert CAL.is_working_day(date.min) is True  # 0001-01-01 was a Monday
    assert CAL.is_working_day(date.max) is True  # 9999-12-31 is a Friday
    assert CAL.year_warning(1) == "1年无官方节假日数据，已仅按周末计算工作日"
    assert CAL.add_working_days(date.max, 0).date == date.max
    assert CAL.add_working_days(date(9999, 12, 30), 1).date == date.max
    assert CAL.add_working_days(date(1, 1, 2), -1).date == date.min
    assert CAL.working_days_between(date(9999, 12, 24), date.max)[0] == 5


@pytest.mark.parametrize(
    ("start", "n"),
    [
        (date.max, 1),
        (date.min, -1),
        (date(9999, 12, 30), 5),  # fewer calendar days left than working days asked
        (date(9999, 12, 24), 6),  # enough calendar days, but the weekend pushes past the end
        (date(2023, 1, 1), 10**9),
    ],
)
def test_counting_past_the_calendar_raises_a_clear_value_error(start: date, n: int) -> None:
    with pytest.raises(ValueError, match="超出可表示的日期范围"):
        CAL.add_working_days(start, n)


# -- properties ----------------------------------------------------------------------------------

DATES = st.dates(min_value=date(2020, 1, 1), max_value=date(2037, 12, 31))


@settings(max_examples=60, deadline=None)
@given(start=DATES, n=st.integers(min_value=1, max_value=120))
def test_adding_then_counting_gives_n_back(start: date, n: int) -> None:
    result = CAL.add_working_days(start, n)
    assert CAL.is_working_day(result.date)
    assert CAL.working_days_between(start, result.date)[0] == n
    # Counting back lands on the last working day on or before start.
    back = CAL.add_working_days(result.date, -n).date
    assert back <= start
    assert CAL.is_working_day(back)
    assert CAL.working_days_between(back, start)[0] == 0


@settings(max_examples=60, deadline=None)
@given(a=DATES, b=DATES)
def test_between_flips_sign_when_swapped(a: date, b: date) -> None:
    forward, warnings_forward = CAL.working_days_between(a, b)
    backward, warnings_backward = CAL.working_days_between(b, a)
    assert forward == -backward
    assert warnings_forward == warnings_backward
