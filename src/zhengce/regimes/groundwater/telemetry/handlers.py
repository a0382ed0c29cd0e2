"""What the centre does with each decoded frame: reply now, store readings then acknowledge,
or ignore. Pure functions of the frame, so the asyncio server stays a thin shell.

SZY206: link checks (login/logout/heartbeat) are answered at once; self-reports (C0H) and
alarms (81H) carry readings and are acknowledged after their batch is committed.
SL651: link keep-alive (2FH) gets no reply (the standard says no downlink for it); reports
30H–36H are confirmed (ESC: keep the link) after commit; 31H–34H carry readings (30H is a
test report, stored nowhere). Replies to centre queries (37H…) and multi-packet bodies are
ignored: this centre sends no queries.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

from . import sl651, szy206
from .crc import crc16_modbus
from .model import LIMITS, MAX_METER, QUANTA, Reading, invalid_reason


@dataclass(frozen=True, slots=True)
class Decision:
    address: str
    reply: bytes | None = None  # send at once (nothing to store)
    data: bool = False  # carries readings: needs a works and a commit before the ack
    ack: bytes | None = None  # send after the batch holding this frame's readings commits


def _fit(name: str, value: Decimal | None) -> Decimal | None:
    """The value at the column's scale when that loses nothing; raise ValueError otherwise."""
    if value is None:
        return None
    scaled = value.quantize(QUANTA[name])
    if scaled != value:
        raise ValueError(f"{name} {value} has more decimals than the store keeps")
    return scaled


def _values_ok(fields: dict) -> bool:
    """Each value within its column's range; status words (SL651 45H, 4 bytes) below 2^32."""
    for name, value in fields.items():
        limit = LIMITS.get(name)
        if limit is None:
            if not (type(value) is int and 0 <= value < 1 << 32):
                return False
        elif value is not None and not -limit < value < limit:
            return False
    return True


class _Validity:
    """``invalid_reason`` for the handlers' own rows, without re-checking what they guarantee.

    The handlers build every row the same way: values through ``_fit`` (a finite Decimal at
    the column's scale), a naive CST ``observed_at`` from the codec, a 10-character address,
    a fixed source, 16/32-bit alarm and status words. What still varies is checked here: the
    works id (the resolver's answer; checked in full once per id, then cached), the meter
    number and each value's magnitude. A row failing any quick check goes through
    ``invalid_reason`` itself, so the outcome is the same as checking every row in full."""

    def __init__(self, limit: int = 100_000) -> None:
        self._good_works: set[str] = set()
        self._limit = limit

    def split(self, rows: list[Reading], values: list[dict]) -> tuple[list[Reading], int]:
        good = []
        good_works = self._good_works
        for row, fields in zip(rows, values, strict=True):
            quick = row.works_id in good_works and 1 <= row.meter <= MAX_METER and _values_ok(fields)
            if quick or invalid_reason(row) is None:
                good.append(row)
                if not quick and len(good_works) < self._limit:
                    good_works.add(row.works_id)
        return good, len(rows) - len(good)


def _confirmation(message: sl651.Sl651Message) -> bytes:
    """``encode_confirmation(message, end_char=ESC)``; for HEX single-packet messages spliced
    from the uplink's own bytes (station, centre, password, function, serial, send time)."""
    raw = message.raw
    if message.mode != "hex" or message.packet is not None or len(raw) < 22 or raw[13] != sl651.STX:
        return sl651.encode_confirmation(message, end_char=sl651.ESC)
    # 7E7E | station (5) + centre (1) | password (2) + function | 8008 (downlink, 8 bytes) | STX
    # | serial (2) + send time (6) | ESC | CRC
    frame = b"\x7e\x7e" + raw[3:8] + raw[2:3] + raw[8:11] + b"\x80\x08\x02" + raw[14:22] + b"\x1b"
    return frame + crc16_modbus(frame).to_bytes(2, "big")


class Szy206Handler:
    protocol = "szy206"

    def __init__(self, flow_layout: szy206.FlowLayout = "flow_volume") -> None:
        self.flow_layout = flow_layout
        self._validity = _Validity()
        self._acks: dict[bytes, bytes] = {}  # report header -> acknowledgement (few per terminal)

    def new_splitter(self) -> szy206.Szy206Splitter:
        return szy206.Szy206Splitter(flow_layout=self.flow_layout)

    def decide(self, frame: szy206.Szy206Frame) -> Decision:
        if not frame.control.uplink:
            return Decision(frame.address)
        if frame.afn == szy206.AFN_LINK_CHECK:
            return Decision(frame.address, reply=szy206.encode_link_check_reply(frame))
        if frame.afn in (szy206.AFN_SELF_REPORT, szy206.AFN_ALARM) and frame.observed_at is not None:
            return Decision(frame.address, data=True, ack=self._report_ack(frame))
        return Decision(frame.address)

    def _report_ack(self, frame: szy206.Szy206Frame) -> bytes:
        """``encode_report_ack``, cached: it depends only on C, the address and the AFN."""
        raw = frame.raw
        if len(raw) < 10 or raw[3] & 0x40:  # DIVS shifts the address: no cache
            return szy206.encode_report_ack(frame)
        key = raw[3:10]  # C + A (5) + AFN
        ack = self._acks.get(key)
        if ack is None:
            if len(self._acks) >= 100_000:
                self._acks.clear()
            ack = self._acks[key] = szy206.encode_report_ack(frame)
        return ack

    _FIELDS = {
        szy206.VOLUME_FORMAT.name: "volume_m3",
        szy206.FLOW_FORMAT.name: "flow_m3s",
        "water level": "level_m",
    }

    def readings(
        self, frame: szy206.Szy206Frame, works_id: str, received: datetime
    ) -> tuple[list[Reading], int]:
        """Readings of one report; the n-th value of a kind belongs to meter n. Returns (readings, unusable)."""
        seen: Counter[str] = Counter()
        meters: dict[int, dict[str, Decimal]] = {}
        unusable = 0
        for item in frame.readings:
            seen[item.name] += 1
            name = self._FIELDS.get(item.name)
            if name is None or item.value is None:
                continue
            try:
                meters.setdefault(seen[item.name], {})[name] = _fit(name, item.value)
            except ValueError:
                unusable += 1
        if not meters and (frame.alarm or frame.status) and frame.control.function in (2, 3, 13):
            meters[1] = {}  # a meter's alarm with no values is still evidence about the meter
        ordered = sorted(meters.items())
        rows = [
            Reading(
                works_id,
                frame.observed_at,
                meter=meter,
                alarm=frame.alarm,
                status=frame.status,
                source="szy206",
                address=frame.address,
                received_at=received,
                **values,
            )
            for meter, values in ordered
        ]
        good, bad = self._validity.split(rows, [values for _meter, values in ordered])
        return good, bad + unusable


class Sl651Handler:
    protocol = "sl651"
    DATA_FUNCTIONS = frozenset({0x31, 0x32, 0x33, 0x34})
    CONFIRMED_FUNCTIONS = frozenset({0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36})

    def __init__(self, cumulative_60h: bool = True, modes: tuple[sl651.Mode, ...] = ("hex", "ascii")) -> None:
        # 60H–67H: the element table names them 剩余水量 (remaining volume), but groundwater
        # RTUs commonly report the meter total there; see docs/telemetry.md. False ignores them.
        self.cumulative_60h = cumulative_60h
        self.modes = modes
        self._validity = _Validity()
        self._fields = {code: self._field(code) for code in range(0x100)}  # element code -> column

    def new_splitter(self) -> sl651.Sl651Splitter:
        return sl651.Sl651Splitter(modes=self.modes)

    def decide(self, message: sl651.Sl651Message) -> Decision:
        if not message.uplink or message.packet is not None:
            return Decision(message.station)
        if message.function in self.CONFIRMED_FUNCTIONS and message.serial is not None:
            ack = _confirmation(message)
            data = message.function in self.DATA_FUNCTIONS and message.observed_at is not None
            return Decision(message.station, data=data, ack=ack)
        return Decision(message.station)

    def _field(self, code: int) -> tuple[str, int] | None:
        if code == 0x0E:
            return "depth_m", 1
        if code == 0x27:
            return "flow_m3s", 1
        if code == 0x38:
            return "voltage_v", 1
        if 0x60 <= code <= 0x67 and self.cumulative_60h:
            return "volume_m3", code - 0x60 + 1
        if 0x68 <= code <= 0x6F:
            return "interval_m3", code - 0x68 + 1
        return None

    def readings(
        self, message: sl651.Sl651Message, works_id: str, received: datetime
    ) -> tuple[list[Reading], int]:
        times = (message.observed_at, *message.extra_observation_times)
        groups: dict[tuple[datetime, int], dict] = {}
        unusable = 0
        indexes = message.element_times or (0,) * len(message.elements)
        fields, status_code = self._fields, sl651.STATUS_CODE
        for element, index in zip(message.elements, indexes, strict=True):
            code, value = element.code, element.value
            if code == status_code:
                if isinstance(value, int):
                    groups.setdefault((times[index], 1), {})["status"] = value
                continue
            target = fields.get(code)
            if target is None or type(value) is not Decimal:
                continue
            name, meter = target
            try:
                groups.setdefault((times[index], meter), {})[name] = _fit(name, value)
            except ValueError:
                unusable += 1
        ordered = sorted(groups.items())
        rows = [
            Reading(
                works_id,
                when,
                meter=meter,
                source="sl651",
                address=message.station,
                received_at=received,
                **values,
            )
            for (when, meter), values in ordered
        ]
        good, bad = self._validity.split(rows, [values for _key, values in ordered])
        return good, bad + unusable


Protocol = Literal["szy206", "sl651"]
