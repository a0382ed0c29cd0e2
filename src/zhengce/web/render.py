"""Jinja2 environment (autoescape always on) and the shared page context."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader

from ..api.auth.roles import ROLE_LABELS
from ..api.deps import current_principal
from ..api.security import csrf_for_form
from .labels import DOC_KIND_LABELS, NODE_KIND_LABELS, PROVISION_KIND_LABELS

TEMPLATES = Path(__file__).resolve().parent / "templates"

env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True)
env.filters["q"] = lambda s: quote(str(s), safe="")
env.globals.update(
    NODE_KIND_LABELS=NODE_KIND_LABELS,
    DOC_KIND_LABELS=DOC_KIND_LABELS,
    PROVISION_KIND_LABELS=PROVISION_KIND_LABELS,
    ROLE_LABELS=ROLE_LABELS,
)


def url_with(request: Request, **changes: Any) -> str:
    """The current URL with some query parameters replaced (None drops one)."""
    params = dict(request.query_params)
    for k, v in changes.items():
        if v is None:
            params.pop(k, None)
        else:
            params[k] = str(v)
    return request.url.path + ("?" + urlencode(params) if params else "")


def render(request: Request, template: str, status: int = 200, headers=None, **context: Any) -> HTMLResponse:
    try:
        principal = current_principal(request)
    except Exception:  # a bad bearer token on a page: render as anonymous
        from ..api.jurisdiction import ANONYMOUS

        principal = ANONYMOUS
    svc = request.app.state.services
    ctx = {
        "request": request,
        "user": principal,
        "csrf_token": csrf_for_form(request),
        "url_with": lambda **kw: url_with(request, **kw),
        "gw_ready": svc.groundwater is not None,
        "provisions_ready": svc.provisions is not None,
        "nav": context.pop("nav", ""),
    }
    html = env.get_template(template).render(**ctx, **context)
    return HTMLResponse(html, status_code=status, headers=headers)


def render_error(request: Request, status: int, code: str, message: str, headers=None) -> HTMLResponse:
    return render(
        request, "error.html", status=status, headers=headers, status_code=status, code=code, message=message
    )
