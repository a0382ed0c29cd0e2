"""The caller's own account and tokens; the audit log and user list for administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from ..auth import audit
from ..auth.roles import ROLE_LABELS
from ..deps import current_principal, require_admin, require_user, services
from ..jurisdiction import Principal, scope_for
from ..pagination import decode_cursor, encode_cursor, fingerprint
from ..services import Services

router = APIRouter(prefix="/api/v1", tags=["account"])


@router.get("/me", summary="当前身份与管辖范围")
def me(principal: Principal = Depends(current_principal)):
    scope = scope_for(principal)
    return {
        "authenticated": principal.authenticated,
        "name": principal.name or None,
        "display_name": principal.display_name or None,
        "role": principal.role.value,
        "role_label": ROLE_LABELS[principal.role],
        "region": principal.region,
        "owner": principal.owner_ref,
        "scope": {
            "region_prefix": scope.region_prefix,
            "owner": scope.owner,
            "public_only": scope.public_only,
        },
        "via": principal.via,
    }


class TokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=100, description="令牌用途，如 终端-001")


@router.get("/me/tokens", summary="我的 API 令牌（只显示前缀）")
def my_tokens(principal: Principal = Depends(require_user), svc: Services = Depends(services)):
    return {"items": svc.accounts.list_tokens(principal.name)}


@router.post("/me/tokens", status_code=201, summary="新建 API 令牌（令牌只显示这一次）")
def create_token(
    body: TokenIn, principal: Principal = Depends(require_user), svc: Services = Depends(services)
):
    tid, token = svc.accounts.create_token(principal.name, body.name, actor=principal.name)
    return {"id": tid, "name": body.name, "token": token}


@router.delete("/me/tokens/{token_id}", status_code=204, summary="撤销我的 API 令牌")
def revoke_token(
    token_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    principal: Principal = Depends(require_user),
    svc: Services = Depends(services),
):
    svc.accounts.revoke_token(token_id, actor=principal.name, user_id=principal.user_id)


@router.get("/admin/users", summary="用户列表（管理员）")
def users(_: Principal = Depends(require_admin), svc: Services = Depends(services)):
    return {"items": svc.accounts.list_users()}


@router.get("/admin/audit", summary="审计日志（管理员）：谁、何时、做了什么")
def audit_log(
    actor: Annotated[str | None, Query(max_length=100)] = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    _: Principal = Depends(require_admin),
    svc: Services = Depends(services),
):
    fp = fingerprint(actor=actor)
    after = decode_cursor(cursor, fp)
    rows = audit.entries(
        svc.engine, after_id=after if isinstance(after, int) else None, limit=limit + 1, actor=actor
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_cursor": encode_cursor(rows[-1]["id"], fp) if more and rows else None}
