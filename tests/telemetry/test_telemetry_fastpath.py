"""The codecs' fast paths (common report layouts, plain BCD values) must agree with the general
decoders: same fields, same Decimal exponents (compared through repr), same errors.

Each case decodes the same bytes twice, with ``_FAST_PATHS`` on and off."""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhengce.regimes.groundwater.telemetry import simulator, sl651, szy206
from zhengce.regimes.groundwater.telemetry.crc import crc8_szy206, crc16_modbus
from zhengce.regimes.groundwater.telemetry.errors import FrameError
from zhengce.regimes.groundwater.telemetry.handlers import Sl651Handler, Szy206Handler, _confirmation
from zhengce.regimes.groundwater.telemetry.simulator import (
    Behaviour,
    Meter,
    SimConfig,
    bundled_profile,
    plan_terminals,
)

from .test_telemetry_sl651 import reports


def _both(module, decode, frame: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    outcomes = []
    for fast in (True, False):
        monkeypatch.setattr(module, "_FAST_PATHS", fast)
        try:
            outcomes.append(repr(decode(frame)))
        except FrameError as exc:
            outcomes.append(f"{type(exc).__name__}: {exc}")
    return outcomes[0], outcomes[1]


def _recrc_sl651(frame: bytearray) -> bytes:
    if frame[:1] == b"\x7e":
        frame[-2:] = crc16_modbus(bytes(frame[:-2])).to_bytes(2, "big")
    else:
        frame[-4:] = f"{crc16_modbus(bytes(frame[:-4])):04X}".encode()
    return bytes(frame)


@given(case=reports(), data=st.data())
def test_sl651_fast_path_matches_general_decoder(case: dict, data: st.DataObject) -> None:
    frame = bytearray(sl651.encode_report(**case))
    for _ in range(data.draw(st.integers(0, 3))):  # 0: the valid frame itself
        frame[data.draw(st.integers(0, len(frame) - 1))] = data.draw(st.integers(0, 255))
    with pytest.MonkeyPatch.context() as mp:
        fast, general = _both(sl651, sl651.decode_message, _recrc_sl651(frame), mp)
    assert fast == general


def test_sl651_fast_path_is_taken_and_agrees_on_the_benchmark_reports(monkeypatch) -> None:
    for mode in ("hex", "ascii"):
        frame = sl651.encode_report(
            centre=1,
            station="0012345678",
            password=0x1234,
            function=0x32,
            serial=7,
            sent_at=datetime(2024, 6, 28, 10, 15, 30),
            station_type=ord("G"),
            observed_at=datetime(2024, 6, 28, 10, 15),
            elements=[(0x0E, Decimal("12.34")), (0x27, Decimal("0.345")), (0x60, Decimal("1234.5"))],
            mode=mode,
        )
        fast, general = _both(sl651, sl651.decode_message, frame, monkeypatch)
        assert fast == general and "Decimal('12.34')" in fast
        # the general path is not reached: sabotage it and decode again with the fast path on
        monkeypatch.setattr(sl651, "_FAST_PATHS", True)
        monkeypatch.setattr(sl651, "_decode_hex_body", None)
        monkeypatch.setattr(sl651, "_decode_ascii_body", None)
        assert repr(sl651.decode_message(frame)) == fast
        monkeypatch.undo()


@given(
    values=st.lists(st.one_of(st.none(), st.integers(-(8 * 10**9) + 1, 8 * 10**9 - 1)), max_size=6),
    data=st.data(),
)
def test_szy206_fast_path_matches_general_decoder(values: list, data: st.DataObject) -> None:
    values = values[: len(values) // 2 * 2]
    tp = szy206.Szy206Tp(30, 15, 10, 25, 5)
    reported = [
        None if v is None else (Decimal(v).scaleb(-3) if i % 2 == 0 else v) for i, v in enumerate(values)
    ]
    frame = bytearray(szy206.encode_report("4101020100", 3, reported, tp, alarm=2, status=64))
    for _ in range(data.draw(st.integers(0, 3))):
        frame[data.draw(st.integers(3, len(frame) - 3))] = data.draw(st.integers(0, 255))
    frame[-2] = crc8_szy206(bytes(frame[3:-2]))

    def decode(raw: bytes) -> szy206.Szy206Frame:
        return szy206.decode_frame(raw, reference_time=datetime(2024, 6, 28, 12))

    with pytest.MonkeyPatch.context() as mp:
        fast, general = _both(szy206, decode, bytes(frame), mp)
    assert fast == general


@given(case=reports())
def test_sl651_spliced_confirmation_matches_the_encoder(case: dict) -> None:
    message = sl651.decode_message(sl651.encode_report(**case))
    assert _confirmation(message) == sl651.encode_confirmation(message, end_char=sl651.ESC)


@given(address=st.binary(min_size=5, max_size=5), fcb=st.integers(0, 3), afn=st.sampled_from([0x81, 0xC0]))
def test_szy206_cached_report_ack_matches_the_encoder(address: bytes, fcb: int, afn: int) -> None:
    handler = Szy206Handler()
    tp = szy206.Szy206Tp(30, 15, 10, 25, 5)
    for volume in (1, 2):  # the second frame is answered from the cache
        raw = szy206.encode_report(address.hex().upper(), 3, [Decimal(0), volume], tp, afn=afn, fcb=fcb)
        frame = szy206.decode_frame(raw, reference_time=datetime(2024, 6, 28, 12))
        assert handler.decide(frame).ack == szy206.encode_report_ack(frame)


@given(
    seed=st.integers(0, 2**32),
    steps=st.integers(1, 40),
    index=st.integers(0, 59_999),
    bundled=st.booleans(),
)
def test_simulator_frames_match_the_encoders(seed: int, steps: int, index: int, bundled: bool) -> None:
    terminal = plan_terminals(index + 1)[index]
    config = SimConfig(terminals=1, record=True)
    config.behaviour = Behaviour.realistic()
    if bundled:
        bundled_profile(config)
    pair, built = [], []
    for fast in (True, False):
        meter = Meter(terminal, config, random.Random(seed), datetime(2024, 6, 1))
        for _ in range(steps):
            meter.advance()
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(simulator, "_FAST_FRAMES", fast)
            for name in ("_szy206_report", "_sl651_report"):  # record that the fast builder ran
                real = getattr(simulator, name)
                mp.setattr(simulator, name, lambda *a, real=real, fast=fast: built.append(fast) or real(*a))
            pair.append(meter.frame())
    assert pair[0] == pair[1]
    assert built == [True]  # the fast builder made the first frame and only that one


@pytest.mark.parametrize("index", [0, 1], ids=["szy206-four-meters", "sl651-hourly-report"])
def test_bundled_frames_decode_to_the_readings_the_simulator_expects(index: int) -> None:
    """A bundled frame carries several readings: SZY206 one measuring point per meter (the n-th
    flow/volume pair is meter n), SL651 34H one observation-time group per 5-minute step."""
    terminal = plan_terminals(2)[index]
    config = bundled_profile(SimConfig(terminals=2, record=True))
    meter = Meter(terminal, config, random.Random(7), datetime(2024, 6, 1))
    meter.advance()
    data, _ident, expected = meter.frame()
    received = datetime(2024, 6, 2)
    if terminal.protocol == "szy206":
        handler = Szy206Handler()
        splitter = handler.new_splitter()
        splitter.reference_time = received
    else:
        handler = Sl651Handler()
        splitter = handler.new_splitter()
    (frame,) = splitter.feed(data)
    decision = handler.decide(frame)
    assert decision.data and decision.ack is not None
    readings, unusable = handler.readings(frame, terminal.works_id, received)
    assert unusable == 0
    got = [(r.works_id, r.meter, r.observed_at, r.volume_m3) for r in readings]
    assert got == expected
    if terminal.protocol == "szy206":
        assert [r.meter for r in readings] == [1, 2, 3, 4]
        assert len({r.observed_at for r in readings}) == 1
    else:
        assert frame.function == 0x34
        times = [r.observed_at for r in readings]
        assert len(times) == 12 and all(b - a == config.step for a, b in zip(times, times[1:], strict=False))
        assert readings[-1].voltage_v == Decimal("12.60") and readings[0].voltage_v is None
