"""Provisions tables (obligations, prohibitions, penalties, deadlines, targets, tasks): JSON, CSV, XLSX."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse

from ..deps import services
from ..errors import ApiError
from ..etag import json_with_etag
from ..pagination import MAX_LIMIT, fingerprint, paginate
from ..services import Services

router = APIRouter(prefix="/api/v1", tags=["provisions"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def require_provisions(svc: Services = Depends(services)):
    if svc.provisions is None:
        raise ApiError(503, "unavailable", "条款表尚未建立 (provisions store not available)")
    return svc.provisions


def provision_rows(
    svc: Services, kind: str | None, doc: str | None, actor: str | None, q: str | None
) -> list[dict]:
    """Filtered rows in document then reading order; shared by the API and the 条款表 page."""
    rows = svc.provisions.query(kind=kind or None, doc_id=doc or None, actor=actor or None)
    if q:
        rows = [r for r in rows if q in r["text"] or q in r["citation"]]
    return rows


def row_key(order: dict[str, int]):
    return lambda r: [order.get(r["doc_id"], 1 << 30), r["ord"], r["kind"]]


@router.get(
    "/provisions",
    summary="条款表：按类型（罚则、期限、目标、任务…）、文件、主体筛选；json 分页，csv/xlsx 导出全部",
    responses={200: {"content": {"application/json": {}, "text/csv": {}, XLSX: {}}}},
)
def provisions(
    request: Request,
    kind: Annotated[
        str | None, Query(max_length=20, description="penalty / deadline / target / task … 或 罚则、期限")
    ] = None,
    doc: Annotated[str | None, Query(max_length=200, description="文件编号")] = None,
    actor: Annotated[
        str | None, Query(max_length=100, description="主体（包含即可），如 水行政主管部门")
    ] = None,
    q: Annotated[str | None, Query(max_length=100, description="原文包含")] = None,
    format: Literal["json", "csv", "xlsx"] = "json",  # noqa: A002 - the public parameter name
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    store=Depends(require_provisions),
    svc: Services = Depends(services),
):
    from ...provisions.export import to_csv, write_xlsx

    rows = provision_rows(svc, kind, doc, actor, q)
    if format == "csv":
        body = "\ufeff" + to_csv(rows)  # BOM: spreadsheet programs then read the Chinese correctly
        headers = {"Content-Disposition": "attachment; filename=provisions.csv"}
        return StreamingResponse(
            iter([body.encode("utf-8")]), media_type="text/csv; charset=utf-8", headers=headers
        )
    if format == "xlsx":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "provisions.xlsx"
            write_xlsx(rows, path)
            data = path.read_bytes()
        return Response(
            data, media_type=XLSX, headers={"Content-Disposition": "attachment; filename=provisions.xlsx"}
        )
    order = {d["doc_id"]: i for i, d in enumerate(svc.corpus.documents())}
    fp = fingerprint(kind=kind, doc=doc, actor=actor, q=q)
    page = paginate(rows, row_key(order), cursor, limit, fp)
    return json_with_etag(request, page.body(total=len(rows)))
