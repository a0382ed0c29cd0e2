"""Importing reported values (CSV/XLSX) and ``zhengce targets list|report|status`` on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from zhengce.cli import app
from zhengce.corpus.store import CorpusStore
from zhengce.db import make_engine
from zhengce.regimes.land.validate import FileProblems
from zhengce.regimes.targets import query
from zhengce.regimes.targets.reports import parse_period, parse_reports

from .lft_helpers import squash

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "targets" / "reports.csv"
REUSE = "发改环资-2021-1516/att_1__sec_4__subsec_4__para_2/t1"
TASK = "发改环资-2021-1516/att_1__sec_3__subsec_2__para_4/k1"
KINDS = {REUSE: "target", TASK: "task"}
runner = CliRunner()


@pytest.fixture
def corpus_url(sqlite_url, parsed) -> str:
    CorpusStore(make_engine(sqlite_url)).ingest(parsed.documents)
    return sqlite_url


@pytest.mark.parametrize(
    ("text", "day"),
    [("2023", date(2023, 12, 31)), ("2024-02", date(2024, 2, 29)), ("2023-06-15", date(2023, 6, 15))],
)
def test_periods(text, day) -> None:
    assert parse_period(text) == day


@pytest.mark.parametrize("text", ["2023-13", "2023-02-30", "23", "去年"])
def test_bad_periods(text) -> None:
    with pytest.raises(ValueError):
        parse_period(text)


def test_rows_are_validated_together() -> None:
    rows = [
        ["条目编号", "日期", "数值", "类型"],
        [REUSE, "2023", "26.5%", ""],
        [TASK, "2023", "", "done"],
        ["nope", "2023", "1", ""],
        [REUSE, "2023-02-30", "1", ""],
        [REUSE, "2022", "abc", ""],
        [TASK, "2023-06", "120", "progress"],
        [REUSE, "2021", "1", "progress"],
        [REUSE, "2023", "27", "value"],
    ]
    with pytest.raises(FileProblems) as err:
        parse_reports(rows, KINDS)
    text = str(err.value)
    for expected in (
        "第4行：未知条目编号“nope”",
        "第5行：日期“2023-02-30”不存在",
        "第6行：数值“abc”不是数字",
        "第7行：进度应在0至100之间",
        "第8行：指标应报告 value 或 baseline",
        "第9行：与前面的行重复",
    ):
        assert expected in text
    good = parse_reports(rows[:3], KINDS)
    assert [(g.kind, g.value) for g in good] == [("value", 26.5), ("progress", 100.0)]


def test_missing_columns() -> None:
    with pytest.raises(FileProblems) as err:
        parse_reports([["item_id", "value"], [REUSE, "1"]], KINDS)
    assert "date" in str(err.value)


def _exercise(url: str) -> None:
    engine = make_engine(url)
    result = query.import_reports(engine, EXAMPLE)
    assert (result.rows, result.new, result.replaced) == (11, 11, 0)
    again = query.import_reports(engine, EXAMPLE)
    assert (again.new, again.replaced) == (0, 11)
    assert len(query.list_reports(engine)) == 11
    statuses = {s.item_id: s for s in query.item_statuses(engine, date(2024, 6, 30))}
    assert statuses[REUSE].status == "at_risk"  # exactly 25 does not meet 超过25%
    assert statuses["发改环资-2021-1516/att_1__sec_3__subsec_1__item_2/t1"].status == "missed"
    assert statuses["发改环资-2021-1516/att_1__sec_4__subsec_4__para_1/k1"].status == "met"
    assert statuses[TASK].status == "on_track"
    missed = query.item_statuses(engine, date(2024, 6, 30), status="missed")
    assert [s.item_id for s in missed] == ["发改环资-2021-1516/att_1__sec_3__subsec_1__item_2/t1"]
    engine.dispose()


def test_reports_on_sqlite(corpus_url) -> None:
    _exercise(corpus_url)


@pytest.mark.postgres
def test_reports_on_postgresql(pg_url, parsed) -> None:
    CorpusStore(make_engine(pg_url)).ingest(parsed.documents)
    _exercise(pg_url)


def test_xlsx_and_gb18030_csv(corpus_url, tmp_path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["条目编号", "日期", "数值", "类型", "备注"])
    sheet.append([REUSE, "2024", 26, "报告值", "工作簿"])
    sheet.append([TASK, "2024-06-30", 80, "进度", None])
    path = tmp_path / "r.xlsx"
    book.save(path)
    engine = make_engine(corpus_url)
    assert query.import_reports(engine, path).rows == 2
    csv_path = tmp_path / "r.csv"
    csv_path.write_bytes(f"编号,日期,数值,备注\n{REUSE},2025,27,国标编码\n".encode("gb18030"))
    assert query.import_reports(engine, csv_path).rows == 1
    notes = {r.note for r in query.list_reports(engine, REUSE)}
    assert notes == {"工作簿", "国标编码"}


def test_bad_report_file_changes_nothing(corpus_url, tmp_path) -> None:
    engine = make_engine(corpus_url)
    query.import_reports(engine, EXAMPLE)
    bad = tmp_path / "bad.csv"
    bad.write_text(f"item_id,date,value\n{REUSE},2024,99\n{REUSE},2024-99,1\n", encoding="utf-8")
    result = runner.invoke(app, ["targets", "report", str(bad), "--db", corpus_url])
    assert result.exit_code == 2 and "第3行" in squash(result.output) and "Traceback" not in result.output
    assert {r.value for r in query.list_reports(engine, REUSE)} == {25.0}
    for name, content in (("x.pdf", b"%PDF"), ("x.xlsx", b"not a workbook")):
        path = tmp_path / name
        path.write_bytes(content)
        result = runner.invoke(app, ["targets", "report", str(path), "--db", corpus_url])
        assert result.exit_code == 2 and "错误" in result.output


def test_cli_list_report_status(corpus_url) -> None:
    result = runner.invoke(
        app,
        ["targets", "list", "--db", corpus_url, "--doc", "发改环资-2021-1516", "--kind", "target", "--json"],
    )
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert REUSE in {i["item_id"] for i in items} and all(i["kind"] == "target" for i in items)
    assert runner.invoke(app, ["targets", "report", str(EXAMPLE), "--db", corpus_url]).exit_code == 0
    result = runner.invoke(
        app, ["targets", "status", "--db", corpus_url, "--as-of", "2024-06-30", "--status", "met", "--json"]
    )
    [met] = json.loads(result.output)
    assert met["item_id"] == "发改环资-2021-1516/att_1__sec_4__subsec_4__para_1/k1"
    assert met["citation"]["text"] == "《“十四五”节水型社会建设规划》四、（四）第1段"
    result = runner.invoke(app, ["targets", "status", "--db", corpus_url, "--status", "late"])
    assert result.exit_code == 2


def test_cli_empty_corpus(tmp_path) -> None:
    result = runner.invoke(app, ["targets", "list", "--db", str(tmp_path / "empty.db")])
    assert result.exit_code == 2 and "zhengce ingest" in result.output


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_CELL = st.text(max_size=10) | st.sampled_from(
    [REUSE, TASK, "2023", "2023-02-30", "nan", "1e400", "done", "进度", "-5"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_CELL, max_size=6), max_size=5))
def test_any_rows_parse_or_give_a_clear_error(rows) -> None:
    header = ["item_id", "date", "value", "kind"]
    try:
        found = parse_reports([header, *rows], KINDS)
    except FileProblems as exc:
        assert "第" in str(exc) or "文件为空" in str(exc)
        return
    assert all(r.item_id in KINDS and r.value == r.value for r in found)
