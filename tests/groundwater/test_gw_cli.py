"""The `zhengce groundwater` commands end to end, and the deterministic demo county."""

import json
from pathlib import Path

from typer.testing import CliRunner

from zhengce.cli import app
from zhengce.regimes.groundwater.demo import generate

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "groundwater"
runner = CliRunner()


def gw(*args):
    return runner.invoke(app, ["groundwater", *args])


def test_load_bad_bundle_exits_2_with_message(tmp_path):
    db = str(tmp_path / "z.db")
    r = gw("load", str(EXAMPLES / "bad-bundle"), "--db", db)
    assert r.exit_code == 2 and r.stderr.startswith("错误") and "Traceback" not in r.output
    assert "valid_to" in r.stderr and "负数" in r.stderr
    r = gw("check", "--db", db)
    assert r.exit_code == 2 and "为空" in r.stderr


def test_load_check_report_json(tmp_path):
    db = str(tmp_path / "z.db")
    assert gw("load", str(EXAMPLES / "county-basic"), "--db", db).exit_code == 0
    r = gw("check", "--as-of", "2022-12-31", "--region", "130121", "--db", db, "--json")
    assert r.exit_code == 0, r.output
    findings = json.loads(r.stdout)["findings"]
    assert all(f["citations"][0]["doc_id"] == "国务院令-748" and f["citations"][0]["quote"] for f in findings)
    r = gw("report", "--region", "130121", "--year", "2022", "--db", db, "--json")
    rep = json.loads(r.stdout)
    assert rep["counties"][0]["within_quota"] is False and rep["open_findings"]["total"] == len(findings)
    assert gw("check", "--as-of", "2022-13-01", "--db", db).exit_code == 2
    assert gw("check", "--region", "12", "--db", db).exit_code == 2
    assert gw("report", "--region", "999999", "--year", "2022", "--db", db).exit_code == 2


def test_demo_is_deterministic_and_has_every_violation(tmp_path):
    a, b = generate(300, seed=7), generate(300, seed=7)
    assert a.withdrawals[:500] == b.withdrawals[:500] and a.records["works"] == b.records["works"]
    db = str(tmp_path / "z.db")
    r = gw("demo", "--works", "300", "--db", db, "--json")
    assert r.exit_code == 0, r.output
    r = gw("check", "--as-of", "2024-12-31", "--db", db, "--json")
    rules = {f["rule_id"] for f in json.loads(r.stdout)["findings"] if f["kind"] in ("violation", "warning")}
    expected = {
        "gw.meter.required",
        "gw.meter.existing_deadline",
        "gw.meter.faulty",
        "gw.meter.online_realtime",
        "gw.meter.transmission_gaps",
        "gw.permit.unauthorized",
        "gw.zone.prohibited",
        "gw.zone.restricted_new",
        "gw.nonrenewable",
        "gw.mixed_extraction",
        "gw.seal",
        "gw.well.filing",
        "gw.geothermal",
        "gw.construction.plan_filing",
        "gw.drainage.permit_meter_report",
        "gw.drainage.emergency_filing",
        "gw.monitoring.facility_damage",
        "gw.storage.toxic",
        "gw.project.spring_karst",
        "gw.county.quota",
        "gw.county.levels",
        "gw.county.annual_plan",
        "gw.fee.differentials",
        "gw.zone.suggest_prohibited",
    }
    assert expected <= rules, expected - rules
