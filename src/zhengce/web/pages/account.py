"""登录、退出、我的账户（API 令牌的创建与撤销）."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from ...api.auth.store import RateLimited
from ...api.deps import SESSION_COOKIE, client_of, current_principal
from ...api.errors import ApiError
from ...errors import UserError
from ..render import render

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only same-site paths: `//evil` and `https://evil` would make the login an open redirect."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


@router.get("/login")
def login_form(request: Request, next: str = "/"):
    return render(request, "login.html", nav="login", next=safe_next(next), error=None, name="")


@router.post("/login")
def login(
    request: Request,
    name: str = Form(default="", max_length=100),
    password: str = Form(default="", max_length=1000),
    next: str = Form(default="/", max_length=500),
):
    svc = request.app.state.services
    try:
        user = svc.accounts.authenticate(name, password, client_of(request))
    except RateLimited as exc:
        return render(
            request,
            "login.html",
            status=429,
            headers={"Retry-After": str(exc.retry_after)},
            nav="login",
            next=safe_next(next),
            error=str(exc),
            name=name,
        )
    except UserError as exc:
        return render(
            request, "login.html", status=400, nav="login", next=safe_next(next), error=str(exc), name=name
        )
    token, _csrf = svc.accounts.create_session(user, client_of(request))
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=svc.secure_cookies,
        path="/",
        max_age=12 * 3600,
    )
    return response


@router.post("/logout")
def logout(request: Request):
    principal = current_principal(request)
    if principal.via == "session" and principal.session_hash:
        request.app.state.services.accounts.end_session(
            principal.session_hash, principal.name, client_of(request)
        )
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _require_session(request: Request):
    principal = current_principal(request)
    if not principal.authenticated:
        raise ApiError(401, "unauthenticated", "请先登录 (login required)")
    return principal


@router.get("/account")
def account(request: Request):
    principal = _require_session(request)
    tokens = request.app.state.services.accounts.list_tokens(principal.name)
    return render(request, "account.html", nav="account", tokens=tokens, new_token=None)


@router.post("/account/tokens")
def create_token(request: Request, token_name: str = Form(default="token", max_length=100)):
    principal = _require_session(request)
    svc = request.app.state.services
    _tid, token = svc.accounts.create_token(principal.name, token_name, actor=principal.name)
    tokens = svc.accounts.list_tokens(principal.name)
    return render(request, "account.html", status=201, nav="account", tokens=tokens, new_token=token)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: int):
    principal = _require_session(request)
    request.app.state.services.accounts.revoke_token(
        token_id, actor=principal.name, user_id=principal.user_id
    )
    return RedirectResponse("/account", status_code=303)
