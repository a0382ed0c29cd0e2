from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhengce.rules.calendar import WorkingCalendar, add_working_days, is_working_day, next_working_day


@pytest.mark.parametrize(
    "day",
    [date(2024, 5, 11), date(2024, 9, 29), date(2024, 10, 12)],  # Sat, Sun, Sat made working days (调休)
)
def test_make_up_weekend_days_are_working_days(day: date) -> None:
    assert day.weekday() >= 5
    assert is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [date(2024, 10, 1), date(2024, 10, 4), date(2024, 10, 7), date(2024, 9, 28), date(2024, 5, 1)],
)
def test_holidays_and_plain_weekends_are_not_working_days(day: date) -> None:
    assert not is_working_day(day)


def test_ordinary_weekday_is_working_day() -> None:
    assert is_working_day(date(2024, 10, 8))


def test_deadline_across_national_day_week_2024() -> None:
    # Fri 9-27 + 5 working days: Sun 9-29 (调休), Mon 9-30, then 10-1..10-7 off, Tue 10-8, Wed 10-9, Thu 10-10.
    assert add_working_days(date(2024, 9, 27), 5) == date(2024, 10, 10)
    assert add_working_days(date(2024, 9, 30), 1) == date(2024, 10, 8)
    # Counting on through the Saturday make-up day 10-12.
    assert add_working_days(date(2024, 10, 10), 2) == date(2024, 10, 12)


def test_add_zero_and_negative() -> None:
    assert add_working_days(date(2024, 10, 5), 0) == date(2024, 10, 5)
    assert add_working_days(date(2024, 10, 8), -1) == date(2024, 9, 30)


def test_next_working_day() -> None:
    assert next_working_day(date(2024, 10, 1)) == date(2024, 10, 8)
    assert next_working_day(date(2024, 10, 8)) == date(2024, 10, 8)


def test_extra_holidays_and_workdays() -> None:
    cal = WorkingCalendar(extra_holidays=[date(2024, 10, 8)], extra_workdays=[date(2024, 10, 5)])
    assert not cal.is_working_day(date(2024, 10, 8))
    assert cal.is_working_day(date(2024, 10, 5))
    assert add_working_days(date(2024, 9, 30), 2, calendar=cal) == date(2024, 10, 9)
    with pytest.raises(ValueError):
        WorkingCalendar(extra_holidays=[date(2024, 1, 2)], extra_workdays=[date(2024, 1, 2)])


def test_holiday_name() -> None:
    assert WorkingCalendar().holiday_name(date(2024, 10, 1)) is not None


@given(
    st.dates(min_value=date(2021, 1, 1), max_value=date(2026, 12, 31)), st.integers(min_value=1, max_value=30)
)
def test_add_working_days_lands_on_a_working_day_and_counts_exactly(start: date, n: int) -> None:
    end = add_working_days(start, n)
    assert is_working_day(end)
    days = [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert sum(is_working_day(d) for d in days) == n
    assert add_working_days(end, -n) <= start
