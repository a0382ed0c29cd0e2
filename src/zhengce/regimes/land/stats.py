"""The county's annual statistic of 四、第4段, computed from the registry.

“按年度统计，县（市）范围内的临时用地，超期一年以上未完成土地复垦规模达到应复垦规模20%以上的，省级自然资源
主管部门应当要求所在县（市）暂停审批新的临时用地，根据县（市）整改情况恢复审批。”

The notice does not define the two figures; this module states how they are computed (also in
docs/regimes.md). For county C and year Y, on the statistic date S = 31 December Y:

- 应复垦规模 (due): total area of C's uses whose term ended on or before S, except those whose
  reclamation was completed before 1 January Y (finished in earlier years). It is the year's
  reclamation workload: what was still owed when the year began plus what fell due during it.
- 超期一年以上未完成土地复垦规模 (overdue): area of those uses whose term ended one year or more before
  S (以上 includes exactly one year: term ended 2022-12-31, statistic 2023 counts it) and that were not
  reclaimed by S. A use under an approved force-majeure extension still running on S is not overdue.
- The threshold is reached at 20% or more (以上 includes 20%); with no area due there is no ratio.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from zhengce.regimes.land.facts import CountyYear, TemporaryLandUse
from zhengce.regimes.land.periods import add_years
from zhengce.regimes.land.rules_county import percent, reaches_threshold
from zhengce.regimes.land.vocab import FORCE_MAJEURE


@dataclass(frozen=True)
class Suspension:
    county_code: str
    stat_year: int
    ordered_on: date
    resumed_on: date | None = None

    def active_on(self, day: date) -> bool:
        """From the order day (included) to the resumption day (excluded)."""
        return self.ordered_on <= day and (self.resumed_on is None or day < self.resumed_on)


@dataclass(frozen=True)
class CountyStatistic:
    county_code: str
    year: int
    stat_date: date
    due_area_m2: int
    overdue_area_m2: int
    due_uses: tuple[str, ...]
    overdue_uses: tuple[str, ...]
    suspension: Suspension | None

    @property
    def percent(self) -> float | None:
        return percent(self.overdue_area_m2, self.due_area_m2)

    @property
    def reaches_threshold(self) -> bool:
        return reaches_threshold(self.overdue_area_m2, self.due_area_m2)

    def facts(self) -> CountyYear:
        return CountyYear(
            county_code=self.county_code,
            year=self.year,
            due_area_m2=self.due_area_m2,
            overdue_area_m2=self.overdue_area_m2,
            suspension_ordered_on=self.suspension.ordered_on if self.suspension else None,
            resumed_on=self.suspension.resumed_on if self.suspension else None,
        )


def _extended_past(use: TemporaryLandUse, day: date) -> bool:
    return (
        use.extension_until is not None
        and bool(use.extension_approved)
        and use.extension_reason in FORCE_MAJEURE
        and use.extension_until >= day
    )


def county_statistic(
    uses: Iterable[TemporaryLandUse],
    county_code: str,
    year: int,
    suspensions: Iterable[Suspension] = (),
) -> CountyStatistic:
    """The statistic of ``county_code`` for ``year`` (uses of other counties are ignored)."""
    stat_date, year_start = date(year, 12, 31), date(year, 1, 1)
    due: list[TemporaryLandUse] = []
    overdue: list[TemporaryLandUse] = []
    for use in uses:
        if use.county_code != county_code or use.term_end is None or use.term_end > stat_date:
            continue
        if use.reclaimed_on is not None and use.reclaimed_on < year_start:
            continue
        due.append(use)
        late = add_years(use.term_end, 1) <= stat_date
        unreclaimed = use.reclaimed_on is None or use.reclaimed_on > stat_date
        if late and unreclaimed and not _extended_past(use, stat_date):
            overdue.append(use)
    order = next((s for s in suspensions if s.county_code == county_code and s.stat_year == year), None)
    return CountyStatistic(
        county_code=county_code,
        year=year,
        stat_date=stat_date,
        due_area_m2=sum(u.total_area_m2 for u in due),
        overdue_area_m2=sum(u.total_area_m2 for u in overdue),
        due_uses=tuple(u.use_id for u in due),
        overdue_uses=tuple(u.use_id for u in overdue),
        suspension=order,
    )


def suspension_on(suspensions: Iterable[Suspension], county_code: str, day: date) -> Suspension | None:
    """The suspension order in force for the county on ``day``, if any (earliest order first)."""
    active = [s for s in suspensions if s.county_code == county_code and s.active_on(day)]
    return min(active, key=lambda s: s.ordered_on) if active else None
