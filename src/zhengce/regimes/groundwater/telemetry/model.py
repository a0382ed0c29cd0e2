"""One metering reading: what the store keeps per (works, meter, observation time).

Times are naive datetimes in China Standard Time (UTC+8, no daylight saving): field terminals
send local time and every date in the regulation is a local date. Aware datetimes are
converted to UTC+8 on the way in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta, timezone
from decimal import Decimal

CST = timezone(timedelta(hours=8), "CST")

# Value columns and their decimal places (the store keeps exactly this many).
SCALES: dict[str, int] = {
    "volume_m3": 3,  # cumulative meter counter, m³
    "interval_m3": 3,  # volume in the reporting interval (SL651 68H–6FH), m³
    "flow_m3s": 3,  # instantaneous flow, m³/s
    "depth_m": 3,  # groundwater depth below ground, m (SL651 0EH)
    "level_m": 3,  # water level, m (SZY206 parameter type 2)
    "voltage_v": 2,  # supply voltage, V
}
VALUE_FIELDS: tuple[str, ...] = tuple(SCALES)
# Largest magnitude each value column holds (NUMERIC(precision, scale) in the schema).
# 15 significant digits at most: SQLite keeps NUMERIC as a double, exact to 15 digits.
PRECISION: dict[str, int] = {
    "volume_m3": 15,
    "interval_m3": 15,
    "flow_m3s": 14,
    "depth_m": 10,
    "level_m": 10,
    "voltage_v": 8,
}
LIMITS: dict[str, Decimal] = {name: Decimal(10) ** (PRECISION[name] - SCALES[name]) for name in SCALES}
QUANTA: dict[str, Decimal] = {name: Decimal(1).scaleb(-scale) for name, scale in SCALES.items()}
SOURCES = frozenset({"szy206", "sl651", "import", "api"})
MAX_METER = 32767  # SMALLINT
WORKS_ID_MAX = 64


def memoised_isoformat(sep: str, limit: int = 8192) -> Callable[[datetime], str]:
    """``moment.isoformat(sep, "microseconds")``, remembered for naive datetimes.

    The chain and the store format every reading's times; a batch shares few distinct times
    (one reception time; meters report on the same minutes) and isoformat is slow."""
    cache: dict[datetime, str] = {}

    def text(moment: datetime) -> str:
        if type(moment) is not datetime:  # a subclass may format differently
            return moment.isoformat(sep, "microseconds")
        found = cache.get(moment)  # an aware datetime never equals a naive key
        if found is None:
            found = moment.isoformat(sep, "microseconds")
            if moment.tzinfo is None:
                if len(cache) >= limit:
                    cache.clear()
                cache[moment] = found
        return found

    return text


def now_cst() -> datetime:
    return datetime.now(CST).replace(tzinfo=None)


def to_cst(moment: datetime) -> datetime:
    """Naive CST datetime; aware datetimes are converted, naive ones taken as CST."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(CST).replace(tzinfo=None)
    return moment


@dataclass(slots=True)  # treated as immutable; not frozen because frozen __init__ costs 3x on the hot path
class Reading:
    works_id: str
    observed_at: datetime
    meter: int = 1
    volume_m3: Decimal | None = None
    interval_m3: Decimal | None = None
    flow_m3s: Decimal | None = None
    depth_m: Decimal | None = None
    level_m: Decimal | None = None
    voltage_v: Decimal | None = None
    alarm: int | None = None
    status: int | None = None
    source: str = "api"
    address: str | None = None  # terminal address the reading came from
    received_at: datetime | None = None  # filled in by the store when missing

    @property
    def key(self) -> tuple[str, int, datetime]:
        return (self.works_id, self.meter, self.observed_at)

    def values(self) -> tuple:
        """Everything except identity and reception, for duplicate/conflict comparison."""
        return (
            self.volume_m3,
            self.interval_m3,
            self.flow_m3s,
            self.depth_m,
            self.level_m,
            self.voltage_v,
            self.alarm,
            self.status,
        )

    def with_received(self, moment: datetime) -> Reading:
        return replace(self, received_at=moment)


READING_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Reading))


def quantize(name: str, value: Decimal | int | float | str | None) -> Decimal | None:
    """Value rounded to the column's scale; -0 becomes 0 so the hash text is unique."""
    if value is None:
        return None
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    number = number.quantize(QUANTA[name])
    return number if number else QUANTA[name] * 0


def invalid_reason(reading: Reading) -> str | None:
    """Why the store cannot keep this reading (Chinese first), or None when it is valid."""
    works = reading.works_id
    if not isinstance(works, str) or not works.strip() or len(works) > WORKS_ID_MAX or works != works.strip():
        return f"取水工程编号无效 (invalid works_id): {works!r}"
    if not isinstance(reading.meter, int) or not 1 <= reading.meter <= MAX_METER:
        return f"水表编号必须是 1–{MAX_METER} 的整数 (invalid meter): {reading.meter!r}"
    if not isinstance(reading.observed_at, datetime) or reading.observed_at.tzinfo is not None:
        return f"观测时间必须是不带时区的北京时间 (observed_at must be naive CST): {reading.observed_at!r}"
    if reading.received_at is not None and (
        not isinstance(reading.received_at, datetime) or reading.received_at.tzinfo is not None
    ):
        return f"接收时间无效 (invalid received_at): {reading.received_at!r}"
    if reading.address is not None and (not isinstance(reading.address, str) or len(reading.address) > 32):
        return f"终端地址无效 (invalid terminal address): {reading.address!r}"
    if reading.source not in SOURCES:
        return f"来源无效 (invalid source): {reading.source!r}"
    for name in VALUE_FIELDS:
        value = getattr(reading, name)
        if value is None:
            continue
        if not isinstance(value, Decimal) or not value.is_finite():
            return f"{name} 必须是有限的十进制数 (must be a finite Decimal): {value!r}"
        if abs(value) >= LIMITS[name]:  # checked first: quantize() of a huge value would raise
            return f"{name} 超出范围 (out of range): {value}"
        if value != value.quantize(QUANTA[name]):
            return f"{name} 最多 {SCALES[name]} 位小数 (at most {SCALES[name]} decimals): {value}"
    # alarm is INTEGER (signed 32-bit on PostgreSQL), status BIGINT: the largest each column holds
    for name, bits in (("alarm", 31), ("status", 63)):
        value = getattr(reading, name)
        if value is not None and (not isinstance(value, int) or not 0 <= value < 2**bits):
            return f"{name} 必须是 0–2^{bits} 的整数 (out of range): {value!r}"
    return None
