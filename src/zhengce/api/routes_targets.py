"""规划目标与任务 endpoints (zhengce.regimes.targets): items with status, a status report, report import.

Targets and tasks are read from the published plans in the corpus, so listing them and their status
is public like the corpus itself. Importing reported values changes what everyone sees, so it is for
administrators and provincial accounts only; a cookie session must send the CSRF token (form field
``csrf_token`` or header ``X-CSRF-Token``), and the import and its audit entry commit together.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path as FsPath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile

from ..errors import UserError
from .auth import audit
from .deps import client_of, current_principal, services
from .errors import ApiError
from .jurisdiction import Principal
from .pagination import fingerprint, paginate
from .routes_land import problems_response
from .services import Services

router = APIRouter(prefix="/api/v1/targets", tags=["targets"])

STATUS_LABELS = {
    "met": "已完成",
    "on_track": "进度正常",
    "at_risk": "存在风险",
    "missed": "未完成",
    "no_data": "无数据",
}
DocQ = Annotated[str | None, Query(min_length=1, max_length=200, description="文件编号（doc_id 或文号）")]
KindQ = Annotated[str | None, Query(pattern=r"^(target|task)$", description="target 指标 / task 任务")]
StatusQ = Annotated[str | None, Query(pattern=r"^(met|on_track|at_risk|missed|no_data)$", description="状态")]
AsOf = Annotated[dt.date | None, Query(description="评估日期（默认今天）")]
MAX_UPLOAD = 5 * 1024 * 1024
UPLOAD_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _citation(c) -> dict:
    return {"doc_id": c.doc_id, "eid": c.eid, "text": c.text, "quote": c.quote}


def item_json(item, status=None) -> dict:
    out: dict[str, Any] = {"item_id": item.item_id, "kind": item.kind, "doc_id": item.doc_id, "eid": item.eid}
    if item.kind == "target":
        out |= {
            "indicator": item.indicator,
            "value": item.value,
            "value_max": item.value_max,
            "unit": item.unit,
            "direction": item.direction,
            "strict": item.strict,
            "year": item.year,
            "baseline_year": item.baseline_year,
            "attribute": item.attribute,
            "approx": item.approx,
        }
    else:
        out |= {
            "measure": item.measure,
            "lead": list(item.lead),
            "participants": list(item.participants),
            "by_division_of_duties": item.by_division_of_duties,
            "start": _iso(item.start),
        }
    out |= {"text": item.text, "deadline": _iso(item.deadline), "citation": _citation(item.citation)}
    if status is not None:
        out |= {
            "status": status.status,
            "status_label": STATUS_LABELS.get(status.status, status.status),
            "reason": status.reason,
            "latest": status.latest,
            "latest_on": _iso(status.latest_on),
            "goal": status.goal,
            "expected": status.expected,
        }
    return out


def tracked(
    svc: Services, as_of: dt.date, doc: str | None, kind: str | None, status: str | None
) -> list[dict]:
    """Every item with its status on ``as_of``, in the documents' own order."""
    from zhengce.regimes.targets.query import item_statuses, list_items

    doc_id = svc.corpus.resolve(doc) if doc else None
    items = {i.item_id: i for i in list_items(svc.engine, doc_id, kind)}
    return [item_json(items[s.item_id], s) for s in item_statuses(svc.engine, as_of, doc_id, kind, status)]


def status_report(svc: Services, as_of: dt.date, doc: str | None = None, kind: str | None = None) -> dict:
    rows = tracked(svc, as_of, doc, kind, None)
    counts = {k: 0 for k in STATUS_LABELS}
    by_doc: dict[str, dict] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
        entry = by_doc.get(r["doc_id"])
        if entry is None:
            meta = svc.corpus.row(r["doc_id"]) or {}
            entry = by_doc[r["doc_id"]] = {
                "doc_id": r["doc_id"],
                "title": meta.get("title"),
                "targets": 0,
                "tasks": 0,
                "counts": {k: 0 for k in STATUS_LABELS},
            }
        entry["targets" if r["kind"] == "target" else "tasks"] += 1
        entry["counts"][r["status"]] += 1
    attention = [r for r in rows if r["status"] in ("at_risk", "missed")]
    return {
        "as_of": as_of.isoformat(),
        "total": len(rows),
        "counts": counts,
        "documents": list(by_doc.values()),
        "attention": attention,
    }


def _safe_name(name: str | None) -> str:
    base = re.split(r"[\\/]", name or "")[-1].strip()
    base = re.sub(r"[^\w.\-\u4e00-\u9fff]", "_", base)[:100]
    return base if base.lower().endswith(UPLOAD_SUFFIXES) and base.strip(".") else ""


def import_upload(
    svc: Services, principal: Principal, filename: str | None, data: bytes, client: str
) -> dict:
    """Validate an uploaded CSV/XLSX against the items; store it and its audit entry in one transaction."""
    from sqlalchemy.exc import SQLAlchemyError

    from zhengce.regimes.targets.query import store_reports, validated_reports
    from zhengce.regimes.targets.reports import read_rows

    if principal.role not in ("admin", "province"):
        raise ApiError(403, "forbidden", "仅限管理员和省级账户导入报告 (administrators and provinces only)")
    name = _safe_name(filename)
    if not name:
        raise ApiError(
            415, "unsupported_media_type", "请上传 .csv 或 .xlsx 文件 (upload a .csv or .xlsx file)"
        )
    if not data:
        raise ApiError(400, "bad_request", "上传的文件为空 (empty file)")
    if len(data) > MAX_UPLOAD:
        raise ApiError(413, "too_large", "文件超过 5 MB (file too large)")
    with tempfile.TemporaryDirectory() as tmp:
        path = FsPath(tmp) / name
        path.write_bytes(data)
        rows = read_rows(path)
    parsed = validated_reports(svc.engine, rows)
    try:
        with svc.engine.begin() as conn:
            replaced = store_reports(conn, parsed, name)
            result = {"rows": len(parsed), "new": len(parsed) - replaced, "replaced": replaced}
            audit.record(conn, principal.name, "targets.import", name, result, client)
    except SQLAlchemyError as exc:
        raise UserError(f"写入报告失败，未作任何更改：{exc.__class__.__name__} (nothing written)") from None
    return result | {"file": name}


Svc = Annotated[Services, Depends(services)]


@router.get("/items", summary="规划目标与任务及其状态（按文件、类型、状态筛选；游标分页；公开）")
def items(
    svc: Svc,
    doc: DocQ = None,
    kind: KindQ = None,
    status: StatusQ = None,
    as_of: AsOf = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
):
    day = as_of or dt.date.today()
    rows = sorted(tracked(svc, day, doc, kind, status), key=lambda r: r["item_id"])
    fp = fingerprint(doc=doc, kind=kind, status=status, as_of=day)
    return paginate(rows, lambda r: r["item_id"], cursor, limit, fp).body(as_of=day.isoformat())


@router.get("/items/{item_id:path}", summary="一个目标或任务：引用条文、已报告的数值与进度、状态")
def item(svc: Svc, item_id: Annotated[str, Path(min_length=3, max_length=400)], as_of: AsOf = None):
    from zhengce.regimes.targets.query import list_reports

    day = as_of or dt.date.today()
    doc = item_id.split("/", 1)[0]
    row = next((r for r in tracked(svc, day, doc, None, None) if r["item_id"] == item_id), None)
    if row is None:
        raise ApiError(404, "not_found", f"未找到条目 {item_id} (no such item)")
    reports = [
        {"date": r.reported_for.isoformat(), "kind": r.kind, "value": r.value, "note": r.note}
        for r in list_reports(svc.engine, item_id)
    ]
    return row | {"as_of": day.isoformat(), "reports": reports}


@router.get("/status", summary="状态报告：各状态数量、按文件汇总、存在风险和未完成的条目（公开）")
def status(svc: Svc, doc: DocQ = None, kind: KindQ = None, as_of: AsOf = None):
    return status_report(svc, as_of or dt.date.today(), doc, kind)


@router.post("/reports", summary="导入报告值与进度（CSV/XLSX；仅限管理员和省级账户）")
async def import_reports(
    request: Request,
    svc: Svc,
    file: Annotated[
        UploadFile, File(description="CSV（UTF-8/GB18030）或 XLSX：item_id、date、value、kind、note")
    ],
    csrf_token: Annotated[str | None, Form(description="会话 Cookie 调用时的 CSRF 令牌")] = None,
    principal: Principal = Depends(current_principal),
):
    if not principal.authenticated:
        raise ApiError(401, "unauthenticated", "需要登录 (authentication required)")
    data = await file.read(MAX_UPLOAD + 1)
    try:
        return import_upload(svc, principal, file.filename, data, client_of(request))
    except UserError as exc:
        if getattr(exc, "problems", None) is not None:
            return problems_response(exc)
        raise
