"""Character bigrams as integer keys, computed for a whole batch of texts with numpy.

A key is `first << 21 | second` (code points fit in 21 bits); a CJK character standing alone
between non-CJK characters is kept as the unigram key `char << 21`. Integer keys avoid building
millions of two-character strings when indexing, and let a one-character query find every bigram
containing the character with one vectorised comparison.
"""

from __future__ import annotations

import numpy as np

SHIFT = 21
LOW = (1 << SHIFT) - 1
SEPARATOR = "\n"  # never CJK, so bigrams never cross texts


def _is_cjk(cp: np.ndarray) -> np.ndarray:
    return (
        ((cp >= 0x3400) & (cp <= 0x4DBF))
        | ((cp >= 0x4E00) & (cp <= 0x9FFF))
        | ((cp >= 0xF900) & (cp <= 0xFAFF))
    )


def batch_keys(texts: list[str], ordered: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(keys, row of each key) for normalised texts without newlines, in text order when `ordered`
    (the indexer only counts them, so it skips the sort)."""
    if not texts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    joined = SEPARATOR.join(texts)
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    row = np.cumsum(cp == ord(SEPARATOR))
    cjk = _is_cjk(cp)
    prev = np.concatenate(([False], cjk[:-1]))
    nxt = np.concatenate((cjk[1:], [False]))
    pair_at = np.flatnonzero(cjk & nxt)
    lone_at = np.flatnonzero(cjk & ~prev & ~nxt)
    at = np.concatenate((pair_at, lone_at))
    keys = np.concatenate(((cp[pair_at] << SHIFT) | cp[pair_at + 1], cp[lone_at] << SHIFT))
    if not ordered:
        return keys, row[at]
    order = np.argsort(at, kind="stable")
    return keys[order], row[at[order]]


def keys_of(text: str) -> list[int]:
    return batch_keys([text.replace(SEPARATOR, " ")])[0].tolist()


def key_text(key: int) -> str:
    low = key & LOW
    return chr(key >> SHIFT) + (chr(low) if low else "")


def char_key_mask(keys: np.ndarray, ch: str) -> np.ndarray:
    c = ord(ch)
    return ((keys >> SHIFT) == c) | ((keys & LOW) == c)
