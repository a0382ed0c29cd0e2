"""Find where each document of a compilation starts.

A document opens with a title block (1–4 short lines without sentence punctuation, the last
ending in a document-kind word such as 条例/办法/意见/通知/规划/方案) followed at once by a
metadata line: a 文号, a decree number, a date, a parenthesised passage/date note, or the
recipients line (主送, ending in a colon). A plan printed inside a notice as its 附件 has a
title but no metadata after it, so it stays part of the notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import Line
from .markers import starts_structure

KIND_WORDS = ("条例", "办法", "规定", "细则", "规划", "方案", "意见", "通知", "决定", "纲要", "规则", "公告")
KIND_AT_END = re.compile(r"(?:" + "|".join(KIND_WORDS) + r")(?:[（(][^）)]*[）)])?$")
DOC_NUMBER = re.compile(r"^\S{1,12}[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*(\d+)\s*号$")
DECREE = re.compile(r"令\s*第\s*(\d+)\s*号")
DATE = r"(\d{4}|[〇零一二三四五六七八九○]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
DATE_LINE = re.compile(rf"^[（(]?\s*{DATE}\s*[）)]?$")
PAREN_NOTE = re.compile(rf"^[（(]\s*{DATE}")
RECIPIENTS_START = re.compile(r"^(?:各|有关|国务院|上海|北京|天津|重庆|\S{2,6}省)")
RECIPIENTS = re.compile(r"^(?:各|有关|国务院|上海|北京|天津|重庆|\S{2,6}省).*[:：]$")
SENTENCE_PUNCT = re.compile(r"[。；，：:！？]")


@dataclass
class DocSpan:
    start: int  # index into lines of the first title line
    title_end: int  # index of the first line after the title block
    end: int  # exclusive


def is_metadata(line: Line) -> bool:
    t = line.text
    return bool(
        DOC_NUMBER.match(t) or DATE_LINE.match(t) or PAREN_NOTE.match(t) or (DECREE.search(t) and len(t) < 40)
    )


def is_recipients_start(lines: list[Line], i: int) -> bool:
    """A 主送 line may wrap over several lines before its colon."""
    if not RECIPIENTS_START.match(lines[i].text):
        return False
    text = ""
    for line in lines[i : i + 4]:
        text += line.text
        if text.endswith(("：", ":")):
            return bool(RECIPIENTS.match(text))
    return False


def _title_block_before(lines: list[Line], meta_index: int) -> int | None:
    """If the lines just before meta_index form a title block, return its first index.

    The block is the longest run (at most 4 lines) of short lines without sentence punctuation,
    URLs or structure markers; its text must end with a document-kind word.
    """
    end = meta_index
    start = end
    while start > 0 and end - start < 4 and _title_like(lines[start - 1]):
        start -= 1
    while start < end:
        block = "".join(ln.text for ln in lines[start:end])
        if KIND_AT_END.search(block) and (start == 0 or _closes_previous(lines, start)):
            return start
        start += 1
    return None


def _title_like(line: Line) -> bool:
    t = line.text
    return not (
        len(t) > 40
        or SENTENCE_PUNCT.search(t)
        or is_metadata(line)
        or "http" in t
        or "（略）" in t
        or starts_structure(line.raw, strict=False)
    )


def _closes_previous(lines: list[Line], start: int) -> bool:
    """The line before a title ends a document: a sentence end, a date, a signature, a URL."""
    prev = lines[start - 1].text
    return bool(
        re.search(r"[。；！？）)]$", prev)
        or DATE_LINE.match(prev)
        or prev.startswith("http")
        or len(prev) <= 20
    )


def find_documents(lines: list[Line]) -> list[DocSpan]:
    starts: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if is_metadata(lines[i]) or is_recipients_start(lines, i):
            start = _title_block_before(lines, i)
            if start is not None and (not starts or start >= starts[-1][1]):
                starts.append((start, i))
                i += 1
                continue
        i += 1
    spans = []
    for k, (start, title_end) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        spans.append(DocSpan(start, title_end, end))
    return spans
