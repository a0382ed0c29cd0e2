"""Word tokens (rjieba search mode) and the string-level helpers shared with query parsing.

Words give precise matches on real vocabulary; the bigram field (`bigrams.py`) makes 1–2 character
queries work and tolerates typos and segmentation mismatches. The string bigrams here are only
used for fuzzy document-name matching.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import rjieba

# A "run" is a stretch of CJK characters or of ASCII letters/digits; bigrams never cross runs.
_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9][a-z0-9.%]*")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORDY = re.compile(r"\w")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    text = resources.files(__package__).joinpath("stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if (w := line.split("#", 1)[0].strip()))


def is_word(token: str) -> bool:
    """A token worth indexing: has a letter/digit and is not a stop word."""
    # isalnum() is the fast path (true for CJK words); the regex catches tokens like `10%`.
    return (token.isalnum() or bool(_WORDY.search(token))) and token not in stopwords()


def words(text: str) -> list[str]:
    """Search-mode words of normalised text, without punctuation and stop words."""
    stop = stopwords()
    # isalnum() is the fast path (true for CJK words); the regex catches tokens like `10%`.
    return [w for w in rjieba.cut_for_search(text) if (w.isalnum() or _WORDY.search(w)) and w not in stop]


def runs(text: str) -> list[str]:
    return _RUN.findall(text)


def bigrams_of_runs(parts: list[str]) -> list[str]:
    """CJK runs -> overlapping bigrams (a lone character stays a unigram); ASCII runs stay whole."""
    out: list[str] = []
    for run in parts:
        if len(run) == 1 or not _CJK.match(run):
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def bigrams(text: str) -> list[str]:
    return bigrams_of_runs(runs(text))


def is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))
