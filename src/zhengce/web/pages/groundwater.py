"""地下水: map, region dashboard, findings, works page, permit decision form (第二十五条).

Every page goes through the same GroundwaterBackend calls as the API, with the caller's Scope:
what a county user cannot fetch from the API, the page cannot show either.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import APIRouter, Request

from ...api.deps import client_of, current_principal
from ...api.errors import ApiError
from ...api.gw_port import GroundwaterBackend
from ...api.jurisdiction import scope_for
from ...api.pagination import decode_cursor, encode_cursor, fingerprint
from ...api.routes.groundwater import decide_application
from ...errors import UserError
from ..render import render
from .gw_labels import FINDING_KIND_LABELS, STATUS_LABELS, money

router = APIRouter()
YEARS = (2022, 2023, 2024)


def _gw(request: Request) -> GroundwaterBackend | None:
    return request.app.state.services.groundwater


def _placeholder(request: Request, title: str):
    return render(request, "gw_placeholder.html", nav="gw", title=title)


def _json(data: Any) -> str:
    """For <script type="application/json">: every `<` escaped, so no data can end or reopen the tag."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


@router.get("/gw")
def gw_home(request: Request):
    gw = _gw(request)
    if gw is None:
        return _placeholder(request, "地下水管理")
    principal = current_principal(request)
    scope = scope_for(principal)
    summaries = gw.region_summaries(scope, None) if scope.is_authority else []
    config = {
        "zones": "/api/v1/groundwater/zones",
        "works": None if scope.public_only else "/api/v1/groundwater/works.geojson",
    }
    return render(
        request,
        "gw_map.html",
        nav="gw",
        scope=scope,
        summaries=summaries,
        config=_json(config),
        zone_kinds=gw.vocab.ZONE_KINDS,
    )


@router.get("/gw/regions/{code}")
def region_dashboard(request: Request, code: str, year: int = 2024):
    gw = _gw(request)
    if gw is None:
        return _placeholder(request, "区县看板")
    if year not in YEARS:
        raise ApiError(400, "bad_year", f"年份应为 {'、'.join(map(str, YEARS))} 之一 (bad year)")
    scope = scope_for(current_principal(request))
    region = gw.region(code)
    report = gw.report(scope, code, year)
    monthly = gw.monthly(scope, code, year)
    stations = gw.stations(scope, code)
    levels = [
        gw.station_levels(scope, s["station_id"], dt.date(year, 1, 1), dt.date(year, 12, 31))
        for s in stations
    ]
    summary = next((s for s in gw.region_summaries(scope, code)), None)
    chart = {
        "monthly": monthly,
        "levels": [
            {"station": s["station_id"], "control": s["control_level_m"], "series": s["levels"]}
            for s in levels
        ],
    }
    return render(
        request,
        "gw_region.html",
        nav="gw",
        region=region,
        year=year,
        years=YEARS,
        report=report,
        monthly=monthly,
        summary=summary,
        chart=_json(chart),
        money=money,
        FINDING_KIND_LABELS=FINDING_KIND_LABELS,
    )


@router.get("/gw/findings")
def findings_page(request: Request):
    gw = _gw(request)
    if gw is None:
        return _placeholder(request, "执法发现")
    p = request.query_params
    scope = scope_for(current_principal(request))
    f = {k: (p.get(k) or None) for k in ("region", "kind", "status", "article", "works_id")}
    if f["region"] and not (len(f["region"]) == 6 and f["region"].isdigit()):
        raise ApiError(400, "bad_region", "行政区划代码应为 6 位数字 (bad region code)")
    if f["article"] and not all(c.isalnum() or c == "_" for c in f["article"]):
        raise ApiError(400, "bad_article", "条文编号格式有误 (bad article id)")
    fp = fingerprint(**f)
    after = decode_cursor(p.get("cursor"), fp)
    rows = gw.findings(
        scope,
        f["region"],
        kind=f["kind"],
        status=f["status"],
        article=f["article"],
        rule_id=None,
        subject=f["works_id"],
        after=after if isinstance(after, int) else None,
        limit=51,
    )
    more = len(rows) > 50
    rows = rows[:50]
    return render(
        request,
        "gw_findings.html",
        nav="gw",
        rows=rows,
        f={k: v or "" for k, v in f.items()},
        next_cursor=encode_cursor(rows[-1]["id"], fp) if more and rows else None,
        money=money,
        FINDING_KIND_LABELS=FINDING_KIND_LABELS,
        STATUS_LABELS=STATUS_LABELS,
        deadline_of=deadline_of,
    )


def deadline_of(finding: dict) -> str | None:
    """The date the finding must be acted on: its due date, the order's deadline, or the consequence's."""
    for e in reversed(finding.get("history") or []):
        if e.get("deadline"):
            return e["deadline"]
    return finding.get("due") or (finding.get("consequence") or {}).get("deadline")


@router.get("/gw/works/{works_id}")
def works_page(request: Request, works_id: str):
    gw = _gw(request)
    if gw is None:
        return _placeholder(request, "取水工程")
    scope = scope_for(current_principal(request))
    works = gw.works(scope, works_id)
    latest = gw.latest(scope, works_id)
    readings = gw.readings(scope, works_id, None, 1000)["items"]
    end = dt.date(max(YEARS), 12, 31)
    withdrawals = gw.withdrawals(scope, works_id, end - dt.timedelta(days=364), end)
    history = gw.findings(
        scope,
        None,
        kind=None,
        status=None,
        article=None,
        rule_id=None,
        subject=works_id,
        after=None,
        limit=200,
    )
    chart = {
        "readings": [
            {"t": r["observed_at"], "volume": r.get("volume_m3"), "level": r.get("level_m")} for r in readings
        ],
        "withdrawals": [{"t": w["start"], "v": w["volume_m3"]} for w in withdrawals],
    }
    return render(
        request,
        "gw_works.html",
        nav="gw",
        w=works,
        latest=latest,
        history=history,
        chart=_json(chart),
        vocab=gw.vocab,
        money=money,
        deadline_of=deadline_of,
        FINDING_KIND_LABELS=FINDING_KIND_LABELS,
        STATUS_LABELS=STATUS_LABELS,
    )


DECISION_BOOLS = (
    ("meets_industry_quota", "符合行业用水定额和节水规定"),
    ("meets_mandatory_standards", "符合强制性国家标准"),
    ("scarce_or_fragile_area", "位于水资源紧缺或者生态脆弱地区"),
    ("new_or_expanded", "新建、改建、扩建项目"),
    ("high_water_consumption", "高耗水项目"),
    ("illegal_reclamation", "违反法律、法规的规定开垦种植"),
    ("non_renewable", "取用难以更新的地下水"),
)


def _decision_form(request: Request, status: int = 200, **extra):
    gw = _gw(request)
    scope = scope_for(current_principal(request))
    if not scope.is_authority:
        raise ApiError(403, "forbidden", "取水许可审查仅限水行政主管部门 (authorities only)")
    return render(
        request,
        "gw_decide.html",
        status=status,
        nav="gw",
        bools=DECISION_BOOLS,
        exemptions=gw.vocab.EXEMPTIONS,
        purposes=gw.vocab.PURPOSES,
        money=money,
        **({"form": {}, "result": None, "error": None} | extra),
    )


@router.get("/gw/decide")
def decide_form(request: Request):
    if _gw(request) is None:
        return _placeholder(request, "取水许可审查")
    return _decision_form(request)


def _tri(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


@router.post("/gw/decide")
async def decide_submit(request: Request):
    gw = _gw(request)
    if gw is None:
        return _placeholder(request, "取水许可审查")
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        data: dict[str, Any] = {
            "application_id": form.get("application_id", "").strip()[:64],
            "applicant": form.get("applicant", "").strip()[:200],
            "region_code": form.get("region_code", "").strip(),
            "lon": float(form.get("lon", "")),
            "lat": float(form.get("lat", "")),
            "annual_m3": float(form.get("annual_m3", "")),
        }
        as_of = dt.date.fromisoformat(form.get("as_of") or dt.date.today().isoformat())
    except ValueError:
        return _decision_form(
            request, 400, form=form, error="经纬度、年取水量须为数字，审查日期须为 YYYY-MM-DD"
        )
    if not data["application_id"] or not data["applicant"] or not data["region_code"].isdigit():
        return _decision_form(request, 400, form=form, error="请填写申请编号、申请人和 6 位行政区划代码")
    if not (-180 <= data["lon"] <= 180 and -90 <= data["lat"] <= 90 and 0 <= data["annual_m3"] <= 1e12):
        return _decision_form(request, 400, form=form, error="经纬度或年取水量超出范围")
    for key in ("purpose", "exemption"):
        if form.get(key):
            data[key] = form[key]
    for key, _label in DECISION_BOOLS:
        value = _tri(form.get(key))
        if value is not None:
            data[key] = value
    principal = current_principal(request)
    try:
        result = decide_application(
            request.app.state.services, gw, scope_for(principal), principal, data, as_of, client_of(request)
        )
    except UserError as exc:
        return _decision_form(request, 400, form=form, error=str(exc))
    return _decision_form(request, form=form, result=result)
