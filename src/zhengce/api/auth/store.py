"""AccountStore: users, sessions, API tokens and the login rate limit, over SQLAlchemy Core."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from ...errors import NotFound, UserError
from ..jurisdiction import Principal
from . import audit
from .crypto import TOKEN_PREFIX, new_token, token_hash
from .passwords import hash_password, needs_rehash, verify_password
from .roles import Role, check_region, parse_role
from .tables import login_failures, metadata, sessions, tokens, users

SESSION_HOURS = 12
# Login rate limit: failures counted per account name and per client address in a sliding window.
WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_NAME = 5
MAX_FAILURES_PER_CLIENT = 20


class RateLimited(UserError):
    """Too many failed logins; `retry_after` seconds until the window frees a slot."""

    def __init__(self, retry_after: int):
        super().__init__("登录失败次数过多，请稍后再试 (too many failed logins)")
        self.retry_after = retry_after


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(t: datetime) -> str:
    return t.isoformat(timespec="seconds")


class AccountStore:
    def __init__(self, engine: Engine):
        self.engine = engine
        metadata.create_all(engine)

    # ------------------------------------------------------------ users
    def add_user(
        self,
        name: str,
        password: str,
        role: str,
        *,
        region: str | None = None,
        owner_ref: str | None = None,
        display_name: str = "",
        actor: str = "system",
    ) -> int:
        name = name.strip()
        if not name or len(name) > 100:
            raise UserError("用户名不能为空，且不超过 100 字 (bad user name)")
        r = parse_role(role)
        region = check_region(r, region)
        if r == Role.OWNER and not owner_ref:
            raise UserError("取水工程所有权人需要 --owner（登记的所有权人名称）(owner required)")
        if r != Role.OWNER and owner_ref:
            raise UserError("只有 owner 角色可以设置 --owner (only owners carry an owner)")
        row = dict(
            name=name,
            display_name=display_name or name,
            role=r.value,
            region=region,
            owner_ref=owner_ref,
            password_hash=hash_password(password),
            disabled=False,
            created_at=_iso(_now()),
        )
        try:
            with self.engine.begin() as conn:
                uid = conn.execute(insert(users).values(**row)).inserted_primary_key[0]
                audit.record(
                    conn, actor, "user.add", name, {"role": r.value, "region": region, "owner": owner_ref}
                )
        except IntegrityError:
            raise UserError(f"用户 {name} 已存在 (user exists)") from None
        return int(uid)

    def list_users(self) -> list[dict]:
        cols = [c for c in users.c if c.name != "password_hash"]
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(*cols).order_by(users.c.id))]

    def get_user(self, name: str) -> dict:
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.name == name)).first()
        if row is None:
            raise NotFound(f"没有用户 {name} (no such user)")
        return dict(row._mapping)

    def set_password(self, name: str, password: str, actor: str = "system") -> None:
        user = self.get_user(name)
        with self.engine.begin() as conn:
            conn.execute(
                update(users).where(users.c.id == user["id"]).values(password_hash=hash_password(password))
            )
            conn.execute(delete(sessions).where(sessions.c.user_id == user["id"]))
            audit.record(conn, actor, "user.password", name)

    def set_disabled(self, name: str, disabled: bool = True, actor: str = "system") -> None:
        user = self.get_user(name)
        with self.engine.begin() as conn:
            conn.execute(update(users).where(users.c.id == user["id"]).values(disabled=disabled))
            if disabled:  # a disabled account loses its sessions at once
                conn.execute(delete(sessions).where(sessions.c.user_id == user["id"]))
            audit.record(conn, actor, "user.disable" if disabled else "user.enable", name)

    # ------------------------------------------------------------ login
    def authenticate(self, name: str, password: str, client: str = "") -> dict:
        """The user row, or UserError. Failed attempts are rate limited per name and per client."""
        name = name.strip()[:100]
        now = _now()
        self._check_rate(name, client, now)
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.name == name)).first()
        ok = verify_password(row.password_hash if row else None, password)
        if not ok or row is None or row.disabled:
            with self.engine.begin() as conn:
                conn.execute(insert(login_failures).values(name=name, client=client[:64], at=_iso(now)))
                audit.record(conn, name or "-", "login.failed", name, {}, client)
            raise UserError("用户名或密码错误 (wrong name or password)")
        with self.engine.begin() as conn:
            conn.execute(delete(login_failures).where(login_failures.c.name == name))
            if needs_rehash(row.password_hash):
                conn.execute(
                    update(users).where(users.c.id == row.id).values(password_hash=hash_password(password))
                )
        return dict(row._mapping)

    def _check_rate(self, name: str, client: str, now: datetime) -> None:
        since = _iso(now - WINDOW)
        with self.engine.connect() as conn:
            by_name = conn.execute(
                select(func.count(), func.min(login_failures.c.at)).where(
                    and_(login_failures.c.name == name, login_failures.c.at > since)
                )
            ).one()
            by_client = conn.execute(
                select(func.count(), func.min(login_failures.c.at)).where(
                    and_(login_failures.c.client == client[:64], login_failures.c.at > since)
                )
            ).one()
        for (count, oldest), cap in ((by_name, MAX_FAILURES_PER_NAME), (by_client, MAX_FAILURES_PER_CLIENT)):
            if count >= cap:
                free_at = datetime.fromisoformat(oldest) + WINDOW
                raise RateLimited(max(1, int((free_at - now).total_seconds())))

    # ------------------------------------------------------------ sessions
    def create_session(self, user: dict, client: str = "") -> tuple[str, str]:
        """(session token for the cookie, CSRF token for forms)."""
        token, csrf = new_token(), new_token()
        now = _now()
        with self.engine.begin() as conn:
            # Old expired sessions go when new ones come: the table never grows without bound.
            conn.execute(delete(sessions).where(sessions.c.expires_at < _iso(now)))
            conn.execute(
                insert(sessions).values(
                    token_hash=token_hash(token),
                    user_id=user["id"],
                    csrf=csrf,
                    created_at=_iso(now),
                    expires_at=_iso(now + timedelta(hours=SESSION_HOURS)),
                )
            )
            audit.record(conn, user["name"], "login", user["name"], {}, client)
        return token, csrf

    def session_principal(self, token: str) -> Principal | None:
        digest = token_hash(token)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(users, sessions.c.csrf, sessions.c.expires_at)
                .join(sessions, sessions.c.user_id == users.c.id)
                .where(sessions.c.token_hash == digest)
            ).first()
        if row is None or row.disabled or row.expires_at < _iso(_now()):
            return None
        return _principal(row, "session", digest, row.csrf)

    def end_session(self, session_hash: str, actor: str, client: str = "") -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.token_hash == session_hash))
            audit.record(conn, actor, "logout", actor, {}, client)

    # ------------------------------------------------------------ API tokens
    def create_token(self, user_name: str, token_name: str, actor: str = "system") -> tuple[int, str]:
        """(token id, the token): the token is shown once and kept only as its hash."""
        user = self.get_user(user_name)
        token = new_token(TOKEN_PREFIX)
        with self.engine.begin() as conn:
            tid = conn.execute(
                insert(tokens).values(
                    user_id=user["id"],
                    name=token_name.strip()[:100] or "token",
                    token_hash=token_hash(token),
                    prefix=token[:10],
                    created_at=_iso(_now()),
                )
            ).inserted_primary_key[0]
            audit.record(conn, actor, "token.create", f"{user_name}#{tid}", {"name": token_name})
        return int(tid), token

    def revoke_token(self, token_id: int, actor: str = "system", *, user_id: int | None = None) -> None:
        cond = tokens.c.id == token_id
        if user_id is not None:  # a user may revoke only their own tokens
            cond = and_(cond, tokens.c.user_id == user_id)
        with self.engine.begin() as conn:
            done = conn.execute(
                update(tokens)
                .where(and_(cond, tokens.c.revoked_at.is_(None)))
                .values(revoked_at=_iso(_now()))
            ).rowcount
            if not done:
                raise NotFound(f"没有可撤销的令牌 #{token_id} (no such active token)")
            audit.record(conn, actor, "token.revoke", f"#{token_id}")

    def list_tokens(self, user_name: str | None = None) -> list[dict]:
        q = select(
            tokens.c.id,
            tokens.c.name,
            tokens.c.prefix,
            tokens.c.created_at,
            tokens.c.revoked_at,
            users.c.name.label("user"),
        ).join(users, users.c.id == tokens.c.user_id)
        if user_name:
            q = q.where(users.c.name == user_name)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q.order_by(tokens.c.id))]

    def token_principal(self, token: str) -> Principal | None:
        if not token.startswith(TOKEN_PREFIX):
            return None
        with self.engine.connect() as conn:
            row = conn.execute(
                select(users)
                .join(tokens, tokens.c.user_id == users.c.id)
                .where(and_(tokens.c.token_hash == token_hash(token), tokens.c.revoked_at.is_(None)))
            ).first()
        if row is None or row.disabled:
            return None
        return _principal(row, "token")

    def forget_failures(self, name: str | None = None) -> None:
        with self.engine.begin() as conn:
            q = delete(login_failures)
            conn.execute(q if name is None else q.where(login_failures.c.name == name))


def _principal(row, via: str, session_hash: str | None = None, csrf: str | None = None) -> Principal:
    return Principal(
        user_id=row.id,
        name=row.name,
        role=Role(row.role),
        region=row.region,
        owner_ref=row.owner_ref,
        display_name=row.display_name,
        via=via,
        session_hash=session_hash,
        csrf=csrf,
    )
