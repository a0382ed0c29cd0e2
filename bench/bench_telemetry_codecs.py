"""Decode throughput of the telemetry codecs: median of 5 runs, frames/s."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from zhengce.regimes.groundwater.telemetry import sl651, szy206

REFERENCE = datetime(2024, 6, 28, 12)


def _szy206_frame() -> bytes:
    tp = szy206.Szy206Tp(30, 15, 10, 25, 5)
    return szy206.encode_report("4101020100", 3, [Decimal("1.234"), 12345678], tp, alarm=2, status=64)


def _sl651_frame(mode: sl651.Mode) -> bytes:
    return sl651.encode_report(
        centre=1,
        station="0012345678",
        password=0x1234,
        function=0x32,
        serial=7,
        sent_at=datetime(2024, 6, 28, 10, 15, 30),
        station_type=ord("G"),
        observed_at=datetime(2024, 6, 28, 10, 15),
        elements=[
            (0x0E, Decimal("12.34")),
            (0x27, Decimal("0.345")),
            (0x60, Decimal("1234.5")),
            (0x38, Decimal("12.2")),
        ],
        mode=mode,
    )


def _rate(decode: Callable[[bytes], object], frame: bytes, count: int) -> float:
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(count):
            decode(frame)
        runs.append(count / (time.perf_counter() - start))
    return statistics.median(runs)


def main(count: int = 20_000) -> None:
    cases = {
        "szy206 C0H flow+volume": (
            lambda f: szy206.decode_frame(f, reference_time=REFERENCE),
            _szy206_frame(),
        ),
        "sl651 hex report": (sl651.decode_message, _sl651_frame("hex")),
        "sl651 ascii report": (sl651.decode_message, _sl651_frame("ascii")),
    }
    for name, (decode, frame) in cases.items():
        print(f"{name:26s} {len(frame):4d} B  {_rate(decode, frame, count):10,.0f} frames/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
