"""BM25 over several segments, with corpus statistics taken from the live rows at query time.

Why not bm25s directly: bm25s bakes IDF into its stored per-document weights at index time, so any
add or remove would mean re-indexing everything. Keeping raw tf per segment and computing IDF and
average length from live rows makes an incrementally maintained index score exactly like a fresh
one (lengths are integers, summed in float64, so the order of segments does not matter).
"""

from __future__ import annotations

import numpy as np

from .segment import Segment

K1 = 1.2
B = 0.75


class FieldStats:
    """Per-field view over all segments: global row offsets, live lengths, char->bigram cache."""

    def __init__(self, segments: list[Segment], offsets: list[int], live: np.ndarray, name: str) -> None:
        self.name = name
        self.parts = [(seg.fields[name], off) for seg, off in zip(segments, offsets, strict=True)]
        lengths = (
            np.concatenate([fp.lengths for fp, _ in self.parts]) if self.parts else np.empty(0, np.float32)
        )
        self.lengths = lengths.astype(np.float64)
        self.live = live
        self.n_live = int(live.sum())
        self.avgdl = float(self.lengths[live].sum()) / self.n_live if self.n_live else 1.0
        # Precomputed BM25 length normaliser per row.
        self.norm = K1 * (1.0 - B + B * self.lengths / max(self.avgdl, 1e-9))

    def postings(self, term: str | int) -> tuple[np.ndarray, np.ndarray]:
        rows, tfs = [], []
        for fp, off in self.parts:
            p = fp.postings(term)
            if p is not None:
                rows.append(p[0].astype(np.int64) + off)
                tfs.append(p[1])
        return _cat(rows, tfs)

    def char_postings(self, ch: str) -> tuple[np.ndarray, np.ndarray]:
        """A virtual unigram: tf summed over every bigram containing the character."""
        rows, tfs = [], []
        for fp, off in self.parts:
            ids = fp.char_term_ids(ch)
            if len(ids) == 0:
                continue
            r, f = fp.postings_of_ids(ids)
            summed = np.bincount(r, weights=f, minlength=len(fp.lengths))
            nz = np.flatnonzero(summed)
            rows.append(nz.astype(np.int64) + off)
            tfs.append(summed[nz].astype(np.float32))
        return _cat(rows, tfs)

    def add_scores(self, scores: np.ndarray, rows: np.ndarray, tfs: np.ndarray, weight: float) -> None:
        if len(rows) == 0:
            return
        keep = self.live[rows]
        rows, tfs = rows[keep], tfs[keep].astype(np.float64)
        df = len(rows)
        if df == 0:
            return
        idf = np.log(1.0 + (self.n_live - df + 0.5) / (df + 0.5))
        scores[rows] += weight * idf * tfs * (K1 + 1.0) / (tfs + self.norm[rows])


def _cat(rows: list[np.ndarray], tfs: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    if not rows:
        return np.empty(0, np.int64), np.empty(0, np.float32)
    if len(rows) == 1:
        return rows[0], tfs[0]
    return np.concatenate(rows), np.concatenate(tfs)
