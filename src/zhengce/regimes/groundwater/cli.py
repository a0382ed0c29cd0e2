"""`zhengce groundwater …`: load, check, decide, report, demo. Heavy imports stay inside the commands."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="地下水管理条例：登记、检查、许可决定、年度报告", no_args_is_help=True, add_completion=False
)

DbOpt = Annotated[str | None, typer.Option("--db", help="数据库 URL 或 SQLite 文件路径")]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="检查日期 YYYY-MM-DD（默认今天）")]


def _fail(message: object) -> None:
    print(f"错误：{message}", file=sys.stderr)
    raise typer.Exit(2)


def _as_of(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(f"日期格式应为 YYYY-MM-DD：{text!r} (bad date)")
        raise


def _region(code: str | None) -> str | None:
    if code is not None and not (len(code) == 6 and code.isdigit()):
        _fail(f"行政区划代码应为 6 位数字：{code!r} (bad region code)")
    return code


def _engine(db: str | None):
    from zhengce.db import make_engine

    return make_engine(db)


def _dump(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@app.command()
def load(
    bundle: Annotated[
        Path, typer.Argument(help="数据包目录（bundle.json、zones.geojson、withdrawals.csv、levels.csv）")
    ],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """校验并载入数据包：任何一处错误都不写入任何数据。"""
    from zhengce.errors import UserError
    from zhengce.regimes.groundwater.bundle import read_bundle
    from zhengce.regimes.groundwater.store import load_bundle

    try:
        summary = load_bundle(_engine(db), read_bundle(bundle))
    except UserError as exc:
        _fail(exc)
        return
    if as_json:
        _dump({"counts": summary.counts, "zone_memberships": summary.zone_memberships})
        return
    parts = "，".join(f"{k} {v}" for k, v in summary.counts.items() if v)
    print(f"已载入：{parts}；工程所在区域 {summary.zone_memberships} 条")


def _print_findings(findings, limit: int = 200) -> None:
    from collections import Counter

    shown = [f for f in findings if f.kind.value != "cannot_decide"][:limit]
    for f in shown:
        cite = "、".join(c.text for c in f.citations)
        fine = ""
        c = f.consequence
        if c is not None and c.fine_min is not None:
            fine = f"  罚款 {c.fine_min:,}–{c.fine_max:,} 元"
        print(f"[{f.kind.value}] {f.subject}  {f.message}  —— {cite}{fine}")
    counts = Counter(f.kind.value for f in findings)
    print("合计：" + "，".join(f"{k} {v}" for k, v in sorted(counts.items())) if counts else "未发现问题。")


@app.command()
def check(
    as_of: AsOfOpt = None,
    region: Annotated[str | None, typer.Option("--region", help="行政区划代码（含下级）")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """按《地下水管理条例》检查登记库中的工程、事件、县域指标和收费标准，保存检查结果。"""
    from zhengce.errors import UserError
    from zhengce.regimes.groundwater.check import run_check
    from zhengce.rules import finding_to_dict

    day, code = _as_of(as_of), _region(region)
    try:
        result = run_check(_engine(db), day, code)
    except UserError as exc:
        _fail(exc)
        return
    if as_json:
        _dump(
            {
                "as_of": day.isoformat(),
                "region": code,
                "subjects": result.subjects,
                "saved": result.saved,
                "not_saved_reason": result.not_saved_reason,
                "resolved": result.resolved,
                "findings": [finding_to_dict(f) for f in result.findings],
            }
        )
        return
    print(f"检查日期 {day.isoformat()}，对象 {result.subjects} 个")
    _print_findings(result.findings)
    if result.saved:
        print(f"已保存；不再出现的既有结果 {result.resolved} 项已标记为已整改或已消除。")
    elif result.not_saved_reason:
        print(f"注意：{result.not_saved_reason}")


@app.command()
def decide(
    application: Annotated[Path, typer.Argument(help="取水许可申请 JSON")],
    as_of: AsOfOpt = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """按第二十五条对取用地下水的取水许可申请作出决定，逐项列出不予批准的情形。"""
    from zhengce.errors import UserError
    from zhengce.regimes.groundwater.application import complete_from_registry, read_application
    from zhengce.regimes.groundwater.decide import REGISTRY
    from zhengce.regimes.groundwater.decide import decide as run_decide
    from zhengce.regimes.groundwater.ruleset import checked_resolver

    day = _as_of(as_of)
    try:
        engine = _engine(db)
        app_facts = complete_from_registry(engine, read_application(application), day)
        result = run_decide(app_facts, day, checked_resolver(engine, REGISTRY))
    except UserError as exc:
        _fail(exc)
        return
    if as_json:
        _dump(result.to_dict())
    else:
        label = {"approve": "予以批准", "refuse": "不予批准", "cannot_decide": "无法决定（缺少事实）"}[
            result.outcome
        ]
        print(f"决定：{label}")
        for f in result.findings:
            print(f"  - {f.message}  —— {'、'.join(c.text for c in f.citations)}")
    raise typer.Exit(0 if result.outcome != "cannot_decide" else 3)


@app.command()
def report(
    region: Annotated[str, typer.Option("--region", help="行政区划代码")],
    year: Annotated[int, typer.Option("--year", help="年度")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """县域年度报告：取水量与计划、总量指标，水位与控制水位，未结的检查结果。"""
    from zhengce.errors import UserError
    from zhengce.regimes.groundwater.report import annual_report

    _region(region)
    if not 1900 <= year <= 2200:
        _fail(f"年度不合理：{year} (bad year)")
    try:
        data = annual_report(_engine(db), region, year)
    except UserError as exc:
        _fail(exc)
        return
    if as_json:
        _dump(data)
        return
    print(f"{data['region_name']}（{region}）{year}年度地下水管理报告")
    for c in data["counties"]:
        print(
            f"  取水总量 {c['total_m3']:,} 立方米；年度计划 {c['plan_m3']}；总量控制指标 {c['quota_m3']}"
            f"；计划内 {c['within_plan']}；指标内 {c['within_quota']}"
        )
        if c["stations_below_control"]:
            print(f"  低于控制水位的监测站：{'、'.join(c['stations_below_control'])}")
    of = data["open_findings"]
    when = (
        f"（{of['last_check']} 检查{'，本次自动运行' if of['checked_now'] else ''}）"
        if of["last_check"]
        else ""
    )
    print(f"  未结检查结果 {of['total']} 项{when}：{of['by_kind']}")


@app.command()
def demo(
    works: Annotated[int, typer.Option("--works", help="工程数量")] = 2000,
    seed: Annotated[int, typer.Option("--seed", help="随机种子（同一种子生成同一演示县）")] = 2021,
    export: Annotated[Path | None, typer.Option("--export", help="同时把数据包写入该目录")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """生成并载入一个确定性的演示县（约 2,000 处工程、三年逐日取水量、监测站水位、各类违法情形）。"""
    from zhengce.errors import UserError
    from zhengce.regimes.groundwater.demo import generate
    from zhengce.regimes.groundwater.store import load_bundle, works_exists

    if not 300 <= works <= 200_000:
        _fail("--works 应在 300 到 200000 之间")
    bundle = generate(works, seed)
    first_id = bundle.records["works"][0]["works_id"]
    if export is None and works_exists(_engine(db), first_id):
        # `make demo` may run again on the same database: the demo county is already there.
        print(f"演示县已在库中（工程 {first_id} 等），未重复载入。 (demo county already loaded)")
        return
    try:
        if export is not None:
            from zhengce.regimes.groundwater.writer import write_bundle

            write_bundle(bundle, export)
        summary = load_bundle(_engine(db), bundle)
    except UserError as exc:
        _fail(exc)
        return
    if as_json:
        _dump({"counts": summary.counts, "zone_memberships": summary.zone_memberships})
        return
    print(
        f"演示县已载入：工程 {summary.counts['works']} 处，取水记录 {summary.counts['withdrawals']:,} 条，"
        f"水位记录 {summary.counts['levels']:,} 条。试试：zhengce groundwater check --as-of 2024-12-31"
    )


def _day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(f"{what}日期格式应为 YYYY-MM-DD：{text!r} (bad date)")
        raise


FindingArg = Annotated[int, typer.Argument(help="检查结果编号（check --json / API 中的 id）")]


@app.command()
def order(
    finding_id: FindingArg,
    deadline: Annotated[str, typer.Option("--deadline", help="改正期限 YYYY-MM-DD（当日仍在期限内）")],
    on: Annotated[str | None, typer.Option("--on", help="责令日期 YYYY-MM-DD（默认今天）")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """责令限期改正：open → ordered，并记入诚信档案（第五十三条）。"""
    from zhengce.errors import UserError
    from zhengce.regimes.groundwater.lifecycle import order_finding

    when = date.today() if on is None else _day(on, "责令")
    try:
        out = order_finding(_engine(db), finding_id, when, _day(deadline, "期限"))
    except UserError as exc:
        _fail(exc)
        return
    if as_json:
        _dump(out)
    else:
        print(f"检查结果 {finding_id} 已责令于 {out['deadline']} 前改正（{out['ordered_on']}）。")


@app.command()
def rectify(
    finding_id: FindingArg,
    on: Annotated[str, typer.Option("--on", help="整改完成日期 YYYY-MM-DD")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """登记整改完成：ordered → rectified（不得晚于改正期限），并记入诚信档案。"""
    from zhengce.errors import UserError
    from zhengce.regimes.groundwater.lifecycle import rectify_finding

    try:
        out = rectify_finding(_engine(db), finding_id, _day(on, "整改"))
    except UserError as exc:
        _fail(exc)
        return
    if as_json:
        _dump(out)
    else:
        print(f"检查结果 {finding_id} 已于 {out['rectified_on']} 整改。")


@app.command()
def credit(
    region: Annotated[str | None, typer.Option("--region", help="行政区划代码（含下级）")] = None,
    party: Annotated[str | None, typer.Option("--party", help="单位或者个人名称")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """诚信档案（第五十三条）：载入的记录和由检查结果（责令改正、逾期、整改）自动写入的记录。"""
    from zhengce.errors import UserError
    from zhengce.regimes.groundwater.lifecycle import list_credit
    from zhengce.regimes.groundwater.store import require_registry

    code = _region(region)
    try:
        engine = _engine(db)
        require_registry(engine)
        rows = list_credit(engine, code, party)
    except UserError as exc:
        _fail(exc)
        return
    if as_json:
        _dump(rows)
        return
    for r in rows:
        print(f"{r['recorded_on']}  [{r['kind']}] {r['party']}：{r['text']}")
    print(f"合计 {len(rows)} 条。")
