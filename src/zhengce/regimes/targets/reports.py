"""Import reported values and progress from CSV or XLSX.

Columns (header row, any order; Chinese headers accepted): ``item_id`` (条目编号), ``date`` (日期:
``2023``, ``2023-06`` or ``2023-06-30``; a year or month means its last day), ``value`` (数值), and
optionally ``kind`` (类型: ``value`` 报告值, ``baseline`` 基准值, ``progress`` 进度 in % for tasks, ``done``
完成) and ``note`` (备注). For a task, ``value`` is progress 0–100 and ``done`` means 100.
Every problem is reported with its row number; nothing is imported unless the whole file is valid.
"""

from __future__ import annotations

import calendar
import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from zhengce.errors import InputError
from zhengce.regimes.land.validate import FileProblems

KINDS = {"value": "报告值", "baseline": "基准值", "progress": "进度", "done": "完成"}
_HEADERS = {
    "item_id": "item_id",
    "条目编号": "item_id",
    "编号": "item_id",
    "date": "date",
    "日期": "date",
    "报告期": "date",
    "value": "value",
    "数值": "value",
    "值": "value",
    "kind": "kind",
    "类型": "kind",
    "note": "note",
    "备注": "note",
}
_KIND_ALIASES = {**{k: k for k in KINDS}, **{v: k for k, v in KINDS.items()}, "": "value"}
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True)
class Report:
    item_id: str
    reported_for: date
    kind: str  # value | baseline | progress
    value: float
    note: str | None = None


def parse_period(text: str) -> date:
    """``2023`` → 2023-12-31, ``2023-06`` → 2023-06-30, ``2023-06-15`` → that day."""
    m = _DATE.match(text.strip())
    if not m:
        raise ValueError(f"日期“{text}”应为 YYYY、YYYY-MM 或 YYYY-MM-DD (bad date)")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if month is None:
            return date(year, 12, 31)
        if day is None:
            return date(year, int(month), calendar.monthrange(year, int(month))[1])
        return date(year, int(month), int(day))
    except ValueError:
        raise ValueError(f"日期“{text}”不存在 (no such date)") from None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def _decode(data: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path} 不是 UTF-8 或 GB18030 编码的文本 (unknown encoding)")


def read_rows(path: Path) -> list[list[str]]:
    """Rows of a CSV or XLSX file as text cells (first sheet of a workbook)."""
    if not path.is_file():
        raise InputError(f"文件不存在：{path} (no such file)")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged workbook
            raise InputError(
                f"{path} 不是有效的 XLSX 工作簿：{exc.__class__.__name__} (invalid workbook)"
            ) from None
        try:
            sheet = book.worksheets[0]
            return [[_cell(c) for c in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    if suffix in (".csv", ".txt"):
        text = _decode(path.read_bytes(), path)
        try:
            return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
        except csv.Error as exc:
            raise InputError(f"{path} 不是有效的 CSV：{exc} (invalid CSV)") from None
    raise InputError(
        f"不支持的文件类型 {suffix or '（无扩展名）'}，请用 .csv 或 .xlsx (unsupported file type)"
    )


def parse_reports(rows: list[list[str]], item_kinds: dict[str, str]) -> list[Report]:
    """Validate rows against the known items (id → "target" | "task")."""
    rows = [r for r in rows if any(c for c in r)]
    if not rows:
        raise FileProblems(["文件为空 (empty file)"], "报告文件有误 (invalid report file)")
    header = [_HEADERS.get(h.strip().lower(), _HEADERS.get(h.strip())) for h in rows[0]]
    missing = [h for h in ("item_id", "date", "value") if h not in header]
    if missing:
        raise FileProblems(
            [
                f"表头缺少列：{'、'.join(missing)}（可用 item_id/条目编号、date/日期、value/数值、kind/类型、note/备注） (missing columns)"
            ],
            "报告文件有误 (invalid report file)",
        )
    problems: list[str] = []
    out: dict[tuple[str, date, str], Report] = {}
    for n, row in enumerate(rows[1:], start=2):
        cells = {h: (row[i] if i < len(row) else "") for i, h in enumerate(header) if h}
        where = f"第{n}行"
        item = cells["item_id"]
        if item not in item_kinds:
            problems.append(f"{where}：未知条目编号“{item}”，用 zhengce targets list 查看 (unknown item)")
            continue
        kind = _KIND_ALIASES.get(
            cells.get("kind", "").strip().lower(), _KIND_ALIASES.get(cells.get("kind", "").strip())
        )
        if kind is None:
            problems.append(
                f"{where}：类型“{cells['kind']}”应为 value、baseline、progress 或 done (bad kind)"
            )
            continue
        try:
            when = parse_period(cells["date"])
        except ValueError as exc:
            problems.append(f"{where}：{exc}")
            continue
        is_task = item_kinds[item] == "task"
        if kind == "done":
            value: float = 100.0
            kind = "progress"
        else:
            try:
                value = float(cells["value"].replace(",", "").removesuffix("%"))
            except ValueError:
                problems.append(f"{where}：数值“{cells['value']}”不是数字 (not a number)")
                continue
            if value != value or value in (float("inf"), float("-inf")):
                problems.append(f"{where}：数值无效 (not a finite number)")
                continue
        if is_task and kind == "value":
            kind = "progress"
        if is_task and kind == "baseline":
            problems.append(f"{where}：任务没有基准值，请用 progress 或 done (tasks take progress)")
            continue
        if not is_task and kind == "progress":
            problems.append(f"{where}：指标应报告 value 或 baseline (targets take values)")
            continue
        if kind == "progress" and not 0 <= value <= 100:
            problems.append(f"{where}：进度应在0至100之间 (progress must be 0–100)")
            continue
        key = (item, when, kind)
        if key in out:
            problems.append(f"{where}：与前面的行重复（同一条目、日期和类型） (duplicate row)")
            continue
        out[key] = Report(item, when, kind, value, cells.get("note") or None)
    if problems:
        raise FileProblems(problems, "报告文件有误 (invalid report file)")
    return list(out.values())


def latest(reports: Iterable[Report], kind: str, on_or_before: date) -> Report | None:
    found = [r for r in reports if r.kind == kind and r.reported_for <= on_or_before]
    return max(found, key=lambda r: r.reported_for) if found else None
