"""Retrieval quality of zhengce.search vs a plain BM25-over-jieba baseline on lay queries.

    .venv/bin/python bench/search_eval/run_eval.py [--verbose]

A hit counts as relevant when it is a labelled node, a part of one (a paragraph of a labelled
article), or the article/point that contains a labelled part. Recall@k here is "success@k":
the share of queries with at least one relevant hit in the top k.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import bm25s
import numpy as np
import rjieba

from zhengce.corpus.ingest import parse_file
from zhengce.search import SearchIndex, records_from_documents

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "policy-compilation-2021.txt"
QUERIES = Path(__file__).with_name("queries.jsonl")
UNIT_KINDS = {"article", "subsec"}
KS = (1, 5, 10)


def is_relevant(doc_id: str, eid: str, kind: str, labels: list[dict]) -> bool:
    for lab in labels:
        if lab["doc_id"] != doc_id:
            continue
        want = lab["eid"]
        if eid == want or eid.startswith(want + "__"):
            return True
        if kind in UNIT_KINDS and want.startswith(eid + "__"):
            return True
    return False


class Baseline:
    """rjieba tokens + bm25s over the same records: no bigrams, boosts, synonyms or dedup."""

    def __init__(self, records) -> None:
        self.records = records
        self.model = bm25s.BM25()
        self.model.index([self.tokens(r.index_text()) for r in records], show_progress=False)

    @staticmethod
    def tokens(text: str) -> list[str]:
        return [t for t in rjieba.cut(text.lower()) if t.strip()]

    def search(self, query: str, k: int = 10) -> list[tuple[str, str, str]]:
        tokens = self.tokens(query)
        vocab = self.model.vocab_dict
        tokens = [t for t in tokens if t in vocab]
        if not tokens:
            return []
        docs, scores = self.model.retrieve([tokens], k=min(k, len(self.records)), show_progress=False)
        out = []
        for idx, score in zip(docs[0], scores[0], strict=True):
            if score > 0:
                r = self.records[int(idx)]
                out.append((r.doc_id, r.eid, r.kind))
        return out


def evaluate(name: str, search, queries: list[dict], verbose: bool) -> dict[str, float]:
    hits_at = {k: 0 for k in KS}
    rr = []
    for q in queries:
        results = search(q["query"])[:10]
        rank = next(
            (i + 1 for i, (d, e, kind) in enumerate(results) if is_relevant(d, e, kind, q["relevant"])), None
        )
        for k in KS:
            hits_at[k] += rank is not None and rank <= k
        rr.append(1.0 / rank if rank else 0.0)
        if verbose and rank != 1:
            got = ", ".join(f"{d[:10]}:{e}" for d, e, _ in results[:3])
            print(f"  [{name}] rank={rank} {q['query']!r} -> {got}")
    n = len(queries)
    return {**{f"R@{k}": hits_at[k] / n for k in KS}, "MRR@10": float(np.mean(rr))}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--verbose", action="store_true", help="list queries not answered at rank 1")
    args = parser.parse_args()
    docs = parse_file(DATA)
    queries = [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]
    known = {(d.doc_id, n.eid) for d in docs for n in d.nodes()}
    missing = [
        (q["query"], lab)
        for q in queries
        for lab in q["relevant"]
        if (lab["doc_id"], lab["eid"]) not in known
    ]
    for query, lab in missing:
        print(f"WARNING: label not in corpus: {query!r} -> {lab}", file=sys.stderr)
    covered = {lab["doc_id"] for q in queries for lab in q["relevant"]}
    print(
        f"{len(queries)} queries, {len(covered)}/{len(docs)} documents covered, {len(missing)} stale labels"
    )

    index = SearchIndex.build(docs)
    baseline = Baseline(records_from_documents(docs))

    def ours(query: str):
        return [(h.doc_id, h.eid, h.kind) for h in index.search(query, limit=10)]

    rows = {
        "zhengce": evaluate("zhengce", ours, queries, args.verbose),
        "baseline": evaluate("baseline", baseline.search, queries, args.verbose),
    }
    tags = sorted({q["tag"] for q in queries})
    print(f"{'system':<10}" + "".join(f"{m:>9}" for m in rows["zhengce"]))
    for name, metrics in rows.items():
        print(f"{name:<10}" + "".join(f"{v:>9.3f}" for v in metrics.values()))
    for tag in tags:
        subset = [q for q in queries if q["tag"] == tag]
        a = evaluate("zhengce", ours, subset, False)["MRR@10"]
        b = evaluate("baseline", baseline.search, subset, False)["MRR@10"]
        print(f"  MRR@10 on {tag:<11} ({len(subset):>3}): zhengce {a:.3f}  baseline {b:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
