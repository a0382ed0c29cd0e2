"""A county's annual summary: withdrawals against plan and quota, levels against control, open findings."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from zhengce.errors import NotFound
from zhengce.regimes.groundwater import schema as t
from zhengce.regimes.groundwater.load_facts import in_region, region_year_facts
from zhengce.regimes.groundwater.store import require_registry


def annual_report(engine: Engine, region: str, year: int, check_if_missing: bool = True) -> dict[str, Any]:
    """The county-year summary. Open findings come from the stored checks; when no check of the region
    was ever saved, one is run (and saved) as of the year's end (or today, inside the year)."""
    require_registry(engine)
    checked_now = None
    with engine.connect() as conn:
        stored = conn.execute(
            select(t.findings.c.id).where(in_region(t.findings.c.region_code, region)).limit(1)
        ).first()
        known = conn.execute(select(t.regions.c.code).where(t.regions.c.code == region)).first()
    if stored is None and known is not None and check_if_missing:
        from zhengce.regimes.groundwater.check import run_check

        checked_now = min(date(year, 12, 31), date.today())
        run_check(engine, checked_now, region)
    with engine.connect() as conn:
        reg = conn.execute(select(t.regions).where(t.regions.c.code == region)).first()
        if reg is None:
            raise NotFound(f"行政区划 {region} 未登记 (unknown region)")
        as_of = min(date(year, 12, 31), date.today())
        facts = region_year_facts(conn, date(year, 12, 31), region, year)
        w, wk = t.withdrawals, t.works
        by_kind = dict(
            conn.execute(
                select(wk.c.kind, func.sum(w.c.volume_m3))
                .join(wk, wk.c.works_id == w.c.works_id)
                .where(
                    in_region(wk.c.region_code, region),
                    w.c.start >= date(year, 1, 1),
                    w.c.start <= date(year, 12, 31),
                )
                .group_by(wk.c.kind)
            ).all()
        )
        s, lv = t.stations, t.levels
        stations = [
            {
                "station_id": sid,
                "control_level_m": control,
                "mean_level_m": round(mean, 3),
                "min_level_m": low,
                "below_control": mean < control if control is not None else None,
            }
            for sid, control, mean, low in conn.execute(
                select(s.c.station_id, s.c.control_level_m, func.avg(lv.c.level_m), func.min(lv.c.level_m))
                .join(lv, lv.c.station_id == s.c.station_id)
                .where(
                    in_region(s.c.region_code, region),
                    lv.c.observed_on >= date(year, 1, 1),
                    lv.c.observed_on <= date(year, 12, 31),
                )
                .group_by(s.c.station_id, s.c.control_level_m)
                .order_by(s.c.station_id)
            )
        ]
        f = t.findings
        last_check = conn.execute(
            select(func.max(f.c.as_of)).where(in_region(f.c.region_code, region))
        ).scalar()
        open_rows = conn.execute(
            select(f.c.rule_id, f.c.kind, f.c.article).where(
                in_region(f.c.region_code, region), f.c.status.in_(("open", "ordered", "overdue"))
            )
        ).all()
    counties = [
        {
            "region_code": x.region_code,
            "total_m3": round(x.total_m3 or 0.0),
            "plan_m3": x.plan_m3,
            "quota_m3": x.quota_m3,
            "within_plan": None if x.plan_m3 is None else (x.total_m3 or 0) <= x.plan_m3,
            "within_quota": None if x.quota_m3 is None else (x.total_m3 or 0) <= x.quota_m3,
            "plan_filed_on": x.plan_filed_on.isoformat() if x.plan_filed_on else None,
            "stations_below_control": list(x.stations_below),
        }
        for x in facts.values()
    ]
    return {
        "region_code": region,
        "region_name": reg.name,
        "year": year,
        "as_of": as_of.isoformat(),
        "withdrawals_by_kind_m3": {k: round(v) for k, v in sorted(by_kind.items())},
        "counties": counties,
        "stations": stations,
        "open_findings": {
            "total": len(open_rows),
            "last_check": last_check.isoformat() if last_check else None,
            "checked_now": checked_now is not None,
            "by_kind": dict(Counter(r.kind for r in open_rows)),
            "by_rule": dict(sorted(Counter(r.rule_id for r in open_rows).items())),
        },
    }
