"""Groundwater endpoints (zhengce.regimes.groundwater), every one narrowed by the caller's Scope."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from ..auth import audit
from ..deps import client_of, current_principal, current_scope, services
from ..errors import ApiError, error_response
from ..etag import bytes_with_etag
from ..gw_port import GroundwaterBackend
from ..jurisdiction import Principal, Scope
from ..pagination import decode_cursor, encode_cursor, fingerprint
from ..services import Services

router = APIRouter(prefix="/api/v1/groundwater", tags=["groundwater"])

RegionQ = Annotated[str | None, Query(pattern=r"^[1-9][0-9]{5}$", description="6 位行政区划代码")]
RegionP = Annotated[str, Path(pattern=r"^[1-9][0-9]{5}$", description="6 位行政区划代码")]
WorksP = Annotated[str, Path(min_length=1, max_length=64, description="取水工程编号")]
Cursor = Annotated[str | None, Query(max_length=500)]
Year = Annotated[int, Query(ge=2000, le=2100)]


def require_gw(svc: Services = Depends(services)) -> GroundwaterBackend:
    if svc.groundwater is None:
        raise ApiError(503, "unavailable", "地下水模块尚未就绪 (groundwater module not available)")
    return svc.groundwater


Backend = Annotated[GroundwaterBackend, Depends(require_gw)]
ScopeDep = Annotated[Scope, Depends(current_scope)]


def resolver_for(svc: Services):
    """Citation text for findings: the cited node's full text from the corpus."""

    def resolve(doc_id: str, eid: str) -> str | None:
        try:
            node = svc.corpus.document(doc_id).node(eid)
        except Exception:
            return None
        return node.full_text() if node is not None else None

    return resolve


# ---------------------------------------------------------------- public
@router.get("/regions", summary="行政区划（公开）")
def regions(gw: Backend):
    return {"items": gw.regions()}


@router.get("/zones", summary="超采区、禁止/限制开采区等区域（GeoJSON，公开）")
def zones(request: Request, gw: Backend):
    return bytes_with_etag(request, *gw.zones_json(), media_type="application/geo+json")


@router.get("/credit-records", summary="诚信档案（第五十三条，公开）")
def credit_records(gw: Backend, region: RegionQ = None):
    return {"items": gw.credit_records(region)}


@router.get("/monitoring", summary="监测成果：各监测站最新水位与控制水位（公开）")
def monitoring(gw: Backend):
    return {"items": gw.public_monitoring()}


# ---------------------------------------------------------------- authorities and owners
@router.get("/summaries", summary="区县概况：工程数、未整改违法与警示（按管辖范围）")
def summaries(gw: Backend, scope: ScopeDep, region: RegionQ = None):
    return {"items": gw.region_summaries(scope, region)}


@router.get("/regions/{code}/report", summary="年度报告：取水量与计划、指标，水位与控制水位，未结发现")
def report(gw: Backend, scope: ScopeDep, code: RegionP, year: Year = 2024):
    gw.region(code)
    return gw.report(scope, code, year)


@router.get("/regions/{code}/monthly", summary="逐月取水量与年度计划、总量控制指标")
def monthly(gw: Backend, scope: ScopeDep, code: RegionP, year: Year = 2024):
    gw.region(code)
    return gw.monthly(scope, code, year)


@router.get("/works", summary="取水工程列表（含合规状态；游标分页）")
def works(
    gw: Backend,
    scope: ScopeDep,
    region: RegionQ = None,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
):
    fp = fingerprint(region=region, owner=scope.owner, prefix=scope.region_prefix)
    after = decode_cursor(cursor, fp)
    rows = gw.works_page(scope, region, after if isinstance(after, str) else None, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_cursor": encode_cursor(rows[-1]["works_id"], fp) if more and rows else None}


@router.get("/works.geojson", summary="地图用：取水工程点位（GeoJSON，按合规状态着色）")
def works_points(request: Request, gw: Backend, scope: ScopeDep, region: RegionQ = None):
    return bytes_with_etag(request, *gw.works_points_json(scope, region), media_type="application/geo+json")


@router.get("/works/{works_id}", summary="取水工程详情：许可、计量、区域、含水层")
def works_detail(gw: Backend, scope: ScopeDep, works_id: WorksP):
    return gw.works(scope, works_id) | {"latest": gw.latest(scope, works_id)}


@router.get("/works/{works_id}/withdrawals", summary="取水量（逐日/逐月）")
def works_withdrawals(
    gw: Backend, scope: ScopeDep, works_id: WorksP, start: dt.date | None = None, end: dt.date | None = None
):
    return {"items": gw.withdrawals(scope, works_id, start, end)}


@router.get("/works/{works_id}/readings", summary="计量读数（终端上报；游标分页）")
def works_readings(
    gw: Backend,
    scope: ScopeDep,
    works_id: WorksP,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
):
    return gw.readings(scope, works_id, cursor, limit)


class ReadingsIn(BaseModel):
    readings: list[dict[str, Any]] = Field(
        min_length=1,
        max_length=10_000,
        description="读数：works_id、observed_at（ISO 时间）、meter，以及 volume_m3/flow_m3s/level_m 等数值",
    )


@router.post("/readings", summary="批量上报读数（终端、运营方；只能上报自己的工程）")
def ingest_readings(
    request: Request,
    body: ReadingsIn,
    gw: Backend,
    scope: ScopeDep,
    principal: Principal = Depends(current_principal),
):
    counts = gw.ingest_readings(scope, body.readings)
    _audit_ingest(request, gw, principal, {str(r.get("works_id")) for r in body.readings}, counts)
    return counts


def _audit_ingest(
    request: Request, gw: GroundwaterBackend, principal: Principal, works_ids: set[str], counts: dict
) -> None:
    with gw.engine.begin() as conn:
        audit.record(
            conn,
            principal.name,
            "readings.ingest",
            ",".join(sorted(works_ids))[:300],
            counts,
            client_of(request),
        )


MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_CSV_READINGS = 10_000


@router.post(
    "/readings.csv",
    summary="批量上报读数（CSV 正文：表头同 zhengce telemetry import；UTF-8 或 GB18030；只能上报自己的工程）",
    openapi_extra={
        "requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}
    },
)
async def ingest_readings_csv(
    request: Request,
    gw: Backend,
    scope: ScopeDep,
    principal: Principal = Depends(current_principal),
):
    """The CSV twin of ``POST /readings``: the request body is the file itself (Content-Type
    text/csv). Every row is checked first and bad rows are named (422); a works outside the
    caller's reach refuses the whole batch (403); nothing is written unless everything is."""
    import tempfile
    from pathlib import Path as FsPath

    from zhengce.regimes.groundwater.telemetry.imports import ImportRowsError, parse_file

    if scope.public_only:
        raise ApiError(401, "unauthenticated", "需要登录 (authentication required)")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("text/csv", "application/csv"):
        raise ApiError(415, "unsupported_media_type", "请以 text/csv 上传 (send the body as text/csv)")
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_CSV_BYTES:
            raise ApiError(413, "too_large", "正文超过 5 MB (body too large)")
    if not data.strip():
        raise ApiError(400, "bad_request", "正文为空 (empty body)")
    with tempfile.TemporaryDirectory() as tmp:
        path = FsPath(tmp) / "readings.csv"
        path.write_bytes(bytes(data))
        try:
            _rows, readings = parse_file(path, source="api")
        except ImportRowsError as exc:
            details = [
                {"field": f"第 {row} 行 (row {row})", "problem": reason[:300]}
                for row, reason in exc.errors[:50]
            ]
            return error_response(422, "invalid_input", str(exc).split("\n", 1)[0], details=details)
    if len(readings) > MAX_CSV_READINGS:
        raise ApiError(
            413, "too_large", f"一次最多 {MAX_CSV_READINGS} 条读数 (at most {MAX_CSV_READINGS} readings)"
        )
    counts = gw.ingest_readings(scope, readings)
    _audit_ingest(request, gw, principal, {r.works_id for r in readings}, counts)
    return counts


@router.get("/findings", summary="执法发现（按区划、类型、状态、条文筛选；游标分页）")
def findings(
    gw: Backend,
    scope: ScopeDep,
    region: RegionQ = None,
    kind: Annotated[
        str | None, Query(max_length=32, description="violation / obligation_due / warning …")
    ] = None,
    status: Annotated[
        str | None, Query(max_length=16, description="open / ordered / rectified / overdue")
    ] = None,
    article: Annotated[
        str | None, Query(max_length=64, pattern=r"^[a-z0-9_]+$", description="条文 eId 前缀")
    ] = None,
    rule: Annotated[str | None, Query(max_length=64)] = None,
    works_id: Annotated[str | None, Query(max_length=64)] = None,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
):
    fp = fingerprint(region=region, kind=kind, status=status, article=article, rule=rule, works_id=works_id)
    after = decode_cursor(cursor, fp)
    rows = gw.findings(
        scope,
        region,
        kind=kind,
        status=status,
        article=article,
        rule_id=rule,
        subject=works_id,
        after=after if isinstance(after, int) else None,
        limit=limit + 1,
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_cursor": encode_cursor(rows[-1]["id"], fp) if more and rows else None}


@router.get("/stations", summary="地下水监测站")
def stations(gw: Backend, scope: ScopeDep, region: RegionQ = None):
    return {"items": gw.stations(scope, region)}


@router.get("/stations/{station_id}/levels", summary="监测站水位与控制水位")
def station_levels(
    gw: Backend,
    scope: ScopeDep,
    station_id: Annotated[str, Path(min_length=1, max_length=64)],
    start: dt.date | None = None,
    end: dt.date | None = None,
):
    return gw.station_levels(scope, station_id, start, end)


class ApplicationIn(BaseModel):
    """取水许可申请（第二十五条）；未给出的区域、总量指标、已许可量、水位状况从登记数据补全。"""

    model_config = ConfigDict(extra="forbid")
    application_id: str = Field(min_length=1, max_length=64)
    applicant: str = Field(min_length=1, max_length=200)
    region_code: str = Field(pattern=r"^[1-9][0-9]{5}$")
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    annual_m3: float = Field(ge=0, le=1e12)
    purpose: str | None = Field(default=None, max_length=32)
    exemption: str | None = Field(default=None, max_length=32)
    zones: list[str] | None = Field(default=None, max_length=20)
    non_renewable: bool | None = None
    county_quota_m3: float | None = Field(default=None, ge=0, le=1e12)
    county_permitted_m3: float | None = Field(default=None, ge=0, le=1e12)
    levels_below_control: bool | None = None
    meets_industry_quota: bool | None = None
    meets_mandatory_standards: bool | None = None
    scarce_or_fragile_area: bool | None = None
    new_or_expanded: bool | None = None
    high_water_consumption: bool | None = None
    illegal_reclamation: bool | None = None


def decide_application(
    svc: Services,
    gw: GroundwaterBackend,
    scope: Scope,
    principal: Principal,
    data: dict,
    as_of: dt.date,
    client: str,
) -> dict:
    """Shared by the API and the form: validate like the CLI does, decide, audit."""
    from zhengce.regimes.groundwater.vocab import EXEMPTIONS, ZONE_KINDS

    if data.get("exemption") is not None and data["exemption"] not in EXEMPTIONS:
        raise ApiError(
            422, "invalid_input", "exemption 应为 " + "、".join(EXEMPTIONS) + " 之一 (unknown exemption)"
        )
    if data.get("zones") is not None and any(z not in ZONE_KINDS for z in data["zones"]):
        raise ApiError(422, "invalid_input", "zones 含未知区域类型 (unknown zone kind)")
    result = gw.decide(scope, data, as_of, resolver_for(svc))
    with gw.engine.begin() as conn:
        audit.record(
            conn,
            principal.name,
            "permit.decide",
            str(data.get("application_id")),
            {"outcome": result["outcome"], "as_of": as_of.isoformat()},
            client,
        )
    return result


@router.post("/decisions", summary="取水许可申请审查（第二十五条）：逐项列出不予批准的理由")
def decisions(
    request: Request,
    body: ApplicationIn,
    gw: Backend,
    scope: ScopeDep,
    as_of: Annotated[dt.date | None, Query(description="审查日期（默认今天）")] = None,
    principal: Principal = Depends(current_principal),
    svc: Services = Depends(services),
):
    data = body.model_dump(exclude_none=True)
    return decide_application(svc, gw, scope, principal, data, as_of or dt.date.today(), client_of(request))
