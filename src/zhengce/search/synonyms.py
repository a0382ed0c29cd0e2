"""Lay-to-statute synonym expansion, driven by `synonyms.txt` (data, not code)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from .normalize import normalize


@lru_cache(maxsize=1)
def synonym_table() -> tuple[tuple[str, tuple[str, ...]], ...]:
    text = resources.files(__package__).joinpath("synonyms.txt").read_text(encoding="utf-8")
    table = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or ":" not in line:
            continue
        lay, legal = line.split(":", 1)
        terms = tuple(normalize(t) for t in legal.split())
        if lay.strip() and terms:
            table.append((normalize(lay.strip()), terms))
    # Longest lay phrase first, so `抽地下水` wins over `抽水` when both would apply.
    table.sort(key=lambda row: -len(row[0]))
    return tuple(table)


def expand(query: str) -> list[str]:
    """Statute terms for the lay phrases found in a normalised query (no duplicates, no originals)."""
    out: list[str] = []
    covered: list[tuple[int, int]] = []
    for lay, terms in synonym_table():
        start = query.find(lay)
        if start < 0:
            continue
        end = start + len(lay)
        # A shorter phrase inside an already-expanded longer one adds nothing new.
        if any(s <= start and end <= e for s, e in covered):
            continue
        covered.append((start, end))
        out.extend(t for t in terms if t not in out and t not in query)
    return out
