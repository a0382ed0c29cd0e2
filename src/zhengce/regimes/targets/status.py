"""Where each target and task stands on a date: met, on_track, at_risk, missed or no_data.

Targets. The goal level L comes from the text: ``at_least``/``at_most`` give it directly; ``increase``/
``decrease`` are changes from a baseline B (for ``%`` a relative change, L = B × (1 ± v/100); for
``percentage_point`` and absolute units L = B ± v). A value meets the goal when it is at or beyond L,
except after 超过/高于/突破/低于, which exclude the figure itself. Arithmetic is decimal, so 100 × 1.1
is exactly 110.
- after the deadline (31 December of the target year): the latest value dated on or before it meets
  L → ``met``; otherwise ``missed``; no value for that period → ``no_data``;
- before: the latest value meets L → ``on_track``; else, with a baseline dated earlier, progress
  (x − B)/(L − B) at least the share of time elapsed since the baseline → ``on_track``, less →
  ``at_risk``; without a baseline to measure progress → ``at_risk`` (not met, progress unknown).
  The baseline is the reported ``baseline`` row, else the value reported for the plan's baseline year,
  else the earliest value reported.

Tasks. Progress 100 → ``met``; past the deadline and below 100 (or unreported) → ``missed``; before it,
progress at least the share of time elapsed since the plan was issued → ``on_track``, else ``at_risk``;
nothing reported yet → ``no_data``. A task without a deadline is ``on_track`` once progress is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zhengce.regimes.targets.items import TargetItem, TaskItem
from zhengce.regimes.targets.reports import Report, latest
from zhengce.rules import Citation

STATUSES = {
    "met": "已完成",
    "on_track": "进度正常",
    "at_risk": "存在风险",
    "missed": "未完成",
    "no_data": "无数据",
}
_UP = {"increase", "at_least"}


@dataclass(frozen=True)
class ItemStatus:
    item_id: str
    kind: str  # target | task
    status: str
    reason: str
    citation: Citation
    deadline: date | None
    latest: float | None = None
    latest_on: date | None = None
    goal: float | None = None  # the level the latest value is compared with (targets)
    expected: float | None = None  # share of the way expected by now, 0–1


def _d(x: float) -> Decimal:
    return Decimal(repr(x))


def goal_level(t: TargetItem, baseline: float | None) -> Decimal | None:
    """The level to reach, or None when the target is relative and no baseline is known."""
    if t.value is None or t.direction is None:
        return None
    if t.direction == "at_least":
        return _d(t.value)
    if t.direction == "at_most":
        return _d(t.value_max if t.value_max is not None else t.value)
    if baseline is None:
        return None
    sign = 1 if t.direction == "increase" else -1
    if t.unit == "%":
        return _d(baseline) * (1 + sign * _d(t.value) / 100)
    return _d(baseline) + sign * _d(t.value)


def meets(t: TargetItem, value: float, goal: Decimal) -> bool:
    x = _d(value)
    if t.direction in _UP:
        return x > goal if t.strict else x >= goal
    return x < goal if t.strict else x <= goal


def _baseline(t: TargetItem, reports: Sequence[Report], on: date) -> Report | None:
    explicit = latest(reports, "baseline", on)
    if explicit is not None:
        return explicit
    values = sorted(
        (r for r in reports if r.kind == "value" and r.reported_for <= on), key=lambda r: r.reported_for
    )
    if t.baseline_year is not None:
        in_year = [r for r in values if r.reported_for.year == t.baseline_year]
        if in_year:
            return in_year[-1]
    return values[0] if values else None


def _elapsed(start: date, now: date, end: date) -> float:
    if end <= start:
        return 1.0
    return min(1.0, max(0.0, (now - start).days / (end - start).days))


def target_status(t: TargetItem, reports: Sequence[Report], as_of: date) -> ItemStatus:
    mine = [r for r in reports if r.item_id == t.item_id]
    deadline = t.deadline
    horizon = min(as_of, deadline) if deadline else as_of
    base = _baseline(t, mine, horizon)
    goal = goal_level(t, base.value if base else None)
    current = latest(mine, "value", horizon)

    def result(status: str, reason: str, expected: float | None = None) -> ItemStatus:
        return ItemStatus(
            t.item_id,
            "target",
            status,
            reason,
            t.citation,
            deadline,
            current.value if current else None,
            current.reported_for if current else None,
            None if goal is None else float(goal),
            expected,
        )

    if goal is None:
        if t.value is None or t.direction is None:
            return result("no_data", "目标值或方向无法从条文确定")
        return result("no_data", "相对目标（比基准年提高/下降）需要基准值：请报告 baseline")
    if current is None:
        past = deadline is not None and as_of > deadline
        return result("no_data", "目标期限已过，没有该期限内的报告值" if past else "尚无报告值")
    met = meets(t, current.value, goal)
    if deadline is not None and as_of > deadline:
        return (
            result("met", "期限内达到目标")
            if met
            else result("missed", f"期限{deadline.isoformat()}已过，未达到目标")
        )
    if met:
        return result("on_track", "已达到目标值")
    if base is None or base.reported_for >= current.reported_for or deadline is None:
        return result("at_risk", "尚未达到目标，缺少更早的基准值，无法判断进度")
    expected = _elapsed(base.reported_for, current.reported_for, deadline)
    span = goal - _d(base.value)
    progress = float((_d(current.value) - _d(base.value)) / span) if span else 1.0
    if progress >= expected:
        return result("on_track", f"完成进度{progress:.0%}，不低于时间进度{expected:.0%}", expected)
    return result("at_risk", f"完成进度{progress:.0%}，低于时间进度{expected:.0%}", expected)


def task_status(k: TaskItem, reports: Sequence[Report], as_of: date) -> ItemStatus:
    mine = [r for r in reports if r.item_id == k.item_id]
    current = latest(mine, "progress", as_of)

    def result(status: str, reason: str, expected: float | None = None) -> ItemStatus:
        return ItemStatus(
            k.item_id,
            "task",
            status,
            reason,
            k.citation,
            k.deadline,
            current.value if current else None,
            current.reported_for if current else None,
            100.0,
            expected,
        )

    if current is not None and current.value >= 100:
        return result("met", f"{current.reported_for.isoformat()}报告已完成")
    if k.deadline is not None and as_of > k.deadline:
        if current is None:
            return result("missed", f"期限{k.deadline.isoformat()}已过，没有进度报告")
        return result("missed", f"期限{k.deadline.isoformat()}已过，进度{current.value:g}%")
    if current is None:
        return result("no_data", "尚无进度报告")
    if k.deadline is None:
        return result("on_track", f"未规定完成期限，进度{current.value:g}%")
    start = k.start or date(k.deadline.year - 5, 1, 1)
    expected = _elapsed(start, current.reported_for, k.deadline)
    if current.value / 100 >= expected:
        return result("on_track", f"进度{current.value:g}%，不低于时间进度{expected:.0%}", expected)
    return result("at_risk", f"进度{current.value:g}%，低于时间进度{expected:.0%}", expected)
