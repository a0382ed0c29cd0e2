"""Keep the on-disk index in step with the corpus store (incrementally, no rebuild at start-up)."""

from __future__ import annotations

from pathlib import Path

from ..corpus.store import CorpusStore
from .index import SearchIndex


def open_index(store: CorpusStore, directory: Path) -> SearchIndex:
    """Load the index; build it from the store's current documents the first time."""
    try:
        index = SearchIndex.load(directory)
    except FileNotFoundError:
        index = SearchIndex.build(store.get_document(d["doc_id"]) for d in store.list_documents())
        index.save(directory)
        return index
    missing = {d["doc_id"] for d in store.list_documents()} - set(index.doc_ids())
    if missing:  # documents stored by an ingest that ran without updating this index
        index.add_documents(store.get_document(doc_id) for doc_id in sorted(missing))
        index.save(directory)
    return index


def update_index(store: CorpusStore, directory: Path, changed_doc_ids: list[str]) -> None:
    """After an ingest: re-index only the documents that are new or have a new version."""
    if not changed_doc_ids:
        return
    try:
        index = SearchIndex.load(directory)
    except FileNotFoundError:
        open_index(store, directory)
        return
    index.add_documents(store.get_document(doc_id) for doc_id in changed_doc_ids)
    index.save(directory)
