"""Provision rows as JSON, CSV and XLSX, and the short Chinese summaries the table and sheets show."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .rows import KIND_LABELS

COLUMNS = (
    ("doc_id", "文件编号"),
    ("citation", "条款"),
    ("eid", "节点"),
    ("page", "页码"),
    ("kind", "类型"),
    ("actors", "主体"),
    ("quantities", "数量"),
    ("deadline", "期限"),
    ("references", "引用"),
    ("targets", "目标"),
    ("tasks", "任务"),
    ("anomalies", "疑似错误"),
    ("text", "原文"),
    ("data", "结构化数据（JSON）"),
)


def actors_cell(row: dict) -> str:
    return "、".join(a["name"] + (f"（{a['level']}）" if a["level"] else "") for a in row["actors"])


def quantities_cell(row: dict) -> str:
    return "；".join(q["text"] for q in row["quantities"] if q["kind"] != "count")


def deadline_cell(row: dict) -> str:
    d = row.get("deadline")
    if not d:
        return ""
    return d["text"] + ("（工作日）" if d.get("working_days") else "")


def references_cell(row: dict) -> str:
    out = []
    for r in row["references"]:
        where = "、".join(r["eids"]) or r.get("doc_id") or ""
        out.append(f"{r['text']}→{where}" if r["resolved"] else f"{r['text']}（未解析：{r['reason']}）")
    return "；".join(out)


def targets_cell(row: dict) -> str:
    out = []
    for t in row["targets"]:
        value = t["value"] if t["value"] == t["value_max"] else f"{t['value']}–{t['value_max']}"
        extra = "，".join(str(x) for x in (t["year"], t["attribute"]) if x)
        out.append(
            f"{t['indicator']} {t['direction'] or ''} {value}{t['unit']}" + (f"（{extra}）" if extra else "")
        )
    return "；".join(out)


def tasks_cell(row: dict) -> str:
    out = []
    for t in row["tasks"]:
        part = f"；参与：{'、'.join(t['participants'])}" if t["participants"] else ""
        out.append(f"{t['title']}（牵头：{'、'.join(t['lead'])}{part}）")
    return "；".join(out)


def anomalies_cell(row: dict) -> str:
    return "；".join(a["message"] for a in row["anomalies"])


def flat(row: dict) -> dict[str, object]:
    """One row as spreadsheet cells, Chinese headers."""
    data = {k: row[k] for k in ("quantities", "references", "targets", "tasks", "actors", "anomalies")}
    cells = {
        "doc_id": row["doc_id"],
        "citation": row["citation"],
        "eid": row["eid"],
        "page": row["page"],
        "kind": KIND_LABELS.get(row["kind"], row["kind"]),
        "actors": actors_cell(row),
        "quantities": quantities_cell(row),
        "deadline": deadline_cell(row),
        "references": references_cell(row),
        "targets": targets_cell(row),
        "tasks": tasks_cell(row),
        "anomalies": anomalies_cell(row),
        "text": row["text"],
        "data": json.dumps(data, ensure_ascii=False),
    }
    return {header: cells[key] for key, header in COLUMNS}


def to_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


def to_csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=[h for _, h in COLUMNS])
    writer.writeheader()
    for row in rows:
        writer.writerow(flat(row))
    return buf.getvalue()


def write_xlsx(rows: list[dict], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "条款"
    headers = [h for _, h in COLUMNS]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(list(flat(row).values()))
    widths = {"条款": 28, "原文": 60, "主体": 30, "数量": 24, "任务": 40, "结构化数据（JSON）": 40}
    for i, h in enumerate(headers, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = widths.get(h, 14)
    ws.freeze_panes = "A2"
    wb.save(path)
