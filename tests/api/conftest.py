"""API fixtures: the bundled compilation ingested and indexed once, copied per test for isolation."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

PASSWORD = "correct-horse-battery"
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    # Starlette's TestClient nags about httpx2; the client works and the nag is not ours to fix.
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.filterwarnings("ignore:.*httpx2.*"))


def _support():
    spec = importlib.util.spec_from_file_location("zhengce_test_api_support", HERE / "support.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


support = _support()


@pytest.fixture(scope="session")
def support_module():
    return support


@pytest.fixture(scope="session")
def corpus_template(tmp_path_factory, parsed):
    """Corpus, search index, two demo counties and their findings, built once."""
    return support.build_template(tmp_path_factory.mktemp("api-template"), parsed)


@pytest.fixture
def db_path(tmp_path, corpus_template):
    """A private copy of the template store for each test."""
    return support.copy_db(corpus_template[0], tmp_path / "api.db")


@pytest.fixture
def app(db_path, corpus_template):
    from zhengce.api import create_app

    return create_app(str(db_path), index_dir=corpus_template[1])


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


@pytest.fixture
def accounts(app):
    return app.state.services.accounts


@pytest.fixture
def make_user(accounts):
    def make(
        name: str, role: str, region: str | None = None, owner: str | None = None, display_name: str = ""
    ):
        accounts.add_user(name, PASSWORD, role, region=region, owner_ref=owner, display_name=display_name)
        return name

    return make


CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    m = CSRF_INPUT.search(html)
    assert m, "page has no CSRF field"
    return m.group(1)


@pytest.fixture
def login():
    """Log a TestClient in through the real form (CSRF token included); returns the session CSRF token."""

    def do(client, name: str, password: str = PASSWORD):
        token = csrf_from(client.get("/login").text)
        r = client.post(
            "/login", data={"name": name, "password": password, "csrf_token": token}, follow_redirects=False
        )
        assert r.status_code == 303, r.text[:300]
        return csrf_from(client.get("/account").text)

    return do


def assert_error(response, status: int, code: str | None = None) -> dict:
    """Every 4xx has the same body: {"error": {"code", "message"}}."""
    assert response.status_code == status, response.text[:300]
    body = response.json()
    assert set(body) == {"error"}
    assert isinstance(body["error"]["code"], str) and body["error"]["code"]
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


@pytest.fixture
def api_error():
    return assert_error
