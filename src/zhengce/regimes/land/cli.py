"""``zhengce land …``: the temporary land-use registry (load, check, stats)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zhengce.regimes.land.output import console, err, fail, parse_date, print_findings, print_json

app = typer.Typer(
    help="临时用地（自然资规〔2021〕2号）：登记、合规检查、县（市）年度统计", no_args_is_help=True
)

DbOpt = Annotated[
    str | None, typer.Option("--db", help="数据库 URL 或 SQLite 文件路径（默认 $ZHENGCE_DB 或 ./zhengce.db）")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="评估日期 YYYY-MM-DD（默认今天）")]
CountyOpt = Annotated[str | None, typer.Option("--county", help="县（市）行政区划代码")]


def _engine(db: str | None):
    from zhengce.db import make_engine

    return make_engine(db)


def _resolver(engine):
    from zhengce.corpus.store import CorpusStore
    from zhengce.regimes.land.citing import store_resolver

    return store_resolver(CorpusStore(engine))


def _not_in_force_note(as_of) -> bool:
    """Say so (on stderr) when the notice is not in force on ``as_of``; True if it is in force."""
    from zhengce.regimes.land.base import EFFECTIVE, REPEALED, in_force

    if in_force(as_of):
        return True
    last = REPEALED.fromordinal(REPEALED.toordinal() - 1)
    err.print(
        f"[yellow]注意[/]：《通知》自{EFFECTIVE.isoformat()}起执行、有效期五年（至{last.isoformat()}），"
        f"{as_of.isoformat()}不在有效期内，不作检查；可用 --as-of 指定有效期内的日期。"
    )
    return False


@app.command()
def load(
    path: Annotated[Path, typer.Argument(help="登记文件（JSON：counties、uses、suspensions）")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """读入临时用地登记文件。文件有任何错误则什么都不写入；同一编号再次读入时覆盖。"""
    from zhengce.errors import UserError
    from zhengce.regimes.land.bundle import read_bundle
    from zhengce.regimes.land.store import LandStore

    try:
        store = LandStore(_engine(db))
        report = store.load(read_bundle(path, store.county_codes()))
    except UserError as exc:
        fail(exc)
    if as_json:
        print_json(report.__dict__)
        return
    console.print(
        f"已读入：县（市）{report.counties} 个，临时用地新增 {report.uses_new} 宗、更新 {report.uses_replaced} 宗，"
        f"暂停审批记录 {report.suspensions} 条。"
    )


@app.command()
def check(
    use_id: Annotated[str | None, typer.Argument(help="临时用地编号（默认全部）")] = None,
    county: CountyOpt = None,
    as_of: AsOfOpt = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """按《通知》检查临时用地，列出违规、待履行事项和依据条文。"""
    from zhengce.errors import UserError
    from zhengce.regimes.land.query import check_uses, list_uses
    from zhengce.rules import finding_to_dict

    day = parse_date(as_of)
    try:
        engine = _engine(db)
        findings = check_uses(engine, day, county=county, use_id=use_id, resolver=_resolver(engine))
    except UserError as exc:
        fail(exc)
    in_force = _not_in_force_note(day)
    if as_json:
        print_json([finding_to_dict(f) for f in findings])
        return
    if not findings:
        if in_force and use_id is None and county is None and not list_uses(engine):
            console.print("登记库中还没有临时用地：先运行 zhengce land load FILE（示例见 examples/land/）。")
        elif in_force:
            console.print(f"截至{day.isoformat()}没有发现问题。")
        return
    print_findings(findings, title=f"临时用地检查（{day.isoformat()}）")


@app.command()
def stats(
    year: Annotated[int | None, typer.Option("--year", help="统计年度（默认评估日期的上一年）")] = None,
    county: CountyOpt = None,
    as_of: AsOfOpt = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """县（市）年度统计：超期一年以上未完成复垦规模占应复垦规模的比例，是否应暂停审批（四、第4段）。"""
    from rich.table import Table

    from zhengce.errors import UserError
    from zhengce.regimes.land.query import county_findings, county_statistics, list_counties
    from zhengce.rules import finding_to_dict

    day = parse_date(as_of)
    year = year if year is not None else day.year - 1
    if not 1990 <= year <= 2100:
        fail(f"--year 应为年份，收到 {year} (bad year)")
    try:
        engine = _engine(db)
        stats_ = county_statistics(engine, year, county)
        findings = county_findings(engine, year, day, county, _resolver(engine))
        names = {c["code"]: c["name"] for c in list_counties(engine)}
    except UserError as exc:
        fail(exc)
    _not_in_force_note(day)
    if as_json:
        print_json(
            {
                "year": year,
                "as_of": day.isoformat(),
                "counties": [
                    {
                        "county_code": s.county_code,
                        "name": names.get(s.county_code),
                        "due_area_m2": s.due_area_m2,
                        "overdue_area_m2": s.overdue_area_m2,
                        "percent": s.percent,
                        "reaches_threshold": s.reaches_threshold,
                        "due_uses": list(s.due_uses),
                        "overdue_uses": list(s.overdue_uses),
                        "suspension": None if s.suspension is None else s.suspension.__dict__,
                    }
                    for s in stats_
                ],
                "findings": [finding_to_dict(f) for f in findings],
            }
        )
        return
    table = Table(
        "县（市）",
        "应复垦规模（㎡）",
        "超期一年以上未复垦（㎡）",
        "比例",
        "应暂停审批",
        "暂停/恢复",
        title=f"{year}年度统计",
    )
    for s in stats_:
        order = s.suspension
        state = (
            "—"
            if order is None
            else f"{order.ordered_on} 起暂停" + (f"，{order.resumed_on} 恢复" if order.resumed_on else "")
        )
        table.add_row(
            f"{names.get(s.county_code, '')} {s.county_code}",
            str(s.due_area_m2),
            str(s.overdue_area_m2),
            "—" if s.percent is None else f"{s.percent}%",
            "[red]是[/]" if s.reaches_threshold else "否",
            state,
        )
    console.print(table)
    if findings:
        print_findings(findings)
