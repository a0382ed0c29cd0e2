"""Speed of the provisions extractors and of the provisions table over the bundled compilation.

Run: .venv/bin/python bench/bench_provisions.py   (median of 5 runs each)

1. Throughput of each per-text extractor over every node text (target >= 2 MB/s each), with a
   baseline in the same run: one pass of a single compiled regex (`应当|不得|罚款`).
2. Whole-compilation figures (target: extraction and refresh well under 1 s), with baselines
   in the same run: parsing the compilation (parse_path) and storing it (CorpusStore.ingest).
   - extract_document over all 21 documents (all nodes, all kinds, references, anomalies);
   - ProvisionStore.refresh(force=True) on SQLite: load, extract and write every document;
   - ProvisionStore.refresh() again: the no-op the lead's ingest hook pays when nothing changed.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from zhengce.corpus.ingest import parse_path
from zhengce.corpus.store import CorpusStore
from zhengce.db import make_engine
from zhengce.provisions import actors, classify, quantities, references, targets, tasks
from zhengce.provisions.extract import extract_document
from zhengce.provisions.resolve import TitleIndex
from zhengce.provisions.store import ProvisionStore

COMPILATION = Path(__file__).resolve().parents[1] / "data" / "policy-compilation-2021.txt"
RUNS = 5


def median_seconds(fn: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def rate(fn, texts: list[str], size: int) -> float:
    return size / median_seconds(lambda: [fn(t) for t in texts]) / 1e6


def main() -> None:
    docs = parse_path(COMPILATION).documents
    texts = [n.text for d in docs for n in d.nodes() if n.text]
    size = sum(len(t.encode("utf-8")) for t in texts)
    print(f"{len(docs)} documents, {len(texts)} node texts, {size / 1e6:.2f} MB")
    baseline = re.compile("应当|不得|罚款")
    print(f"  baseline one regex findall: {rate(baseline.findall, texts, size):7.1f} MB/s")
    for fn in (classify, quantities, actors, references, targets, tasks):
        print(f"  {fn.__name__:<12} {rate(fn, texts, size):7.1f} MB/s")

    print("\nwhole compilation (median of 5, seconds)")
    parse = median_seconds(lambda: parse_path(COMPILATION))
    titles = TitleIndex.from_documents(docs)
    extract = median_seconds(lambda: [extract_document(d, titles) for d in docs])
    rows = sum(len(extract_document(d, titles)) for d in docs)
    print(f"  baseline parse_path            {parse:6.3f}")
    print(f"  extract_document, all docs     {extract:6.3f}   ({rows} rows)")
    with tempfile.TemporaryDirectory() as tmp:
        times = []
        for i in range(RUNS):
            engine = make_engine(f"sqlite:///{Path(tmp) / f'b{i}.db'}")
            start = time.perf_counter()
            CorpusStore(engine).ingest(docs)
            times.append(time.perf_counter() - start)
        print(f"  baseline CorpusStore.ingest    {statistics.median(times):6.3f}")
        store = ProvisionStore(make_engine(f"sqlite:///{Path(tmp) / 'b0.db'}"))
        full = median_seconds(lambda: store.refresh(force=True))
        noop = median_seconds(lambda: store.refresh())
        print(f"  refresh(force=True), SQLite    {full:6.3f}")
        print(f"  refresh() when up to date      {noop:6.3f}")


if __name__ == "__main__":
    main()
