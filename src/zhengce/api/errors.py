"""One error body for every 4xx: {"error": {"code": ..., "message": ...}}; never a traceback."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import NotFound, UserError

log = logging.getLogger("zhengce.api")

# Default codes for HTTP statuses raised without an explicit ApiError.
STATUS_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "rate_limited",
    503: "unavailable",
}
STATUS_MESSAGES = {
    400: "请求有误 (bad request)",
    401: "需要登录 (authentication required)",
    403: "无权访问 (forbidden)",
    404: "未找到 (not found)",
    405: "不支持此方法 (method not allowed)",
    429: "请求过于频繁，请稍后再试 (too many requests)",
}


class ApiError(Exception):
    """Raise from any route: becomes `status` with the standard error body."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def error_body(code: str, message: str, **extra) -> dict:
    return {"error": {"code": code, "message": message, **extra}}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra):
    return JSONResponse(error_body(code, message, **extra), status_code=status, headers=headers)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def install_error_handlers(app: FastAPI, html_renderer=None) -> None:
    """`html_renderer(request, status, code, message)` renders web pages' errors (else JSON)."""

    def respond(request: Request, status: int, code: str, message: str, headers=None, **extra):
        if html_renderer is not None and _wants_html(request):
            return html_renderer(request, status, code, message, headers)
        return error_response(status, code, message, headers, **extra)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return respond(request, exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound):
        return respond(request, 404, "not_found", str(exc))

    @app.exception_handler(UserError)
    async def _user_error(request: Request, exc: UserError):
        return respond(request, 400, "bad_request", str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        problems = []
        for e in exc.errors()[:10]:
            loc = ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body"))
            problems.append({"field": loc, "problem": str(e.get("msg", ""))[:200]})
        where = "、".join(p["field"] for p in problems if p["field"]) or "请求"
        return respond(request, 422, "invalid_input", f"参数无效：{where} (invalid input)", details=problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        status = exc.status_code
        code = STATUS_CODES.get(status, "error")
        detail = exc.detail if isinstance(exc.detail, str) and status not in STATUS_MESSAGES else None
        message = detail or STATUS_MESSAGES.get(status, "请求失败 (request failed)")
        return respond(request, status, code, message, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        # A bug, not bad input: log it with the traceback, answer without one.
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "服务器内部错误 (internal error)")
