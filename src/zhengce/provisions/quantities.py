"""Quantities in provision text: money, percentages, ratios, durations, volumes, areas, dates.

Every quantity keeps its span so callers can cite or highlight it. Values are in the unit named
by `unit` after applying 万/亿 multipliers (money is integer 元). Bounds come from the words
around the number: 以上/不低于 give a minimum, 以下/以内/不超过 a maximum, `X以上Y以下` and
`X-Y`/`X至Y` a range, 前/到… a deadline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .dates import dates, title_spans
from .numbers import ARABIC, NUMBER, Number, parse_number

MIN, MAX, RANGE, EXACT, DEADLINE = "min", "max", "range", "exact", "deadline"


@dataclass(frozen=True)
class Quantity:
    kind: str  # money|percent|ratio|duration|volume|area|date|deadline|count
    role: str  # min|max|range|exact|deadline
    value_min: Number | date | None
    value_max: Number | date | None
    unit: str
    span: tuple[int, int]
    text: str
    working_days: bool = False
    iso: str | None = None  # ISO-8601 duration (P5D) or date (2021-12-31 / 2025)
    approx: bool = False  # 左右/约
    problem: str | None = None  # set when written wrongly (reversed_range): see anomalies.py


# raw unit -> (kind, normalised unit). Longer alternatives are listed first in the regex.
_UNITS: dict[str, tuple[str, str]] = {
    "元/立方米": ("money", "元/m3"),
    "元": ("money", "元"),
    "个百分点": ("percent", "percentage_point"),
    "%": ("percent", "%"),
    "％": ("percent", "%"),
    "倍": ("ratio", "times"),
    "个工作日": ("duration", "working_day"),
    "工作日": ("duration", "working_day"),
    "个月": ("duration", "month"),
    "个小时": ("duration", "hour"),
    "小时": ("duration", "hour"),
    "天": ("duration", "day"),
    "日": ("duration", "day"),
    "周": ("duration", "week"),
    "年": ("duration", "year"),
    "立方米": ("volume", "m3"),
    "平方公里": ("area", "km2"),
    "平方千米": ("area", "km2"),
    "平方米": ("area", "m2"),
    "公顷": ("area", "ha"),
    "亩": ("area", "mu"),
    "学时": ("duration", "class_hour"),
}
_COUNT_UNITS = "个项家处批所座名人次件台套户条"
_ISO = {"day": "D", "working_day": "D", "week": "W", "month": "M", "year": "Y"}

_UNIT_RE = (
    r"元/立方米|元|个百分点|%|％|倍|个工作日|工作日|个月|个小时|小时|天|日(?=以内|之内|内)|周(?![年期边])"
    r"|年(?![度级代])|学时|立方米|平方公里|平方千米|平方米|公顷|亩"
    rf"|人次|[{_COUNT_UNITS}](?!性)"
)
_MULT = r"万亿|千亿|百亿|亿|千万|百万|万"
_SEP = r"[-－—–~～]|至|到"
_MEASURE = re.compile(
    rf"(?:(?P<a>{NUMBER})\s*(?P<amult>{_MULT})?\s*(?P<aunit>元|%|％|立方米|亩|公顷|倍)?\s*(?P<sep>{_SEP})\s*)?"
    rf"(?P<b>{NUMBER})\s*(?P<bmult>{_MULT})?\s*(?P<unit>{_UNIT_RE})"
)
_FRACTION = re.compile(rf"(?P<den>{NUMBER}|百|千|万)\s*分之\s*(?P<num>{NUMBER})")
_BARE_DENOMINATORS = {"百": 100, "千": 1000, "万": 10_000}  # 百分之三十
_HALF = re.compile(r"一半|半数|过半")

_PRE_MIN = r"不低于|不少于|不小于|不得低于|不得少于|至少|最少|最低|超过|高于|多于|大于|逾|突破"
_PRE_MAX = r"不超过|不高于|不大于|不多于|不得超过|不得高于|不足|低于|少于|小于|最多|最高|最长"
_PRE = re.compile(rf"(?:(?P<min>{_PRE_MIN})|(?P<max>{_PRE_MAX})|(?P<approx>约|大约))\s*$")
# Comparatives that govern a number later in the same clause (不低于转化基金出资额三倍).
_PRE_FAR = re.compile(r"不低于|不少于|不超过|不高于|至少|最多|不得超过|不得低于")
_CLAUSE_END = re.compile(r"[，。；：,;:！？!?\n]")
_POST = re.compile(
    r"\s*(?:(?P<min>及以上|以上|之上|起)|(?P<max>及以下|以下|以内|之内|内)|(?P<approx>左右|上下))"
)
# A bare 一 after these characters is part of a word (统一, 进一步, 唯一), not a numeral.
_WORD_BEFORE_YI = set("统唯同进逐单专划均整合归之万其某任每")
_ORDINAL = "第"


def _lookback(text: str, start: int, floor: int) -> re.Match[str] | None:
    return _PRE.search(text, max(floor, start - 8), start)


def _far_bound(text: str, start: int, floor: int) -> str | None:
    """A comparative earlier in the same clause, not separated by another quantity."""
    lo = max(floor, start - 20)
    window = text[lo:start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(window)), default=0)
    last = None
    for m in _PRE_FAR.finditer(window, cut):
        last = m.group()
    if last is None:
        return None
    return MAX if last in ("不超过", "不高于", "最多", "不得超过") else MIN


def _fmt(value: Number) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


def _duration_iso(unit: str, value: Number | None) -> str | None:
    if value is None:
        return None
    if unit == "hour":
        return f"PT{_fmt(value)}H"
    return f"P{_fmt(value)}{_ISO[unit]}" if unit in _ISO else None


def _bounds(text: str, start: int, end: int, floor: int) -> tuple[int, int, str | None, bool]:
    """Extend [start, end) over bound words; return the new span, the role it implies, approx."""
    role: str | None = None
    approx = False
    pre = _lookback(text, start, floor)
    if pre:
        start = pre.start()
        if pre.group("approx"):
            approx = True
        else:
            role = MIN if pre.group("min") else MAX
    post = _POST.match(text, end)
    if post:
        end = post.end()
        if post.group("approx"):
            approx = True
        else:
            role = MIN if post.group("min") else MAX
    if role is None:
        role = _far_bound(text, start, floor)
    return start, end, role, approx


def _scale(num: str, mult: str | None) -> Number | None:
    return parse_number(num, mult or None)


def _measure(m: re.Match[str], text: str, floor: int) -> Quantity | None:
    raw_unit = m.group("unit")
    b_start = m.start("b")
    num = m.group("b")
    if text[b_start - 1 : b_start] == _ORDINAL and not m.group("a"):
        return None  # 第三条, 第一个: ordinals, not amounts
    if num == "一" and text[b_start - 1 : b_start] in _WORD_BEFORE_YI:
        return None
    if raw_unit in _COUNT_UNITS or raw_unit == "人次":
        if num == "一" and raw_unit == "批" or text[m.start() - 1 : m.start()] == "“":
            return None  # 一批 is "a number of"; “四个意识” is a slogan
        kind, unit = "count", raw_unit
    else:
        kind, unit = _UNITS[raw_unit]
    bmult = m.group("bmult")
    if kind == "duration" and unit == "year" and not bmult:
        v = parse_number(num)
        if isinstance(v, int) and (v >= 1900 or (len(num) == 4 and num[0] in "二")):
            return None  # 2021年 is a date, handled by _dates
    if kind == "duration" and text[b_start - 1 : b_start] == "个":
        return None  # 第十四个五年规划: a plan period, not a duration
    hi = _scale(num, bmult)
    if hi is None:
        return None
    start, end = m.start(), m.end()
    lo: Number | None = None
    if m.group("a"):
        aunit = m.group("aunit")
        a_kind = _UNITS[aunit][0] if aunit else kind
        # 10－20亿元: the first number borrows the second's multiplier.
        lo = _scale(m.group("a"), m.group("amult") or (None if aunit else bmult))
        if a_kind != kind or lo is None:
            lo, start = None, b_start
    start, end, role, approx = _bounds(text, start, end, floor)
    problem = None
    if lo is not None:
        role, vmin, vmax = RANGE, lo, hi
        problem = "reversed_range" if lo > hi else None
    elif role == MIN:
        vmin, vmax = hi, None
    elif role == MAX:
        vmin, vmax = None, hi
    else:
        role, vmin, vmax = EXACT, hi, hi
    working = unit == "working_day"
    iso = None
    if kind == "duration" and role != RANGE:
        iso = _duration_iso(unit, vmax if vmax is not None else vmin)
    return Quantity(
        kind, role, vmin, vmax, unit, (start, end), text[start:end], working, iso, approx, problem
    )


def _ratio(text: str, start: int, end: int, value: Number, floor: int) -> Quantity:
    start, end, role, approx = _bounds(text, start, end, floor)
    role = role or EXACT
    vmin = value if role in (MIN, EXACT) else None
    vmax = value if role in (MAX, EXACT) else None
    return Quantity("ratio", role, vmin, vmax, "fraction", (start, end), text[start:end], approx=approx)


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


def _merge_ranges(items: list[Quantity], text: str) -> list[Quantity]:
    """`10万元以上50万元以下` arrives as a min then a max of the same unit: make it one range."""
    out: list[Quantity] = []
    for q in items:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.role == MIN
            and q.role == MAX
            and prev.unit == q.unit
            and prev.kind == q.kind
            and text[prev.span[1] : q.span[0]].strip() in ("", "且", "、")
            and isinstance(prev.value_min, int | float)
            and isinstance(q.value_max, int | float)
        ):
            # 10万元以上5万元以下 is kept as written and flagged, never silently reordered.
            span = (prev.span[0], q.span[1])
            problem = "reversed_range" if prev.value_min > q.value_max else None
            out[-1] = Quantity(
                q.kind, RANGE, prev.value_min, q.value_max, q.unit, span, text[span[0] : span[1]],
                q.working_days, None, prev.approx or q.approx, problem,
            )  # fmt: skip
            continue
        out.append(q)
    return out


def quantities(text: str) -> list[Quantity]:
    """All quantities in `text`, in order of appearance."""
    found = dates(text, Quantity)
    titles = title_spans(text)
    taken = [q.span for q in found] + titles
    floor = 0
    for m in _MEASURE.finditer(text):
        if _overlaps(m.span(), taken):
            continue
        q = _measure(m, text, floor)
        if q is not None and not _overlaps(q.span, taken):
            found.append(q)
            taken.append(q.span)
    for m in _FRACTION.finditer(text):
        if _overlaps(m.span(), taken):
            continue
        den = _BARE_DENOMINATORS.get(m.group("den")) or parse_number(m.group("den"))
        num = parse_number(m.group("num"))
        if not den or num is None:
            continue
        if den == 100:
            start, end, role, approx = _bounds(text, m.start(), m.end(), 0)
            role = role or EXACT
            q = Quantity(
                "percent", role, num if role in (MIN, EXACT) else None,
                num if role in (MAX, EXACT) else None, "%", (start, end), text[start:end], approx=approx,
            )  # fmt: skip
        else:
            q = _ratio(text, m.start(), m.end(), num / den, 0)
        found.append(q)
        taken.append(q.span)
    for m in _HALF.finditer(text):
        if not _overlaps(m.span(), taken):
            q = _ratio(text, m.start(), m.end(), 0.5, 0)
            if m.group() == "过半" and q.role == EXACT:
                q = Quantity("ratio", MIN, 0.5, None, "fraction", q.span, q.text)
            found.append(q)
            taken.append(q.span)
    found.extend(_shared_units(found, text, taken))
    found.sort(key=lambda q: q.span)
    return _merge_ranges(found, text)


_LIST_NUMBER = re.compile(rf"(?P<n>{ARABIC})\s*(?:、|和|及|与)\s*$")


def _shared_units(found: list[Quantity], text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    """`3.3和1.9个百分点`, `6.7、13.2和11个百分点`: earlier list members share the last one's unit."""
    extra: list[Quantity] = []
    for q in found:
        if q.kind != "percent" or q.role != EXACT or not q.text[:1].isdigit():
            continue
        pos = q.span[0]
        while (m := _LIST_NUMBER.search(text, max(0, pos - 16), pos)) and not _overlaps(m.span("n"), taken):
            v = parse_number(m.group("n"))
            if v is None:
                break
            extra.append(Quantity(q.kind, EXACT, v, v, q.unit, m.span("n"), m.group("n")))
            pos = m.start("n")
    return extra
