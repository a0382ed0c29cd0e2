"""Durability: SIGKILL the server mid-stream; every reading it acknowledged must be in the store.

The server runs as a real subprocess (`python -m zhengce.cli telemetry serve`). Simulated
terminals stream reports over TCP and record each reading whose acknowledgement came back.
Once enough are acknowledged the server is killed with SIGKILL (no shutdown code runs); then
the store is opened and every acknowledged reading is looked up, value for value, and the hash
chain is verified.
"""

from __future__ import annotations

import asyncio
import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from zhengce.db import make_engine
from zhengce.regimes.groundwater.telemetry import schema
from zhengce.regimes.groundwater.telemetry.simulator import (
    SimConfig,
    Simulation,
    bundled_profile,
    plan_terminals,
)
from zhengce.regimes.groundwater.telemetry.terminals import add_terminals
from zhengce.regimes.groundwater.telemetry.verify import verify_store

TERMINALS = 24
KILL_AFTER_ACKS = 400


def start_server(url: str, processes: int = 1) -> tuple[subprocess.Popen, dict]:
    command = [sys.executable, "-m", "zhengce.cli", "telemetry", "serve", "--szy206-port", "0"]
    command += ["--sl651-port", "0", "--db", url, "--stats-interval", "3600", "--log-level", "WARNING"]
    command += ["--processes", str(processes)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            line = proc.stdout.readline()
            if line:
                return proc, json.loads(line)
        if proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError(f"server did not start: {proc.stderr.read().decode(errors='replace')}")


async def stream_and_kill(proc: subprocess.Popen, ports: dict, bundled: bool) -> tuple[Simulation, int]:
    config = SimConfig(
        szy206_port=ports["szy206"],
        sl651_port=ports["sl651"],
        terminals=TERMINALS,
        duration=30,
        ack_timeout=2.0,
        retries=0,
        record=True,
    )
    sim = Simulation(bundled_profile(config) if bundled else config)

    async def killer() -> int:
        while sim.report.acked < KILL_AFTER_ACKS:
            if proc.poll() is not None:
                raise AssertionError("server died on its own")
            await asyncio.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
        acked_at_kill = sim.report.acked
        sim.stop.set()
        return acked_at_kill

    kill_task = asyncio.create_task(killer())
    await asyncio.wait_for(sim.run(), 60)
    return sim, await kill_task


def children_of(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if stat.read_text().rsplit(")", 1)[1].split()[1] == str(pid):
                found.add(int(stat.parent.name))
        except (OSError, IndexError):
            continue
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("processes", [1, 2], ids=["one-process", "two-processes"])
@pytest.mark.parametrize("bundled", [False, True], ids=["one-reading-frames", "bundled-frames"])
@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_every_acknowledged_reading_survives_sigkill(backend, bundled, processes, tmp_path, request) -> None:
    url = f"sqlite:///{tmp_path / 'durable.db'}" if backend == "sqlite" else request.getfixturevalue("pg_url")
    engine = make_engine(url)
    add_terminals(engine, [(t.protocol, t.address, t.works_id) for t in plan_terminals(TERMINALS)])
    proc, ports = start_server(url, processes)
    workers = children_of(proc.pid)
    assert len(workers) == processes - 1
    try:
        sim, acked_at_kill = asyncio.run(stream_and_kill(proc, ports, bundled))
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(w) for w in workers), "a worker outlived its killed parent"
    report = sim.report
    assert acked_at_kill >= KILL_AFTER_ACKS
    if processes == 1:  # frames were still in flight when it died
        assert report.frames_sent > report.acked
    # (with a worker, its links may still be answered in the instant before it follows the parent)

    t = schema.reading
    with engine.connect() as conn:
        stored = {
            (w, m, at): v
            for w, m, at, v in conn.execute(
                sa.select(t.c.works_id, t.c.meter, t.c.observed_at, t.c.volume_m3)
            )
        }
    missing = [r for r in report.acked_readings if r[:3] not in stored]
    wrong = [r for r in report.acked_readings if r[:3] in stored and stored[r[:3]] != r[3]]
    assert len(report.acked_readings) == report.readings_acked >= report.acked
    assert not missing, f"{len(missing)} acknowledged readings lost, e.g. {missing[:3]}"
    assert not wrong, f"{len(wrong)} acknowledged readings stored with other values, e.g. {wrong[:3]}"
    assert verify_store(engine).ok  # the chain survived the crash intact
    engine.dispose()
