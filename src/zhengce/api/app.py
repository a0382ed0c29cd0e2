"""The FastAPI application factory: API under /api/v1, the web app at /, static assets at /static."""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from .deps import csrf_guard
from .errors import install_error_handlers
from .security import install_security
from .services import Services

STATIC_DIR = Path(__file__).resolve().parents[1] / "web" / "static"

DESCRIPTION = """zhengce 的 REST API：政策文件库、检索、条款表与地下水管理。

- 分页：列表返回 `next_cursor`，把它作为 `cursor` 参数取下一页（不使用 offset）。
- 缓存：响应带 `ETag`；请求带 `If-None-Match` 时未变化返回 304。
- 错误：所有 4xx 返回 `{"error": {"code": "…", "message": "…"}}`。
- 身份：浏览器用会话 Cookie（写操作需 `X-CSRF-Token`），终端与脚本用 `Authorization: Bearer zc_…`。
"""


def create_app(
    db_url: str | None = None, *, index_dir: str | Path | None = None, secure_cookies: bool = False
) -> FastAPI:
    services = Services(db_url, index_dir=index_dir, secure_cookies=secure_cookies)
    app = FastAPI(
        title="zhengce 政策法规与地下水管理",
        version="1",
        description=DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # Swagger UI would load from a CDN; the app must work offline
        redoc_url=None,
        dependencies=[Depends(csrf_guard)],
    )
    app.state.services = services

    from ..web import pages
    from . import routes_funds, routes_land, routes_targets
    from .routes import account, corpus, groundwater, provisions, search

    install_error_handlers(app, html_renderer=pages.render_error)
    install_security(app, secure_cookies)
    for module in (corpus, search, provisions, groundwater, account):
        app.include_router(module.router)
    for module in (routes_land, routes_funds, routes_targets):  # issue 8: the other regimes
        app.include_router(module.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
