"""Benchmark: screen N works with a year of daily volumes (vectorised) against the per-row rules.

    .venv/bin/python bench/bench_groundwater.py --works 1000000 --baseline 2000 --runs 3

Works are processed in chunks so memory stays bounded (chunk × 365 float32). The baseline evaluates the
same rules one works at a time through zhengce.rules.evaluate on a smaller N, and the two must agree on it.
Prints the median of several runs and the peak resident memory.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from datetime import date

import numpy as np

from zhengce.regimes.groundwater.facts import AquiferFacts, WorksFacts
from zhengce.regimes.groundwater.ruleset import all_rules, corpus_resolver
from zhengce.regimes.groundwater.vectorised import WorksColumns, screen
from zhengce.rules import Kind, evaluate

AS_OF = date(2024, 12, 31)
DAYS = 365
RULES = (
    "gw.meter.required",
    "gw.meter.existing_deadline",
    "gw.meter.online_realtime",
    "gw.meter.transmission_gaps",
    "gw.permit.unauthorized",
    "gw.zone.prohibited",
    "gw.nonrenewable",
)


def make_chunk(n: int, seed: int) -> WorksColumns:
    rng = np.random.default_rng(seed)
    mean = rng.choice(np.array([0, 20, 60, 150, 300], dtype=np.float32), n, p=[0.05, 0.4, 0.3, 0.2, 0.05])
    daily = (mean[:, None] * rng.uniform(0.7, 1.3, (n, DAYS)).astype(np.float32)).astype(np.float32)
    metering = rng.choice(np.array([0, 1, 2], dtype=np.int8), n, p=[0.01, 0.6, 0.39])
    online = metering == 2
    gaps = online & (rng.random(n) < 0.02)
    daily[gaps, ::30] = np.nan  # a few missing days
    daily[metering == 1] = np.where(
        rng.random((int((metering == 1).sum()), DAYS)) < 1.0, daily[metering == 1], np.nan
    )
    return WorksColumns(
        daily=daily,
        metering=metering,
        new_works=rng.random(n) < 0.1,
        past_deadline=np.ones(n, dtype=bool),
        online_threshold_m3=np.full(n, 50_000.0),
        transmitting=rng.random(n) > 0.01,
        permit_valid=rng.random(n) > 0.005,
        monitoring=rng.random(n) < 0.03,
        prohibited_zone=rng.random(n) < 0.01,
        zone_exempt=rng.random(n) < 0.3,
        non_renewable=rng.random(n) < 0.01,
        nr_exempt=rng.random(n) < 0.3,
    )


def vectorised(total: int, chunk: int) -> dict[str, int]:
    counts = dict.fromkeys(RULES, 0)
    for start in range(0, total, chunk):
        cols = make_chunk(min(chunk, total - start), seed=start)
        for rule, idx in screen(cols).items():
            counts[rule] += len(idx)
    return counts


def _facts(c: WorksColumns, i: int) -> WorksFacts:
    vol = float(np.nansum(c.daily[i], dtype=np.float64))
    deep = AquiferFacts("AQ-D", "confined", bool(c.non_renewable[i]), False)
    metering = ("none", "manual", "online")[int(c.metering[i])]
    return WorksFacts(
        f"W{i}",
        built_on=date(2022, 6, 1) if c.new_works[i] else date(2015, 1, 1),
        meter_installed=metering != "none",
        county_meter_deadline=date(2022, 6, 30) if c.past_deadline[i] else date(2030, 1, 1),
        annual_abstraction_m3=vol,
        online_threshold_m3=float(c.online_threshold_m3[i]),
        online_meter_installed=metering == "online",
        realtime_transmission=bool(c.transmitting[i]),
        serious=False,
        kind="monitoring_well" if c.monitoring[i] else "well",
        status="active",
        owner="x",
        zones=frozenset({"prohibited"}) if c.prohibited_zone[i] else frozenset(),
        aquifers=(deep,),
        metering=metering,
        meter_ok=True,
        volume_year_m3=vol,
        volume_prev_year_m3=0.0,
        volume_after_exemption_m3=0.0,
        reporting_days=int(np.count_nonzero(~np.isnan(c.daily[i]))),
        window_days=DAYS,
        permit_valid_to=date(2030, 1, 1) if c.permit_valid[i] else None,
        exemption="monitoring_small"
        if (c.zone_exempt[i] and c.prohibited_zone[i]) or (c.nr_exempt[i] and c.non_renewable[i])
        else None,
    )


def naive(n: int) -> tuple[dict[str, int], WorksColumns]:
    cols = make_chunk(n, seed=0)
    registry, resolver = all_rules(), corpus_resolver(None)
    facts = {f"W{i}": _facts(cols, i) for i in range(n)}
    found = evaluate(facts, AS_OF, registry, resolver)
    counts = dict.fromkeys(RULES, 0)
    seen = set()
    for f in found:
        if (
            f.rule_id in counts
            and f.kind in (Kind.VIOLATION, Kind.WARNING)
            and (f.rule_id, f.subject) not in seen
        ):
            seen.add((f.rule_id, f.subject))
            counts[f.rule_id] += 1
    return counts, cols


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
    ap.add_argument("--baseline", type=int, default=2000)
    ap.add_argument("--chunk", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    # Agreement on the baseline size: vectorised screening must flag what the rules flag.
    (base_s, (base_counts, _)) = timed(lambda: naive(a.baseline), a.runs)
    vec_small = vectorised(a.baseline, a.baseline)
    vec_small_rule = {r: vec_small[r] for r in RULES}
    assert vec_small_rule == base_counts, (vec_small_rule, base_counts)
    small_s, _ = timed(lambda: vectorised(a.baseline, a.chunk), a.runs)
    big_s, counts = timed(lambda: vectorised(a.works, a.chunk), a.runs)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"baseline per-row rules, {a.baseline:,} works: median {base_s:.3f} s ({base_s / a.baseline * 1e6:.0f} µs/works)"
    )
    print(
        f"vectorised,            {a.baseline:,} works: median {small_s:.3f} s  (same findings: {base_counts})"
    )
    print(
        f"vectorised,        {a.works:,} works × {DAYS} days: median {big_s:.2f} s; peak RSS {peak_mb:,.0f} MB"
    )
    print(f"per-row baseline extrapolated to {a.works:,}: {base_s / a.baseline * a.works:.0f} s")
    print(f"flagged: {counts}")


if __name__ == "__main__":
    main()
