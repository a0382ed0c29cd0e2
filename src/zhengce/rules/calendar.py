"""China working-day calendar: weekends, statutory holidays and 调休 make-up working days.

Built on ``holidays.China``, which lists the State Council's yearly arrangements: statutory days off
(including weekdays given off, e.g. 2024-10-07) and weekend days that are working days
(``weekend_workdays``, e.g. Saturday 2024-05-11, Sunday 2024-09-29, Saturday 2024-10-12).
The package only knows arrangements already published (through 2026 in holidays 0.108); for later
years it falls back to the fixed statutory dates, so add the published arrangement through
``extra_holidays`` / ``extra_workdays`` when it comes out. Local holidays go there too.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import holidays


class WorkingCalendar:
    """Working days in mainland China, with configurable extra holidays and extra working days."""

    def __init__(self, extra_holidays: Iterable[date] = (), extra_workdays: Iterable[date] = ()) -> None:
        self.extra_holidays = frozenset(extra_holidays)
        self.extra_workdays = frozenset(extra_workdays)
        both = self.extra_holidays & self.extra_workdays
        if both:
            raise ValueError(f"dates both extra holiday and extra workday: {sorted(both)}")
        self._china = holidays.China()

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_workdays:
            return True
        if day in self.extra_holidays:
            return False
        # The membership test populates the year, which also fills weekend_workdays for it.
        is_holiday = day in self._china
        if day.weekday() >= 5:
            return day in self._china.weekend_workdays
        return not is_holiday

    def holiday_name(self, day: date) -> str | None:
        return self._china.get(day)

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (``start`` itself not counted: 期间开始的日不计算在内).

        Negative ``n`` counts backwards; ``n == 0`` returns ``start`` unchanged.
        """
        step = timedelta(days=1 if n >= 0 else -1)
        day, remaining = start, abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def next_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the first working day after it.

        Useful when a deadline falls on a day off and the law moves it to the next working day.
        """
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day


DEFAULT_CALENDAR = WorkingCalendar()


def is_working_day(day: date, calendar: WorkingCalendar | None = None) -> bool:
    return (calendar or DEFAULT_CALENDAR).is_working_day(day)


def add_working_days(start: date, n: int, calendar: WorkingCalendar | None = None) -> date:
    return (calendar or DEFAULT_CALENDAR).add_working_days(start, n)


def next_working_day(day: date, calendar: WorkingCalendar | None = None) -> date:
    return (calendar or DEFAULT_CALENDAR).next_working_day(day)
