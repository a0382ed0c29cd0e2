"""检索 page: the same search as the API, hits with highlighted (pre-escaped) snippets."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ...api.routes.search import run_search
from ...errors import UserError
from ..render import render
from .library import parse_date

router = APIRouter()


@router.get("/search")
def search_page(request: Request):
    p = request.query_params
    q = (p.get("q") or "").strip()
    svc = request.app.state.services
    result, error, status = None, None, 200
    filters = {"doc": p.get("doc") or None, "kind": p.get("kind") or None, "issuer": p.get("issuer") or None}
    if q:
        try:
            if len(q) > 200:
                raise UserError("检索词不超过 200 字 (query too long)")
            result = run_search(
                svc,
                q,
                limit=20,
                cursor=p.get("cursor") or None,
                in_force_on=parse_date(p.get("in_force_on"), "有效日期"),
                **filters,
            )
        except UserError as exc:
            error, status = str(exc), 400
    return render(
        request,
        "search.html",
        status=status,
        nav="search",
        q=q,
        result=result,
        error=error,
        docs=svc.corpus.documents(),
        f={k: v or "" for k, v in filters.items()},
    )
