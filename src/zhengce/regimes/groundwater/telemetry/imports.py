"""Manual readings from CSV or XLSX: every row checked first, bad rows named, all or nothing.

The first non-empty row is the header. Columns may be named in English (the field names of
records.FIELDS) or Chinese (取水工程编号, 水表, 观测时间, 累计水量, …; see ``HEADERS``).
CSV is read as UTF-8 (with or without BOM) or, failing that, GB18030 (Excel on Chinese
Windows). Readings enter the store with source ``import``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from zhengce.errors import InputError

from .model import Reading, now_cst
from .records import FIELDS, RecordError, reading_from_record
from .store import IngestCounts, ReadingStore

MAX_ROWS = 200_000
SHOWN_ERRORS = 20

HEADERS: dict[str, str] = {
    "取水工程编号": "works_id",
    "工程编号": "works_id",
    "水表": "meter",
    "水表编号": "meter",
    "观测时间": "observed_at",
    "读数时间": "observed_at",
    "累计水量": "volume_m3",
    "累计水量(m³)": "volume_m3",
    "累计水量（立方米）": "volume_m3",
    "时段水量": "interval_m3",
    "瞬时流量": "flow_m3s",
    "地下水埋深": "depth_m",
    "埋深": "depth_m",
    "水位": "level_m",
    "电压": "voltage_v",
    "报警": "alarm",
    "状态": "status",
    "终端地址": "address",
}


class ImportRowsError(InputError):
    """Some rows are bad; the message names them and nothing was written."""

    def __init__(self, path: Path, errors: list[tuple[int, str]]) -> None:
        self.errors = errors
        lines = "\n".join(f"  第 {row} 行 (row {row})：{reason}" for row, reason in errors[:SHOWN_ERRORS])
        more = f"\n  …另有 {len(errors) - SHOWN_ERRORS} 行有误" if len(errors) > SHOWN_ERRORS else ""
        super().__init__(
            f"{path.name}：{len(errors)} 行有误，未写入任何数据 ({len(errors)} bad rows, nothing written)\n"
            f"{lines}{more}"
        )


@dataclass
class ImportResult:
    path: Path
    rows: int
    readings: int
    counts: IngestCounts

    def as_dict(self) -> dict:
        return {"file": str(self.path), "rows": self.rows, "readings": self.readings, **self.counts.as_dict()}


def _column(name: Any) -> str | None:
    text = str(name).strip() if name is not None else ""
    if not text:
        return None
    return HEADERS.get(text, text.lower() if text.lower() in FIELDS else text)


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(f"{path.name}：无法识别文件编码（需 UTF-8 或 GB18030） (unknown text encoding)")
    if "\x00" in text:
        raise InputError(f"{path.name}：不是文本 CSV 文件 (not a text CSV file)")
    yield from csv.reader(io.StringIO(text, newline=""))


def _xlsx_rows(path: Path) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"{path.name}：不是有效的 XLSX 文件 (not a valid XLSX file): {exc}") from None
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        book.close()


def _rows(path: Path) -> Iterator[list[Any]]:
    if not path.is_file():
        raise InputError(f"找不到文件 (file not found): {path}")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    if suffix in (".csv", ".txt"):
        return _csv_rows(path)
    raise InputError(f"{path.name}：只支持 .csv 和 .xlsx 文件 (only .csv and .xlsx are supported)")


def _blank_row(row: list[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


def parse_file(
    path: Path, *, now: datetime | None = None, source: str = "import"
) -> tuple[int, list[Reading]]:
    """(data rows, readings) from a file; raises InputError/ImportRowsError naming bad rows.

    ``source`` is recorded on every reading: ``import`` for the CLI, ``api`` for the HTTP CSV batch."""
    now = now or now_cst()
    rows = _rows(path)
    header: list[str | None] | None = None
    header_row = 0
    errors: list[tuple[int, str]] = []
    readings: list[Reading] = []
    first_row: dict[tuple, tuple[int, Reading]] = {}
    count = 0
    for number, row in enumerate(rows, start=1):
        if _blank_row(row):
            continue
        if header is None:
            header, header_row = [_column(c) for c in row], number
            unknown = [str(c) for c in header if c is not None and c not in FIELDS]
            missing = [f for f in ("works_id", "observed_at") if f not in header]
            if unknown or missing:
                raise InputError(
                    f"{path.name} 第 {number} 行表头有误 (bad header)："
                    + (f"未知列 (unknown columns) {', '.join(unknown)}；" if unknown else "")
                    + (f"缺少列 (missing columns) {', '.join(missing)}" if missing else "")
                )
            if len(set(h for h in header if h)) != len([h for h in header if h]):
                raise InputError(f"{path.name} 第 {number} 行表头有重复列 (duplicate columns)")
            continue
        count += 1
        if count > MAX_ROWS:
            raise InputError(f"{path.name}：超过 {MAX_ROWS} 行，请分文件导入 (more than {MAX_ROWS} rows)")
        if len(row) > len(header) and not _blank_row(row[len(header) :]):
            errors.append((number, "该行的列数多于表头 (more cells than header columns)"))
            continue
        record = {name: cell for name, cell in zip(header, row, strict=False) if name is not None}
        try:
            reading = reading_from_record(record, source=source)
        except RecordError as exc:
            errors.append((number, str(exc)))
            continue
        if reading.observed_at > now + timedelta(days=1):
            errors.append((number, f"观测时间在未来 (observed_at is in the future): {reading.observed_at}"))
            continue
        earlier = first_row.get(reading.key)
        if earlier is not None:
            if earlier[1].values() != reading.values():
                errors.append(
                    (
                        number,
                        f"与第 {earlier[0]} 行同一水表同一时刻但数值不同 (conflicts with row {earlier[0]})",
                    )
                )
            continue
        first_row[reading.key] = (number, reading)
        readings.append(reading)
    if header is None:
        raise InputError(f"{path.name}：文件为空 (empty file)")
    if count == 0:
        raise InputError(f"{path.name}：第 {header_row} 行表头之后没有数据 (no data rows)")
    if errors:
        raise ImportRowsError(path, errors)
    return count, readings


def import_file(engine: Engine, path: Path) -> ImportResult:
    """Check the whole file, then write it in one transaction (or not at all)."""
    received = now_cst()
    rows, readings = parse_file(path, now=received)
    store = ReadingStore(engine, max_age=None)  # manual readings may be old; the chain re-links
    counts = store.ingest(readings, now=received)
    return ImportResult(path, rows, len(readings), counts)
