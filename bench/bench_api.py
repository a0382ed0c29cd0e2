"""API/web load benchmark: 50 concurrent users on the demo data, against a static-file baseline.

    .venv/bin/python bench/bench_api.py [--users 50] [--requests 30] [--runs 3] [--workers 2] [--think 0.5]

Builds the demo in a temporary directory (the bundled compilation + `zhengce groundwater demo`'s
2,000-works county + a check), starts `uvicorn zhengce.api.asgi:app` in its own process(es) on
127.0.0.1, then runs closed-loop users (httpx, asyncio) with exponential think time between
actions. Each run has two phases against the same server:

  baseline  every user fetches /static/app.css (what the server costs with no app work)
  mix       every user does a realistic mix as a county official:
              35% search (API), 25% article page (HTML), 20% map data (works GeoJSON + zones),
              20% findings list (API)

Reports p50/p95/p99 latency and error counts per phase, the median over runs. Traffic goes to
127.0.0.1 only; every loop is bounded in request count. Target: mix p99 < 100 ms, 0 errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "policy-compilation-2021.txt"
QUERIES = ["没装水表罚多少", "打井要办什么手续", "取水许可", "地下水超采区", "临时用地期限", "科技成果转化基金",
           "封井", "地热能回灌", "计量设施", "禁止开采区", "水资源税", "生态保护修复资金"]  # fmt: skip
ARTICLES = [("国务院令-748", n) for n in (22, 25, 33, 35, 49, 51, 56, 58)]


def build_demo(root: Path, works: int) -> tuple[Path, str]:
    from zhengce.api.auth.store import AccountStore
    from zhengce.corpus.ingest import parse_path
    from zhengce.corpus.store import CorpusStore
    from zhengce.db import make_engine
    from zhengce.regimes.groundwater.check import run_check
    from zhengce.regimes.groundwater.demo import generate
    from zhengce.regimes.groundwater.store import load_bundle
    from zhengce.search.location import index_dir
    from zhengce.search.maintain import open_index

    db = root / "bench.db"
    engine = make_engine(str(db))
    store = CorpusStore(engine)
    store.ingest(parse_path(DATA).documents)
    open_index(store, index_dir(str(db)))
    load_bundle(engine, generate(works, 2021))
    run_check(engine, date(2024, 12, 31))
    accounts = AccountStore(engine)
    accounts.add_user("bench-county", "bench-password-1", "county", region="370102")
    _, token = accounts.create_token("bench-county", "bench")
    engine.dispose()
    return db, token


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, workers: int) -> subprocess.Popen:
    env = os.environ | {"ZHENGCE_DB": str(db)}
    cmd = [sys.executable, "-m", "uvicorn", "zhengce.api.asgi:app", "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(workers), "--log-level", "warning", "--no-access-log"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/static/app.css", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("server did not start")


def mix_request(rng: random.Random) -> list[str]:
    """One user action; map data is two requests (works and zones), as the map page makes them."""
    r = rng.random()
    if r < 0.35:
        return [f"/api/v1/search?q={rng.choice(QUERIES)}&limit=10"]
    if r < 0.60:
        doc, art = rng.choice(ARTICLES)
        return [f"/laws/{doc}/{art}"]
    if r < 0.80:
        return ["/api/v1/groundwater/works.geojson", "/api/v1/groundwater/zones"]
    return [f"/api/v1/groundwater/findings?limit=50&kind={rng.choice(['violation', 'warning'])}"]


def kind_of(path: str) -> str:
    for prefix, kind in (("/static", "static"), ("/api/v1/search", "search"), ("/laws", "article"),
                         ("/api/v1/groundwater/works", "map works"), ("/api/v1/groundwater/zones", "map zones"),
                         ("/api/v1/groundwater/findings", "findings")):  # fmt: skip
        if path.startswith(prefix):
            return kind
    return "other"


async def user(
    client: httpx.AsyncClient, seed: int, n: int, phase: str, think: float, out: list, errors: list
):
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, think))  # users do not all arrive in the same instant
    for _ in range(n):
        paths = ["/static/app.css"] if phase == "baseline" else mix_request(rng)
        for path in paths:
            t0 = time.perf_counter()
            try:
                resp = await client.get(path)
                ok = resp.status_code == 200
            except httpx.HTTPError as exc:
                ok, resp = False, exc
            out.append((time.perf_counter() - t0, kind_of(path)))
            if not ok:
                errors.append(f"{path}: {getattr(resp, 'status_code', resp)}")
        if think:
            await asyncio.sleep(rng.expovariate(1 / think))


async def phase_run(base: str, token: str, users: int, n: int, phase: str, think: float, seed: int) -> dict:
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=30) as client:
        times: list[float] = []
        errors: list[str] = []
        t0 = time.perf_counter()
        await asyncio.gather(
            *(user(client, seed * 1000 + u, n, phase, think, times, errors) for u in range(users))
        )
        wall = time.perf_counter() - t0
    all_times = sorted(t for t, _ in times)
    by_kind = {k: sorted(t for t, kk in times if kk == k) for k in {k for _, k in times}}
    return {"requests": len(all_times), "errors": len(errors), "error_samples": errors[:5],
            "p50_ms": pct(all_times, 0.50), "p95_ms": pct(all_times, 0.95), "p99_ms": pct(all_times, 0.99),
            "rps": len(all_times) / wall,
            "by_kind": {k: {"n": len(v), "p50_ms": round(pct(v, 0.5), 1), "p99_ms": round(pct(v, 0.99), 1)}
                        for k, v in sorted(by_kind.items())}}  # fmt: skip


def pct(times: list[float], p: float) -> float:
    return times[min(len(times) - 1, int(p * len(times)))] * 1000 if times else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--requests", type=int, default=30, help="actions per user per phase")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--think", type=float, default=0.5, help="mean think time between a user's actions (s)")
    ap.add_argument("--works", type=int, default=2000)
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="zhengce-bench-api-") as tmp:
        t0 = time.perf_counter()
        # Built in a child process: the load generator must not carry the demo's garbage (GC pauses).
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            db, token = pool.submit(build_demo, Path(tmp), args.works).result()
        print(f"demo built in {time.perf_counter() - t0:.1f}s ({args.works} works)", file=sys.stderr)
        port = free_port()
        server = start_server(db, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        try:
            # Warm-up: every worker loads its search index and caches before anything is measured.
            asyncio.run(phase_run(base, token, 10, 10, "mix", 0.0, seed=999))
            runs = {"baseline": [], "mix": []}
            for run in range(args.runs):
                for phase in ("baseline", "mix"):
                    result = asyncio.run(
                        phase_run(base, token, args.users, args.requests, phase, args.think, run)
                    )
                    runs[phase].append(result)
                    print(
                        f"run {run + 1} {phase:8s} {json.dumps(result, ensure_ascii=False)}", file=sys.stderr
                    )
        finally:
            server.terminate()
            server.wait(timeout=20)

    summary = {
        phase: {
            k: round(statistics.median(r[k] for r in results), 2)
            for k in ("requests", "errors", "p50_ms", "p95_ms", "p99_ms", "rps")
        }
        | {"errors_total": sum(r["errors"] for r in results)}
        for phase, results in runs.items()
    }
    summary["config"] = vars(args) | {"json": str(args.json) if args.json else None}
    print(
        f"{'phase':10s} {'requests':>9s} {'rps':>8s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} {'errors':>7s}"
    )
    for phase in ("baseline", "mix"):
        s = summary[phase]
        print(f"{phase:10s} {s['requests']:9.0f} {s['rps']:8.1f} {s['p50_ms']:8.1f} {s['p95_ms']:8.1f} "
              f"{s['p99_ms']:8.1f} {s['errors_total']:7d}")  # fmt: skip
    verdict = summary["mix"]["p99_ms"] < 100 and summary["mix"]["errors_total"] == 0
    print(f"target (mix p99 < 100 ms, no errors): {'met' if verdict else 'NOT met'}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
