"""第二十五条 permit decisions: each ground refuses citing its item; approval only when all are decided."""

import json
from dataclasses import replace
from datetime import date

import pytest

from zhengce.errors import UserError
from zhengce.regimes.groundwater.decide import Application, decide

AS_OF = date(2024, 3, 1)
OK = Application(
    "APP-1",
    "某厂",
    "370102",
    117.1,
    36.7,
    annual_m3=1000.0,
    county_quota_m3=10_000.0,
    county_permitted_m3=9_000.0,
    levels_below_control=False,
    meets_industry_quota=True,
    meets_mandatory_standards=True,
    scarce_or_fragile_area=True,
    new_or_expanded=True,
    high_water_consumption=False,
    illegal_reclamation=False,
    non_renewable=False,
)


def test_approve_exactly_at_quota(gw_resolver):
    d = decide(OK, AS_OF, gw_resolver)
    assert d.outcome == "approve" and d.findings[0].citations[0].eid == "chp_3__art_25"


@pytest.mark.parametrize(
    ("change", "item"),
    [
        ({"annual_m3": 1000.01}, 1),
        ({"levels_below_control": True}, 1),
        ({"zones": frozenset({"restricted"})}, 2),
        ({"meets_industry_quota": False}, 3),
        ({"meets_mandatory_standards": False}, 4),
        ({"high_water_consumption": True}, 5),
        ({"illegal_reclamation": True}, 6),
    ],
)
def test_each_ground_refuses_citing_its_item(gw_resolver, change, item):
    d = decide(replace(OK, **change), AS_OF, gw_resolver)
    assert d.outcome == "refuse"
    [f] = d.findings
    assert f.citations[0].eid == f"chp_3__art_25__item_{item}"
    assert f.citations[0].text == f"《地下水管理条例》第二十五条第{'一二三四五六'[item - 1]}项"
    assert f.message.startswith("不予批准")


def test_all_grounds_listed_together(gw_resolver):
    bad = replace(
        OK,
        annual_m3=5000.0,
        meets_industry_quota=False,
        illegal_reclamation=True,
        zones=frozenset({"prohibited"}),
    )
    d = decide(bad, AS_OF, gw_resolver)
    assert {f.rule_id for f in d.findings} == {
        "gw.permit.ground_1",
        "gw.permit.ground_3",
        "gw.permit.ground_6",
        "gw.permit.prohibited_zone",
    }


def test_exemption_clears_zone_grounds(gw_resolver):
    d = decide(
        replace(OK, zones=frozenset({"restricted", "prohibited"}), exemption="public_safety"),
        AS_OF,
        gw_resolver,
    )
    assert d.outcome == "approve"
    d = decide(replace(OK, non_renewable=True, exemption="domestic_no_alternative"), AS_OF, gw_resolver)
    assert d.outcome == "approve"
    assert (
        decide(replace(OK, non_renewable=True, exemption="public_safety"), AS_OF, gw_resolver).outcome
        == "refuse"
    )


def test_missing_fact_is_not_guessed(gw_resolver):
    d = decide(replace(OK, meets_mandatory_standards=None), AS_OF, gw_resolver)
    assert d.outcome == "cannot_decide" and d.findings[0].needs == ("meets_mandatory_standards",)
    # ground 5 needs all three facts only when none is false
    assert decide(replace(OK, scarce_or_fragile_area=None), AS_OF, gw_resolver).outcome == "approve"


def test_before_effective_date_is_an_error(gw_resolver):
    with pytest.raises(UserError):
        decide(OK, date(2021, 11, 30), gw_resolver)


def test_decide_cli(tmp_path):
    from typer.testing import CliRunner

    from zhengce.cli import app

    path = tmp_path / "app.json"
    data = {k: v for k, v in OK.__dict__.items() if k != "zones"}
    path.write_text(json.dumps({**data, "illegal_reclamation": True}), encoding="utf-8")
    db = str(tmp_path / "z.db")
    r = CliRunner().invoke(
        app, ["groundwater", "decide", str(path), "--as-of", "2024-03-01", "--db", db, "--json"]
    )
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["outcome"] == "refuse" and out["findings"][0]["citations"][0]["eid"] == "chp_3__art_25__item_6"
    path.write_text(json.dumps({**data, "annual_m3": -1, "bogus": 1}), encoding="utf-8")
    r = CliRunner().invoke(app, ["groundwater", "decide", str(path), "--db", db])
    assert r.exit_code == 2 and "错误" in r.stderr and "bogus" in r.stderr and "Traceback" not in r.output
