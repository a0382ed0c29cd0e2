"""Adapter between the telemetry readings store and the metering rules (第二十二条第二款、第五十六条第二款).

The rules read three facts about an online works: whether its data reaches the authority in real time
(``realtime_transmission``), whether the meter runs normally (``meter_ok``, 第五十六条第二款 运行不正常) and
on how many days of the window data arrived (``reporting_days``, for transmission gaps). The registry
keeps a ``transmitting``/``meter_ok`` flag per works; where telemetry has observed a works, what it
observed wins, and the registry flag stays the fallback (an observation field left ``None`` falls back
too). Readings only exist once a meter is installed, so counting from the window start is the same as
counting from the installation date.

A source is anything with ``observe(works_ids, since, until) -> {works_id: Observation}``.
:func:`telemetry_source` adapts the telemetry package's ``quality.quality_flags(engine, works_id, since,
until)`` (datetimes, [since, until)) for the works it has readings of (``store.latest_values``):

- any flag that bears on the ``meter`` (spike, counter_backwards/reset, stuck, clock_skew) in the window
  → ``meter_ok=False`` (运行不正常). No such flag says nothing about 不合格 (a failed inspection the
  registry may record), so it leaves ``meter_ok`` to the registry;
- a ``gap`` still open at the as-of date → ``transmitting=False``; readings and no open gap → True;
- ``days_received`` = days of the window minus the whole calendar days inside ``gap`` flags.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from sqlalchemy.engine import Engine


@dataclass(frozen=True)
class Observation:
    """What telemetry saw of one works over the window; ``None`` = not observed (use the registry)."""

    days_received: int | None = None
    transmitting: bool | None = None
    meter_ok: bool | None = None


class TransmissionSource(Protocol):
    def observe(self, works_ids: Sequence[str], since: date, until: date) -> Mapping[str, Observation]: ...


QualityFlagsFn = Callable[[Engine, str, datetime, datetime], Iterable[Any]]


def _whole_days(start: datetime, end: datetime, since: date, until: date) -> set[date]:
    """Calendar days of [since, until] lying entirely inside [start, end)."""
    first = start.date() if start.time() == time(0) else start.date() + timedelta(days=1)
    last = end.date() - timedelta(days=1)  # the day ``end`` falls on is not whole unless end is midnight
    first, last = max(first, since), min(last, until)
    return {first + timedelta(days=i) for i in range((last - first).days + 1)} if first <= last else set()


def observation_from_flags(flags: Iterable[Any], since: date, until: date) -> Observation:
    """Flags (objects with kind, bears_on, start, end, detail) of one works → the rules' facts."""
    window = (until - since).days + 1
    missing: set[date] = set()
    meter_fault, open_gap = False, False
    for flag in flags:
        if flag.bears_on == "meter":
            meter_fault = True
        if flag.kind == "gap":
            missing |= _whole_days(flag.start, flag.end, since, until)
            if (flag.detail or {}).get("open") or flag.end >= datetime.combine(
                until + timedelta(days=1), time(0)
            ):
                open_gap = True
    return Observation(
        days_received=window - len(missing),
        transmitting=not open_gap,
        meter_ok=False if meter_fault else None,
    )


class QualityFlagsSource:
    """Observations from a ``quality_flags(engine, works_id, since, until)`` function, for the works in
    ``known`` (those telemetry has readings of); other works are not observed."""

    def __init__(self, engine: Engine, quality_flags: QualityFlagsFn, known: Callable[[], set[str]]) -> None:
        self.engine = engine
        self.quality_flags = quality_flags
        self.known = known

    def observe(self, works_ids: Sequence[str], since: date, until: date) -> dict[str, Observation]:
        known = self.known()
        start, end = datetime.combine(since, time(0)), datetime.combine(until + timedelta(days=1), time(0))
        return {
            w: observation_from_flags(self.quality_flags(self.engine, w, start, end), since, until)
            for w in works_ids
            if w in known
        }


def telemetry_source(engine: Engine) -> TransmissionSource | None:
    """The telemetry package's quality flags as a source; None when that package is not there."""
    try:
        quality = importlib.import_module("zhengce.regimes.groundwater.telemetry.quality")
        store = importlib.import_module("zhengce.regimes.groundwater.telemetry.store")
    except ImportError:
        return None
    flags_fn = getattr(quality, "quality_flags", None)
    latest = getattr(store, "latest_values", None)
    if not callable(flags_fn) or not callable(latest):
        return None

    def known() -> set[str]:
        try:
            return {row["works_id"] for row in latest(engine)}
        except Exception:  # telemetry tables absent or unreadable: nothing observed, registry flags apply
            return set()

    return QualityFlagsSource(engine, flags_fn, known)
