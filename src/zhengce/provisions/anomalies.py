"""Wrongly written quantities, reported instead of silently accepted.

- reversed_range: a lower bound above the upper one (`10万元以上5万元以下`, `30%-10%`);
- missing_unit: bounded numbers with no unit where one is required (`处10以上50以下罚款`);
- share_over_100: a share, rate or proportion above 100% (`出资比例为…的120%`); growth may
  exceed 100%, so `增长150%` is fine;
- fraction_over_1: a part larger than the whole (`三分之四以上的成员`);
- invalid_date / reversed_dates: `2021年2月30日`, `2022年至2020年`.
Messages are Chinese first, with the English code alongside for programs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .dates import DATE, MONTH_RANGE, YEAR_RANGE, parts
from .numbers import NUMBER, parse_number
from .quantities import Quantity, quantities


@dataclass(frozen=True)
class Anomaly:
    code: str
    message: str
    text: str
    span: tuple[int, int]


_MULT = r"(?:万亿|亿|万)"
# Two bounded numbers, or one, with no unit at all: 处10以上50以下罚款 / 处5万以上罚款.
_BARE_PAIR = re.compile(
    rf"(?P<a>{NUMBER})\s*(?P<am>{_MULT})?\s*(?:以上|至|到|[-－—–~～])\s*(?P<b>{NUMBER})\s*(?P<bm>{_MULT})?\s*(?:以下|以内)?"
)
_BARE_ONE = re.compile(rf"(?P<a>{NUMBER})\s*(?P<am>{_MULT})?\s*(?:以上|以下|以内)")
_NEEDS_UNIT = re.compile(r"罚款|罚金|处以?|元|费用|资金|金额|补贴|奖励")
_SHARE = re.compile(r"比例|占比|比重|份额|率|占|覆盖|总额的|出资额的")
_GROWTH = re.compile(r"增长|增加|提高|提升|下降|降低|减少|增速|倍")
_CLAUSE = re.compile(r"[，。；：,;:！？\n]")
# Numbers that are names, not amounts: 县级以上, 第三条, 二级及以上 are not bare bounds.
_NOT_AMOUNT_BEFORE = set("第级")
_NOT_AMOUNT_AFTER = re.compile(r"\s*(?:级|条|款|项|类|次|号|批|个|年|月|日)")


def _clause(text: str, start: int, end: int) -> str:
    lo = max((m.end() for m in _CLAUSE.finditer(text, max(0, start - 40), start)), default=max(0, start - 40))
    m = _CLAUSE.search(text, end)
    return text[lo : m.start() if m else len(text)]


def _fmt(v) -> str:
    return f"{v:,}" if isinstance(v, int) else f"{v:g}"


def anomalies(text: str, found: Sequence[Quantity] | None = None) -> list[Anomaly]:
    """Every wrongly written quantity in `text`, in order; `found` saves re-extracting."""
    found = list(quantities(text) if found is None else found)
    spans = [q.span for q in found]
    out: list[Anomaly] = []
    for q in found:
        if q.problem == "reversed_range":
            out.append(Anomaly("reversed_range",
                               f"下限大于上限：“{q.text}”（{_fmt(q.value_min)} > {_fmt(q.value_max)} {q.unit}）"
                               " (lower bound above upper bound)", q.text, q.span))  # fmt: skip
        clause = _clause(text, *q.span)
        before = clause[: max(0, clause.find(q.text))] if q.text in clause else clause
        value = q.value_max if q.value_max is not None else q.value_min
        if not isinstance(value, int | float):
            continue
        if (
            q.kind == "percent"
            and q.unit == "%"
            and value > 100
            and _SHARE.search(before)
            and not _GROWTH.search(before)
        ):
            out.append(
                Anomaly("share_over_100", f"比例超过100%：“{q.text}” (share above 100%)", q.text, q.span)
            )
        if q.kind == "ratio" and q.unit == "fraction" and value > 1:
            out.append(
                Anomaly("fraction_over_1", f"分数大于1：“{q.text}” (fraction above 1)", q.text, q.span)
            )
    out.extend(_missing_units(text, spans))
    out.extend(_bad_dates(text))
    out.sort(key=lambda a: a.span)
    return out


def _is_amount(text: str, m: re.Match[str]) -> bool:
    if text[m.start() - 1 : m.start()] in _NOT_AMOUNT_BEFORE:
        return False
    return not _NOT_AMOUNT_AFTER.match(text, m.end("a"))


def _missing_units(text: str, spans: list[tuple[int, int]]) -> list[Anomaly]:
    out: list[Anomaly] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_BARE_PAIR, _BARE_ONE):
        for m in pattern.finditer(text):
            span = m.span()
            if any(s < span[1] and span[0] < e for s, e in spans + taken) or not _is_amount(text, m):
                continue
            if parse_number(m.group("a")) is None or not _NEEDS_UNIT.search(_clause(text, *span)):
                continue
            taken.append(span)
            out.append(Anomaly("missing_unit", f"数量缺少单位：“{m.group()}” (number without a unit)",
                               m.group(), span))  # fmt: skip
    return out


def _bad_dates(text: str) -> list[Anomaly]:
    out: list[Anomaly] = []
    for m in DATE.finditer(text):
        if (m.group("m") or m.group("q")) and parts(m) is None:
            out.append(
                Anomaly("invalid_date", f"日期无效：“{m.group()}” (no such date)", m.group(), m.span())
            )
    for pattern in (YEAR_RANGE, MONTH_RANGE):
        for m in pattern.finditer(text):
            y1 = parse_number(m.group("y"))
            y2 = parse_number(m.group("y2")) if m.group("y2") else y1
            months = (
                (parse_number(m.group("m")), parse_number(m.group("m2"))) if "m" in m.groupdict() else (1, 1)
            )
            if isinstance(y1, int) and isinstance(y2, int) and (y2, months[1] or 0) < (y1, months[0] or 0):
                out.append(Anomaly("reversed_dates", f"起止日期颠倒：“{m.group()}” (dates run backwards)",
                                   m.group(), m.span()))  # fmt: skip
    return out
