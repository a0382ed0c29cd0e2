"""Partitioned writers (store.py): disjoint works, parallel transactions, caches that notice
every other writer of their meters, and a server that routes each frame to its partition."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from zhengce.regimes.groundwater.telemetry import schema
from zhengce.regimes.groundwater.telemetry.model import Reading
from zhengce.regimes.groundwater.telemetry.store import BUCKETS, ReadingStore, bucket_of, partition_of
from zhengce.regimes.groundwater.telemetry.verify import verify_store

T0 = datetime(2024, 6, 1)
NOW = datetime(2024, 6, 20)


def works_in(partition: int, count: int = 2, n: int = 3) -> list[str]:
    """The first n works ids that partition ``partition`` of ``count`` owns."""
    out = [w for w in (f"370102-W-{i:06d}" for i in range(1, 500)) if partition_of(w, count) == partition]
    return out[:n]


def hourly(works: str, hours: range, meter: int = 1) -> list[Reading]:
    return [
        Reading(works, T0 + timedelta(hours=h), meter=meter, volume_m3=Decimal(100 + h), source="api")
        for h in hours
    ]


def seqs(engine, works: str) -> list[int]:
    t = schema.reading
    with engine.connect() as conn:
        return list(
            conn.execute(sa.select(t.c.seq).where(t.c.works_id == works).order_by(t.c.observed_at)).scalars()
        )


def test_buckets_are_stable_and_spread() -> None:
    ids = [f"370102-W-{i:06d}" for i in range(1, 2001)]
    buckets = [bucket_of(w) for w in ids]
    assert buckets == [bucket_of(w) for w in ids]  # no per-process salt (unlike hash())
    assert len(set(buckets)) == BUCKETS
    halves = [partition_of(w, 2) for w in ids]
    assert 800 < halves.count(0) < 1200


def test_buckets_do_not_depend_on_the_process() -> None:
    code = "from zhengce.regimes.groundwater.telemetry.store import bucket_of; print([bucket_of(f'W{i}') for i in range(50)])"
    here = str([bucket_of(f"W{i}") for i in range(50)])
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == here


def test_partition_must_be_valid_and_refuses_foreign_works(engine) -> None:
    with pytest.raises(ValueError):
        ReadingStore(engine, partition=(2, 2))
    store = ReadingStore(engine, partition=(0, 2))
    foreign = works_in(1)[0]
    with pytest.raises(ValueError, match="not in partition 0/2"):
        store.ingest(hourly(works_in(0)[0], range(2)) + hourly(foreign, range(1)), now=NOW)
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.reading)).scalar() == 0


def test_parallel_partitioned_writers_keep_every_chain_whole(engine) -> None:
    stores = [ReadingStore(engine, partition=(i, 2)) for i in range(2)]
    errors: list[BaseException] = []

    def write(index: int) -> None:
        try:
            for start in range(0, 40, 4):
                batch = [r for w in works_in(index) for r in hourly(w, range(start, start + 4))]
                stores[index].ingest(batch, now=NOW)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    for works in works_in(0) + works_in(1):
        assert seqs(engine, works) == list(range(1, 41))
    assert verify_store(engine).ok


def test_a_partition_notices_a_whole_store_writer(engine) -> None:
    """An import wrote to a partition's meter: the partition must not chain on its stale head."""
    works = works_in(0)[0]
    part = ReadingStore(engine, partition=(0, 2))
    part.ingest(hourly(works, range(0, 3)), now=NOW)  # warm cache: head seq 3
    ReadingStore(engine).ingest(hourly(works, range(3, 4)), now=NOW)  # seq 4, by someone else
    part.ingest(hourly(works, range(4, 6)), now=NOW)
    assert seqs(engine, works) == [1, 2, 3, 4, 5, 6]
    assert verify_store(engine).ok


def test_a_whole_store_writer_notices_a_partition(engine) -> None:
    works = works_in(1)[0]
    whole = ReadingStore(engine)
    whole.ingest(hourly(works, range(0, 2)), now=NOW)
    ReadingStore(engine, partition=(1, 2)).ingest(hourly(works, range(2, 3)), now=NOW)
    whole.ingest(hourly(works, range(3, 5)), now=NOW)
    assert seqs(engine, works) == [1, 2, 3, 4, 5]
    assert verify_store(engine).ok


def test_other_partitions_do_not_cool_a_partitions_cache(engine, monkeypatch) -> None:
    """Partition 1 writing its own meters leaves partition 0's cached heads trusted."""
    mine, theirs = works_in(0)[0], works_in(1)[0]
    part0, part1 = ReadingStore(engine, partition=(0, 2)), ReadingStore(engine, partition=(1, 2))
    part0.ingest(hourly(mine, range(0, 2)), now=NOW)
    part0.ingest(hourly(mine, range(2, 3)), now=NOW)
    loaded: list[int] = []
    real = ReadingStore._load_heads
    monkeypatch.setattr(
        ReadingStore,
        "_load_heads",
        lambda self, conn, keys: loaded.append(len(keys)) or real(self, conn, keys),
    )
    part1.ingest(hourly(theirs, range(0, 2)), now=NOW)
    loaded.clear()
    part0.ingest(hourly(mine, range(3, 4)), now=NOW)
    assert loaded == [0]  # nothing reloaded: the cache was still trusted
    ReadingStore(engine).ingest(hourly(theirs, range(2, 3)), now=NOW)  # a whole-store writer
    loaded.clear()
    part0.ingest(hourly(mine, range(4, 5)), now=NOW)
    assert loaded == [1]  # now it reloads its meter's head
    assert seqs(engine, mine) == [1, 2, 3, 4, 5]
    assert verify_store(engine).ok


@pytest.mark.parametrize(
    ("bundled", "bad"),
    [(False, False), (True, False), (True, True)],
    ids=["one-reading-frames", "bundled-frames", "bundled-misbehaving"],
)
def test_server_with_two_partitioned_writers_stores_every_acknowledged_reading(engine, bundled, bad) -> None:
    """Each frame goes to the writer owning its works; every acknowledged reading is stored
    once and every chain verifies — also when terminals send corrupted, duplicated and late
    frames, skew their clocks and reset their counters."""
    from zhengce.regimes.groundwater.telemetry.server import ServerConfig, TelemetryServer
    from zhengce.regimes.groundwater.telemetry.simulator import (
        Behaviour,
        SimConfig,
        Simulation,
        bundled_profile,
        plan_terminals,
    )
    from zhengce.regimes.groundwater.telemetry.terminals import TerminalMap, add_terminals

    plan = plan_terminals(120)
    add_terminals(engine, [(t.protocol, t.address, t.works_id) for t in plan])
    assert {partition_of(t.works_id, 2) for t in plan} == {0, 1}
    stores = [ReadingStore(engine, partition=(i, 2)) for i in range(2)]
    calls = [0, 0]

    def ingest_for(index):
        def ingest(readings):
            calls[index] += 1
            return stores[index].ingest(readings, validated=True)

        return ingest

    async def scenario():
        server = TelemetryServer(
            [ingest_for(0), ingest_for(1)],
            TerminalMap(engine),
            ServerConfig(szy206_port=0, sl651_port=0),
            route=lambda works: partition_of(works, 2),
        )
        ports = await server.start()
        try:
            config = SimConfig(
                szy206_port=ports["szy206"],
                sl651_port=ports["sl651"],
                terminals=120,
                duration=1.5,
                record=True,
            )
            if bad:
                config.behaviour = Behaviour(crc_error=0.05, duplicate=0.05, late=0.05, skew=0.1, reset=0.01)
            return await Simulation(bundled_profile(config) if bundled else config).run()
        finally:
            await server.stop()

    import asyncio

    report = asyncio.run(asyncio.wait_for(scenario(), 60))
    assert report.connected == 120 and report.lost == 0 and report.readings_acked > 120
    assert calls[0] > 0 and calls[1] > 0
    t = schema.reading
    with engine.connect() as conn:
        stored = {
            (w, m, at): v
            for w, m, at, v in conn.execute(
                sa.select(t.c.works_id, t.c.meter, t.c.observed_at, t.c.volume_m3)
            )
        }
    if bad:  # re-sent frames are acknowledged again but stored once
        assert report.duplicates_sent > 0 and report.late_sent > 0 and report.corrupted_sent > 0
        assert len(stored) == len({r[:3] for r in report.acked_readings}) < report.readings_acked
    else:
        assert len(stored) == report.readings_acked  # clean run: stored once each
    assert all(stored[r[:3]] == r[3] for r in report.acked_readings)
    assert verify_store(engine).ok
    with pytest.raises(ValueError, match="need a route"):
        TelemetryServer([ingest_for(0), ingest_for(1)], TerminalMap(engine))
