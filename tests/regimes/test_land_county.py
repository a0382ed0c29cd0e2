"""The county's annual statistic (四、第4段): what counts as due and as overdue, and the 20% boundary."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from zhengce.regimes.land.facts import CountyYear, TemporaryLandUse
from zhengce.regimes.land.rules import REGISTRY
from zhengce.regimes.land.rules_county import reaches_threshold
from zhengce.regimes.land.stats import Suspension, county_statistic, suspension_on
from zhengce.rules import Kind, evaluate

COUNTY = "411122"


def use(use_id: str, area: int, term_end: date, **kw) -> TemporaryLandUse:
    return TemporaryLandUse(
        use_id=use_id,
        county_code=COUNTY,
        area_other_farmland_m2=area,
        approved_on=date(2021, 12, 1),
        term_end=term_end,
        **kw,
    )


@pytest.mark.parametrize(
    ("overdue", "due", "reached"), [(2000, 10_000, True), (1999, 10_000, False), (1, 5, True)]
)
def test_twenty_percent_is_included(overdue, due, reached) -> None:
    assert reaches_threshold(overdue, due) is reached


def test_nothing_due_means_no_ratio() -> None:
    assert reaches_threshold(0, 0) is False


def test_expiry_exactly_one_year_before_the_statistic_date_counts_as_overdue() -> None:
    uses = [use("A", 2000, date(2022, 12, 31)), use("B", 8000, date(2023, 1, 1))]
    s = county_statistic(uses, COUNTY, 2023)
    assert (s.due_area_m2, s.overdue_area_m2) == (10_000, 2000)
    assert s.overdue_uses == ("A",) and s.due_uses == ("A", "B")
    assert s.reaches_threshold and s.percent == 20.0


def test_term_still_running_is_not_due() -> None:
    s = county_statistic([use("A", 100, date(2024, 1, 1))], COUNTY, 2023)
    assert s.due_area_m2 == 0 and not s.reaches_threshold and s.percent is None


def test_reclaimed_before_the_year_is_not_in_the_years_workload() -> None:
    done_early = use("A", 5000, date(2021, 6, 30), reclaimed_on=date(2022, 12, 31))
    done_in_year = use("B", 5000, date(2021, 6, 30), reclaimed_on=date(2023, 1, 1))
    late = use("C", 5000, date(2021, 6, 30), reclaimed_on=date(2024, 1, 1))
    s = county_statistic([done_early, done_in_year, late], COUNTY, 2023)
    assert s.due_uses == ("B", "C")
    assert s.overdue_uses == ("C",)  # reclaimed only after the statistic date


def test_approved_force_majeure_extension_running_on_the_statistic_date_is_not_overdue() -> None:
    kw = dict(extension_reason="disaster", extension_approved=True)
    running = use("A", 1000, date(2021, 6, 30), extension_until=date(2023, 12, 31), **kw)
    ended = use("B", 1000, date(2021, 6, 30), extension_until=date(2023, 12, 30), **kw)
    refused = replace(running, use_id="C", extension_approved=False)
    s = county_statistic([running, ended, refused], COUNTY, 2023)
    assert s.overdue_uses == ("B", "C") and s.due_area_m2 == 3000


def test_other_counties_are_ignored() -> None:
    other = replace(use("X", 9000, date(2021, 6, 30)), county_code="411123")
    assert county_statistic([other], COUNTY, 2023).due_area_m2 == 0


def test_area_is_the_whole_use_over_all_land_classes() -> None:
    mixed = use("A", 1000, date(2021, 6, 30), area_cultivated_m2=500, area_unused_m2=250)
    assert county_statistic([mixed], COUNTY, 2023).overdue_area_m2 == 1750


def _county_finding(year_facts: CountyYear, as_of: date = date(2024, 3, 1)):
    return [f for f in evaluate({"c": year_facts}, as_of, REGISTRY) if f.rule_id == "land.county.suspension"]


def test_province_must_order_suspension_at_twenty_percent() -> None:
    [f] = _county_finding(CountyYear(COUNTY, 2023, due_area_m2=10_000, overdue_area_m2=2000))
    assert f.kind is Kind.OBLIGATION_DUE and [c.eid for c in f.citations] == ["sec_4__para_4"]
    assert "20.0%" in f.message and "暂停审批" in f.message
    assert _county_finding(CountyYear(COUNTY, 2023, due_area_m2=10_000, overdue_area_m2=1999)) == []


def test_ordered_and_resumed_suspension_is_reported_as_decided() -> None:
    facts = CountyYear(
        COUNTY, 2023, 10_000, 5000, suspension_ordered_on=date(2024, 2, 1), resumed_on=date(2024, 9, 1)
    )
    [f] = _county_finding(facts)
    assert f.kind is Kind.DECISION and "2024-02-01" in f.message and "2024-09-01恢复审批" in f.message


def test_suspension_runs_from_order_day_to_the_day_before_resumption() -> None:
    orders = [Suspension(COUNTY, 2023, date(2024, 2, 20), date(2024, 5, 1))]
    assert suspension_on(orders, COUNTY, date(2024, 2, 19)) is None
    assert suspension_on(orders, COUNTY, date(2024, 2, 20)) is orders[0]
    assert suspension_on(orders, COUNTY, date(2024, 4, 30)) is orders[0]
    assert suspension_on(orders, COUNTY, date(2024, 5, 1)) is None
    assert suspension_on(orders, "411123", date(2024, 3, 1)) is None
