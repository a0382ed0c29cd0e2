"""Corpus endpoints: documents, trees, nodes, exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from ...corpus.export import EXPORTERS, node_dict
from ...corpus.lookup import find_node
from ..deps import services
from ..errors import ApiError
from ..etag import PRIVATE_HEADERS, json_with_etag, make_etag, matches, not_modified
from ..pagination import DEFAULT_LIMIT, MAX_LIMIT, fingerprint, paginate
from ..serialize import breadcrumbs, doc_summary, outline
from ..services import Services
from ..xrefs import node_xrefs

router = APIRouter(prefix="/api/v1", tags=["corpus"])

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="每页条数")]
Version = Annotated[int | None, Query(ge=1, le=1_000_000, description="版本号（默认最新）")]
Ref = Annotated[str, Query(max_length=300)]

MEDIA = {
    "json": "application/json; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "akn": "application/akn+xml; charset=utf-8",
}
SUFFIX = {"json": "json", "md": "md", "akn": "xml"}
CHUNK = 64 * 1024


def filter_documents(
    rows: list[dict],
    kind: str | None,
    issuer: str | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    q: str | None = None,
) -> list[dict]:
    if date_from and date_to and date_from > date_to:
        raise ApiError(400, "bad_date_range", "起始日期晚于截止日期 (date_from after date_to)")
    out = []
    for r in rows:
        signed = r.get("signed_date")
        if kind and r["kind"] != kind:
            continue
        if issuer and not any(issuer in i for i in r["meta"].get("issuers", [])):
            continue
        if date_from and (not signed or signed < date_from.isoformat()):
            continue
        if date_to and (not signed or signed > date_to.isoformat()):
            continue
        if q and q not in r["title"] and q not in (r["doc_number"] or ""):
            continue
        out.append(r)
    return out


@router.get("/documents", summary="文件列表（可按类型、发文机关、成文日期筛选）")
def list_documents(
    request: Request,
    kind: Annotated[str | None, Query(max_length=50, description="文种，如 条例、通知")] = None,
    issuer: Annotated[str | None, Query(max_length=100, description="发文机关（包含即可）")] = None,
    date_from: Annotated[dt.date | None, Query(description="成文日期不早于 YYYY-MM-DD")] = None,
    date_to: Annotated[dt.date | None, Query(description="成文日期不晚于 YYYY-MM-DD")] = None,
    q: Annotated[str | None, Query(max_length=100, description="标题或文号包含")] = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Limit = DEFAULT_LIMIT,
    svc: Services = Depends(services),
):
    rows = filter_documents(svc.corpus.documents(), kind, issuer, date_from, date_to, q)
    fp = fingerprint(kind=kind, issuer=issuer, date_from=date_from, date_to=date_to, q=q)
    page = paginate(rows, lambda r: r["id"], cursor, limit, fp)
    body = page.body(items=[doc_summary(r) for r in page.items])
    stamp = svc.corpus.stamp()
    return json_with_etag(request, body, "documents", stamp, fp, cursor, limit)


def _doc(svc: Services, ref: str, version: int | None):
    return svc.corpus.document(svc.corpus.resolve(ref), version)


@router.get("/documents/{doc}", summary="文件信息与版本")
def get_document(request: Request, doc: str, version: Version = None, svc: Services = Depends(services)):
    document = _doc(svc, doc, version)
    key = ("document", document.content_hash, document.body.attrs.get("version"))
    etag = make_etag(*key)
    if matches(request, etag):
        return not_modified(etag)
    body = document.meta() | {
        "version": document.body.attrs.get("version"),
        "versions": svc.corpus_store.versions(document.doc_id),
    }
    return json_with_etag(request, body, *key)


@router.get("/documents/{doc}/tree", summary="文件结构树")
def document_tree(
    request: Request,
    doc: str,
    version: Version = None,
    text: Annotated[bool, Query(description="是否包含条文正文")] = True,
    svc: Services = Depends(services),
):
    document = _doc(svc, doc, version)
    key = ("tree", document.content_hash, document.body.attrs.get("version"), text)
    etag = make_etag(*key)
    if matches(request, etag):
        return not_modified(etag)
    body = {
        "doc_id": document.doc_id,
        "title": document.title,
        "version": document.body.attrs.get("version"),
        "children": [outline(c, text) for c in document.body.children],
    }
    return json_with_etag(request, body, *key)


@router.get("/documents/{doc}/nodes/{ref}", summary="条文（按 eId 或 22、第二十二条、22.2）")
def get_node(
    request: Request, doc: str, ref: str, version: Version = None, svc: Services = Depends(services)
):
    document = _doc(svc, doc, version)
    node = find_node(document, ref)
    key = ("node", document.content_hash, document.body.attrs.get("version"), node.eid)
    etag = make_etag(*key)
    if matches(request, etag):
        return not_modified(etag)
    body = node_dict(node) | {
        "doc_id": document.doc_id,
        "doc_title": document.title,
        "path": breadcrumbs(document, node.eid),
        "references": [x.as_dict() for n in node.walk() for x in node_xrefs(document, n)],
    }
    return json_with_etag(request, body, *key)


def _chunks(text: str) -> Iterator[bytes]:
    data = text.encode("utf-8")
    for i in range(0, len(data), CHUNK):
        yield data[i : i + CHUNK]


@router.get(
    "/documents/{doc}/export",
    summary="导出文件（json / md / akn），流式传输",
    response_class=StreamingResponse,
    responses={200: {"content": {m.split(";")[0]: {} for m in MEDIA.values()}}},
)
def export_document(
    request: Request,
    doc: str,
    format: Literal["json", "md", "akn"] = "json",  # noqa: A002 - the public parameter name
    version: Version = None,
    svc: Services = Depends(services),
):
    document = _doc(svc, doc, version)
    etag = make_etag("export", format, document.content_hash, document.body.attrs.get("version"))
    if matches(request, etag):
        return not_modified(etag)
    text = EXPORTERS[format](document)
    filename = f"{document.doc_id}.{SUFFIX[format]}"
    headers = {
        "ETag": etag,
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
        **PRIVATE_HEADERS,
    }
    return StreamingResponse(_chunks(text), media_type=MEDIA[format], headers=headers)
