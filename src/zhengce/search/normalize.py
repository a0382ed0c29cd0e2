"""Text normalisation shared by indexing and querying, so both sides see the same characters."""

from __future__ import annotations

import re
import unicodedata

from .errors import QueryError

MAX_QUERY_CHARS = 200

# Control, format, surrogate, private-use and unassigned code points carry no searchable meaning,
# and lone surrogates cannot even be encoded to UTF-8 for the segmenter.
_DROP_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_SPACE = re.compile(r"\s+")


class _CharMap(dict):
    """ord -> NFKC-and-lowercased replacement, filled on first sight of each character."""

    def __missing__(self, cp: int) -> str:
        value = unicodedata.normalize("NFKC", chr(cp)).lower()
        self[cp] = value
        return value


_CHARS = _CharMap()


def normalize(text: str) -> str:
    """NFKC (full-width -> half-width) and lowercase, character by character.

    Per-character mapping (a cached `str.translate`) is several times faster than whole-string
    NFKC on megabytes of index text; it differs only for decomposed combining sequences, and the
    index, queries and snippets all use this same function.
    """
    return text.translate(_CHARS)


def scrub(text: str) -> str:
    """Drop code points that are never searchable; whitespace-like controls become spaces."""
    out = []
    for ch in text:
        if ch in "\t\n\r\x0b\x0c":
            out.append(" ")
        elif unicodedata.category(ch) not in _DROP_CATEGORIES:
            out.append(ch)
    return "".join(out)


def clean_query(query: object) -> str:
    """Validate and normalise a user query; raise QueryError rather than guess."""
    if not isinstance(query, str):
        raise QueryError("查询必须是文本 (query must be a string)")
    if len(query) > MAX_QUERY_CHARS * 5:
        # Refuse before doing any per-character work on megabyte inputs.
        raise QueryError(
            f"查询过长，最多 {MAX_QUERY_CHARS} 个字符 (query too long, max {MAX_QUERY_CHARS} characters)"
        )
    text = _SPACE.sub(" ", normalize(scrub(query))).strip()
    if not text:
        raise QueryError("查询为空 (empty query)")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"查询过长，最多 {MAX_QUERY_CHARS} 个字符 (query too long, max {MAX_QUERY_CHARS} characters)"
        )
    return text
