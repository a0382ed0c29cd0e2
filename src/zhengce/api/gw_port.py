"""Seam to the groundwater regime: every read and write the API/web layer makes, narrowed by a Scope.

Reads go through `zhengce.regimes.groundwater.queries` (and the telemetry store for readings);
the few views it has no function for (owner-filtered lists, zones as GeoJSON, map points,
monthly totals) read the registry tables here, read-only. `load_backend` returns None while the
regime is not installed, and the API answers 503.

Jurisdiction lives here, not in the templates: a works, finding or station outside the caller's
scope is reported as not found (404) so that its existence is not disclosed; a region outside it
is refused (403).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.engine import Engine

from ..errors import NotFound
from .errors import ApiError
from .jurisdiction import Scope
from .services import optional_module

CACHE_SECONDS = 30.0  # dashboards may lag the registry by this much; the big GROUP BYs are not free


def load_backend(engine: Engine) -> GroundwaterBackend | None:
    queries = optional_module("zhengce.regimes.groundwater.queries")
    if queries is None:
        return None
    return GroundwaterBackend(engine, queries)


class TTLCache:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self._data: dict[Any, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        now = time.monotonic()
        with self._lock:
            hit = self._data.get(key)
        if hit is not None and now - hit[0] < self.seconds:
            return hit[1]
        value = make()
        with self._lock:
            if len(self._data) > 256:
                self._data.clear()
            self._data[key] = (now, value)
        return value

    def json(self, key: Any, make: Callable[[], Any]) -> tuple[bytes, str]:
        """(serialized body, ETag), so a large cached answer is not re-serialized per request."""

        def build():
            body = json.dumps(make(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'

        return self.get(("json", key), build)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


def region_prefix(code: str) -> str:
    """GB/T 2260 code → the prefix its descendants share (370100 → 3701)."""
    while code.endswith("00") and len(code) > 2:
        code = code[:-2]
    return code


class GroundwaterBackend:
    def __init__(self, engine: Engine, queries) -> None:
        from zhengce.regimes.groundwater import schema, vocab

        self.engine = engine
        self.q = queries
        self.t = schema
        self.vocab = vocab
        self.cache = TTLCache(CACHE_SECONDS)
        schema.create_all(engine)
        self.telemetry = optional_module("zhengce.regimes.groundwater.telemetry.store")
        if self.telemetry is not None:
            self.telemetry.ensure_schema(engine)

    # ------------------------------------------------------------------ scope helpers
    def region_for(self, scope: Scope, region: str | None) -> str | None:
        """The region prefix a query runs on: the caller's own area, or a requested part of it."""
        if scope.public_only:
            raise ApiError(401, "unauthenticated", "需要登录 (authentication required)")
        if scope.owner is not None:
            if region:
                raise ApiError(
                    403, "forbidden", "取水工程所有权人只能查看自己的工程 (owners see their own works)"
                )
            return None
        if region is None:
            return scope.region_prefix
        if not scope.allows_region(region) or not region_prefix(region).startswith(scope.region_prefix or ""):
            raise ApiError(
                403,
                "out_of_jurisdiction",
                f"行政区划 {region} 不在您的管辖范围内 (outside your jurisdiction)",
            )
        return region_prefix(region)

    def _require_record(self, scope: Scope, region_code: str | None, owner: str | None, what: str) -> None:
        if not scope.allows_record(region_code, owner):
            raise NotFound(f"{what}不存在或不在您的管辖范围内 (not found)")

    # ------------------------------------------------------------------ regions and zones
    def regions(self) -> list[dict]:
        r = self.t.regions
        with self.engine.connect() as conn:
            rows = conn.execute(select(r.c.code, r.c.name, r.c.level, r.c.parent_code).order_by(r.c.code))
            return [dict(x._mapping) for x in rows]

    def region(self, code: str) -> dict:
        found = next((r for r in self.regions() if r["code"] == code), None)
        if found is None:
            raise NotFound(f"行政区划 {code} 未登记 (unknown region)")
        return found

    def region_summaries(self, scope: Scope, region: str | None) -> list[dict]:
        prefix = self.region_for(scope, region)
        if scope.owner is not None:
            raise ApiError(403, "forbidden", "仅限水行政主管部门 (authorities only)")
        return self.cache.get(("summaries", prefix), lambda: self.q.region_summaries(self.engine, prefix))

    def zones_geojson(self) -> dict:
        """Zones are public (第三十三条、第三十四条: 超采区、禁止/限制开采区 are published)."""

        def build():
            z = self.t.zones
            with self.engine.connect() as conn:
                rows = conn.execute(select(z).order_by(z.c.zone_id)).all()
            return {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "id": r.zone_id,
                        "geometry": json.loads(r.geometry),
                        "properties": {
                            "zone_id": r.zone_id,
                            "kind": r.kind,
                            "kind_label": self.vocab.ZONE_KINDS.get(r.kind, r.kind),
                            "name": r.name,
                            "region_code": r.region_code,
                            "designated_on": r.designated_on.isoformat() if r.designated_on else None,
                        },
                    }
                    for r in rows
                ],
            }

        return self.cache.get(("zones",), build)

    def credit_records(self, region: str | None = None) -> list[dict]:
        """诚信档案 (第五十三条): results are public."""
        c = self.t.credit_records
        q = select(c).order_by(c.c.recorded_on.desc(), c.c.record_id)
        if region:
            q = q.where(c.c.region_code.like(region_prefix(region) + "%"))
        with self.engine.connect() as conn:
            return [_plain(dict(r._mapping)) for r in conn.execute(q.limit(500))]

    def public_monitoring(self) -> list[dict]:
        """调查评价/监测成果 (第十一条、第十五条): each station's latest level against its control level."""

        def build():
            st, lv = self.t.stations, self.t.levels
            last = (
                select(lv.c.station_id, func.max(lv.c.observed_on).label("on"))
                .group_by(lv.c.station_id)
                .subquery()
            )
            q = (
                select(
                    st.c.station_id,
                    st.c.name,
                    st.c.region_code,
                    st.c.control_level_m,
                    lv.c.observed_on,
                    lv.c.level_m,
                )
                .join(last, last.c.station_id == st.c.station_id)
                .join(lv, (lv.c.station_id == last.c.station_id) & (lv.c.observed_on == last.c.on))
                .order_by(st.c.station_id)
            )
            with self.engine.connect() as conn:
                rows = [_plain(dict(r._mapping)) for r in conn.execute(q)]
            for r in rows:
                control = r["control_level_m"]
                r["below_control"] = None if control is None else r["level_m"] < control
            return rows

        return self.cache.get(("monitoring",), build)

    # ------------------------------------------------------------------ works
    def works_page(self, scope: Scope, region: str | None, after: str | None, limit: int) -> list[dict]:
        prefix = self.region_for(scope, region)
        if scope.owner is not None:
            return self._owner_works(scope.owner, after, limit)
        rows = self.q.list_works(self.engine, prefix, after=after, limit=limit)
        return [r for r in rows if scope.allows_record(r["region_code"], r.get("owner"))]

    def _owner_works(self, owner: str, after: str | None, limit: int) -> list[dict]:
        w = self.t.works
        q = select(w.c.works_id).where(w.c.owner == owner).order_by(w.c.works_id).limit(limit)
        if after:
            q = q.where(w.c.works_id > after)
        with self.engine.connect() as conn:
            ids = list(conn.execute(q).scalars())
        out = []
        for works_id in ids:
            detail = self.q.works_detail(self.engine, works_id)
            detail["compliance"] = self._compliance([works_id]).get(works_id, "ok")
            out.append(detail)
        return out

    def _compliance(self, ids: list[str]) -> dict[str, str]:
        f = self.t.findings
        kinds: dict[str, set[str]] = {}
        with self.engine.connect() as conn:
            for subject, kind in conn.execute(
                select(f.c.subject, f.c.kind).where(
                    f.c.subject.in_(ids), f.c.status.in_(("open", "ordered", "overdue"))
                )
            ):
                kinds.setdefault(subject, set()).add(kind)
        return {k: "violation" if "violation" in v else "warning" for k, v in kinds.items()}

    def works_points_json(self, scope: Scope, region: str | None) -> tuple[bytes, str]:
        prefix = self.region_for(scope, region)
        return self.cache.json(("points", prefix, scope.owner), lambda: self.works_points(scope, region))

    def zones_json(self) -> tuple[bytes, str]:
        return self.cache.json(("zones",), self.zones_geojson)

    def works_points(self, scope: Scope, region: str | None) -> dict:
        """Every works in scope as GeoJSON points, coloured by compliance on the map."""
        prefix = self.region_for(scope, region)
        key = ("points", prefix, scope.owner)

        def build():
            rows: list[dict] = []
            after = None
            while True:
                page = self.works_page(scope, region, after, 1000)
                rows += page
                if len(page) < 1000:
                    break
                after = page[-1]["works_id"]
            return {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "id": r["works_id"],
                        "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                        "properties": {
                            "works_id": r["works_id"],
                            "kind": self.vocab.WORKS_KINDS.get(r["kind"], r["kind"]),
                            "status": self.vocab.WORKS_STATUS.get(r["status"], r["status"]),
                            "owner": r.get("owner"),
                            "compliance": r["compliance"],
                        },
                    }
                    for r in rows
                ],
            }

        return self.cache.get(key, build)

    def works(self, scope: Scope, works_id: str) -> dict:
        if scope.public_only:
            raise ApiError(401, "unauthenticated", "需要登录 (authentication required)")
        detail = self.q.works_detail(self.engine, works_id)
        self._require_record(scope, detail["region_code"], detail.get("owner"), f"取水工程 {works_id} ")
        detail["compliance"] = self._compliance([works_id]).get(works_id, "ok")
        detail["permit"] = self._permit(detail.get("permit_id"))
        return detail

    def _permit(self, permit_id: str | None) -> dict | None:
        if not permit_id:
            return None
        p = self.t.permits
        with self.engine.connect() as conn:
            row = conn.execute(select(p).where(p.c.permit_id == permit_id)).first()
        return _plain(dict(row._mapping)) if row else None

    def withdrawals(self, scope: Scope, works_id: str, start: date | None, end: date | None) -> list[dict]:
        self.works(scope, works_id)
        return self.q.works_withdrawals(self.engine, works_id, start, end)

    def readings(self, scope: Scope, works_id: str, cursor: str | None, limit: int) -> dict:
        self.works(scope, works_id)
        store = self.telemetry
        if store is None:
            return {"items": [], "next_cursor": None}
        page = store.page_readings(self.engine, works_id, cursor=cursor, limit=limit)
        return {"items": [_plain(r) for r in page.rows], "next_cursor": page.next_cursor}

    def latest(self, scope: Scope, works_id: str) -> list[dict]:
        self.works(scope, works_id)
        if self.telemetry is None:
            return []
        return [_plain(r) for r in self.telemetry.latest_values(self.engine, works_id)]

    def ingest_readings(self, scope: Scope, readings: list) -> dict:
        """Readings batch from a terminal or operator (JSON records or parsed ``Reading`` objects):
        every works named must be the caller's."""
        if scope.public_only:
            raise ApiError(401, "unauthenticated", "需要登录 (authentication required)")
        ids = sorted(
            {
                str(r.get("works_id", "") if isinstance(r, dict) else getattr(r, "works_id", ""))
                for r in readings
            }
        )
        w = self.t.works
        with self.engine.connect() as conn:
            known = {
                x.works_id: (x.region_code, x.owner)
                for x in conn.execute(
                    select(w.c.works_id, w.c.region_code, w.c.owner).where(w.c.works_id.in_(ids))
                )
            }
        foreign = [i for i in ids if i not in known or not scope.allows_record(*known[i])]
        if foreign:
            shown = "、".join(foreign[:5])
            raise ApiError(
                403, "out_of_jurisdiction", f"无权为以下取水工程上报读数：{shown} (not your works)"
            )
        if self.telemetry is None:
            raise ApiError(503, "unavailable", "读数存储尚未就绪 (telemetry store not available)")
        return self.telemetry.ingest_batch(self.engine, readings)

    # ------------------------------------------------------------------ findings
    def findings(
        self,
        scope: Scope,
        region: str | None,
        *,
        kind: str | None,
        status: str | None,
        article: str | None,
        rule_id: str | None,
        subject: str | None,
        after: int | None,
        limit: int,
    ) -> list[dict]:
        prefix = self.region_for(scope, region)
        if scope.owner is not None or subject is not None:
            return self._subject_findings(scope, subject, kind, status, article, after, limit)
        rows = self.q.list_findings(
            self.engine,
            prefix,
            kind=kind,
            status=status,
            article=article,
            rule_id=rule_id,
            after=after,
            limit=limit,
        )
        return rows

    def _subject_findings(self, scope, subject, kind, status, article, after, limit) -> list[dict]:
        f, w = self.t.findings, self.t.works
        q = select(f.c.id, f.c.data, f.c.region_code).order_by(f.c.id).limit(limit)
        if scope.owner is not None:
            q = q.where(f.c.subject.in_(select(w.c.works_id).where(w.c.owner == scope.owner)))
        elif scope.region_prefix:
            q = q.where(f.c.region_code.like(scope.region_prefix + "%"))
        if subject is not None:
            q = q.where(f.c.subject == subject)
        for col, value in ((f.c.kind, kind), (f.c.status, status)):
            if value is not None:
                q = q.where(col == value)
        if article is not None:
            q = q.where(f.c.article.like(article + "%"))
        if after is not None:
            q = q.where(f.c.id > after)
        with self.engine.connect() as conn:
            return [{"id": i, **data} for i, data, _ in conn.execute(q)]

    # ------------------------------------------------------------------ stations, dashboards
    def stations(self, scope: Scope, region: str | None) -> list[dict]:
        prefix = self.region_for(scope, region)
        s = self.t.stations
        q = select(s).order_by(s.c.station_id)
        if prefix:
            q = q.where(s.c.region_code.like(prefix + "%"))
        with self.engine.connect() as conn:
            return [_plain(dict(r._mapping)) for r in conn.execute(q)]

    def station_levels(self, scope: Scope, station_id: str, start: date | None, end: date | None) -> dict:
        if scope.public_only or scope.owner is not None:
            raise ApiError(403, "forbidden", "仅限水行政主管部门 (authorities only)")
        data = self.q.station_levels(self.engine, station_id, start, end)
        self._require_record(scope, data["region_code"], None, f"监测站 {station_id} ")
        return data

    def report(self, scope: Scope, region: str, year: int) -> dict:
        self.region_for(scope, region)
        if scope.owner is not None:
            raise ApiError(403, "forbidden", "仅限水行政主管部门 (authorities only)")
        from zhengce.regimes.groundwater.report import annual_report

        return self.cache.get(("report", region, year), lambda: annual_report(self.engine, region, year))

    def monthly(self, scope: Scope, region: str, year: int) -> list[dict]:
        """Withdrawals per month of `year` in the region, with the annual plan and quota."""
        prefix = self.region_for(scope, region)
        if scope.owner is not None:
            raise ApiError(403, "forbidden", "仅限水行政主管部门 (authorities only)")

        def build():
            w, wk, ry = self.t.withdrawals, self.t.works, self.t.region_years
            month = func.substr(cast(w.c.start, String), 1, 7)
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(month, func.sum(w.c.volume_m3))
                    .join(wk, wk.c.works_id == w.c.works_id)
                    .where(
                        wk.c.region_code.like((prefix or "") + "%"),
                        w.c.start >= date(year, 1, 1),
                        w.c.start <= date(year, 12, 31),
                    )
                    .group_by(month)
                    .order_by(month)
                ).all()
                targets = conn.execute(
                    select(func.sum(ry.c.plan_m3), func.sum(ry.c.quota_m3)).where(
                        ry.c.region_code.like((prefix or "") + "%"), ry.c.year == year
                    )
                ).one()
            return {
                "year": year,
                "months": [{"month": m, "volume_m3": round(v or 0.0)} for m, v in rows],
                "plan_m3": targets[0],
                "quota_m3": targets[1],
            }

        return self.cache.get(("monthly", prefix, year), build)

    # ------------------------------------------------------------------ permit decisions
    def decide(self, scope: Scope, data: dict, as_of: date, resolver) -> dict:
        if scope.public_only:
            raise ApiError(401, "unauthenticated", "需要登录 (authentication required)")
        if not scope.is_authority:
            raise ApiError(403, "forbidden", "仅限水行政主管部门 (authorities only)")
        if not scope.allows_region(str(data.get("region_code", ""))):
            raise ApiError(
                403, "out_of_jurisdiction", "申请所在行政区划不在您的管辖范围内 (outside your jurisdiction)"
            )
        from zhengce.regimes.groundwater.application import complete_from_registry
        from zhengce.regimes.groundwater.decide import decide

        application = complete_from_registry(self.engine, data, as_of)
        return decide(application, as_of, resolver).to_dict() | {
            "application": _plain({k: v for k, v in application.__dict__.items() if k != "zones"})
            | {"zones": sorted(application.zones)}
        }


def _plain(row: dict) -> dict:
    from datetime import datetime
    from decimal import Decimal

    out = {}
    for k, v in row.items():
        if isinstance(v, date | datetime):
            v = v.isoformat()
        elif isinstance(v, Decimal):
            v = float(v)
        out[k] = v
    return out
