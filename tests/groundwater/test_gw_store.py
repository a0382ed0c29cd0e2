"""Bundle loading: the example loads on SQLite and PostgreSQL; every kind of bad input is rejected whole."""

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from zhengce.db import make_engine
from zhengce.errors import NotFound
from zhengce.regimes.groundwater import queries
from zhengce.regimes.groundwater import schema as t
from zhengce.regimes.groundwater.bundle import BundleError, read_bundle
from zhengce.regimes.groundwater.check import run_check
from zhengce.regimes.groundwater.store import load_bundle, meter_status, works_exists

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "groundwater" / "county-basic"


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def _load_and_check(url):
    engine = make_engine(url)
    summary = load_bundle(engine, read_bundle(EXAMPLE))
    assert summary.counts["works"] == 5 and summary.counts["withdrawals"] == 72
    # zone membership from geometry: W-2 (114.12, 38.02) is only in the 超采区; W-5 (114.06, 38.06) in 限制开采区 and 超采区;
    # W-3 (114.105, 38.105) is in the 禁止开采区 Z-PRO.
    detail = {
        w: {z["zone_id"] for z in queries.works_detail(engine, w)["zones"]}
        for w in ("130121-W-000002", "130121-W-000005", "130121-W-000003")
    }
    assert detail["130121-W-000002"] == {"Z-OVR"}
    assert detail["130121-W-000003"] == {"Z-OVR", "Z-PRO"}
    assert detail["130121-W-000005"] == {"Z-OVR", "Z-RES"}
    result = run_check(engine, date(2022, 12, 31))
    rules = {f.rule_id for f in result.findings}
    assert {
        "gw.meter.existing_deadline",
        "gw.seal",
        "gw.nonrenewable",
        "gw.county.quota",
        "gw.drainage.emergency_filing",
    } <= rules
    assert works_exists(engine, "130121-W-000001") and not works_exists(engine, "130121-W-999999")
    assert meter_status(engine, "130121-W-000001", meter_ok=False)["meter_ok"] is False
    with pytest.raises(NotFound):
        meter_status(engine, "nope")
    listed = queries.list_works(engine, "130121")
    assert {w["compliance"] for w in listed} >= {"violation"}
    seal = queries.list_findings(engine, "130000", article="chp_6__art_49")
    assert seal and all(f["rule_id"] == "gw.seal" for f in seal)
    [summary_row] = queries.region_summaries(engine)
    assert summary_row["works"] == 5 and summary_row["open_violations"] > 0
    assert len(queries.station_levels(engine, "ST-1")["levels"]) == 12
    return engine


def test_example_bundle_loads_and_checks_sqlite(sqlite_url):
    _load_and_check(sqlite_url)


@pytest.mark.postgres
def test_example_bundle_loads_and_checks_postgres(pg_url):
    _load_and_check(pg_url)


def _broken(tmp_path, mutate_json=None, zones=None, withdrawals=None) -> Path:
    target = tmp_path / "b"
    shutil.copytree(EXAMPLE, target)
    if mutate_json:
        data = json.loads((target / "bundle.json").read_text(encoding="utf-8"))
        mutate_json(data)
        (target / "bundle.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    if zones is not None:
        (target / "zones.geojson").write_text(zones, encoding="utf-8")
    if withdrawals is not None:
        (target / "withdrawals.csv").write_text(withdrawals, encoding="utf-8")
    return target


BAD = {
    "unknown aquifer": (dict(mutate_json=lambda d: d["works"][0].update(aquifers=["AQ-NOPE"])), "AQ-NOPE"),
    "unknown permit": (dict(mutate_json=lambda d: d["works"][1].update(permit_id="P-404")), "P-404"),
    "dates out of order": (dict(mutate_json=lambda d: d["events"][0].update(ended_on="2022-09-01")), "E-1"),
    "negative volume": (
        dict(withdrawals="works_id,date,volume_m3\n130121-W-000001,2022-01,-1\n"),
        "130121-W-000001",
    ),
    "unknown works in csv": (
        dict(withdrawals="works_id,date,volume_m3\n130121-W-000404,2022-01,1\n"),
        "130121-W-000404",
    ),
    "broken geojson": (
        dict(
            zones='{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"zone_id": "Z-X", "kind": "prohibited", "name": "x", "region_code": "130121"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}}]}'
        ),
        "Z-X",
    ),
    "point as zone": (
        dict(
            zones='{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"zone_id": "Z-P", "kind": "karst", "name": "x", "region_code": "130121"}, "geometry": {"type": "Point", "coordinates": [0, 0]}}]}'
        ),
        "Z-P",
    ),
    "bad region code": (dict(mutate_json=lambda d: d["regions"][2].update(code="13012")), "13012"),
    "duplicate works": (
        dict(mutate_json=lambda d: d["works"].append(dict(d["works"][0]))),
        "130121-W-000001",
    ),
    "not json": (dict(zones="{oops"), "zones.geojson"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_bundles_are_rejected_naming_the_record(tmp_path, sqlite_url, case):
    kwargs, name = BAD[case]
    engine = make_engine(sqlite_url)
    with pytest.raises(BundleError) as err:
        load_bundle(engine, read_bundle(_broken(tmp_path, **kwargs)))
    assert name in str(err.value) and "未写入" in str(err.value)
    t.create_all(engine)
    assert _count(engine, t.works) == 0 and _count(engine, t.regions) == 0


def test_second_load_of_same_ids_is_rejected_and_store_unchanged(sqlite_url):
    engine = make_engine(sqlite_url)
    load_bundle(engine, read_bundle(EXAMPLE))
    before = _count(engine, t.withdrawals)
    with pytest.raises(BundleError, match="已存在"):
        load_bundle(engine, read_bundle(EXAMPLE))
    assert _count(engine, t.withdrawals) == before
