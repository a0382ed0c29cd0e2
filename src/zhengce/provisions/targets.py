"""Plan targets: `到2025年，…再生水利用率超过25%`, `用水总量控制在7000亿立方米以内`.

A quantity is a target when a direction verb governs it inside its clause and a target year is in
force (the latest preceding `到2025年` / `2021年底前`) or an attribute (预期性/约束性) is stated.
Historical figures (`十三五期间…下降28.0%`) have no target year and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .numbers import Number
from .quantities import MAX, MIN, Quantity, quantities

INCREASE, DECREASE, AT_MOST, AT_LEAST = "increase", "decrease", "at_most", "at_least"


@dataclass(frozen=True)
class Target:
    indicator: str
    value: Number | None  # the figure as stated (lower bound of a range)
    value_max: Number | None  # upper bound of a range, else equal to value
    unit: str
    direction: str | None  # increase | decrease | at_most | at_least
    year: int | None  # target year
    baseline_year: int | None  # 比2020年下降…
    attribute: str | None  # 预期性 | 约束性
    quantity: Quantity
    span: tuple[int, int]  # the clause
    text: str


_TARGET_KINDS = {"percent", "volume", "area", "money", "count", "ratio"}
# Longest cue first so 降低到 (at_most) beats 降低 (decrease).
_CUES = [
    (AT_MOST, "控制在|不超过|不高于|降低到|降至|下降到|减少到|压减到|压减至|低于"),
    (
        AT_LEAST,
        "达到|达|提高到|提升到|提高至|提升至|增加到|增长到|超过|突破|不低于|不少于|稳定在|保持在|高于",
    ),
    (DECREASE, "下降|降低|减少|压减|削减"),
    (INCREASE, "提高|提升|增长|增加|新增|扩大"),
]
_CUE = re.compile("|".join(f"(?P<{d}>{p})" for d, p in _CUES))
_CLAUSE_END = re.compile(r"[，。；,;！？\n]")
_BASELINE = re.compile(r"(?:比|较|相比|与)\s*(?P<y>(?:19|20)[0-9]{2})\s*年(?:相比)?")
_ATTRIBUTE = re.compile(r"[（(](?P<a>预期性|约束性)[）)]")
_LEADING = re.compile(r"^(?:到\s*20[0-9]{2}\s*年(?:底)?|其中|同时|并|且|和|、|\s)+")


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    lo = 0
    for m in _CLAUSE_END.finditer(text, max(0, start - 120), start):
        lo = m.end()
    m = _CLAUSE_END.search(text, end)
    return lo, m.start() if m else len(text)


def _direction(q: Quantity, cue: re.Match[str] | None) -> str | None:
    if cue is not None:
        return cue.lastgroup
    if q.role == MIN:
        return AT_LEAST
    if q.role == MAX:
        return AT_MOST
    return None


def targets(text: str, year: int | None = None) -> list[Target]:
    """Targets stated in `text`, in order; `year` is the target year in force before the text
    sets its own (到2025年 two paragraphs up, or the plan period)."""
    out: list[Target] = []
    items = quantities(text)
    for q in items:
        if q.kind == "deadline" and isinstance(q.value_max, date):
            year = q.value_max.year
            continue
        if q.kind not in _TARGET_KINDS:
            continue
        lo, hi = _clause(text, *q.span)
        before = text[lo : q.span[0]]
        # A cue between the previous quantity in the clause and this one governs it; with 分别 or a
        # list (8%、8%、10%) the cue before the first figure governs them all.
        cues = list(_CUE.finditer(text, lo, q.span[0]))
        cue = cues[-1] if cues else None
        indicator_end = cue.start() if cue else q.span[0]
        if cue is None:
            after = _CUE.search(text, q.span[1], hi)  # 45%左右县级行政区达到…标准
            cue = after
        attr = _ATTRIBUTE.search(text, lo, min(len(text), hi + 8))
        direction = _direction(q, cue)
        if direction is None or (year is None and attr is None):
            continue
        if text.startswith("的", q.span[1]):
            continue  # 20%以上的，… / 50%的资金: a condition or a qualifier, not an aim
        indicator = text[lo:indicator_end]
        if cue is not None and cue.start() < q.span[0] and not _LEADING.sub("", indicator).strip():
            indicator = text[cue.end() : q.span[0]]  # 新增高效节水灌溉面积6000万亩: cue opens the clause
        if cue is not None and cue.start() > q.span[1]:
            indicator = text[lo : q.span[0]] + text[q.span[1] : hi]
        baseline = _BASELINE.search(indicator)
        baseline_year = int(baseline.group("y")) if baseline else None
        indicator = _BASELINE.sub("", indicator)
        indicator = _LEADING.sub("", indicator).removesuffix("分别").strip()
        parts = indicator.split("、")
        if "分别" in before and len(parts) > 1:
            # 化学需氧量、氨氮…排放总量比2020年分别下降8%、8%、10%、10%以上: pair by position.
            siblings = [p for p in items if p.kind == q.kind and lo <= p.span[0] < hi]
            k = siblings.index(q)
            if len(siblings) == len(parts):
                indicator = parts[k]
        value = q.value_min if q.value_min is not None else q.value_max
        value_max = q.value_max if q.value_max is not None else q.value_min
        assert value is None or isinstance(value, int | float)
        assert value_max is None or isinstance(value_max, int | float)
        out.append(
            Target(
                indicator=indicator,
                value=value,
                value_max=value_max,
                unit=q.unit,
                direction=direction,
                year=year,
                baseline_year=baseline_year,
                attribute=attr.group("a") if attr else None,
                quantity=q,
                span=(lo, hi),
                text=text[lo:hi],
            )
        )
    return out
