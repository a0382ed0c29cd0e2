"""Throughput of each provisions extractor over every node text of the bundled compilation.

Run: .venv/bin/python bench/bench_provisions.py   (median of 5 runs; target >= 2 MB/s each)
Baseline in the same run: one pass of a single compiled regex (`应当|不得|罚款`) over the same texts.
"""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path

from zhengce.corpus.ingest import parse_path
from zhengce.provisions import actors, classify, quantities, references, targets, tasks

COMPILATION = Path(__file__).resolve().parents[1] / "data" / "policy-compilation-2021.txt"


def rate(fn, texts: list[str], size: int, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for t in texts:
            fn(t)
        times.append(time.perf_counter() - start)
    return size / statistics.median(times) / 1e6


def main() -> None:
    texts = [n.text for d in parse_path(COMPILATION).documents for n in d.nodes() if n.text]
    size = sum(len(t.encode("utf-8")) for t in texts)
    print(f"{len(texts)} node texts, {size / 1e6:.2f} MB")
    baseline = re.compile("应当|不得|罚款")
    print(f"  baseline one regex findall: {rate(baseline.findall, texts, size):7.1f} MB/s")
    for fn in (classify, quantities, actors, references, targets, tasks):
        print(f"  {fn.__name__:<12} {rate(fn, texts, size):7.1f} MB/s")


if __name__ == "__main__":
    main()
