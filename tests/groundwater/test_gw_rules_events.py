"""Event, county and fee rules: 第二十六条/第五十二条/第五十七条, 第四十条/第四十二条/第五十九条, 第四十七条/第六十条,
第二十条/第五十四条, 第二十四条, 第三十三条/第三十四条 suggestions."""

from dataclasses import replace
from datetime import date

from zhengce.regimes.groundwater.facts import EventFacts, FeeScheduleFacts, RegionYearFacts
from zhengce.rules import Kind

AS_OF = date(2024, 12, 31)


def ev(kind, **kw):
    return EventFacts("E", kind, region_code="370102", **kw)


# 第五十二条第二款: 5 working days, China's calendar ---------------------------------------------------------
def test_emergency_filing_deadline_over_national_day(gw_run):
    # Ended Friday 2024-09-27: working days 09-29 (Sunday 调休), 09-30, 10-08, 10-09, 10-10.
    e = ev("emergency_drainage", started_on=date(2024, 9, 20), ended_on=date(2024, 9, 27))
    filed_last_day = replace(e, filings=(("emergency_drainage", date(2024, 10, 10)),))
    assert gw_run(filed_last_day, AS_OF, "gw.drainage.emergency_filing") == []
    late = replace(e, filings=(("emergency_drainage", date(2024, 10, 11)),))
    [f] = gw_run(late, AS_OF, "gw.drainage.emergency_filing")
    assert (
        f.kind is Kind.VIOLATION and f.citations[0].eid == "chp_6__art_52__para_2" and f.consequence is None
    )
    [f] = gw_run(e, date(2024, 10, 10), "gw.drainage.emergency_filing")
    assert f.kind is Kind.OBLIGATION_DUE and f.due == date(2024, 10, 10)
    [f] = gw_run(e, date(2024, 10, 11), "gw.drainage.emergency_filing")
    assert f.kind is Kind.VIOLATION


def test_emergency_drainage_before_effective_date_not_caught(gw_run):
    e = ev("emergency_drainage", started_on=date(2021, 11, 20), ended_on=date(2021, 11, 30))
    assert gw_run(e, AS_OF, "gw.drainage.emergency_filing") == []
    assert gw_run(replace(e, ended_on=date(2021, 12, 1)), AS_OF, "gw.drainage.emergency_filing")


# 第二十六条 + 第五十七条第二款 -----------------------------------------------------------------------------
def test_construction_plan_filing_thresholds_and_dates(gw_run):
    base = ev(
        "underground_construction",
        started_on=date(2023, 3, 1),
        attrs={"depth_m": 10.0},
        excavation_depth_m=10.0,
    )
    [f] = gw_run(base, AS_OF, "gw.construction.plan_filing")  # exactly at the depth: 达到
    assert [c.eid for c in f.citations] == ["chp_3__art_26", "chp_7__art_57__para_2"]
    assert f.consequence.orders == ("责令限期补报",) and f.consequence.fine_min is None
    assert gw_run(replace(base, attrs={"depth_m": 9.99}), AS_OF, "gw.construction.plan_filing") == []
    on_start = replace(base, filings=(("project_plan", date(2023, 3, 1)),))
    assert gw_run(on_start, AS_OF, "gw.construction.plan_filing") == []
    day_after = replace(base, filings=(("project_plan", date(2023, 3, 2)),))
    assert gw_run(day_after, AS_OF, "gw.construction.plan_filing")
    drainage = replace(base, attrs={"depth_m": 3.0, "drainage_m3_year": 100.0}, drainage_scale_m3=100.0)
    assert gw_run(drainage, AS_OF, "gw.construction.plan_filing")
    assert gw_run(replace(base, started_on=date(2021, 11, 30)), AS_OF, "gw.construction.plan_filing") == []


def test_mine_drainage_permit_meter_reports(gw_run):
    attrs = {"drainage_m3_year": 100_000.0, "metered": True, "report_interval_days": 90}
    ok = ev(
        "mine_drainage",
        started_on=date(2022, 1, 1),
        attrs=attrs,
        drainage_scale_m3=100_000.0,
        has_permit=True,
        filings=(("drainage_report", date(2024, 10, 2)),),
    )
    assert gw_run(ok, AS_OF, "gw.drainage.permit_meter_report") == []  # due 2024-12-31, the as-of day
    late = replace(ok, filings=(("drainage_report", date(2024, 10, 1)),))
    [f] = gw_run(late, AS_OF, "gw.drainage.permit_meter_report")
    assert f.citations[-1].eid == "chp_7__art_57__para_2"
    [f] = gw_run(replace(ok, has_permit=False), AS_OF, "gw.drainage.permit_meter_report")
    assert f.citations[1].eid == "chp_7__art_55"
    below = replace(ok, attrs={**attrs, "drainage_m3_year": 99_999.0}, has_permit=False)
    assert gw_run(below, AS_OF, "gw.drainage.permit_meter_report") == []


# 第四十条 + 第五十九条 ---------------------------------------------------------------------------------------
def test_storage_bands(gw_run):
    [f] = gw_run(
        ev("toxic_storage", started_on=date(2022, 1, 1), attrs={"substance": "危险废物"}),
        AS_OF,
        "gw.storage.toxic",
    )
    assert [c.eid for c in f.citations] == ["chp_5__art_40__item_2", "chp_7__art_59__para_1"]
    assert (f.consequence.fine_min, f.consequence.fine_max) == (100_000, 1_000_000)
    sludge = ev(
        "toxic_storage",
        started_on=date(2022, 1, 1),
        attrs={"substance": "sludge", "severe_consequences": True},
    )
    [f] = gw_run(sludge, AS_OF, "gw.storage.toxic")
    c = f.consequence
    assert (c.fine_min, c.fine_max, c.personal_fine_min, c.personal_fine_max) == (
        2_000_000,
        5_000_000,
        50_000,
        500_000,
    )
    sludge = replace(sludge, attrs={"substance": "sludge", "severe_consequences": False})
    [f] = gw_run(sludge, AS_OF, "gw.storage.toxic")
    assert (f.consequence.fine_min, f.consequence.personal_fine_min) == (200_000, 20_000)
    ended_before = ev("toxic_storage", ended_on=date(2021, 11, 30), attrs={"substance": "农药"})
    assert gw_run(ended_before, AS_OF, "gw.storage.toxic") == []


def test_projects_in_spring_or_karst_areas(gw_run):
    p = ev(
        "polluting_project",
        started_on=date(2023, 1, 1),
        zones=frozenset({"karst"}),
        attrs={"caused_pollution": True},
    )
    [f] = gw_run(p, AS_OF, "gw.project.spring_karst")
    assert f.consequence.fine_min == 100_000 and "拆除或者关闭" in f.consequence.orders[0]
    [f] = gw_run(replace(p, attrs={"caused_pollution": False}), AS_OF, "gw.project.spring_karst")
    assert [c.eid for c in f.citations] == ["chp_5__art_42"] and f.consequence is None
    assert gw_run(replace(p, zones=frozenset({"pollution_key"})), AS_OF, "gw.project.spring_karst") == []
    assert gw_run(replace(p, started_on=date(2021, 11, 30)), AS_OF, "gw.project.spring_karst") == []


def test_monitoring_facility_damage(gw_run):
    [f] = gw_run(ev("facility_damage", started_on=date(2021, 12, 1)), AS_OF, "gw.monitoring.facility_damage")
    assert (f.consequence.fine_min, f.consequence.fine_max) == (20_000, 100_000)
    assert (
        gw_run(ev("facility_damage", started_on=date(2021, 11, 30)), AS_OF, "gw.monitoring.facility_damage")
        == []
    )


# 第二十条 + 第五十四条 (against the authority) -------------------------------------------------------------
COUNTY = RegionYearFacts(
    "370102",
    2024,
    total_m3=1000.0,
    plan_m3=1000.0,
    quota_m3=1000.0,
    plan_filed_on=date(2024, 1, 5),
    year_complete=True,
    measures_taken=True,
)


def test_county_at_plan_and_quota_is_compliant(gw_run):
    assert gw_run(COUNTY, date(2025, 1, 1)) == []


def test_county_over_quota_and_plan(gw_run):
    over = replace(COUNTY, total_m3=1000.5)
    [q] = gw_run(over, date(2025, 1, 1), "gw.county.quota")
    assert q.citations[0].eid == "chp_7__art_54__item_2" and q.consequence.authority == "上级机关"
    [p] = gw_run(over, date(2025, 1, 1), "gw.county.annual_plan")
    assert p.kind is Kind.WARNING and p.citations[0].eid == "chp_3__art_20"
    [nf] = gw_run(replace(COUNTY, plan_filed_on=None), date(2025, 1, 1), "gw.county.annual_plan")
    assert "备案" in nf.message


def test_county_levels_below_control(gw_run):
    low = replace(COUNTY, stations_below=("ST-1",), measures_taken=False)
    eids = [f.citations[0].eid for f in gw_run(low, date(2025, 1, 1), "gw.county.levels")]
    assert eids == ["chp_7__art_54__item_2", "chp_7__art_54__item_3"]
    running = replace(low, year_complete=False, measures_taken=True)
    assert gw_run(running, date(2024, 6, 1), "gw.county.levels") == []
    [f] = gw_run(replace(low, measures_taken=None), date(2025, 1, 1), "gw.county.levels")
    assert f.kind is Kind.CANNOT_DECIDE and f.needs == ("measures_taken",)


def test_suggest_restricted_designation(gw_run):
    near = replace(COUNTY, total_m3=900.0, exploitable_m3=1000.0)
    [f] = gw_run(near, date(2025, 1, 1), "gw.zone.suggest_restricted")
    assert f.citations[0].eid == "chp_4__art_34__item_1"
    assert gw_run(replace(near, total_m3=899.0), date(2025, 1, 1), "gw.zone.suggest_restricted") == []


# 第二十四条第三款 ----------------------------------------------------------------------------------------------
def test_fee_differentials(gw_run):
    good = FeeScheduleFacts("370000", "industrial", surface=75, normal=150, overdraft=300, severe=600)
    assert gw_run(good, AS_OF) == []
    [f] = gw_run(replace(good, normal=75), AS_OF)  # equal to surface water: not 高于
    assert f.kind is Kind.VIOLATION and f.citations[0].eid == "chp_3__art_24__para_3"
    [f] = gw_run(replace(good, severe=300), AS_OF)
    assert f.kind is Kind.WARNING
    assert gw_run(replace(good, normal=75, water_resource_tax=True), AS_OF) == []  # 第二款: tax pilot


# 第四十三条第三款、第四款 -------------------------------------------------------------------------------
def test_cross_layer_backfill_deadline_boundaries(gw_run):
    rule = "gw.cross_layer.backfill"
    deadline = date(2024, 6, 30)
    base = ev(
        "cross_layer_pollution",
        started_on=date(2024, 1, 5),
        attrs={"deadline": "2024-06-30", "remediated": True},
    )
    [f] = gw_run(base, deadline, rule)  # the last day, not yet backfilled: still due
    assert f.kind is Kind.OBLIGATION_DUE and f.due == deadline
    assert [c.eid for c in f.citations] == ["chp_5__art_43__para_3"] and f.consequence is None
    [f] = gw_run(base, date(2024, 7, 1), rule)  # the day after
    assert f.kind is Kind.VIOLATION and "逾期" in f.message
    on_time = replace(base, attrs={**base.attrs, "backfilled_on": "2024-06-30"})
    assert gw_run(on_time, AS_OF, rule) == []
    late = replace(base, attrs={**base.attrs, "backfilled_on": "2024-07-01"})
    [f] = gw_run(late, AS_OF, rule)
    assert f.kind is Kind.VIOLATION and "晚于期限" in f.message
    no_deadline = replace(base, attrs={"remediated": True})
    [f] = gw_run(no_deadline, AS_OF, rule)
    assert f.kind is Kind.OBLIGATION_DUE and f.due is None and "期限尚未确定" in f.message


def test_cross_layer_remediation_stays_open_until_done(gw_run):
    rule = "gw.cross_layer.backfill"
    done_backfill = ev(
        "cross_layer_pollution", attrs={"deadline": "2024-06-30", "backfilled_on": "2024-06-01"}
    )
    [f] = gw_run(done_backfill, AS_OF, rule)
    assert f.kind is Kind.OBLIGATION_DUE and "治理和修复" in f.message
    assert (
        gw_run(replace(done_backfill, attrs={**done_backfill.attrs, "remediated": True}), AS_OF, rule) == []
    )
    bad_date = ev("cross_layer_pollution", attrs={"deadline": "6/30/2024", "remediated": True})
    [f] = gw_run(bad_date, AS_OF, rule)
    assert f.kind is Kind.CANNOT_DECIDE and "deadline" in str(f.needs)


def test_recharge_water_quality(gw_run):
    rule = "gw.recharge.quality"
    good = ev(
        "artificial_recharge",
        started_on=date(2022, 3, 1),
        attrs={"meets_standard": True, "quality_worsened": False},
    )
    assert gw_run(good, AS_OF, rule) == []
    [f] = gw_run(replace(good, attrs={"meets_standard": False, "quality_worsened": False}), AS_OF, rule)
    assert f.kind is Kind.VIOLATION and "不符合相关的水质标准" in f.message
    assert [c.eid for c in f.citations] == ["chp_5__art_43__para_4"] and f.consequence is None
    [f] = gw_run(replace(good, attrs={"meets_standard": True, "quality_worsened": True}), AS_OF, rule)
    assert f.kind is Kind.VIOLATION and "恶化" in f.message and "不符合" not in f.message
    [f] = gw_run(replace(good, attrs={"meets_standard": True}), AS_OF, rule)
    assert f.kind is Kind.CANNOT_DECIDE and "quality_worsened" in str(f.needs)
    ended_before = replace(
        good,
        started_on=date(2020, 1, 1),
        ended_on=date(2021, 11, 30),
        attrs={"meets_standard": False, "quality_worsened": True},
    )
    assert gw_run(ended_before, AS_OF, rule) == []
    assert gw_run(
        replace(ended_before, ended_on=date(2021, 12, 1)), AS_OF, rule
    )  # ran into the effective day
