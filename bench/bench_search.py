"""Search benchmark on a synthetic 100,000-node corpus built from the compilation's own vocabulary.

    .venv/bin/python bench/bench_search.py [--nodes 100000] [--runs 5]

Documents are regulation-shaped (chapters > articles > paragraphs); node texts are word sequences
drawn from the real word distribution of data/policy-compilation-2021.txt, with real node lengths.
Prints index build throughput and query latency p50/p99 (median over runs) for zhengce.search and
for the plain baseline (rjieba tokens + bm25s), measured in the same process.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import bm25s
import numpy as np
import rjieba

from zhengce.corpus.ingest import parse_file
from zhengce.corpus.model import Document, Node
from zhengce.corpus.numerals import int_to_cn
from zhengce.search import SearchIndex, records_from_documents

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "policy-compilation-2021.txt"
sys.path.insert(0, str(ROOT / "bench" / "search_eval"))


def vocabulary(docs: list[Document]) -> tuple[list[str], np.ndarray, list[int]]:
    counts: Counter[str] = Counter()
    lengths = []
    for d in docs:
        for n in d.nodes():
            if n.text:
                counts.update(t for t in rjieba.cut(n.text) if t.strip())
                lengths.append(len(n.text))
    words = list(counts)
    freq = np.array([counts[w] for w in words], dtype=np.float64)
    return words, freq / freq.sum(), lengths


def synthetic_docs(n_nodes: int, words: list[str], probs: np.ndarray, lengths: list[int], seed: int = 7):
    rng = np.random.default_rng(seed)
    pyrng = random.Random(seed)
    pool = rng.choice(len(words), size=4_000_000, p=probs)  # pre-drawn word ids, consumed in order
    pos = 0

    def text() -> str:
        nonlocal pos
        target = pyrng.choice(lengths)
        out, size = [], 0
        while size < target:
            w = words[pool[pos % len(pool)]]
            pos += 1
            out.append(w)
            size += len(w)
        return "".join(out) + "。"

    docs, made, d = [], 0, 0
    while made < n_nodes:
        d += 1
        title = f"合成管理条例{d}"
        body = Node("document")
        made += 1  # the document record
        art_no = 0
        for c in range(1, 11):
            chapter = Node(
                "chapter",
                eid=f"chp_{c}",
                number=c,
                heading=text()[:8],
                text="",
                citation=f"《{title}》第{int_to_cn(c)}章",
            )
            body.children.append(chapter)
            made += 1
            for _ in range(10):
                art_no += 1
                eid = f"chp_{c}__art_{art_no}"
                cite = f"《{title}》第{int_to_cn(art_no)}条"
                art = Node("article", eid=eid, number=art_no, citation=cite, pages=[(0, art_no)])
                chapter.children.append(art)
                made += 1
                n_paras = pyrng.choice([0, 0, 2, 3])
                if n_paras == 0:
                    art.text = text()
                for p in range(1, n_paras + 1):
                    art.children.append(
                        Node(
                            "paragraph",
                            eid=f"{eid}__para_{p}",
                            number=p,
                            text=text(),
                            citation=f"{cite}第{int_to_cn(p)}款",
                        )
                    )
                    made += 1
                if made >= n_nodes:
                    break
            if made >= n_nodes:
                break
        docs.append(
            Document(
                f"合成-{d}",
                title,
                "条例",
                body,
                short_title=title,
                doc_number=f"合成令第{d}号",
                issuers=["国务院"],
                signed_date="2021-10-21",
            )
        )
    return docs


def queries(words: list[str], probs: np.ndarray, n: int = 300, seed: int = 11) -> list[str]:
    from make_queries import QUERIES

    rng = np.random.default_rng(seed)
    lay = [q for q, _, _ in QUERIES]
    common = [w for w in np.array(words)[np.argsort(-probs)[:3000]] if len(w) >= 2]
    out = list(lay)
    while len(out) < n:
        kind = rng.integers(4)
        if kind == 0:
            out.append(str(rng.choice(common))[:1])  # one character
        elif kind == 1:
            out.append(str(rng.choice(common)))  # one word
        elif kind == 2:
            out.append("".join(rng.choice(common, size=3)))  # a run-on phrase
        else:
            out.append(f"合成管理条例{rng.integers(1, 100)}第{int_to_cn(int(rng.integers(1, 100)))}条")
    return out[:n]


def latency(fn, qs: list[str], runs: int) -> tuple[float, float]:
    p50s, p99s = [], []
    for _ in range(runs):
        times = []
        for q in qs:
            t = time.perf_counter()
            fn(q)
            times.append(time.perf_counter() - t)
        p50s.append(np.percentile(times, 50) * 1000)
        p99s.append(np.percentile(times, 99) * 1000)
    return statistics.median(p50s), statistics.median(p99s)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    words, probs, lengths = vocabulary(parse_file(DATA))
    docs = synthetic_docs(args.nodes, words, probs, lengths)
    records = records_from_documents(docs)
    qs = queries(words, probs)
    print(f"corpus: {len(docs)} documents, {len(records)} nodes, {len(qs)} queries, {args.runs} runs")

    builds = []
    for _ in range(max(1, min(args.runs, 3))):
        t = time.perf_counter()
        index = SearchIndex.build(docs)
        builds.append(time.perf_counter() - t)
    build_s = statistics.median(builds)

    t = time.perf_counter()
    base_tokens = [[w for w in rjieba.cut(r.index_text().lower()) if w.strip()] for r in records]
    model = bm25s.BM25()
    model.index(base_tokens, show_progress=False)
    base_build_s = time.perf_counter() - t

    def base_search(q: str):
        toks = [w for w in rjieba.cut(q.lower()) if w.strip() and w in model.vocab_dict]
        if toks:
            model.retrieve([toks], k=10, show_progress=False, n_threads=1)

    for q in qs[:20]:  # warm caches (first 1-char query builds the char table)
        index.search(q)
        base_search(q)
    p50, p99 = latency(lambda q: index.search(q, limit=10), qs, args.runs)
    b50, b99 = latency(base_search, qs, args.runs)

    n = len(records)
    print(f"{'system':<10}{'build nodes/s':>15}{'query p50 ms':>14}{'query p99 ms':>14}")
    print(f"{'zhengce':<10}{n / build_s:>15,.0f}{p50:>14.2f}{p99:>14.2f}")
    print(f"{'baseline':<10}{n / base_build_s:>15,.0f}{b50:>14.2f}{b99:>14.2f}")
    print("targets: build >= 20,000 nodes/s, p50 < 5 ms, p99 < 30 ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
