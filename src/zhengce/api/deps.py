"""Request dependencies: who is asking (session cookie or bearer token), their scope, CSRF."""

from __future__ import annotations

from fastapi import Depends, Request

from .auth.crypto import same
from .auth.roles import AUTHORITIES, Role
from .errors import ApiError
from .jurisdiction import ANONYMOUS, Principal, Scope, scope_for
from .services import Services

SESSION_COOKIE = "zc_session"
CSRF_COOKIE = "zc_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def services(request: Request) -> Services:
    return request.app.state.services


def client_of(request: Request) -> str:
    return request.client.host if request.client else ""


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def current_principal(request: Request) -> Principal:
    """Bearer token first (terminals, scripts), then the session cookie; else anonymous."""
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    svc = services(request)
    principal = ANONYMOUS
    token = _bearer(request)
    if token is not None:
        found = svc.accounts.token_principal(token)
        if found is None:
            raise ApiError(
                401,
                "bad_token",
                "令牌无效或已撤销 (invalid or revoked token)",
                {"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        principal = found
    elif request.cookies.get(SESSION_COOKIE):
        principal = svc.accounts.session_principal(request.cookies[SESSION_COOKIE]) or ANONYMOUS
    request.state.principal = principal
    return principal


def current_scope(principal: Principal = Depends(current_principal)) -> Scope:
    return scope_for(principal)


def require_user(principal: Principal = Depends(current_principal)) -> Principal:
    if not principal.authenticated:
        raise ApiError(401, "unauthenticated", "需要登录 (authentication required)")
    return principal


def require_authority(principal: Principal = Depends(require_user)) -> Principal:
    if principal.role not in AUTHORITIES:
        raise ApiError(403, "forbidden", "仅限水行政主管部门 (authorities only)")
    return principal


def require_admin(principal: Principal = Depends(require_user)) -> Principal:
    if principal.role != Role.ADMIN:
        raise ApiError(403, "forbidden", "仅限管理员 (administrators only)")
    return principal


def csrf_expected(request: Request) -> str | None:
    principal = current_principal(request)
    if principal.via == "session":
        return principal.csrf
    return request.cookies.get(CSRF_COOKIE)


async def csrf_guard(request: Request) -> None:
    """App-wide: no state-changing request rides on ambient credentials without a CSRF token.

    Exempt: bearer-token requests (nothing ambient) and cookie-less non-form requests
    (anonymous API calls have no session to abuse). Form posts always need the token,
    which also stops login CSRF.
    """
    if request.method not in UNSAFE or _bearer(request) is not None:
        return
    is_form = request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    )
    if not is_form and not request.cookies:
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and is_form:
        try:
            form = await request.form()
        except Exception:  # malformed body: refuse like a missing token
            form = {}
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not same(sent, csrf_expected(request)):
        raise ApiError(
            403, "csrf_failed", "表单已过期或来源不明，请刷新页面后重试 (CSRF token missing or invalid)"
        )
