"""Everything a request needs, built once per app: stores, caches, and the optional subsystems.

Subsystems built by other parts of zhengce (search index, provisions store, groundwater
queries) are looked up at start-up; a missing one leaves its endpoints answering 503 and its
pages showing a placeholder, never a crash.
"""

from __future__ import annotations

import importlib
import logging
import threading
from pathlib import Path
from typing import Any

from ..corpus.store import CorpusStore
from ..db import database_url, make_engine
from .auth.store import AccountStore
from .corpus_cache import CorpusCache

log = logging.getLogger("zhengce.api")


def optional_module(name: str) -> Any | None:
    """The module if that part of zhengce is installed; None while it is still being built."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and name.startswith(exc.name):
            return None
        raise


class Services:
    def __init__(self, db_url: str | None, *, index_dir: str | Path | None = None, secure_cookies=False):
        self.db_url = database_url(db_url)
        self.engine = make_engine(self.db_url)
        self.corpus_store = CorpusStore(self.engine)
        self.corpus = CorpusCache(self.corpus_store)
        self.accounts = AccountStore(self.engine)
        self.secure_cookies = secure_cookies
        self._index_dir = Path(index_dir) if index_dir else None
        self._index = None
        self._index_mtime: float | None = None
        self._index_lock = threading.Lock()
        self.provisions = self._provisions()
        self.groundwater = self._groundwater()

    # -- search ------------------------------------------------------------------------------
    def index_dir(self) -> Path:
        if self._index_dir is None:
            from ..search.location import index_dir

            self._index_dir = index_dir(self.db_url)
        return self._index_dir

    def search_index(self):
        """The search index, built on first use, reloaded when an ingest rewrote its manifest."""
        from ..search.maintain import open_index

        manifest = self.index_dir() / "manifest.json"
        mtime = manifest.stat().st_mtime if manifest.exists() else None
        with self._index_lock:
            if self._index is None or mtime != self._index_mtime:
                self._index = open_index(self.corpus_store, self.index_dir())
                self._index_mtime = manifest.stat().st_mtime if manifest.exists() else None
            return self._index

    # -- optional subsystems -----------------------------------------------------------------
    def _provisions(self):
        module = optional_module("zhengce.provisions.store")
        if module is None or not hasattr(module, "ProvisionStore"):
            return None
        try:
            store = module.ProvisionStore(self.engine)
            if store.missing():  # documents ingested without their provisions: compute them once
                store.refresh()
            return store
        except Exception:  # a half-built store must not take the whole service down
            log.exception("provisions store unavailable")
            return None

    def _groundwater(self):
        from .gw_port import load_backend

        return load_backend(self.engine)
