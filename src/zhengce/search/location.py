"""Where the search index lives: beside the store.

SQLite `x.db` → directory `x.db.search/`; any other database → `$ZHENGCE_INDEX`, else
`~/.cache/zhengce/search/<hash of the URL>/`. `--index DIR` overrides both.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..db import database_url


def index_dir(db: str | None = None, override: str | None = None) -> Path:
    if override:
        return Path(override)
    url = database_url(db)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return Path(url[len("sqlite:///") :] + ".search")
    if os.environ.get("ZHENGCE_INDEX"):
        return Path(os.environ["ZHENGCE_INDEX"])
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    return Path.home() / ".cache" / "zhengce" / "search" / digest
