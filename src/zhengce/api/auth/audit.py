"""The audit log: every change, who made it, when, and what it was."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection, Engine

from .tables import audit_log


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def record(
    conn: Connection,
    actor: str,
    action: str,
    target: str = "",
    detail: dict[str, Any] | None = None,
    client="",
) -> None:
    """Write inside the caller's transaction, so a change and its audit entry commit together."""
    conn.execute(
        insert(audit_log).values(
            at=now_iso(), actor=actor, action=action, target=target, detail=detail or {}, client=client or ""
        )
    )


def entries(engine: Engine, *, after_id: int | None = None, limit: int = 100, actor: str | None = None):
    q = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if after_id is not None:
        q = q.where(audit_log.c.id < after_id)
    if actor:
        q = q.where(audit_log.c.actor == actor)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]
