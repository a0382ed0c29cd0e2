"""Dates and deadlines in provision text.

Forms: `2021年12月1日`, `2021年11月`, `2021年底`, `2021年第四季度`, `2021年内` (by the end of the
year), year and month ranges (`2018年至2020年`, `2021年11月—2022年3月`, `2022年4月—7月`), a bare
month that takes the year of the date before it (`2022年6月底前停止生产、8月底前停止销售`).
The words around a date give its role: 前/到/至/截止/年内 a deadline, 自…起/以来 a start,
截至 (as of) and anything else an exact date. Dates inside a 《title》 are not the provision's.
"""

from __future__ import annotations

import re
from datetime import date

from .numbers import parse_number

MIN, RANGE, EXACT, DEADLINE = "min", "range", "exact", "deadline"

YEAR = r"(?:19|20)[0-9]{2}|二[〇○零][〇○零一二三四五六七八九]{2}"
MD = r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
_SEP = r"\s*(?:[-－—–~～]|至|到)\s*"
DATE = re.compile(
    rf"(?P<y>{YEAR})\s*年\s*(?:(?P<m>{MD})\s*月\s*(?:(?P<d>{MD})\s*[日号]|(?P<mend>底|末))?"
    r"|第(?P<q>[一二三四1-4])季度|(?P<end>年底|年末|底|末)|(?P<within>内)(?![蒙陆河]))?"
)
YEAR_RANGE = re.compile(rf"(?P<y>{YEAR})\s*年?{_SEP}(?P<y2>{YEAR})\s*年")
MONTH_RANGE = re.compile(
    rf"(?P<y>{YEAR})\s*年\s*(?P<m>{MD})\s*月{_SEP}(?:(?P<y2>{YEAR})\s*年\s*)?(?P<m2>{MD})\s*月"
)
_BARE_MONTH = re.compile(
    rf"(?<![年0-9一二三四五六七八九十])(?P<m>{MD})\s*月\s*(?P<mend>底|末)?(?=前|之前|以前)"
)
_YEAR_END = re.compile(r"(?:今|本|当|明)?年(?:底|末)(?:前|之前|以前)")
_PRE = re.compile(r"(?:(?P<start>自|从)|(?P<asof>截至)|(?P<end>到|至|截止到|截止))\s*$")
_POST = re.compile(r"\s*(?:(?P<end>前|之前|以前|止)|(?P<start>起|开始|以后|之后|以来))")
_TITLE = re.compile(r"《[^《》]*》")
_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _month_end(year: int, month: int) -> date:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def parts(m: re.Match[str], year: int | None = None) -> tuple[date, date, str] | None:
    """First and last day a DATE (or bare month) match covers, and its ISO form; None if invalid."""
    y = year if year is not None else parse_number(m.group("y"))
    if not isinstance(y, int):
        return None
    groups = m.groupdict()
    try:
        if groups.get("m"):
            month = parse_number(m.group("m"))
            if not isinstance(month, int):
                return None
            if groups.get("d"):
                day = parse_number(m.group("d"))
                if not isinstance(day, int):
                    return None
                d = date(y, month, day)
                return d, d, d.isoformat()
            last = _month_end(y, month)
            if groups.get("mend"):
                return last, last, last.isoformat()
            return date(y, month, 1), last, f"{y:04d}-{month:02d}"
        if groups.get("q"):
            q = _QUARTER[m.group("q")]
            return date(y, 3 * q - 2, 1), _month_end(y, 3 * q), f"{y:04d}-Q{q}"
        if groups.get("end") or groups.get("within"):
            d = date(y, 12, 31)
            return d, d, d.isoformat()
        return date(y, 1, 1), date(y, 12, 31), f"{y:04d}"
    except ValueError:
        return None


def title_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _TITLE.finditer(text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def dates(text: str, quantity_type):
    """Date quantities in `text` (built with `quantity_type`, the Quantity class), in order."""
    found = []
    taken: list[tuple[int, int]] = title_spans(text)
    for m in MONTH_RANGE.finditer(text):
        if _inside(m.start(), taken):
            continue
        y1 = parse_number(m.group("y"))
        y2 = parse_number(m.group("y2")) if m.group("y2") else y1
        m1, m2 = parse_number(m.group("m")), parse_number(m.group("m2"))
        if not all(isinstance(v, int) for v in (y1, y2, m1, m2)):
            continue
        try:
            first, last = date(y1, m1, 1), _month_end(y2, m2)  # type: ignore[arg-type]
        except ValueError:
            continue  # reported by anomalies
        if last < first:
            continue
        iso = f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}"
        found.append(quantity_type("date", RANGE, first, last, "date", m.span(), m.group(), iso=iso))
        taken.append(m.span())
    for m in YEAR_RANGE.finditer(text):
        if _inside(m.start(), taken):
            continue
        y1, y2 = parse_number(m.group("y")), parse_number(m.group("y2"))
        if not (isinstance(y1, int) and isinstance(y2, int)) or y2 < y1:
            continue
        found.append(
            quantity_type("date", RANGE, date(y1, 1, 1), date(y2, 12, 31), "date", m.span(), m.group(),
                          iso=f"{y1:04d}/{y2:04d}")
        )  # fmt: skip
        taken.append(m.span())
    last_year: list[tuple[int, int]] = []  # (position, year) of each full date, for bare months
    for m in DATE.finditer(text):
        if _inside(m.start(), taken):
            continue
        p = parts(m)
        if p is None:
            continue
        last_year.append((m.start(), p[0].year))
        found.append(_with_role(text, m.span(), p, quantity_type, within=bool(m.group("within"))))
        taken.append(found[-1].span)
    for m in _BARE_MONTH.finditer(text):
        if _inside(m.start(), taken):
            continue
        before = [y for pos, y in last_year if pos < m.start()]
        if not before:
            continue
        p = parts(m, year=before[-1])
        if p is not None:
            found.append(_with_role(text, m.span(), p, quantity_type))
            taken.append(found[-1].span)
    for m in _YEAR_END.finditer(text):
        if not _inside(m.start(), taken):
            found.append(quantity_type("deadline", DEADLINE, None, None, "year_end", m.span(), m.group()))
    return found


def _with_role(text: str, span: tuple[int, int], p: tuple[date, date, str], quantity_type, within=False):
    first, last, iso = p
    start, end = span
    kind, role, lo, hi = "date", EXACT, first, last
    pre = _PRE.search(text, max(0, start - 4), start)
    post = _POST.match(text, end)
    if (
        within
        or (post and post.group("end"))
        or (pre and pre.group("end") and not (post and post.group("start")))
    ):
        kind, role, lo, hi = "deadline", DEADLINE, None, last
    elif (post and post.group("start")) or (pre and pre.group("start")):
        role, lo, hi = MIN, first, None
    if pre:
        start = pre.start()
    if post:
        end = post.end()
    return quantity_type(kind, role, lo, hi, "date", (start, end), text[start:end], iso=iso)
