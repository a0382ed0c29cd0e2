"""Paragraphs in, node tree out.

Two grammars, chosen per body: regulation style (编/章/节/条/款/项/目) when the body has
articles, outline style (一、 （一） 1. （1） 专栏) otherwise. The parser never refuses text:
anything that fits no marker becomes a paragraph of the innermost open unit.
"""

from __future__ import annotations

import re

from .clean import Para
from .markers import (
    ARTICLE,
    ARTICLE_LOOSE,
    BOOK,
    BOX,
    CHAPTER,
    LEVEL1,
    LEVEL2,
    LEVEL3,
    LEVEL4,
    SECTION,
    TABLE_REF,
)
from .model import Node
from .numerals import cn_to_int


def _node(
    kind: str, para: Para, num: str = "", number: int | None = None, text: str = "", heading: str = ""
) -> Node:
    offset = len(para.text) - len(text)
    pages = [(max(0, off - offset), page) for off, page in para.pages]
    # keep only change points that fall inside this node's own text
    pages = [p for i, p in enumerate(pages) if i == 0 or p[0] > 0]
    return Node(kind=kind, num=num, number=number, heading=heading, text=text, pages=pages)


def _split_marker(para: Para, pattern: re.Pattern) -> tuple[str, int, str] | None:
    """Match a marker on the cleaned text; return (printed number, value, rest)."""
    m = pattern.match(para.text)
    if not m:
        return None
    rest = m.group(m.lastindex)
    return para.text[: len(para.text) - len(rest)], cn_to_int(m.group(1)), rest


def _inline_heading(text: str) -> str:
    """`指导思想。以习近平…` -> `指导思想`; a heading-only line is its own heading."""
    m = re.match(r"^([^。；，：:！？]{1,30})[。：:]", text)
    if m:
        return m.group(1)
    return text if len(text) <= 30 and not re.search(r"[。；，！？]", text) else ""


def is_regulation(paras: list[Para]) -> bool:
    articles = [p for p in paras if ARTICLE.match(p.raw)]
    return len(articles) >= 2


# ---------------------------------------------------------------- regulation style

_REG_CONTAINERS = [("book", BOOK), ("chapter", CHAPTER), ("section", SECTION)]
_REG_DEPTH = {"book": 0, "chapter": 1, "section": 2}


def parse_regulation(paras: list[Para]) -> list[Node]:
    """Build 编/章/节/条 containers; inside an article, 款 are paragraphs, （一） items, 1. points."""
    roots: list[Node] = []
    containers: list[Node] = []  # open book/chapter/section chain
    article: Node | None = None
    last_article = 0

    def attach(node: Node) -> None:
        (containers[-1].children if containers else roots).append(node)

    for para in paras:
        matched = False
        for kind, pattern in _REG_CONTAINERS:
            hit = _split_marker(para, pattern)
            if hit:
                num, value, rest = hit
                depth = _REG_DEPTH[kind]
                while containers and _REG_DEPTH[containers[-1].kind] >= depth:
                    containers.pop()
                node = _node(kind, para, num, value, rest, heading=rest)
                attach(node)
                containers.append(node)
                article = None
                matched = True
                break
        if matched:
            continue
        hit = _split_marker(para, ARTICLE_LOOSE)
        spaced = ARTICLE.match(para.raw)
        if hit and (spaced or hit[1] == last_article + 1) and hit[1] > last_article:
            num, value, rest = hit
            article = _node("article", para, num, value)
            article.attrs["paras"] = [[_node("paragraph", para, text=rest)]]
            attach(article)
            last_article = value
            continue
        if article is None:
            attach(_node("para", para, text=para.text))
            continue
        current_para = article.attrs["paras"][-1]
        item_hit = _split_marker(para, LEVEL2)
        point_hit = _split_marker(para, LEVEL3) or _split_marker(para, LEVEL4)
        if item_hit:
            num, value, rest = item_hit
            current_para.append(_node("item", para, num, value, rest))
        elif point_hit and any(n.kind == "item" for n in current_para):
            num, value, rest = point_hit
            items = [n for n in current_para if n.kind == "item"]
            items[-1].children.append(_node("point", para, num, value, rest))
        else:
            article.attrs["paras"].append([_node("paragraph", para, text=para.text)])
    for node in roots:
        for n in node.walk():
            if n.kind == "article":
                _finish_article(n)
    return roots


def _finish_article(article: Node) -> None:
    """Single-paragraph articles hold their text and items directly (cited 第二十五条第六项)."""
    paras = article.attrs.pop("paras")
    if len(paras) == 1:
        head, *items = paras[0]
        article.text, article.pages = head.text, _merge_pages(article.pages, head.pages)
        article.children = items
        return
    for number, (head, *items) in enumerate(paras, start=1):
        head.number = number
        head.children = items
        article.children.append(head)


def _merge_pages(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return b or a


# ---------------------------------------------------------------- outline style

_OUTLINE = [("sec", LEVEL1, 1), ("subsec", LEVEL2, 2), ("item", LEVEL3, 3), ("point", LEVEL4, 4)]


def parse_outline(paras: list[Para]) -> list[Node]:
    """一、 sections, （一） subsections, 1. items, （1） points, 专栏 boxes, 表 references.

    `一、` and `1.` are accepted only in sequence (1, or previous + 1 at that level), so a
    wrapped line that happens to start with `一、` stays text.
    """
    roots: list[Node] = []
    stack: list[tuple[float, Node]] = []  # (level, node)
    last_number: dict[int, int] = {}

    def attach(node: Node, level: float) -> None:
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(node)
        stack.append((level, node))

    for para in paras:
        placed = False
        box = _split_marker(para, BOX)
        if box:
            num, value, rest = box
            node = _node("box", para, num, value, rest, heading=rest)
            attach(node, 2.5)  # inside the current section, above its numbered items
            continue
        table = _split_marker(para, TABLE_REF)
        if table:
            num, value, rest = table
            node = _node("table", para, num, value, rest, heading=rest)
            node.attrs["note"] = "表格内容未随文本提取保留 (table body not present in the extracted text)"
            (stack[-1][1].children if stack else roots).append(node)
            continue
        for kind, pattern, level in _OUTLINE:
            hit = _split_marker(para, pattern)
            if not hit:
                continue
            num, value, rest = hit
            in_sequence = value == 1 or value == last_number.get(level, 0) + 1
            if kind in ("sec", "item") and not in_sequence:
                continue
            # a new higher-level unit restarts numbering below it
            for deeper in range(level + 1, 5):
                last_number.pop(deeper, None)
            last_number[level] = value
            attach(_node(kind, para, num, value, rest, heading=_inline_heading(rest)), level)
            placed = True
            break
        if not placed:
            node = _node("para", para, text=para.text)
            (stack[-1][1].children if stack else roots).append(node)
    return roots


def parse_body(paras: list[Para]) -> tuple[str, list[Node]]:
    if is_regulation(paras):
        return "regulation", parse_regulation(paras)
    return "outline", parse_outline(paras)
