"""Exports (JSON, Markdown, Akoma Ntoso) and the CLI commands."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from zhengce.cli import app
from zhengce.corpus.export import AKN_NS, to_akn, to_json, to_markdown

runner = CliRunner()
NS = {"akn": AKN_NS}


def test_json_export_has_tree_ids_citations_pages(docs_by_id):
    data = json.loads(to_json(docs_by_id["国务院令-748"]))
    assert data["doc_number"] == "国务院令第748号"
    chapter3 = next(n for n in data["nodes"] if n["eid"] == "chp_3")
    art22 = next(n for n in chapter3["children"] if n["eid"] == "chp_3__art_22")
    assert [p["citation"] for p in art22["children"]][1] == "《地下水管理条例》第二十二条第二款"
    assert art22["page"] >= 1


def test_akoma_ntoso_is_well_formed(docs_by_id):
    xml = to_akn(docs_by_id["国务院令-748"])
    root = ET.fromstring(xml)
    art = root.find(".//akn:article[@eId='chp_3__art_25']", NS)
    assert art is not None
    points = art.findall("akn:point", NS)
    assert len(points) == 6 and points[5].get("eId") == "chp_3__art_25__item_6"
    art22 = root.find(".//akn:article[@eId='chp_3__art_22']", NS)
    assert len(art22.findall("akn:paragraph", NS)) == 3
    assert root.find(".//akn:FRBRnumber", NS).get("value") == "国务院令第748号"


@pytest.mark.parametrize("doc_id", ["工信部规-2021-178", "财教-2021-176", "自然资规-2021-2"])
def test_all_kinds_export_to_well_formed_xml(docs_by_id, doc_id):
    ET.fromstring(to_akn(docs_by_id[doc_id]))


def test_markdown(docs_by_id):
    md = to_markdown(docs_by_id["国务院令-748"])
    assert md.startswith("# 地下水管理条例\n")
    assert "**第二十二条**\n\n新建、改建、扩建地下水取水工程" in md and "## 第三章 节约与保护" in md
    assert "**第二十五条** 有下列情形之一的" in md


@pytest.fixture
def db(tmp_path, compilation_path):
    path = tmp_path / "z.db"
    result = runner.invoke(app, ["ingest", str(compilation_path), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return str(path)


def test_cli_ingest_reports_and_is_idempotent(tmp_path, compilation_path):
    path = str(tmp_path / "z.db")
    first = runner.invoke(app, ["ingest", str(compilation_path), "--db", path, "--json"])
    data = json.loads(first.stdout)
    assert data["files"][0]["documents"] == 21 and data["files"][0]["encoding"] == "utf-8"
    assert {d["status"] for d in data["documents"]} == {"new"}
    again = json.loads(runner.invoke(app, ["ingest", str(compilation_path), "--db", path, "--json"]).stdout)
    assert {d["status"] for d in again["documents"]} == {"unchanged"}


def test_cli_docs(db):
    rows = json.loads(runner.invoke(app, ["docs", "--db", db, "--json"]).stdout)
    assert len(rows) == 21
    assert rows[0]["doc_id"] == "国务院令-748" and rows[0]["effective_date"] == "2021-12-01"


def test_cli_show_article(db):
    result = runner.invoke(app, ["show", "地下水管理条例", "22", "--db", db])
    assert result.exit_code == 0
    assert "《地下水管理条例》第二十二条" in result.stdout
    assert "取水规模由省" in result.stdout
    as_json = json.loads(
        runner.invoke(app, ["show", "国务院令第748号", "第二十二条第二款", "--db", db, "--json"]).stdout
    )
    assert as_json["eid"] == "chp_3__art_22__para_2"


def test_cli_show_errors(db):
    result = runner.invoke(app, ["show", "地下水管理条例", "99", "--db", db])
    assert result.exit_code == 2 and "没有第99条" in result.stderr
    result = runner.invoke(app, ["show", "没有这个文件", "--db", db])
    assert result.exit_code == 2


def test_cli_export(db, tmp_path):
    out = tmp_path / "gw.xml"
    assert (
        runner.invoke(
            app, ["export", "国务院令-748", "--format", "akn", "-o", str(out), "--db", db]
        ).exit_code
        == 0
    )
    ET.parse(out)
    assert runner.invoke(app, ["export", "国务院令-748", "--format", "docx", "--db", db]).exit_code == 2


@pytest.mark.parametrize(
    "ref,eid",
    [
        ("22", "chp_3__art_22"),
        ("第二十二条", "chp_3__art_22"),
        ("22.2", "chp_3__art_22__para_2"),
        ("第二十二条第二款", "chp_3__art_22__para_2"),
        ("25.1.6", "chp_3__art_25__item_6"),
        ("第二十五条第六项", "chp_3__art_25__item_6"),
        ("chp_3__art_22__para_3", "chp_3__art_22__para_3"),
    ],
)
def test_find_node_references(docs_by_id, ref, eid):
    from zhengce.corpus.lookup import find_node

    assert find_node(docs_by_id["国务院令-748"], ref).eid == eid
