"""条款表: sortable, filterable tables of provisions, with CSV/XLSX export of the filtered set."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request

from ...api.pagination import fingerprint, paginate
from ...api.routes.provisions import provision_rows, row_key
from ..render import render

router = APIRouter()
PAGE = 200
KINDS = (
    "penalty",
    "deadline",
    "target",
    "task",
    "obligation",
    "prohibition",
    "permission",
    "definition",
    "effect",
)


@router.get("/provisions")
def provisions_page(request: Request):
    svc = request.app.state.services
    if svc.provisions is None:
        return render(request, "provisions.html", nav="provisions", ready=False)
    from ...provisions.export import actors_cell, deadline_cell, quantities_cell, targets_cell, tasks_cell
    from ...provisions.rows import KIND_LABELS

    p = request.query_params
    f = {k: (p.get(k) or "").strip()[:100] for k in ("kind", "doc", "actor", "q")}
    if f["kind"] and f["kind"] not in KIND_LABELS:
        f["kind"] = ""
    docs = svc.corpus.documents()
    rows = provision_rows(svc, f["kind"], f["doc"], f["actor"], f["q"])
    order = {d["doc_id"]: i for i, d in enumerate(docs)}
    page = paginate(rows, row_key(order), p.get("cursor"), PAGE, fingerprint(**f))
    table = [
        {
            "row": r,
            "actors": actors_cell(r),
            "quantities": quantities_cell(r),
            "deadline": deadline_cell(r),
            "targets": targets_cell(r),
            "tasks": tasks_cell(r),
        }
        for r in page.items
    ]
    export = {k: v for k, v in f.items() if v}
    return render(
        request,
        "provisions.html",
        nav="provisions",
        ready=True,
        table=table,
        total=len(rows),
        next_cursor=page.next_cursor,
        f=f,
        kinds=[(k, KIND_LABELS[k]) for k in KINDS],
        kind_labels=KIND_LABELS,
        docs=docs,
        csv_url="/api/v1/provisions?" + urlencode(export | {"format": "csv"}),
        xlsx_url="/api/v1/provisions?" + urlencode(export | {"format": "xlsx"}),
    )
