"""Each data-quality flag, on readings written through the store and read back."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from zhengce.regimes.groundwater.telemetry.model import Reading
from zhengce.regimes.groundwater.telemetry.quality import QualityConfig, quality_flags
from zhengce.regimes.groundwater.telemetry.store import ReadingStore

WORKS = "370102-W-000042"
T0 = datetime(2024, 6, 1, 0, 0)
SINCE, UNTIL = T0, T0 + timedelta(hours=24)
HOUR = timedelta(hours=1)


def series(volumes, *, flows=None, lag=timedelta(seconds=30), start=T0, step=HOUR, skip=(), received=None):
    """Hourly readings; ``received`` overrides reception time per index."""
    out = []
    for i, volume in enumerate(volumes):
        if i in skip:
            continue
        observed = start + i * step
        arrived = received[i] if received and i in received else observed + lag
        flow = None if flows is None else Decimal(str(flows[i]))
        vol = None if volume is None else Decimal(str(volume))
        out.append(
            Reading(WORKS, observed, volume_m3=vol, flow_m3s=flow, source="sl651", received_at=arrived)
        )
    return out


def flags(engine, readings, config=None, until=UNTIL):
    ReadingStore(engine).ingest(readings, now=T0 + timedelta(days=2))
    return quality_flags(engine, WORKS, SINCE, until, config=config)


def kinds(found) -> list[str]:
    return [f.kind for f in found]


def steady(n=24, start=1000, step=36):
    return [start + step * i for i in range(n)]


def jittery(n=24) -> list[float]:
    """Pumping flow as real meters report it: never exactly the same for long."""
    return [round(0.010 + (i % 4) * 0.001, 3) for i in range(n)]


def test_clean_series_has_no_flags(sqlite_engine) -> None:
    assert flags(sqlite_engine, series(steady())) == []


def test_gap_in_transmission(sqlite_engine) -> None:
    found = flags(sqlite_engine, series(steady(), skip={8, 9, 10, 11}))
    assert kinds(found) == ["gap"]
    assert (found[0].start, found[0].end) == (T0 + 7 * HOUR, T0 + 12 * HOUR)
    assert found[0].bears_on == "transmission"
    assert found[0].as_dict()["node"] == "chp_3__art_22__para_2"


def test_gap_still_open_at_the_end(sqlite_engine) -> None:
    found = flags(sqlite_engine, series(steady(12)))
    assert kinds(found) == ["gap"] and found[0].detail["open"] is True
    assert found[0].start == T0 + 11 * HOUR


def test_no_readings_at_all_is_one_gap(sqlite_engine) -> None:
    assert kinds(quality_flags(sqlite_engine, WORKS, SINCE, UNTIL)) == ["gap"]


def test_spike_in_volume_rate(sqlite_engine) -> None:
    volumes = steady()
    volumes = volumes[:10] + [v + 5000 for v in volumes[10:]]  # 5000 m³ in one hour, normally 36
    found = flags(sqlite_engine, series(volumes))
    assert kinds(found) == ["spike"]
    assert found[0].start == T0 + 9 * HOUR and found[0].bears_on == "meter"


def test_spike_in_flow(sqlite_engine) -> None:
    flows = jittery()
    flows[5] = 0.5
    found = flags(sqlite_engine, series(steady(), flows=flows))
    assert kinds(found) == ["spike"] and found[0].start == T0 + 5 * HOUR


def test_counter_going_backwards(sqlite_engine) -> None:
    volumes = steady()
    volumes[12] = volumes[11] - 500
    found = flags(sqlite_engine, series(volumes))
    assert "counter_backwards" in kinds(found)
    hit = next(f for f in found if f.kind == "counter_backwards")
    assert hit.detail["before"] == Decimal(volumes[11]) and hit.detail["after"] == Decimal(volumes[12])


def test_counter_rollover_is_not_a_fault(sqlite_engine) -> None:
    volumes = [99_999_700 + 36 * i for i in range(8)] + [36 * i for i in range(1, 17)]
    found = flags(sqlite_engine, series(volumes))
    assert kinds(found) == ["counter_rollover"]
    assert found[0].detail["register"] == Decimal(100_000_000) and found[0].bears_on == "info"


def test_counter_reset_to_zero(sqlite_engine) -> None:
    volumes = steady(12, start=48_000) + [36 * i for i in range(12)]
    found = flags(sqlite_engine, series(volumes))
    assert kinds(found) == ["counter_reset"]


def test_counter_stuck_while_flow_reported(sqlite_engine) -> None:
    volumes = steady()
    volumes[6:14] = [volumes[6]] * 8
    found = flags(sqlite_engine, series(volumes, flows=jittery()))
    assert kinds(found) == ["stuck"]
    assert (found[0].start, found[0].count) == (T0 + 6 * HOUR, 8)


def test_pump_off_is_not_stuck(sqlite_engine) -> None:
    volumes = steady()
    volumes[6:14] = [volumes[6]] * 8
    flows = [0 if 6 <= i < 14 else f for i, f in enumerate(jittery())]
    assert flags(sqlite_engine, series(volumes, flows=flows)) == []


def test_frozen_flow_sensor(sqlite_engine) -> None:
    flows = jittery()
    flows[3:12] = [0.02] * 9
    found = flags(sqlite_engine, series(steady(), flows=flows))
    assert kinds(found) == ["stuck"] and found[0].detail["flow"] == Decimal("0.020")


def test_clock_ahead(sqlite_engine) -> None:
    received = {i: T0 + i * HOUR - timedelta(minutes=40) for i in range(10, 14)}
    found = flags(sqlite_engine, series(steady(), received=received))
    assert kinds(found) == ["clock_skew"]
    assert (found[0].start, found[0].end, found[0].count) == (T0 + 10 * HOUR, T0 + 13 * HOUR, 4)


def test_clock_behind_is_not_called_late(sqlite_engine) -> None:
    # Every reading arrives 2 h after its (wrong) time stamp, but they arrive hourly.
    found = flags(sqlite_engine, series(steady(), lag=timedelta(hours=2)))
    assert kinds(found) == ["clock_skew"]
    assert found[0].detail["minutes"] == 120.0


def test_late_batch_after_an_outage(sqlite_engine) -> None:
    # Hours 5-9 are stored by the terminal and delivered together at 12:00.
    received = {i: T0 + 12 * HOUR for i in range(5, 10)}
    found = flags(sqlite_engine, series(steady(), received=received))
    assert kinds(found) == ["late"]
    assert (found[0].start, found[0].end, found[0].count) == (T0 + 5 * HOUR, T0 + 9 * HOUR, 5)


def test_future_reading_refused_by_the_store_is_a_clock_flag(sqlite_engine) -> None:
    store_now = T0 + 5 * HOUR
    future = Reading(
        WORKS, T0 + timedelta(days=30), volume_m3=Decimal(1), source="sl651", received_at=store_now
    )
    ReadingStore(sqlite_engine).ingest(series(steady(5)) + [future], now=store_now)
    found = quality_flags(sqlite_engine, WORKS, SINCE, T0 + 6 * HOUR)
    assert kinds(found) == ["clock_skew"]
    assert (
        found[0].start == store_now
        and found[0].detail["observed_at"] == (T0 + timedelta(days=30)).isoformat()
    )


def test_fixed_interval_from_config(sqlite_engine) -> None:
    # 2-hourly data judged against a 30-minute schedule: every interval is a gap.
    found = flags(
        sqlite_engine, series(steady(12), step=2 * HOUR), QualityConfig(interval=timedelta(minutes=30))
    )
    assert kinds(found).count("gap") == 12
    assert [f.detail.get("open", False) for f in found].count(True) == 1  # the last one is still open


@pytest.mark.postgres
def test_flags_read_from_postgresql(pg_url) -> None:
    from zhengce.db import make_engine

    engine = make_engine(pg_url)
    try:
        volumes = steady()
        volumes[12] = volumes[11] - 500
        assert "counter_backwards" in kinds(flags(engine, series(volumes)))
    finally:
        engine.dispose()


def test_terminal_emptying_its_store_is_late_not_a_slow_clock(sqlite_engine) -> None:
    # After an outage hours 5-11 are replayed one a minute: the lag shrinks by ~1 h per reading.
    received = {i: T0 + 13 * HOUR + (i - 5) * timedelta(minutes=1) for i in range(5, 12)}
    found = flags(sqlite_engine, series(steady(), received=received))
    assert kinds(found) == ["late"]
    assert (found[0].start, found[0].count) == (T0 + 5 * HOUR, 7)
