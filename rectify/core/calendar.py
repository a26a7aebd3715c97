"""The official working-day calendar, built from the package's data and the admin-edited table."""

from rectify.core.models import CalendarDay, CalendarYear
from rectify.core.workdays import WorkdayCalendar


def official_calendar() -> WorkdayCalendar:
    """The working-day calendar in force: chinesecalendar's years plus every admin-entered day and year."""
    overrides = dict(CalendarDay.objects.values_list("date", "is_working_day"))
    years = CalendarYear.objects.values_list("year", flat=True)
    return WorkdayCalendar(overrides=overrides, table_years=list(years))
