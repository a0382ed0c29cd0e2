"""``zhengce funds …``: 转化基金 sub-funds and council votes; 生态保护修复 funds and social capital."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zhengce.regimes.land.output import console, err, fail, parse_date, print_findings, print_json

app = typer.Typer(
    help="资金制度：国家科技成果转化引导基金（财教〔2021〕176号）、重点生态保护修复治理资金（财资环〔2021〕100号）、"
    "社会资本参与生态保护修复（国办发〔2021〕40号）",
    no_args_is_help=True,
)

FileArg = Annotated[Path, typer.Argument(help="JSON 文件")]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="评估日期 YYYY-MM-DD（默认今天）")]
DbOpt = Annotated[str | None, typer.Option("--db", help="已入库汇编的数据库（可选）：结论中附上条文原文")]


def _resolver(db: str | None):
    if db is None:
        return None
    from zhengce.corpus.store import CorpusStore
    from zhengce.db import make_engine
    from zhengce.regimes.land.citing import store_resolver

    return store_resolver(CorpusStore(make_engine(db)))


def _read(path: Path):
    from zhengce.regimes.land.validate import read_json

    return read_json(path)


def _emit(findings, as_json: bool, title: str, empty: str) -> None:
    from zhengce.rules import finding_to_dict

    if as_json:
        print_json([finding_to_dict(f) for f in findings])
    elif findings:
        print_findings(findings, title=title)
    else:
        console.print(empty)


@app.command("check-subfund")
def check_subfund(path: FileArg, as_of: AsOfOpt = None, db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """检查子基金设立方案或在投子基金：出资比例、投向、禁止事项、存续期、托管、管理机构（第九条至第二十一条）。"""
    from zhengce.errors import UserError
    from zhengce.regimes.funds.base import EFFECTIVE
    from zhengce.regimes.funds.query import check_subfund as run

    day = parse_date(as_of)
    try:
        findings = run(_read(path), day, _resolver(db))
    except UserError as exc:
        fail(exc)
    if day < EFFECTIVE:
        err.print(
            f"[yellow]注意[/]：本办法自{EFFECTIVE.isoformat()}起施行，{day.isoformat()}尚未施行，不作检查。"
        )
    _emit(findings, as_json, f"子基金检查（{day.isoformat()}）", "未发现不符合《办法》的情形。")


@app.command("council-vote")
def council_vote(path: FileArg, as_of: AsOfOpt = None, db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """理事会工作会议：出席人数、各领域参加、记名投票、三分之二通过；理事任期与更换（第二十二条至第二十四条）。"""
    from zhengce.errors import UserError
    from zhengce.regimes.funds.query import council_decision

    day = parse_date(as_of) if as_of else None
    try:
        findings = council_decision(_read(path), day, _resolver(db))
    except UserError as exc:
        fail(exc)
    _emit(findings, as_json, "理事会会议与任期", "没有需要判定的会议或任期。")


@app.command("restoration")
def restoration(path: FileArg, as_of: AsOfOpt = None, db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """重点生态保护修复治理资金：不得支出情形（第六条）、项目法奖补档次和因素法分配（第七条）、方案调整（第九条）。"""
    from zhengce.errors import UserError
    from zhengce.regimes.restoration.base import FUND_EFFECTIVE, FUND_REPEALED
    from zhengce.regimes.restoration.query import assess_fund_application
    from zhengce.rules import finding_to_dict

    day = parse_date(as_of)
    try:
        result = assess_fund_application(_read(path), day, _resolver(db))
    except UserError as exc:
        fail(exc)
    if not result.in_force:
        last = FUND_REPEALED.fromordinal(FUND_REPEALED.toordinal() - 1)
        err.print(
            f"[yellow]注意[/]：《重点生态保护修复治理资金管理办法》实施期限为{FUND_EFFECTIVE.isoformat()}至{last.isoformat()}"
            f"（第四条、第十九条），{day.isoformat()}不在实施期内，不作测算；可用 --as-of 指定日期。"
        )
    if as_json:
        print_json(
            {
                "as_of": day.isoformat(),
                "in_force": result.in_force,
                "findings": [finding_to_dict(f) for f in result.findings],
                "factor_shares": result.factor_shares,
            }
        )
        return
    if result.findings:
        print_findings(result.findings, title=f"治理资金测算（{day.isoformat()}）")
    if result.factor_shares:
        from rich.table import Table

        console.print("因素法分配（《重点生态保护修复治理资金管理办法》第七条第三款）：")
        table = Table("省", "奖补资金（元）")
        for province, amount in result.factor_shares.items():
            table.add_row(province, f"{amount:,}")
        console.print(table)


@app.command("social-capital")
def social_capital(path: FileArg, as_of: AsOfOpt = None, db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """社会资本参与生态保护修复：3%生态产业面积上限、红线、责任人、矿产资源、土石料、指标流转、隐性债务等。"""
    from zhengce.errors import UserError
    from zhengce.regimes.restoration.query import assess_social_capital

    day = parse_date(as_of)
    try:
        findings = assess_social_capital(_read(path), day, _resolver(db))
    except UserError as exc:
        fail(exc)
    _emit(findings, as_json, f"社会资本参与生态保护修复（{day.isoformat()}）", "未发现不符合《意见》的情形。")
