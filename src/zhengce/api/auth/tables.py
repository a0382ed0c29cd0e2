"""Account tables, in their own MetaData so they are created beside (never inside) other parts' tables.

Secrets are never stored: sessions and API tokens are kept as SHA-256 of a 256-bit random
token (enough against offline guessing), passwords as argon2id hashes.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

users = Table(
    "api_users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False, default=""),
    Column("role", String(16), nullable=False),
    Column("region", String(6)),  # GB/T 2260 code for authorities
    Column("owner_ref", String(200)),  # works owner: the registry's `owner` value
    Column("password_hash", Text, nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", String(32), nullable=False),
)

sessions = Table(
    "api_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("api_users.id", ondelete="CASCADE"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
)

tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("api_users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(16), nullable=False),  # shown in listings so a token can be recognised
    Column("created_at", String(32), nullable=False),
    Column("revoked_at", String(32)),
)

login_failures = Table(
    "api_login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False),
    Column("client", String(64), nullable=False),
    Column("at", String(32), nullable=False),
    Index("ix_api_login_failures_name_at", "name", "at"),
    Index("ix_api_login_failures_client_at", "client", "at"),
)

audit_log = Table(
    "api_audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False, index=True),
    Column("actor", String(100), nullable=False),  # user name, or cli:<os user>
    Column("action", String(64), nullable=False),
    Column("target", String(300), nullable=False, default=""),
    Column("detail", JSON, nullable=False),
    Column("client", String(64), nullable=False, default=""),
)
