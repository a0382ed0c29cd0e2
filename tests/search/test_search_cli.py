"""`zhengce search` over a real ingest: the index sits beside the store and follows ingests."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from zhengce.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from tests.conftest import COMPILATION

    path = tmp_path_factory.mktemp("search") / "z.db"
    assert runner.invoke(app, ["ingest", str(COMPILATION), "--db", str(path)]).exit_code == 0
    return path


def _search(db, *args):
    result = runner.invoke(app, ["search", *args, "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_index_written_beside_the_store(db):
    assert (db.parent / (db.name + ".search") / "manifest.json").exists()


@pytest.mark.parametrize(
    "query", ["地下水管理条例 22", "《地下水管理条例》第二十二条", "地下水管理条例第22条"]
)
def test_article_reference_ranks_first(db, query):
    hits = _search(db, *query.split(" "))
    assert (hits[0]["doc_id"], hits[0]["eid"]) == ("国务院令-748", "chp_3__art_22")


def test_doc_number_finds_document(db):
    hits = _search(db, "国办发〔2021〕40号")
    assert hits[0]["doc_id"] == "国办发-2021-40" and hits[0]["eid"] == ""


def test_short_queries_and_filters(db):
    assert _search(db, "井")
    hits = _search(db, "水表", "--doc", "地下水管理条例")
    assert hits and {h["doc_id"] for h in hits} == {"国务院令-748"}
    assert _search(db, "罚款", "--in-force-on", "2021-11-30", "--doc", "国务院令-748") == []
    assert _search(db, "罚款", "--in-force-on", "2021-12-01", "--doc", "国务院令-748")


def test_batch_mode(db, tmp_path):
    queries = tmp_path / "q.txt"
    queries.write_text("没装水表罚多少\n\n地下水管理条例 56\n", encoding="utf-8")
    result = runner.invoke(app, ["search", "--queries", str(queries), "--db", str(db), "--json"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["query"] for r in rows] == ["没装水表罚多少", "地下水管理条例 56"]
    assert rows[1]["hits"][0]["eid"] == "chp_7__art_56"


@pytest.mark.parametrize("hostile", ["x" * 10_000, "\x00\x01\x02", '" OR 1=1 --', "\ud800"])
def test_hostile_queries_never_trace(db, hostile):
    result = runner.invoke(app, ["search", hostile, "--db", str(db), "--json"])
    assert result.exit_code in (0, 2)
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert isinstance(json.loads(result.stdout), list)


def test_new_version_reindexed(tmp_path):
    from tests.corpus.samples import NOTICE

    path = tmp_path / "z.db"
    src = tmp_path / "n.txt"
    src.write_text(NOTICE, encoding="utf-8")
    runner.invoke(app, ["ingest", str(src), "--db", str(path)])
    assert not _search(tmp_path / "z.db", "遥测终端")
    src.write_text(
        NOTICE.replace("取水单位应当安装计量设施。", "取水单位应当安装遥测终端。"), encoding="utf-8"
    )
    runner.invoke(app, ["ingest", str(src), "--db", str(path)])
    hits = _search(path, "遥测终端")
    assert hits and hits[0]["eid"] == "att_1__art_2"
