"""Stable ids: Akoma Ntoso-style eIds for nodes, document ids, human citations.

House style (documented in docs/corpus.md): levels joined by `__`, element and number by `_`.
Regulation: book/chp/sec(节)/art/para(款, only when an article has several)/item(项)/point(目).
Outline: sec(一、)/subsec(（一）)/item(1.)/point(（1）)/box(专栏)/table(表); unnumbered
paragraphs are `para_N` counted among their siblings. Containers: `preface`, `conclusions`, `att_N`.
"""

from __future__ import annotations

import re
import unicodedata

from .model import Document, Node
from .numerals import int_to_cn

ABBREV = {
    "book": "book",
    "chapter": "chp",
    "section": "sec",
    "article": "art",
    "paragraph": "para",
    "item": "item",
    "point": "point",
    "sec": "sec",
    "subsec": "subsec",
    "box": "box",
    "table": "table",
    "para": "para",
    "attachment": "att",
}
REG_UNIT = {
    "book": "编",
    "chapter": "章",
    "section": "节",
    "article": "条",
    "paragraph": "款",
    "item": "项",
    "point": "目",
}
FIXED = {"preface", "conclusions"}

_BRACKETS = str.maketrans(
    {
        "[": "〔",
        "]": "〕",
        "［": "〔",
        "］": "〕",
        "【": "〔",
        "】": "〕",
        "(": "〔",
        ")": "〕",
        "（": "〔",
        "）": "〕",
    }
)


def normalise_doc_number(text: str) -> str:
    """`国办发[2021]40 号` / `国办发（2021）40号` -> `国办发〔2021〕40号`."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    m = re.match(r"^(.*?)[\[［【(（〔](\d{4})[\]］】)）〕](\d+)号$", s)
    if m:
        return f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"
    return s.translate(_BRACKETS)


def doc_id_for(doc_number: str, title: str) -> str:
    """A document id stable across re-ingest: from the 文号 when there is one, else the title."""
    m = re.match(r"^(.*?)〔(\d{4})〕(\d+)号$", doc_number)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    m = re.match(r"^(.*?令)第(\d+)号$", doc_number)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    slug = re.sub(
        r"[\s《》“”\"'<>〈〉「」()（）、，,.:：;；?？!！/\\]", "", unicodedata.normalize("NFKC", title)
    )
    return slug[:60] or "untitled"


def assign_ids(doc: Document) -> None:
    """Give every node of the document its eId and human citation."""
    _assign_children(doc.body, "", doc.short_title or doc.title, [], False)


def _assign(node: Node, parent_eid: str, cite_title: str, cite_parts: list[str], reg: bool) -> None:
    reg = reg or node.kind == "article"
    if node.kind in FIXED:
        node.eid = node.kind
        node.citation = f"《{cite_title}》"
    else:
        node.eid = f"{parent_eid}__{_local(node)}" if parent_eid else _local(node)
        if node.kind == "attachment":
            cite_title = node.heading or cite_title
            cite_parts = []
        else:
            cite_parts = cite_parts + [_cite_part(node, reg)]
        node.citation = f"《{cite_title}》" + "".join(p for p in cite_parts if p)
        if node.kind in ("book", "chapter", "section") and node.number is not None:
            # a chapter is cited by itself (《地下水管理条例》第三章), its articles without it
            node.citation += f"第{int_to_cn(node.number)}{REG_UNIT[node.kind]}"
    _assign_children(node, node.eid, cite_title, cite_parts if node.kind not in FIXED else [], reg)


def _assign_children(node: Node, eid: str, cite_title: str, cite_parts: list[str], reg: bool) -> None:
    seen: dict[str, int] = {}
    counters: dict[str, int] = {}
    for child in node.children:
        if (
            child.kind in ("para", "signature", "date", "docnumber", "note", "recipients")
            and child.number is None
        ):
            counters[child.kind] = counters.get(child.kind, 0) + 1
            child.number = counters[child.kind]
        _assign(child, eid, cite_title, cite_parts, reg)
        # ids must be unique among siblings even when the printed numbering repeats
        if child.eid in seen:
            seen[child.eid] += 1
            _rename(child, child.eid, f"{child.eid}_{seen[child.eid]}")
        else:
            seen[child.eid] = 1


def _rename(node: Node, old: str, new: str) -> None:
    for n in node.walk():
        n.eid = new + n.eid[len(old) :]


def _local(node: Node) -> str:
    abbrev = ABBREV.get(node.kind, node.kind)
    return f"{abbrev}_{node.number}" if node.number is not None else abbrev


def _cite_part(node: Node, reg: bool) -> str:
    if node.kind in ("chapter", "book", "section") and node.number is not None:
        return ""  # articles are cited without their chapter; the chapter itself gets one below
    if reg and node.kind in REG_UNIT and node.number is not None:
        return f"第{int_to_cn(node.number)}{REG_UNIT[node.kind]}"
    if node.kind == "para":
        return f"第{node.number}段"
    return node.num
