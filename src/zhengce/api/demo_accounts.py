"""Demo accounts, one per role, for `make demo` (`zhengce user demo`): names fixed, passwords fresh."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..errors import NotFound
from .auth.store import AccountStore


@dataclass(frozen=True)
class DemoAccount:
    name: str
    role: str
    region: str | None
    owner: str | None
    display_name: str


DEFAULT_OWNER = "用水户001"
ACCOUNTS = (
    DemoAccount("demo-admin", "admin", None, None, "系统管理员（演示）"),
    DemoAccount("demo-province", "province", "370000", None, "山东省水利厅（演示）"),
    DemoAccount("demo-city", "city", "370100", None, "济南市水务局（演示）"),
    DemoAccount("demo-county", "county", "370102", None, "历下区水务局（演示）"),
    DemoAccount("demo-owner", "owner", None, DEFAULT_OWNER, f"{DEFAULT_OWNER}（演示）"),
    DemoAccount("demo-public", "public", None, None, "公众用户（演示）"),
)


def _some_owner(engine: Engine) -> str:
    """An owner that exists in the registry, so the owner account sees works (the demo's first one)."""
    try:
        from zhengce.regimes.groundwater import schema

        with engine.connect() as conn:
            owner = conn.execute(
                select(schema.works.c.owner)
                .where(schema.works.c.owner.is_not(None))
                .order_by(schema.works.c.works_id)
            ).first()
        return owner[0] if owner else DEFAULT_OWNER
    except Exception:  # no registry in this database yet
        return DEFAULT_OWNER


def create_demo_accounts(engine: Engine, actor: str = "demo") -> list[tuple[DemoAccount, str]]:
    """Create (or reset the password of) each demo account; returns them with their passwords."""
    store = AccountStore(engine)
    owner = _some_owner(engine)
    out = []
    for account in ACCOUNTS:
        if account.role == "owner":
            account = DemoAccount(account.name, "owner", None, owner, f"{owner}（演示）")
        password = secrets.token_urlsafe(9)
        try:
            store.get_user(account.name)
            store.set_password(account.name, password, actor=actor)
        except NotFound:
            store.add_user(
                account.name,
                password,
                account.role,
                region=account.region,
                owner_ref=account.owner,
                display_name=account.display_name,
                actor=actor,
            )
        out.append((account, password))
    return out
