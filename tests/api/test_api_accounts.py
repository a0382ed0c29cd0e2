"""Accounts: argon2 hashes, session cookie flags, login rate limit, CSRF, API tokens, audit log, CLI."""

from __future__ import annotations

from sqlalchemy import select
from typer.testing import CliRunner

from zhengce.api.auth.tables import sessions, tokens, users


def test_password_is_stored_as_argon2id_hash(accounts, make_user):
    make_user("ana", "county", "370102")
    with accounts.engine.connect() as conn:
        stored = conn.execute(select(users.c.password_hash).where(users.c.name == "ana")).scalar_one()
    assert stored.startswith("$argon2id$")
    assert "correct-horse-battery" not in stored


def test_login_cookie_is_httponly_samesite_and_me_reports_scope(client, make_user):
    make_user("ana", "city", "370100")
    html = client.get("/login").text
    token = html.split('name="csrf_token" value="')[1].split('"')[0]
    r = client.post(
        "/login",
        data={"name": "ana", "password": "correct-horse-battery", "csrf_token": token, "next": "/laws"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/laws"
    cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith("zc_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    me = client.get("/api/v1/me").json()
    assert me["authenticated"] and me["role"] == "city"
    assert me["scope"]["region_prefix"] == "3701"


def test_login_never_redirects_off_site(client, make_user):
    make_user("ana", "county", "370102")
    token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    r = client.post(
        "/login",
        data={
            "name": "ana",
            "password": "correct-horse-battery",
            "csrf_token": token,
            "next": "//evil.example/x",
        },
        follow_redirects=False,
    )
    assert r.headers["location"] == "/"


def test_wrong_password_then_rate_limit_even_for_the_right_one(client, make_user):
    make_user("ana", "county", "370102")
    token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]

    def attempt(password):
        return client.post(
            "/login", data={"name": "ana", "password": password, "csrf_token": token}, follow_redirects=False
        )

    for _ in range(5):
        r = attempt("wrong-password")
        assert r.status_code == 400 and "用户名或密码错误" in r.text
    limited = attempt("correct-horse-battery")
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) > 0
    assert "zc_session" not in limited.headers.get("set-cookie", "")


def test_logout_ends_the_session(client, accounts, make_user, login):
    make_user("ana", "county", "370102")
    csrf = login(client, "ana")
    r = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    with accounts.engine.connect() as conn:
        assert conn.execute(select(sessions)).first() is None
    assert client.get("/api/v1/me").json()["authenticated"] is False


def test_posts_without_csrf_token_are_refused(client, make_user, login, api_error):
    # Login form without the token (login CSRF) …
    api_error(
        client.post("/login", data={"name": "x", "password": "y"}, headers={"accept": "application/json"}),
        403,
        "csrf_failed",
    )
    make_user("ana", "county", "370102")
    csrf = login(client, "ana")
    # … logout, a token form and a JSON API call riding on the session cookie, each without it.
    api_error(client.post("/logout", data={}), 403, "csrf_failed")
    api_error(client.post("/account/tokens", data={"token_name": "t"}), 403, "csrf_failed")
    api_error(client.post("/api/v1/me/tokens", json={"name": "t"}), 403, "csrf_failed")
    api_error(client.post("/api/v1/me/tokens", json={"name": "t"}, headers={"X-CSRF-Token": "forged"}), 403)
    ok = client.post("/api/v1/me/tokens", json={"name": "t"}, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 201


def test_api_token_is_hashed_at_rest_works_and_can_be_revoked(client, app, accounts, make_user, api_error):
    make_user("well-07", "owner", owner="某某水务公司")
    tid, token = accounts.create_token("well-07", "终端-001")
    with accounts.engine.connect() as conn:
        row = conn.execute(select(tokens).where(tokens.c.id == tid)).one()
    assert token not in (row.token_hash, row.prefix) and len(row.token_hash) == 64
    bearer = {"Authorization": f"Bearer {token}"}
    me = client.get("/api/v1/me", headers=bearer).json()
    assert me["name"] == "well-07" and me["via"] == "token" and me["scope"]["owner"] == "某某水务公司"
    # A bearer request needs no CSRF token (nothing ambient): it can revoke its own token.
    assert client.delete(f"/api/v1/me/tokens/{tid}", headers=bearer).status_code == 204
    api_error(client.get("/api/v1/me", headers=bearer), 401, "bad_token")
    api_error(client.get("/api/v1/me", headers={"Authorization": "Bearer zc_made-up"}), 401, "bad_token")


def test_user_cannot_revoke_someone_elses_token(client, accounts, make_user, api_error):
    make_user("a", "county", "370102")
    make_user("b", "county", "370103")
    tid_b, token_b = accounts.create_token("b", "b's")
    _, token_a = accounts.create_token("a", "a's")
    api_error(
        client.delete(f"/api/v1/me/tokens/{tid_b}", headers={"Authorization": f"Bearer {token_a}"}), 404
    )
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token_b}"}).status_code == 200


def test_disabled_user_loses_session_and_tokens(client, accounts, make_user, login):
    make_user("ana", "county", "370102")
    _, token = accounts.create_token("ana", "t")
    login(client, "ana")
    accounts.set_disabled("ana")
    assert client.get("/api/v1/me").json()["authenticated"] is False
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_audit_log_records_who_did_what_and_only_admins_read_it(
    client, accounts, make_user, login, api_error
):
    make_user("root", "admin")
    make_user("ana", "county", "370102")
    tid, _ = accounts.create_token("ana", "t", actor="root")
    accounts.revoke_token(tid, actor="root")
    csrf = login(client, "ana")
    api_error(client.get("/api/v1/admin/audit"), 403, "forbidden")
    client.post("/logout", data={"csrf_token": csrf})
    api_error(client.get("/api/v1/admin/audit"), 401, "unauthenticated")
    login(client, "root")
    entries = client.get("/api/v1/admin/audit", params={"limit": 100}).json()["items"]
    actions = {(e["actor"], e["action"], e["target"]) for e in entries}
    assert ("system", "user.add", "ana") in actions
    assert ("root", "token.create", f"ana#{tid}") in actions
    assert ("root", "token.revoke", f"#{tid}") in actions
    assert ("ana", "login", "ana") in actions and ("ana", "logout", "ana") in actions
    assert all(e["at"] for e in entries)


def test_cli_user_add_validates_region_and_creates_tokens(db_path):
    from zhengce.cli import app as cli

    runner = CliRunner()
    db = str(db_path)
    env = {"ZHENGCE_PASSWORD": "correct-horse-battery"}
    ok = runner.invoke(
        cli, ["user", "add", "lixia", "--role", "county", "--region", "370102", "--db", db], env=env
    )
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(
        cli, ["user", "add", "x", "--role", "city", "--region", "370102", "--db", db], env=env
    )
    assert bad.exit_code == 2 and "370100" in bad.output
    bad_role = runner.invoke(cli, ["user", "add", "y", "--role", "king", "--db", db], env=env)
    assert bad_role.exit_code == 2
    made = runner.invoke(cli, ["user", "token", "create", "lixia", "--name", "脚本", "--db", db])
    assert made.exit_code == 0 and made.stdout.strip().splitlines()[-1].startswith("zc_")
    listing = runner.invoke(cli, ["user", "list", "--db", db])
    assert "lixia" in listing.output and "370102" in listing.output
    revoked = runner.invoke(cli, ["user", "token", "revoke", "1", "--db", db])
    assert revoked.exit_code == 0
    again = runner.invoke(cli, ["user", "token", "revoke", "1", "--db", db])
    assert again.exit_code == 2
