"""Works rules (第二十七条、第三十五条、第四十三条、第四十九条、第五十一条、第五十五条、第五十六条第二款、第四十八条)."""

from dataclasses import replace
from datetime import date

from zhengce.regimes.groundwater.facts import AquiferFacts, WorksFacts
from zhengce.regimes.groundwater.ruleset import all_rules
from zhengce.rules import Kind

DOC = "国务院令-748"
AS_OF = date(2023, 6, 30)
PHREATIC = AquiferFacts("AQ-P", "phreatic", False, False)
CONFINED = AquiferFacts("AQ-C", "confined", False, False)
DEEP = AquiferFacts("AQ-D", "confined", True, False)

BASE = WorksFacts(
    "W-1",
    built_on=date(2015, 1, 1),
    meter_installed=True,
    annual_abstraction_m3=10_000.0,
    online_threshold_m3=50_000.0,
    online_meter_installed=False,
    realtime_transmission=False,
    serious=False,
    kind="well",
    status="active",
    owner="某厂",
    zones=frozenset(),
    aquifers=(CONFINED,),
    metering="manual",
    meter_ok=True,
    volume_year_m3=10_000.0,
    volume_prev_year_m3=12_000.0,
    volume_after_exemption_m3=0.0,
    reporting_days=0,
    window_days=365,
    permit_valid_to=date(2029, 12, 31),
)


def test_every_rule_cites_an_existing_node(gw_resolver):
    texts = all_rules().check_citations(gw_resolver)
    assert all(texts.values())
    assert all(r.citations and r.doc.strip() for r in all_rules())


def test_compliant_works_has_no_findings(gw_run):
    assert gw_run(BASE, AS_OF) == []


def test_nothing_applies_before_effective_date(gw_run):
    bad = replace(
        BASE, zones=frozenset({"prohibited"}), meter_ok=False, aquifers=(DEEP,), permit_valid_to=None
    )
    assert gw_run(bad, date(2021, 11, 30)) == []
    assert {f.rule_id for f in gw_run(bad, date(2021, 12, 1))} >= {
        "gw.zone.prohibited",
        "gw.meter.faulty",
        "gw.nonrenewable",
    }


# 第五十六条第二款 ------------------------------------------------------------------------------------------
def test_faulty_meter_is_ordered_first(gw_run):
    [f] = gw_run(replace(BASE, meter_ok=False), AS_OF, "gw.meter.faulty")
    assert f.kind is Kind.VIOLATION and f.citations[0].eid == "chp_7__art_56__para_2"
    assert f.consequence.orders == ("责令限期更换或者修复",) and f.consequence.fine_min is None
    assert gw_run(replace(BASE, metering="none", meter_ok=None), AS_OF, "gw.meter.faulty") == []


# 第二十二条第二款 gaps --------------------------------------------------------------------------------------
def test_transmission_gaps_from_readings(gw_run):
    online = replace(BASE, metering="online", annual_abstraction_m3=50_000.0, reporting_days=364)
    [f] = gw_run(online, AS_OF, "gw.meter.transmission_gaps")
    assert f.kind is Kind.WARNING and "1日" in f.message
    assert gw_run(replace(online, reporting_days=365), AS_OF, "gw.meter.transmission_gaps") == []
    # below the scale (one m³ under) the duty does not arise
    assert gw_run(replace(online, annual_abstraction_m3=49_999.0), AS_OF, "gw.meter.transmission_gaps") == []


# 第五十五条 ------------------------------------------------------------------------------------------------
def test_unauthorized_abstraction_and_permit_expiry_boundary(gw_run):
    [f] = gw_run(replace(BASE, permit_valid_to=None), AS_OF, "gw.permit.unauthorized")
    assert f.citations[0].eid == "chp_7__art_55" and f.consequence.referral
    assert gw_run(replace(BASE, permit_valid_to=AS_OF), AS_OF, "gw.permit.unauthorized") == []
    [f] = gw_run(replace(BASE, permit_valid_to=date(2023, 6, 29)), AS_OF, "gw.permit.unauthorized")
    assert "2023-06-29" in f.message
    monitoring = replace(BASE, kind="monitoring_well", permit_valid_to=None)
    assert gw_run(monitoring, AS_OF, "gw.permit.unauthorized") == []


# 第二十七条 ------------------------------------------------------------------------------------------------
def test_non_renewable_without_exemption(gw_run):
    [f] = gw_run(replace(BASE, aquifers=(DEEP,)), AS_OF, "gw.nonrenewable")
    assert [c.eid for c in f.citations] == ["chp_3__art_27__para_1", "chp_3__art_27__para_2"]


def test_non_renewable_each_exemption_and_its_end(gw_run):
    deep = replace(BASE, aquifers=(DEEP,))
    for exemption, item in (("emergency_supply", 1), ("domestic_no_alternative", 2), ("monitoring_small", 3)):
        lasting = replace(deep, exemption=exemption, exemption_until=AS_OF)
        assert gw_run(lasting, AS_OF, "gw.nonrenewable") == [], exemption
        ended = replace(lasting, exemption_until=date(2023, 6, 29), volume_after_exemption_m3=1.0)
        [f] = gw_run(ended, AS_OF, "gw.nonrenewable")
        assert [c.eid for c in f.citations] == [
            "chp_3__art_27__para_2",
            f"chp_3__art_27__para_1__item_{item}",
        ]
        assert gw_run(replace(ended, volume_after_exemption_m3=0.0), AS_OF, "gw.nonrenewable") == []
    # a 第三十五条 exemption does not excuse 难以更新的地下水
    assert gw_run(replace(deep, exemption="public_safety"), AS_OF, "gw.nonrenewable")


# 第三十五条 ------------------------------------------------------------------------------------------------
def test_prohibited_zone_and_its_three_exemptions(gw_run):
    inside = replace(BASE, zones=frozenset({"prohibited"}))
    [f] = gw_run(inside, AS_OF, "gw.zone.prohibited")
    assert [c.eid for c in f.citations] == ["chp_4__art_35__para_1"]
    for exemption, item in (("construction_safety", 1), ("public_safety", 2), ("monitoring_small", 3)):
        assert gw_run(replace(inside, exemption=exemption), AS_OF, "gw.zone.prohibited") == []
        ended = replace(
            inside, exemption=exemption, exemption_until=date(2023, 6, 29), volume_after_exemption_m3=5.0
        )
        [f] = gw_run(ended, AS_OF, "gw.zone.prohibited")
        assert [c.eid for c in f.citations] == [
            "chp_4__art_35__para_2",
            f"chp_4__art_35__para_1__item_{item}",
        ]
    assert gw_run(replace(inside, exemption="domestic_no_alternative"), AS_OF, "gw.zone.prohibited")
    assert gw_run(replace(inside, volume_year_m3=0.0), AS_OF, "gw.zone.prohibited") == []


def test_restricted_zone_new_works_boundary(gw_run):
    zone = replace(BASE, zones=frozenset({"restricted"}), restricted_since=date(2021, 6, 1))
    assert gw_run(replace(zone, built_on=date(2021, 11, 30)), AS_OF, "gw.zone.restricted_new") == []
    [f] = gw_run(replace(zone, built_on=date(2021, 12, 1)), AS_OF, "gw.zone.restricted_new")
    assert f.citations[0].eid == "chp_4__art_35__para_2"
    later_zone = replace(zone, restricted_since=date(2022, 3, 1))
    assert gw_run(replace(later_zone, built_on=date(2022, 2, 28)), AS_OF, "gw.zone.restricted_new") == []
    assert gw_run(replace(later_zone, built_on=date(2022, 3, 1)), AS_OF, "gw.zone.restricted_new")


def test_restricted_zone_must_reduce(gw_run):
    zone = replace(BASE, zones=frozenset({"restricted"}))
    assert gw_run(replace(zone, volume_year_m3=11_999.0), AS_OF, "gw.zone.restricted_reduce") == []
    [f] = gw_run(replace(zone, volume_year_m3=12_000.0), AS_OF, "gw.zone.restricted_reduce")
    assert f.kind is Kind.WARNING


# 第四十三条 ------------------------------------------------------------------------------------------------
def test_mixed_extraction(gw_run):
    polluted = AquiferFacts("AQ-P", "phreatic", False, True)
    [f] = gw_run(replace(BASE, aquifers=(polluted, CONFINED)), AS_OF, "gw.mixed_extraction")
    assert f.citations[0].eid == "chp_5__art_43__para_2"
    assert gw_run(replace(BASE, aquifers=(PHREATIC, CONFINED)), AS_OF, "gw.mixed_extraction") == []
    assert gw_run(replace(BASE, aquifers=(polluted,)), AS_OF, "gw.mixed_extraction") == []


# 第四十九条 + 第五十八条 -----------------------------------------------------------------------------------
def test_unsealed_works(gw_run):
    for status in ("abandoned", "unfinished", "exploration_done", "must_stop"):
        [f] = gw_run(replace(BASE, status=status, unable_to_seal=False), AS_OF, "gw.seal")
        assert [c.eid for c in f.citations] == ["chp_6__art_49__para_2", "chp_7__art_58"]
        assert (f.consequence.fine_min, f.consequence.fine_max) == (100_000, 500_000)
    [f] = gw_run(replace(BASE, status="abandoned", unable_to_seal=True), AS_OF, "gw.seal")
    assert f.consequence.substitute_action
    [f] = gw_run(replace(BASE, status="abandoned", owner=None), AS_OF, "gw.seal")
    assert f.kind is Kind.OBLIGATION_DUE
    assert gw_run(replace(BASE, status="sealed", sealing_reported=True), AS_OF, "gw.seal") == []
    [f] = gw_run(replace(BASE, status="sealed", sealing_reported=False), AS_OF, "gw.seal")
    assert f.kind is Kind.WARNING
    assert gw_run(replace(BASE, status="stopped"), AS_OF, "gw.seal") == []


# 第四十八条第二款 + 第六十一条 -----------------------------------------------------------------------------
def test_monitoring_well_filing_boundaries(gw_run):
    well = replace(BASE, kind="monitoring_well", construction_started_on=date(2022, 5, 1))
    assert gw_run(replace(well, well_filed_on=date(2022, 5, 1)), AS_OF, "gw.well.filing") == []
    [f] = gw_run(replace(well, well_filed_on=date(2022, 5, 2)), AS_OF, "gw.well.filing")
    assert [c.eid for c in f.citations] == ["chp_6__art_48__para_2", "chp_7__art_61"]
    assert f.consequence.orders == ("责令限期补办备案手续",)
    [f] = gw_run(well, date(2022, 4, 30), "gw.well.filing")
    assert f.kind is Kind.OBLIGATION_DUE and f.due == date(2022, 5, 1)
    assert gw_run(replace(well, construction_started_on=date(2021, 11, 30)), AS_OF, "gw.well.filing") == []


# 第五十一条 ------------------------------------------------------------------------------------------------
GEO = replace(
    BASE,
    kind="geothermal_production",
    aquifers=(CONFINED,),
    metering="online",
    paired_works_id="W-2",
    paired_aquifer_ids=frozenset({"AQ-C"}),
    paired_volume_year_m3=10_000.0,
    paired_metering="online",
    geothermal_online_threshold_m3=20_000.0,
)


def test_geothermal_compliant_with_equal_reinjection(gw_run):
    assert gw_run(GEO, AS_OF, "gw.geothermal") == []


def test_geothermal_each_breach(gw_run):
    def eids(works):
        return [f.citations[0].eid for f in gw_run(works, AS_OF, "gw.geothermal")]

    assert eids(replace(GEO, paired_volume_year_m3=9_999.0)) == ["chp_6__art_51__para_3"]
    assert eids(replace(GEO, zones=frozenset({"drinking_source"}))) == ["chp_6__art_51__para_2"]
    assert eids(replace(GEO, zones=frozenset({"geothermal_prohibited"}))) == ["chp_6__art_51__para_1"]
    assert eids(replace(GEO, aquifers=(DEEP,), paired_aquifer_ids=frozenset({"AQ-D"}))) == [
        "chp_6__art_51__para_2"
    ]
    assert eids(replace(GEO, paired_aquifer_ids=frozenset({"AQ-X"}))) == ["chp_6__art_51__para_3"]
    assert eids(replace(GEO, paired_works_id=None)) == ["chp_6__art_51__para_3"]
    assert eids(replace(GEO, paired_metering="none")) == [
        "chp_6__art_51__para_3"
    ]  # below scale: metering only
    # 取水规模: exactly at the scale needs online metering; one below does not
    at_scale = replace(GEO, volume_year_m3=20_000.0, paired_volume_year_m3=20_000.0, paired_metering="manual")
    assert eids(at_scale) == ["chp_6__art_51__para_3"]
    assert eids(replace(at_scale, volume_year_m3=19_999.0, paired_volume_year_m3=19_999.0)) == []
    [f] = gw_run(replace(GEO, paired_works_id=None), AS_OF, "gw.geothermal")
    assert f.citations[1].eid == "chp_6__art_51__para_4" and "予以关闭" in f.consequence.orders[1]
