"""`zhengce serve` and `zhengce user …` (mounted by zhengce.cli). Heavy imports stay inside commands."""

from __future__ import annotations

import getpass
import os
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console()
err = Console(stderr=True)

DbOpt = Annotated[
    str | None, typer.Option("--db", help="数据库 URL 或 SQLite 文件路径（默认 $ZHENGCE_DB 或 ./zhengce.db）")
]

user_app = typer.Typer(help="账户管理：用户、角色、API 令牌", no_args_is_help=True)
token_app = typer.Typer(help="API 令牌（终端与脚本使用）", no_args_is_help=True)
user_app.add_typer(token_app, name="token")


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no passwd entry (containers)
        return "cli"


def _accounts(db: str | None):
    from ..db import make_engine
    from .auth.store import AccountStore

    return AccountStore(make_engine(db))


def _fail(exc: Exception) -> None:
    err.print(f"[bold red]错误[/]：{exc}")
    raise typer.Exit(2)


def serve_command(
    db: DbOpt = None,
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    workers: Annotated[int, typer.Option(help="进程数")] = 1,
    secure_cookies: Annotated[
        bool, typer.Option(help="仅通过 HTTPS 发送 Cookie（部署在 HTTPS 之后时打开）")
    ] = False,
) -> None:
    """启动网页与 API 服务。"""
    import uvicorn

    from ..db import database_url

    url = database_url(db)
    console.print(f"政策通：http://{host}:{port}/  （API 文档：/api/v1/openapi.json，数据库 {url}）")
    if workers > 1:
        os.environ["ZHENGCE_DB"] = url
        os.environ["ZHENGCE_SECURE_COOKIES"] = "1" if secure_cookies else ""
        uvicorn.run("zhengce.api.asgi:app", host=host, port=port, workers=workers, log_level="warning")
        return
    from .app import create_app

    uvicorn.run(create_app(url, secure_cookies=secure_cookies), host=host, port=port, log_level="warning")


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[str, typer.Option(help="public | owner | county | city | province | admin")] = "public",
    region: Annotated[str | None, typer.Option(help="6 位行政区划代码（县、市、省级主管部门）")] = None,
    owner: Annotated[str | None, typer.Option(help="取水工程所有权人名称（owner 角色）")] = None,
    display_name: Annotated[str, typer.Option("--display-name", help="显示名称")] = "",
    password: Annotated[
        str | None,
        typer.Option(help="密码（省略则交互输入；也可用 $ZHENGCE_PASSWORD）", envvar="ZHENGCE_PASSWORD"),
    ] = None,
    db: DbOpt = None,
) -> None:
    """新建用户。"""
    from ..errors import UserError

    if password is None:
        password = typer.prompt("密码", hide_input=True, confirmation_prompt=True)
    try:
        uid = _accounts(db).add_user(
            name, password, role, region=region, owner_ref=owner, display_name=display_name, actor=_actor()
        )
    except UserError as exc:
        _fail(exc)
        return
    console.print(f"已创建用户 {name}（编号 {uid}，角色 {role}{'，区划 ' + region if region else ''}）")


@user_app.command("list")
def user_list(db: DbOpt = None) -> None:
    """列出用户。"""
    from .auth.roles import ROLE_LABELS, Role

    table = Table("编号", "用户名", "角色", "区划", "所有权人", "状态", "创建时间")
    for u in _accounts(db).list_users():
        table.add_row(
            str(u["id"]),
            u["name"],
            ROLE_LABELS[Role(u["role"])],
            u["region"] or "—",
            u["owner_ref"] or "—",
            "停用" if u["disabled"] else "正常",
            u["created_at"],
        )
    console.print(table)


@user_app.command("disable")
def user_disable(
    name: Annotated[str, typer.Argument(help="用户名")],
    enable: Annotated[bool, typer.Option("--enable", help="重新启用")] = False,
    db: DbOpt = None,
) -> None:
    """停用（或用 --enable 重新启用）用户；停用立即结束其会话。"""
    from ..errors import UserError

    try:
        _accounts(db).set_disabled(name, not enable, actor=_actor())
    except UserError as exc:
        _fail(exc)
        return
    console.print(f"用户 {name} 已{'启用' if enable else '停用'}")


@user_app.command("demo")
def user_demo(db: DbOpt = None) -> None:
    """为每种角色创建演示账户（已存在则重置密码）并打印用户名与密码。"""
    from ..db import make_engine
    from .auth.roles import ROLE_LABELS, Role
    from .demo_accounts import create_demo_accounts

    table = Table("用户名", "密码", "角色", "区划 / 所有权人", title="演示账户（密码每次重新生成）")
    for account, password in create_demo_accounts(make_engine(db), actor=_actor()):
        table.add_row(
            account.name, password, ROLE_LABELS[Role(account.role)], account.region or account.owner or "—"
        )
    console.print(table)


@token_app.command("create")
def token_create(
    user: Annotated[str, typer.Argument(help="用户名")],
    name: Annotated[str, typer.Option("--name", help="令牌用途，如 终端-001")] = "token",
    db: DbOpt = None,
) -> None:
    """为用户新建 API 令牌；令牌只显示这一次（库中只存其哈希）。"""
    from ..errors import UserError

    try:
        tid, token = _accounts(db).create_token(user, name, actor=_actor())
    except UserError as exc:
        _fail(exc)
        return
    err.print(f"令牌 #{tid}（{name}）已创建，请立即保存，之后无法再次查看：")
    print(token)


@token_app.command("revoke")
def token_revoke(token_id: Annotated[int, typer.Argument(help="令牌编号")], db: DbOpt = None) -> None:
    """撤销 API 令牌。"""
    from ..errors import UserError

    try:
        _accounts(db).revoke_token(token_id, actor=_actor())
    except UserError as exc:
        _fail(exc)
        return
    console.print(f"令牌 #{token_id} 已撤销")


@token_app.command("list")
def token_list(
    user: Annotated[str | None, typer.Argument(help="用户名（省略则全部）")] = None, db: DbOpt = None
):
    """列出令牌（只显示前缀）。"""
    table = Table("编号", "用户", "用途", "前缀", "创建时间", "撤销时间")
    for t in _accounts(db).list_tokens(user):
        table.add_row(
            str(t["id"]), t["user"], t["name"], t["prefix"] + "…", t["created_at"], t["revoked_at"] or "—"
        )
    console.print(table)
