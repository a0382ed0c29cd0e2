"""`zhengce telemetry …` commands: exit codes, Chinese-first errors, JSON output."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa
from typer.testing import CliRunner

from zhengce.cli import app
from zhengce.db import make_engine
from zhengce.regimes.groundwater.telemetry import schema
from zhengce.regimes.groundwater.telemetry.model import Reading, now_cst
from zhengce.regimes.groundwater.telemetry.store import ReadingStore

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, ["telemetry", *args])


def fill(db: str, hours: int = 6) -> list:
    start = (now_cst() - timedelta(hours=hours)).replace(minute=0, second=0, microsecond=0)
    readings = [
        Reading(
            "370102-W-000001", start + timedelta(hours=h), volume_m3=Decimal(100 + 36 * h), source="sl651"
        )
        for h in range(hours)
    ]
    engine = make_engine(db)
    ReadingStore(engine).ingest(readings)
    engine.dispose()
    return readings


def test_terminal_register_list_remove(tmp_path) -> None:
    db = str(tmp_path / "t.db")
    assert invoke("terminal", "add", "szy206", "3701020700", "370102-W-000007", "--db", db).exit_code == 0
    listed = invoke("terminal", "list", "--db", db, "--json")
    assert [r["works_id"] for r in json.loads(listed.stdout)] == ["370102-W-000007"]
    bad = invoke("terminal", "add", "szy206", "XYZ", "W", "--db", db)
    assert bad.exit_code == 2 and bad.stderr.startswith("错误：") and "10 hex digits" in bad.stderr
    assert invoke("terminal", "remove", "szy206", "3701020700", "--db", db).exit_code == 0
    again = invoke("terminal", "remove", "szy206", "3701020700", "--db", db)
    assert again.exit_code == 2 and "未登记" in again.stderr


def test_verify_clean_then_tampered(tmp_path) -> None:
    db = str(tmp_path / "v.db")
    readings = fill(db)
    clean = invoke("verify", "--db", db)
    assert clean.exit_code == 0 and "链完整" in clean.stdout
    engine = make_engine(db)
    with engine.begin() as conn:
        t = schema.reading
        conn.execute(sa.update(t).where(t.c.observed_at == readings[2].observed_at).values(volume_m3=1))
    engine.dispose()
    tampered = invoke("verify", "--db", db, "--json")
    assert tampered.exit_code == 1
    problems = json.loads(tampered.stdout)["problems"]
    assert [(p["kind"], p["observed_at"]) for p in problems] == [
        ("changed", readings[2].observed_at.isoformat())
    ]
    text = invoke("verify", "--db", db)
    assert "[被修改]" in text.stdout and "发现 1 处问题" in text.stdout


def test_verify_keyed_store_without_key(tmp_path, monkeypatch) -> None:
    db = str(tmp_path / "k.db")
    monkeypatch.setenv("ZHENGCE_TELEMETRY_CHAIN_KEY", "s3cret")
    fill(db)
    monkeypatch.delenv("ZHENGCE_TELEMETRY_CHAIN_KEY")
    result = invoke("verify", "--db", db)
    assert result.exit_code == 2 and "ZHENGCE_TELEMETRY_CHAIN_KEY" in result.stderr


def test_import_good_and_bad(tmp_path) -> None:
    db = str(tmp_path / "i.db")
    good = tmp_path / "good.csv"
    good.write_text("works_id,observed_at,volume_m3\nW,2024-05-01 08:00,1\n", encoding="utf-8")
    result = invoke("import", str(good), "--db", db, "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["inserted"] == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("works_id,observed_at,volume_m3\nW,2024-05-02 08:00,abc\n", encoding="utf-8")
    refused = invoke("import", str(bad), "--db", db)
    assert refused.exit_code == 2 and "第 2 行" in refused.stderr and "Traceback" not in refused.output


def test_quality_readings_and_latest(tmp_path) -> None:
    db = str(tmp_path / "q.db")
    readings = fill(db, hours=8)
    flags = invoke("quality", "370102-W-000001", "--db", db, "--json")
    assert flags.exit_code == 0
    # all eight hourly readings reached the store together, each over an hour after observation
    assert [(f["kind"], f["count"]) for f in json.loads(flags.stdout)] == [("late", 8)]
    first = json.loads(invoke("readings", "370102-W-000001", "--limit", "5", "--db", db, "--json").stdout)
    assert len(first["rows"]) == 5 and first["next_cursor"]
    rest = json.loads(
        invoke("readings", "370102-W-000001", "--cursor", first["next_cursor"], "--db", db, "--json").stdout
    )
    assert [r["seq"] for r in first["rows"] + rest["rows"]] == list(range(1, 9))
    latest = json.loads(invoke("latest", "--db", db, "--json").stdout)
    assert latest[0]["observed_at"] == readings[-1].observed_at.isoformat() and latest[0]["seq"] == 8
    backwards = invoke("quality", "W", "--since", "2024-05-02", "--until", "2024-05-01", "--db", db)
    assert backwards.exit_code == 2 and "since" in backwards.stderr


def test_user_errors_never_trace(tmp_path) -> None:
    cases = [
        ("serve", "--db", str(tmp_path / "s.db")),
        ("serve", "--szy206-port", "0", "--processes", "65", "--db", str(tmp_path / "s.db")),
        ("serve", "--szy206-port", "0", "--writers", "17", "--db", str(tmp_path / "s.db")),
        ("simulate", "--terminals", "5"),
        ("simulate", "--port", "1", "--terminals", "0"),
        ("verify", "--db", "postgresql://nobody@127.0.0.1:1/none"),
        ("readings", "W", "--cursor", "garbage", "--db", str(tmp_path / "r.db")),
        ("readings", "W", "--since", "yesterday", "--db", str(tmp_path / "r.db")),
        ("import", str(tmp_path / "absent.csv"), "--db", str(tmp_path / "r.db")),
    ]
    for args in cases:
        result = invoke(*args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.startswith("错误："), (args, result.stderr)
        assert "Traceback" not in result.output


def test_serve_on_a_port_in_use_with_workers_is_a_user_error(tmp_path) -> None:
    """The parent binds the ports before it forks any worker: a busy port is a clean error."""
    import socket

    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = invoke(
            "serve", "--szy206-port", str(port), "--processes", "2", "--db", str(tmp_path / "s.db")
        )
    assert result.exit_code == 2 and result.stderr.startswith("错误：")
    assert "Traceback" not in result.output
