"""The zhengce command line: ingest, docs, show, export (more commands join as regimes land)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from .errors import UserError

app = typer.Typer(help="zhengce：政策文件结构化、检索与规则执行", no_args_is_help=True, add_completion=False)
console = Console()
err = Console(stderr=True)

DbOpt = Annotated[
    str | None, typer.Option("--db", help="数据库 URL 或 SQLite 文件路径（默认 $ZHENGCE_DB 或 ./zhengce.db）")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON")]


def _store(db: str | None):
    from .corpus.store import CorpusStore
    from .db import make_engine

    return CorpusStore(make_engine(db))


def _fail(exc: Exception) -> None:
    err.print(f"[bold red]错误[/]：{exc}")
    raise typer.Exit(2)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="汇编文件（txt/PDF），可多个")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """读入政策汇编（文本或 PDF），拆分、结构化并存储。任何一个文件出错则什么都不写入。"""
    from .corpus.ingest import parse_path

    try:
        results = []
        with Progress(console=err, transient=True, disable=as_json or len(paths) < 2) as progress:
            task = progress.add_task("解析", total=len(paths))
            for path in paths:
                results.append((path, parse_path(path)))
                progress.advance(task)
        store = _store(db)
        outcomes = store.ingest([d for _, r in results for d in r.documents])
        _after_ingest(store, db, [o.doc_id for o in outcomes if o.status != "unchanged"])
    except UserError as exc:
        _fail(exc)
        return
    warnings = [w for _, r in results for w in r.warnings]
    if as_json:
        print(
            json.dumps(
                {
                    "files": [
                        {
                            "path": str(p),
                            "encoding": r.encoding,
                            "documents": len(r.documents),
                            "artifacts_removed": len(r.artifacts),
                        }
                        for p, r in results
                    ],
                    "documents": [o.__dict__ for o in outcomes],
                    "warnings": warnings,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    for path, result in results:
        err.print(
            f"{path}：编码 {result.encoding}，{len(result.documents)} 个文件，清除 {len(result.artifacts)} 处排版残留"
        )
    table = Table("状态", "编号", "标题", "版本")
    label = {"new": "新增", "unchanged": "未变", "new_version": "新版本"}
    for o in outcomes:
        table.add_row(label[o.status], o.doc_id, o.title, str(o.version))
    console.print(table)
    for w in warnings:
        err.print(f"[yellow]警告[/]：{w}")


def _after_ingest(store, db: str | None, changed: list[str]) -> None:
    """Derived data follows the corpus: the search index and the provisions tables (incrementally)."""
    from .provisions.store import ProvisionStore
    from .search.location import index_dir
    from .search.maintain import update_index

    ProvisionStore(store.engine).refresh()
    update_index(store, index_dir(db), changed)


@app.command()
def docs(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """列出已入库的文件。"""
    rows = _store(db).list_documents()
    if as_json:
        keys = (
            "doc_id",
            "kind",
            "title",
            "short_title",
            "doc_number",
            "signed_date",
            "effective_date",
            "version",
        )
        print(
            json.dumps(
                [{k: r[k] for k in keys} | {"issuers": r["meta"]["issuers"]} for r in rows],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    table = Table("编号", "类型", "标题", "文号", "发文机关", "成文日期", "施行日期", show_lines=False)
    for r in rows:
        table.add_row(
            r["doc_id"],
            r["kind"],
            r["short_title"],
            r["doc_number"] or "—",
            "、".join(r["meta"]["issuers"]),
            r["signed_date"] or "—",
            r["effective_date"] or "—",
        )
    console.print(table)
    if not rows:
        err.print("库中还没有文件：先运行 zhengce ingest FILE")


@app.command()
def show(
    doc: Annotated[str, typer.Argument(help="标题、简称、文号或编号")],
    article: Annotated[str | None, typer.Argument(help="条文：22、第二十二条、22.2 或 eId")] = None,
    version: Annotated[int | None, typer.Option(help="版本号（默认最新）")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """显示一个文件的结构或其中一条。"""
    from .corpus.export import node_dict
    from .corpus.lookup import find_node

    try:
        store = _store(db)
        document = store.get_document(store.resolve(doc), version)
        node = find_node(document, article) if article else None
    except UserError as exc:
        _fail(exc)
        return
    if node is not None:
        if as_json:
            print(json.dumps(node_dict(node), ensure_ascii=False, indent=2))
            return
        console.print(f"[bold]{node.citation}[/]  [dim]{node.eid} · 第{node.page}页[/]")
        _print_node(node, 0, top=True)
        return
    if as_json:
        print(json.dumps(document.meta(), ensure_ascii=False, indent=2, default=str))
        return
    console.print(f"[bold]{document.title}[/]  {document.doc_number}")
    for child in document.body.children:
        if child.kind in ("preface", "conclusions"):
            continue
        _print_outline(child, 0)


def _print_node(node, depth: int, top: bool = False) -> None:
    label = "" if top else (node.num or "")
    if node.text or label:
        console.print("  " * depth + f"{label}{node.text}", highlight=False)
    for child in node.children:
        _print_node(child, depth + 1)


def _print_outline(node, depth: int) -> None:
    if node.kind in ("para", "paragraph", "item", "point", "title"):
        return
    name = node.heading or node.text[:30]
    console.print("  " * depth + f"{node.num} {name}  [dim]{node.eid}[/]", highlight=False)
    if node.kind != "article":
        for child in node.children:
            _print_outline(child, depth + 1)


@app.command()
def export(
    doc: Annotated[str, typer.Argument(help="标题、简称、文号或编号")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="json | md | akn")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入文件（默认标准输出）")] = None,
    db: DbOpt = None,
) -> None:
    """导出一个文件：JSON（含编号、引用、页码）、Markdown 或 Akoma Ntoso XML。"""
    from .corpus.export import EXPORTERS

    if fmt not in EXPORTERS:
        _fail(UserError(f"不支持的格式 {fmt}，可用：json、md、akn (unknown format)"))
    try:
        store = _store(db)
        text = EXPORTERS[fmt](store.get_document(store.resolve(doc)))
    except UserError as exc:
        _fail(exc)
        return
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


# Sub-commands owned by other packages. Each module keeps its heavy imports inside its
# commands so that `zhengce --help` stays fast. A missing module means that part is not built yet.
SUBAPPS = [
    ("zhengce.regimes.groundwater.cli", "app", "groundwater"),
    ("zhengce.regimes.groundwater.telemetry.cli", "app", "telemetry"),
    ("zhengce.regimes.land.cli", "app", "land"),
    ("zhengce.regimes.funds.cli", "app", "funds"),
    ("zhengce.regimes.targets.cli", "app", "targets"),
    ("zhengce.api.cli", "user_app", "user"),
]
COMMANDS = [
    ("zhengce.search.cli", "search_command", "search"),
    ("zhengce.provisions.cli", "provisions_command", "provisions"),
    ("zhengce.api.cli", "serve_command", "serve"),
]


def _mount() -> None:
    import importlib
    import importlib.util

    for module, attr, name in SUBAPPS + COMMANDS:
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            continue
        target = getattr(importlib.import_module(module), attr)
        if (module, attr, name) in SUBAPPS:
            app.add_typer(target, name=name)
        else:
            app.command(name)(target)


_mount()


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
