"""第四十三条第二款 (分层开采), 第四十七条第二款、第三款, the overdue band, and the telemetry adapter."""

from dataclasses import replace
from datetime import date, datetime

import pytest

from zhengce.regimes.groundwater.facts import AquiferFacts, EventFacts, WorksFacts
from zhengce.regimes.groundwater.lifecycle import escalate
from zhengce.regimes.groundwater.transmission import Observation, QualityFlagsSource, observation_from_flags
from zhengce.rules import Kind

AS_OF = date(2023, 6, 30)
P5 = AquiferFacts("P", "phreatic", False, False, 5)
C3 = AquiferFacts("C", "confined", False, False, 3)
C4 = AquiferFacts("C4", "confined", False, False, 4)
WORKS = WorksFacts("W", kind="well", aquifers=(P5, C3), volume_year_m3=100.0)


def _kinds(found):
    return [(f.rule_id, f.kind) for f in found]


def test_layered_extraction(gw_run):
    [f] = gw_run(WORKS, AS_OF, "gw.layered_extraction")
    assert f.kind is Kind.WARNING and f.citations[0].eid == "chp_5__art_43__para_2" and "V类" in f.message
    # exactly QUALITY_GAP (2) apart is 差异大; one class apart is not
    assert gw_run(replace(WORKS, aquifers=(C3, C4)), AS_OF, "gw.layered_extraction") == []
    assert gw_run(replace(WORKS, aquifers=(P5,)), AS_OF, "gw.layered_extraction") == []
    assert gw_run(replace(WORKS, volume_year_m3=0.0), AS_OF, "gw.layered_extraction") == []
    [cd] = gw_run(
        replace(WORKS, aquifers=(P5, replace(C3, quality_class=None))), AS_OF, "gw.layered_extraction"
    )
    assert cd.kind is Kind.CANNOT_DECIDE and cd.needs == ("quality_class:C",)
    assert gw_run(WORKS, date(2021, 11, 30), "gw.layered_extraction") == []
    assert gw_run(WORKS, date(2021, 12, 1), "gw.layered_extraction")


def _removal(**attrs):
    return EventFacts("E", "facility_removal", started_on=date(2023, 1, 1), attrs=attrs)


def test_facility_removal(gw_run):
    [f] = gw_run(_removal(relocated_by_authority=False), AS_OF, "gw.monitoring.facility_removal")
    assert f.kind is Kind.VIOLATION and f.consequence.fine_min == 20_000 and f.consequence.fine_max == 100_000
    assert [c.eid for c in f.citations] == ["chp_6__art_47__para_2", "chp_6__art_47__para_1", "chp_7__art_60"]
    [g] = gw_run(
        _removal(relocated_by_authority=True, cost_borne_by_builder=False),
        AS_OF,
        "gw.monitoring.facility_removal",
    )
    assert g.consequence is None and [c.eid for c in g.citations] == ["chp_6__art_47__para_2"]
    ok = _removal(relocated_by_authority=True, cost_borne_by_builder=True)
    assert gw_run(ok, AS_OF, "gw.monitoring.facility_removal") == []
    [cd] = gw_run(_removal(), AS_OF, "gw.monitoring.facility_removal")
    assert cd.kind is Kind.CANNOT_DECIDE
    before = replace(_removal(relocated_by_authority=False), started_on=date(2021, 11, 30))
    assert gw_run(before, AS_OF, "gw.monitoring.facility_removal") == []
    on_day = replace(before, started_on=date(2021, 12, 1))
    assert gw_run(on_day, AS_OF, "gw.monitoring.facility_removal")


def test_data_falsification(gw_run):
    e = EventFacts("E", "data_falsification", started_on=date(2022, 3, 1))
    [f] = gw_run(e, AS_OF, "gw.monitoring.data_falsification")
    assert f.citations[0].eid == "chp_6__art_47__para_3" and "公安机关" in f.consequence.referral
    assert gw_run(replace(e, started_on=date(2021, 11, 30)), AS_OF, "gw.monitoring.data_falsification") == []
    assert gw_run(replace(e, kind="facility_damage"), AS_OF, "gw.monitoring.data_falsification") == []


def test_escalate_selects_the_overdue_band(gw_run):
    faulty = replace(WORKS, metering="manual", meter_ok=False, serious=False)
    [f] = gw_run(faulty, AS_OF, "gw.meter.faulty")
    assert f.consequence.fine_min is None
    ordered = f.order(date(2023, 7, 1), date(2023, 7, 31))
    late = ordered.mark_overdue(date(2023, 8, 1))
    assert escalate(late).consequence == ordered.consequence  # 情节严重 undetermined: band left open
    done = escalate(late, serious=False)
    assert (done.consequence.fine_min, done.consequence.fine_max) == (100_000, 500_000)
    assert done.consequence.deadline == date(2023, 7, 31) and not done.consequence.revocation
    assert escalate(late, serious=True).consequence.revocation


class _Flag:
    def __init__(self, kind, bears_on, start, end, **detail):
        self.kind, self.bears_on, self.start, self.end, self.detail = kind, bears_on, start, end, detail


def test_observation_from_flags():
    since, until = date(2023, 1, 1), date(2023, 1, 10)  # 10 days
    gap = _Flag("gap", "transmission", datetime(2023, 1, 2, 12), datetime(2023, 1, 5, 6))  # 3, 4 Jan whole
    assert observation_from_flags([gap], since, until) == Observation(8, True, None)
    stuck = _Flag("stuck", "meter", datetime(2023, 1, 6), datetime(2023, 1, 6, 5))
    open_gap = _Flag("gap", "transmission", datetime(2023, 1, 9, 0), datetime(2023, 1, 11), open=True)
    assert observation_from_flags([stuck, open_gap], since, until) == Observation(8, False, False)
    assert observation_from_flags([], since, until) == Observation(10, True, None)


def test_quality_flags_source_only_for_known_works():
    calls = []

    def fake(engine, works_id, since, until):
        calls.append((works_id, since, until))
        return [_Flag("spike", "meter", since, since)]

    src = QualityFlagsSource(None, fake, lambda: {"A"})
    out = src.observe(["A", "B"], date(2023, 1, 1), date(2023, 1, 31))
    assert set(out) == {"A"} and out["A"].meter_ok is False
    assert calls == [("A", datetime(2023, 1, 1), datetime(2023, 2, 1))]


@pytest.mark.parametrize(
    "seen, expect", [(Observation(365, False, None), True), (Observation(100, True, False), False)]
)
def test_check_uses_the_adapter_and_falls_back_to_registry(tmp_path, seen, expect):
    from zhengce.db import make_engine
    from zhengce.regimes.groundwater.check import run_check
    from zhengce.regimes.groundwater.demo import generate
    from zhengce.regimes.groundwater.store import load_bundle

    engine = make_engine(str(tmp_path / "d.db"))
    load_bundle(engine, generate(300, seed=3))

    class Fake:
        def __init__(self):
            self.asked = []

        def observe(self, works_ids, since, until):
            self.asked = list(works_ids)
            return {works_ids[0]: seen}

    fake = Fake()
    base = run_check(engine, date(2024, 12, 31), save=False)
    got = run_check(engine, date(2024, 12, 31), save=False, transmission=fake)
    target = fake.asked[0]

    def rules(result):
        return {
            f.rule_id for f in result.findings if f.subject == target and f.kind is not Kind.CANNOT_DECIDE
        }

    others = lambda r: [f for f in r.findings if f.subject != target]  # noqa: E731
    assert len(others(base)) == len(others(got))  # works telemetry did not observe: registry flags as before
    if expect:  # not transmitting (telemetry) → 第二十二条第二款
        assert "gw.meter.online_realtime" in rules(got)
    else:  # meter faults seen → 第五十六条第二款; 100 of 365 days → gaps
        assert {"gw.meter.faulty", "gw.meter.transmission_gaps"} <= rules(got)
