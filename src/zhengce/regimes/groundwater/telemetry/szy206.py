"""SZY206-2016 (水资源监测数据传输规约) frame codec.

Wire layout::

    68H | L | 68H | C [DIVS] | A (5) | AFN | data | CS | 16H

``L`` counts the user-data area (C, optional DIVS, A, AFN and data) and
``CS`` is a CRC-8 (poly 0xE5, init 0) over exactly that area.  Every
decision and its source is recorded in ``docs/telemetry.md``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import MISSING, dataclass, field, fields
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Literal, NamedTuple

from .bcd import BCD_VALUE, bcd_byte, bcd_to_int, int_to_bcd_le, to_bcd_byte
from .crc import crc8_szy206
from .errors import FrameError, Szy206Error

START = 0x68
END = 0x16
ADDRESS_LEN = 5
MIN_USER_DATA = 1 + ADDRESS_LEN + 1  # C + A + AFN
MAX_USER_DATA = 0xFF  # L is a single byte
MAX_FRAME_LEN = MAX_USER_DATA + 5
TP_LEN = 5
STATE_LEN = 4  # alarm word + terminal-status word

AFN_LINK_CHECK = 0x02
AFN_QUERY_REALTIME = 0xB0
AFN_QUERY_STORED = 0xB1
AFN_SELF_REPORT = 0xC0
AFN_ALARM = 0x81

AFN_NAMES: dict[int, str] = {
    0x02: "link check",
    0x10: "set address",
    0x11: "set clock",
    0x12: "set work mode",
    0x50: "query address",
    0x51: "query clock",
    0x52: "query work mode",
    0x81: "alarm report",
    0xB0: "query real-time values",
    0xB1: "query stored data",
    0xC0: "self-reported real-time data",
}

LINK_LOGIN = 0xF0
LINK_LOGOUT = 0xF1
LINK_HEARTBEAT = 0xF2
LINK_NAMES = {LINK_LOGIN: "login", LINK_LOGOUT: "logout", LINK_HEARTBEAT: "heartbeat"}

FUNCTION_NAMES: dict[int, str] = {
    0: "command",
    1: "rainfall",
    2: "water level",
    3: "flow/volume",
    4: "velocity",
    5: "gate position",
    6: "power",
    7: "air pressure",
    8: "wind speed",
    9: "water temperature",
    10: "water quality",
    11: "soil moisture",
    12: "evaporation",
    13: "alarm/status",
    14: "comprehensive",
    15: "water pressure",
}

# Alarm word (2 bytes, little-endian), bit -> meaning.
ALARM_BITS: dict[int, str] = {
    0: "AC power failure",
    1: "battery voltage low",
    2: "water level over limit",
    3: "flow over limit",
    4: "water quality over limit",
    5: "flow meter fault",
    6: "pump stopped",
    7: "water level meter fault",
    8: "water pressure over limit",
    10: "IC card function alarm",
    11: "fixed-value control alarm",
    12: "remaining volume below limit",
    13: "cabinet door open",
}

# Terminal-status word (2 bytes, little-endian), bit -> meaning when set.
STATUS_BITS: dict[int, str] = {
    2: "IC card function disabled",
    3: "fixed-value control off",
    4: "pump off",
    5: "cabinet door closed",
    6: "running on battery",
}

FlowLayout = Literal["flow_volume", "volume", "flow"]


class ValueFormat(NamedTuple):
    name: str
    size: int
    decimals: int
    signed: bool
    unit: str


class Szy206Reading(NamedTuple):
    name: str
    value: Decimal | None
    unit: str


FLOW_FORMAT = ValueFormat("instantaneous flow", 5, 3, True, "m³/s")
VOLUME_FORMAT = ValueFormat("cumulative volume", 5, 0, True, "m³")

# Fixed-width value arrays keyed by the C-byte parameter type.
VALUE_FORMATS: dict[int, ValueFormat] = {
    1: ValueFormat("rainfall", 3, 1, False, "mm"),
    2: ValueFormat("water level", 4, 3, True, "m"),
    4: ValueFormat("velocity", 3, 3, True, "m/s"),
    5: ValueFormat("gate position", 3, 2, False, "m"),
    6: ValueFormat("power", 3, 0, False, "kW"),
    7: ValueFormat("air pressure", 3, 0, False, "hPa"),
    8: ValueFormat("wind speed", 3, 0, False, "m/s"),
    9: ValueFormat("water temperature", 3, 0, False, "°C"),
    11: ValueFormat("soil moisture", 3, 0, False, "%"),
    12: ValueFormat("evaporation", 3, 0, False, "mm"),
    15: ValueFormat("water pressure", 3, 0, False, "MPa"),
}

FLOW_LAYOUTS: dict[str, tuple[ValueFormat, ...]] = {
    "flow_volume": (FLOW_FORMAT, VOLUME_FORMAT),
    "volume": (VOLUME_FORMAT,),
    "flow": (FLOW_FORMAT,),
}

_MISSING_FILL = (0xAA, 0xFF)
# Fast path for plain BCD values; False forces the general decoder
# (tests/telemetry/test_telemetry_fastpath.py checks both give the same results).
_FAST_PATHS = True


@dataclass(frozen=True)
class Szy206Control:
    """Control byte C (and DIVS when the split-frame flag D6 is set)."""

    uplink: bool
    function: int
    fcb: int = 0
    divs: int | None = None

    def to_bytes(self) -> bytes:
        if not 0 <= self.function <= 15 or not 0 <= self.fcb <= 3:
            raise Szy206Error(f"control fields out of range: function={self.function} fcb={self.fcb}")
        byte = (0x80 if self.uplink else 0) | (self.fcb << 4) | self.function
        if self.divs is None:
            return bytes([byte])
        if not 0 <= self.divs <= 0xFF:
            raise Szy206Error(f"DIVS {self.divs} out of range")
        return bytes([byte | 0x40, self.divs])

    @property
    def function_name(self) -> str:
        return FUNCTION_NAMES[self.function]


@dataclass(frozen=True)
class Szy206Tp:
    """Time label: second, minute, hour, day (BCD) and allowed delay (BIN, minutes)."""

    second: int
    minute: int
    hour: int
    day: int
    delay_minutes: int = 0

    def __post_init__(self) -> None:
        if not (0 <= self.second < 60 and 0 <= self.minute < 60 and 0 <= self.hour < 24):
            raise Szy206Error(f"impossible Tp time {self.hour:02d}:{self.minute:02d}:{self.second:02d}")
        if not 1 <= self.day <= 31:
            raise Szy206Error(f"impossible Tp day {self.day}")
        if not 0 <= self.delay_minutes <= 0xFF:
            raise Szy206Error(f"Tp delay {self.delay_minutes} out of range")

    @classmethod
    def from_datetime(cls, moment: datetime, delay_minutes: int = 0) -> Szy206Tp:
        return cls(moment.second, moment.minute, moment.hour, moment.day, delay_minutes)

    def to_bytes(self) -> bytes:
        parts = (self.second, self.minute, self.hour, self.day)
        return bytes(to_bcd_byte(part) for part in parts) + bytes([self.delay_minutes])

    def resolve(self, reference: datetime) -> datetime:
        """Most recent datetime with this day/time not later than ``reference`` + 1 day.

        Tp carries no month or year, so they come from the receiver's clock;
        the one-day slack absorbs clock skew between terminal and centre.
        """
        limit = reference + timedelta(days=1)
        year, month = limit.year, limit.month
        for _ in range(13):
            if self.day <= _days_in_month(year, month):
                moment = datetime(year, month, self.day, self.hour, self.minute, self.second)
                if moment <= limit:
                    return moment
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        raise Szy206Error(f"cannot place Tp day {self.day} before {reference:%Y-%m-%d}")


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


@dataclass(frozen=True)
class Szy206Frame:
    """A decoded SZY206 frame; undecoded payloads stay available in ``data``."""

    control: Szy206Control
    address: str
    afn: int
    data: bytes
    link_code: int | None = None
    readings: tuple[Szy206Reading, ...] = ()
    alarm: int | None = None
    status: int | None = None
    tp: Szy206Tp | None = None
    observed_at: datetime | None = None
    known_afn: bool = True
    notes: tuple[str, ...] = ()
    raw: bytes = field(default=b"", compare=False, repr=False)

    @property
    def afn_name(self) -> str:
        return AFN_NAMES.get(self.afn, f"unknown AFN 0x{self.afn:02X}")

    @property
    def division_code(self) -> str | None:
        """A1: administrative division code (3 bytes BCD), if the address is BCD."""
        digits = self.address[:6]
        return digits if digits.isdigit() else None

    @property
    def station_number(self) -> int:
        """A2: station number (2 bytes binary, little-endian)."""
        return int.from_bytes(bytes.fromhex(self.address[6:]), "little")

    def values(self, name: str) -> list[Decimal | None]:
        return [reading.value for reading in self.readings if reading.name == name]

    @property
    def cumulative_volume(self) -> Decimal | None:
        found = self.values(VOLUME_FORMAT.name)
        return found[0] if found else None

    @property
    def flow(self) -> Decimal | None:
        found = self.values(FLOW_FORMAT.name)
        return found[0] if found else None

    @property
    def alarm_flags(self) -> list[str]:
        return _bit_names(self.alarm, ALARM_BITS)

    @property
    def status_flags(self) -> list[str]:
        return _bit_names(self.status, STATUS_BITS)


def _bit_names(word: int | None, names: dict[int, str]) -> list[str]:
    if word is None:
        return []
    return [name for bit, name in names.items() if word >> bit & 1]


# ---------------------------------------------------------------- values


def decode_value(data: bytes, fmt: ValueFormat) -> Decimal | None:
    """Little-endian BCD; for signed formats D7 of the last byte is the sign."""
    text = data[::-1].hex()  # most significant byte first
    if _FAST_PATHS and text.isdigit() and (not fmt.signed or text[0] < "8"):  # plain BCD, not negative
        return Decimal(text).scaleb(-fmt.decimals)  # same value and exponent as via int()
    first = data[0]
    if first in _MISSING_FILL and data.count(first) == len(data):
        return None  # fill bytes mean "no reading"
    digits = bytearray(data[::-1])  # most significant byte first
    negative = fmt.signed and digits[0] & 0x80
    if negative:
        digits[0] &= 0x7F
    text = digits.hex()
    if not text.isdigit():  # the hex digits of valid BCD are its decimal digits
        bcd_to_int(digits)  # raises with the offending byte named
    number = int(text)
    return Decimal(-number if negative else number).scaleb(-fmt.decimals)


def encode_value(value: Decimal | int | None, fmt: ValueFormat) -> bytes:
    if value is None:
        return bytes([0xAA]) * fmt.size
    scaled = Decimal(value).scaleb(fmt.decimals)
    if scaled != scaled.to_integral_value():
        raise Szy206Error(f"{value} has more than {fmt.decimals} decimals for {fmt.name}")
    number = int(scaled)
    if number < 0 and not fmt.signed:
        raise Szy206Error(f"{fmt.name} cannot be negative")
    limit = 8 * 10 ** (2 * fmt.size - 1) if fmt.signed else 10 ** (2 * fmt.size)
    if abs(number) >= limit:
        raise Szy206Error(f"{value} does not fit {fmt.size} bytes for {fmt.name}")
    out = bytearray(int_to_bcd_le(abs(number), fmt.size))
    if number < 0:
        out[-1] |= 0x80
    return bytes(out)


def _formats_for(function: int, flow_layout: FlowLayout) -> tuple[ValueFormat, ...] | None:
    if function == 3:
        return FLOW_LAYOUTS[flow_layout]
    fmt = VALUE_FORMATS.get(function)
    return (fmt,) if fmt else None


def _decode_readings(values: bytes, formats: tuple[ValueFormat, ...]) -> tuple[Szy206Reading, ...]:
    group = sum(fmt.size for fmt in formats)
    if len(values) % group:
        raise Szy206Error(f"value area of {len(values)} bytes is not a multiple of {group}")
    layout = []  # (offset, format) of every value, in order
    offset = 0
    while offset < len(values):
        for fmt in formats:
            layout.append((offset, fmt))
            offset += fmt.size
    new = tuple.__new__  # NamedTuple construction without its Python-level __new__
    return tuple(
        [
            new(Szy206Reading, (fmt.name, decode_value(values[at : at + fmt.size], fmt), fmt.unit))
            for at, fmt in layout
        ]
    )


def _encode_readings(values: Sequence[Decimal | int | None], formats: tuple[ValueFormat, ...]) -> bytes:
    if len(values) % len(formats):
        raise Szy206Error(f"expected a multiple of {len(formats)} values, got {len(values)}")
    return b"".join(encode_value(value, formats[i % len(formats)]) for i, value in enumerate(values))


# ---------------------------------------------------------------- decoding

_FRAME_DEFAULTS: dict[str, object] = {
    f.name: f.default for f in fields(Szy206Frame) if f.default is not MISSING
}


def _new_frame(**values: object) -> Szy206Frame:
    """The frozen dataclass built without its generated ``__init__`` (one ``object.__setattr__``
    per field); callers pass every required field (internal keys only)."""
    new = object.__new__(Szy206Frame)
    new.__dict__.update(_FRAME_DEFAULTS, **values)
    return new


# Control objects without DIVS, one per C byte: immutable, so decoded frames share them.
_CONTROLS: tuple[Szy206Control, ...] = tuple(
    Szy206Control(bool(c & 0x80), c & 0x0F, (c >> 4) & 0x03) for c in range(256)
)


def _tp(raw: bytes, at: int) -> Szy206Tp:
    """Tp at ``raw[at:at + 5]``, validated as ``Szy206Tp.__post_init__`` does, built without it."""
    v = BCD_VALUE
    second, minute, hour, day = v[raw[at]], v[raw[at + 1]], v[raw[at + 2]], v[raw[at + 3]]
    if (second | minute | hour | day) < 0:
        bcd_byte(raw[at]), bcd_byte(raw[at + 1]), bcd_byte(raw[at + 2]), bcd_byte(raw[at + 3])  # raises
    if not (second < 60 and minute < 60 and hour < 24 and 1 <= day <= 31):
        return Szy206Tp(second, minute, hour, day, raw[at + 4])  # raises with the reason
    tp = object.__new__(Szy206Tp)
    tp.__dict__.update(second=second, minute=minute, hour=hour, day=day, delay_minutes=raw[at + 4])
    return tp


def decode_frame(
    frame: bytes | bytearray | memoryview,
    *,
    reference_time: datetime | None = None,
    flow_layout: FlowLayout = "flow_volume",
) -> Szy206Frame:
    """Decode one complete frame; any defect raises :class:`Szy206Error`.

    ``reference_time`` supplies the month and year that Tp lacks (default: now).
    """
    return _decode_checked(bytes(frame), reference_time, flow_layout, crc_checked=False)


def _decode_checked(
    buf: bytes, reference_time: datetime | None, flow_layout: FlowLayout, *, crc_checked: bool
) -> Szy206Frame:
    try:
        return _decode(buf, reference_time, flow_layout, crc_checked)
    except Szy206Error:
        raise
    except FrameError as exc:
        raise Szy206Error(str(exc)) from exc


def _check_envelope(buf: bytes, crc_checked: bool = False) -> bytes:
    if not buf:
        raise Szy206Error("empty input")
    if buf[0] != START:
        raise Szy206Error(f"bad start byte 0x{buf[0]:02X}, expected 0x68")
    if len(buf) < 3:
        raise Szy206Error(f"truncated header: {len(buf)} bytes")
    if buf[2] != START:
        raise Szy206Error(f"bad second start byte 0x{buf[2]:02X}, expected 0x68")
    length = buf[1]
    if length < MIN_USER_DATA:
        raise Szy206Error(f"length field {length} below the minimum {MIN_USER_DATA}")
    expected = length + 5
    if len(buf) < expected:
        raise Szy206Error(f"truncated frame: {len(buf)} of {expected} bytes")
    if len(buf) > expected:
        raise Szy206Error(f"length mismatch: L={length} implies {expected} bytes, got {len(buf)}")
    if buf[-1] != END:
        raise Szy206Error(f"bad end byte 0x{buf[-1]:02X}, expected 0x16")
    user = buf[3 : 3 + length]
    if not crc_checked:  # the splitter has already verified it
        crc = crc8_szy206(user)
        if crc != buf[-2]:
            raise Szy206Error(f"bad CRC: frame has 0x{buf[-2]:02X}, computed 0x{crc:02X}")
    return user


def _decode(
    buf: bytes, reference_time: datetime | None, flow_layout: FlowLayout, crc_checked: bool
) -> Szy206Frame:
    user = _check_envelope(buf, crc_checked)
    c_byte = user[0]
    pos = 1
    divs = None
    if c_byte & 0x40:
        if len(user) < MIN_USER_DATA + 1:
            raise Szy206Error("split-frame flag set but no room for DIVS")
        divs = user[1]
        pos = 2
    control = (
        _CONTROLS[c_byte]
        if divs is None
        else Szy206Control(bool(c_byte & 0x80), c_byte & 0x0F, (c_byte >> 4) & 0x03, divs)
    )
    address = user[pos : pos + ADDRESS_LEN].hex().upper()
    afn = user[pos + ADDRESS_LEN]
    data = user[pos + ADDRESS_LEN + 1 :]
    # Each branch builds the frame once: dataclasses.replace() costs more than the decoding.
    if afn == AFN_LINK_CHECK:
        return Szy206Frame(control, address, afn, data, link_code=_link_code(data), raw=buf)
    if afn not in AFN_NAMES:
        note = (f"unknown AFN 0x{afn:02X}; data left undecoded",)
        return Szy206Frame(control, address, afn, data, known_afn=False, notes=note, raw=buf)
    if control.uplink and afn in (AFN_SELF_REPORT, AFN_ALARM, AFN_QUERY_REALTIME):
        return _report(control, address, afn, data, buf, reference_time, flow_layout)
    return Szy206Frame(control, address, afn, data, raw=buf)


def _link_code(data: bytes) -> int:
    if len(data) != 1:
        raise Szy206Error(f"link check needs 1 data byte, got {len(data)}")
    code = data[0]
    if code not in LINK_NAMES:
        raise Szy206Error(f"unknown link-check code 0x{code:02X}")
    return code


def _report(
    control: Szy206Control,
    address: str,
    afn: int,
    data: bytes,
    raw: bytes,
    reference_time: datetime | None,
    flow_layout: FlowLayout,
) -> Szy206Frame:
    has_tp = afn != AFN_QUERY_REALTIME
    tail = STATE_LEN + (TP_LEN if has_tp else 0)
    if len(data) < tail:
        raise Szy206Error(f"report data truncated: {len(data)} bytes, need at least {tail}")
    values = data[: len(data) - tail]
    state = data[len(data) - tail :]
    alarm = int.from_bytes(state[0:2], "little")
    status = int.from_bytes(state[2:4], "little")
    tp = observed = None
    if has_tp:
        tp = _tp(state, 4)
        observed = tp.resolve(reference_time or datetime.now())
    formats = _formats_for(control.function, flow_layout)
    notes: tuple[str, ...] = ()
    readings: tuple[Szy206Reading, ...] = ()
    if formats:
        readings = _decode_readings(values, formats)
    elif values:
        notes = (f"{FUNCTION_NAMES[control.function]} values left undecoded",)
    return _new_frame(
        control=control,
        address=address,
        afn=afn,
        data=data,
        readings=readings,
        alarm=alarm,
        status=status,
        tp=tp,
        observed_at=observed,
        notes=notes,
        raw=raw,
    )


# ---------------------------------------------------------------- encoding


def _address_bytes(address: str) -> bytes:
    if len(address) != 2 * ADDRESS_LEN:
        raise Szy206Error(f"address must be {2 * ADDRESS_LEN} hex digits, got {address!r}")
    try:
        return bytes.fromhex(address)
    except ValueError as exc:
        raise Szy206Error(f"address {address!r} is not hex") from exc


def make_address(division_code: str, station_number: int) -> str:
    """Canonical address from A1 (6 BCD digits) and A2 (1..65535, little-endian)."""
    if len(division_code) != 6 or not division_code.isdigit():
        raise Szy206Error(f"division code must be 6 digits, got {division_code!r}")
    if not 0 <= station_number <= 0xFFFF:
        raise Szy206Error(f"station number {station_number} out of range")
    return division_code + station_number.to_bytes(2, "little").hex().upper()


def encode_frame(control: Szy206Control, address: str, afn: int, data: bytes = b"") -> bytes:
    user = control.to_bytes() + _address_bytes(address) + bytes([afn]) + bytes(data)
    if len(user) > MAX_USER_DATA:
        raise Szy206Error(f"user data of {len(user)} bytes exceeds {MAX_USER_DATA}")
    return bytes([START, len(user), START]) + user + bytes([crc8_szy206(user), END])


def encode_link_check(address: str, code: int = LINK_HEARTBEAT, fcb: int = 0) -> bytes:
    """Uplink link check (login F0, logout F1, heartbeat F2)."""
    if code not in LINK_NAMES:
        raise Szy206Error(f"unknown link-check code 0x{code:02X}")
    return encode_frame(Szy206Control(True, 0, fcb), address, AFN_LINK_CHECK, bytes([code]))


def encode_link_check_reply(frame: Szy206Frame) -> bytes:
    """Centre's confirmation of a link check: downlink, function 0, code echoed."""
    if frame.afn != AFN_LINK_CHECK or frame.link_code is None or not frame.control.uplink:
        raise Szy206Error("can only reply to an uplink link-check frame")
    control = Szy206Control(False, 0, frame.control.fcb)
    return encode_frame(control, frame.address, AFN_LINK_CHECK, bytes([frame.link_code]))


def encode_report_ack(frame: Szy206Frame) -> bytes:
    """Centre's confirmation of a self-report (C0H) or alarm (81H).

    Downlink, same parameter type and FCB, AFN echoed, one data byte 00H. Unverified: the
    only public source found (hm1212/szy206-protocol ``ReportRealTimeData``) answers this way;
    see docs/telemetry.md.
    """
    if frame.afn not in (AFN_SELF_REPORT, AFN_ALARM) or not frame.control.uplink:
        raise Szy206Error("can only acknowledge an uplink self-report or alarm frame")
    control = Szy206Control(False, frame.control.function, frame.control.fcb)
    return encode_frame(control, frame.address, frame.afn, b"\x00")


def encode_report(
    address: str,
    function: int,
    values: Sequence[Decimal | int | None],
    tp: Szy206Tp,
    *,
    alarm: int = 0,
    status: int = 0,
    afn: int = AFN_SELF_REPORT,
    fcb: int = 0,
    flow_layout: FlowLayout = "flow_volume",
) -> bytes:
    """Uplink self-report (C0H) or alarm report (81H) for the field simulator."""
    if afn not in (AFN_SELF_REPORT, AFN_ALARM):
        raise Szy206Error(f"AFN 0x{afn:02X} is not a timed report")
    formats = _formats_for(function, flow_layout)
    if formats is None and values:
        raise Szy206Error(f"no value format for parameter type {function}")
    body = _encode_readings(values, formats) if formats else b""
    if not (0 <= alarm <= 0xFFFF and 0 <= status <= 0xFFFF):
        raise Szy206Error("alarm and status are 16-bit words")
    body += alarm.to_bytes(2, "little") + status.to_bytes(2, "little") + tp.to_bytes()
    return encode_frame(Szy206Control(True, function, fcb), address, afn, body)


# ---------------------------------------------------------------- streaming


class Szy206Splitter:
    """Reassemble frames from arbitrary TCP chunks.

    Garbage is skipped one byte at a time until a header, end byte and CRC
    line up; the buffer never holds more than one candidate frame.  Frames
    that pass the envelope but fail decoding are kept in ``rejected``.
    """

    def __init__(
        self,
        *,
        max_frame_len: int = MAX_FRAME_LEN,
        reference_time: datetime | None = None,
        flow_layout: FlowLayout = "flow_volume",
        keep_rejected: int = 32,
    ) -> None:
        self.max_frame_len = min(max_frame_len, MAX_FRAME_LEN)
        self.reference_time = reference_time
        self.flow_layout = flow_layout
        self.discarded = 0  # bytes skipped while hunting for a frame
        self.bad_checksums = 0  # complete candidates whose end byte or CRC was wrong
        self.rejected_count = 0  # frames that passed the envelope but failed decoding
        self.rejected: deque[tuple[bytes, FrameError]] = deque(maxlen=keep_rejected)
        self._buf = bytearray()

    @property
    def buffered(self) -> int:
        return len(self._buf)

    def feed(self, chunk: bytes) -> list[Szy206Frame]:
        self._buf += chunk
        frames: list[Szy206Frame] = []
        while (candidate := self._next_candidate()) is not None:
            try:
                frames.append(
                    _decode_checked(candidate, self.reference_time, self.flow_layout, crc_checked=True)
                )
            except FrameError as exc:
                self.rejected_count += 1
                self.rejected.append((candidate, exc))
        return frames

    def _drop(self, count: int) -> None:
        del self._buf[:count]
        self.discarded += count

    def _next_candidate(self) -> bytes | None:
        buf = self._buf
        while True:
            start = buf.find(START)
            if start < 0:
                self._drop(len(buf))
                return None
            self._drop(start)
            if len(buf) < 3:
                return None
            total = buf[1] + 5
            if buf[2] != START or buf[1] < MIN_USER_DATA or total > self.max_frame_len:
                self._drop(1)
                continue
            if len(buf) < total:
                return None
            if buf[total - 1] == END and crc8_szy206(buf[3 : total - 2]) == buf[total - 2]:
                frame = bytes(buf[:total])
                del buf[:total]
                return frame
            self.bad_checksums += 1
            self._drop(1)
