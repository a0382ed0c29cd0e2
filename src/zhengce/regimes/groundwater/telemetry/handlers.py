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
from .model import SCALES, Reading, invalid_reason


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
    scaled = value.quantize(Decimal(1).scaleb(-SCALES[name]))
    if scaled != value:
        raise ValueError(f"{name} {value} has more decimals than the store keeps")
    return scaled


def _finish(rows: list[Reading]) -> tuple[list[Reading], int]:
    good = [r for r in rows if invalid_reason(r) is None]
    return good, len(rows) - len(good)


class Szy206Handler:
    protocol = "szy206"

    def __init__(self, flow_layout: szy206.FlowLayout = "flow_volume") -> None:
        self.flow_layout = flow_layout

    def new_splitter(self) -> szy206.Szy206Splitter:
        return szy206.Szy206Splitter(flow_layout=self.flow_layout)

    def decide(self, frame: szy206.Szy206Frame) -> Decision:
        if not frame.control.uplink:
            return Decision(frame.address)
        if frame.afn == szy206.AFN_LINK_CHECK:
            return Decision(frame.address, reply=szy206.encode_link_check_reply(frame))
        if frame.afn in (szy206.AFN_SELF_REPORT, szy206.AFN_ALARM) and frame.observed_at is not None:
            return Decision(frame.address, data=True, ack=szy206.encode_report_ack(frame))
        return Decision(frame.address)

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
            for meter, values in sorted(meters.items())
        ]
        good, bad = _finish(rows)
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

    def new_splitter(self) -> sl651.Sl651Splitter:
        return sl651.Sl651Splitter(modes=self.modes)

    def decide(self, message: sl651.Sl651Message) -> Decision:
        if not message.uplink or message.packet is not None:
            return Decision(message.station)
        if message.function in self.CONFIRMED_FUNCTIONS and message.serial is not None:
            ack = sl651.encode_confirmation(message, end_char=sl651.ESC)
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
        for element, index in zip(message.elements, indexes, strict=True):
            when = times[index]
            if element.code == sl651.STATUS_CODE:
                if isinstance(element.value, int):
                    groups.setdefault((when, 1), {})["status"] = element.value
                continue
            target = self._field(element.code)
            if target is None or not isinstance(element.value, Decimal):
                continue
            name, meter = target
            try:
                groups.setdefault((when, meter), {})[name] = _fit(name, element.value)
            except ValueError:
                unusable += 1
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
            for (when, meter), values in sorted(groups.items())
        ]
        good, bad = _finish(rows)
        return good, bad + unusable


Protocol = Literal["szy206", "sl651"]
