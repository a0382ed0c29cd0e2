"""Which works a terminal reports for: (protocol, address) -> works_id.

The server takes any ``Resolver`` callable, so the groundwater registry can supply its own
lookup later; :class:`TerminalMap` is the built-in one, backed by ``telemetry_terminal``.
Lookups never touch the database on the hot path: the map is refreshed in the background.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from zhengce.errors import UserError

from . import schema
from .model import Reading, invalid_reason, now_cst
from .store import ensure_schema

PROTOCOLS = ("szy206", "sl651")
Resolver = Callable[[str, str], str | None]
_ADDRESS = re.compile(r"[0-9A-F]{10}")


def normalise_address(protocol: str, address: str) -> str:
    """Canonical address text: 10 upper-case hex digits for both protocols (5 bytes as sent)."""
    if protocol not in PROTOCOLS:
        raise UserError(f"未知协议 {protocol!r}，可用：szy206、sl651 (unknown protocol)")
    text = address.strip().upper()
    if not _ADDRESS.fullmatch(text):
        raise UserError(f"终端地址须为 10 位十六进制数字 (address must be 10 hex digits): {address!r}")
    return text


def add_terminal(engine: Engine, protocol: str, address: str, works_id: str, note: str | None = None) -> None:
    """Register (or re-point) a terminal."""
    address = normalise_address(protocol, address)
    reason = invalid_reason(Reading(works_id, now_cst()))
    if reason:
        raise UserError(reason)
    ensure_schema(engine)
    t = schema.terminal
    with engine.begin() as conn:
        conn.execute(sa.delete(t).where(t.c.protocol == protocol, t.c.address == address))
        conn.execute(
            t.insert().values(
                protocol=protocol, address=address, works_id=works_id, created_at=now_cst(), note=note
            )
        )


def add_terminals(engine: Engine, rows: list[tuple[str, str, str]]) -> None:
    """Register many terminals at once (simulator, benchmark); existing ones are re-pointed."""
    ensure_schema(engine)
    now = now_cst()
    clean = [(p, normalise_address(p, a), w) for p, a, w in rows]
    t = schema.terminal
    with engine.begin() as conn:
        for protocol in PROTOCOLS:
            addresses = [a for p, a, _ in clean if p == protocol]
            for i in range(0, len(addresses), 500):
                conn.execute(
                    sa.delete(t).where(t.c.protocol == protocol, t.c.address.in_(addresses[i : i + 500]))
                )
        if clean:
            conn.execute(
                t.insert(),
                [{"protocol": p, "address": a, "works_id": w, "created_at": now} for p, a, w in clean],
            )


def remove_terminal(engine: Engine, protocol: str, address: str) -> bool:
    address = normalise_address(protocol, address)
    ensure_schema(engine)
    t = schema.terminal
    with engine.begin() as conn:
        return conn.execute(sa.delete(t).where(t.c.protocol == protocol, t.c.address == address)).rowcount > 0


def list_terminals(engine: Engine) -> list[dict]:
    ensure_schema(engine)
    t = schema.terminal
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(t).order_by(t.c.protocol, t.c.address)).mappings()]


class TerminalMap:
    """Resolver over ``telemetry_terminal``; call :meth:`refresh` to pick up new registrations."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._map: Mapping[tuple[str, str], str] = {}
        self.refresh()

    def refresh(self) -> int:
        t = schema.terminal
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t.c.protocol, t.c.address, t.c.works_id)).all()
        self._map = {(p, a): w for p, a, w in rows}  # swapped whole: safe to read from another thread
        return len(self._map)

    def __call__(self, protocol: str, address: str) -> str | None:
        return self._map.get((protocol, address))

    def __len__(self) -> int:
        return len(self._map)


def flush_link_stats(engine: Engine, deltas: dict[tuple[str, str], dict]) -> None:
    """Add per-terminal counter deltas to ``telemetry_link_stats``."""
    if not deltas:
        return
    t = schema.link_stats
    with engine.begin() as conn:
        for (protocol, address), delta in deltas.items():
            updated = conn.execute(
                sa.update(t)
                .where(t.c.protocol == protocol, t.c.address == address)
                .values(
                    frames=t.c.frames + delta["frames"],
                    readings=t.c.readings + delta["readings"],
                    malformed=t.c.malformed + delta["malformed"],
                    unknown=t.c.unknown + delta["unknown"],
                    last_seen=delta["last_seen"],
                )
            ).rowcount
            if not updated:
                conn.execute(t.insert().values(protocol=protocol, address=address, **delta))


def link_stats(engine: Engine) -> list[dict]:
    ensure_schema(engine)
    t = schema.link_stats
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(t).order_by(t.c.protocol, t.c.address)).mappings()]
