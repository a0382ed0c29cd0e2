"""Decode throughput of the telemetry codecs on one core: median of 5 runs, frames/s.

Four paths per frame type:
  decode    ``decode_frame``/``decode_message`` on one complete frame (checks the CRC itself),
            each result dropped after decoding, as the server does;
  kept      the same, but all results kept in one list until the run ends (the method used before
            2026-11-25): the cyclic GC then rescans a growing heap, which costs about 30 %;
  stream    the streaming splitter fed a back-to-back stream, as the server runs it (the splitter
            verifies the CRC once and decodes without checking it again);
  floor     baseline in the same run: only the envelope check (CRC + length), no decoding:
            no decoder can beat it in pure Python.

Issue #6 target: decode >= 100,000 frames/s on one core.
Run: .venv/bin/python bench/bench_telemetry_codecs.py [frames per run, default 20000]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from zhengce.regimes.groundwater.telemetry import sl651, szy206
from zhengce.regimes.groundwater.telemetry.crc import crc8_szy206, crc16_modbus

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


def _median_rate(run: Callable[[], None], count: int) -> float:
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        run()
        runs.append(count / (time.perf_counter() - start))
    return statistics.median(runs)


def _szy_floor(frame: bytes) -> bool:
    return (
        frame[0] == 0x68 == frame[2] and len(frame) == frame[1] + 5 and crc8_szy206(frame[3:-2]) == frame[-2]
    )


def _sl_floor(frame: bytes) -> bool:
    if frame[0] == 0x7E:
        return crc16_modbus(frame[:-2]) == int.from_bytes(frame[-2:], "big")
    return crc16_modbus(frame[:-4]) == int(frame[-4:], 16)


def main(count: int = 20_000) -> None:
    cases = [
        (
            "szy206 C0H flow+volume",
            _szy206_frame(),
            lambda f: szy206.decode_frame(f, reference_time=REFERENCE),
            lambda: szy206.Szy206Splitter(reference_time=REFERENCE),
            _szy_floor,
        ),
        ("sl651 hex report", _sl651_frame("hex"), sl651.decode_message, sl651.Sl651Splitter, _sl_floor),
        ("sl651 ascii report", _sl651_frame("ascii"), sl651.decode_message, sl651.Sl651Splitter, _sl_floor),
    ]
    print(f"median of 5 runs x {count:,} frames, frames/s on one core (target: decode >= 100,000)")
    print(
        f"{'frame':24s} {'bytes':>5s} {'decode':>10s} {'kept':>10s} {'stream':>10s} {'floor':>10s} "
        f"{'decode/floor':>12s}"
    )
    for name, frame, decode, splitter, floor in cases:
        stream = frame * count

        def feed(splitter=splitter, stream=stream) -> None:
            s = splitter()
            for i in range(0, len(stream), 4096):  # TCP-sized chunks
                s.feed(stream[i : i + 4096])

        def dropped(decode=decode, frame=frame) -> None:
            for _ in range(count):
                decode(frame)

        decode_rate = _median_rate(dropped, count)
        kept_rate = _median_rate(
            lambda decode=decode, frame=frame: [decode(frame) for _ in range(count)], count
        )
        stream_rate = _median_rate(feed, count)
        floor_rate = _median_rate(
            lambda floor=floor, frame=frame: [floor(frame) for _ in range(count)], count
        )
        print(
            f"{name:24s} {len(frame):5d} {decode_rate:10,.0f} {kept_rate:10,.0f} {stream_rate:10,.0f} "
            f"{floor_rate:10,.0f} "
            f"{decode_rate / floor_rate:12.2f}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
