"""Shared fixtures: the bundled compilation, stores on SQLite and (when available) PostgreSQL."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMPILATION = ROOT / "data" / "policy-compilation-2021.txt"
PG_URL_VAR = "ZHENGCE_TEST_PG_URL"


@pytest.fixture(scope="session")
def compilation_path() -> Path:
    return COMPILATION


@pytest.fixture(scope="session")
def parsed():
    from zhengce.corpus.ingest import parse_path

    return parse_path(COMPILATION)


@pytest.fixture(scope="session")
def docs_by_id(parsed):
    return {d.doc_id: d for d in parsed.documents}


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'zhengce.db'}"


@pytest.fixture
def pg_url():
    """A throw-away schema in the PostgreSQL named by $ZHENGCE_TEST_PG_URL."""
    url = os.environ.get(PG_URL_VAR)
    if not url:
        pytest.skip(
            f"PostgreSQL tests need ${PG_URL_VAR} (set by .ci/run), e.g. postgresql://postgres@127.0.0.1:5432/test"
        )
    import sqlalchemy as sa

    from zhengce.db import database_url

    schema = f"zt_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(database_url(url))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in url else "?"
    yield f"{url}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()
