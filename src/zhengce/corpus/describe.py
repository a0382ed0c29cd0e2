"""Document metadata: title, 文号, issuers, dates, effect, validity, repeals, kind."""

from __future__ import annotations

import re
from datetime import date

from .ids import normalise_doc_number
from .numerals import cn_to_int
from .split import DATE, DECREE, KIND_WORDS

DATE_RE = re.compile(DATE)
PROMULGATED = re.compile(r"关于(?:印发|发布)《?(.+?)》?的通知$")
EFFECTIVE_DATE = re.compile(rf"自\s*{DATE}\s*起(?:施行|执行|实施|生效)")
EFFECTIVE_ON_ISSUE = re.compile(r"自(?:下发|发布|印发|公布|发文)之日起(?:施行|执行|实施|生效)")
VALIDITY = re.compile(r"有效期(?:为)?([一二三四五六七八九十两\d]+)年")
REPEALS = re.compile(r"[（(]([^（）()]{1,20}〔\d{4}〕\d+号)[）)](?:同时)?(?:废止|停止执行)")


def parse_date(text: str) -> str | None:
    """First date in the text as ISO (`2021年9月15日` / `二〇二一年九月十五日`)."""
    m = DATE_RE.search(text)
    if not m:
        return None
    try:
        return date(cn_to_int(m.group(1)), cn_to_int(m.group(2)), cn_to_int(m.group(3))).isoformat()
    except ValueError:
        return None


def display_title(raw_lines: list[str]) -> str:
    """Join title lines; keep one space between co-issuers (`中共中央 国务院关于…`), none elsewhere."""
    joined = "".join(raw_lines)
    joined = re.sub(r"\s+", " ", joined).strip()
    return re.sub(r"\s(?=[\d（）《》“”(),，。、])|(?<=[\d（）《》“”(),，。、])\s", "", joined)


def short_title_of(title: str) -> str:
    """The instrument a promulgating notice carries: 关于印发《X》的通知 -> X."""
    m = PROMULGATED.search(title)
    if m:
        return m.group(1).strip("《》")
    return title


def kind_of(title: str) -> str:
    for word in ("指导意见", "实施意见"):
        if title.endswith(word):
            return "意见"
    stripped = re.sub(r"[（(][^）)]*[）)]$", "", title)
    for word in KIND_WORDS:
        if stripped.endswith(word):
            return word
    return "其他"


def issuers_from_title(title: str) -> list[str]:
    m = re.match(r"^(.+?)关于", title)
    if not m:
        return []
    names = re.sub(r"等部门$|等$", "", m.group(1))
    return [n for n in re.split(r"[\s、]+", names) if n]


def decree_number(text: str) -> str:
    m = DECREE.search(text)
    if not m:
        return ""
    issuer = "国务院" if "国务院" in text else ""
    return f"{issuer}令第{m.group(1)}号"


def effective(texts: list[str], signed: str | None) -> tuple[str | None, str]:
    """The last effect clause wins: the 附则 comes at the end of the instrument."""
    found: tuple[str | None, str] = (None, "")
    for text in texts:
        for m in EFFECTIVE_DATE.finditer(text):
            found = (parse_date(m.group(0)), m.group(0))
        for m in EFFECTIVE_ON_ISSUE.finditer(text):
            found = (signed, m.group(0))
    return found


def validity(texts: list[str]) -> str:
    for text in texts:
        m = VALIDITY.search(text)
        if m:
            return m.group(0)
    return ""


def expiry(effective_date: str | None, validity_text: str) -> str | None:
    m = VALIDITY.search(validity_text or "")
    if not (m and effective_date):
        return None
    years = cn_to_int(m.group(1))
    start = date.fromisoformat(effective_date)
    try:
        return start.replace(year=start.year + years).isoformat()
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28).isoformat()


def repeals(texts: list[str]) -> list[str]:
    out: list[str] = []
    for text in texts:
        for m in REPEALS.finditer(text):
            number = normalise_doc_number(m.group(1))
            if number not in out:
                out.append(number)
    return out
