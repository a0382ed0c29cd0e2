"""Precision and recall of zhengce.provisions against the hand-labelled nodes in labels.jsonl.

    .venv/bin/python bench/provisions_eval/run_eval.py [--verbose] [--doc DOC_ID] [--split dev|heldout]

Two splits: `dev` (513 nodes, used while developing the extractor, so its figures are optimistic)
and `heldout` (99 nodes picked by a fixed rule, every k-th unlabelled node of each document,
labelled before the extractor was run on them and not used to change it).

Runs the real pipeline (parse_path -> analyse_document) over the bundled compilation and
compares, node by node:
- kinds: each of the nine kinds is a yes/no per labelled node;
- actors: names after canonical_name (whitespace, bracket width, 任何/有关 prefixes);
  level accuracy is reported over the matched names;
- quantities: (type, unit, lower bound, upper bound) for measures, (role, ISO value) for
  dates; counts (个, 家, 项 …) are not labelled and not scored.
Labelling rules are in docs/provisions.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from zhengce.corpus.ingest import parse_path
from zhengce.provisions.actors import canonical_name
from zhengce.provisions.extract import NodeFacts, analyse_document
from zhengce.provisions.quantities import Quantity
from zhengce.provisions.resolve import TitleIndex

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "policy-compilation-2021.txt"
LABELS = Path(__file__).with_name("labels.jsonl")
KINDS = ("obligation", "prohibition", "permission", "penalty", "definition", "target", "task",
         "effect", "deadline")  # fmt: skip
QTYPES = ("money", "percent", "ratio", "duration", "volume", "area", "date")
ROLE = {"deadline": "deadline", "min": "start", "exact": "exact", "range": "range", "max": "deadline"}


def _num(v: float | int | None) -> float | None:
    return None if v is None else round(float(v), 3)


def predicted_quantity(q: Quantity) -> tuple | None:
    if q.kind in ("date", "deadline"):
        return ("date", ROLE.get(q.role, q.role), q.iso)
    if q.kind not in QTYPES:
        return None  # counts are not scored
    return (q.kind, q.unit, _num(q.value_min), _num(q.value_max))  # type: ignore[arg-type]


def labelled_quantity(q: dict) -> tuple:
    if q["kind"] == "date":
        return ("date", q["role"], q["value"])
    return (q["kind"], q["unit"], _num(q["min"]), _num(q["max"]))


class Score:
    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.fp: Counter[str] = Counter()
        self.fn: Counter[str] = Counter()

    def row(self, key: str) -> tuple[int, int, int, float, float]:
        tp, fp, fn = self.tp[key], self.fp[key], self.fn[key]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return tp, fp, fn, p, r

    def total(self) -> tuple[int, int, int, float, float]:
        tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return tp, fp, fn, p, r


def multiset_match(want: list, got: list) -> tuple[list, list, list]:
    left = Counter(got)
    hit, miss = [], []
    for w in want:
        if left[w] > 0:
            left[w] -= 1
            hit.append(w)
        else:
            miss.append(w)
    extra = list(left.elements())
    return hit, miss, extra


def evaluate(labels: list[dict], facts: dict[tuple[str, str], NodeFacts], verbose: bool) -> dict:
    kinds, actors, quants = Score(), Score(), Score()
    level_ok = level_all = 0
    for lab in labels:
        f = facts.get((lab["doc_id"], lab["eid"]))
        got_kinds = set(f.kinds) - {"other"} if f else set()
        want_kinds = set(lab["kinds"])
        for k in KINDS:
            if k in want_kinds and k in got_kinds:
                kinds.tp[k] += 1
            elif k in got_kinds:
                kinds.fp[k] += 1
            elif k in want_kinds:
                kinds.fn[k] += 1
        got_actors = {canonical_name(a.name): a.level for a in (f.actors if f else ())}
        want_actors = {canonical_name(a["name"]): a["level"] for a in lab["actors"]}
        for name, level in want_actors.items():
            if name in got_actors:
                actors.tp["actor"] += 1
                level_all += 1
                level_ok += got_actors[name] == level
            else:
                actors.fn["actor"] += 1
        actors.fp["actor"] += len(set(got_actors) - set(want_actors))
        got_q = [k for q in (f.quantities if f else ()) if (k := predicted_quantity(q))]
        want_q = [labelled_quantity(q) for q in lab["quantities"]]
        hit, miss, extra = multiset_match(want_q, got_q)
        for k in hit:
            quants.tp[k[0]] += 1
        for k in miss:
            quants.fn[k[0]] += 1
        for k in extra:
            quants.fp[k[0]] += 1
        if verbose:
            diffs = []
            if want_kinds != got_kinds:
                diffs.append(f"kinds -{sorted(want_kinds - got_kinds)} +{sorted(got_kinds - want_kinds)}")
            if set(want_actors) != set(got_actors):
                diffs.append(
                    f"actors -{sorted(set(want_actors) - set(got_actors))} "
                    f"+{sorted(set(got_actors) - set(want_actors))}"
                )
            if miss or extra:
                diffs.append(f"quantities -{miss} +{extra}")
            if diffs:
                print(f"{lab['doc_id']} {lab['eid']}  {lab['text'][:30]}")
                for d in diffs:
                    print("    " + d)
    return {"kinds": kinds, "actors": actors, "quantities": quants, "level": (level_ok, level_all)}


def report(result: dict, n_labels: int, n_docs: int) -> None:
    print(f"{n_labels} labelled nodes in {n_docs} documents\n")
    line = "{:<14} {:>5} {:>5} {:>5} {:>9} {:>7}"
    print(line.format("kind", "tp", "fp", "fn", "precision", "recall"))
    for k in KINDS:
        tp, fp, fn, p, r = result["kinds"].row(k)
        print(line.format(k, tp, fp, fn, f"{p:.3f}", f"{r:.3f}"))
    tp, fp, fn, p, r = result["kinds"].total()
    print(line.format("all kinds", tp, fp, fn, f"{p:.3f}", f"{r:.3f}"))
    print()
    tp, fp, fn, p, r = result["actors"].total()
    print(line.format("actors", tp, fp, fn, f"{p:.3f}", f"{r:.3f}"))
    ok, total = result["level"]
    print(f"{'actor level':<14} {ok}/{total} matched actors with the right level ({ok / max(total, 1):.3f})")
    print()
    print(line.format("quantity", "tp", "fp", "fn", "precision", "recall"))
    for k in QTYPES:
        tp, fp, fn, p, r = result["quantities"].row(k)
        print(line.format(k, tp, fp, fn, f"{p:.3f}", f"{r:.3f}"))
    tp, fp, fn, p, r = result["quantities"].total()
    print(line.format("all", tp, fp, fn, f"{p:.3f}", f"{r:.3f}"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every labelled node that differs")
    parser.add_argument("--doc", help="only this doc_id")
    parser.add_argument(
        "--split", choices=("dev", "heldout"), help="only this split (default: each, then all)"
    )
    args = parser.parse_args()
    labels = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.doc:
        labels = [lab for lab in labels if lab["doc_id"] == args.doc]
    if args.split:
        labels = [lab for lab in labels if lab["split"] == args.split]
    docs = parse_path(DATA).documents
    titles = TitleIndex.from_documents(docs)
    facts: dict[tuple[str, str], NodeFacts] = {}
    by_doc: dict[str, int] = defaultdict(int)
    for doc in docs:
        for f in analyse_document(doc, titles):
            facts[(f.doc_id, f.eid)] = f
    for lab in labels:
        by_doc[lab["doc_id"]] += 1
    known = {d.doc_id for d in docs}
    missing = sorted(set(by_doc) - known)
    if missing:
        print(f"labels name unknown documents: {missing}", file=sys.stderr)
        return 2
    # A label keeps the first characters of its node: if the corpus parser renumbers nodes,
    # the label must be moved by hand, not silently scored against another node.
    by_id = {d.doc_id: d for d in docs}
    stale = [
        f"{lab['doc_id']} {lab['eid']}"
        for lab in labels
        if (n := by_id[lab["doc_id"]].node(lab["eid"])) is None or not n.text.startswith(lab["text"])
    ]
    if stale:
        print("labels no longer match their nodes:\n  " + "\n  ".join(stale), file=sys.stderr)
        return 2
    groups = (
        [(args.split, labels)]
        if args.split
        else [
            ("dev", [lab for lab in labels if lab["split"] == "dev"]),
            ("heldout", [lab for lab in labels if lab["split"] == "heldout"]),
            ("all", labels),
        ]
    )
    for name, group in groups:
        print(f"=== {name} ===")
        report(
            evaluate(group, facts, args.verbose and name != "all"),
            len(group),
            len({g["doc_id"] for g in group}),
        )
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
