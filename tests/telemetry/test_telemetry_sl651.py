import contextlib
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhengce.regimes.groundwater.telemetry import FrameError, Sl651Error
from zhengce.regimes.groundwater.telemetry import sl651 as s


def crc16_reference(data: bytes) -> int:
    """Bit-by-bit CRC-16/MODBUS, independent of the module's table."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


# Published example frames (toymoban.com/news/detail-686475.html), CRC high byte first.
PUBLISHED_KEEPALIVE = bytes.fromhex("7E7E01001234567812342F0008020003591011155111036BCA")
PUBLISHED_TEST = bytes.fromhex(
    "7E7E010012345678123430002B020003591011154947F1F1001234567848F0F0591011154920190000052619000005392300000127381211150320FA"
)
PUBLISHED_TEST_REPLY = bytes.fromhex("7E7E00123456780112343080080200035910111549471B75D4")
PUBLISHED_TIMED = bytes.fromhex(
    "7E7E05001122334403E832002B020034170718110016F1F1001122334448F0F01707181100201900004026190000403923000104903812109903A421"
)
PUBLISHED_TIMED_REPLY = bytes.fromhex("7E7E00112233440503E83280080200341707181100161BE5D4")


@pytest.mark.parametrize(
    "frame",
    [PUBLISHED_KEEPALIVE, PUBLISHED_TEST, PUBLISHED_TEST_REPLY, PUBLISHED_TIMED, PUBLISHED_TIMED_REPLY],
)
def test_published_crcs_are_big_endian_modbus(frame: bytes) -> None:
    assert crc16_reference(frame[:-2]).to_bytes(2, "big") == frame[-2:]
    s.decode_message(frame)


def test_published_test_report() -> None:
    msg = s.decode_message(PUBLISHED_TEST)
    assert (msg.uplink, msg.centre, msg.station, msg.password, msg.function) == (
        True,
        1,
        "0012345678",
        0x1234,
        0x30,
    )
    assert msg.serial == 3 and msg.sent_at == datetime(2059, 10, 11, 15, 49, 47)
    assert msg.station_type == ord("H") and msg.observed_at == datetime(2059, 10, 11, 15, 49)
    assert [(e.code, e.value) for e in msg.elements] == [
        (0x20, Decimal("0.5")),
        (0x26, Decimal("0.5")),
        (0x39, Decimal("0.127")),
        (0x38, Decimal("11.15")),
    ]
    assert msg.voltage == Decimal("11.15")
    assert s.encode_confirmation(msg) == PUBLISHED_TEST_REPLY
    assert s.encode_confirmation(s.decode_message(PUBLISHED_TIMED)) == PUBLISHED_TIMED_REPLY


def _groundwater_body() -> bytes:
    return bytes.fromhex(
        "0007"  # serial 7
        "240628101530"  # sent 2024-06-28 10:15:30
        "F1F1"
        "0012345678"
        "47"  # station, type G (groundwater)
        "F0F0"
        "2406281015"  # observed 2024-06-28 10:15
        "0E1A"
        "001234"  # groundwater depth N(6,2): 12.34 m
        "272B"
        "0000012345"  # flow N(9,3): 12.345 m3/s
        "6033"
        "000123456789"  # meter 1 volume N(11,3): 123456.789 m3
        "3812"
        "1220"  # voltage 12.20 V
        "4520"
        "00000005"  # status word 0x00000005 (HEX, not BCD)
        "0E1A"
        "FF0150"  # negative depth: FFH sign byte, -1.50 m
        "3812"
        "FFFF"  # all FFH: missing value
    )


def test_golden_groundwater_report_hand_bytes() -> None:
    body = _groundwater_body()
    head = bytes.fromhex("7E7E010012345678123432") + len(body).to_bytes(2, "big") + b"\x02"
    frame = head + body + b"\x03"
    frame += crc16_reference(frame).to_bytes(2, "big")
    msg = s.decode_message(frame)
    assert msg.groundwater_depth == Decimal("12.34")
    assert msg.flow == Decimal("12.345")
    assert msg.meter_volumes == {0x60: Decimal("123456.789")}
    assert msg.voltage == Decimal("12.20")
    assert msg.status_bits == 5
    assert msg.elements[-2] == s.Sl651Element(0x0E, "instantaneous groundwater depth", Decimal("-1.50"), "m")
    assert msg.elements[-1].value is None
    assert msg.station_type_name == "groundwater"
    encoded = s.encode_report(
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
            (0x27, Decimal("12.345")),
            (0x60, Decimal("123456.789")),
            (0x38, Decimal("12.20")),
            (0x45, 5),
            (0x0E, Decimal("-1.5")),
            (0x38, None),
        ],
    )
    assert encoded == frame


def test_ascii_report_golden() -> None:
    body = "0007 240628101530 ST 0012345678 G TT 2406281015 H 12.34 VT 12.20 ZT 00000005"
    head = f"010012345678123432{len(body):04X}"
    frame = b"\x01" + head.encode() + b"\x02" + body.encode() + b"\x03"
    frame += f"{crc16_reference(frame):04X}".encode()
    msg = s.decode_message(frame)
    assert msg.mode == "ascii" and msg.station == "0012345678" and msg.centre == 1
    assert msg.groundwater_depth == Decimal("12.34") and msg.voltage == Decimal("12.20")
    assert msg.status_bits == 5
    encoded = s.encode_report(
        centre=1,
        station="0012345678",
        password=0x1234,
        function=0x32,
        serial=7,
        sent_at=datetime(2024, 6, 28, 10, 15, 30),
        station_type=ord("G"),
        observed_at=datetime(2024, 6, 28, 10, 15),
        elements=[(0x0E, Decimal("12.34")), (0x38, Decimal("12.2")), (0x45, 5)],
        mode="ascii",
    )
    assert encoded == frame
    reply = s.encode_confirmation(msg, end_char=s.EOT)
    decoded = s.decode_message(reply)
    assert (decoded.uplink, decoded.end_char, decoded.serial) == (False, s.EOT, 7)


def test_hourly_series_and_unknown_function() -> None:
    series = bytes.fromhex("F460" + "01" * 11 + "FF")
    body = bytes.fromhex("0001240628101530F1F1001234567850F0F02406281000") + series
    frame = s.encode_hex_frame(
        uplink=True, centre=1, station="0012345678", password=0, function=0x34, body=body, end_char=s.ETX
    )
    msg = s.decode_message(frame)
    assert msg.series == ((0xF4, (Decimal("0.1"),) * 11 + (None,)),)
    odd = s.encode_hex_frame(
        uplink=True, centre=1, station="0012345678", password=0, function=0x99, body=b"\x01", end_char=s.ETX
    )
    flagged = s.decode_message(odd)
    assert not flagged.known_function and flagged.notes


def _reframe(frame: bytes) -> bytes:
    return frame[:-2] + crc16_reference(frame[:-2]).to_bytes(2, "big")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x7e\x7f" + PUBLISHED_TEST[2:], "bad start"),
        (PUBLISHED_TEST.hex().encode(), "hex text"),
        (PUBLISHED_TEST[:10], "truncated header"),
        (PUBLISHED_TEST[:-1], "truncated message"),
        (PUBLISHED_TEST + b"\x00", "length mismatch"),
        (PUBLISHED_TEST[:-2] + b"\x00\x00", "bad CRC"),
        (_reframe(PUBLISHED_TEST[:-3] + b"\x05" + PUBLISHED_TEST[-2:]), "bad end byte"),
        (_reframe(PUBLISHED_TEST[:11] + b"\x40" + PUBLISHED_TEST[12:]), "up/down flag"),
        (_reframe(PUBLISHED_TEST[:17] + b"\x13" + PUBLISHED_TEST[18:]), "impossible date"),
        (_reframe(PUBLISHED_TEST[:16] + b"\x1a" + PUBLISHED_TEST[17:]), "non-BCD"),
        (_reframe(PUBLISHED_TEST[:22] + b"\xf2" + PUBLISHED_TEST[23:]), "F1F1"),
        (b"", "bad start"),
    ],
)
def test_malformed_messages(data: bytes, message: str) -> None:
    with pytest.raises(Sl651Error, match=message):
        s.decode_message(data)


# ---------------------------------------------------------------- properties

GROUNDWATER_CODES = [0x0E, 0x27, 0x38, 0x39, 0x20, 0x26, 0x03, 0x45, 0x60, 0x67, 0x68, 0x6F, 0x58]


@st.composite
def elements(draw: st.DrawFn) -> tuple[int, Decimal | int | None]:
    code = draw(st.sampled_from(GROUNDWATER_CODES))
    definition = s.ELEMENTS[code]
    if code == s.STATUS_CODE:
        return code, draw(st.integers(0, 0xFFFFFFFE))
    positive = st.integers(0, 10 ** (2 * definition.size) - 1)
    negative = st.integers(-(10 ** (2 * definition.size - 2)) + 1, -1)
    number = draw(st.one_of(st.none(), positive, negative))
    return code, None if number is None else Decimal(number).scaleb(-definition.decimals)


moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31, 23, 59, 59))


@st.composite
def reports(draw: st.DrawFn) -> dict:
    return {
        "centre": draw(st.integers(0, 255)),
        "station": draw(st.binary(min_size=5, max_size=5)).hex().upper(),
        "password": draw(st.integers(0, 0xFFFF)),
        "function": draw(st.sampled_from(sorted(s.REPORT_FUNCTIONS))),
        "serial": draw(st.integers(0, 0xFFFF)),
        "sent_at": draw(moments).replace(microsecond=0),
        "station_type": draw(st.sampled_from(sorted(s.STATION_TYPES))),
        "observed_at": draw(moments).replace(second=0, microsecond=0),
        "elements": draw(st.lists(elements(), max_size=8)),
        "mode": draw(st.sampled_from(["hex", "ascii"])),
        "end_char": draw(st.sampled_from([s.ETX, s.ETB])),
    }


@given(reports())
def test_report_round_trip(case: dict) -> None:
    raw = s.encode_report(**case)
    msg = s.decode_message(raw)
    assert msg.mode == case["mode"] and msg.uplink
    assert (msg.centre, msg.station, msg.password, msg.function) == (
        case["centre"],
        case["station"],
        case["password"],
        case["function"],
    )
    assert (msg.serial, msg.sent_at, msg.observed_at) == (
        case["serial"],
        case["sent_at"],
        case["observed_at"],
    )
    assert (msg.station_type, msg.body_station, msg.end_char) == (
        case["station_type"],
        case["station"],
        case["end_char"],
    )
    assert [(e.code, e.value) for e in msg.elements] == case["elements"]
    reply = s.decode_message(s.encode_confirmation(msg))
    assert (reply.uplink, reply.serial, reply.sent_at, reply.station) == (
        False,
        msg.serial,
        msg.sent_at,
        msg.station,
    )


@given(st.binary(max_size=120))
def test_random_bytes_only_raise_frame_error(data: bytes) -> None:
    for candidate in (data, b"\x7e\x7e" + data, b"\x01" + data):
        with contextlib.suppress(Sl651Error):
            s.decode_message(candidate)


@given(reports(), st.data())
def test_mutated_messages_only_raise_frame_error(case: dict, data: st.DataObject) -> None:
    frame = bytearray(s.encode_report(**case))
    for _ in range(data.draw(st.integers(1, 4))):
        frame[data.draw(st.integers(0, len(frame) - 1))] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):  # recompute the CRC so the body parser is exercised
        if case["mode"] == "hex":
            frame[-2:] = crc16_reference(bytes(frame[:-2])).to_bytes(2, "big")
        else:
            frame[-4:] = f"{crc16_reference(bytes(frame[:-4])):04X}".encode()
    with contextlib.suppress(Sl651Error):
        s.decode_message(bytes(frame))


# ---------------------------------------------------------------- splitter


@given(st.lists(st.tuples(st.binary(max_size=30), reports()), max_size=5), st.integers(1, 23))
def test_splitter_recovers_every_message(parts: list, chunk: int) -> None:
    # garbage free of start markers, so every message must come back in order
    frames = [s.encode_report(**case) for _, case in parts]
    stream = b"".join(
        g.replace(b"\x7e", b"").replace(b"\x01", b"") + f for (g, _), f in zip(parts, frames, strict=True)
    )
    splitter = s.Sl651Splitter()
    out = []
    for i in range(0, len(stream), chunk):
        out += splitter.feed(stream[i : i + chunk])
    assert [m.raw for m in out] == frames
    assert splitter.buffered <= splitter.max_frame_len


@given(st.binary(max_size=3000))
def test_splitter_never_raises_and_stays_bounded(data: bytes) -> None:
    splitter = s.Sl651Splitter()
    splitter.feed(data)
    assert splitter.buffered <= splitter.max_frame_len


def test_splitter_resyncs_after_false_start_and_refuses_oversize() -> None:
    oversize = b"\x7e\x7e" + bytes(9) + b"\x0f\xff\x02"  # claims a 4095-byte body
    splitter = s.Sl651Splitter(modes=["hex"], max_frame_len=256)
    out = splitter.feed(oversize + PUBLISHED_KEEPALIVE + b"\x7e" + PUBLISHED_TEST)
    assert [m.function for m in out] == [0x2F, 0x30]
    assert isinstance(splitter.rejected, type(splitter.rejected)) and not splitter.rejected
    assert issubclass(Sl651Error, FrameError)


@pytest.mark.parametrize("mode", ["hex", "ascii"])
def test_report_with_several_observation_time_groups_round_trips(mode: str) -> None:
    """(TIME_GROUP, t) in an encoder's element list starts a group: HEX F0F0 + time, ASCII TT."""
    first = datetime(2024, 6, 1, 8, 0)
    elements = [(0x0E, Decimal("12.34"))]
    for k in (1, 2):
        elements += [(s.TIME_GROUP, first + timedelta(minutes=5 * k)), (0x0E, Decimal(12 + k))]
    raw = s.encode_report(
        centre=1,
        station="0012345678",
        password=0,
        function=0x34,
        serial=9,
        sent_at=first + timedelta(minutes=11),
        station_type=ord("G"),
        observed_at=first,
        elements=elements,
        mode=mode,
    )
    if mode == "hex":
        assert raw.count(b"\xf0\xf0") == 3  # the header's group and two more
    else:
        assert raw.count(b" TT ") == 3
    message = s.decode_message(raw)
    assert message.observed_at == first
    assert message.extra_observation_times == (first + timedelta(minutes=5), first + timedelta(minutes=10))
    assert message.element_times == (0, 1, 2)
    assert [e.value for e in message.elements] == [Decimal("12.34"), Decimal("13.00"), Decimal("14.00")]
    with pytest.raises(s.Sl651Error, match="needs a datetime"):
        s._hex_elements([(s.TIME_GROUP, "08:05")], None)
