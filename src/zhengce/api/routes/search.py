"""Full-text search over the corpus (zhengce.search), with filters and highlighted snippets."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from ..deps import services
from ..etag import json_with_etag
from ..pagination import decode_cursor, encode_cursor, fingerprint
from ..services import Services

router = APIRouter(prefix="/api/v1", tags=["search"])
MAX_RESULTS = 200  # ranked results are a list, not a table: nobody pages past this


def run_search(
    svc: Services,
    q: str,
    *,
    limit: int,
    cursor: str | None = None,
    doc: str | None = None,
    kind: str | None = None,
    issuer: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    in_force_on: dt.date | None = None,
) -> dict:
    """Shared by the API and the search page. The cursor names the rank after which to continue."""
    filters = dict(
        doc=doc, kind=kind, issuer=issuer, date_from=date_from, date_to=date_to, in_force_on=in_force_on
    )
    fp = fingerprint(q=q, **filters)
    after = decode_cursor(cursor, fp)
    start = after if isinstance(after, int) and 0 <= after < MAX_RESULTS else 0
    hits = svc.search_index().search(q, limit=min(start + limit + 1, MAX_RESULTS + 1), **filters)
    page = hits[start : start + limit]
    more = len(hits) > start + limit and start + limit < MAX_RESULTS
    return {
        "query": q,
        "items": [asdict(h) | {"href": _href(h.doc_id, h.eid)} for h in page],
        "next_cursor": encode_cursor(start + limit, fp) if more else None,
    }


def _href(doc_id: str, eid: str) -> str:
    from urllib.parse import quote

    return f"/laws/{quote(doc_id)}" + (f"/{quote(eid)}" if eid else "")


@router.get("/search", summary="检索条文（返回带 <mark> 高亮的摘要，摘要内容已转义）")
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200, description="检索词，如 打井要办什么手续")],
    doc: Annotated[str | None, Query(max_length=200, description="限定文件编号")] = None,
    kind: Annotated[str | None, Query(max_length=50, description="文种或条文层级")] = None,
    issuer: Annotated[str | None, Query(max_length=100)] = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    in_force_on: dt.date | None = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    svc: Services = Depends(services),
):
    body = run_search(
        svc,
        q,
        limit=limit,
        cursor=cursor,
        doc=doc,
        kind=kind,
        issuer=issuer,
        date_from=date_from,
        date_to=date_to,
        in_force_on=in_force_on,
    )
    return json_with_etag(request, body)
