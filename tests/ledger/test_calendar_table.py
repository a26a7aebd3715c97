"""The admin-edited holiday table extends the package's calendar."""

from datetime import date

from rectify.core.calendar import official_calendar
from rectify.core.models import CalendarDay, CalendarYear


def test_table_days_override_and_years_silence_the_warning(db):
    CalendarDay.objects.create(date=date(2040, 1, 2), is_working_day=False, name="元旦")
    CalendarDay.objects.create(date=date(2040, 1, 7), is_working_day=True, name="元旦调休")  # a Saturday
    calendar = official_calendar()
    assert not calendar.is_working_day(date(2040, 1, 2))
    assert calendar.is_working_day(date(2040, 1, 7))
    assert calendar.add_working_days(date(2039, 12, 30), 1).warnings  # 2040 not declared complete yet
    CalendarYear.objects.create(year=2040)
    CalendarYear.objects.create(year=2039)
    result = official_calendar().add_working_days(date(2039, 12, 30), 1)
    assert result.warnings == ()
    # Friday 2039-12-30 → the weekend → Monday 2040-01-02 is the table's holiday → Tuesday
    assert result.date == date(2040, 1, 3)
    assert official_calendar().add_working_days(date(2040, 1, 6), 1).date == date(2040, 1, 7)  # 调休 Saturday
