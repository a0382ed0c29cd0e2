"""Read functions over the registry for the API/web layer: works, findings, region summaries, series.

All return plain dicts/lists (JSON-ready: dates as ISO strings). Paging is by cursor (``after`` = the
last works_id / finding id seen), never by offset.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from zhengce.errors import NotFound
from zhengce.regimes.groundwater import schema as t
from zhengce.regimes.groundwater.load_facts import in_region

OPEN = ("open", "ordered", "overdue")


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}


def list_works(
    engine: Engine, region: str | None = None, *, after: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """Works in a region (and below), each with ``compliance``: violation / warning / ok, from the last check."""
    t.create_all(engine)
    w, f = t.works, t.findings
    q = select(w).where(in_region(w.c.region_code, region)).order_by(w.c.works_id).limit(min(limit, 1000))
    if after:
        q = q.where(w.c.works_id > after)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q)]
        ids = [r["works_id"] for r in rows]
        kinds: dict[str, set[str]] = {}
        if ids:
            for subject, kind in conn.execute(
                select(f.c.subject, f.c.kind).where(f.c.subject.in_(ids), f.c.status.in_(OPEN))
            ):
                kinds.setdefault(subject, set()).add(kind)
    for r in rows:
        k = kinds.get(r["works_id"], set())
        r["compliance"] = "violation" if "violation" in k else "warning" if k else "ok"
    return [_plain(r) for r in rows]


def list_findings(
    engine: Engine,
    region: str | None = None,
    *,
    kind: str | None = None,
    status: str | None = None,
    article: str | None = None,
    rule_id: str | None = None,
    after: int | None = None,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """Stored findings filtered by region, kind, status, article (eid prefix, e.g. ``chp_7__art_58``) or rule."""
    t.create_all(engine)
    f = t.findings
    q = (
        select(f.c.id, f.c.data)
        .where(in_region(f.c.region_code, region))
        .order_by(f.c.id)
        .limit(min(limit, 1000))
    )
    for col, value in ((f.c.kind, kind), (f.c.status, status), (f.c.rule_id, rule_id)):
        if value is not None:
            q = q.where(col == value)
    if article is not None:
        q = q.where(f.c.article.like(article + "%"))
    if after is not None:
        q = q.where(f.c.id > after)
    with engine.connect() as conn:
        return [{"id": i, **data} for i, data in conn.execute(q)]


def region_summaries(engine: Engine, parent: str | None = None) -> list[dict[str, Any]]:
    """Per county (under ``parent``): works count, open violations/warnings, centroid for the map."""
    t.create_all(engine)
    r, w, f = t.regions, t.works, t.findings
    with engine.connect() as conn:
        counties = conn.execute(
            select(r.c.code, r.c.name).where(r.c.level == "county", in_region(r.c.code, parent))
        ).all()
        works = {
            code: (n, lon, lat)
            for code, n, lon, lat in conn.execute(
                select(w.c.region_code, func.count(), func.avg(w.c.lon), func.avg(w.c.lat)).group_by(
                    w.c.region_code
                )
            )
        }
        open_counts = Counter()
        for code, kind, n in conn.execute(
            select(f.c.region_code, f.c.kind, func.count())
            .where(f.c.status.in_(OPEN))
            .group_by(f.c.region_code, f.c.kind)
        ):
            open_counts[(code, kind)] = n
    return [
        {
            "region_code": code,
            "name": name,
            "works": works.get(code, (0, None, None))[0],
            "centroid": None if code not in works else [works[code][1], works[code][2]],
            "open_violations": open_counts[(code, "violation")],
            "open_warnings": open_counts[(code, "warning")],
        }
        for code, name in counties
    ]


def works_detail(engine: Engine, works_id: str) -> dict[str, Any]:
    t.create_all(engine)
    with engine.connect() as conn:
        row = conn.execute(select(t.works).where(t.works.c.works_id == works_id)).first()
        if row is None:
            raise NotFound(f"取水工程 {works_id} 未登记 (unknown works id)")
        zones = conn.execute(
            select(t.zones.c.zone_id, t.zones.c.kind, t.zones.c.name)
            .join(t.works_zones, t.works_zones.c.zone_id == t.zones.c.zone_id)
            .where(t.works_zones.c.works_id == works_id)
        ).all()
        aquifers = (
            conn.execute(select(t.works_aquifers.c.aquifer_id).where(t.works_aquifers.c.works_id == works_id))
            .scalars()
            .all()
        )
    return {
        **_plain(dict(row._mapping)),
        "zones": [dict(z._mapping) for z in zones],
        "aquifers": list(aquifers),
    }


def works_withdrawals(
    engine: Engine, works_id: str, start: date | None = None, end: date | None = None
) -> list[dict[str, Any]]:
    """The works' recorded volumes (daily and monthly), oldest first."""
    w = t.withdrawals
    q = select(w.c.period, w.c.start, w.c.volume_m3).where(w.c.works_id == works_id).order_by(w.c.start)
    if start:
        q = q.where(w.c.start >= start)
    if end:
        q = q.where(w.c.start <= end)
    with engine.connect() as conn:
        return [_plain(dict(r._mapping)) for r in conn.execute(q)]


def station_levels(
    engine: Engine, station_id: str, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """A station's control level and level series."""
    s, lv = t.stations, t.levels
    with engine.connect() as conn:
        st = conn.execute(select(s).where(s.c.station_id == station_id)).first()
        if st is None:
            raise NotFound(f"监测站 {station_id} 未登记 (unknown station)")
        q = (
            select(lv.c.observed_on, lv.c.level_m)
            .where(lv.c.station_id == station_id)
            .order_by(lv.c.observed_on)
        )
        if start:
            q = q.where(lv.c.observed_on >= start)
        if end:
            q = q.where(lv.c.observed_on <= end)
        series = [_plain(dict(r._mapping)) for r in conn.execute(q)]
    return {**_plain(dict(st._mapping)), "levels": series}
