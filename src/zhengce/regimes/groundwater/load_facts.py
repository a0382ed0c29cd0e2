"""Turn the stored registry into rule facts as of a date (volumes aggregated in SQL, one pass each)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.engine import Connection

from zhengce.regimes.groundwater import schema as t
from zhengce.regimes.groundwater.facts import (
    AquiferFacts,
    EventFacts,
    FeeScheduleFacts,
    RegionYearFacts,
    WorksFacts,
)
from zhengce.regimes.groundwater.transmission import TransmissionSource
from zhengce.regimes.groundwater.vectorised import WorksColumns

WINDOW = 365  # days: "近一年" is the 365 days ending on the as-of date


def region_prefix(code: str) -> str:
    """GB/T 2260: 370000 → '37', 370100 → '3701', 370102 → '370102' (descendants share the prefix)."""
    while code.endswith("00") and len(code) > 2:
        code = code[:-2]
    return code


def in_region(column, region: str | None):
    return literal(True) if region is None else column.like(region_prefix(region) + "%")


def region_params(conn: Connection) -> dict[str, dict[str, Any]]:
    """Each region's parameters, inherited from its parents where it sets none itself."""
    rows = {r.code: dict(r._mapping) for r in conn.execute(select(t.regions))}
    params = (
        "meter_deadline",
        "online_threshold_m3",
        "geothermal_online_threshold_m3",
        "excavation_depth_m",
        "drainage_scale_m3",
        "water_resource_tax",
    )
    out: dict[str, dict[str, Any]] = {}
    for code, row in rows.items():
        merged: dict[str, Any] = {}
        node: dict | None = row
        seen = set()
        while node is not None and node["code"] not in seen:
            seen.add(node["code"])
            for p in params:
                if merged.get(p) is None and node.get(p) is not None:
                    merged[p] = node[p]
            node = rows.get(node["parent_code"]) if node.get("parent_code") else None
        out[code] = merged
    return out


def _volumes(conn: Connection, as_of: date, region: str | None) -> dict[str, dict[str, float]]:
    w, wk = t.withdrawals, t.works
    start = as_of - timedelta(days=WINDOW - 1)
    prev = start - timedelta(days=WINDOW)
    in_window = and_(w.c.start >= start, w.c.start <= as_of)
    after_exempt = and_(
        wk.c.exemption_until.is_not(None), w.c.start > wk.c.exemption_until, w.c.start <= as_of
    )
    daily_since_meter = and_(
        in_window,
        w.c.period == "D",
        or_(wk.c.meter_installed_on.is_(None), w.c.start >= wk.c.meter_installed_on),
    )
    q = (
        select(
            w.c.works_id,
            func.sum(case((in_window, w.c.volume_m3), else_=0.0)),
            func.sum(case((and_(w.c.start >= prev, w.c.start < start), w.c.volume_m3), else_=0.0)),
            func.sum(case((after_exempt, w.c.volume_m3), else_=0.0)),
            func.sum(case((daily_since_meter, 1), else_=0)),
        )
        .join(wk, wk.c.works_id == w.c.works_id)
        .where(w.c.start >= prev, w.c.start <= as_of, in_region(wk.c.region_code, region))
        .group_by(w.c.works_id)
    )
    return {
        r[0]: {"year": r[1] or 0.0, "prev": r[2] or 0.0, "after": r[3] or 0.0, "days": int(r[4] or 0)}
        for r in conn.execute(q)
    }


def _zones_of(
    conn: Connection, as_of: date, region: str | None
) -> tuple[dict[str, set[str]], dict[str, date]]:
    z, wz, wk = t.zones, t.works_zones, t.works
    q = (
        select(wz.c.works_id, z.c.kind, z.c.designated_on)
        .join(z, z.c.zone_id == wz.c.zone_id)
        .join(wk, wk.c.works_id == wz.c.works_id)
        .where(
            or_(z.c.designated_on.is_(None), z.c.designated_on <= as_of), in_region(wk.c.region_code, region)
        )
    )
    kinds: dict[str, set[str]] = defaultdict(set)
    restricted: dict[str, date] = {}
    for works_id, kind, designated in conn.execute(q):
        kinds[works_id].add(kind)
        if kind == "restricted" and designated is not None:
            restricted[works_id] = min(designated, restricted.get(works_id, designated))
    return kinds, restricted


def works_columns(
    conn: Connection, as_of: date, region: str | None = None, transmission: TransmissionSource | None = None
) -> WorksColumns:
    """Every works in ``region`` as columns of WorksFacts fields (ordered by works_id).

    ``transmission`` (telemetry) overrides the registry's ``transmitting``/``meter_ok`` flags and the
    daily-record count where it has an observation for the works; the registry stays the fallback.
    """
    params = region_params(conn)
    vols = _volumes(conn, as_of, region)
    zones, restricted = _zones_of(conn, as_of, region)
    aq = {
        r.aquifer_id: AquiferFacts(r.aquifer_id, r.kind, r.non_renewable, r.polluted, r.quality_class)
        for r in conn.execute(select(t.aquifers))
    }
    works_aq: dict[str, list[AquiferFacts]] = defaultdict(list)
    for works_id, aquifer_id in conn.execute(select(t.works_aquifers)):
        works_aq[works_id].append(aq[aquifer_id])
    well_filings: dict[str, date] = {}
    for subject, filed in conn.execute(
        select(t.filings.c.subject_id, t.filings.c.filed_on).where(t.filings.c.kind == "well_filing")
    ):
        well_filings[subject] = min(filed, well_filings.get(subject, filed))
    permits = {r.permit_id: r for r in conn.execute(select(t.permits))}
    rows = {
        r.works_id: r
        for r in conn.execute(
            select(t.works).where(in_region(t.works.c.region_code, region)).order_by(t.works.c.works_id)
        )
    }
    paired_rows = {}
    missing_pairs = {
        r.paired_works_id for r in rows.values() if r.paired_works_id and r.paired_works_id not in rows
    }
    if missing_pairs:
        paired_rows = {
            r.works_id: r for r in conn.execute(select(t.works).where(t.works.c.works_id.in_(missing_pairs)))
        }
        vols.update(_volumes(conn, as_of, None) if missing_pairs else {})
    start = as_of - timedelta(days=WINDOW - 1)
    online = [w for w, r in rows.items() if r.metering == "online"]
    observed = transmission.observe(online, start, as_of) if transmission is not None and online else {}
    out: dict[str, list] = defaultdict(list)
    for wid, r in rows.items():
        p = params.get(r.region_code, {})
        v = vols.get(wid, {"year": 0.0, "prev": 0.0, "after": 0.0, "days": 0})
        installed = r.meter_installed_on
        window_start = max(start, installed) if installed else start
        permit = permits.get(r.permit_id) if r.permit_id else None
        pair = (
            rows.get(r.paired_works_id) or paired_rows.get(r.paired_works_id) if r.paired_works_id else None
        )
        pv = vols.get(r.paired_works_id, {}) if pair is not None else {}
        seen = observed.get(wid)
        if seen is not None and r.metering == "online":
            transmitting = r.transmitting if seen.transmitting is None else seen.transmitting
            reporting = v["days"] if seen.days_received is None else seen.days_received
        else:
            transmitting, reporting = r.transmitting, v["days"]
        meter_ok = r.meter_ok if seen is None or seen.meter_ok is None else seen.meter_ok
        row = dict(
            work_id=wid,
            built_on=r.built_on,
            meter_installed=r.metering != "none",
            county_meter_deadline=p.get("meter_deadline"),
            max_daily_m3=r.max_daily_m3,
            annual_abstraction_m3=v["year"],
            online_threshold_m3=p.get("online_threshold_m3"),
            online_meter_installed=r.metering == "online",
            realtime_transmission=transmitting if r.metering == "online" else False,
            serious=r.serious,
            kind=r.kind,
            region_code=r.region_code,
            status=r.status,
            status_since=r.status_since,
            owner=r.owner,
            purpose=r.purpose,
            zones=frozenset(zones.get(wid, ())),
            restricted_since=restricted.get(wid),
            aquifers=tuple(works_aq.get(wid, ())),
            exemption=r.exemption,
            exemption_until=r.exemption_until,
            metering=r.metering,
            meter_ok=meter_ok if r.metering != "none" else None,
            volume_year_m3=v["year"],
            volume_prev_year_m3=v["prev"],
            volume_after_exemption_m3=v["after"],
            reporting_days=reporting,
            window_days=max(0, (as_of - window_start).days + 1),
            sealed_on=r.sealed_on,
            sealing_reported=r.sealing_reported,
            unable_to_seal=r.unable_to_seal,
            construction_started_on=r.construction_started_on or r.built_on,
            well_filed_on=well_filings.get(wid),
            permit_annual_m3=permit.annual_m3 if permit else None,
            permit_valid_to=permit.valid_to if permit and permit.valid_from <= as_of else None,
            paired_works_id=r.paired_works_id,
            paired_volume_year_m3=pv.get("year", 0.0) if pair is not None else None,
            paired_aquifer_ids=frozenset(a.aquifer_id for a in works_aq.get(r.paired_works_id, ())),
            paired_metering=pair.metering if pair is not None else None,
            paired_transmitting=pair.transmitting if pair is not None else None,
            geothermal_online_threshold_m3=p.get("geothermal_online_threshold_m3"),
        )
        for name, value in row.items():
            out[name].append(value)
    if not rows:
        out["work_id"] = []
    return WorksColumns.from_values(out)


def works_facts(
    conn: Connection, as_of: date, region: str | None = None, transmission: TransmissionSource | None = None
) -> dict[str, WorksFacts]:
    """The per-row view of :func:`works_columns`: works_id → WorksFacts."""
    return works_columns(conn, as_of, region, transmission).all_facts()


def event_facts(conn: Connection, as_of: date, region: str | None = None) -> dict[str, EventFacts]:
    from zhengce.regimes.groundwater.geo import load_geometry, membership

    params = region_params(conn)
    rows = list(conn.execute(select(t.events).where(in_region(t.events.c.region_code, region))))
    filings: dict[str, list[tuple[str, date]]] = defaultdict(list)
    for kind, subject, filed in conn.execute(
        select(t.filings.c.kind, t.filings.c.subject_id, t.filings.c.filed_on)
    ):
        filings[subject].append((kind, filed))
    zrows = [z for z in conn.execute(select(t.zones)) if z.designated_on is None or z.designated_on <= as_of]
    located = [i for i, r in enumerate(rows) if r.lon is not None and r.lat is not None]
    zones: dict[int, set[str]] = defaultdict(set)
    kind_of = {z.zone_id: z.kind for z in zrows}
    for i, zone_id in membership(
        [z.zone_id for z in zrows],
        [load_geometry(z.geometry) for z in zrows],
        [rows[i].lon for i in located],
        [rows[i].lat for i in located],
    ):
        zones[located[i]].add(kind_of[zone_id])
    out = {}
    for i, r in enumerate(rows):
        p = params.get(r.region_code, {})
        attrs = dict(r.attrs or {})
        out[r.event_id] = EventFacts(
            event_id=r.event_id,
            kind=r.kind,
            region_code=r.region_code,
            party=r.party,
            started_on=r.started_on,
            ended_on=r.ended_on,
            zones=frozenset(zones.get(i, ())),
            attrs=attrs,
            filings=tuple(filings.get(r.event_id, ())),
            excavation_depth_m=p.get("excavation_depth_m"),
            drainage_scale_m3=p.get("drainage_scale_m3"),
            has_permit=attrs.get("has_permit"),
        )
    return out


def region_year_facts(
    conn: Connection, as_of: date, region: str | None = None, year: int | None = None
) -> dict[str, RegionYearFacts]:
    """Counties only (the level 第二十条 plans for); ``year`` defaults to the as-of year."""
    year = year or as_of.year
    first, last = date(year, 1, 1), min(date(year, 12, 31), as_of)
    counties = {
        r.code: r
        for r in conn.execute(
            select(t.regions).where(t.regions.c.level == "county", in_region(t.regions.c.code, region))
        )
    }
    if not counties:
        return {}
    ry = {r.region_code: r for r in conn.execute(select(t.region_years).where(t.region_years.c.year == year))}
    w, wk = t.withdrawals, t.works
    totals = dict(
        conn.execute(
            select(wk.c.region_code, func.sum(w.c.volume_m3))
            .join(wk, wk.c.works_id == w.c.works_id)
            .where(w.c.start >= first, w.c.start <= last, wk.c.kind != "geothermal_reinjection")
            .group_by(wk.c.region_code)
        ).all()
    )
    s, lv = t.stations, t.levels
    means = conn.execute(
        select(s.c.station_id, s.c.region_code, s.c.control_level_m, func.avg(lv.c.level_m))
        .join(lv, lv.c.station_id == s.c.station_id)
        .where(lv.c.observed_on >= first, lv.c.observed_on <= last, s.c.control_level_m.is_not(None))
        .group_by(s.c.station_id, s.c.region_code, s.c.control_level_m)
    ).all()
    below: dict[str, list[str]] = defaultdict(list)
    with_control: dict[str, int] = defaultdict(int)
    for station, code, control, mean in means:
        with_control[code] += 1
        if mean < control:
            below[code].append(station)
    out = {}
    for code, r in counties.items():
        y = ry.get(code)
        out[f"{code}/{year}"] = RegionYearFacts(
            region_code=code,
            year=year,
            total_m3=float(totals.get(code) or 0.0),
            plan_m3=y.plan_m3 if y else None,
            quota_m3=y.quota_m3 if y else None,
            plan_filed_on=y.plan_filed_on if y else None,
            year_complete=as_of > date(year, 12, 31),
            stations_below=tuple(sorted(below.get(code, ()))),
            stations_with_control=with_control.get(code, 0),
            measures_taken=y.measures_taken if y else None,
            exploitable_m3=r.exploitable_m3,
        )
    return out


def fee_facts(conn: Connection, region: str | None = None) -> dict[str, FeeScheduleFacts]:
    params = region_params(conn)
    grouped: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for r in conn.execute(select(t.fee_rates).where(in_region(t.fee_rates.c.region_code, region))):
        key = "surface" if r.source == "surface" else r.area
        if r.source == "surface" and r.area != "normal":
            continue
        grouped[(r.region_code, r.use_type)][key] = r.fen_per_m3
    return {
        f"{code}/{use}": FeeScheduleFacts(
            region_code=code,
            use_type=use,
            water_resource_tax=bool(params.get(code, {}).get("water_resource_tax")),
            **rates,
        )
        for (code, use), rates in grouped.items()
    }
