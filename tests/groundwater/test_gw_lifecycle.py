"""Findings keep their status across checks; order / rectify / overdue; credit records (第五十三条)."""

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select, update
from typer.testing import CliRunner

from zhengce.cli import app
from zhengce.db import make_engine
from zhengce.regimes.groundwater import schema as t
from zhengce.regimes.groundwater.bundle import read_bundle
from zhengce.regimes.groundwater.check import run_check
from zhengce.regimes.groundwater.lifecycle import list_credit
from zhengce.regimes.groundwater.store import load_bundle

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "groundwater" / "county-basic"
runner = CliRunner()


def gw(*args):
    return runner.invoke(app, ["groundwater", *args])


def _rows(engine, **where):
    f = t.findings
    q = select(f)
    for k, v in where.items():
        q = q.where(f.c[k] == v)
    with engine.connect() as conn:
        return [r._mapping for r in conn.execute(q.order_by(f.c.id))]


def _setup(tmp_path):
    db = str(tmp_path / "z.db")
    engine = make_engine(db)
    load_bundle(engine, read_bundle(EXAMPLE))
    return db, engine


def test_recheck_keeps_rows_and_history(tmp_path):
    db, engine = _setup(tmp_path)
    first = run_check(engine, date(2022, 12, 31))
    rows1 = {r["finding_key"]: r["id"] for r in _rows(engine)}
    assert first.saved and len(rows1) == len(first.findings)
    again = run_check(engine, date(2022, 12, 31))
    rows2 = {r["finding_key"]: r["id"] for r in _rows(engine)}
    assert rows2 == rows1 and again.resolved == 0
    # a check dated earlier than the stored one is reported, not saved
    earlier = run_check(engine, date(2022, 6, 30))
    assert not earlier.saved and "未保存" in earlier.not_saved_reason
    assert {r["finding_key"]: r["id"] for r in _rows(engine)} == rows1


def test_order_rectify_and_credit_via_cli(tmp_path):
    db, engine = _setup(tmp_path)
    run_check(engine, date(2022, 12, 31))
    [seal] = _rows(engine, rule_id="gw.seal", kind="violation")
    fid = str(seal["id"])
    # bad input: exit 2, message, store unchanged
    r = gw("order", fid, "--deadline", "2022-12-01", "--on", "2023-01-05", "--db", db)
    assert r.exit_code == 2 and "错误" in r.stderr and "Traceback" not in r.output
    assert gw("order", "99999", "--deadline", "2023-02-01", "--db", db).exit_code == 2
    assert gw("order", fid, "--deadline", "2023-02-3x", "--db", db).exit_code == 2
    assert _rows(engine, id=seal["id"])[0]["status"] == "open"
    r = gw("order", fid, "--deadline", "2023-02-01", "--on", "2023-01-05", "--db", db)
    assert r.exit_code == 0, r.output
    assert _rows(engine, id=seal["id"])[0]["status"] == "ordered"
    assert gw("order", fid, "--deadline", "2023-02-01", "--on", "2023-01-06", "--db", db).exit_code == 2
    # rectify after the deadline is refused; on the deadline day it is in time
    assert gw("rectify", fid, "--on", "2023-02-02", "--db", db).exit_code == 2
    r = gw("rectify", fid, "--on", "2023-02-01", "--db", db)
    assert r.exit_code == 0, r.output
    row = _rows(engine, id=seal["id"])[0]
    assert row["status"] == "rectified" and row["resolved_on"] == date(2023, 2, 1)
    assert [h["status"] for h in row["data"]["history"]] == ["open", "ordered", "rectified"]
    r = gw("credit", "--region", "130121", "--db", db, "--json")
    records = [c for c in json.loads(r.stdout) if c["finding_id"] == seal["id"]]
    assert [c["kind"] for c in records] == ["violation", "rectified"]
    assert records[0]["recorded_on"] == "2023-01-05" and "第五十三条" in records[0]["text"]
    assert gw("credit", "--region", "12", "--db", db).exit_code == 2


def _force_gone(engine, finding_id):
    """Make a stored finding look like one the checks will no longer produce."""
    with engine.begin() as conn:
        conn.execute(update(t.findings).where(t.findings.c.id == finding_id).values(finding_key="gone"))


def test_ordered_finding_gone_within_deadline_is_rectified(tmp_path):
    _, engine = _setup(tmp_path)
    run_check(engine, date(2022, 12, 31))
    [seal] = _rows(engine, rule_id="gw.seal", kind="violation")
    gw(
        "order",
        str(seal["id"]),
        "--deadline",
        "2023-03-31",
        "--on",
        "2023-01-05",
        "--db",
        str(tmp_path / "z.db"),
    )
    _force_gone(engine, seal["id"])
    result = run_check(engine, date(2023, 3, 31))
    row = _rows(engine, id=seal["id"])[0]
    assert result.resolved >= 1 and row["status"] == "rectified" and row["resolved_on"] == date(2023, 3, 31)
    # the condition is still there, so the check opened a fresh finding with the same key
    assert len(_rows(engine, rule_id="gw.seal", kind="violation", status="open")) == 1


def test_ordered_finding_becomes_overdue_the_day_after_its_deadline(tmp_path):
    db, engine = _setup(tmp_path)
    run_check(engine, date(2022, 12, 31))
    faulty = [r for r in _rows(engine, kind="violation") if r["rule_id"] in ("gw.meter.faulty", "gw.seal")][0]
    assert (
        gw("order", str(faulty["id"]), "--deadline", "2023-01-31", "--on", "2023-01-05", "--db", db).exit_code
        == 0
    )
    run_check(engine, date(2023, 1, 31))  # the deadline day: still ordered
    assert _rows(engine, id=faulty["id"])[0]["status"] == "ordered"
    run_check(engine, date(2023, 2, 1))  # the day after
    row = _rows(engine, id=faulty["id"])[0]
    assert row["status"] == "overdue"
    assert row["data"]["history"][-1] == {"status": "overdue", "on": "2023-02-01", "deadline": None}
    kinds = [c["kind"] for c in list_credit(engine, "130121") if c["finding_id"] == faulty["id"]]
    assert kinds == ["violation", "overdue"]


def test_open_finding_no_longer_produced_is_resolved_not_deleted(tmp_path):
    _, engine = _setup(tmp_path)
    run_check(engine, date(2022, 12, 31))
    n = len(_rows(engine))
    some = _rows(engine)[0]
    _force_gone(engine, some["id"])
    run_check(engine, date(2023, 1, 2))
    row = _rows(engine, id=some["id"])[0]
    assert row["status"] == "resolved" and row["resolved_on"] == date(2023, 1, 2)
    assert len(_rows(engine)) >= n
    # open findings carry no credit record (nobody has acted on them yet)
    assert all(c["finding_id"] != some["id"] for c in list_credit(engine))


def test_report_runs_the_check_when_none_stored(tmp_path):
    db, _ = _setup(tmp_path)
    r = gw("report", "--region", "130121", "--year", "2022", "--db", db, "--json")
    assert r.exit_code == 0, r.output
    of = json.loads(r.stdout)["open_findings"]
    assert of["checked_now"] is True and of["last_check"] == "2022-12-31" and of["total"] > 0
    r = gw("report", "--region", "130121", "--year", "2022", "--db", db, "--json")
    assert json.loads(r.stdout)["open_findings"]["checked_now"] is False
