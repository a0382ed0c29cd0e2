"""The registry on SQLite and PostgreSQL, and ``zhengce land load|check|stats``."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhengce.cli import app
from zhengce.db import make_engine
from zhengce.regimes.land import query
from zhengce.regimes.land.bundle import BundleError, parse_bundle
from zhengce.regimes.land.store import LandStore

from .lft_helpers import squash

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "land" / "registry.json"
runner = CliRunner()


@pytest.fixture
def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def _exercise_store(url: str, example: dict) -> None:
    engine = make_engine(url)
    store = LandStore(engine)
    report = store.load(parse_bundle(example))
    assert (report.counties, report.uses_new, report.uses_replaced) == (2, 6, 0)
    again = store.load(parse_bundle(example, store.county_codes()))
    assert (again.uses_new, again.uses_replaced) == (0, 6)
    assert len(query.list_uses(engine)) == 6
    row = query.get_use(engine, "LY-2022-001")
    assert row["approved_on"] == date(2022, 3, 1) and row["area_other_farmland_m2"] == 12_000
    assert json.loads(row["boundary"])["type"] == "Polygon"
    # SL-2023-001 was approved on 2024-03-04 while 示例县 was suspended from 2024-02-20.
    assert query.approval_suspended(engine, "411123", date(2024, 3, 4)) == date(2024, 2, 20)
    found = query.check_uses(engine, date(2024, 6, 30), use_id="SL-2023-001")
    assert [f.rule_id for f in found] == ["land.approval.suspended_county"]
    [stat] = query.county_statistics(engine, 2023, "411123")
    assert (stat.due_area_m2, stat.overdue_area_m2, stat.reaches_threshold) == (50_000, 20_000, True)
    engine.dispose()


def test_store_on_sqlite(sqlite_url, example) -> None:
    _exercise_store(sqlite_url, example)


@pytest.mark.postgres
def test_store_on_postgresql(pg_url, example) -> None:
    _exercise_store(pg_url, example)


def test_every_problem_is_reported_with_its_place(example) -> None:
    bad = copy.deepcopy(example)
    bad["uses"][0]["approved_on"] = "2022-02-30"
    bad["uses"][1]["areas_m2"] = {"cultivated": 1.5, "forest": 3}
    bad["uses"][2]["county_code"] = "999999"
    bad["uses"][3]["term_end"] = "2021-01-01"
    bad["uses"][4]["boundary"] = {"type": "Point", "coordinates": [1, 2]}
    bad["uses"].append(dict(example["uses"][0]))
    with pytest.raises(BundleError) as err:
        parse_bundle(bad)
    text = str(err.value)
    for expected in (
        "uses[0].approved_on：“2022-02-30”不是有效日期",
        "uses[1].areas_m2.cultivated：面积应为0至1000000000之间的整数平方米",
        "uses[1].areas_m2.forest：未知地类",
        "uses[2].county_code：县（市）999999 未登记",
        "uses[3].term_end：期满之日应晚于批准日期",
        "uses[4].boundary：四至范围应为 Polygon 或 MultiPolygon",
        "uses[6].use_id：编号 LY-2022-001 重复",
    ):
        assert expected in text


def _invoke(*args: str):
    return runner.invoke(app, list(args))


def test_cli_load_check_stats(tmp_path) -> None:
    db = str(tmp_path / "land.db")
    result = _invoke("land", "load", str(EXAMPLE), "--db", db)
    assert result.exit_code == 0, result.output
    assert "新增 6 宗" in result.output
    result = _invoke("land", "check", "--db", db, "--as-of", "2024-06-30", "--json")
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)
    rules = {(f["subject"], f["rule_id"]) for f in findings}
    assert ("LY-2022-002", "land.siting.hard_to_restore") in rules
    assert ("SL-2021-004", "land.reclamation.deadline") in rules
    assert ("LY-2022-001", "land.system.upload") not in rules  # uploaded on the 20th working day
    assert all(f["citations"] and f["citations"][0]["doc_id"] == "自然资规-2021-2" for f in findings)
    result = _invoke("land", "stats", "--year", "2023", "--db", db, "--as-of", "2024-06-30", "--json")
    data = json.loads(result.output)
    by_code = {c["county_code"]: c for c in data["counties"]}
    assert (
        by_code["411123"]["percent"] == 40.0 and by_code["411123"]["suspension"]["ordered_on"] == "2024-02-20"
    )
    assert {f["kind"] for f in data["findings"]} == {"obligation_due", "decision"}
    result = _invoke("land", "check", "LY-2022-002", "--db", db, "--as-of", "2024-06-30")
    assert result.exit_code == 0 and "二、第1段" in result.output


def test_cli_bad_file_leaves_the_store_unchanged(tmp_path, example) -> None:
    db = str(tmp_path / "land.db")
    assert _invoke("land", "load", str(EXAMPLE), "--db", db).exit_code == 0
    bad = copy.deepcopy(example)
    bad["uses"][0]["user"] = "新使用人"
    bad["uses"][1]["approval_level"] = "village"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    result = _invoke("land", "load", str(path), "--db", db)
    assert result.exit_code == 2 and "错误" in result.output and "approval_level" in result.output
    assert "Traceback" not in result.output
    assert query.get_use(make_engine(db), "LY-2022-001")["user"] == "某高速公路建设有限公司"


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "不是有效的 JSON"), ("[]", "顶层应为对象"), (None, "文件不存在")],
)
def test_cli_unreadable_files(tmp_path, content, message) -> None:
    path = tmp_path / "f.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = _invoke("land", "load", str(path), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 2 and message in result.output


def test_cli_unknown_use_bad_date_and_lapsed_notice(tmp_path) -> None:
    db = str(tmp_path / "land.db")
    _invoke("land", "load", str(EXAMPLE), "--db", db)
    result = _invoke("land", "check", "NOPE", "--db", db)
    assert result.exit_code == 2 and "未找到临时用地 NOPE" in result.output
    result = _invoke("land", "check", "--db", db, "--as-of", "2024-13-01")
    assert result.exit_code == 2 and "--as-of" in result.output
    result = _invoke("land", "check", "--db", db, "--as-of", "2026-11-05")
    assert result.exit_code == 0 and "不在有效期内" in squash(result.output)


from hypothesis import HealthCheck, given, settings  # noqa: E402

from zhengce.errors import UserError  # noqa: E402

from .lft_helpers import mutated  # noqa: E402

_EXAMPLE_DATA = json.loads(EXAMPLE.read_text(encoding="utf-8"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(_EXAMPLE_DATA))
def test_any_malformed_registry_file_gives_a_clear_error(data) -> None:
    try:
        bundle = parse_bundle(data)
    except UserError as exc:
        assert "(" in str(exc) and "：" in str(exc)  # Chinese message with the English gloss
        return
    assert len(bundle.uses) == len(data.get("uses", []))
