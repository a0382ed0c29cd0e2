"""Store on SQLite (always) and PostgreSQL (when $ZHENGCE_TEST_PG_URL is set): same code path."""

from __future__ import annotations

import pytest

from zhengce.corpus.ingest import parse_bytes
from zhengce.corpus.store import CorpusStore
from zhengce.db import make_engine
from zhengce.errors import NotFound, UserError

from .samples import NOTICE, REGULATION


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'z.db'}"
    else:
        url = request.getfixturevalue("pg_url")
    engine = make_engine(url)
    yield CorpusStore(engine)
    engine.dispose()


def test_round_trip_of_the_whole_compilation(store, parsed):
    outcomes = store.ingest(parsed.documents)
    assert [o.status for o in outcomes] == ["new"] * 21
    gw = store.get_document("国务院令-748")
    original = parsed.documents[0]
    assert gw.body.full_text() == original.body.full_text()
    assert [n.eid for n in gw.nodes()] == [n.eid for n in original.nodes()]
    assert gw.node("chp_3__art_22__para_2").citation == "《地下水管理条例》第二十二条第二款"
    assert gw.effective_date == "2021-12-01" and gw.doc_number == "国务院令第748号"
    assert store.count_nodes() == sum(sum(1 for _ in d.nodes()) - 1 for d in parsed.documents)


def test_reingest_is_a_no_op(store, parsed):
    store.ingest(parsed.documents)
    nodes = store.count_nodes()
    outcomes = store.ingest(parsed.documents)
    assert {o.status for o in outcomes} == {"unchanged"}
    assert store.count_nodes() == nodes


def test_changed_document_becomes_a_new_version(store):
    store.ingest(parse_bytes(NOTICE.encode()).documents)
    changed = NOTICE.replace("取水单位应当安装计量设施。", "取水单位应当安装在线计量设施。")
    (outcome,) = store.ingest(parse_bytes(changed.encode()).documents)
    assert (outcome.status, outcome.version) == ("new_version", 2)
    assert "在线计量" in store.get_document("示水发-2022-7").node("att_1__art_2").text
    old = store.get_document("示水发-2022-7", version=1)
    assert "在线计量" not in old.node("att_1__art_2").text
    assert [v["version"] for v in store.versions("示水发-2022-7")] == [1, 2]
    assert len(store.list_documents()) == 1


def test_resolve_by_title_short_title_number_and_id(store, parsed):
    store.ingest(parsed.documents)
    for ref in ("地下水管理条例", "《地下水管理条例》", "国务院令第748号", "国务院令-748"):
        assert store.resolve(ref) == "国务院令-748"
    assert store.resolve("国办发[2021]40号") == "国办发-2021-40"
    assert store.resolve("国家科技成果转化引导基金管理暂行办法") == "财教-2021-176"
    with pytest.raises(UserError, match="多个"):
        store.resolve("十四五")
    with pytest.raises(NotFound):
        store.resolve("不存在的文件")


def test_two_files_one_transaction(store):
    docs = parse_bytes((NOTICE + REGULATION).encode()).documents
    store.ingest(docs)
    assert {d["doc_id"] for d in store.list_documents()} == {"示水发-2022-7", "示例水资源保护条例"}
