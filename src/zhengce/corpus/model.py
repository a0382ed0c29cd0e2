"""The corpus data model: documents and their node trees."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields


@dataclass
class Node:
    """One structural unit: chapter, article, paragraph, item, section …

    `num` is the printed number (`第二十二条`, `（六）`); `number` its integer value.
    `text` is the node's own text after the number, exactly as cleaned; children follow it.
    `pages` lists (offset_in_text, page) change points, so every character maps to a page.
    """

    kind: str
    eid: str = ""
    num: str = ""
    number: int | None = None
    heading: str = ""
    text: str = ""
    pages: list[tuple[int, int]] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    citation: str = ""
    attrs: dict = field(default_factory=dict)

    @property
    def page(self) -> int | None:
        return self.pages[0][1] if self.pages else None

    def walk(self) -> list[Node]:
        """Pre-order traversal (document reading order); iterative, trees can be deep and large."""
        out: list[Node] = []
        stack = [self]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out

    def full_text(self) -> str:
        """The node's text with all descendants, in reading order, numbers included."""
        return "".join([n.num + n.text for n in self.walk()])

    def find(self, eid: str) -> Node | None:
        return next((n for n in self.walk() if n.eid == eid), None)


@dataclass
class AttachmentRef:
    title: str
    url: str = ""
    stub: bool = False  # the body was not reproduced (`（略）`)


@dataclass
class Document:
    doc_id: str
    title: str
    kind: str
    body: Node
    short_title: str = ""
    doc_number: str = ""
    issuers: list[str] = field(default_factory=list)
    signed_date: str | None = None
    passed_date: str | None = None
    published_date: str | None = None
    effective_date: str | None = None
    effective_text: str = ""
    validity: str = ""
    expiry_date: str | None = None
    repeals: list[str] = field(default_factory=list)
    recipients: str = ""
    attachments: list[AttachmentRef] = field(default_factory=list)
    source: str = ""
    content_hash: str = ""
    page_start: int | None = None
    page_end: int | None = None
    warnings: list[str] = field(default_factory=list)

    def meta(self) -> dict:
        """Everything but the tree, as plain data (asdict would walk the whole body first)."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "body"}
        data["attachments"] = [asdict(a) for a in self.attachments]
        data["issuers"], data["repeals"], data["warnings"] = (
            list(self.issuers),
            list(self.repeals),
            list(self.warnings),
        )
        return data

    def nodes(self):
        return self.body.walk()

    def node(self, eid: str) -> Node | None:
        return self.body.find(eid)
