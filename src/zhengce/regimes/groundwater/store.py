"""The registry store: loads validated bundles in one transaction, and the hooks telemetry calls.

Cross-record checks (unknown ids, duplicates, ids already stored) run against bundle ∪ store before
the transaction starts; any problem rejects the whole bundle and nothing is written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from zhengce.errors import NotFound, UserError
from zhengce.regimes.groundwater import schema as t
from zhengce.regimes.groundwater.bundle import SPECS, Bundle, BundleError
from zhengce.regimes.groundwater.geo import load_geometry, membership

TABLES = {
    "regions": t.regions,
    "aquifers": t.aquifers,
    "permits": t.permits,
    "works": t.works,
    "region_years": t.region_years,
    "stations": t.stations,
    "events": t.events,
    "filings": t.filings,
    "fee_rates": t.fee_rates,
    "credit_records": t.credit_records,
}
# Insert order respects foreign keys (paired works and filings' subjects are checked, not FK'd).
ORDER = (
    "regions",
    "aquifers",
    "permits",
    "works",
    "region_years",
    "stations",
    "events",
    "filings",
    "fee_rates",
    "credit_records",
)
COMPOSITE = {
    "region_years": ("region_code", "year"),
    "fee_rates": ("region_code", "use_type", "source", "area"),
}


@dataclass(frozen=True)
class LoadSummary:
    counts: dict[str, int]
    zone_memberships: int


def ensure_schema(engine: Engine) -> None:
    t.create_all(engine)


def _existing(conn: Connection, column) -> set:
    return set(conn.execute(select(column)).scalars())


def _check_references(conn: Connection, b: Bundle) -> list[str]:
    errors: list[str] = []
    known = {
        "regions": b.ids("regions") | _existing(conn, t.regions.c.code),
        "aquifers": b.ids("aquifers") | _existing(conn, t.aquifers.c.aquifer_id),
        "permits": b.ids("permits") | _existing(conn, t.permits.c.permit_id),
        "works": b.ids("works") | _existing(conn, t.works.c.works_id),
        "stations": b.ids("stations") | _existing(conn, t.stations.c.station_id),
        "events": b.ids("events") | _existing(conn, t.events.c.event_id),
    }
    stored_keys = {
        "regions": _existing(conn, t.regions.c.code),
        "aquifers": _existing(conn, t.aquifers.c.aquifer_id),
        "permits": _existing(conn, t.permits.c.permit_id),
        "works": _existing(conn, t.works.c.works_id),
        "stations": _existing(conn, t.stations.c.station_id),
        "events": _existing(conn, t.events.c.event_id),
        "filings": _existing(conn, t.filings.c.filing_id),
        "credit_records": _existing(conn, t.credit_records.c.record_id),
        "zones": _existing(conn, t.zones.c.zone_id),
    }
    # Duplicates, inside the bundle and against the store.
    for table, rows in [*b.records.items(), ("zones", b.zones)]:
        cols = COMPOSITE.get(table) or (SPECS[table][0] if table != "zones" else "zone_id",)
        keys = [tuple(r[c] for c in cols) for r in rows]
        for key, n in Counter(keys).items():
            if n > 1:
                errors.append(f"{table} {'/'.join(map(str, key))}：在数据包中重复 {n} 次 (duplicate id)")
        if table in stored_keys:
            for key in keys:
                if key[0] in stored_keys[table]:
                    errors.append(f"{table} {key[0]}：库中已存在 (already stored)")
    if table_rows := b.records.get("region_years"):
        stored = {tuple(r) for r in conn.execute(select(t.region_years.c.region_code, t.region_years.c.year))}
        errors += [
            f"region_years {r['region_code']}/{r['year']}：库中已存在 (already stored)"
            for r in table_rows
            if (r["region_code"], r["year"]) in stored
        ]

    def ref(where: str, field: str, value: Any, kind: str) -> None:
        if value is not None and value not in known[kind]:
            errors.append(f"{where}：{field}={value} 不存在 (unknown {kind} id)")

    rec = b.records
    for r in rec.get("regions", []):
        ref(f"regions code={r['code']}", "parent_code", r.get("parent_code"), "regions")
    for r in rec.get("permits", []):
        ref(f"permits permit_id={r['permit_id']}", "region_code", r["region_code"], "regions")
    for r in rec.get("works", []):
        where = f"works works_id={r['works_id']}"
        ref(where, "region_code", r["region_code"], "regions")
        ref(where, "permit_id", r.get("permit_id"), "permits")
        ref(where, "paired_works_id", r.get("paired_works_id"), "works")
    for works_id, aquifer_id in b.works_aquifers:
        ref(f"works works_id={works_id}", "aquifers", aquifer_id, "aquifers")
    for r in rec.get("region_years", []):
        ref(f"region_years {r['region_code']}/{r['year']}", "region_code", r["region_code"], "regions")
    for r in rec.get("stations", []):
        where = f"stations station_id={r['station_id']}"
        ref(where, "region_code", r["region_code"], "regions")
        ref(where, "aquifer_id", r.get("aquifer_id"), "aquifers")
    for r in rec.get("events", []):
        where = f"events event_id={r['event_id']}"
        ref(where, "region_code", r["region_code"], "regions")
        ref(where, "works_id", r.get("works_id"), "works")
        ref(where, "station_id", r.get("station_id"), "stations")
    subjects = known["works"] | known["events"] | known["regions"]
    for r in rec.get("filings", []):
        if r["subject_id"] not in subjects:
            errors.append(
                f"filings filing_id={r['filing_id']}：subject_id={r['subject_id']} 不存在 (unknown subject)"
            )
    for table in ("fee_rates", "credit_records"):
        for r in rec.get(table, []):
            ref(f"{table} {r.get('record_id', r['region_code'])}", "region_code", r["region_code"], "regions")
    for z in b.zones:
        ref(f"zones zone_id={z['zone_id']}", "region_code", z["region_code"], "regions")
    bad_works = Counter(w for w, *_ in b.withdrawals if w not in known["works"])
    errors += [
        f"withdrawals.csv：works_id={w} 不存在（{n} 行）(unknown works id)" for w, n in bad_works.items()
    ]
    bad_stations = Counter(s for s, *_ in b.levels if s not in known["stations"])
    errors += [
        f"levels.csv：station_id={s} 不存在（{n} 行）(unknown station id)" for s, n in bad_stations.items()
    ]
    if b.withdrawals:
        stored_w = (
            {
                tuple(r)
                for r in conn.execute(
                    select(t.withdrawals.c.works_id, t.withdrawals.c.period, t.withdrawals.c.start).where(
                        t.withdrawals.c.works_id.in_({w for w, *_ in b.withdrawals} & stored_keys["works"])
                    )
                )
            }
            if stored_keys["works"]
            else set()
        )
        dup = [(w, s) for w, p, s, _ in b.withdrawals if (w, p, s) in stored_w]
        errors += [f"withdrawals.csv：works_id={w} {s} 库中已存在 (already stored)" for w, s in dup[:20]]
    return errors


def _bulk(conn: Connection, table, rows: Sequence[tuple]) -> None:
    """Fast insert of many plain tuples (SQLite executemany, PostgreSQL COPY)."""
    if not rows:
        return
    raw = conn.connection.driver_connection
    cols = [c.name for c in table.columns]
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({', '.join(cols)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    cur = raw.cursor()
    marks = ", ".join("?" for _ in cols)
    # Column-wise: dates become ISO text through one lookup per distinct date (series repeat few dates).
    columns = list(zip(*rows, strict=True))
    for i, column in enumerate(columns):
        if isinstance(next((v for v in column if v is not None), None), date):
            iso = {v: v.isoformat() if isinstance(v, date) else v for v in set(column)}
            columns[i] = [iso[v] for v in column]
    cur.execute("PRAGMA cache_size = -65536")  # 64 MB page cache for the bulk insert (this connection)
    cur.executemany(
        f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({marks})", zip(*columns, strict=True)
    )


def _recompute_zones(conn: Connection, works_ids: Iterable[str] | None) -> int:
    """Refresh gw_works_zones for the given works (all works when None) from the zone geometry."""
    zrows = conn.execute(select(t.zones.c.zone_id, t.zones.c.geometry)).all()
    q = select(t.works.c.works_id, t.works.c.lon, t.works.c.lat)
    ids = None if works_ids is None else list(works_ids)
    if ids is not None:
        conn.execute(delete(t.works_zones).where(t.works_zones.c.works_id.in_(ids)))
        q = q.where(t.works.c.works_id.in_(ids))
    else:
        conn.execute(delete(t.works_zones))
    wrows = conn.execute(q).all()
    if not wrows or not zrows:
        return 0
    pairs = membership(
        [z.zone_id for z in zrows],
        [load_geometry(z.geometry) for z in zrows],
        np.array([w.lon for w in wrows]),
        np.array([w.lat for w in wrows]),
    )
    _bulk(conn, t.works_zones, [(wrows[i].works_id, z) for i, z in pairs])
    return len(pairs)


def _complete(table, row: dict[str, Any]) -> dict[str, Any]:
    """Every column present (executemany needs one key set); absent → the column default or NULL."""
    out = {}
    for col in table.columns:
        value = row.get(col.name)
        if value is None and col.default is not None and col.default.is_scalar:
            value = col.default.arg
        out[col.name] = value
    if "attrs" in out and out["attrs"] is None:
        out["attrs"] = {}
    return out


def load_bundle(engine: Engine, bundle: Bundle) -> LoadSummary:
    """Store a validated bundle, all or nothing."""
    ensure_schema(engine)
    try:
        return _load(engine, bundle)
    except IntegrityError as exc:  # a constraint the checks above missed: still all-or-nothing
        raise BundleError([f"数据库约束冲突：{exc.orig} (constraint violated)"]) from None


def _load(engine: Engine, bundle: Bundle) -> LoadSummary:
    with engine.begin() as conn:
        errors = _check_references(conn, bundle)
        if errors:
            raise BundleError(errors)
        counts: dict[str, int] = {}
        for table in ORDER:
            rows = [_complete(TABLES[table], r) for r in bundle.records.get(table, [])]
            if rows:
                conn.execute(TABLES[table].insert(), rows)
            counts[table] = len(rows)
        if bundle.zones:
            conn.execute(t.zones.insert(), [_complete(t.zones, z) for z in bundle.zones])
        counts["zones"] = len(bundle.zones)
        if bundle.works_aquifers:
            conn.execute(
                t.works_aquifers.insert(),
                [{"works_id": w, "aquifer_id": a} for w, a in bundle.works_aquifers],
            )
        _bulk(conn, t.withdrawals, bundle.withdrawals)
        _bulk(conn, t.levels, bundle.levels)
        counts["withdrawals"], counts["levels"] = len(bundle.withdrawals), len(bundle.levels)
        # New zones can contain old works: recompute all; otherwise only the new works.
        new_works = None if bundle.zones else bundle.ids("works")
        memberships = _recompute_zones(conn, new_works) if (bundle.zones or new_works) else 0
    return LoadSummary(counts, memberships)


# --- hooks for the telemetry package ---------------------------------------------------------------


def works_exists(engine: Engine, works_id: str) -> bool:
    """Is ``works_id`` a registered works? (False, not an error, when the registry is empty.)"""
    ensure_schema(engine)
    with engine.connect() as conn:
        return (
            conn.execute(select(t.works.c.works_id).where(t.works.c.works_id == works_id)).first() is not None
        )


def meter_status(
    engine: Engine,
    works_id: str,
    *,
    meter_ok: bool | None = None,
    transmitting: bool | None = None,
) -> dict[str, Any]:
    """Read a works' metering state; pass ``meter_ok``/``transmitting`` to record what telemetry observed.

    Returns {works_id, metering, meter_installed_on, meter_ok, transmitting} after any update.
    Raises NotFound for an unknown works id.
    """
    ensure_schema(engine)
    cols = (
        t.works.c.works_id,
        t.works.c.metering,
        t.works.c.meter_installed_on,
        t.works.c.meter_ok,
        t.works.c.transmitting,
    )
    with engine.begin() as conn:
        changes = {k: v for k, v in (("meter_ok", meter_ok), ("transmitting", transmitting)) if v is not None}
        if changes:
            conn.execute(update(t.works).where(t.works.c.works_id == works_id).values(**changes))
        row = conn.execute(select(*cols).where(t.works.c.works_id == works_id)).first()
    if row is None:
        raise NotFound(f"取水工程 {works_id} 未登记 (unknown works id)")
    return dict(row._mapping)


def require_registry(engine: Engine) -> None:
    """UserError when nothing has been loaded yet."""
    ensure_schema(engine)
    with engine.connect() as conn:
        if conn.execute(select(t.regions.c.code).limit(1)).first() is None:
            raise UserError(
                "地下水登记库为空：先运行 zhengce groundwater load BUNDLE 或 zhengce groundwater demo (registry is empty)"
            )
