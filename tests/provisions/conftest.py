"""Cleaned passages of the bundled compilation, in the form the corpus parser hands over:
hard wraps joined, page numbers and running headers dropped, spaces next to CJK removed."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data" / "policy-compilation-2021.txt"
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
_SPACE_NEAR_CJK = re.compile(rf"\s+(?={_CJK})|(?<={_CJK})\s+")
_ARTIFACT = re.compile(r"^(?:\d{1,4}|\S{0,8}文件)$")


def clean(lines: list[str]) -> str:
    kept = [ln.strip() for ln in lines if ln.strip() and not _ARTIFACT.match(ln.strip())]
    return _SPACE_NEAR_CJK.sub("", "".join(kept))


@cache
def _source_lines() -> tuple[str, ...]:
    return tuple(DATA.read_text(encoding="utf-8").splitlines())


def lines(first: int, last: int) -> str:
    """Cleaned text of source lines first..last (1-based, inclusive)."""
    return clean(list(_source_lines()[first - 1 : last]))


def between(first: int, last: int, start: str, end: str | None = None) -> str:
    """The cleaned passage from `start` up to (not including) `end` within source lines first..last."""
    text = lines(first, last)
    i = text.index(start)
    j = text.index(end, i + len(start)) if end else len(text)
    return text[i:j]


@pytest.fixture
def passage() -> Callable[..., str]:
    return between


@pytest.fixture
def source_lines() -> Callable[[int, int], str]:
    return lines
