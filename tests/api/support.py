"""Shared by tests/api and tests/web (loaded by path): a store with the corpus, two demo counties and findings.

County 370102 is the groundwater demo (300 works); county 370103, beside it in the same city,
holds three works of its own, one owned by 邻县水厂 and one new works without a meter.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

OTHER_COUNTY = "370103"
OTHER_WORKS = "370103-W-000001"
OTHER_OWNER = "邻县水厂"

_BUNDLE = {
    "format": "zhengce-groundwater/1",
    "regions": [{"code": OTHER_COUNTY, "name": "市中区（测试）", "level": "county", "parent_code": "370100"}],
    "works": [
        {
            "works_id": OTHER_WORKS,
            "kind": "well",
            "region_code": OTHER_COUNTY,
            "owner": OTHER_OWNER,
            "lon": 117.0,
            "lat": 36.62,
            "max_daily_m3": 200,
            "purpose": "industrial",
            "status": "active",
            "built_on": "2023-03-01",
            "metering": "none",
        },
        {
            "works_id": "370103-W-000002",
            "kind": "well",
            "region_code": OTHER_COUNTY,
            "owner": OTHER_OWNER,
            "lon": 117.01,
            "lat": 36.63,
            "max_daily_m3": 50,
            "purpose": "industrial",
            "status": "active",
            "built_on": "2015-01-01",
            "metering": "manual",
            "meter_installed_on": "2015-01-01",
            "meter_ok": True,
        },
        {
            "works_id": "370103-W-000003",
            "kind": "well",
            "region_code": OTHER_COUNTY,
            "owner": "另一用水户",
            "lon": 117.02,
            "lat": 36.64,
            "max_daily_m3": 30,
            "purpose": "domestic",
            "status": "active",
            "built_on": "2010-01-01",
            "metering": "manual",
            "meter_installed_on": "2010-01-01",
            "meter_ok": True,
        },
    ],
}


def build_template(root: Path, parsed) -> tuple[Path, Path]:
    """(database, search index directory), built once per test session."""
    from zhengce.corpus.store import CorpusStore
    from zhengce.db import make_engine
    from zhengce.regimes.groundwater.bundle import read_bundle
    from zhengce.regimes.groundwater.check import run_check
    from zhengce.regimes.groundwater.demo import generate
    from zhengce.regimes.groundwater.store import load_bundle
    from zhengce.search.maintain import open_index

    db = root / "template.db"
    engine = make_engine(str(db))
    store = CorpusStore(engine)
    store.ingest(parsed.documents)
    open_index(store, root / "index")
    load_bundle(engine, generate(300, 2021))
    bundle_dir = root / "other-county"
    bundle_dir.mkdir()
    (bundle_dir / "bundle.json").write_text(json.dumps(_BUNDLE, ensure_ascii=False), encoding="utf-8")
    (bundle_dir / "withdrawals.csv").write_text(
        "works_id,date,volume_m3\n" + "".join(f"{OTHER_WORKS},2024-{m:02d},3000\n" for m in range(1, 13)),
        encoding="utf-8",
    )
    load_bundle(engine, read_bundle(bundle_dir))
    run_check(engine, date(2024, 12, 31))
    from zhengce.provisions.store import ProvisionStore

    ProvisionStore(engine).refresh()  # else every app built on a copy would compute them again
    engine.dispose()
    return db, root / "index"


def copy_db(src: Path, dst: Path) -> Path:
    """SQLite backup API: a consistent copy even with WAL."""
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close()
    b.close()
    return dst
