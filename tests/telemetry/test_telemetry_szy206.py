import contextlib
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhengce.regimes.groundwater.telemetry import FrameError, Szy206Error
from zhengce.regimes.groundwater.telemetry import szy206 as z

REFERENCE = datetime(2024, 6, 28, 12, 0, 0)


def crc8_reference(data: bytes) -> int:
    """Bit-by-bit CRC-8, poly x^7+x^6+x^5+x^2+1, init 0 (independent of the module)."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0xE5) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


# Hand-built C0H self-report, parameter type 3 (flow + volume), written out byte by byte.
USER_DATA = bytes.fromhex(
    "83"  # C: uplink, FCB 0, parameter type 3
    "4101020100"  # A: division 410102, station 1 (little-endian BIN)
    "C0"  # AFN: self-reported real-time data
    "3412000000"  # flow 1.234 m3/s, little-endian BCD
    "7856341200"  # volume 12345678 m3
    "0200"  # alarm word: bit 1 battery low
    "4000"  # status word: bit 6 on battery
    "3015102505"  # Tp: 30 s, 15 min, 10 h, day 25, delay 5 min
)
GOLDEN = bytes([0x68, len(USER_DATA), 0x68]) + USER_DATA + bytes([crc8_reference(USER_DATA), 0x16])


def test_golden_self_report() -> None:
    assert len(USER_DATA) == 0x1A
    frame = z.decode_frame(GOLDEN, reference_time=REFERENCE)
    assert frame.control == z.Szy206Control(uplink=True, function=3, fcb=0)
    assert frame.address == "4101020100"
    assert frame.division_code == "410102"
    assert frame.station_number == 1
    assert frame.afn == z.AFN_SELF_REPORT
    assert frame.flow == Decimal("1.234")
    assert frame.cumulative_volume == Decimal("12345678")
    assert frame.alarm_flags == ["battery voltage low"]
    assert frame.status_flags == ["running on battery"]
    assert frame.tp == z.Szy206Tp(30, 15, 10, 25, 5)
    assert frame.observed_at == datetime(2024, 6, 25, 10, 15, 30)


def test_golden_encoder_reproduces_hand_bytes() -> None:
    encoded = z.encode_report(
        z.make_address("410102", 1),
        3,
        [Decimal("1.234"), 12345678],
        z.Szy206Tp(30, 15, 10, 25, 5),
        alarm=0x0002,
        status=0x0040,
    )
    assert encoded == GOLDEN


def test_link_check_and_reply() -> None:
    login = z.encode_link_check("4101020100", z.LINK_LOGIN)
    user = bytes.fromhex("80410102010002F0")
    assert login == bytes([0x68, 8, 0x68]) + user + bytes([crc8_reference(user), 0x16])
    frame = z.decode_frame(login)
    assert frame.link_code == z.LINK_LOGIN
    reply = z.encode_link_check_reply(frame)
    reply_user = bytes.fromhex("00410102010002F0")
    assert reply == bytes([0x68, 8, 0x68]) + reply_user + bytes([crc8_reference(reply_user), 0x16])
    decoded = z.decode_frame(reply)
    assert not decoded.control.uplink and decoded.link_code == z.LINK_LOGIN


def test_signed_values_and_missing() -> None:
    fmt = z.VALUE_FORMATS[2]
    assert z.encode_value(Decimal("-1.5"), fmt) == bytes.fromhex("00150080")
    assert z.decode_value(bytes.fromhex("00150080"), fmt) == Decimal("-1.5")
    assert z.decode_value(b"\xaa" * 4, fmt) is None
    assert z.encode_value(None, fmt) == b"\xaa" * 4


def test_split_frame_divs_round_trip() -> None:
    control = z.Szy206Control(uplink=True, function=0, fcb=1, divs=3)
    frame = z.decode_frame(z.encode_frame(control, "4101020100", 0xB1, b"\x01\x02"))
    assert frame.control == control and frame.data == b"\x01\x02"


def test_unknown_afn_is_flagged_not_fatal() -> None:
    frame = z.decode_frame(z.encode_frame(z.Szy206Control(True, 0), "4101020100", 0x77, b"\x09"))
    assert not frame.known_afn and frame.data == b"\x09" and frame.notes


def _with_crc(frame: bytearray) -> bytes:
    frame[-2] = crc8_reference(bytes(frame[3:-2]))
    return bytes(frame)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda f: b"\x69" + f[1:], "bad start byte"),
        (lambda f: f[:2] + b"\x00" + f[3:], "bad second start"),
        (lambda f: f[:-1], "truncated"),
        (lambda f: f + b"\x00", "length mismatch"),
        (lambda f: f[:-1] + b"\x17", "bad end byte"),
        (lambda f: f[:-2] + bytes([f[-2] ^ 1]) + f[-1:], "bad CRC"),
        (lambda f: _with_crc(bytearray(f[:24] + b"\x61" + f[25:])), "impossible Tp"),
        (lambda f: _with_crc(bytearray(f[:10] + b"\x3a" + f[11:])), "non-BCD"),
        (lambda f: b"", "empty"),
        (lambda f: b"\x68\x03\x68", "below the minimum"),
    ],
)
def test_malformed_frames(mutate, message: str) -> None:
    with pytest.raises(Szy206Error, match=message):
        z.decode_frame(mutate(GOLDEN), reference_time=REFERENCE)


def test_value_area_not_multiple_of_group() -> None:
    bad = z.encode_frame(
        z.Szy206Control(True, 3), "4101020100", 0xC0, b"\x00" * 3 + bytes(4) + bytes(4) + b"\x01"
    )
    with pytest.raises(Szy206Error):
        z.decode_frame(bad, reference_time=REFERENCE)


def test_tp_resolves_to_previous_month_when_day_is_ahead() -> None:
    assert z.Szy206Tp(0, 0, 0, 31, 0).resolve(datetime(2024, 7, 1, 8)) == datetime(2024, 5, 31)
    with pytest.raises(Szy206Error):
        z.Szy206Tp(0, 0, 24, 1, 0)


# ---------------------------------------------------------------- properties

addresses = st.binary(min_size=5, max_size=5).map(lambda b: b.hex().upper())


def _values_for(fmt: z.ValueFormat) -> st.SearchStrategy[Decimal | None]:
    limit = (8 * 10 ** (2 * fmt.size - 1) if fmt.signed else 10 ** (2 * fmt.size)) - 1
    low = -limit if fmt.signed else 0
    numbers = st.integers(low, limit).map(lambda n: Decimal(n).scaleb(-fmt.decimals))
    return st.one_of(st.none(), numbers)


@st.composite
def reports(draw: st.DrawFn) -> tuple:
    function = draw(st.sampled_from([1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 15]))
    formats = z.FLOW_LAYOUTS["flow_volume"] if function == 3 else (z.VALUE_FORMATS[function],)
    groups = draw(st.integers(0, 4))
    values = [draw(_values_for(fmt)) for _ in range(groups) for fmt in formats]
    tp = z.Szy206Tp(
        draw(st.integers(0, 59)),
        draw(st.integers(0, 59)),
        draw(st.integers(0, 23)),
        draw(st.integers(1, 28)),
        draw(st.integers(0, 255)),
    )
    return (
        draw(addresses),
        function,
        values,
        tp,
        draw(st.integers(0, 0xFFFF)),
        draw(st.integers(0, 0xFFFF)),
        draw(st.sampled_from([z.AFN_SELF_REPORT, z.AFN_ALARM])),
        draw(st.integers(0, 3)),
    )


@given(reports())
def test_report_round_trip(case: tuple) -> None:
    address, function, values, tp, alarm, status, afn, fcb = case
    raw = z.encode_report(address, function, values, tp, alarm=alarm, status=status, afn=afn, fcb=fcb)
    frame = z.decode_frame(raw, reference_time=REFERENCE)
    assert frame.address == address
    assert frame.control == z.Szy206Control(True, function, fcb)
    assert frame.afn == afn
    assert [r.value for r in frame.readings] == values
    assert (frame.alarm, frame.status, frame.tp) == (alarm, status, tp)
    assert frame.raw == raw


@given(st.binary(max_size=80))
def test_random_bytes_only_raise_frame_error(data: bytes) -> None:
    with contextlib.suppress(Szy206Error):
        z.decode_frame(data, reference_time=REFERENCE)


@given(reports(), st.data())
def test_mutated_frames_only_raise_frame_error(case: tuple, data: st.DataObject) -> None:
    address, function, values, tp, alarm, status, afn, fcb = case
    frame = bytearray(
        z.encode_report(address, function, values, tp, alarm=alarm, status=status, afn=afn, fcb=fcb)
    )
    for _ in range(data.draw(st.integers(1, 4))):
        frame[data.draw(st.integers(0, len(frame) - 1))] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):  # also exercise the payload parser behind a valid CRC
        frame[-2] = crc8_reference(bytes(frame[3:-2]))
    with contextlib.suppress(Szy206Error):
        z.decode_frame(bytes(frame), reference_time=REFERENCE)


# ---------------------------------------------------------------- splitter


def test_splitter_handles_chunks_and_garbage() -> None:
    heartbeat = z.encode_link_check("4101020100")
    stream = b"\x68\x00garbage\x16" + GOLDEN + b"\x68\x1a\x68junk" + heartbeat + GOLDEN
    splitter = z.Szy206Splitter(reference_time=REFERENCE)
    frames = []
    for i in range(0, len(stream), 3):
        frames += splitter.feed(stream[i : i + 3])
    assert [f.afn for f in frames] == [0xC0, 0x02, 0xC0]
    assert splitter.buffered < z.MAX_FRAME_LEN


@given(st.lists(st.binary(max_size=40), max_size=6), st.integers(1, 17))
def test_splitter_recovers_every_frame_between_garbage(garbage: list[bytes], chunk: int) -> None:
    clean = [g.replace(b"\x68", b"\x00") for g in garbage]  # garbage without start bytes
    stream = b"".join(g + GOLDEN for g in clean)
    splitter = z.Szy206Splitter(reference_time=REFERENCE)
    frames = []
    for i in range(0, len(stream), chunk):
        frames += splitter.feed(stream[i : i + chunk])
    assert len(frames) == len(clean)
    assert splitter.buffered <= z.MAX_FRAME_LEN


@given(st.binary(max_size=2000))
def test_splitter_never_raises_and_stays_bounded(data: bytes) -> None:
    splitter = z.Szy206Splitter(reference_time=REFERENCE)
    splitter.feed(data)
    assert splitter.buffered <= z.MAX_FRAME_LEN


def test_splitter_rejects_valid_envelope_with_bad_payload() -> None:
    bad = z.encode_frame(z.Szy206Control(True, 0), "4101020100", 0x02, b"\x55")
    splitter = z.Szy206Splitter()
    assert splitter.feed(bad + z.encode_link_check("4101020100")) != []
    assert len(splitter.rejected) == 1 and isinstance(splitter.rejected[0][1], FrameError)
