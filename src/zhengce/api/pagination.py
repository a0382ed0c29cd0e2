"""Cursor pagination: an opaque token naming the last key seen, never an offset into a result set.

A cursor is base64url(JSON {"k": last_key, "f": filter_fingerprint}); a cursor made for other
filters, or one that does not decode, is a 400 rather than a silently wrong page.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .errors import ApiError

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 500


@dataclass
class Page:
    items: list
    next_cursor: str | None

    def body(self, **extra) -> dict:
        return {"items": self.items, "next_cursor": self.next_cursor, **extra}


def fingerprint(**filters: Any) -> str:
    blob = json.dumps(filters, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]


def encode_cursor(key: Any, fp: str) -> str:
    raw = json.dumps({"k": key, "f": fp}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None, fp: str) -> Any:
    """The last key of the previous page, or None for the first page."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or "k" not in data:
            raise ValueError("shape")
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "bad_cursor", "分页游标无效 (invalid cursor)") from None
    if data.get("f") != fp:
        raise ApiError(400, "bad_cursor", "分页游标与当前筛选条件不符 (cursor belongs to other filters)")
    return data["k"]


def paginate(items: Sequence[T], key: Callable[[T], Any], cursor: str | None, limit: int, fp: str) -> Page:
    """Page over items already sorted by `key` (ascending, unique)."""
    after = decode_cursor(cursor, fp)
    start = 0
    if after is not None:
        start = next((i for i, it in enumerate(items) if _gt(key(it), after)), len(items))
    chunk = list(items[start : start + limit])
    more = start + limit < len(items)
    return Page(chunk, encode_cursor(key(chunk[-1]), fp) if more and chunk else None)


def _gt(a: Any, b: Any) -> bool:
    try:
        return a > b
    except TypeError:  # a cursor key of the wrong type (tampered): compare as text
        return str(a) > str(b)
