"""The columnar check path gives exactly the findings of evaluating every rule on every row."""

import random
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from zhengce.db import make_engine
from zhengce.regimes.groundwater.check import run_check
from zhengce.regimes.groundwater.demo import generate
from zhengce.regimes.groundwater.facts import AquiferFacts, WorksFacts
from zhengce.regimes.groundwater.ruleset import all_rules
from zhengce.regimes.groundwater.store import load_bundle
from zhengce.regimes.groundwater.vectorised import WorksColumns, coverage, evaluate_columns, screen
from zhengce.regimes.groundwater.vocab import EXEMPTIONS, WORKS_KINDS, WORKS_STATUS, ZONE_KINDS
from zhengce.rules import evaluate, finding_to_dict

AQ = [
    AquiferFacts("P", "phreatic", False, True, 5),
    AquiferFacts("C", "confined", False, False, 3),
    AquiferFacts("D", "confined", True, False, None),
    AquiferFacts("E", "confined", False, False, 4),
]
DAYS = [None, date(2021, 11, 30), date(2021, 12, 1), date(2022, 6, 30), date(2023, 6, 30), date(2023, 7, 1)]


def _plain(findings):
    """finding_to_dict, with set-valued evidence (zones) sorted: a frozenset's iteration order is not
    part of the finding."""
    out = []
    for f in findings:
        d = finding_to_dict(f)
        d["evidence"] = {
            k: sorted(v) if k in ("zones", "paired_aquifer_ids") else v for k, v in d["evidence"].items()
        }
        out.append(d)
    return out


def _random_works(rng: random.Random, i: int) -> WorksFacts:
    def pick(*options):
        return rng.choice(options)

    def maybe(value):
        return None if rng.random() < 0.1 else value

    vol = pick(None, 0.0, 10.0, 50_000.0, 80_000.0)
    return WorksFacts(
        f"W{i:05d}",
        built_on=pick(*DAYS),
        meter_installed=pick(None, True, False),
        county_meter_deadline=pick(*DAYS),
        annual_abstraction_m3=vol,
        online_threshold_m3=pick(None, 50_000.0, 60_000.0),
        online_meter_installed=pick(None, True, False),
        realtime_transmission=pick(None, True, False),
        serious=pick(None, True, False),
        kind=maybe(pick(*WORKS_KINDS)),
        region_code="370102",
        status=maybe(pick(*WORKS_STATUS)),
        owner=pick(None, "甲"),
        zones=frozenset(rng.sample(sorted(ZONE_KINDS), rng.randint(0, 3))),
        restricted_since=pick(*DAYS),
        aquifers=tuple(rng.sample(AQ, rng.randint(0, 3))),
        exemption=pick(None, *EXEMPTIONS),
        exemption_until=pick(*DAYS),
        metering=maybe(pick("none", "manual", "online")),
        meter_ok=pick(None, True, False),
        volume_year_m3=vol if rng.random() < 0.8 else pick(None, 0.0, 5.0),
        volume_prev_year_m3=pick(None, 0.0, 10.0, 80_000.0),
        volume_after_exemption_m3=pick(None, 0.0, 3.0),
        reporting_days=pick(None, 0, 200, 365),
        window_days=pick(None, 365, 200),
        sealed_on=pick(*DAYS),
        sealing_reported=pick(None, True, False),
        construction_started_on=pick(*DAYS),
        well_filed_on=pick(*DAYS),
        permit_valid_to=pick(*DAYS),
        paired_works_id=pick(None, "W-PAIR"),
        paired_volume_year_m3=pick(None, 0.0, 80_000.0),
        paired_aquifer_ids=frozenset(pick((), ("C",))),
        paired_metering=pick(None, "none", "online"),
        geothermal_online_threshold_m3=pick(None, 10.0),
    )


@pytest.mark.parametrize("as_of", [date(2021, 11, 30), date(2023, 6, 30), date(2023, 7, 1)])
def test_screens_never_miss_a_finding_on_random_facts(as_of, gw_resolver):
    rng = random.Random(as_of.toordinal())
    facts = [_random_works(rng, i) for i in range(1500)]
    registry = all_rules()
    slow = evaluate({f.work_id: f for f in facts}, as_of, registry, gw_resolver)
    fast = evaluate_columns(WorksColumns.from_facts(facts), {}, as_of, registry, gw_resolver)
    assert _plain(fast) == _plain(slow)
    if as_of >= date(2021, 12, 1):
        # the screens do screen: far fewer (rule, works) evaluations than rules × works
        idx = screen(WorksColumns.from_facts(facts), as_of, registry)
        assert sum(len(v) for v in idx.values()) < 0.6 * len(idx) * len(facts)


def test_columns_round_trip_every_field():
    rng = random.Random(5)
    facts = [_random_works(rng, i) for i in range(200)]
    cols = WorksColumns.from_facts(facts)
    assert [cols.facts(i) for i in range(len(cols))] == facts
    with pytest.raises(ValueError):
        WorksColumns({"work_id": np.array(["x"])})


def test_every_works_rule_is_screened():
    screened, total, unscreened = coverage(all_rules())
    assert unscreened == [] and screened == total >= 15


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory):
    engine = make_engine(str(tmp_path_factory.mktemp("demo") / "d.db"))
    load_bundle(engine, generate(300, seed=11))
    return engine


@pytest.mark.parametrize("as_of", [date(2021, 11, 30), date(2022, 12, 31), date(2024, 12, 31)])
def test_demo_county_same_findings_both_paths(demo_engine, as_of):
    fast = run_check(demo_engine, as_of, save=False)
    slow = run_check(demo_engine, as_of, save=False, method="per_row")
    assert [finding_to_dict(f) for f in fast.findings] == [finding_to_dict(f) for f in slow.findings]
    assert fast.subjects == slow.subjects
    if as_of >= date(2021, 12, 1):
        assert len({f.rule_id for f in fast.findings}) > 15


def test_boundary_facts_agree(gw_resolver):
    """Thresholds met exactly, deadlines on the day and the day after, in both paths."""
    base = WorksFacts(
        "B",
        built_on=date(2015, 1, 1),
        meter_installed=False,
        county_meter_deadline=date(2023, 6, 30),
        annual_abstraction_m3=50_000.0,
        online_threshold_m3=50_000.0,
        online_meter_installed=True,
        realtime_transmission=True,
        kind="well",
        status="active",
        aquifers=(AQ[1],),
        metering="online",
        meter_ok=True,
        volume_year_m3=50_000.0,
        volume_prev_year_m3=50_000.0,
        reporting_days=364,
        window_days=365,
        permit_valid_to=date(2023, 6, 30),
        zones=frozenset({"restricted"}),
    )
    registry = all_rules()
    for day in (date(2023, 6, 30), date(2023, 7, 1)):
        variants = [base, replace(base, exemption="public_safety", exemption_until=day - timedelta(days=1))]
        cols = WorksColumns.from_facts([replace(v, work_id=f"B{i}") for i, v in enumerate(variants)])
        slow = evaluate(cols.all_facts(), day, registry, gw_resolver)
        fast = evaluate_columns(cols, {}, day, registry, gw_resolver)
        assert [finding_to_dict(f) for f in fast] == [finding_to_dict(f) for f in slow]
        rules = {f.rule_id for f in slow}
        assert ("gw.meter.existing_deadline" in rules) and ("gw.meter.transmission_gaps" in rules)
        assert ("gw.permit.unauthorized" in rules) is (day > date(2023, 6, 30))
