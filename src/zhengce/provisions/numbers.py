"""Number parsing for matched spans: arabic, full-width and Chinese numerals.

Only ever called on a span a regex already isolated as a number, so running text such as
`统一` is never rewritten. `parse_number` never raises: junk gives None.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

Number = int | float

CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

CN_DIGIT_CHARS = "".join(CN_DIGITS)
CN_NUMERAL_CHARS = CN_DIGIT_CHARS + "".join(CN_SMALL_UNITS) + "".join(CN_BIG_UNITS)

# Regex fragments shared by the extractors. Arabic allows thousands separators and decimals;
# a Chinese numeral must start with a digit or 十 so a bare 万/亿/百 (万元国内生产总值) is no number.
ARABIC = r"[0-9０-９]+(?:[,，][0-9]{3}(?![0-9]))*(?:[.．][0-9０-９]+)?"
CHINESE = rf"[{CN_DIGIT_CHARS}十拾][{CN_NUMERAL_CHARS}]*"
NUMBER = rf"(?:{ARABIC}|{CHINESE})"

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_MULTIPLIERS = {"万亿": 10**12, "千亿": 10**11, "百亿": 10**10, "十亿": 10**9, "亿": 10**8,
                "千万": 10**7, "百万": 10**6, "十万": 10**5, "万": 10**4, "千": 10**3, "百": 100}  # fmt: skip


def normalize(value: Decimal) -> Number:
    """Integers stay ints (money in 元 must be exact); anything else becomes a float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _parse_chinese(s: str) -> Decimal | None:
    if all(c in CN_DIGITS for c in s):
        # Digit-by-digit (二〇二一) or a single digit.
        return Decimal("".join(str(CN_DIGITS[c]) for c in s))
    total = 0  # finished 亿 groups
    wan_group = 0  # finished 万 group below 亿
    section = 0  # below 万
    digit: int | None = None
    for ch in s:
        if ch in CN_DIGITS:
            if digit is not None:
                return None  # 二三 inside a positional numeral is not a number
            digit = CN_DIGITS[ch]
            if digit == 0:
                digit = None
        elif ch in CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        elif ch == "万":
            wan_group = (wan_group + section + (digit or 0)) or 1
            wan_group *= 10_000
            section, digit = 0, None
        elif ch == "亿":
            # 亿 scales only what came since the previous 亿 (一万亿 = 10^12, 一亿二千万 = 1.2e8).
            total += ((wan_group + section + (digit or 0)) or 1) * 100_000_000
            wan_group, section, digit = 0, 0, None
        else:
            return None
    return Decimal(total + wan_group + section + (digit or 0))


def parse_decimal(text: str) -> Decimal | None:
    """Exact value of a numeral span (`10`, `1,000`, `0.565`, `十万`, `二〇二一`), or None."""
    s = text.strip().translate(_FULLWIDTH).replace(",", "")
    if not s:
        return None
    if s[0].isascii():
        try:
            value = Decimal(s)
        except InvalidOperation:
            return None
        return value if value.is_finite() else None
    return _parse_chinese(s)


def parse_number(text: str, multiplier: str | None = None) -> Number | None:
    """Parse a numeral span, optionally scaled by a trailing 万/亿 (`10` + `万` -> 100000).

    Never raises: anything that is not a numeral gives None.
    """
    try:
        value = parse_decimal(text)
    except (ValueError, ArithmeticError):  # pragma: no cover - defensive, parse_decimal is total
        return None
    if value is None:
        return None
    if multiplier:
        factor = _MULTIPLIERS.get(multiplier)
        if factor is None:
            return None
        value *= factor
    return normalize(value)


def int_to_chinese(n: int) -> str:
    """Render a non-negative int as a Chinese numeral (`100000` -> `十万`, `105` -> `一百零五`)."""
    if n < 0 or n >= 10**16:
        raise ValueError(f"out of range for Chinese numerals: {n}")
    if n == 0:
        return "零"
    names = "零一二三四五六七八九"

    def below_wan(v: int, leading: bool) -> str:
        out: list[str] = []
        zero = False
        for factor, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = v // factor % 10
            if d == 0:
                zero = bool(out)
                continue
            if zero:
                out.append("零")
                zero = False
            if unit == "十" and d == 1 and not out and leading:
                out.append("十")  # 十万, not 一十万
            else:
                out.append(names[d] + unit)
        return "".join(out)

    groups: list[int] = []
    while n:
        groups.append(n % 10_000)
        n //= 10_000
    parts: list[str] = []
    big = ["", "万", "亿", "万亿"]
    need_zero = False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            need_zero = bool(parts)
            continue
        if parts and (need_zero or g < 1000):
            parts.append("零")
        need_zero = False
        parts.append(below_wan(g, leading=not parts) + big[i])
    return "".join(parts)
