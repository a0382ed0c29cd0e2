"""Parsed documents kept in memory, dropped as soon as the store changes (one cheap query per use)."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from ..corpus.model import Document
from ..corpus.store import CorpusStore, documents


class CorpusCache:
    def __init__(self, store: CorpusStore, max_docs: int = 64):
        self.store = store
        self.max_docs = max_docs
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._list: list[dict] = []
        self._docs: dict[tuple[str, int | None], Document] = {}

    def stamp(self) -> tuple:
        with self.store.engine.connect() as conn:
            return tuple(conn.execute(select(func.max(documents.c.id), func.count())).one())

    def _fresh(self) -> None:
        stamp = self.stamp()
        if stamp != self._stamp:
            rows = self.store.list_documents()
            with self._lock:
                self._stamp, self._list, self._docs = stamp, rows, {}

    def documents(self) -> list[dict]:
        self._fresh()
        return self._list

    def row(self, doc_id: str) -> dict | None:
        return next((r for r in self.documents() if r["doc_id"] == doc_id), None)

    def resolve(self, ref: str) -> str:
        self._fresh()
        if any(r["doc_id"] == ref for r in self._list):
            return ref
        return self.store.resolve(ref)

    def document(self, doc_id: str, version: int | None = None) -> Document:
        self._fresh()
        key = (doc_id, version)
        doc = self._docs.get(key)
        if doc is None:
            doc = self.store.get_document(doc_id, version)
            with self._lock:
                if len(self._docs) >= self.max_docs:
                    self._docs.pop(next(iter(self._docs)))
                self._docs[key] = doc
        return doc
