"""法规库: document list with filters, a document with its tree, one article with its links."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from fastapi import APIRouter, Request

from ...api.errors import ApiError
from ...api.pagination import fingerprint, paginate
from ...api.routes.corpus import filter_documents
from ...api.serialize import breadcrumbs
from ...api.xrefs import node_xrefs
from ...corpus.lookup import find_node
from ...corpus.model import Document, Node
from ...errors import UserError
from ...provisions import classify, quantities
from ..render import render

router = APIRouter()
PAGE = 30


def parse_date(value: str | None, label: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ApiError(400, "bad_date", f"{label}应为 YYYY-MM-DD 格式 (bad date)") from None


@router.get("/laws")
def laws(request: Request):
    p = request.query_params
    svc = request.app.state.services
    every = svc.corpus.documents()
    kind, issuer, q = (p.get(k) or None for k in ("kind", "issuer", "q"))
    date_from = parse_date(p.get("date_from"), "起始日期")
    date_to = parse_date(p.get("date_to"), "截止日期")
    rows = filter_documents(every, kind, issuer, date_from, date_to, q)
    fp = fingerprint(kind=kind, issuer=issuer, date_from=date_from, date_to=date_to, q=q)
    page = paginate(rows, lambda r: r["id"], p.get("cursor"), PAGE, fp)
    return render(
        request,
        "laws.html",
        nav="laws",
        rows=page.items,
        total=len(rows),
        next_cursor=page.next_cursor,
        kinds=sorted({r["kind"] for r in every}),
        issuers=sorted({i for r in every for i in r["meta"].get("issuers", [])}),
        f={
            "kind": kind or "",
            "issuer": issuer or "",
            "q": q or "",
            "date_from": p.get("date_from") or "",
            "date_to": p.get("date_to") or "",
        },
    )


def _document(request: Request, ref: str) -> Document:
    svc = request.app.state.services
    return svc.corpus.document(svc.corpus.resolve(ref))


@router.get("/laws/{doc}")
def document_page(request: Request, doc: str):
    document = _document(request, doc)
    return render(request, "document.html", nav="laws", doc=document, body=document.body.children)


def linked_segments(request: Request, document: Document, node: Node) -> list[tuple[str, str | None, str]]:
    """The node's text cut into (text, link or None, tooltip) so the template can escape each piece.

    Internal references link to the node they resolve to; 《title》 links to that document when the
    corpus holds it.
    """
    text = node.text
    out: list[tuple[str, str | None, str]] = []
    pos = 0
    for x in sorted(node_xrefs(document, node), key=lambda x: x.start):
        if x.start < pos:
            continue
        href = f"/laws/{quote(document.doc_id)}/{quote(x.eids[0])}" if x.eids else _doc_href(request, x.text)
        if href is None:
            continue
        out.append((text[pos : x.start], None, ""))
        out.append((text[x.start : x.end], href, x.reason or ""))
        pos = x.end
    out.append((text[pos:], None, ""))
    return [s for s in out if s[0]]


def _doc_href(request: Request, ref_text: str) -> str | None:
    if not (ref_text.startswith("《") and ref_text.endswith("》")):
        return None
    try:
        doc_id = request.app.state.services.corpus.resolve(ref_text.strip("《》"))
    except UserError:  # not in this corpus (e.g. 《中华人民共和国水法》) or ambiguous
        return None
    return f"/laws/{quote(doc_id)}"


def _neighbours(document: Document, node: Node) -> tuple[Node | None, Node | None]:
    same = [n for n in document.nodes() if n.kind == node.kind and n.eid.count("__") == node.eid.count("__")]
    idx = next((i for i, n in enumerate(same) if n.eid == node.eid), None)
    if idx is None:
        return None, None
    return (same[idx - 1] if idx > 0 else None), (same[idx + 1] if idx + 1 < len(same) else None)


def _extracted(request: Request, document: Document, node: Node) -> dict[str, tuple[list[str], list[str]]]:
    """eid -> (provision kinds, quantity texts): from the provisions store, else computed on the spot."""
    store = request.app.state.services.provisions
    out: dict[str, tuple[list[str], list[str]]] = {}
    if store is not None:
        wanted = {n.eid for n in node.walk()}
        for row in store.query(doc_id=document.doc_id):
            if row["eid"] in wanted:
                kinds, quants = out.setdefault(row["eid"], ([], []))
                if row["kind"] != "other":
                    kinds.append(row["kind"])
                for q in row["quantities"]:
                    if q["kind"] != "count" and q["text"] not in quants:
                        quants.append(q["text"])
        return out
    for n in node.walk():
        if n.text:
            out[n.eid] = (sorted(classify(n.text)), [q.text for q in quantities(n.text) if q.kind != "count"])
    return out


@router.get("/laws/{doc}/{ref}")
def node_page(request: Request, doc: str, ref: str):
    document = _document(request, doc)
    node = find_node(document, ref)
    extracted = _extracted(request, document, node)
    rows = []
    for n in node.walk():
        if not (n.text or n.num):
            continue
        kinds, quants = extracted.get(n.eid, ([], []))
        rows.append(
            {
                "node": n,
                "depth": n.eid.count("__") - node.eid.count("__"),
                "segments": linked_segments(request, document, n),
                "kinds": kinds,
                "quantities": quants,
            }
        )
    prev, nxt = _neighbours(document, node)
    return render(
        request,
        "node.html",
        nav="laws",
        doc=document,
        node=node,
        rows=rows,
        path=breadcrumbs(document, node.eid),
        prev=prev,
        next=nxt,
    )
