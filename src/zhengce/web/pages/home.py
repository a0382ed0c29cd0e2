"""首页."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ..render import render

router = APIRouter()


@router.get("/")
def home(request: Request):
    docs = request.app.state.services.corpus.documents()
    return render(request, "home.html", nav="home", doc_count=len(docs), docs=docs[:8])
