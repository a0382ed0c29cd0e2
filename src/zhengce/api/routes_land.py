"""临时用地 endpoints (zhengce.regimes.land, 自然资规〔2021〕2号), narrowed by the caller's Scope.

What the public sees is decided from the notice itself. 五、第1段 requires the county to
“向社会公开临时用地批准信息”: the approval information of each use (user, project, purpose, place,
四至, areas by land class, approving authority and document, approval date, term, system number) is
public once the county has published it (registry field ``disclosed`` true), with per-county counts
of those published approvals. Nothing else in the notice is addressed to the public: the findings,
the contract and reclamation records, the county annual statistic and the province's suspension
order (四、第4段) are supervision between authorities, so they need a county, city, province or
administrator account and follow its region prefix (another area's use is 404, asking for another
area's county is 403 ``out_of_jurisdiction``). Loading a registry file (``POST /registry``, what
``zhengce land load`` does) follows the same prefix: every county, use and suspension in the file,
and every stored use the file would replace, must be in the caller's area, else nothing is written.
The 公开通报 of 五、第2段 is the ministry's and the
province's own act after their spot checks, not something this registry publishes.

Shared helpers for the other regime routers live here too: quotes for citations, findings as JSON,
and invalid input files (``FileProblems``) answered 422 with ``details``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse

from ..errors import UserError
from ..rules import Finding, finding_to_dict
from .auth import audit
from .deps import client_of, current_principal, current_scope, services
from .errors import ApiError, error_response
from .jurisdiction import Principal, Scope
from .pagination import fingerprint, paginate
from .services import Services

router = APIRouter(prefix="/api/v1/land", tags=["land"])

CountyQ = Annotated[str | None, Query(pattern=r"^[0-9]{6}$", description="县（市）6 位行政区划代码")]
Cursor = Annotated[str | None, Query(max_length=500)]
AsOf = Annotated[dt.date | None, Query(description="评估日期（默认今天）")]
Limit = Annotated[int, Query(ge=1, le=500)]

COMPLIANCE = ("violation", "obligation_due", "warning", "cannot_decide", "ok")
COMPLIANCE_LABELS = {
    "violation": "违规",
    "obligation_due": "待履行",
    "warning": "提示",
    "cannot_decide": "无法判定",
    "ok": "未发现问题",
    "decision": "决定",
}
RECLAMATION_LABELS = {
    "in_use": "使用期内",
    "to_reclaim": "期满待复垦",
    "overdue": "逾期未复垦",
    "extended": "经批准延长复垦期限",
    "reclaimed": "已复垦",
    "accepted": "已验收",
}
PUBLIC_FIELDS = (
    "use_id",
    "county_code",
    "user",
    "project_name",
    "project_kind",
    "purpose",
    "location",
    "four_sides",
    "approval_authority",
    "approval_level",
    "approval_document",
    "approved_on",
    "term_end",
    "system_number",
)
AREA_CLASSES = ("cultivated", "permanent_basic", "other_farmland", "construction", "unused")
MAX_UPLOAD = 5 * 1024 * 1024


# ---------------------------------------------------------------- shared by the regime routers
def quote_resolver(svc: Services):
    """Citation quotes from the corpus cache: the cited node's text without its own number."""

    def resolve(doc_id: str, eid: str) -> str | None:
        try:
            node = svc.corpus.document(doc_id).node(eid)
        except UserError:
            return None
        if node is None:
            return None
        return node.full_text()[len(node.num or "") :].strip() or node.heading or None

    return resolve


def findings_json(findings: list[Finding]) -> list[dict]:
    return [finding_to_dict(f) for f in findings]


def problems_response(exc: UserError) -> JSONResponse:
    """An invalid input object: 422 with every problem as {field, problem} (like request validation)."""
    problems = getattr(exc, "problems", None)
    if problems is None:
        return error_response(400, "bad_request", str(exc))
    details = []
    for p in problems[:50]:
        field, sep, problem = str(p).partition("：")
        details.append({"field": field.strip() if sep else "", "problem": (problem if sep else field)[:300]})
    head = str(exc).split("\n", 1)[0].rstrip("：")
    return error_response(422, "invalid_input", head, details=details)


def require_authority_principal(principal: Principal) -> None:
    if not principal.authenticated:
        raise ApiError(401, "unauthenticated", "需要登录 (authentication required)")
    if principal.role not in ("county", "city", "province", "admin"):
        raise ApiError(403, "forbidden", "仅限主管部门 (authorities only)")


# ---------------------------------------------------------------- land backend
def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _maybe_json(text: str | None) -> Any:
    if text and text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def _areas(row: dict) -> dict[str, int]:
    return {k: int(row.get(f"area_{k}_m2") or 0) for k in AREA_CLASSES}


def reclamation_state(row: dict, as_of: dt.date) -> str:
    from zhengce.regimes.land.periods import add_years

    if row.get("accepted_on") and row["accepted_on"] <= as_of:
        return "accepted"
    if row.get("reclaimed_on") and row["reclaimed_on"] <= as_of:
        return "reclaimed"
    if row["term_end"] >= as_of:
        return "in_use"
    if row.get("extension_until") and row.get("extension_approved") and row["extension_until"] >= as_of:
        return "extended"
    return "overdue" if add_years(row["term_end"], 1) < as_of else "to_reclaim"


def compliance_of(findings: list[dict]) -> str:
    kinds = {f["kind"] for f in findings}
    return next((k for k in COMPLIANCE if k in kinds), "ok")


def public_use(row: dict) -> dict:
    out = {k: _plain(row.get(k)) for k in PUBLIC_FIELDS}
    out["four_sides"] = _maybe_json(out["four_sides"])
    out["areas_m2"] = _areas(row)
    out["total_area_m2"] = sum(out["areas_m2"].values())
    return out


def full_use(row: dict, findings: list[dict], as_of: dt.date) -> dict:
    out = {k: _plain(v) for k, v in row.items() if not k.startswith("area_") or not k.endswith("_m2")}
    out["four_sides"] = _maybe_json(row.get("four_sides"))
    out["boundary"] = _maybe_json(row.get("boundary"))
    out["areas_m2"] = _areas(row)
    out["total_area_m2"] = sum(out["areas_m2"].values())
    out["reclamation"] = reclamation_state(row, as_of)
    out["compliance"] = compliance_of(findings)
    out["findings"] = findings
    return out


class LandBackend:
    """The land registry as the API and the pages see it: every call takes the caller's Scope."""

    def __init__(self, svc: Services):
        from zhengce.regimes.land.store import LandStore

        self.svc = svc
        self.engine = svc.engine
        self.store = LandStore(svc.engine)

    @staticmethod
    def in_force(as_of: dt.date) -> bool:
        from zhengce.regimes.land.base import in_force

        return in_force(as_of)

    def counties(self) -> list[dict]:
        return self.store.counties()

    def check_county(self, scope: Scope, county: str | None) -> None:
        if county is not None and not scope.allows_region(county):
            raise ApiError(
                403, "out_of_jurisdiction", f"县（市）{county} 不在您的管辖范围内 (outside your jurisdiction)"
            )

    # -- public
    def public_counties(self) -> list[dict]:
        rows = [r for r in self.store.use_rows() if r.get("disclosed")]
        out = []
        for c in self.counties():
            mine = [r for r in rows if r["county_code"] == c["code"]]
            out.append(
                c | {"approvals": len(mine), "approved_area_m2": sum(sum(_areas(r).values()) for r in mine)}
            )
        return out

    def approvals(self, county: str | None) -> list[dict]:
        if county is not None and county not in self.store.county_codes():
            raise ApiError(404, "not_found", f"未登记县（市）{county} (no such county)")
        return [public_use(r) for r in self.store.use_rows(county) if r.get("disclosed")]

    # -- authorities
    def uses(self, scope: Scope, county: str | None, as_of: dt.date) -> list[dict]:
        from zhengce.regimes.land.query import check_uses

        self.check_county(scope, county)
        rows = [r for r in self.store.use_rows(county) if scope.allows_region(r["county_code"])]
        if not rows:
            return []
        findings = check_uses(self.engine, as_of, county=county, resolver=quote_resolver(self.svc))
        by_use: dict[str, list[dict]] = {}
        for f in findings:
            by_use.setdefault(f.subject, []).append(finding_to_dict(f))
        return [full_use(r, by_use.get(r["use_id"], []), as_of) for r in rows]

    def use(self, scope: Scope, use_id: str, as_of: dt.date) -> dict:
        from zhengce.regimes.land.query import check_uses

        rows = self.store.use_rows(use_id=use_id)  # NotFound → 404
        if not scope.allows_region(rows[0]["county_code"]):
            raise ApiError(404, "not_found", f"未找到临时用地 {use_id} (no such temporary land use)")
        findings = check_uses(self.engine, as_of, use_id=use_id, resolver=quote_resolver(self.svc))
        return full_use(rows[0], findings_json(findings), as_of)

    def statistics(self, scope: Scope, year: int, county: str | None, as_of: dt.date) -> list[dict]:
        from zhengce.regimes.land.query import approval_suspended, county_findings, county_statistics

        self.check_county(scope, county)
        names = {c["code"]: c for c in self.counties()}
        if county is not None and county not in names:
            raise ApiError(404, "not_found", f"未登记县（市）{county} (no such county)")
        codes = [c for c in ([county] if county else names) if scope.allows_region(c)]
        findings = county_findings(self.engine, year, as_of, county, quote_resolver(self.svc))
        out = []
        for s in county_statistics(self.engine, year, county):
            if s.county_code not in codes:
                continue
            suspended = approval_suspended(self.engine, s.county_code, as_of)
            order = s.suspension
            out.append(
                {
                    "county_code": s.county_code,
                    "name": names[s.county_code]["name"],
                    "province": names[s.county_code].get("province"),
                    "year": s.year,
                    "stat_date": s.stat_date.isoformat(),
                    "due_area_m2": s.due_area_m2,
                    "overdue_area_m2": s.overdue_area_m2,
                    "percent": s.percent,
                    "reaches_threshold": s.reaches_threshold,
                    "due_uses": list(s.due_uses),
                    "overdue_uses": list(s.overdue_uses),
                    "suspension_order": None
                    if order is None
                    else {
                        "stat_year": order.stat_year,
                        "ordered_on": order.ordered_on.isoformat(),
                        "resumed_on": _plain(order.resumed_on),
                    },
                    "approvals_suspended": suspended is not None,
                    "suspended_since": _plain(suspended),
                    "findings": [
                        finding_to_dict(f) for f in findings if f.subject == f"{s.county_code}/{s.year}"
                    ],
                }
            )
        return out

    def check_one(self, scope: Scope, data: Any, as_of: dt.date) -> dict:
        """Check one use as posted (registry-file format), without writing it anywhere."""
        from zhengce.regimes.land.bundle import parse_bundle
        from zhengce.regimes.land.facts import TemporaryLandUse
        from zhengce.regimes.land.rules import REGISTRY
        from zhengce.regimes.land.stats import suspension_on
        from zhengce.rules import evaluate

        if not isinstance(data, dict):
            raise ApiError(422, "invalid_input", "请求体应为一宗临时用地的对象 (body must be an object)")
        bundle = parse_bundle({"uses": [data]}, self.store.county_codes())
        row = bundle.uses[0]
        self.check_county(scope, row["county_code"])
        names = {f.name for f in dataclasses.fields(TemporaryLandUse)}
        facts = {k: v for k, v in row.items() if k in names}
        order = suspension_on(self.store.suspensions(), row["county_code"], row["approved_on"])
        facts["suspension_ordered_on"] = order.ordered_on if order else None
        use = TemporaryLandUse(**facts)
        findings = evaluate({use.use_id: use}, as_of, REGISTRY, quote_resolver(self.svc))
        out = findings_json(findings)
        return {
            "use_id": use.use_id,
            "as_of": as_of.isoformat(),
            "in_force": self.in_force(as_of),
            "compliance": compliance_of(out),
            "findings": out,
        }

    def load_upload(
        self, principal: Principal, scope: Scope, filename: str | None, data: bytes, client: str
    ) -> dict:
        """Validate an uploaded registry file and load it with its audit entry in one transaction.

        All or nothing, like ``zhengce land load``: an invalid record (422), a county, use or
        suspension outside ``scope`` (403) or a failed write leaves the registry unchanged.
        """
        from sqlalchemy import select
        from sqlalchemy.exc import SQLAlchemyError

        from zhengce.regimes.land.bundle import parse_bundle
        from zhengce.regimes.land.schema import uses

        name = upload_name(filename)
        if not name:
            raise ApiError(
                415, "unsupported_media_type", "请上传 .json 登记文件 (upload a .json registry file)"
            )
        if not data:
            raise ApiError(400, "bad_request", "上传的文件为空 (empty file)")
        if len(data) > MAX_UPLOAD:
            raise ApiError(413, "too_large", "文件超过 5 MB (file too large)")
        bundle = parse_bundle(decode_json(name, data), self.store.county_codes())
        if bundle.suspensions and principal.role not in ("province", "admin"):
            # 四、第4段: the province suspends (and resumes) a county's approvals; a county or city
            # account recording them could lift its own suspension.
            raise ApiError(
                403,
                "forbidden",
                "暂停审批由省级自然资源主管部门决定，县、市账户不能上传暂停审批记录，未作任何更改 "
                "(suspension orders are the province's; nothing written)",
            )
        outside = [(f"counties[{i}].code", c["code"]) for i, c in enumerate(bundle.counties)] + [
            (f"uses[{i}].county_code", u["county_code"]) for i, u in enumerate(bundle.uses)
        ]
        outside += [
            (f"suspensions[{i}].county_code", s["county_code"]) for i, s in enumerate(bundle.suspensions)
        ]
        outside = [(where, code) for where, code in outside if not scope.allows_region(code)]
        if outside:
            raise OutOfJurisdiction(
                [(w, f"县（市）{c} 不在您的管辖范围内 (outside your jurisdiction)") for w, c in outside]
            )
        index = {u["use_id"]: i for i, u in enumerate(bundle.uses)}
        try:
            with self.engine.begin() as conn:
                stored = conn.execute(
                    select(uses.c.use_id, uses.c.county_code).where(uses.c.use_id.in_(list(index)))
                ).all()
                taken = [
                    (
                        f"uses[{index[use_id]}].use_id",
                        f"编号 {use_id} 已由您管辖范围以外的县（市）登记 (registered outside your jurisdiction)",
                    )
                    for use_id, county in sorted(stored, key=lambda r: index[r[0]])
                    if not scope.allows_region(county)
                ]
                if taken:
                    raise OutOfJurisdiction(taken)
                report = self.store.write(conn, bundle)
                result = dataclasses.asdict(report)
                touched = sorted(
                    {c["code"] for c in bundle.counties}
                    | {u["county_code"] for u in bundle.uses}
                    | {s["county_code"] for s in bundle.suspensions}
                )
                audit.record(
                    conn, principal.name, "land.load", name, result | {"county_codes": touched}, client
                )
        except SQLAlchemyError as exc:
            raise UserError(
                f"写入登记库失败，未作任何更改：{exc.__class__.__name__} (nothing written)"
            ) from None
        return result | {"file": name}


class OutOfJurisdiction(Exception):
    """Places in an uploaded file outside the caller's area: 403 ``out_of_jurisdiction`` with details."""

    def __init__(self, places: list[tuple[str, str]]) -> None:
        super().__init__(places)
        self.places = places

    def response(self) -> JSONResponse:
        details = [{"field": where, "problem": problem} for where, problem in self.places[:50]]
        return error_response(
            403,
            "out_of_jurisdiction",
            "登记文件含有您管辖范围以外的内容，未作任何更改 (outside your jurisdiction; nothing written)",
            details=details,
        )


def upload_name(name: str | None) -> str:
    """The uploaded file's own name, made safe for the audit log; "" unless it ends in .json."""
    base = re.split(r"[\\/]", name or "")[-1].strip()
    base = re.sub(r"[^\w.\-\u4e00-\u9fff]", "_", base)[-100:]
    return base if base.lower().endswith(".json") and base.strip(".").lower() != "json" else ""


def decode_json(name: str, data: bytes) -> Any:
    """An uploaded file as JSON, with the messages of ``validate.read_json`` (UTF-8; a BOM is allowed)."""
    from zhengce.regimes.land.validate import parse_json

    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApiError(
            400,
            "bad_request",
            f"{name} 不是 UTF-8 编码的文本：第{exc.start + 1}字节 (file is not UTF-8 text)",
        ) from None
    return parse_json(content, name)  # InputError: 400 bad_request, as before


def land_backend(svc: Services = Depends(services)) -> LandBackend:
    return LandBackend(svc)


Backend = Annotated[LandBackend, Depends(land_backend)]
ScopeDep = Annotated[Scope, Depends(current_scope)]


def authority_scope(principal: Principal = Depends(current_principal)) -> Scope:
    from .jurisdiction import scope_for

    require_authority_principal(principal)
    return scope_for(principal)


AuthorityScope = Annotated[Scope, Depends(authority_scope)]


def _note(as_of: dt.date) -> str | None:
    if LandBackend.in_force(as_of):
        return None
    return (
        f"《通知》自2021-11-04起执行、有效期五年（至2026-11-04），{as_of.isoformat()}不在有效期内，不作检查 "
        "(the notice is not in force on that date)"
    )


# ---------------------------------------------------------------- public
@router.get("/counties", summary="县（市）及已公开的临时用地批准信息数量（公开，五、第1段）")
def counties(land: Backend):
    return {"items": land.public_counties()}


@router.get("/approvals", summary="已向社会公开的临时用地批准信息（公开，五、第1段；游标分页）")
def approvals(land: Backend, county: CountyQ = None, cursor: Cursor = None, limit: Limit = 100):
    rows = land.approvals(county)
    page = paginate(
        rows, lambda r: [r["county_code"], r["use_id"]], cursor, limit, fingerprint(county=county)
    )
    return page.body()


# ---------------------------------------------------------------- authorities
@router.get("/uses", summary="临时用地及其检查结论（按管辖范围；按县、结论筛选；游标分页）")
def uses(
    land: Backend,
    scope: AuthorityScope,
    county: CountyQ = None,
    status: Annotated[
        str | None,
        Query(pattern=r"^(violation|obligation_due|warning|cannot_decide|ok)$", description="检查结论"),
    ] = None,
    as_of: AsOf = None,
    cursor: Cursor = None,
    limit: Limit = 100,
):
    day = as_of or dt.date.today()
    rows = [r for r in land.uses(scope, county, day) if status is None or r["compliance"] == status]
    fp = fingerprint(county=county, status=status, as_of=day, prefix=scope.region_prefix)
    page = paginate(rows, lambda r: [r["county_code"], r["use_id"]], cursor, limit, fp)
    return page.body(as_of=day.isoformat(), in_force=land.in_force(day), note=_note(day))


@router.get("/uses/{use_id}", summary="一宗临时用地：登记信息、复垦状态和检查结论（含引用条文）")
def use_detail(
    land: Backend,
    scope: AuthorityScope,
    use_id: Annotated[str, Path(min_length=1, max_length=64)],
    as_of: AsOf = None,
):
    day = as_of or dt.date.today()
    return land.use(scope, use_id, day) | {"as_of": day.isoformat(), "in_force": land.in_force(day)}


@router.get("/statistics", summary="县（市）年度统计与暂停审批状态（四、第4段；按管辖范围）")
def statistics(
    land: Backend,
    scope: AuthorityScope,
    year: Annotated[
        int | None, Query(ge=2021, le=2100, description="统计年度（默认评估日期的上一年）")
    ] = None,
    county: CountyQ = None,
    as_of: AsOf = None,
):
    day = as_of or dt.date.today()
    stat_year = year if year is not None else day.year - 1
    return {
        "year": stat_year,
        "as_of": day.isoformat(),
        "in_force": land.in_force(day),
        "items": land.statistics(scope, stat_year, county, day),
    }


LAND_EXAMPLE = {
    "use_id": "LY-2024-001",
    "county_code": "411122",
    "user": "某公路建设有限公司",
    "project_kind": "construction",
    "purpose": "mixing_station",
    "infrastructure_sector": "transport",
    "permanent_structures": False,
    "restorable": True,
    "areas_m2": {"cultivated": 8000, "unused": 2000},
    "approval_level": "county",
    "approval_department": "natural_resources",
    "approval_delegated": False,
    "approved_on": "2024-04-15",
    "term_end": "2026-04-15",
    "contract_signed": True,
    "reclamation_plan": "approved",
}


@router.post(
    "/check",
    summary="检查一宗临时用地（登记文件中 uses 的一项；不写入登记库），返回检查结论和引用条文",
)
def check(
    land: Backend,
    scope: AuthorityScope,
    body: Annotated[dict[str, Any], Body(examples=[LAND_EXAMPLE])],
    as_of: AsOf = None,
):
    try:
        return land.check_one(scope, body, as_of or dt.date.today())
    except UserError as exc:
        if getattr(exc, "problems", None) is not None:
            return problems_response(exc)
        raise


@router.post(
    "/registry",
    summary="上传临时用地登记文件（JSON；有任何错误则不写入；同一编号覆盖；按管辖范围；记入审计日志）",
)
async def load_registry(
    request: Request,
    land: Backend,
    file: Annotated[
        UploadFile,
        File(description="登记文件（UTF-8 JSON：counties、uses、suspensions，格式同 zhengce land load）"),
    ],
    csrf_token: Annotated[str | None, Form(description="会话 Cookie 调用时的 CSRF 令牌")] = None,
    principal: Principal = Depends(current_principal),
):
    from .jurisdiction import scope_for

    require_authority_principal(principal)
    data = await file.read(MAX_UPLOAD + 1)
    try:
        return land.load_upload(principal, scope_for(principal), file.filename, data, client_of(request))
    except OutOfJurisdiction as exc:
        return exc.response()
    except UserError as exc:
        if getattr(exc, "problems", None) is not None:
            return problems_response(exc)
        raise
