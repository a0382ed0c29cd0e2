"""Write a Bundle back out as a bundle directory (the demo's --export and the examples)."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from zhengce.regimes.groundwater.bundle import FORMAT, Bundle


def _plain(v):
    return v.isoformat() if isinstance(v, date) else v


def write_bundle(bundle: Bundle, directory: Path) -> None:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    aquifers: dict[str, list[str]] = {}
    for works_id, aquifer_id in bundle.works_aquifers:
        aquifers.setdefault(works_id, []).append(aquifer_id)
    data: dict = {"format": FORMAT}
    for table, rows in bundle.records.items():
        out = []
        for r in rows:
            row = {k: _plain(v) for k, v in r.items() if v is not None}
            if table == "works" and r["works_id"] in aquifers:
                row["aquifers"] = aquifers[r["works_id"]]
            out.append(row)
        data[table] = out
    (directory / "bundle.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    features = [
        {
            "type": "Feature",
            "properties": {
                k: _plain(v) for k, v in z.items() if k not in ("geometry", "_shape") and v is not None
            },
            "geometry": json.loads(z["geometry"]),
        }
        for z in bundle.zones
    ]
    (directory / "zones.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    with (directory / "withdrawals.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["works_id", "date", "volume_m3"])
        for works_id, period, start, volume in bundle.withdrawals:
            w.writerow([works_id, start.isoformat() if period == "D" else start.isoformat()[:7], volume])
    with (directory / "levels.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["station_id", "date", "level_m"])
        for station, day, level in bundle.levels:
            w.writerow([station, day.isoformat(), level])
