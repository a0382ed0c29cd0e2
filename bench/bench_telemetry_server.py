"""End-to-end telemetry benchmark: simulated terminals -> TCP -> server -> store.

The server under test is the product (`python -m zhengce.cli telemetry serve`: group commit,
hash chain, latest-value table, COPY on PostgreSQL) in its own process. The baseline, in the
same run and under the same load, is a plain server that writes each reading with one INSERT
and one commit before acknowledging it (no batching, no chain).

Terminals behave like RTUs: one report in flight, the next sent when the acknowledgement
arrives. Throughput is acknowledged readings per second once every terminal is connected;
latency is send-to-acknowledgement as the terminal sees it. Each figure is the median of
``--runs`` runs. The server's CPU time per reading is read from /proc.

Issue #6 targets: 5,000 terminals, >= 20,000 readings/s into SQLite, >= 50,000/s into
PostgreSQL, on this 2-core machine (simulator and server share the two cores).

Run small:   .venv/bin/python bench/bench_telemetry_server.py --terminals 200 --seconds 5
Full target: .venv/bin/python bench/bench_telemetry_server.py --terminals 5000 --seconds 20 \
                 --backend both --pg-url postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

from zhengce.db import database_url, make_engine
from zhengce.regimes.groundwater.telemetry.simulator import (
    SimConfig,
    Simulation,
    bundled_profile,
    plan_terminals,
)
from zhengce.regimes.groundwater.telemetry.terminals import add_terminals

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------------- the plain baseline


def plain_ingest(engine):
    """The baseline write path: one INSERT and one COMMIT per reading, no chain, no latest table."""
    table = sa.Table(
        "plain_reading",
        sa.MetaData(),
        sa.Column("works_id", sa.String(64), primary_key=True),
        sa.Column("meter", sa.SmallInteger, primary_key=True),
        sa.Column("observed_at", sa.DateTime, primary_key=True),
        sa.Column("volume_m3", sa.Numeric(15, 3)),
        sa.Column("flow_m3s", sa.Numeric(14, 3)),
        sa.Column("depth_m", sa.Numeric(10, 3)),
        sa.Column("received_at", sa.DateTime),
    )
    table.metadata.create_all(engine)
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        insert = table.insert().prefix_with("OR IGNORE")
    else:
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        insert = pg_insert(table).on_conflict_do_nothing()

    def ingest(readings):
        for r in readings:  # the server runs it with batch_max=1: one reading per call
            with engine.connect() as conn:
                if sqlite:
                    conn.exec_driver_sql("PRAGMA synchronous=FULL")  # same durability as the product
                conn.execute(
                    insert,
                    {
                        "works_id": r.works_id,
                        "meter": r.meter,
                        "observed_at": r.observed_at,
                        "volume_m3": r.volume_m3,
                        "flow_m3s": r.flow_m3s,
                        "depth_m": r.depth_m,
                        "received_at": r.received_at,
                    },
                )
                conn.commit()

    return ingest


def plain_server(url: str, terminals_url: str) -> None:
    """Run the baseline server (called in a subprocess)."""
    from zhengce.regimes.groundwater.telemetry.server import ServerConfig, TelemetryServer
    from zhengce.regimes.groundwater.telemetry.terminals import TerminalMap

    ingest = plain_ingest(make_engine(url))

    async def main():
        server = TelemetryServer(
            ingest,
            TerminalMap(make_engine(terminals_url)),
            ServerConfig(szy206_port=0, sl651_port=0, batch_max=1, batch_delay=0),
        )
        ports = await server.start()
        print(json.dumps({"event": "listening", **ports}), flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


# ---------------------------------------------------------------------- one run


def fresh_database(backend: str, pg_url: str | None, workdir: Path) -> tuple[str, callable]:
    if backend == "sqlite":
        path = workdir / f"bench-{uuid.uuid4().hex[:8]}.db"
        return f"sqlite:///{path}", lambda: [p.unlink(missing_ok=True) for p in workdir.glob(path.name + "*")]
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(database_url(pg_url))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in pg_url else "?"

    def drop():
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return f"{pg_url}{sep}options=-csearch_path%3D{schema}", drop


def start(command: list[str]) -> tuple[subprocess.Popen, dict]:
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready and (line := proc.stdout.readline()):
            return proc, json.loads(line)
        if proc.poll() is not None:
            break
    proc.kill()
    raise SystemExit(f"server did not start: {' '.join(command)}")


def _processes():
    """(pid, parent pid, name, CPU seconds) of every process on this machine, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, rest = text.split(" (", 1)[1].rsplit(")", 1)
        fields = rest.split()
        yield int(stat.parent.name), int(fields[1]), name, (int(fields[11]) + int(fields[12])) / tick


def cpu_seconds(pid: int) -> float:
    """CPU time of the server process and of its worker processes (--processes)."""
    return sum(cpu for p, parent, _, cpu in _processes() if pid in (p, parent))


def postgres_cpu_seconds() -> float:
    """CPU time of every PostgreSQL process on this machine (backends, WAL writer, checkpointer)."""
    return sum(cpu for _, _, name, cpu in _processes() if name.startswith("postgres"))


def stored_count(url: str, table: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
    finally:
        engine.dispose()


def one_run(mode: str, backend: str, profile: str, args, workdir: Path) -> dict:
    url, drop = fresh_database(backend, args.pg_url, workdir)
    try:
        engine = make_engine(url)
        plan = plan_terminals(args.terminals)
        add_terminals(engine, [(t.protocol, t.address, t.works_id) for t in plan])
        engine.dispose()
        if mode == "group":
            command = [sys.executable, "-m", "zhengce.cli", "telemetry", "serve", "--szy206-port", "0"]
            command += [
                "--sl651-port",
                "0",
                "--db",
                url,
                "--log-level",
                "WARNING",
                "--stats-interval",
                "3600",
                *args.server_args.split(),
            ]
        else:
            command = [sys.executable, __file__, "--plain-server", url]
        proc, ports = start(command)
        try:
            cpu_before = cpu_seconds(proc.pid)
            pg_before = postgres_cpu_seconds() if backend == "postgresql" else 0.0
            config = SimConfig(
                szy206_port=ports["szy206"],
                sl651_port=ports["sl651"],
                terminals=args.terminals,
                duration=args.seconds,
                ack_timeout=10.0,
                seed=args.seed,
            )
            if profile == "bundled":
                bundled_profile(config)
            sim_cpu = time.process_time()
            report = asyncio.run(Simulation(config).run())
            sim_cpu = time.process_time() - sim_cpu
            cpu = cpu_seconds(proc.pid) - cpu_before
            pg_cpu = postgres_cpu_seconds() - pg_before if backend == "postgresql" else 0.0
        finally:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        # steady state: from the moment every terminal is connected to the last acknowledgement
        window_start = report.connected_at
        steady = [n for t, n in zip(report.ack_times, report.ack_sizes, strict=True) if t >= window_start]
        window = (max(report.ack_times) - window_start) if steady else 0.0
        table = "telemetry_reading" if mode == "group" else "plain_reading"
        return {
            "connected": report.connected,
            "acked": report.readings_acked,
            "lost": report.lost,
            "readings_per_s": sum(steady) / window if window > 0 else 0.0,
            "frames_per_s": len(steady) / window if window > 0 else 0.0,
            "p50_ms": (report.percentile(0.5) or 0) * 1000,
            "p99_ms": (report.percentile(0.99) or 0) * 1000,
            "server_cpu_us_per_reading": cpu / report.readings_acked * 1e6 if report.acked else 0.0,
            "sim_cpu_us_per_reading": sim_cpu / report.readings_acked * 1e6 if report.acked else 0.0,
            "pg_cpu_us_per_reading": pg_cpu / report.readings_acked * 1e6 if report.acked else 0.0,
            "stored": stored_count(url, table),
        }
    finally:
        drop()


def store_only(backend: str, args, workdir: Path) -> dict[str, float]:
    """The write path alone (no TCP, no decoding): readings/s into the store, product vs baseline."""
    from datetime import timedelta
    from decimal import Decimal

    from zhengce.regimes.groundwater.telemetry.model import Reading, now_cst
    from zhengce.regimes.groundwater.telemetry.store import ReadingStore

    meters, batches = 5000, 6
    start = now_cst() - timedelta(days=5)
    received = now_cst()
    data = [
        [
            Reading(
                f"370102-W-{m:06d}",
                start + timedelta(minutes=k),
                volume_m3=Decimal(1000 + k),
                flow_m3s=Decimal("0.012"),
                depth_m=Decimal("12.340"),
                source="sl651",
                address=f"{m:010d}",
                received_at=received,
            )
            for m in range(meters)
        ]
        for k in range(batches)
    ]
    out = {}
    url, drop = fresh_database(backend, args.pg_url, workdir)
    try:
        engine = make_engine(url)
        store = ReadingStore(engine)
        store.ingest(data[0], validated=True)  # first batch: creates every meter's chain
        began = time.perf_counter()
        for batch in data[1:]:
            store.ingest(batch, validated=True)
        out["group"] = (batches - 1) * meters / (time.perf_counter() - began)
        ingest = plain_ingest(engine)
        sample = data[0][:1500]
        began = time.perf_counter()
        ingest(sample)
        out["plain"] = len(sample) / (time.perf_counter() - began)
        engine.dispose()
    finally:
        drop()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--terminals", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get("ZHENGCE_TEST_PG_URL"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--modes", default="group,plain", help="group (the product), plain (baseline)")
    parser.add_argument(
        "--profiles",
        default="single,bundled",
        help="single: one reading per frame; bundled: 5-minute readings, SL651 hourly reports of 12, "
        "SZY206 works with 4 meters (simulator.bundled_profile)",
    )
    parser.add_argument(
        "--server-args", default="", help="extra options for `telemetry serve`, e.g. '--writers 1'"
    )
    parser.add_argument("--plain-server", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.plain_server:
        plain_server(args.plain_server, args.plain_server)
        return
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    if "postgresql" in backends and not args.pg_url:
        raise SystemExit("PostgreSQL needs --pg-url or $ZHENGCE_TEST_PG_URL")
    modes = [m for m in args.modes.split(",") if m]
    profiles = [p for p in args.profiles.split(",") if p]
    if not set(profiles) <= {"single", "bundled"}:
        raise SystemExit("--profiles takes single and/or bundled")
    print(
        f"{args.terminals} terminals, {args.seconds:g} s per run, median of {args.runs} runs, "
        f"{os.cpu_count()} CPUs (simulator and server share them), "
        f"load average at start: {os.getloadavg()[0]:.2f}"
    )
    print(
        f"{'backend':10s} {'profile':8s} {'server':7s} {'readings/s':>11s} {'frames/s':>9s} {'p50 ms':>8s} "
        f"{'p99 ms':>8s} {'srv µs/rdg':>10s} {'sim µs/rdg':>10s} {'pg µs/rdg':>9s} {'acked':>9s} {'stored':>9s} {'lost':>5s}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            alone = [store_only(backend, args, Path(tmp)) for _ in range(args.runs)]
            group = statistics.median(r["group"] for r in alone)
            plain = statistics.median(r["plain"] for r in alone)
            print(
                f"{backend:10s} store alone (5,000 meters/batch, no TCP): group commit {group:,.0f}/s, "
                f"one INSERT+COMMIT per reading {plain:,.0f}/s ({group / plain:.0f}x)",
                flush=True,
            )
        for backend in backends:
            for profile in profiles:
                medians = {}
                for mode in modes:
                    runs = [one_run(mode, backend, profile, args, Path(tmp)) for _ in range(args.runs)]
                    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                    medians[mode] = median
                    print(
                        f"{backend:10s} {profile:8s} {mode:7s} {median['readings_per_s']:11,.0f} "
                        f"{median['frames_per_s']:9,.0f} {median['p50_ms']:8.1f} "
                        f"{median['p99_ms']:8.1f} {median['server_cpu_us_per_reading']:10.1f} "
                        f"{median['sim_cpu_us_per_reading']:10.1f} {median['pg_cpu_us_per_reading']:9.1f} "
                        f"{median['acked']:9,.0f} {median['stored']:9,.0f} {median['lost']:5.0f}",
                        flush=True,
                    )
                if "group" in medians and "plain" in medians and medians["plain"]["readings_per_s"]:
                    ratio = medians["group"]["readings_per_s"] / medians["plain"]["readings_per_s"]
                    print(f"{backend:10s} {profile:8s} group commit / plain INSERT-per-reading: {ratio:.1f}x")


if __name__ == "__main__":
    main()
