"""Data-quality flags per meter, for the metering rules to consume.

``quality_flags(engine, works_id, since, until)`` returns flags of these kinds:

=================  ===========================================================  ============
kind               meaning                                                      bears on
=================  ===========================================================  ============
gap                no reading for longer than ``gap_factor`` × the interval     transmission
late               a reading received long after it was observed                transmission
spike              volume rate or flow ``spike_factor`` × the meter's median    meter
counter_backwards  the cumulative counter went down (not a rollover or reset)   meter
counter_reset      the counter dropped to about zero                            meter
counter_rollover   the counter wrapped at a power of ten (normal)               info
stuck              counter unchanged while flow is reported, or flow frozen     meter
clock_skew         terminal clock ahead of the centre, or consistently behind   meter
=================  ===========================================================  ============

"bears on": ``meter`` flags are evidence that a meter 运行不正常 (《地下水管理条例》第五十六条
第二款, node ``chp_7__art_56__para_2``); ``transmission`` flags bear on 实时传输 (第二十二条第二款,
``chp_3__art_22__para_2``). The rules decide; these flags only describe the data.

Flags are computed from the readings in [since, until) plus the last reading before
``since`` (so the first interval is judged too); a gap still open at ``until`` (or now) is
reported as well.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from . import schema
from .model import now_cst

KINDS: dict[str, tuple[str, str]] = {
    "gap": ("数据中断", "transmission"),
    "late": ("迟报", "transmission"),
    "spike": ("数值突变", "meter"),
    "counter_backwards": ("累计水量倒退", "meter"),
    "counter_reset": ("累计水量清零", "meter"),
    "counter_rollover": ("累计水量满量程回零", "info"),
    "stuck": ("数值停滞", "meter"),
    "clock_skew": ("终端时钟偏差", "meter"),
}
BEARS_ON = {"meter": "chp_7__art_56__para_2", "transmission": "chp_3__art_22__para_2"}


@dataclass(frozen=True)
class QualityConfig:
    interval: timedelta | None = None  # expected reporting interval; None: median of the data
    default_interval: timedelta = timedelta(hours=1)  # when too few readings to infer one
    gap_factor: float = 2.5
    late_after: timedelta = timedelta(hours=1)
    spike_factor: float = 10.0
    spike_history: int = 5  # increments needed before a median is trusted
    stuck_count: int = 6
    clock_tolerance: timedelta = timedelta(minutes=10)
    clock_run: int = 3  # readings in a row with the same offset to call a clock "behind"
    rollover_fraction: float = 0.01


@dataclass(frozen=True)
class QualityFlag:
    kind: str
    works_id: str
    meter: int
    start: datetime
    end: datetime
    count: int
    message: str
    detail: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return KINDS[self.kind][0]

    @property
    def bears_on(self) -> str:
        return KINDS[self.kind][1]

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "bears_on": self.bears_on,
            "node": BEARS_ON.get(self.bears_on),
            "works_id": self.works_id,
            "meter": self.meter,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "count": self.count,
            "message": self.message,
            "detail": {k: (format(v, "f") if isinstance(v, Decimal) else v) for k, v in self.detail.items()},
        }


@dataclass(frozen=True, slots=True)
class Point:
    observed_at: datetime
    received_at: datetime
    volume: Decimal | None = None
    flow: Decimal | None = None


def _hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def _fmt(moment: datetime) -> str:
    return moment.isoformat(sep=" ", timespec="seconds")


class _Flags:
    def __init__(self, works_id: str, meter: int) -> None:
        self.works_id, self.meter = works_id, meter
        self.items: list[QualityFlag] = []

    def add(self, kind: str, start: datetime, end: datetime, message: str, count: int = 1, **detail) -> None:
        self.items.append(QualityFlag(kind, self.works_id, self.meter, start, end, count, message, detail))

    def runs(self, kind: str, points: Sequence[Point], hits: list[bool], describe) -> None:
        """One flag per run of consecutive hits."""
        start = None
        for i, hit in enumerate([*hits, False]):
            if hit and start is None:
                start = i
            elif not hit and start is not None:
                run = points[start:i]
                self.add(kind, run[0].observed_at, run[-1].observed_at, describe(run), count=len(run))
                start = None


def expected_interval(points: Sequence[Point], config: QualityConfig) -> timedelta:
    if config.interval is not None:
        return config.interval
    steps = [b.observed_at - a.observed_at for a, b in zip(points, points[1:], strict=False)]
    steps = [s for s in steps if s > timedelta(0)]
    if len(steps) < 3:
        return config.default_interval
    return statistics.median(steps)


def flags_for_series(
    works_id: str,
    meter: int,
    points: Sequence[Point],
    *,
    since: datetime,
    until: datetime,
    config: QualityConfig | None = None,
    future: Sequence[Point] = (),
) -> list[QualityFlag]:
    """All flags for one meter's points (sorted by observed_at, may start before ``since``)."""
    config = config or QualityConfig()
    flags = _Flags(works_id, meter)
    interval = expected_interval(points, config)
    _gaps(flags, points, since, until, interval, config)
    _counter(flags, points, config)
    _spikes(flags, points, config)
    _stuck(flags, points, config)
    behind = _clock(flags, points, future, config, interval)
    _late(flags, points, behind, config)
    inside = [f for f in flags.items if f.end >= since and f.start < until]
    return sorted(inside, key=lambda f: (f.start, f.kind))


def _gaps(
    flags: _Flags, points: Sequence[Point], since: datetime, until: datetime, interval: timedelta, config
) -> None:
    limit = interval * config.gap_factor
    end = min(until, now_cst())
    if not points:
        flags.add("gap", since, end, f"{_fmt(since)} 至 {_fmt(end)} 没有任何读数 (no readings at all)")
        return
    for a, b in zip(points, points[1:], strict=False):
        span = b.observed_at - a.observed_at
        if span > limit:
            flags.add(
                "gap",
                a.observed_at,
                b.observed_at,
                f"{_fmt(a.observed_at)} 至 {_fmt(b.observed_at)} 中断 {_hours(span):.1f} 小时"
                f"（正常间隔 {_hours(interval):.2f} 小时） (gap of {_hours(span):.1f} h)",
                hours=round(_hours(span), 2),
            )
    last = points[-1].observed_at
    if end - last > limit:
        flags.add(
            "gap",
            last,
            end,
            f"{_fmt(last)} 之后至 {_fmt(end)} 没有读数 (no readings since {_fmt(last)})",
            hours=round(_hours(end - last), 2),
            open=True,
        )


def _wrap_size(value: Decimal) -> Decimal:
    """The smallest power of ten above ``value`` (the register size a rollover would wrap at)."""
    size = Decimal(10_000)
    while size <= value:
        size *= 10
    return size


def _counter(flags: _Flags, points: Sequence[Point], config: QualityConfig) -> None:
    f = Decimal(str(config.rollover_fraction))
    pairs = [
        (a, b)
        for a, b in zip(points, points[1:], strict=False)
        if a.volume is not None and b.volume is not None
    ]
    for a, b in pairs:
        if b.volume >= a.volume:
            continue
        size = _wrap_size(a.volume)
        detail = {"before": a.volume, "after": b.volume}
        where = f"{_fmt(a.observed_at)} → {_fmt(b.observed_at)}：{a.volume} → {b.volume} m³"
        if a.volume >= (1 - f) * size and b.volume <= f * size:
            flags.add(
                "counter_rollover",
                a.observed_at,
                b.observed_at,
                f"累计水量在 {size} 处回零 {where} (counter rolled over)",
                register=size,
                **detail,
            )
        elif b.volume <= f * a.volume:
            flags.add(
                "counter_reset",
                a.observed_at,
                b.observed_at,
                f"累计水量被清零 {where} (counter reset)",
                **detail,
            )
        else:
            flags.add(
                "counter_backwards",
                a.observed_at,
                b.observed_at,
                f"累计水量倒退 {where} (counter went backwards)",
                **detail,
            )


def _spikes(flags: _Flags, points: Sequence[Point], config: QualityConfig) -> None:
    rates = []
    for a, b in zip(points, points[1:], strict=False):
        if a.volume is None or b.volume is None or b.volume <= a.volume:
            continue
        hours = _hours(b.observed_at - a.observed_at)
        if hours > 0:
            rates.append((float(b.volume - a.volume) / hours, a, b))
    if len(rates) >= config.spike_history:
        median = statistics.median(r for r, _, _ in rates)
        for rate, a, b in rates:
            if median > 0 and rate > config.spike_factor * median:
                flags.add(
                    "spike",
                    a.observed_at,
                    b.observed_at,
                    f"{_fmt(a.observed_at)} → {_fmt(b.observed_at)} 取水速率 {rate:.1f} m³/h，"
                    f"为常态 {median:.1f} m³/h 的 {rate / median:.0f} 倍 (volume rate spike)",
                    rate_m3h=round(rate, 3),
                    median_m3h=round(median, 3),
                )
    flows = [p for p in points if p.flow is not None and p.flow > 0]
    if len(flows) >= config.spike_history:
        median_flow = statistics.median(p.flow for p in flows)
        for p in flows:
            if p.flow > Decimal(str(config.spike_factor)) * median_flow:
                flags.add(
                    "spike",
                    p.observed_at,
                    p.observed_at,
                    f"{_fmt(p.observed_at)} 瞬时流量 {p.flow} m³/s，常态 {median_flow} m³/s (flow spike)",
                    flow=p.flow,
                    median_flow=median_flow,
                )


def _stuck(flags: _Flags, points: Sequence[Point], config: QualityConfig) -> None:
    n = config.stuck_count

    def runs(key) -> list[tuple[int, int]]:
        out, start = [], 0
        for i in range(1, len(points) + 1):
            if i == len(points) or key(points[i]) is None or key(points[i]) != key(points[start]):
                if key(points[start]) is not None and i - start >= n:
                    out.append((start, i))
                start = i
        return out

    for start, stop in runs(lambda p: p.volume):
        run = points[start:stop]
        if all(p.flow is not None and p.flow > 0 for p in run[1:]):
            flags.add(
                "stuck",
                run[0].observed_at,
                run[-1].observed_at,
                f"{_fmt(run[0].observed_at)} 起 {len(run)} 次读数累计水量停在 {run[0].volume} m³，"
                f"同时报有流量 (counter stuck while flow is reported)",
                count=len(run),
                volume=run[0].volume,
            )
    for start, stop in runs(lambda p: p.flow if p.flow else None):
        run = points[start:stop]
        flags.add(
            "stuck",
            run[0].observed_at,
            run[-1].observed_at,
            f"{_fmt(run[0].observed_at)} 起 {len(run)} 次读数瞬时流量恒为 {run[0].flow} m³/s (flow frozen)",
            count=len(run),
            flow=run[0].flow,
        )


def _clock(
    flags: _Flags,
    points: Sequence[Point],
    future: Sequence[Point],
    config: QualityConfig,
    interval: timedelta,
) -> set[int]:
    """Clock ahead (observed after received) and clock behind: the same lag reading after
    reading, to within half a reporting interval. A terminal emptying its store after an outage
    is different: its lag shrinks by about one interval per reading, so it is *late*, not slow.
    Returns the indexes of readings explained by a slow clock, so they are not also called late."""
    tol = config.clock_tolerance
    jitter = min(tol, interval / 2)
    ahead = [p.observed_at - p.received_at > tol for p in points]

    def describe_ahead(run: Sequence[Point]) -> str:
        worst = max(p.observed_at - p.received_at for p in run)
        return f"终端时钟超前，最多 {worst.total_seconds() / 60:.0f} 分钟 (terminal clock ahead by up to {worst})"

    flags.runs("clock_skew", points, ahead, describe_ahead)
    for p in future:  # placed at reception: its own time stamp is the thing that is wrong
        flags.add(
            "clock_skew",
            p.received_at,
            p.received_at,
            f"读数观测时间 {_fmt(p.observed_at)} 远晚于接收时间 {_fmt(p.received_at)}，未入库"
            f" (reading far in the future, refused by the store)",
            observed_at=p.observed_at.isoformat(),
        )
    behind: set[int] = set()
    lags = [p.received_at - p.observed_at for p in points]
    start = 0
    for i in range(1, len(points) + 1):
        steady = (
            i < len(points)
            and lags[i] > tol
            and lags[start] > tol
            and abs(lags[i] - lags[start]) <= tol
            and abs(lags[i] - lags[i - 1]) <= jitter
        )
        if steady:
            continue
        if lags[start] > tol and i - start >= config.clock_run:
            run = points[start:i]
            offset = statistics.median(lags[start:i])
            flags.add(
                "clock_skew",
                run[0].observed_at,
                run[-1].observed_at,
                f"终端时钟滞后约 {offset.total_seconds() / 60:.0f} 分钟 (terminal clock behind by about {offset})",
                count=len(run),
                minutes=round(offset.total_seconds() / 60, 1),
            )
            behind.update(range(start, i))
        start = i
    return behind


def _late(flags: _Flags, points: Sequence[Point], behind: set[int], config: QualityConfig) -> None:
    hits = [
        i not in behind and p.received_at - p.observed_at > config.late_after for i, p in enumerate(points)
    ]

    def describe(run: Sequence[Point]) -> str:
        worst = max(p.received_at - p.observed_at for p in run)
        return (
            f"{len(run)} 条读数迟报，最迟 {_hours(worst):.1f} 小时后才收到"
            f" (received up to {_hours(worst):.1f} h after observation)"
        )

    flags.runs("late", points, hits, describe)


# ---------------------------------------------------------------------- from the store


def _points(conn, works_id: str, meter: int, since: datetime, until: datetime) -> list[Point]:
    t = schema.reading
    cols = (t.c.observed_at, t.c.received_at, t.c.volume_m3, t.c.flow_m3s)
    base = sa.select(*cols).where(t.c.works_id == works_id, t.c.meter == meter)
    before = conn.execute(base.where(t.c.observed_at < since).order_by(t.c.observed_at.desc()).limit(1)).all()
    inside = conn.execute(
        base.where(t.c.observed_at >= since, t.c.observed_at < until).order_by(t.c.observed_at)
    ).all()
    return [Point(*row) for row in [*before, *inside]]


def _future(conn, works_id: str, meter: int, since: datetime, until: datetime) -> list[Point]:
    t = schema.rejected
    rows = conn.execute(
        sa.select(t.c.observed_at, t.c.received_at).where(
            t.c.works_id == works_id,
            t.c.meter == meter,
            t.c.reason == "future",
            t.c.received_at >= since,
            t.c.received_at < until,
        )
    ).all()
    return [Point(o, r) for o, r in rows]


def quality_flags(
    engine: Engine,
    works_id: str,
    since: datetime,
    until: datetime,
    *,
    meter: int | None = None,
    config: QualityConfig | None = None,
) -> list[QualityFlag]:
    """Quality flags for every meter of a works (or one meter) over [since, until)."""
    from .store import ensure_schema

    ensure_schema(engine)
    with engine.connect() as conn:
        if meter is None:
            t = schema.reading
            meters = [
                m
                for (m,) in conn.execute(
                    sa.select(t.c.meter).where(t.c.works_id == works_id).distinct().order_by(t.c.meter)
                )
            ] or [1]
        else:
            meters = [meter]
        out: list[QualityFlag] = []
        for m in meters:
            points = _points(conn, works_id, m, since, until)
            future = _future(conn, works_id, m, since, until)
            out += flags_for_series(
                works_id, m, points, since=since, until=until, config=config, future=future
            )
    return out
