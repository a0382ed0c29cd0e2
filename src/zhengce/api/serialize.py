"""Corpus objects as API JSON."""

from __future__ import annotations

from ..corpus.model import Document, Node

DOC_FIELDS = (
    "doc_id",
    "kind",
    "title",
    "short_title",
    "doc_number",
    "signed_date",
    "effective_date",
    "expiry_date",
    "version",
)


def doc_summary(row: dict) -> dict:
    data = {k: row.get(k) for k in DOC_FIELDS}
    data["issuers"] = list(row["meta"].get("issuers", []))
    return data


def outline(node: Node, with_text: bool) -> dict:
    data = {
        "eid": node.eid,
        "kind": node.kind,
        "num": node.num,
        "number": node.number,
        "heading": node.heading,
        "citation": node.citation,
        "page": node.page,
    }
    if with_text:
        data["text"] = node.text
    data["children"] = [outline(c, with_text) for c in node.children]
    return data


def breadcrumbs(doc: Document, eid: str) -> list[dict]:
    """Ancestors of a node, outermost first (eIds nest by `__`)."""
    parts = eid.split("__")
    out = []
    for i in range(1, len(parts)):
        anc = doc.node("__".join(parts[:i]))
        if anc is not None:
            out.append({"eid": anc.eid, "kind": anc.kind, "num": anc.num, "heading": anc.heading})
    return out
