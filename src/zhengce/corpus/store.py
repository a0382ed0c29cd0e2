"""Corpus store: documents and nodes in SQLite or PostgreSQL through SQLAlchemy Core.

Versioning: a document is keyed by its stable `doc_id`; re-ingesting identical content
(same hash) changes nothing; changed content becomes version n+1 and the old version stays
queryable. One ingest is one transaction: a failure leaves the store as it was.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine

from ..errors import NotFound, UserError
from .ids import normalise_doc_number
from .model import AttachmentRef, Document, Node

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(200), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("is_current", Boolean, nullable=False, default=True),
    Column("title", Text, nullable=False),
    Column("short_title", Text, nullable=False),
    Column("doc_number", String(100), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("signed_date", String(10)),
    Column("effective_date", String(10)),
    Column("expiry_date", String(10)),
    Column("content_hash", String(64), nullable=False),
    Column("ingested_at", String(32), nullable=False),
    Column("meta", JSON, nullable=False),
    UniqueConstraint("doc_id", "version"),
)

nodes = Table(
    "nodes",
    metadata,
    Column("doc_pk", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("eid", String(300), primary_key=True),
    Column("parent_eid", String(300), nullable=False),
    Column("ord", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("num", String(40), nullable=False),
    Column("number", Integer),
    Column("heading", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("citation", Text, nullable=False),
    Column("page", Integer),
    Column("pages", JSON, nullable=False),
    Column("attrs", JSON, nullable=False),
)


@dataclass
class IngestOutcome:
    doc_id: str
    title: str
    status: str  # new | unchanged | new_version
    version: int


class CorpusStore:
    def __init__(self, engine: Engine):
        self.engine = engine
        metadata.create_all(engine)

    # ------------------------------------------------------------ writing
    def ingest(self, docs: list[Document]) -> list[IngestOutcome]:
        """Store documents in one transaction; identical re-ingest is a no-op."""
        outcomes = []
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.engine.begin() as conn:
            for doc in docs:
                row = conn.execute(
                    select(documents.c.id, documents.c.version, documents.c.content_hash)
                    .where(documents.c.doc_id == doc.doc_id)
                    .order_by(documents.c.version.desc())
                    .limit(1)
                ).first()
                if row is not None and row.content_hash == doc.content_hash:
                    outcomes.append(IngestOutcome(doc.doc_id, doc.title, "unchanged", row.version))
                    continue
                version = 1 if row is None else row.version + 1
                if row is not None:
                    conn.execute(
                        update(documents).where(documents.c.doc_id == doc.doc_id).values(is_current=False)
                    )
                pk = conn.execute(
                    insert(documents).values(
                        doc_id=doc.doc_id,
                        version=version,
                        is_current=True,
                        title=doc.title,
                        short_title=doc.short_title,
                        doc_number=doc.doc_number,
                        kind=doc.kind,
                        signed_date=doc.signed_date,
                        effective_date=doc.effective_date,
                        expiry_date=doc.expiry_date,
                        content_hash=doc.content_hash,
                        ingested_at=now,
                        meta=doc.meta(),
                    )
                ).inserted_primary_key[0]
                conn.execute(insert(nodes), list(_node_rows(pk, doc.body)))
                outcomes.append(
                    IngestOutcome(doc.doc_id, doc.title, "new" if row is None else "new_version", version)
                )
        return outcomes

    # ------------------------------------------------------------ reading
    def list_documents(self) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(documents).where(documents.c.is_current.is_(True)).order_by(documents.c.id)
            )
            return [dict(r._mapping) for r in rows]

    def versions(self, doc_id: str) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    documents.c.version,
                    documents.c.ingested_at,
                    documents.c.content_hash,
                    documents.c.is_current,
                )
                .where(documents.c.doc_id == doc_id)
                .order_by(documents.c.version)
            )
            return [dict(r._mapping) for r in rows]

    def resolve(self, ref: str) -> str:
        """DOC given as id, title, short title, 文号 or a unique part of a title -> doc_id."""
        ref = unicodedata.normalize("NFKC", ref).strip().strip("《》")
        if not ref:
            raise UserError("请给出文件：标题、简称、文号或编号 (empty document reference)")
        docs = self.list_documents()
        number = normalise_doc_number(ref)
        for key in ("doc_id", "title", "short_title"):
            for d in docs:
                if unicodedata.normalize("NFKC", d[key]) == ref:
                    return d["doc_id"]
        for d in docs:
            if d["doc_number"] and d["doc_number"] == number:
                return d["doc_id"]
        matches = [
            d
            for d in docs
            if ref in unicodedata.normalize("NFKC", d["title"])
            or ref in unicodedata.normalize("NFKC", d["short_title"])
        ]
        if len(matches) == 1:
            return matches[0]["doc_id"]
        if len(matches) > 1:
            names = "、".join(d["short_title"] for d in matches[:5])
            raise UserError(f"“{ref}”对应多个文件：{names} (ambiguous document reference)")
        raise NotFound(f"未找到文件“{ref}” (no such document)")

    def get_document(self, doc_id: str, version: int | None = None) -> Document:
        with self.engine.connect() as conn:
            cond = documents.c.doc_id == doc_id
            cond = (
                and_(cond, documents.c.version == version)
                if version
                else and_(cond, documents.c.is_current.is_(True))
            )
            row = conn.execute(select(documents).where(cond)).first()
            if row is None:
                raise NotFound(
                    f"未找到文件 {doc_id}" + (f" 第{version}版" if version else "") + " (no such document)"
                )
            node_rows = conn.execute(
                select(nodes).where(nodes.c.doc_pk == row.id).order_by(nodes.c.ord)
            ).all()
        return _document_from(row._mapping, node_rows)

    def count_nodes(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(nodes)).scalar_one()


def _node_rows(pk: int, body: Node):
    order = 0
    stack = [(child, "") for child in reversed(body.children)]
    while stack:
        node, parent = stack.pop()
        order += 1
        yield {
            "doc_pk": pk,
            "eid": node.eid,
            "parent_eid": parent,
            "ord": order,
            "kind": node.kind,
            "num": node.num,
            "number": node.number,
            "heading": node.heading,
            "text": node.text,
            "citation": node.citation,
            "page": node.page,
            "pages": [list(p) for p in node.pages],
            "attrs": node.attrs,
        }
        stack.extend((child, node.eid) for child in reversed(node.children))


def _document_from(row, node_rows) -> Document:
    meta = dict(row["meta"])
    body = Node(kind="document")
    by_eid: dict[str, Node] = {"": body}
    for r in node_rows:
        node = Node(
            kind=r.kind,
            eid=r.eid,
            num=r.num,
            number=r.number,
            heading=r.heading,
            text=r.text,
            pages=[tuple(p) for p in r.pages],
            citation=r.citation,
            attrs=dict(r.attrs or {}),
        )
        by_eid[r.eid] = node
        by_eid[r.parent_eid].children.append(node)
    meta["attachments"] = [AttachmentRef(**a) for a in meta.get("attachments", [])]
    meta.pop("body", None)
    doc = Document(body=body, **meta)
    doc.body.attrs["version"] = row["version"]
    return doc
