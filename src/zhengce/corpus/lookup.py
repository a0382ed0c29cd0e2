"""Find a node in a document the way people name it: `22`, `第二十二条`, `22.2`, or an eId."""

from __future__ import annotations

import re
import unicodedata

from ..errors import NotFound, UserError
from .markers import NUM
from .model import Document, Node
from .numerals import cn_to_int

ARTICLE_REF = re.compile(rf"^第?({NUM})条?(?:第?({NUM})款)?(?:第?({NUM})项)?$")


def find_article(doc: Document, number: int) -> Node | None:
    """Article n of the instrument (main body first, then attachments)."""
    hits = [n for n in doc.nodes() if n.kind == "article" and n.number == number]
    return hits[0] if hits else None


def find_node(doc: Document, ref: str) -> Node:
    ref = unicodedata.normalize("NFKC", ref).strip()
    node = doc.node(ref)
    if node is not None:
        return node
    dotted = re.fullmatch(r"(\d+)\.(\d+)(?:\.(\d+))?", ref)
    if dotted:  # 22.2 = 第二十二条第二款, 22.2.3 = …第三项
        art, para, item = dotted.groups()
        ref = f"第{art}条第{para}款" + (f"第{item}项" if item else "")
    m = ARTICLE_REF.match(ref.replace(" ", ""))
    if not m:
        raise UserError(f"无法理解的条文位置“{ref}”，例如：22、第二十二条、22.2 (bad article reference)")
    article = find_article(doc, cn_to_int(m.group(1)))
    if article is None:
        raise NotFound(f"《{doc.short_title}》没有第{m.group(1)}条 (no such article)")
    node = article
    if m.group(2):
        para_no = cn_to_int(m.group(2))
        paras = [c for c in article.children if c.kind == "paragraph"]
        if para_no == 1 and not paras:
            pass  # a single-paragraph article is its own first paragraph
        elif para_no > len(paras):
            raise NotFound(f"{article.citation}没有第{m.group(2)}款 (no such paragraph)")
        else:
            node = paras[para_no - 1]
    if m.group(3):
        item_no = cn_to_int(m.group(3))
        items = [c for c in node.children if c.kind == "item" and c.number == item_no]
        if not items:
            raise NotFound(f"{node.citation}没有第{m.group(3)}项 (no such item)")
        node = items[0]
    return node
