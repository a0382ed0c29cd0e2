"""SL651-2014 (水文监测数据通信规约) codec, HEX/BCD and ASCII modes.

HEX/BCD wire layout::

    7E 7E | centre (1) + station (5)  [downlink: station (5) + centre (1)]
          | password (2) | function (1) | direction nibble + length (2)
          | STX 02H [or SYN 16H + packet count/sequence (3)]
          | body | end char | CRC-16/MODBUS, high byte first

ASCII mode starts with SOH 01H, writes every header field as hex text and
ends with the CRC as four hex characters.  Decisions and sources are in
``docs/telemetry.md``.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields
from datetime import datetime
from decimal import Decimal
from typing import Literal, NamedTuple

from .bcd import BCD_VALUE, bcd_to_int, int_to_bcd
from .crc import crc16_modbus
from .errors import FrameError, Sl651Error

SOH_HEX = b"\x7e\x7e"
SOH_ASCII = 0x01
STX = 0x02
SYN = 0x16
ETX = 0x03
ETB = 0x17
ENQ = 0x05
ACK = 0x06
NAK = 0x15
EOT = 0x04
ESC = 0x1B
UPLINK_ENDS = frozenset({ETX, ETB})
DOWNLINK_ENDS = frozenset({ENQ, ACK, NAK, EOT, ESC})

MAX_BODY = 0x0FFF  # 12-bit length field
HEX_HEAD = 14
ASCII_HEAD = 24
HEX_MAX_FRAME = HEX_HEAD + 3 + MAX_BODY + 3
ASCII_MAX_FRAME = ASCII_HEAD + 6 + MAX_BODY + 5

Mode = Literal["hex", "ascii"]

FUNCTION_NAMES: dict[int, str] = {
    0x2F: "link keep-alive",
    0x30: "test report",
    0x31: "equal-interval report",
    0x32: "timed report",
    0x33: "extra report",
    0x34: "hourly report",
    0x35: "manual entry report",
    0x36: "picture report",
    0x37: "query real-time data",
    0x38: "query period data",
    0x39: "query manual entry",
    0x3A: "query specified elements",
    0x40: "modify basic configuration",
    0x41: "read basic configuration",
    0x42: "modify runtime parameters",
    0x43: "read runtime parameters",
    0x44: "query pump motor data",
    0x45: "query software version",
    0x46: "query status and alarm",
    0x47: "initialise storage",
    0x48: "restore factory settings",
    0x49: "change password",
    0x4A: "set clock",
    0x4B: "set IC card status",
    0x4C: "pump control",
    0x4D: "valve control",
    0x4E: "gate control",
    0x4F: "fixed-volume control",
    0x50: "query event records",
    0x51: "query clock",
}
REPORT_FUNCTIONS = frozenset({0x30, 0x31, 0x32, 0x33, 0x34, 0x37, 0x3A})

STATION_TYPES: dict[int, str] = {
    0x50: "precipitation",
    0x48: "river",
    0x4B: "reservoir/lake",
    0x5A: "gate/dam",
    0x44: "pumping station",
    0x54: "tidal",
    0x4D: "soil moisture",
    0x47: "groundwater",
    0x51: "water quality",
    0x49: "water intake",
    0x4F: "water outlet",
}


class ElementDef(NamedTuple):
    name: str
    unit: str
    ascii_id: str
    size: int  # bytes in HEX mode, including the FFH sign byte if negative
    decimals: int


def _n(digits: int, decimals: int) -> tuple[int, int]:
    """Size in bytes and decimals of an N(digits, decimals) field."""
    return (digits + 1) // 2, decimals


def _table() -> dict[int, ElementDef]:
    rows: list[tuple[int, str, str, str, tuple[int, int]]] = [
        (0x03, "instantaneous water temperature", "°C", "C", _n(3, 1)),
        (0x08, "air pressure", "hPa", "FL", _n(5, 0)),
        (0x09, "gate opening height", "m", "GH", _n(5, 2)),
        (0x0D, "ground temperature", "°C", "GTP", _n(3, 1)),
        (0x0E, "instantaneous groundwater depth", "m", "H", _n(6, 2)),
        (0x0F, "wave height", "m", "HW", _n(5, 2)),
        (0x1F, "daily precipitation", "mm", "PD", _n(5, 1)),
        (0x20, "current precipitation", "mm", "PJ", _n(5, 1)),
        (0x26, "accumulated precipitation", "mm", "PT", _n(6, 1)),
        (0x27, "instantaneous flow", "m³/s", "Q", _n(9, 3)),
        (0x35, "wind speed", "m/s", "US", _n(4, 1)),
        (0x37, "instantaneous velocity", "m/s", "VJ", _n(5, 3)),
        (0x38, "supply voltage", "V", "VT", _n(4, 2)),
        (0x39, "instantaneous river level", "m", "Z", _n(7, 3)),
        (0x45, "status and alarm", "", "ZT", (4, 0)),
        (0x46, "pH", "", "PH", _n(4, 2)),
        (0x48, "conductivity", "μS/cm", "COND", _n(5, 0)),
    ]
    for i in range(8):
        rows.append(
            (
                0x10 + i,
                f"soil moisture {[10, 20, 30, 40, 50, 60, 80, 100][i]} cm",
                "%",
                f"M{[10, 20, 30, 40, 50, 60, 80, 100][i]}",
                _n(4, 1),
            )
        )
        rows.append((0x28 + i, f"intake/outlet flow {i + 1}", "m³/s", f"Q{i + 1}", _n(9, 3)))
        rows.append((0x3C + i, f"intake/outlet water level {i + 1}", "m", f"Z{i + 1}", _n(7, 3)))
        rows.append((0x58 + i, f"water pressure {i + 1}", "kPa", f"WP{i + 1}", _n(5, 2)))
        rows.append((0x60 + i, f"water meter {i + 1} remaining volume", "m³", f"SYL{i + 1}", _n(11, 3)))
        rows.append((0x68 + i, f"water meter {i + 1} hourly volume", "m³", f"SBL{i + 1}", _n(10, 2)))
    return {
        code: ElementDef(name, unit, ascii_id, size, dec) for code, name, unit, ascii_id, (size, dec) in rows
    }


ELEMENTS: dict[int, ElementDef] = _table()
ASCII_IDS: dict[str, int] = {definition.ascii_id: code for code, definition in ELEMENTS.items()}
STATUS_CODE = 0x45
SERIES_CODES = frozenset(range(0xF4, 0xFD))  # DRP and DRZ1..8: twelve 5-minute values
_SERIES_ASCII = {"DRP": 0xF4, **{f"DRZ{i}": 0xF4 + i for i in range(1, 9)}}
_SERIES_ASCII_BY_CODE = {code: name for name, code in _SERIES_ASCII.items()}
# Fast paths for the common report layouts; False forces the general decoder everywhere
# (tests/telemetry/test_telemetry_fastpath.py checks both give the same results and errors).
_FAST_PATHS = True
_DECIMAL_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_HEX_CHARS = frozenset(b"0123456789ABCDEFabcdef")


class Sl651Element(NamedTuple):
    code: int
    name: str
    value: Decimal | int | None
    unit: str


_NAMES: dict[int, tuple[str, str]] = {code: (d.name, d.unit) for code, d in ELEMENTS.items()}


def element_name(code: int) -> tuple[str, str]:
    definition = ELEMENTS.get(code)
    if definition:
        return definition.name, definition.unit
    return f"element 0x{code:02X}", ""


@dataclass(frozen=True)
class Sl651Message:
    """A decoded SL651 message; undecoded body parts stay in ``body``."""

    mode: Mode
    uplink: bool
    centre: int
    station: str
    password: int
    function: int
    end_char: int
    body: bytes
    packet: tuple[int, int] | None = None
    serial: int | None = None
    sent_at: datetime | None = None
    body_station: str | None = None
    station_type: int | None = None
    observed_at: datetime | None = None
    elements: tuple[Sl651Element, ...] = ()
    series: tuple[tuple[int, tuple[Decimal | None, ...]], ...] = ()
    extra_observation_times: tuple[datetime, ...] = ()
    # For each element: 0 = observed_at, k = extra_observation_times[k - 1] (the F0F0/TT group
    # the element follows). Empty when the message has no elements.
    element_times: tuple[int, ...] = ()
    known_function: bool = True
    notes: tuple[str, ...] = ()
    raw: bytes = field(default=b"", compare=False, repr=False)

    @property
    def function_name(self) -> str:
        return FUNCTION_NAMES.get(self.function, f"unknown function 0x{self.function:02X}")

    @property
    def station_type_name(self) -> str | None:
        if self.station_type is None:
            return None
        return STATION_TYPES.get(self.station_type, f"unknown type 0x{self.station_type:02X}")

    def value(self, code: int) -> Decimal | int | None:
        for element in self.elements:
            if element.code == code:
                return element.value
        return None

    @property
    def groundwater_depth(self) -> Decimal | None:
        return self._decimal(0x0E)

    @property
    def flow(self) -> Decimal | None:
        return self._decimal(0x27)

    @property
    def voltage(self) -> Decimal | None:
        return self._decimal(0x38)

    @property
    def status_bits(self) -> int | None:
        found = self.value(STATUS_CODE)
        return found if isinstance(found, int) else None

    @property
    def meter_volumes(self) -> dict[int, Decimal | None]:
        """Water-meter volume elements 60H–6FH keyed by element code."""
        return {
            e.code: e.value for e in self.elements if 0x60 <= e.code <= 0x6F and not isinstance(e.value, int)
        }

    def _decimal(self, code: int) -> Decimal | None:
        found = self.value(code)
        return found if isinstance(found, Decimal) else None


# ---------------------------------------------------------------- shared helpers


def _datetime(digits: int, width: int) -> datetime:
    """YYMMDDhhmm[ss] as an int of ``width`` decimal digits -> datetime (20YY)."""
    text = f"{digits:0{width}d}"
    parts = [int(text[i : i + 2]) for i in range(0, width, 2)]
    if width == 10:
        parts.append(0)
    year, month, day, hour, minute, second = parts
    try:
        return datetime(2000 + year, month, day, hour, minute, second)
    except ValueError as exc:
        raise Sl651Error(f"impossible date/time {text}: {exc}") from exc


def _time_digits(moment: datetime, with_seconds: bool) -> str:
    """YYMMDDhhmm[ss]; as hex text these digits are also the packed-BCD bytes."""
    if not 2000 <= moment.year <= 2099:
        raise Sl651Error(f"year {moment.year} cannot be sent as two digits")
    return moment.strftime("%y%m%d%H%M%S" if with_seconds else "%y%m%d%H%M")


def _station_text(station: str) -> str:
    if len(station) != 10 or not set(station.encode()) <= _HEX_CHARS:
        raise Sl651Error(f"station address must be 10 hex digits, got {station!r}")
    return station.upper()


def _decode_number(data: bytes, decimals: int) -> Decimal | None:
    """BCD value; all-FFH means missing, a leading FFH byte means negative."""
    text = data.hex()
    if _FAST_PATHS and text.isdigit():  # the common case: valid BCD, not negative, not missing
        return Decimal(text).scaleb(-decimals)  # same value and exponent as via int()
    if data.count(0xFF) == len(data):
        return None
    negative = data[0] == 0xFF
    magnitude = bcd_to_int(data[1:] if negative else data)
    return Decimal(-magnitude if negative else magnitude).scaleb(-decimals)


def _scaled(value: Decimal | int, decimals: int) -> int:
    scaled = Decimal(value).scaleb(decimals)
    if scaled != scaled.to_integral_value():
        raise Sl651Error(f"{value} has more than {decimals} decimals")
    return int(scaled)


def _encode_number(value: Decimal | int | None, size: int, decimals: int) -> bytes:
    if value is None:
        return b"\xff" * size
    number = _scaled(value, decimals)
    if number < 0:
        if size < 2:
            raise Sl651Error("a negative value needs at least 2 bytes (FFH sign byte)")
        return b"\xff" + int_to_bcd(-number, size - 1)
    return int_to_bcd(number, size)


# ---------------------------------------------------------------- decoding


_MESSAGE_DEFAULTS: dict[str, object] = {
    f.name: f.default for f in fields(Sl651Message) if f.default is not MISSING
}


def _new_message(**values: object) -> Sl651Message:
    """The frozen dataclass built without its generated ``__init__`` (one ``object.__setattr__``
    per field): the hot path passes every required field itself (internal keys only)."""
    new = object.__new__(Sl651Message)
    new.__dict__.update(_MESSAGE_DEFAULTS, **values)
    return new


def _bcd_time(buf: bytes, at: int, with_seconds: bool) -> datetime:
    """YYMMDDhhmm[ss] packed BCD at ``buf[at:]`` -> datetime, by table lookup per byte."""
    v = BCD_VALUE
    year, month, day, hour, minute = (
        v[buf[at]],
        v[buf[at + 1]],
        v[buf[at + 2]],
        v[buf[at + 3]],
        v[buf[at + 4]],
    )
    second = v[buf[at + 5]] if with_seconds else 0
    if (year | month | day | hour | minute | second) >= 0:  # -1 marks a non-BCD byte
        try:
            return datetime(2000 + year, month, day, hour, minute, second)
        except ValueError:
            pass
    width = 12 if with_seconds else 10
    return _datetime(bcd_to_int(buf[at : at + width // 2]), width)  # raises the precise error


def _with(message: Sl651Message, **changes: object) -> Sl651Message:
    """dataclasses.replace() without its introspection: the codec's hot path (internal keys only)."""
    new = object.__new__(Sl651Message)
    new.__dict__.update(message.__dict__, **changes)
    return new


def decode_message(data: bytes | bytearray | memoryview) -> Sl651Message:
    """Decode one complete HEX or ASCII message; defects raise :class:`Sl651Error`."""
    return _decode_message(bytes(data), crc_checked=False)


def _decode_message(buf: bytes, *, crc_checked: bool) -> Sl651Message:
    try:
        if buf[:2] == SOH_HEX:
            return _decode_hex(buf, crc_checked)
        if buf[:1] == bytes([SOH_ASCII]):
            return _decode_ascii(buf, crc_checked)
    except Sl651Error:
        raise
    except FrameError as exc:
        raise Sl651Error(str(exc)) from exc
    if buf[:4].upper() == b"7E7E" or buf[:2] == b"01":
        raise Sl651Error("input looks like hex text; pass bytes.fromhex(text) instead")
    raise Sl651Error(f"bad start bytes {buf[:2].hex().upper() or '(empty)'}, expected 7E7E or SOH 01H")


def _decode_hex(buf: bytes, crc_checked: bool = False) -> Sl651Message:
    if len(buf) < HEX_HEAD:
        raise Sl651Error(f"truncated header: {len(buf)} bytes")
    direction = buf[11] >> 4
    if direction not in (0x0, 0x8):
        raise Sl651Error(f"bad up/down flag 0x{direction:X}, expected 0 or 8")
    length = (buf[11] & 0x0F) << 8 | buf[12]
    start = buf[13]
    if start not in (STX, SYN):
        raise Sl651Error(f"bad body start 0x{start:02X}, expected STX 02H or SYN 16H")
    head = HEX_HEAD + (3 if start == SYN else 0)
    total = head + length + 3
    _check_size(len(buf), total, length)
    uplink = direction == 0
    _check_end(buf[total - 3], uplink)
    if not crc_checked:  # the splitter has already verified it
        crc = crc16_modbus(buf[: total - 2])
        sent = int.from_bytes(buf[total - 2 :], "big")
        if crc != sent:
            raise Sl651Error(f"bad CRC: frame has {sent:04X}, computed {crc:04X}")
    function = buf[10]
    if (
        _FAST_PATHS
        and uplink
        and start == STX
        and function in REPORT_FUNCTIONS
        and length >= 23
        and buf[22:24] == b"\xf1\xf1"
        and buf[30:32] == b"\xf0\xf0"
    ):
        return _fast_hex_report(buf, length, total)
    centre, station = (buf[2], buf[3:8]) if uplink else (buf[7], buf[2:7])
    packet = None
    if start == SYN:
        info = int.from_bytes(buf[14:17], "big")
        packet = (info >> 12, info & 0x0FFF)
    message = Sl651Message(
        mode="hex",
        uplink=uplink,
        centre=centre,
        station=station.hex().upper(),
        password=int.from_bytes(buf[8:10], "big"),
        function=buf[10],
        end_char=buf[total - 3],
        body=buf[head : head + length],
        packet=packet,
        raw=buf,
    )
    return _decode_hex_body(message)


def _fast_hex_report(buf: bytes, length: int, total: int) -> Sl651Message:
    """Uplink STX report (the server's traffic), decoded in one pass and built once.

    Same result as ``_decode_hex_body`` → ``_decode_hex_report``, which stay the reference
    for every other message; the tests compare the two paths."""
    # body = buf[14:14 + length]: serial (2) + send time (6) + F1F1 + station (5) + type (1)
    #        + F0F0 + observation time (5) + elements
    sent_at = _bcd_time(buf, 16, True)
    observed_at = _bcd_time(buf, 32, False)
    parsed = _parse_hex_elements(buf[37 : 14 + length]) if length > 23 else None
    notes: tuple[str, ...] = ()
    elements: tuple[Sl651Element, ...] = ()
    series: tuple[tuple[int, tuple[Decimal | None, ...]], ...] = ()
    times: tuple[datetime, ...] = ()
    element_times: tuple[int, ...] = ()
    if parsed is not None:
        elements = tuple(parsed.elements)
        element_times = tuple(parsed.element_times)
        if parsed.series:
            series = tuple(parsed.series)
        if parsed.times:
            times = tuple(parsed.times)
        if parsed.notes:
            notes = tuple(parsed.notes)
    return _new_message(
        mode="hex",
        uplink=True,
        centre=buf[2],
        station=buf[3:8].hex().upper(),
        password=buf[8] << 8 | buf[9],
        function=buf[10],
        end_char=buf[total - 3],
        body=buf[14 : 14 + length],
        raw=buf,
        serial=buf[14] << 8 | buf[15],
        sent_at=sent_at,
        body_station=buf[24:29].hex().upper(),
        station_type=buf[29],
        observed_at=observed_at,
        elements=elements,
        series=series,
        extra_observation_times=times,
        element_times=element_times,
        notes=notes,
    )


def _check_size(actual: int, expected: int, length: int) -> None:
    if actual < expected:
        raise Sl651Error(f"truncated message: {actual} of {expected} bytes (length field {length})")
    if actual > expected:
        raise Sl651Error(f"length mismatch: length field {length} implies {expected} bytes, got {actual}")


def _check_end(end: int, uplink: bool) -> None:
    allowed = UPLINK_ENDS if uplink else DOWNLINK_ENDS
    if end not in allowed:
        side = "uplink" if uplink else "downlink"
        raise Sl651Error(f"bad end byte 0x{end:02X} for {side}")


def _decode_hex_body(message: Sl651Message) -> Sl651Message:
    known = message.function in FUNCTION_NAMES
    notes = () if known else (f"unknown function 0x{message.function:02X}; body left undecoded",)
    body = message.body
    if message.packet is not None:
        return _with(message, known_function=known, notes=(*notes, "multi-packet body left undecoded"))
    if len(body) < 8:
        if known:
            raise Sl651Error(f"body truncated: {len(body)} bytes, need serial and send time")
        return _with(message, known_function=False, notes=notes)
    serial = int.from_bytes(body[:2], "big")
    sent_at = _datetime(bcd_to_int(body[2:8]), 12)
    message = _with(message, serial=serial, sent_at=sent_at, known_function=known, notes=notes)
    if known and message.uplink and message.function in REPORT_FUNCTIONS:
        return _decode_hex_report(message, body[8:])
    return message


def _decode_hex_report(message: Sl651Message, rest: bytes) -> Sl651Message:
    # F1F1 + station (5) + type (1) + F0F0 + observation time (5) = 15 bytes
    if len(rest) < 15:
        raise Sl651Error(f"report header truncated: {len(rest)} bytes")
    if rest[0:2] != b"\xf1\xf1":
        raise Sl651Error(f"expected station identifier F1F1, got {rest[0:2].hex().upper()}")
    if rest[8:10] != b"\xf0\xf0":
        raise Sl651Error(f"expected observation-time identifier F0F0, got {rest[8:10].hex().upper()}")
    observed_at = _datetime(bcd_to_int(rest[10:15]), 10)
    parsed = _parse_hex_elements(rest[15:])
    return _with(
        message,
        body_station=rest[2:7].hex().upper(),
        station_type=rest[7],
        observed_at=observed_at,
        elements=tuple(parsed.elements),
        series=tuple(parsed.series),
        extra_observation_times=tuple(parsed.times),
        element_times=tuple(parsed.element_times),
        notes=(*message.notes, *parsed.notes),
    )


@dataclass
class _Parsed:
    elements: list[Sl651Element] = field(default_factory=list)
    series: list[tuple[int, tuple[Decimal | None, ...]]] = field(default_factory=list)
    times: list[datetime] = field(default_factory=list)
    element_times: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _parse_hex_elements(data: bytes) -> _Parsed:
    parsed = _Parsed()
    elements, element_times, times = parsed.elements, parsed.element_times, parsed.times
    names, new_element, element_type = _NAMES, tuple.__new__, Sl651Element
    end = len(data)
    pos = 0
    while pos < end:
        code = data[pos]
        if code == 0xF0:
            pos = _hex_time_group(data, pos, parsed)
            continue
        if code in (0xF1, 0xF2, 0xF3, 0xFD):
            parsed.notes.append(f"element 0x{code:02X} and after left undecoded ({end - pos} bytes)")
            break
        if code == 0xFF:
            _need(data, pos + 1, "extension identifier")
            code = 0xFF00 | data[pos + 1]
            pos += 1
        if pos + 1 >= end:
            _need(data, pos + 1, "data definition byte")
        definition = data[pos + 1]
        size = definition >> 3
        start = pos + 2
        if start + size > end:
            _need(data, start + size - 1, f"value of element 0x{code:02X}")
        pos = start + size
        chunk = data[start:pos]
        if code in SERIES_CODES:
            parsed.series.append((code, _decode_series(code, chunk)))
            continue
        known = names.get(code)
        text = chunk.hex()
        if _FAST_PATHS and known is not None and code != STATUS_CODE and text.isdigit():
            # Fast path (plain BCD, the usual case); same result as _hex_element.
            value = Decimal(text).scaleb(-(definition & 0x07))
            elements.append(new_element(element_type, (code, known[0], value, known[1])))
        else:
            elements.append(_hex_element(code, definition & 0x07, chunk))
        element_times.append(len(times))
    return parsed


def _need(data: bytes, index: int, what: str) -> None:
    if index >= len(data):
        raise Sl651Error(f"truncated element data: missing {what}")


def _hex_time_group(data: bytes, pos: int, parsed: _Parsed) -> int:
    if data[pos : pos + 2] != b"\xf0\xf0" or pos + 7 > len(data):
        raise Sl651Error("malformed observation-time group inside elements")
    parsed.times.append(_bcd_time(data, pos + 2, False))
    return pos + 7


def _hex_element(code: int, decimals: int, chunk: bytes) -> Sl651Element:
    name, unit = _NAMES.get(code) or element_name(code)
    if code == STATUS_CODE:
        missing = not chunk or chunk.count(0xFF) == len(chunk)
        return Sl651Element(code, name, None if missing else int.from_bytes(chunk, "big"), unit)
    value = _decode_number(chunk, decimals) if chunk else None
    return Sl651Element(code, name, value, unit)


def _decode_series(code: int, chunk: bytes) -> tuple[Decimal | None, ...]:
    """DRP: 1-byte HEX in 0.1 mm; DRZn: 2-byte HEX in 0.01 m; FFH/FFFFH = missing."""
    width, decimals = (1, 1) if code == 0xF4 else (2, 2)
    if len(chunk) % width:
        raise Sl651Error(f"series 0x{code:02X} has odd length {len(chunk)}")
    missing = (1 << (8 * width)) - 1
    values = []
    for i in range(0, len(chunk), width):
        raw = int.from_bytes(chunk[i : i + width], "big")
        values.append(None if raw == missing else Decimal(raw).scaleb(-decimals))
    return tuple(values)


# ---------------------------------------------------------------- ASCII decoding


def _hex_field(buf: bytes, start: int, end: int, what: str) -> int:
    chunk = buf[start:end]
    if len(chunk) != end - start or not set(chunk) <= _HEX_CHARS:
        raise Sl651Error(f"{what} is not hex text: {chunk!r}")
    return int(chunk, 16)


def _decode_ascii(buf: bytes, crc_checked: bool = False) -> Sl651Message:
    if len(buf) < ASCII_HEAD:
        raise Sl651Error(f"truncated header: {len(buf)} bytes")
    flag_len = _hex_field(buf, 19, 23, "direction/length field")
    direction, length = flag_len >> 12, flag_len & 0x0FFF
    if direction not in (0x0, 0x8):
        raise Sl651Error(f"bad up/down flag 0x{direction:X}, expected 0 or 8")
    start = buf[23]
    if start not in (STX, SYN):
        raise Sl651Error(f"bad body start 0x{start:02X}, expected STX 02H or SYN 16H")
    head = ASCII_HEAD + (6 if start == SYN else 0)
    total = head + length + 5
    _check_size(len(buf), total, length)
    uplink = direction == 0
    _check_end(buf[total - 5], uplink)
    if not crc_checked:
        crc = crc16_modbus(buf[: total - 4])
        sent = _hex_field(buf, total - 4, total, "CRC")
        if crc != sent:
            raise Sl651Error(f"bad CRC: frame has {sent:04X}, computed {crc:04X}")
    if (
        _FAST_PATHS
        and uplink
        and start == STX
        and (fast := _fast_ascii_report(buf, length, total)) is not None
    ):
        return fast
    centre_at, station_at = (1, 3) if uplink else (11, 1)
    station = buf[station_at : station_at + 10]
    _hex_field(buf, station_at, station_at + 10, "station address")
    packet = None
    if start == SYN:
        info = _hex_field(buf, 24, 30, "packet field")
        packet = (info >> 12, info & 0x0FFF)
    message = Sl651Message(
        mode="ascii",
        uplink=uplink,
        centre=_hex_field(buf, centre_at, centre_at + 2, "centre address"),
        station=station.decode("ascii").upper(),
        password=_hex_field(buf, 13, 17, "password"),
        function=_hex_field(buf, 17, 19, "function code"),
        end_char=buf[total - 5],
        body=buf[head : head + length],
        packet=packet,
        raw=buf,
    )
    return _decode_ascii_body(message)


_HEX_RUN = re.compile(rb"[0-9A-Fa-f]+")
# The usual ASCII report body, single-spaced: serial, send time, ST station type, TT time, then
# "<ID> <decimal>" pairs. Anything else (other spacing, FF values, series, status words, a second
# TT group) is left to the general decoder.
_ASCII_REPORT = re.compile(
    r"([0-9A-Fa-f]{4}) ([0-9]{12}) ST ([0-9A-Fa-f]{10}) ([!-~]) TT ([0-9]{10})"
    r"((?: [A-Z][A-Z0-9]* -?[0-9]+(?:\.[0-9]+)?)*)"
)


def _fast_ascii_report(buf: bytes, length: int, total: int) -> Sl651Message | None:
    """Uplink STX report with only known decimal elements (the server's traffic), in one pass.

    Returns None for anything else, including every defect, so that the general path
    (``_decode_ascii_body`` → ``_decode_ascii_report``) decides and words the error."""
    if not _HEX_RUN.fullmatch(buf, 1, 19):  # centre, station, password, function
        return None
    function = int(buf[17:19], 16)
    if function not in REPORT_FUNCTIONS:
        return None
    body = buf[ASCII_HEAD : ASCII_HEAD + length]
    try:
        match = _ASCII_REPORT.fullmatch(body.decode("ascii"))
    except UnicodeDecodeError:
        return None
    if match is None:
        return None
    serial, sent, station, kind, observed, rest = match.groups()
    try:
        sent_at = _bcd_time(bytes.fromhex(sent), 0, True)
        observed_at = _bcd_time(bytes.fromhex(observed), 0, False)
    except Sl651Error:
        return None
    elements = []
    if rest:
        tokens = rest.split(" ")  # rest starts with a space: tokens[0] == ""
        names, ids, new, element_type = _NAMES, ASCII_IDS, tuple.__new__, Sl651Element
        for ident, text in zip(tokens[1::2], tokens[2::2], strict=True):
            code = ids.get(ident)
            if code is None or code == STATUS_CODE:
                return None
            name, unit = names[code]
            elements.append(new(element_type, (code, name, Decimal(text), unit)))
    return _new_message(
        mode="ascii",
        uplink=True,
        centre=int(buf[1:3], 16),
        station=buf[3:13].decode("ascii").upper(),
        password=int(buf[13:17], 16),
        function=function,
        end_char=buf[total - 5],
        body=body,
        raw=buf,
        serial=int(serial, 16),
        sent_at=sent_at,
        body_station=station.upper(),
        station_type=ord(kind),
        observed_at=observed_at,
        elements=tuple(elements),
        element_times=(0,) * len(elements),
    )


def _decode_ascii_body(message: Sl651Message) -> Sl651Message:
    known = message.function in FUNCTION_NAMES
    notes = () if known else (f"unknown function 0x{message.function:02X}; body left undecoded",)
    if message.packet is not None:
        return _with(message, known_function=known, notes=(*notes, "multi-packet body left undecoded"))
    try:
        tokens = message.body.decode("ascii").split()
    except UnicodeDecodeError as exc:
        raise Sl651Error("ASCII body contains non-ASCII bytes") from exc
    if len(tokens) < 2 or len(tokens[0]) != 4 or len(tokens[1]) != 12:
        if known:
            raise Sl651Error("ASCII body truncated: need serial and send time")
        return _with(message, known_function=False, notes=notes)
    serial = _hex_field(tokens[0].encode(), 0, 4, "serial number")
    sent_at = _datetime(_digits(tokens[1], 12), 12)
    message = _with(message, serial=serial, sent_at=sent_at, known_function=known, notes=notes)
    if known and message.uplink and message.function in REPORT_FUNCTIONS:
        return _decode_ascii_report(message, tokens[2:])
    return message


def _digits(text: str, width: int) -> int:
    if len(text) != width or not text.isascii() or not text.isdigit():
        raise Sl651Error(f"expected {width} decimal digits, got {text!r}")
    return int(text)


def _decode_ascii_report(message: Sl651Message, tokens: list[str]) -> Sl651Message:
    if len(tokens) < 5 or tokens[0] != "ST" or tokens[3] != "TT" or len(tokens[2]) != 1:
        raise Sl651Error("ASCII report header must be 'ST <station> <type> TT <time>'")
    station = _station_text(tokens[1])
    observed_at = _datetime(_digits(tokens[4], 10), 10)
    pairs = tokens[5:]
    if len(pairs) % 2:
        raise Sl651Error(f"ASCII element {pairs[-1]!r} has no value")
    parsed = _Parsed()
    for ident, text in zip(pairs[::2], pairs[1::2], strict=True):
        _ascii_element(ident, text, parsed)
    return _with(
        message,
        body_station=station,
        station_type=ord(tokens[2]),
        observed_at=observed_at,
        elements=tuple(parsed.elements),
        series=tuple(parsed.series),
        extra_observation_times=tuple(parsed.times),
        element_times=tuple(parsed.element_times),
        notes=(*message.notes, *parsed.notes),
    )


def _ascii_element(ident: str, text: str, parsed: _Parsed) -> None:
    if ident == "TT":
        parsed.times.append(_datetime(_digits(text, 10), 10))
        return
    if ident in _SERIES_ASCII:
        code = _SERIES_ASCII[ident]
        raw = text.encode()
        if not set(raw) <= _HEX_CHARS or len(raw) % 2:
            raise Sl651Error(f"series {ident} is not hex text")
        parsed.series.append((code, _decode_series(code, bytes.fromhex(text))))
        return
    code = ASCII_IDS.get(ident)
    if code is None:
        parsed.notes.append(f"unknown ASCII element {ident!r} skipped")
        return
    name, unit = element_name(code)
    parsed.elements.append(Sl651Element(code, name, _ascii_value(code, text), unit))
    parsed.element_times.append(len(parsed.times))


def _ascii_value(code: int, text: str) -> Decimal | int | None:
    if set(text) <= {"F", "f"}:
        return None  # all-F text marks a missing value, as FFH does in HEX mode
    if code == STATUS_CODE:
        return _hex_field(text.encode(), 0, len(text), "status word")
    if not _DECIMAL_TEXT.fullmatch(text):
        raise Sl651Error(f"bad ASCII value {text!r}")
    return Decimal(text)


# ---------------------------------------------------------------- encoding


def _hex_header(uplink: bool, centre: int, station: str, password: int, function: int) -> bytes:
    if not (0 <= centre <= 0xFF and 0 <= password <= 0xFFFF and 0 <= function <= 0xFF):
        raise Sl651Error("centre, password or function out of range")
    station_bytes = bytes.fromhex(_station_text(station))
    address = bytes([centre]) + station_bytes if uplink else station_bytes + bytes([centre])
    return SOH_HEX + address + password.to_bytes(2, "big") + bytes([function])


def encode_hex_frame(
    *, uplink: bool, centre: int, station: str, password: int, function: int, body: bytes, end_char: int
) -> bytes:
    _check_end(end_char, uplink)
    if len(body) > MAX_BODY:
        raise Sl651Error(f"body of {len(body)} bytes exceeds {MAX_BODY}")
    flag = (0x0000 if uplink else 0x8000) | len(body)
    frame = (
        _hex_header(uplink, centre, station, password, function)
        + flag.to_bytes(2, "big")
        + bytes([STX])
        + body
        + bytes([end_char])
    )
    return frame + crc16_modbus(frame).to_bytes(2, "big")


def encode_ascii_frame(
    *, uplink: bool, centre: int, station: str, password: int, function: int, body: str, end_char: int
) -> bytes:
    _check_end(end_char, uplink)
    payload = body.encode("ascii")
    if len(payload) > MAX_BODY:
        raise Sl651Error(f"body of {len(payload)} bytes exceeds {MAX_BODY}")
    if not (0 <= centre <= 0xFF and 0 <= password <= 0xFFFF and 0 <= function <= 0xFF):
        raise Sl651Error("centre, password or function out of range")
    station_text = _station_text(station)
    address = f"{centre:02X}{station_text}" if uplink else f"{station_text}{centre:02X}"
    flag = (0x0000 if uplink else 0x8000) | len(payload)
    head = f"{address}{password:04X}{function:02X}{flag:04X}".encode("ascii")
    frame = bytes([SOH_ASCII]) + head + bytes([STX]) + payload + bytes([end_char])
    return frame + f"{crc16_modbus(frame):04X}".encode("ascii")


ElementInput = tuple[int, Decimal | int | datetime | None]
# In an encoder's element list, (TIME_GROUP, datetime) starts a new observation-time group
# (HEX ``F0F0`` + time, ASCII ``TT`` + time): the elements after it were observed then. A
# report carrying several groups is how a station sends stored values (e.g. an hourly report
# with twelve 5-minute observations).
TIME_GROUP = 0xF0


def _element_format(code: int, formats: Mapping[int, tuple[int, int]] | None) -> tuple[int, int]:
    if formats and code in formats:
        return formats[code]
    definition = ELEMENTS.get(code)
    if definition is None:
        raise Sl651Error(f"no default format for element 0x{code:02X}; pass formats")
    return definition.size, definition.decimals


def _group_time(value: object) -> datetime:
    if not isinstance(value, datetime):
        raise Sl651Error(f"an observation-time group needs a datetime, got {value!r}")
    return value


def _hex_elements(elements: Sequence[ElementInput], formats: Mapping[int, tuple[int, int]] | None) -> bytes:
    out = bytearray()
    for code, value in elements:
        if code == TIME_GROUP:
            out += b"\xf0\xf0" + bytes.fromhex(_time_digits(_group_time(value), False))
            continue
        size, decimals = _element_format(code, formats)
        if not (0 < size <= 31 and 0 <= decimals <= 7):
            raise Sl651Error(
                f"element 0x{code:02X} format {size}/{decimals} does not fit the definition byte"
            )
        if code == STATUS_CODE:
            data = b"\xff" * size if value is None else int(value).to_bytes(size, "big")
        else:
            data = _encode_number(value, size, decimals)
        out += bytes([code, size << 3 | decimals]) + data
    return bytes(out)


def _ascii_elements(elements: Sequence[ElementInput], formats: Mapping[int, tuple[int, int]] | None) -> str:
    parts = []
    for code, value in elements:
        if code == TIME_GROUP:
            parts.append(f"TT {_time_digits(_group_time(value), False)}")
            continue
        definition = ELEMENTS.get(code)
        if definition is None:
            raise Sl651Error(f"element 0x{code:02X} has no ASCII identifier")
        size, decimals = _element_format(code, formats)
        if value is None:
            text = "FF"
        elif code == STATUS_CODE:
            text = f"{int(value):0{2 * size}X}"
        else:
            text = f"{Decimal(_scaled(value, decimals)).scaleb(-decimals):.{decimals}f}"
        parts.append(f"{definition.ascii_id} {text}")
    return " ".join(parts)


def encode_report(
    *,
    centre: int,
    station: str,
    password: int,
    function: int,
    serial: int,
    sent_at: datetime,
    station_type: int,
    observed_at: datetime,
    elements: Sequence[ElementInput],
    formats: Mapping[int, tuple[int, int]] | None = None,
    mode: Mode = "hex",
    end_char: int = ETX,
) -> bytes:
    """Uplink report (30H–34H) for the field simulator and tests."""
    if function not in REPORT_FUNCTIONS:
        raise Sl651Error(f"function 0x{function:02X} is not a report")
    if not (0 <= serial <= 0xFFFF and 0 <= station_type <= 0xFF):
        raise Sl651Error("serial or station type out of range")
    station = _station_text(station)
    common = {
        "uplink": True,
        "centre": centre,
        "station": station,
        "password": password,
        "function": function,
    }
    if mode == "hex":
        body = (
            serial.to_bytes(2, "big")
            + bytes.fromhex(_time_digits(sent_at, True))
            + b"\xf1\xf1"
            + bytes.fromhex(station)
            + bytes([station_type])
            + b"\xf0\xf0"
            + bytes.fromhex(_time_digits(observed_at, False))
            + _hex_elements(elements, formats)
        )
        return encode_hex_frame(**common, body=body, end_char=end_char)
    if not 0x21 <= station_type <= 0x7E:
        raise Sl651Error("ASCII station type must be a printable character")
    text = (
        f"{serial:04X} {_time_digits(sent_at, True)} ST {station} {chr(station_type)} "
        f"TT {_time_digits(observed_at, False)}"
    )
    element_text = _ascii_elements(elements, formats)
    body_text = f"{text} {element_text}" if element_text else text
    return encode_ascii_frame(**common, body=body_text, end_char=end_char)


def encode_keepalive(
    *, centre: int, station: str, password: int, serial: int, sent_at: datetime, mode: Mode = "hex"
) -> bytes:
    """Uplink link keep-alive (2FH): serial number and send time only."""
    return _serial_time_frame(True, centre, station, password, 0x2F, serial, sent_at, mode, ETX)


def encode_confirmation(
    message: Sl651Message, *, end_char: int = ESC, sent_at: datetime | None = None, serial: int | None = None
) -> bytes:
    """Centre's reply to an uplink message, in the same mode.

    ``end_char``: ESC keeps the link after the reply, EOT asks the station to
    hang up, ACK/NAK confirm or reject a packet of a multi-packet transfer.
    The serial number and send time default to the uplink's own (the public
    examples echo them).
    """
    if not message.uplink:
        raise Sl651Error("can only confirm an uplink message")
    if end_char not in (ESC, EOT, ACK, NAK):
        raise Sl651Error(f"0x{end_char:02X} is not a confirmation end character")
    reply_serial = message.serial if serial is None else serial
    reply_time = message.sent_at if sent_at is None else sent_at
    if reply_serial is None or reply_time is None:
        raise Sl651Error("message has no serial/send time to confirm")
    return _serial_time_frame(
        False,
        message.centre,
        message.station,
        message.password,
        message.function,
        reply_serial,
        reply_time,
        message.mode,
        end_char,
    )


def _serial_time_frame(
    uplink: bool,
    centre: int,
    station: str,
    password: int,
    function: int,
    serial: int,
    sent_at: datetime,
    mode: Mode,
    end_char: int,
) -> bytes:
    if not 0 <= serial <= 0xFFFF:
        raise Sl651Error(f"serial {serial} out of range")
    common = {
        "uplink": uplink,
        "centre": centre,
        "station": station,
        "password": password,
        "function": function,
    }
    if mode == "hex":
        body = serial.to_bytes(2, "big") + bytes.fromhex(_time_digits(sent_at, True))
        return encode_hex_frame(**common, body=body, end_char=end_char)
    return encode_ascii_frame(**common, body=f"{serial:04X} {_time_digits(sent_at, True)}", end_char=end_char)


# ---------------------------------------------------------------- streaming


class Sl651Splitter:
    """Reassemble HEX and/or ASCII messages from arbitrary TCP chunks.

    A candidate is accepted only when header, length, end character and CRC
    agree; otherwise one byte is dropped and the scan resumes.  Messages over
    ``max_frame_len`` are refused, so the buffer stays bounded.
    """

    def __init__(
        self,
        *,
        modes: Sequence[Mode] = ("hex", "ascii"),
        max_frame_len: int | None = None,
        keep_rejected: int = 32,
    ) -> None:
        self.modes = frozenset(modes)
        self._hex, self._ascii = "hex" in self.modes, "ascii" in self.modes
        limit = max(
            HEX_MAX_FRAME if "hex" in self.modes else 0, ASCII_MAX_FRAME if "ascii" in self.modes else 0
        )
        self.max_frame_len = min(max_frame_len or limit, limit)
        self.discarded = 0  # bytes skipped while hunting for a message
        self.bad_checksums = 0  # complete candidates whose CRC was wrong
        self.rejected_count = 0  # messages that passed the envelope but failed decoding
        self.rejected: deque[tuple[bytes, FrameError]] = deque(maxlen=keep_rejected)
        self._buf = bytearray()

    @property
    def buffered(self) -> int:
        return len(self._buf)

    def feed(self, chunk: bytes) -> list[Sl651Message]:
        self._buf += chunk
        messages: list[Sl651Message] = []
        while (candidate := self._next_candidate()) is not None:
            try:
                messages.append(_decode_message(candidate, crc_checked=True))
            except FrameError as exc:
                self.rejected_count += 1
                self.rejected.append((candidate, exc))
        return messages

    def _drop(self, count: int) -> None:
        del self._buf[:count]
        self.discarded += count

    def _find_start(self) -> int:
        buf = self._buf
        if buf:  # usual case: the buffer already starts with a message (no search of the rest)
            first = buf[0]
            if first == SOH_ASCII and self._ascii:
                return 0
            if first == 0x7E and self._hex and (len(buf) == 1 or buf[1] == 0x7E):
                return 0
        starts = []
        if "hex" in self.modes:
            at = buf.find(SOH_HEX)
            if at >= 0:
                starts.append(at)
            elif buf.endswith(b"\x7e"):
                starts.append(len(buf) - 1)  # half a start marker: wait for more
        if "ascii" in self.modes and (at := buf.find(SOH_ASCII)) >= 0:
            starts.append(at)
        return min(starts, default=-1)

    def _next_candidate(self) -> bytes | None:
        while True:
            start = self._find_start()
            if start < 0:
                self._drop(len(self._buf))
                return None
            self._drop(start)
            total = self._expected_total()
            if total is None:
                return None
            if total < 0 or total > self.max_frame_len:
                self._drop(1)
                continue
            if len(self._buf) < total:
                return None
            frame = bytes(self._buf[:total])
            if self._envelope_ok(frame):
                del self._buf[:total]
                return frame
            self.bad_checksums += 1
            self._drop(1)

    def _expected_total(self) -> int | None:
        """Frame size from the header, None if more bytes are needed, -1 if invalid."""
        buf = self._buf
        if buf[:1] == b"\x7e":
            if len(buf) < HEX_HEAD:
                return None
            if buf[1] != 0x7E or buf[11] >> 4 not in (0, 8) or buf[13] not in (STX, SYN):
                return -1
            length = (buf[11] & 0x0F) << 8 | buf[12]
            return HEX_HEAD + (3 if buf[13] == SYN else 0) + length + 3
        if len(buf) < ASCII_HEAD:
            return None
        field_ = bytes(buf[19:23])
        if not set(field_) <= _HEX_CHARS or buf[23] not in (STX, SYN):
            return -1
        flag_len = int(field_, 16)
        if flag_len >> 12 not in (0, 8):
            return -1
        return ASCII_HEAD + (6 if buf[23] == SYN else 0) + (flag_len & 0x0FFF) + 5

    @staticmethod
    def _envelope_ok(frame: bytes) -> bool:
        if frame[0] == 0x7E:
            return crc16_modbus(frame[:-2]) == int.from_bytes(frame[-2:], "big")
        tail = frame[-4:]
        return set(tail) <= _HEX_CHARS and crc16_modbus(frame[:-4]) == int(tail, 16)
