"""HTML snippets: a window of the record text around its best matches, terms in <mark>."""

from __future__ import annotations

import html
from collections.abc import Iterable

import numpy as np

from .normalize import normalize

WINDOW = 120


def _normalised_with_map(text: str) -> tuple[str, list[int]]:
    """Per-character normalisation, remembering which original character each output char came from."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        n = normalize(ch) if not ch.isascii() else ch.lower()
        out.append(n)
        origin.extend([i] * len(n))
    return "".join(out), origin


def _alnum_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isascii() and text[i].isalnum()


def make_snippet(text: str, terms: Iterable[str], window: int = WINDOW) -> str:
    if not text:
        return ""
    norm, origin = _normalised_with_map(text)
    covered = np.zeros(len(text), dtype=bool)
    for term in {t for t in terms if t and t.strip()}:
        start = norm.find(term)
        ascii_term = term.isascii()
        while start >= 0:
            end = start + len(term)
            # ASCII terms (numbers, Latin words) only count as whole tokens: `1` is not marked in `2021`.
            if not ascii_term or not (_alnum_at(norm, start - 1) or _alnum_at(norm, end)):
                covered[origin[start] : origin[end - 1] + 1] = True
            start = norm.find(term, start + 1)
    lo = 0
    if len(text) > window and covered.any():
        # The window covering the most matched characters, started a little before the first of them.
        sums = np.convolve(covered.astype(np.int32), np.ones(window, dtype=np.int32), mode="valid")
        best = int(np.argmax(sums))
        first = best + int(np.argmax(covered[best : best + window]))
        lo = max(0, min(first - 10, len(text) - window))
    hi = min(len(text), lo + window)
    parts = ["…" if lo > 0 else ""]
    i = lo
    while i < hi:
        j = i
        while j < hi and covered[j] == covered[i]:
            j += 1
        chunk = html.escape(text[i:j])
        parts.append(f"<mark>{chunk}</mark>" if covered[i] else chunk)
        i = j
    parts.append("…" if hi < len(text) else "")
    return "".join(parts)
