"""Security headers on every response and the pre-session CSRF cookie."""

from __future__ import annotations

from fastapi import FastAPI, Request

from .auth.crypto import new_token
from .deps import CSRF_COOKIE

# No inline scripts anywhere: page data travels in <script type="application/json"> blocks.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def csrf_for_form(request: Request) -> str:
    """The token a page puts in its forms: the session's, else a pre-session cookie's (issued here)."""
    principal = getattr(request.state, "principal", None)
    if principal is not None and principal.via == "session" and principal.csrf:
        return principal.csrf
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not token:
        token = request.state.new_csrf = new_token()
    return token


def install_security(app: FastAPI, secure_cookies: bool) -> None:
    @app.middleware("http")
    async def _headers(request: Request, call_next):
        response = await call_next(request)
        for k, v in HEADERS.items():
            response.headers.setdefault(k, v)
        new = getattr(request.state, "new_csrf", None)
        if new:
            response.set_cookie(
                CSRF_COOKIE, new, httponly=True, samesite="lax", secure=secure_cookies, path="/"
            )
        return response
