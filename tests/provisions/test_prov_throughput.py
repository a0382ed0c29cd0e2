"""Each extractor must keep up with ≥ 2 MB/s of text (UTF-8) over the real compilation."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from zhengce.provisions import actors, classify, quantities, references, targets, tasks

MIN_BYTES_PER_SECOND = 2_000_000


@pytest.mark.parametrize("extract", [classify, quantities, actors, references, targets, tasks])
def test_throughput(source_lines: Callable[[int, int], str], extract: Callable[[str], Any]) -> None:
    text = source_lines(1, 10_000)
    paragraphs = [p + "。" for p in text.split("。") if p]
    size = len(text.encode("utf-8"))
    best = float("inf")
    for _ in range(3):  # best of three: the rate of the code, not of a busy machine
        start = time.perf_counter()
        for p in paragraphs:
            extract(p)
        best = min(best, time.perf_counter() - start)
    assert size / best >= MIN_BYTES_PER_SECOND, f"{extract.__name__}: {size / best / 1e6:.2f} MB/s"
