"""`zhengce search QUERY` and the batch mode `zhengce search --queries FILE --json`."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

Opt = typer.Option


def search_command(
    words: Annotated[
        list[str] | None, typer.Argument(help="查询，例如：打井要办什么手续、地下水管理条例 22")
    ] = None,
    doc: Annotated[str | None, Opt("--doc", help="限定文件（编号、标题或文号）")] = None,
    kind: Annotated[str | None, Opt("--kind", help="条文类型（article…）或文件类型（条例、办法…）")] = None,
    issuer: Annotated[str | None, Opt("--issuer", help="发文机关")] = None,
    date_from: Annotated[str | None, Opt("--from", help="成文日期起 YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Opt("--to", help="成文日期止 YYYY-MM-DD")] = None,
    in_force_on: Annotated[str | None, Opt("--in-force-on", help="在该日有效 YYYY-MM-DD")] = None,
    top: Annotated[int, Opt("--top", help="返回条数")] = 10,
    queries: Annotated[Path | None, Opt("--queries", help="批量：每行一个查询，输出 JSON lines")] = None,
    index: Annotated[str | None, Opt("--index", help="索引目录（默认在数据库旁）")] = None,
    db: Annotated[str | None, Opt("--db", help="数据库 URL 或 SQLite 文件路径")] = None,
    as_json: Annotated[bool, Opt("--json", help="输出 JSON")] = False,
) -> None:
    """检索条文：日常用语提问、条号、文号均可。"""
    from ..cli import _fail, _store, console
    from ..errors import UserError
    from .location import index_dir
    from .maintain import open_index

    query = " ".join(words) if words else None
    if (query is None) == (queries is None):
        _fail(UserError("请给出一个查询，或用 --queries FILE 批量查询 (give QUERY or --queries)"))
    try:
        store = _store(db)
        if doc:
            doc = store.resolve(doc)
        idx = open_index(store, index_dir(db, index))
        filters = {
            "doc": doc,
            "kind": kind,
            "issuer": issuer,
            "date_from": date_from,
            "date_to": date_to,
            "in_force_on": in_force_on,
        }
        if queries is not None:
            try:
                lines = [ln.strip() for ln in queries.read_text(encoding="utf-8").splitlines() if ln.strip()]
            except (OSError, UnicodeDecodeError) as exc:
                raise UserError(f"{queries}: 无法读取查询文件 ({exc})") from None
            for q in lines:
                try:
                    hits = [h.__dict__ for h in idx.search(q, limit=top, **filters)]
                    print(json.dumps({"query": q, "hits": hits}, ensure_ascii=False))
                except UserError as exc:
                    print(json.dumps({"query": q, "error": str(exc)}, ensure_ascii=False))
            return
        hits = idx.search(query, limit=top, **filters)
    except UserError as exc:
        _fail(exc)
        return
    if as_json:
        print(json.dumps([h.__dict__ for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        console.print("没有找到相关条文。")
    for rank, hit in enumerate(hits, start=1):
        page = f" · 第{hit.page}页" if hit.page else ""
        console.print(
            Text.assemble((f"{rank}. {hit.citation}", "bold"), (f"  {hit.doc_id} {hit.eid}{page}", "dim"))
        )
        console.print(Text("   ") + _highlighted(hit.snippet))


def _highlighted(snippet: str) -> Text:
    """The snippet is HTML (escaped text, <mark> around matches); render it for a terminal."""
    out = Text()
    for i, part in enumerate(re.split(r"</?mark>", snippet)):
        out.append(html.unescape(part), style="bold yellow" if i % 2 else "")
    return out
