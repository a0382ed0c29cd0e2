"""Ingest benchmark: the bundled compilation and a 100x corpus into SQLite.

Targets (issue #2): the compilation under 0.3 s of CPU; >= 5 MB/s on the large corpus.
Baseline in the same run: the floor cost of just decoding the bytes and inserting each
non-blank line into SQLite with the stdlib driver (no cleaning, no structure).

Run: .venv/bin/python bench/bench_ingest.py [--copies 100] [--runs 3]
"""

from __future__ import annotations

import argparse
import platform
import re
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from zhengce.corpus.ingest import parse_bytes
from zhengce.corpus.store import CorpusStore
from zhengce.db import make_engine

ROOT = Path(__file__).resolve().parents[1]
COMPILATION = ROOT / "data" / "policy-compilation-2021.txt"


def big_corpus(copies: int) -> bytes:
    """`copies` distinct editions: every year 2021 becomes 2100+k, so ids and hashes differ."""
    text = COMPILATION.read_text(encoding="utf-8")
    return "\n".join(re.sub(r"2021", str(2100 + k), text) for k in range(copies)).encode("utf-8")


def ingest(data: bytes, db: Path) -> tuple[float, float, int]:
    engine = make_engine(f"sqlite:///{db}")
    store = CorpusStore(engine)
    wall, cpu = time.perf_counter(), time.process_time()
    docs = parse_bytes(data, "bench").documents
    store.ingest(docs)
    result = time.perf_counter() - wall, time.process_time() - cpu, len(docs)
    engine.dispose()
    return result


def baseline(data: bytes, db: Path) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE lines (n INTEGER PRIMARY KEY, text TEXT)")
    lines = [ln for ln in data.decode("utf-8").split("\n") if ln.strip()]
    with conn:
        conn.executemany("INSERT INTO lines (text) VALUES (?)", ((ln,) for ln in lines))
    conn.close()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure(label: str, data: bytes, runs: int) -> None:
    mb = len(data) / 1e6
    ours, floor = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            ours.append(ingest(data, Path(tmp) / "z.db"))
            floor.append(baseline(data, Path(tmp) / "b.db"))
    wall = statistics.median(r[0] for r in ours)
    cpu = statistics.median(r[1] for r in ours)
    base_wall = statistics.median(r[0] for r in floor)
    print(f"{label}: {mb:.2f} MB, {ours[0][2]} documents")
    print(f"  zhengce ingest  wall {wall:.3f} s  cpu {cpu:.3f} s  {mb / wall:.2f} MB/s (median of {runs})")
    print(f"  baseline (decode + insert lines)  wall {base_wall:.3f} s  {mb / base_wall:.2f} MB/s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    measure("compilation", COMPILATION.read_bytes(), max(args.runs, 5))
    measure(f"{args.copies}x corpus", big_corpus(args.copies), args.runs)


if __name__ == "__main__":
    main()
