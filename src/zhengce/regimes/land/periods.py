"""Periods counted in years, the way 《民法典》 counts them.

第二百零一条：按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。
第二百零二条：按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日。

So a period of N years that starts running on day D ends on the corresponding day N years later
(D = 2022-03-01 → 2024-03-01), and that last day is still inside the period. A start on 29 February
with no corresponding day ends on 28 February (the end of the month).
"""

from __future__ import annotations

import calendar
from datetime import date


def add_years(start: date, years: int) -> date:
    """The corresponding day ``years`` later: the last day of a ``years``-year period from ``start``."""
    year = start.year + years
    day = min(start.day, calendar.monthrange(year, start.month)[1])
    return date(year, start.month, day)


def add_months(start: date, months: int) -> date:
    """The corresponding day ``months`` later (month end when the month is shorter)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)
