"""Benchmark: the production check path (columnar) for N works with a year of daily volumes.

    .venv/bin/python bench/bench_groundwater.py --works 1000000 --baseline 5000 --runs 3

End to end per chunk of works: generate a year of daily volumes (chunk × 365 float32) and the registry
columns → aggregate the daily series as the store does (year total, days with a record) → WorksColumns
→ ``vectorised.evaluate_columns`` with every groundwater rule and the corpus quotes → Finding objects.
That is what ``zhengce groundwater check`` runs after reading the store. The baseline runs the per-row
path (``evaluate`` of every rule on every works) on ``--baseline`` works of the same data, and the two
must give identical findings there. Prints medians of ``--runs`` runs and peak memory (ru_maxrss of
this process, and tracemalloc's peak of Python allocations for one big run).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
import tracemalloc
from datetime import date

import numpy as np

from zhengce.regimes.groundwater.facts import AquiferFacts
from zhengce.regimes.groundwater.ruleset import all_rules, corpus_resolver
from zhengce.regimes.groundwater.vectorised import (
    INT_NONE,
    NAT,
    WorksColumns,
    coverage,
    evaluate_columns,
    zone_bits,
)
from zhengce.rules import evaluate, finding_to_dict

AS_OF = date(2024, 12, 31)
DAYS = 365
AQUIFERS = [
    (AquiferFacts("AQ-P", "phreatic", False, True, 5),),
    (AquiferFacts("AQ-C", "confined", False, False, 3),),
    (AquiferFacts("AQ-D", "confined", True, False, 2),),
    (AquiferFacts("AQ-P", "phreatic", False, True, 5), AquiferFacts("AQ-C", "confined", False, False, 3)),
]
ZONES = [0, zone_bits({"overdraft_general"}), zone_bits({"prohibited"}), zone_bits({"restricted"})]
KINDS = np.array(["well", "well", "gallery", "monitoring_well", "geothermal_production"], dtype=object)
STATUS = np.array(["active", "active", "stopped", "abandoned", "sealed"], dtype=object)
METERING = np.array(["none", "manual", "online"], dtype=object)


def _day(d: date) -> np.datetime64:
    return np.datetime64(d, "D")


def make_chunk(n: int, seed: int) -> WorksColumns:
    """n works: the daily series are generated and reduced here, as the store's SQL does."""
    rng = np.random.default_rng(seed)
    mean = rng.choice(np.array([0, 20, 60, 150, 300], np.float32), n, p=[0.05, 0.4, 0.3, 0.2, 0.05])
    daily = mean[:, None] * rng.uniform(0.7, 1.3, (n, DAYS)).astype(np.float32)
    metering = rng.choice(3, n, p=[0.01, 0.6, 0.39])
    gaps = (metering == 2) & (rng.random(n) < 0.02)
    daily[gaps, ::30] = np.nan  # online works with days missing
    year = np.nansum(daily, axis=1, dtype=np.float64).round(1)
    reporting = np.where(metering == 2, np.count_nonzero(~np.isnan(daily), axis=1), 0).astype(np.int32)
    del daily
    built = np.where(rng.random(n) < 0.1, _day(date(2022, 6, 1)), _day(date(2015, 1, 1)))
    kind = KINDS[rng.choice(len(KINDS), n, p=[0.6, 0.2, 0.12, 0.03, 0.05])]
    status = STATUS[rng.choice(len(STATUS), n, p=[0.8, 0.1, 0.05, 0.03, 0.02])]
    sealed = status == "sealed"
    tri = lambda p_true: np.where(rng.random(n) < p_true, 1, 0).astype(np.int8)  # noqa: E731
    online = (metering == 2).astype(np.int8)
    ids = np.array([f"W{seed:07d}-{i:07d}" for i in range(n)], dtype=object)
    exemption = np.where(rng.random(n) < 0.01, "monitoring_small", None).astype(object)
    aq = np.empty(n, dtype=object)
    aq[:] = [AQUIFERS[k] for k in rng.choice(len(AQUIFERS), n, p=[0.5, 0.45, 0.01, 0.04])]
    cols = {
        "work_id": ids,
        "built_on": built,
        "meter_installed": (metering != 0).astype(np.int8),
        "county_meter_deadline": np.full(n, _day(date(2022, 6, 30))),
        "annual_abstraction_m3": year,
        "online_threshold_m3": np.full(n, 50_000.0),
        "online_meter_installed": online,
        "realtime_transmission": np.where(online == 1, tri(0.99), 0).astype(np.int8),
        "serious": np.zeros(n, np.int8),
        "kind": kind,
        "region_code": np.full(n, "370102", dtype=object),
        "status": status,
        "status_since": np.full(n, NAT),
        "owner": np.full(n, "某单位", dtype=object),
        "purpose": np.full(n, "industrial", dtype=object),
        "zones": np.array(ZONES, np.int32)[rng.choice(len(ZONES), n, p=[0.9, 0.07, 0.01, 0.02])],
        "restricted_since": np.full(n, _day(date(2020, 1, 1))),
        "aquifers": aq,
        "exemption": exemption,
        "exemption_until": np.full(n, NAT),
        "metering": METERING[metering],
        "meter_ok": np.where(metering != 0, tri(0.995), -1).astype(np.int8),
        "volume_year_m3": year,
        "volume_prev_year_m3": (year * rng.uniform(0.9, 1.2, n)).round(1),
        "volume_after_exemption_m3": np.zeros(n),
        "reporting_days": reporting,
        "window_days": np.full(n, DAYS, np.int32),
        "sealed_on": np.where(sealed, _day(date(2020, 5, 1)), NAT),
        "sealing_reported": np.where(sealed, 1, -1).astype(np.int8),
        "unable_to_seal": np.full(n, -1, np.int8),
        "construction_started_on": built,
        "well_filed_on": np.where(rng.random(n) < 0.9, built, NAT),
        "permit_annual_m3": np.full(n, 200_000.0),
        "permit_valid_to": np.where(rng.random(n) < 0.995, _day(date(2027, 12, 31)), NAT),
        "paired_works_id": np.where(kind == "geothermal_production", ids, None).astype(object),
        "paired_volume_year_m3": np.where(kind == "geothermal_production", year, np.nan),
        "paired_aquifer_ids": np.full(n, frozenset(), dtype=object),
        "paired_metering": np.where(kind == "geothermal_production", "online", None).astype(object),
        "paired_transmitting": np.full(n, -1, np.int8),
        "geothermal_online_threshold_m3": np.full(n, 50_000.0),
    }
    cols["paired_aquifer_ids"][:] = [frozenset(a.aquifer_id for a in x) for x in aq]
    assert INT_NONE not in reporting
    return WorksColumns(cols)


def production(total: int, chunk: int, registry, resolver) -> tuple[int, dict[str, int]]:
    """The columnar check over ``total`` works, chunk by chunk. Returns (findings, per-kind counts)."""
    count, kinds = 0, {}
    for start in range(0, total, chunk):
        cols = make_chunk(min(chunk, total - start), seed=start)
        found = evaluate_columns(cols, {}, AS_OF, registry, resolver)
        count += len(found)
        for f in found:
            kinds[f.kind.value] = kinds.get(f.kind.value, 0) + 1
    return count, kinds


def per_row(n: int, registry, resolver):
    cols = make_chunk(n, seed=0)
    return evaluate(cols.all_facts(), AS_OF, registry, resolver)


def timed(fn, runs: int):
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--works", type=int, default=1_000_000)
    ap.add_argument("--baseline", type=int, default=5000)
    ap.add_argument("--chunk", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    registry, resolver = all_rules(), corpus_resolver(None)
    screened, works_rules, unscreened = coverage(registry)
    print(
        f"rules: {len(registry)}; works rules {works_rules}, screened {screened} ({screened / works_rules:.0%});"
        f" unscreened {unscreened or 'none'}; event/county/fee rules ({len(registry) - works_rules}) per row"
    )
    # Same findings on the baseline size.
    slow_s, slow = timed(lambda: per_row(a.baseline, registry, resolver), a.runs)
    fast = evaluate_columns(make_chunk(a.baseline, seed=0), {}, AS_OF, registry, resolver)
    same = [finding_to_dict(f) for f in fast] == [finding_to_dict(f) for f in slow]
    assert same, "columnar and per-row findings differ"
    fast_s, _ = timed(lambda: production(a.baseline, a.chunk, registry, resolver), a.runs)
    print(f"per-row  {a.baseline:,} works: median {slow_s:.2f} s ({slow_s / a.baseline * 1e6:.0f} µs/works)")
    print(f"columnar {a.baseline:,} works: median {fast_s:.2f} s; identical findings: {same} ({len(slow):,})")
    big_s, (n_found, kinds) = timed(lambda: production(a.works, a.chunk, registry, resolver), a.runs)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"columnar {a.works:,} works × {DAYS} days (generation included): median {big_s:.1f} s;"
        f" peak RSS {rss_mb:,.0f} MB; findings {n_found:,} {kinds}"
    )
    print(f"per-row extrapolated to {a.works:,}: {slow_s / a.baseline * a.works:,.0f} s")
    tracemalloc.start()
    production(min(a.works, a.chunk), a.chunk, registry, resolver)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"tracemalloc peak for one chunk of {min(a.works, a.chunk):,} works: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
