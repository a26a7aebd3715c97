"""Reference data every app shares."""

from django.db import models


class CalendarDay(models.Model):
    """An admin-entered day of the official calendar (节假日/调休): a holiday on a weekday or a working weekend.

    The chinesecalendar package covers the years the State Council has published; for later years the
    office enters the notice's days here and ticks the year as complete in CalendarYear.
    """

    date = models.DateField("日期", unique=True)
    is_working_day = models.BooleanField("是否工作日", help_text="调休上班的周末勾选；放假的工作日不勾选")
    name = models.CharField("名称", max_length=50, blank=True, help_text="如：春节、国庆节调休")

    class Meta:
        ordering = ["date"]
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {'上班' if self.is_working_day else '放假'} {self.name}"


class CalendarYear(models.Model):
    """A year whose holidays and swapped working days have all been entered in CalendarDay (节假日安排已录入)."""

    year = models.PositiveIntegerField("年份", unique=True)
    source = models.CharField(
        "依据", max_length=200, blank=True, help_text="如：国务院办公厅关于2027年部分节假日安排的通知"
    )

    class Meta:
        ordering = ["year"]
        verbose_name = "已录入年度"
        verbose_name_plural = "已录入年度"

    def __str__(self) -> str:
        return str(self.year)
