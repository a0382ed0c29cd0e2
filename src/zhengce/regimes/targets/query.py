"""Read/query functions for the CLI and the web service.

Items come from the corpus in the same database (``zhengce ingest`` first); reports live in ``tgt_reports``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from zhengce.errors import NotFound, UserError
from zhengce.regimes.targets.items import TargetItem, TaskItem, corpus_items
from zhengce.regimes.targets.reports import Report, parse_reports, read_rows
from zhengce.regimes.targets.schema import create_all, reports
from zhengce.regimes.targets.status import ItemStatus, target_status, task_status

Item = TargetItem | TaskItem


def list_items(engine: Engine, doc: str | None = None, kind: str | None = None) -> list[Item]:
    """Every target and task of the ingested corpus (or of one document; ``kind`` target | task)."""
    from zhengce.corpus.store import CorpusStore

    store = CorpusStore(engine)
    rows = store.list_documents()
    if not rows:
        raise NotFound("库中还没有文件：先运行 zhengce ingest FILE (the corpus is empty)")
    ids = [store.resolve(doc)] if doc else [r["doc_id"] for r in rows]
    targets, tasks = corpus_items(store.get_document(i) for i in ids)
    if kind not in (None, "target", "task"):
        raise UserError(f"类型应为 target 或 task，收到“{kind}” (bad kind)")
    return [*(targets if kind in (None, "target") else []), *(tasks if kind in (None, "task") else [])]


def get_item(engine: Engine, item_id: str) -> Item:
    doc = item_id.split("/", 1)[0]
    for item in list_items(engine, doc if doc else None):
        if item.item_id == item_id:
            return item
    raise NotFound(f"未找到条目 {item_id} (no such item)")


@dataclass(frozen=True)
class ImportReport:
    rows: int
    new: int
    replaced: int


def import_reports(engine: Engine, path: Path) -> ImportReport:
    """Validate a CSV/XLSX file against the items and store it in one transaction (re-import replaces)."""
    rows = validated_reports(engine, read_rows(path))
    try:
        with engine.begin() as conn:
            replaced = store_reports(conn, rows, path.name)
    except SQLAlchemyError as exc:
        raise UserError(f"写入报告失败，未作任何更改：{exc.__class__.__name__} (nothing written)") from None
    return ImportReport(len(rows), len(rows) - replaced, replaced)


def validated_reports(engine: Engine, raw_rows: list) -> list:
    """Parsed report rows, each checked against the tracked items (raises UserError naming the row)."""
    kinds = {i.item_id: i.kind for i in list_items(engine)}
    rows = parse_reports(raw_rows, kinds)
    create_all(engine)
    return rows


def store_reports(conn: Connection, rows: list, source: str) -> int:
    """Write validated rows inside the caller's transaction; a re-sent (item, period, kind) replaces
    the earlier value. Returns how many rows were replaced."""
    replaced = 0
    for r in rows:
        key = (
            (reports.c.item_id == r.item_id)
            & (reports.c.reported_for == r.reported_for)
            & (reports.c.kind == r.kind)
        )
        replaced += conn.execute(delete(reports).where(key)).rowcount or 0
    conn.execute(
        insert(reports),
        [
            {
                "item_id": r.item_id,
                "reported_for": r.reported_for,
                "kind": r.kind,
                "value": r.value,
                "note": r.note,
                "source": source,
            }
            for r in rows
        ],
    )
    return replaced


def list_reports(engine: Engine, item_id: str | None = None) -> list[Report]:
    create_all(engine)
    query = select(reports).order_by(reports.c.item_id, reports.c.reported_for)
    if item_id is not None:
        query = query.where(reports.c.item_id == item_id)
    with engine.connect() as conn:
        return [Report(r.item_id, r.reported_for, r.kind, r.value, r.note) for r in conn.execute(query)]


def item_statuses(
    engine: Engine, as_of: date, doc: str | None = None, kind: str | None = None, status: str | None = None
) -> list[ItemStatus]:
    """The status of every item (filtered by document, kind and status) on ``as_of``."""
    items = list_items(engine, doc, kind)
    by_item: dict[str, list[Report]] = {}
    for r in list_reports(engine):
        by_item.setdefault(r.item_id, []).append(r)
    out = [
        target_status(i, by_item.get(i.item_id, []), as_of)
        if isinstance(i, TargetItem)
        else task_status(i, by_item.get(i.item_id, []), as_of)
        for i in items
    ]
    return [s for s in out if status is None or s.status == status]
