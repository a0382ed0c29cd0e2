"""``zhengce targets …``: plan targets and tasks, reported values, status."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zhengce.regimes.land.output import console, fail, parse_date, print_json

app = typer.Typer(help="规划目标与任务跟踪：指标、任务、报告值与进度、完成情况", no_args_is_help=True)

DbOpt = Annotated[
    str | None, typer.Option("--db", help="数据库 URL 或 SQLite 文件路径（默认 $ZHENGCE_DB 或 ./zhengce.db）")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON")]
DocOpt = Annotated[str | None, typer.Option("--doc", help="只看一个文件：标题、简称、文号或编号")]
KindOpt = Annotated[str | None, typer.Option("--kind", help="target（指标）或 task（任务）")]

DIRECTIONS = {"increase": "提高", "decrease": "下降", "at_least": "不低于", "at_most": "不高于"}
UNITS = {
    "%": "%",
    "percentage_point": "个百分点",
    "m3": "立方米",
    "mu": "亩",
    "元": "元",
    "km2": "平方公里",
    "ha": "公顷",
}
STATUS_STYLE = {"met": "green", "on_track": "green", "at_risk": "yellow", "missed": "red", "no_data": "dim"}


def _engine(db: str | None):
    from zhengce.db import make_engine

    return make_engine(db)


def _num(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


def _goal(item) -> str:
    if item.value is None:
        return "—"
    same = item.value_max is None or item.value == item.value_max
    value = _num(item.value) if same else f"{_num(item.value)}–{_num(item.value_max)}"
    strict = "（不含）" if item.strict else ""
    return f"{DIRECTIONS.get(item.direction, '')}{value}{UNITS.get(item.unit, item.unit)}{strict}"


def _item_dict(item) -> dict:
    from dataclasses import asdict

    data = asdict(item)
    data["kind"] = item.kind
    data["deadline"] = item.deadline
    return data


@app.command("list")
def list_(doc: DocOpt = None, kind: KindOpt = None, db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """列出从规划文件中提取的量化指标和任务分工（条目编号用于报告数据）。"""
    from rich.table import Table

    from zhengce.errors import UserError
    from zhengce.regimes.targets.query import list_items

    try:
        items = list_items(_engine(db), doc, kind)
    except UserError as exc:
        fail(exc)
    if as_json:
        print_json([_item_dict(i) for i in items])
        return
    table = Table("条目编号", "内容", "目标/牵头单位", "期限", "出处", show_lines=True)
    for col in table.columns:
        col.overflow = "fold"
    for i in items:
        if i.kind == "target":
            table.add_row(
                i.item_id,
                i.indicator,
                _goal(i) + (f"（{i.attribute}）" if i.attribute else ""),
                str(i.year or "—"),
                i.citation.text,
            )
        else:
            table.add_row(i.item_id, i.measure, "、".join(i.lead), str(i.deadline or "—"), i.citation.text)
    console.print(table)
    console.print(
        f"共 {sum(i.kind == 'target' for i in items)} 项指标、{sum(i.kind == 'task' for i in items)} 项任务。"
    )


@app.command()
def report(
    path: Annotated[Path, typer.Argument(help="CSV 或 XLSX：item_id、date、value[、kind、note]")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """导入报告值或进度。文件有任何错误则什么都不导入；同一条目、日期和类型再次导入时覆盖。"""
    from zhengce.errors import UserError
    from zhengce.regimes.targets.query import import_reports

    try:
        result = import_reports(_engine(db), path)
    except UserError as exc:
        fail(exc)
    if as_json:
        print_json(result.__dict__)
        return
    console.print(f"已导入 {result.rows} 条：新增 {result.new} 条，覆盖 {result.replaced} 条。")


@app.command()
def status(
    as_of: Annotated[str | None, typer.Option("--as-of", help="评估日期 YYYY-MM-DD（默认今天）")] = None,
    doc: DocOpt = None,
    kind: KindOpt = None,
    only: Annotated[
        str | None, typer.Option("--status", help="只看一种状态：met、on_track、at_risk、missed、no_data")
    ] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """每项指标和任务的完成情况：已完成、进度正常、存在风险、未完成、无数据，并注明出处。"""
    from collections import Counter
    from dataclasses import asdict

    from rich.table import Table

    from zhengce.errors import UserError
    from zhengce.regimes.targets.query import item_statuses
    from zhengce.regimes.targets.status import STATUSES

    day = parse_date(as_of)
    if only is not None and only not in STATUSES:
        fail(f"--status 应为 {'、'.join(STATUSES)} 之一，收到“{only}” (bad status)")
    try:
        found = item_statuses(_engine(db), day, doc, kind, only)
    except UserError as exc:
        fail(exc)
    if as_json:
        print_json([asdict(s) for s in found])
        return
    table = Table(
        "条目编号",
        "状态",
        "说明",
        "最新",
        "期限",
        "出处",
        title=f"完成情况（{day.isoformat()}）",
        show_lines=True,
    )
    for col in table.columns:
        col.overflow = "fold"
    for s in found:
        style = STATUS_STYLE[s.status]
        latest = "—" if s.latest is None else f"{_num(s.latest)}（{s.latest_on}）"
        table.add_row(
            s.item_id,
            f"[{style}]{STATUSES[s.status]}[/]",
            s.reason,
            latest,
            str(s.deadline or "—"),
            s.citation.text,
        )
    console.print(table)
    counts = Counter(s.status for s in found)
    console.print("，".join(f"{STATUSES[k]} {counts[k]}" for k in STATUSES if counts[k]) or "没有条目。")
