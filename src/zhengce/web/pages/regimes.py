"""临时用地、资金、规划目标: pages over the same calls as /api/v1/land, /funds and /targets.

Jurisdiction comes from the API layer (``LandBackend`` with the caller's Scope): the public sees the
approval information the notice makes public (五、第1段), authorities their area's uses, findings,
statistics and suspensions.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import APIRouter, Request

from ...api import routes_funds, routes_targets
from ...api.deps import client_of, current_principal
from ...api.errors import ApiError
from ...api.jurisdiction import scope_for
from ...api.routes_land import (
    COMPLIANCE_LABELS,
    MAX_UPLOAD,
    RECLAMATION_LABELS,
    LandBackend,
    OutOfJurisdiction,
    require_authority_principal,
)
from ...errors import UserError
from ..render import render
from .gw_labels import FINDING_KIND_LABELS, money

router = APIRouter()

LAND_CLASS_LABELS = {
    "cultivated": "耕地",
    "permanent_basic": "永久基本农田",
    "other_farmland": "其他农用地",
    "construction": "建设用地",
    "unused": "未利用地",
}


def _date(value: str | None, default: dt.date) -> dt.date:
    if not value:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiError(400, "bad_date", f"日期“{value[:20]}”应为 YYYY-MM-DD (bad date)") from None


def _land_vocab() -> dict[str, dict[str, str]]:
    from zhengce.regimes.land.vocab import APPROVAL_LEVELS, PROJECT_KINDS, PURPOSES

    return {
        "purpose": {k: v[0] for k, v in PURPOSES.items()},
        "project_kind": dict(PROJECT_KINDS),
        "approval_level": dict(APPROVAL_LEVELS),
    }


def _yi(value: int | None) -> str:
    if value is None:
        return "—"
    if value and value % 100_000_000 == 0:
        return f"{value // 100_000_000:,}亿元"
    return money(value)


COMMON = {
    "FINDING_KIND_LABELS": FINDING_KIND_LABELS,
    "COMPLIANCE_LABELS": COMPLIANCE_LABELS,
    "money": money,
    "yi": _yi,
}


# ---------------------------------------------------------------- 临时用地
def _land_page(request: Request, status_code: int = 200, **extra):
    p = request.query_params
    principal = current_principal(request)
    scope = scope_for(principal)
    land = LandBackend(request.app.state.services)
    as_of = _date(p.get("as_of"), dt.date.today())
    county = p.get("county") or None
    if county is not None and not (len(county) == 6 and county.isdigit()):
        raise ApiError(400, "bad_region", "县（市）代码应为 6 位数字 (bad county code)")
    try:
        year = int(p.get("year") or as_of.year - 1)
    except ValueError:
        raise ApiError(400, "bad_year", "统计年度应为年份 (bad year)") from None
    if not 2021 <= year <= 2100:
        raise ApiError(400, "bad_year", "统计年度应在 2021 至 2100 之间 (bad year)")
    context: dict[str, Any] = {
        "scope": scope,
        "as_of": as_of,
        "year": year,
        "county": county or "",
        "vocab": _land_vocab(),
        "RECLAMATION_LABELS": RECLAMATION_LABELS,
        "LAND_CLASS_LABELS": LAND_CLASS_LABELS,
        "in_force": land.in_force(as_of),
    }
    if principal.authenticated and scope.is_authority:
        stats = land.statistics(scope, year, county, as_of)
        uses = land.uses(scope, county, as_of)
        context |= {
            "stats": stats,
            "uses": uses,
            "counties": {c["code"]: c["name"] for c in land.counties()},
        }
    else:
        context |= {"public_counties": land.public_counties(), "approvals": land.approvals(county)}
    context |= {
        "can_upload": principal.authenticated and principal.role in ("county", "city", "province", "admin"),
        "loaded": None,
        "error": None,
        "problems": [],
    } | extra
    return render(request, "land_index.html", status=status_code, nav="land", **context, **COMMON)


@router.get("/land")
def land_page(request: Request):
    return _land_page(request)


@router.post("/land/registry")
async def land_registry_upload(request: Request):
    """The registry-file form on /land: the same ``load_upload`` as ``POST /api/v1/land/registry``."""
    principal = current_principal(request)
    require_authority_principal(principal)  # 401 / 403 for the public, like the other authority pages
    form = await request.form()
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        return _land_page(request, 400, error="请选择要上传的 JSON 登记文件")
    data = await upload.read(MAX_UPLOAD + 1)
    land = LandBackend(request.app.state.services)
    try:
        result = land.load_upload(principal, scope_for(principal), upload.filename, data, client_of(request))
    except OutOfJurisdiction as exc:
        return _land_page(
            request,
            403,
            error="登记文件含有您管辖范围以外的内容，未作任何更改",
            problems=[f"{where}：{problem}" for where, problem in exc.places[:50]],
        )
    except ApiError as exc:
        return _land_page(request, exc.status, error=exc.message)
    except UserError as exc:
        problems = getattr(exc, "problems", None)
        if problems is None:
            return _land_page(request, 400, error=str(exc))
        head = str(exc).split("\n", 1)[0].rstrip("：")
        return _land_page(
            request, 422, error=f"{head}，未作任何更改", problems=[str(x) for x in problems[:50]]
        )
    return _land_page(request, loaded=result)


@router.get("/land/uses/{use_id}")
def land_use_page(request: Request, use_id: str):
    principal = current_principal(request)
    if not principal.authenticated:
        raise ApiError(
            401, "unauthenticated", "请先登录：临时用地检查结论仅向主管部门提供 (authentication required)"
        )
    scope = scope_for(principal)
    if not scope.is_authority:
        raise ApiError(403, "forbidden", "仅限主管部门 (authorities only)")
    land = LandBackend(request.app.state.services)
    as_of = _date(request.query_params.get("as_of"), dt.date.today())
    use = land.use(scope, use_id, as_of)
    counties = {c["code"]: c["name"] for c in land.counties()}
    return render(
        request,
        "land_use.html",
        nav="land",
        u=use,
        as_of=as_of,
        in_force=land.in_force(as_of),
        county_name=counties.get(use["county_code"], ""),
        vocab=_land_vocab(),
        RECLAMATION_LABELS=RECLAMATION_LABELS,
        LAND_CLASS_LABELS=LAND_CLASS_LABELS,
        **COMMON,
    )


# ---------------------------------------------------------------- 资金
FUND_FORMS = {
    "subfund": ("子基金设立方案检查", routes_funds.SUBFUND_EXAMPLE),
    "council": ("理事会表决", routes_funds.COUNCIL_EXAMPLE),
    "restoration": ("治理资金奖补测算", routes_funds.RESTORATION_EXAMPLE),
    "social": ("社会资本参与生态保护修复", routes_funds.SOCIAL_EXAMPLE),
}


def _funds_page(request: Request, status: int = 200, **extra):
    forms = {k: json.dumps(v[1], ensure_ascii=False, indent=2) for k, v in FUND_FORMS.items()}
    ctx: dict[str, Any] = {"texts": forms, "as_of": {}, "active": None, "result": None, "error": None}
    ctx |= extra
    return render(request, "funds_index.html", status=status, nav="funds", titles=FUND_FORMS, **ctx, **COMMON)


@router.get("/funds")
def funds_page(request: Request):
    return _funds_page(request)


@router.post("/funds/{which}")
async def funds_submit(request: Request, which: str):
    if which not in FUND_FORMS:
        raise ApiError(404, "not_found", "未找到 (not found)")
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    text = form.get("data", "")[:200_000]
    texts = {k: json.dumps(v[1], ensure_ascii=False, indent=2) for k, v in FUND_FORMS.items()} | {which: text}
    as_of_text = form.get("as_of", "").strip()
    keep = {"texts": texts, "as_of": {which: as_of_text}, "active": which}
    try:
        data = json.loads(text)
    except ValueError as exc:
        return _funds_page(request, 400, error=f"JSON 格式有误：第{exc.lineno}行第{exc.colno}列", **keep)
    try:
        as_of = dt.date.fromisoformat(as_of_text) if as_of_text else None
    except ValueError:
        return _funds_page(request, 400, error="评估日期应为 YYYY-MM-DD", **keep)
    svc = request.app.state.services
    today = dt.date.today()
    try:
        if which == "subfund":
            result = routes_funds.check_subfund(svc, data, as_of or today)
        elif which == "council":
            result = routes_funds.council_vote(svc, data, as_of)
        elif which == "restoration":
            result = routes_funds.restoration(svc, data, as_of or today)
        else:
            result = routes_funds.social_capital(svc, data, as_of or today)
    except routes_funds._Problems as p:
        problems = getattr(p.exc, "problems", [])
        return _funds_page(request, 422, error=str(p.exc).split("\n", 1)[0], problems=problems, **keep)
    except (ApiError, UserError) as exc:
        return _funds_page(request, 400, error=getattr(exc, "message", None) or str(exc), **keep)
    return _funds_page(request, result=result, **keep)


# ---------------------------------------------------------------- 规划目标
STATUS_CLASSES = {
    "met": "compliance-ok",
    "on_track": "compliance-ok",
    "at_risk": "compliance-warning",
    "missed": "compliance-violation",
    "no_data": "",
}


def _targets_page(request: Request, status_code: int = 200, **extra):
    p = request.query_params
    svc = request.app.state.services
    as_of = _date(p.get("as_of"), dt.date.today())
    f = {k: (p.get(k) or None) for k in ("doc", "kind", "status")}
    if f["kind"] not in (None, "target", "task"):
        raise ApiError(400, "bad_kind", "类型应为 target 或 task (bad kind)")
    if f["status"] not in (None, *routes_targets.STATUS_LABELS):
        raise ApiError(400, "bad_status", "状态无效 (bad status)")
    report = routes_targets.status_report(svc, as_of, f["doc"], f["kind"])
    rows = routes_targets.tracked(svc, as_of, f["doc"], f["kind"], f["status"])
    principal = current_principal(request)
    return render(
        request,
        "targets_index.html",
        status=status_code,
        nav="targets",
        rows=rows,
        report=report,
        as_of=as_of,
        f={k: v or "" for k, v in f.items()},
        documents=[
            d for d in svc.corpus.documents() if any(x["doc_id"] == d["doc_id"] for x in report["documents"])
        ]
        if not f["doc"]
        else svc.corpus.documents(),
        STATUS_LABELS=routes_targets.STATUS_LABELS,
        STATUS_CLASSES=STATUS_CLASSES,
        can_import=principal.authenticated and principal.role in ("admin", "province"),
        **({"imported": None, "error": None, "problems": []} | extra),
    )


@router.get("/targets")
def targets_page(request: Request):
    return _targets_page(request)


@router.post("/targets/import")
async def targets_import(request: Request):
    principal = current_principal(request)
    if not principal.authenticated:
        raise ApiError(401, "unauthenticated", "请先登录 (authentication required)")
    form = await request.form()
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        return _targets_page(request, 400, error="请选择要导入的 CSV 或 XLSX 文件")
    data = await upload.read(routes_targets.MAX_UPLOAD + 1)
    svc = request.app.state.services
    try:
        result = routes_targets.import_upload(svc, principal, upload.filename, data, client_of(request))
    except ApiError as exc:
        if exc.status in (401, 403):
            raise
        return _targets_page(request, exc.status, error=exc.message)
    except UserError as exc:
        problems = getattr(exc, "problems", [])
        return _targets_page(request, 400, error=str(exc).split("\n", 1)[0], problems=problems)
    return _targets_page(request, imported=result)
