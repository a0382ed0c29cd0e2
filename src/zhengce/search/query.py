"""Turn the free-text part of a query into weighted terms for the two index fields."""

from __future__ import annotations

from dataclasses import dataclass, field

import rjieba

from .bigrams import batch_keys, key_text
from .synonyms import expand
from .tokenize import is_cjk, runs, stopwords, words

SYNONYM_WEIGHT = 0.6


@dataclass
class QueryTerms:
    words: dict[str, float] = field(default_factory=dict)
    bigrams: dict[int, float] = field(default_factory=dict)  # integer bigram keys
    single_char: str = ""  # a one-character query, matched through the bigrams that contain it
    core_words: list[str] = field(default_factory=list)  # the user's own words (for heading boosts)

    def empty(self) -> bool:
        return not (self.words or self.bigrams or self.single_char)

    def mark_terms(self) -> list[str]:
        terms = set(self.words) | {t for t in map(key_text, self.bigrams) if len(t) > 1}
        if self.single_char:
            terms.add(self.single_char)
        return sorted(terms, key=len, reverse=True)


def _content_runs(text: str) -> list[str]:
    """Runs of the query with stop words cut out: `打井要办什么手续` -> [`打井`, `办`, `手续`]."""
    stop = stopwords()
    pieces: list[str] = []
    current = ""
    for tok in rjieba.cut(text):
        if tok in stop or not tok.strip():
            pieces.append(current)
            current = ""
        else:
            current += tok
    pieces.append(current)
    return [r for piece in pieces for r in runs(piece)]


def _cjk_bigrams(parts: list[str]) -> list[int]:
    """Bigram keys of the multi-character runs (lone characters are handled separately)."""
    return [int(k) for k in batch_keys([p for p in parts if len(p) > 1])[0] if k & 0x1FFFFF]


def build_terms(text: str) -> QueryTerms:
    """`text` is normalised and has exact references already removed."""
    terms = QueryTerms()
    if not text.strip():
        return terms
    for w in words(text):
        terms.words[w] = 1.0
    terms.core_words = [w for w in terms.words if len(w) > 1]
    content = _content_runs(text)
    grams = _cjk_bigrams(content)
    for g in grams:
        terms.bigrams[g] = 1.0
    lone = [r for r in content if len(r) == 1 and is_cjk(r)]
    # Only when nothing longer is left: expanding a common character is costly and vague.
    if lone and not grams and not any(len(w) > 1 for w in terms.words):
        terms.single_char = lone[0]
    for legal in expand(text):
        for w in words(legal):
            terms.words.setdefault(w, SYNONYM_WEIGHT)
        for g in _cjk_bigrams(runs(legal)):
            terms.bigrams.setdefault(g, SYNONYM_WEIGHT)
    return terms
