"""`zhengce provisions`: the provisions tables of the stored corpus, as a table, JSON, CSV or XLSX."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

Opt = typer.Option


def provisions_command(
    kind: Annotated[str | None, Opt("--kind", help="条款类型，英文或中文（见上）")] = None,
    doc: Annotated[str | None, Opt("--doc", help="限定文件（编号、标题、简称或文号）")] = None,
    actor: Annotated[
        str | None, Opt("--actor", help="主体或任务单位包含该文字，例如：水利部、子基金")
    ] = None,
    as_json: Annotated[bool, Opt("--json", help="输出 JSON")] = False,
    csv_file: Annotated[str | None, Opt("--csv", help="写出 CSV 文件（- 为标准输出）")] = None,
    xlsx_file: Annotated[Path | None, Opt("--xlsx", help="写出 Excel 文件")] = None,
    limit: Annotated[int | None, Opt("--limit", min=1, help="最多返回条数")] = None,
    refresh: Annotated[bool, Opt("--refresh", help="重新计算条款表")] = False,
    db: Annotated[
        str | None, Opt("--db", help="数据库 URL 或 SQLite 文件路径（默认 $ZHENGCE_DB 或 ./zhengce.db）")
    ] = None,
) -> None:
    """条款表：义务、禁止、罚则、期限、目标与任务，逐条注明出处。

    类型：penalty 罚则、obligation 义务、prohibition 禁止、permission 许可/鼓励、definition 定义、
    deadline 期限、target 目标、task 任务、effect 效力、other 其他。
    """
    from ..cli import _fail, console, err
    from ..db import make_engine
    from ..errors import UserError
    from . import export
    from .store import ProvisionStore, normalise_kind

    if sum(bool(x) for x in (as_json, csv_file, xlsx_file)) > 1:
        _fail(UserError("--json、--csv、--xlsx 只能选一个 (choose one output format)"))
    for target in (xlsx_file, Path(csv_file) if csv_file and csv_file != "-" else None):
        if target is not None and not target.parent.is_dir():
            _fail(UserError(f"无法写入 {target}：目录不存在 (no such directory)"))
    try:
        kind = normalise_kind(kind) if kind else None
        store = ProvisionStore(make_engine(db))
        doc_id = store.corpus.resolve(doc) if doc else None
        scope = [doc_id] if doc_id else None
        stale = store.missing(scope)
        if refresh or stale:
            outcomes = store.refresh(scope, force=refresh)
            done = [o for o in outcomes if o.status == "computed"]
            if done:
                err.print(f"已计算 {len(done)} 个文件的条款表（{sum(o.rows for o in done)} 行）")
        rows = store.query(kind=kind, doc_id=doc_id, actor=actor, limit=limit)
        anomalies = store.anomalies(doc_id)
        if xlsx_file is not None:
            try:
                export.write_xlsx(rows, xlsx_file)
            except OSError as exc:
                raise UserError(f"无法写入 {xlsx_file}：{exc.strerror or exc} (cannot write file)") from None
        elif csv_file:
            text = export.to_csv(rows)
            if csv_file == "-":
                sys.stdout.write(text)
            else:
                try:
                    Path(csv_file).write_text(text, encoding="utf-8-sig")
                except OSError as exc:
                    raise UserError(
                        f"无法写入 {csv_file}：{exc.strerror or exc} (cannot write file)"
                    ) from None
    except UserError as exc:
        _fail(exc)
        return
    if as_json:
        print(export.to_json(rows))
        return
    if xlsx_file is not None or csv_file:
        if csv_file != "-":
            err.print(f"已写出 {len(rows)} 行到 {xlsx_file or csv_file}")
        return
    _print_table(rows, console)
    if not store.corpus.list_documents():
        err.print("库中还没有文件：先运行 zhengce ingest FILE")
        return
    err.print(f"共 {len(rows)} 条" + (f"；疑似书写错误 {len(anomalies)} 处" if anomalies else ""))
    for a in anomalies:
        err.print(f"[yellow]疑似错误[/] {a['citation']}（{a['eid']}）：{a['message']}", highlight=False)


def _print_table(rows: list[dict], console) -> None:
    from rich.table import Table

    from .export import actors_cell, deadline_cell, quantities_cell, tasks_cell
    from .rows import KIND_LABELS

    table = Table(show_lines=True)
    for header, ratio in (("条款", 3), ("类型", 1), ("主体", 3), ("数量 / 期限", 3), ("内容", 5)):
        table.add_column(header, ratio=ratio, overflow="fold")
    for row in rows:
        numbers = quantities_cell(row) or deadline_cell(row)
        who = actors_cell(row) or tasks_cell(row)
        text = row["text"] if len(row["text"]) <= 60 else row["text"][:59] + "…"
        flag = " [red]⚠[/]" if row["anomalies"] else ""
        table.add_row(row["citation"] + flag, KIND_LABELS.get(row["kind"], row["kind"]), who, numbers, text)
    console.print(table)
