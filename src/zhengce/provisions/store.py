"""The provisions tables, stored beside the corpus (same database, own MetaData).

- `provisions`: one row per node per kind, keyed by (document row, eid, kind), with the node's
  actors, quantities, deadline, references, targets, tasks and anomalies as JSON and the units
  it names flattened into `actor_text` for search;
- `provision_refs`: every cross-reference of every node, resolved or with the reason it is not;
- `provision_anomalies`: every wrongly written quantity, including in nodes of no kind;
- `provision_runs`: which document versions were computed, by which extractor.

Rows hang off the corpus `documents` row (a version), so an old version keeps its provisions and
deleting a document deletes them. `refresh` recomputes current versions whose run is missing or
was made by another extractor, all in one transaction: it is idempotent and never half-written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    delete,
    insert,
    select,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from ..corpus.model import Document
from ..corpus.store import CorpusStore, documents, nodes
from ..errors import NotFound, UserError
from .extract import ROW_KINDS, analyse_document
from .resolve import TitleIndex
from .rows import LABEL_KINDS, actor_text, anomaly_dict, facts_payload, link_dict

metadata = MetaData()


def _doc_fk() -> Column:
    return Column(
        "doc_pk", Integer, ForeignKey(documents.c.id, ondelete="CASCADE"), nullable=False, index=True
    )


provisions = Table(
    "provisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    Column("doc_id", String(200), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("ord", Integer, nullable=False),  # reading order of the node in its document
    Column("eid", String(300), nullable=False),
    Column("kind", String(20), nullable=False, index=True),
    Column("citation", Text, nullable=False),
    Column("page", Integer),
    Column("text", Text, nullable=False),
    Column("actor_text", Text, nullable=False),
    Column("actors", JSON, nullable=False),
    Column("quantities", JSON, nullable=False),
    Column("deadline", JSON),
    Column("refs", JSON, nullable=False),
    Column("targets", JSON, nullable=False),
    Column("tasks", JSON, nullable=False),
    Column("anomalies", JSON, nullable=False),
    Column("fines", JSON, nullable=False),
    UniqueConstraint("doc_pk", "eid", "kind"),
)

provision_refs = Table(
    "provision_refs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    Column("eid", String(300), nullable=False),
    Column("ord", Integer, nullable=False),
    Column("type", String(10), nullable=False),  # internal | external
    Column("text", Text, nullable=False),
    Column("target_doc_id", String(200)),  # None: the citing document
    Column("target_eids", JSON, nullable=False),
    Column("title", Text),
    Column("doc_number", String(100)),
    Column("reason", Text),  # None when resolved
)

provision_anomalies = Table(
    "provision_anomalies",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    Column("doc_id", String(200), nullable=False),
    Column("eid", String(300), nullable=False),
    Column("citation", Text, nullable=False),
    Column("code", String(30), nullable=False),
    Column("message", Text, nullable=False),
    Column("text", Text, nullable=False),
)

provision_runs = Table(
    "provision_runs",
    metadata,
    Column("doc_pk", Integer, ForeignKey(documents.c.id, ondelete="CASCADE"), primary_key=True),
    Column("doc_id", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    Column("extractor", String(64), nullable=False),
    Column("computed_at", String(32), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("anomalies", Integer, nullable=False),
)


@cache
def extractor_version() -> str:
    """A digest of this package's source: changing the extractor makes stored rows stale."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class RefreshOutcome:
    doc_id: str
    version: int
    status: str  # computed | unchanged
    rows: int
    anomalies: int


def normalise_kind(kind: str) -> str:
    """`penalty` or its Chinese label `罚则` -> `penalty`; anything else is a user error."""
    k = kind.strip().lower()
    k = LABEL_KINDS.get(kind.strip(), k)
    if k not in ROW_KINDS:
        raise UserError(f"未知的条款类型“{kind}”，可用：{'、'.join(ROW_KINDS)} (unknown kind)")
    return k


class ProvisionStore:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.corpus = CorpusStore(engine)  # creates the documents table the rows hang off
        metadata.create_all(engine)

    # ------------------------------------------------------------ writing
    def refresh(self, doc_ids: Iterable[str] | None = None, force: bool = False) -> list[RefreshOutcome]:
        """(Re)compute provisions of the current versions of `doc_ids` (all when None).

        A version already computed by this extractor is left alone unless `force`. One
        transaction: an unknown doc_id or any failure leaves the tables as they were.
        """
        doc_ids = None if doc_ids is None else list(doc_ids)
        try:
            return self._refresh(doc_ids, force)
        except IntegrityError:
            # Another process (the API starting, a second CLI) wrote the same rows first;
            # ours rolled back whole, and a second pass sees theirs as up to date.
            return self._refresh(doc_ids, force)

    def _refresh(self, doc_ids: list[str] | None, force: bool) -> list[RefreshOutcome]:
        version = extractor_version()
        with self.engine.begin() as conn:
            current = {r.doc_id: r for r in conn.execute(
                select(documents.c.id, documents.c.doc_id, documents.c.version)
                .where(documents.c.is_current.is_(True)).order_by(documents.c.id)
            )}  # fmt: skip
            wanted = list(current) if doc_ids is None else list(dict.fromkeys(doc_ids))
            unknown = [d for d in wanted if d not in current]
            if unknown:
                raise NotFound(f"未找到文件 {'、'.join(unknown)} (no such document)")
            runs = {
                r.doc_pk: r.extractor
                for r in conn.execute(select(provision_runs.c.doc_pk, provision_runs.c.extractor))
            }
            todo = [d for d in wanted if force or runs.get(current[d].id) != version]
            outcomes = {d: RefreshOutcome(d, current[d].version, "unchanged", 0, 0) for d in wanted}
            if todo:
                loaded = self._load(conn, todo)
                titles = self._titles(conn)
                now = datetime.now(UTC).isoformat(timespec="seconds")
                for doc_id in todo:
                    row = current[doc_id]
                    rows, anomalies = self._write(conn, row.id, row.version, loaded[doc_id], titles)
                    conn.execute(delete(provision_runs).where(provision_runs.c.doc_pk == row.id))
                    conn.execute(insert(provision_runs).values(
                        doc_pk=row.id, doc_id=doc_id, version=row.version, extractor=version,
                        computed_at=now, rows=rows, anomalies=anomalies,
                    ))  # fmt: skip
                    outcomes[doc_id] = RefreshOutcome(doc_id, row.version, "computed", rows, anomalies)
        return [outcomes[d] for d in wanted]

    def _load(self, conn: Connection, doc_ids: list[str]) -> dict[str, Document]:
        return {d: self.corpus.get_document(d) for d in doc_ids}

    def _titles(self, conn: Connection) -> TitleIndex:
        """Titles of every current document and attachment, for 《title》 references."""
        docs = conn.execute(
            select(documents.c.id, documents.c.doc_id, documents.c.title, documents.c.short_title,
                   documents.c.doc_number).where(documents.c.is_current.is_(True))
        ).all()  # fmt: skip
        by_pk = {d.id: d for d in docs}
        entries = [(t, d.doc_id, "", d.doc_number) for d in docs for t in {d.title, d.short_title}]
        attachments = conn.execute(
            select(nodes.c.doc_pk, nodes.c.eid, nodes.c.heading).where(
                nodes.c.kind == "attachment", nodes.c.doc_pk.in_(list(by_pk))
            )
        )
        for a in attachments:
            if a.heading:
                d = by_pk[a.doc_pk]
                entries.append((a.heading, d.doc_id, a.eid, d.doc_number))
        return TitleIndex(entries)

    def _write(
        self, conn: Connection, doc_pk: int, version: int, doc: Document, titles: TitleIndex
    ) -> tuple[int, int]:
        for table in (provisions, provision_refs, provision_anomalies):
            conn.execute(delete(table).where(table.c.doc_pk == doc_pk))
        order = {n.eid: i for i, n in enumerate(doc.nodes())}
        rows, refs, anomalies = [], [], []
        for facts in analyse_document(doc, titles):
            payload = facts_payload(facts)
            ord_ = order.get(facts.eid, 0)
            base = {
                "doc_pk": doc_pk, "doc_id": facts.doc_id, "version": version, "ord": ord_,
                "eid": facts.eid, "citation": facts.citation, "page": facts.page, "text": facts.text,
                "actor_text": actor_text(payload), "actors": payload["actors"],
                "quantities": payload["quantities"], "deadline": payload["deadline"],
                "refs": payload["references"], "targets": payload["targets"], "tasks": payload["tasks"],
                "anomalies": payload["anomalies"], "fines": payload["fines"],
            }  # fmt: skip
            rows.extend(base | {"kind": kind} for kind in facts.kinds)
            for r in facts.references:
                d = link_dict(r)
                refs.append({
                    "doc_pk": doc_pk, "eid": facts.eid, "ord": ord_, "type": d["type"], "text": d["text"],
                    "target_doc_id": d["doc_id"], "target_eids": d["eids"], "title": d["title"],
                    "doc_number": d["doc_number"], "reason": d["reason"],
                })  # fmt: skip
            for a in facts.anomalies:
                d = anomaly_dict(a)
                anomalies.append({
                    "doc_pk": doc_pk, "doc_id": facts.doc_id, "eid": facts.eid, "citation": facts.citation,
                    "code": d["code"], "message": d["message"], "text": d["text"],
                })  # fmt: skip
        for table, values in ((provisions, rows), (provision_refs, refs), (provision_anomalies, anomalies)):
            if values:
                conn.execute(insert(table), values)
        return len(rows), len(anomalies)

    # ------------------------------------------------------------ reading
    def missing(self, doc_ids: Iterable[str] | None = None) -> list[str]:
        """Current documents whose provisions were never computed or are stale."""
        version = extractor_version()
        with self.engine.connect() as conn:
            q = (
                select(documents.c.doc_id, provision_runs.c.extractor)
                .select_from(documents.outerjoin(provision_runs, provision_runs.c.doc_pk == documents.c.id))
                .where(documents.c.is_current.is_(True))
            )
            rows = conn.execute(q).all()
        wanted = None if doc_ids is None else set(doc_ids)
        return [r.doc_id for r in rows if (wanted is None or r.doc_id in wanted) and r.extractor != version]

    def query(
        self,
        kind: str | None = None,
        doc_id: str | None = None,
        actor: str | None = None,
        limit: int | None = None,
    ) -> list[dict]:
        """Rows of current document versions, in document then reading order."""
        cond = [documents.c.is_current.is_(True)]
        if kind:
            cond.append(provisions.c.kind == normalise_kind(kind))
        if doc_id:
            cond.append(provisions.c.doc_id == doc_id)
        if actor:
            needle = actor.strip().replace("(", "（").replace(")", "）")
            escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            cond.append(provisions.c.actor_text.like(f"%{escaped}%", escape="\\"))
        q = (
            select(provisions)
            .join(documents, documents.c.id == provisions.c.doc_pk)
            .where(and_(*cond))
            .order_by(documents.c.id, provisions.c.ord, provisions.c.kind)
        )
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            out = []
            for r in conn.execute(q):
                d = dict(r._mapping)
                d.pop("doc_pk")
                d.pop("id")
                d.pop("actor_text")
                d["references"] = d.pop("refs")
                out.append(d)
            return out

    def anomalies(self, doc_id: str | None = None) -> list[dict]:
        cond = [documents.c.is_current.is_(True)]
        if doc_id:
            cond.append(provision_anomalies.c.doc_id == doc_id)
        q = (
            select(provision_anomalies.c.doc_id, provision_anomalies.c.eid, provision_anomalies.c.citation,
                   provision_anomalies.c.code, provision_anomalies.c.message, provision_anomalies.c.text)
            .join(documents, documents.c.id == provision_anomalies.c.doc_pk)
            .where(and_(*cond))
            .order_by(documents.c.id, provision_anomalies.c.id)
        )  # fmt: skip
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def references(self, doc_id: str, eid: str | None = None) -> list[dict]:
        """Cross-references made by a document (or one node of it), resolved or with a reason."""
        cond = [documents.c.is_current.is_(True), documents.c.doc_id == doc_id]
        if eid:
            cond.append(provision_refs.c.eid == eid)
        q = (
            select(provision_refs)
            .join(documents, documents.c.id == provision_refs.c.doc_pk)
            .where(and_(*cond))
            .order_by(provision_refs.c.ord, provision_refs.c.id)
        )
        with self.engine.connect() as conn:
            out = []
            for r in conn.execute(q):
                d = dict(r._mapping)
                d.pop("doc_pk")
                d.pop("id")
                out.append(d)
            return out
