"""Cross-references in a node's text, resolved to nodes of the same document (for links)."""

from __future__ import annotations

from dataclasses import dataclass

from ..corpus.model import Document, Node
from ..provisions.references import InternalRef, resolve_all


@dataclass(frozen=True)
class Xref:
    start: int
    end: int
    text: str
    eids: tuple[str, ...]
    reason: str | None

    def as_dict(self) -> dict:
        return {
            "span": [self.start, self.end],
            "text": self.text,
            "eids": list(self.eids),
            "reason": self.reason,
        }


def _lookup(doc: Document):
    articles: dict[int, Node] = {}
    for n in doc.nodes():
        if n.kind == "article" and n.number is not None:
            articles.setdefault(n.number, n)

    def lookup(art: int, para: int | None, item: int | None) -> str | None:
        node = articles.get(art)
        if node is None:
            return None
        if para is not None:
            paras = [c for c in node.children if c.kind == "paragraph"]
            if para == 1 and not paras:
                pass
            elif 0 < para <= len(paras):
                node = paras[para - 1]
            else:
                return None
        if item is not None:
            items = [c for c in node.children if c.kind == "item" and c.number == item]
            if not items and para is None:  # items under the article's only paragraph
                for p in node.children:
                    items += [c for c in p.children if c.kind == "item" and c.number == item]
            if not items:
                return None
            node = items[0]
        return node.eid

    return lookup


def node_xrefs(doc: Document, node: Node) -> list[Xref]:
    """Internal references in the node's own text; external ones (《…》) are kept unresolved."""
    if not node.text:
        return []
    out = []
    for res in resolve_all(node.text, node.eid, _lookup(doc)):
        ref = res.ref
        start, end = ref.span
        eids = res.eids if isinstance(ref, InternalRef) else ()
        out.append(Xref(start, end, ref.text, tuple(eids), res.reason))
    return out
