"""The provisions tables on SQLite (always) and PostgreSQL (when $ZHENGCE_TEST_PG_URL is set)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from zhengce.corpus.ingest import parse_bytes
from zhengce.corpus.store import CorpusStore
from zhengce.db import make_engine
from zhengce.errors import NotFound, UserError
from zhengce.provisions.extract import extract_document
from zhengce.provisions.store import ProvisionStore, provision_anomalies, provision_runs, provisions

# Written for these tests in the style of the compilation, with two wrongly written fines.
SAMPLE = """示例地下水保护办法
（2022年3月1日示例市人民政府第5次常务会议通过）
第一条 为了保护地下水，制定本办法。
第二条 取水单位应当安装计量设施。
违反前款规定的，由县级以上地方人民政府水行政主管部门责令限期改正，处10万元以上5万元以下罚款。
第三条 未按规定报送取水量的，处10以上50以下罚款。
第四条 违反本办法第二条、第九条规定的，依照《中华人民共和国水法》处罚。
第五条 本办法自2022年5月1日起施行。
"""
SAMPLE_ID = "示例地下水保护办法"


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'p.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine) -> ProvisionStore:
    CorpusStore(engine).ingest(parse_bytes(SAMPLE.encode()).documents)
    return ProvisionStore(engine)


def count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_refresh_stores_one_row_per_node_per_kind(store, engine) -> None:
    (outcome,) = store.refresh()
    doc = parse_bytes(SAMPLE.encode()).documents[0]
    expected = extract_document(doc)
    assert (outcome.doc_id, outcome.status, outcome.rows) == (SAMPLE_ID, "computed", len(expected))
    got = [(r["eid"], r["kind"]) for r in store.query()]
    assert sorted(got) == sorted((p.eid, p.kind) for p in expected)
    fine = store.query(kind="penalty", doc_id=SAMPLE_ID)[0]
    assert fine["citation"] == "《示例地下水保护办法》第二条第二款"
    assert fine["actors"] == [{"name": "县级以上地方人民政府水行政主管部门", "level": "县级以上"}]


def test_refresh_is_idempotent(store, engine) -> None:
    store.refresh()
    first = store.query()
    rows, anomalies = count(engine, provisions), count(engine, provision_anomalies)
    assert [o.status for o in store.refresh()] == ["unchanged"]
    assert [o.status for o in store.refresh(force=True)] == ["computed"]
    assert store.query() == first
    assert (count(engine, provisions), count(engine, provision_anomalies)) == (rows, anomalies)


def test_wrongly_written_fines_are_stored_as_anomalies(store) -> None:
    store.refresh()
    got = {(a["eid"], a["code"]) for a in store.anomalies(SAMPLE_ID)}
    assert got == {("art_2__para_2", "reversed_range"), ("art_3", "missing_unit")}
    (row,) = store.query(kind="penalty", doc_id=SAMPLE_ID, actor="水行政")
    (q,) = [q for q in row["quantities"] if q["kind"] == "money"]
    assert (q["min"], q["max"], q["problem"]) == (100_000, 50_000, "reversed_range")  # kept as written
    assert row["anomalies"][0]["message"].startswith("下限大于上限")


def test_references_are_kept_resolved_or_with_a_reason(store) -> None:
    store.refresh()
    refs = {r["text"]: r for r in store.references(SAMPLE_ID)}
    assert refs["前款"]["target_eids"] == ["art_2__para_1"] and refs["前款"]["reason"] is None
    assert refs["本办法第二条"]["target_eids"] == ["art_2"]
    assert refs["第九条"]["target_eids"] == []
    assert refs["第九条"]["reason"] == "本文件中没有该条款：art 9"  # the sample has five articles
    assert refs["《中华人民共和国水法》"]["reason"] == "库中没有该文件"


def test_query_filters(store) -> None:
    store.refresh()
    kinds = {r["kind"] for r in store.query(doc_id=SAMPLE_ID)}
    assert {"obligation", "penalty", "effect"} <= kinds
    assert {r["kind"] for r in store.query(kind="罚则")} == {"penalty"}
    assert store.query(actor="不存在的单位") == []
    assert len(store.query(limit=2)) == 2
    with pytest.raises(UserError):
        store.query(kind="bogus")


def test_unknown_document_writes_nothing(store, engine) -> None:
    with pytest.raises(NotFound):
        store.refresh([SAMPLE_ID, "没有这个文件"])
    assert count(engine, provisions) == count(engine, provision_runs) == 0


def test_new_version_gets_its_own_rows_and_old_ones_stay(store, engine) -> None:
    store.refresh()
    before = count(engine, provisions)
    changed = SAMPLE.replace("取水单位应当安装计量设施。", "取水单位不得擅自拆除计量设施。")
    (outcome,) = CorpusStore(engine).ingest(parse_bytes(changed.encode()).documents)
    assert outcome.status == "new_version"
    assert store.missing() == [SAMPLE_ID]
    (refreshed,) = store.refresh()
    assert (refreshed.version, refreshed.status) == (2, "computed")
    current = store.query(doc_id=SAMPLE_ID)
    assert {r["version"] for r in current} == {2}
    assert "prohibition" in {r["kind"] for r in current}
    assert count(engine, provisions) > before  # version 1's rows are still there


def test_whole_compilation(engine, parsed) -> None:
    CorpusStore(engine).ingest(parsed.documents)
    store = ProvisionStore(engine)
    outcomes = store.refresh()
    assert len(outcomes) == 21 and {o.status for o in outcomes} == {"computed"}
    assert store.missing() == []
    tasks = store.query(kind="task", doc_id="发改环资-2021-1516")
    assert len(tasks) == 33
    water = store.query(kind="task", actor="水利部")
    assert all("水利部" in r["tasks"][0]["lead"] + r["tasks"][0]["participants"] for r in water)
    # a cover letter's 《title》 points at its attachment
    (ref,) = [r for r in store.references("工信部规-2021-178") if r["eid"] == "para_1"]
    assert (ref["target_doc_id"], ref["target_eids"]) == (None, ["att_1"])
    assert store.anomalies() == []
