"""公开: what the regulation says must be public, readable without logging in."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ..render import render

router = APIRouter()


@router.get("/public")
def public_page(request: Request):
    svc = request.app.state.services
    gw = svc.groundwater
    gw_doc = next((d for d in svc.corpus.documents() if d["short_title"] == "地下水管理条例"), None)
    data = None
    if gw is not None:
        data = {
            "zones": [f["properties"] for f in gw.zones_geojson()["features"]],
            "credit": gw.credit_records(),
            "monitoring": gw.public_monitoring(),
            "regions": {r["code"]: r["name"] for r in gw.regions()},
        }
    return render(request, "public.html", nav="public", gw_doc=gw_doc, data=data)
