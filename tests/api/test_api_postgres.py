"""The same service on PostgreSQL: accounts, tokens, corpus, search and the audit log."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.postgres


def test_service_on_postgresql(pg_url, parsed, tmp_path):
    from fastapi.testclient import TestClient

    from zhengce.api import create_app
    from zhengce.api.auth import audit
    from zhengce.corpus.store import CorpusStore
    from zhengce.db import make_engine

    engine = make_engine(pg_url)
    CorpusStore(engine).ingest(parsed.documents)
    engine.dispose()
    app = create_app(pg_url, index_dir=tmp_path / "index")
    accounts = app.state.services.accounts
    accounts.add_user("pg-county", "correct-horse-battery", "county", region="370102")
    tid, token = accounts.create_token("pg-county", "pg")
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(app) as client:
        assert client.get("/api/v1/me", headers=headers).json()["scope"]["region_prefix"] == "370102"
        docs = client.get("/api/v1/documents", params={"limit": 5}).json()
        assert len(docs["items"]) == 5 and docs["next_cursor"]
        node = client.get("/api/v1/documents/国务院令-748/nodes/56").json()
        assert node["citation"] == "《地下水管理条例》第五十六条"
        hits = client.get("/api/v1/search", params={"q": "没装水表罚多少"}).json()["items"]
        assert any(h["citation"].startswith("《地下水管理条例》第五十六条") for h in hits)
        accounts.revoke_token(tid)
        assert client.get("/api/v1/me", headers=headers).status_code == 401
    actions = [e["action"] for e in audit.entries(accounts.engine)]
    assert {"user.add", "token.create", "token.revoke"} <= set(actions)
