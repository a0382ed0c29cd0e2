"""Flatten documents into search records: one per citable node, plus one per document."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..corpus.model import Document, Node

# Granularity levels; the ranker boosts "unit" records (the article / numbered point that answers).
LEVEL_DOCUMENT = 0
LEVEL_CONTAINER = 1
LEVEL_UNIT = 2
LEVEL_PART = 3
LEVEL_SUBPART = 4

KIND_LEVEL = {
    "chapter": LEVEL_CONTAINER,
    "section": LEVEL_CONTAINER,
    "book": LEVEL_CONTAINER,
    "sec": LEVEL_CONTAINER,
    "attachment": LEVEL_CONTAINER,
    "article": LEVEL_UNIT,
    "subsec": LEVEL_UNIT,
    "paragraph": LEVEL_PART,
    "item": LEVEL_PART,
    "para": LEVEL_PART,
    "box": LEVEL_PART,
    "table": LEVEL_PART,
    "point": LEVEL_SUBPART,
}
# Containers are indexed by their heading and own text only, so a chapter never outranks its articles.
CONTAINERS = {k for k, v in KIND_LEVEL.items() if v == LEVEL_CONTAINER}
# Units that own a dedup group: their descendants share one slot in the results.
GROUP_KINDS = {"article", "subsec"}


@dataclass
class SearchRecord:
    doc_id: str
    eid: str
    kind: str
    citation: str
    text: str
    heading: str = ""
    level: int = LEVEL_PART
    page: int | None = None
    doc_title: str = ""
    short_title: str = ""
    doc_number: str = ""
    doc_kind: str = ""
    issuers: list[str] = field(default_factory=list)
    signed_date: str | None = None
    effective_date: str | None = None
    expiry_date: str | None = None
    group: str = ""  # eid of the article/subsec this record belongs to (dedup key within the doc)
    # The texts `text` was joined from (a subtree); lets the indexer segment each once. Not persisted.
    parts: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def index_text(self) -> str:
        """What gets tokenised: the heading (unless the text already starts with it) and the text."""
        if self.heading and not self.text.startswith(self.heading):
            return f"{self.heading} {self.text}"
        return self.text


def _doc_fields(doc: Document) -> dict:
    return {
        "doc_title": doc.title,
        "short_title": doc.short_title,
        "doc_number": doc.doc_number,
        "doc_kind": doc.kind,
        "issuers": list(doc.issuers),
        "signed_date": doc.signed_date,
        "effective_date": doc.effective_date,
        "expiry_date": doc.expiry_date,
    }


def _subtree_parts(node: Node) -> tuple[str, ...]:
    return tuple(n.text for n in node.walk() if n.text)


def records_from_documents(docs: Iterable[Document]) -> list[SearchRecord]:
    """A document record (eid "") plus records for articles/points and their parts, in reading order."""
    out: list[SearchRecord] = []
    for doc in docs:
        meta = _doc_fields(doc)
        title_text = " ".join(dict.fromkeys(t for t in (doc.title, doc.short_title, doc.doc_number) if t))
        out.append(
            SearchRecord(
                doc.doc_id,
                "",
                "document",
                f"《{doc.short_title or doc.title}》",
                title_text,
                heading=doc.title,
                level=LEVEL_DOCUMENT,
                page=doc.page_start,
                **meta,
            )
        )
        _walk(doc.body, "", meta, doc.doc_id, out)
    return out


def _walk(node: Node, group: str, meta: dict, doc_id: str, out: list[SearchRecord]) -> None:
    for child in node.children:
        level = KIND_LEVEL.get(child.kind)
        child_group = group or (child.eid if child.kind in GROUP_KINDS else "")
        if level is not None and child.eid:
            parts = (child.text,) if child.kind in CONTAINERS else _subtree_parts(child)
            text = "".join(parts)
            if text or child.heading:
                out.append(
                    SearchRecord(
                        doc_id,
                        child.eid,
                        child.kind,
                        child.citation,
                        text,
                        heading=child.heading,
                        level=level,
                        page=child.page,
                        group=child_group or child.eid,
                        parts=parts if len(parts) > 1 else (),
                        **meta,
                    )
                )
        _walk(child, child_group, meta, doc_id, out)
