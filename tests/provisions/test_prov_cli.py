"""`zhengce provisions`: table, JSON, CSV, XLSX, filters, lazy refresh and user errors (exit 2)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from zhengce.cli import app
from zhengce.corpus.store import CorpusStore
from zhengce.db import make_engine
from zhengce.provisions.store import provision_runs, provisions

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory, parsed) -> str:
    path = tmp_path_factory.mktemp("cli") / "z.db"
    CorpusStore(make_engine(str(path))).ingest(parsed.documents)
    return str(path)


def rows_in(db: str) -> tuple[int, int]:
    with make_engine(db).connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(provisions)).scalar_one(),
            conn.execute(select(func.count()).select_from(provision_runs)).scalar_one(),
        )


def run(*args: str):
    return runner.invoke(app, ["provisions", *args])


def test_lazy_refresh_then_json(db) -> None:
    result = run("--db", db, "--kind", "penalty", "--doc", "地下水管理条例", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {r["kind"] for r in data} == {"penalty"}
    art56 = next(r for r in data if r["eid"] == "chp_7__art_56__para_1")
    assert art56["citation"] == "《地下水管理条例》第五十六条第一款"
    assert [(q["min"], q["max"]) for q in art56["quantities"]] == [(100_000, 500_000)]
    assert rows_in(db)[1] == 1  # only the document asked for was computed


def test_table_names_citations_and_kinds(db) -> None:
    result = run("--db", db, "--kind", "deadline", "--doc", "自然资规〔2021〕2号")
    assert result.exit_code == 0, result.output
    assert "临时用地使用人" in result.stdout and "期限" in result.stdout
    assert "不超过两年" in result.stdout


def test_actor_filter_matches_task_units(db) -> None:
    result = run("--db", db, "--kind", "task", "--actor", "国管局", "--json")
    data = json.loads(result.stdout)
    assert data and all("国管局" in r["tasks"][0]["lead"] + r["tasks"][0]["participants"] for r in data)


def test_csv_to_stdout(db) -> None:
    result = run("--db", db, "--kind", "目标", "--doc", "发改环资-2021-1516", "--csv", "-")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {r["类型"] for r in rows} == {"目标"}
    assert any("170亿立方米" in r["数量"] for r in rows)


def test_xlsx_file(db, tmp_path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "fund.xlsx"
    result = run("--db", db, "--doc", "财教-2021-176", "--xlsx", str(out))
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["文件编号", "条款", "节点", "页码", "类型"]
    cited = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "《国家科技成果转化引导基金管理暂行办法》第九条" in cited


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "bogus"], "未知的条款类型"),
        (["--doc", "没有这个文件"], "未找到文件"),
        (["--json", "--csv", "-"], "只能选一个"),
        (["--xlsx", "/nonexistent-dir/x.xlsx"], "无法写入"),
        (["--csv", "/nonexistent-dir/x.csv"], "无法写入"),
    ],
)
def test_user_errors_exit_2_without_traceback_or_writes(db, args, message) -> None:
    before = rows_in(db)
    result = run("--db", db, *args)
    assert result.exit_code == 2
    assert "错误" in result.stderr and message in result.stderr
    assert "Traceback" not in result.output
    assert rows_in(db) == before


def test_empty_store(tmp_path) -> None:
    result = run("--db", str(tmp_path / "empty.db"))
    assert result.exit_code == 0
    assert "先运行 zhengce ingest" in result.stderr
