"""Exact conversion of Chinese numerals in matched spans (never over running text)."""

from __future__ import annotations

_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_WAN = {"万": 10_000, "亿": 100_000_000}

CN_NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千万亿"


def cn_to_int(text: str) -> int:
    """Convert a Chinese numeral (`二十二`, `一百零三`, `十`, `二〇二一`) or ASCII digits to int.

    Raises ValueError for anything that is not a numeral.
    """
    s = text.strip()
    if not s:
        raise ValueError("empty numeral")
    if s.isascii() and s.isdigit():
        return int(s)
    if all(c in _DIGITS for c in s) and len(s) > 1:
        # digit-by-digit form used for years: 二〇二一
        return int("".join(str(_DIGITS[c]) for c in s))
    total = 0  # completed 万/亿 groups
    section = 0  # current group below 万
    digit = None
    for ch in s:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        elif ch in _WAN:
            section += digit or 0
            total += (section or 1) * _WAN[ch]
            section, digit = 0, None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + section + (digit or 0)


def int_to_cn(n: int) -> str:
    """Render 1..9999 the way statutes number articles: 22 -> 二十二, 10 -> 十, 103 -> 一百零三."""
    if n <= 0 or n >= 10_000:
        raise ValueError(f"out of range for article numerals: {n}")
    names = "零一二三四五六七八九"
    out = []
    parts = [(n // 1000, "千"), (n // 100 % 10, "百"), (n // 10 % 10, "十"), (n % 10, "")]
    zero_pending = False
    started = False
    for value, unit in parts:
        if value == 0:
            if started:
                zero_pending = True
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        if not (unit == "十" and value == 1 and not started):
            out.append(names[value])
        out.append(unit)
        started = True
    return "".join(out)
