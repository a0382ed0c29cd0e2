"""Structural markers of Chinese legal and policy texts, shared by the cleaner and the parser."""

from __future__ import annotations

import re

from .numerals import CN_NUMERAL_CHARS

CN = f"[{CN_NUMERAL_CHARS}]+"
NUM = rf"(?:{CN}|\d+)"

# Regulation style: 编/章/节/条. Headings sit on their own line; an article number is followed by
# whitespace in the printed text, which is what separates a new article from a mid-sentence
# mention that a line wrap happened to put at the start of a line.
BOOK = re.compile(rf"^第({CN})编\s*(.*)$")
CHAPTER = re.compile(rf"^第({CN})章\s*(.*)$")
SECTION = re.compile(rf"^第({CN})节\s*(.*)$")
ARTICLE = re.compile(rf"^第({NUM})条(?:[\s\u3000]+|$)(.*)$")
ARTICLE_LOOSE = re.compile(rf"^第({NUM})条(.*)$")

# Outline style: 一、 （一） 1. （1）; in regulations （一） is an item (项) and 1. a sub-item (目).
LEVEL1 = re.compile(rf"^({CN})、(.*)$")
LEVEL2 = re.compile(rf"^[（(]({CN})[）)](.*)$")
LEVEL3 = re.compile(r"^(\d{1,2})[.．、](?!\d)(.*)$")
LEVEL4 = re.compile(r"^[（(](\d{1,2})[）)](.*)$")

BOX = re.compile(rf"^专栏\s*({NUM})\s*(.*)$")
# `表 1 主要指标` (a caption line); `表 2。` at the start of a wrapped line is not one
TABLE_REF = re.compile(rf"^表\s*({NUM})\s*([^\s。，；、：:）)][^。；]{{0,40}})$")
ATTACHMENT = re.compile(r"^附件\s*(\d*)\s*[:：]?\s*$")
ATTACHMENT_INLINE = re.compile(r"^附件\s*(\d*)\s*[:：]\s*(.+)$")

SENTENCE_END = "。；！？;!?"

OUTLINE_MARKERS = (LEVEL1, LEVEL2, LEVEL3, LEVEL4)
HEADING_MARKERS = (BOOK, CHAPTER, SECTION, BOX)


_STRICT = re.compile(
    "|".join(
        f"(?:{p.pattern})"
        for p in (
            BOOK,
            CHAPTER,
            SECTION,
            BOX,
            ARTICLE,
            LEVEL2,
            LEVEL4,
            ATTACHMENT,
            ATTACHMENT_INLINE,
            TABLE_REF,
        )
    )
)
_LOOSE = re.compile(f"(?:{LEVEL1.pattern})|(?:{LEVEL3.pattern})")


def starts_structure(line: str, *, strict: bool = True) -> bool:
    """Does this line open a new structural unit (so a paragraph must break before it)?

    With strict=True only unambiguous markers count: those a line wrap is unlikely to create.
    `一、` and `1.` can come from a wrap (`统` / `一、…`), so they count only when strict=False,
    i.e. when the previous line already ended a sentence.
    """
    s = line.lstrip()
    if _STRICT.match(s):
        return True
    return bool(not strict and _LOOSE.match(s))
