"""Fixtures for the telemetry receiving end: a store engine on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from zhengce.db import make_engine


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    """An empty database on each backend (PostgreSQL skips without $ZHENGCE_TEST_PG_URL)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'telemetry.db'}"
    else:
        url = request.getfixturevalue("pg_url")
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'telemetry.db'}")
    yield engine
    engine.dispose()
