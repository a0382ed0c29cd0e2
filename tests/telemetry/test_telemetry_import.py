"""CSV/XLSX import of manual readings: bad rows named, nothing written unless every row is good."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from zhengce.errors import InputError
from zhengce.regimes.groundwater.telemetry import schema
from zhengce.regimes.groundwater.telemetry.imports import ImportRowsError, import_file, parse_file
from zhengce.regimes.groundwater.telemetry.store import ReadingStore
from zhengce.regimes.groundwater.telemetry.verify import verify_store


def count(engine) -> int:
    if not sa.inspect(engine).has_table("telemetry_reading"):
        return 0  # a refused file may not even create the tables
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(schema.reading)).scalar()


def write(tmp_path, text: str, name: str = "readings.csv", encoding: str = "utf-8") -> object:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


GOOD = """取水工程编号,水表,观测时间,累计水量,瞬时流量
370102-W-000001,1,2024-05-01 08:00,1200.5,0.012
370102-W-000001,1,2024-05-02 08:00,1236.5,
370102-W-000002,,2024-05-01T08:00:00,88,
"""


def test_csv_with_chinese_headers(engine, tmp_path) -> None:
    result = import_file(engine, write(tmp_path, GOOD))
    assert (result.rows, result.counts.inserted) == (3, 3)
    t = schema.reading
    with engine.connect() as conn:
        got = conn.execute(
            sa.select(t.c.works_id, t.c.meter, t.c.volume_m3, t.c.source).order_by(t.c.works_id)
        ).all()
    assert got[0] == ("370102-W-000001", 1, Decimal("1200.500"), "import")
    assert got[2] == ("370102-W-000002", 1, Decimal("88.000"), "import")
    assert verify_store(engine).ok


def test_gb18030_csv_from_excel(sqlite_engine, tmp_path) -> None:
    result = import_file(sqlite_engine, write(tmp_path, GOOD, encoding="gb18030"))
    assert result.counts.inserted == 3


def test_bad_rows_are_named_and_nothing_is_written(sqlite_engine, tmp_path) -> None:
    text = """works_id,meter,observed_at,volume_m3
370102-W-000001,1,2024-05-01 08:00,100
370102-W-000001,1,2024-13-01 08:00,101
370102-W-000001,x,2024-05-02 08:00,102
,1,2024-05-03 08:00,103
370102-W-000001,1,2024-05-04,104
370102-W-000001,1,2024-05-05 08:00,1.23456
370102-W-000001,1,2024-05-01 08:00,999
370102-W-000001,1,2099-01-01 08:00,5
370102-W-000001,1,2024-05-06 08:00,
"""
    with pytest.raises(ImportRowsError) as caught:
        import_file(sqlite_engine, write(tmp_path, text))
    assert [row for row, _ in caught.value.errors] == [3, 4, 5, 6, 7, 8, 9, 10]
    message = str(caught.value)
    assert "8 行有误，未写入任何数据" in message and "nothing written" in message
    assert "第 3 行" in message and "与第 2 行同一水表同一时刻但数值不同" in message
    assert count(sqlite_engine) == 0


def test_exact_duplicate_rows_are_fine(sqlite_engine, tmp_path) -> None:
    text = "works_id,observed_at,volume_m3\nW,2024-05-01 08:00,1\nW,2024-05-01 08:00,1.000\n"
    rows, readings = parse_file(write(tmp_path, text), now=datetime(2024, 6, 1))
    assert (rows, len(readings)) == (2, 1)


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        ("", "empty.csv", "文件为空"),
        ("works_id,observed_at,volume_m3\n", "header.csv", "没有数据"),
        ("works_id,when,volume_m3\nW,2024-05-01 08:00,1\n", "cols.csv", "未知列 (unknown columns) when"),
        ("meter,volume_m3\n1,2\n", "missing.csv", "缺少列 (missing columns) works_id, observed_at"),
        ("not a spreadsheet", "fake.xlsx", "不是有效的 XLSX 文件"),
        ("a,b\n", "data.json", "只支持 .csv 和 .xlsx"),
    ],
)
def test_unusable_files_get_a_clear_error(sqlite_engine, tmp_path, content, name, fragment) -> None:
    with pytest.raises(InputError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        import_file(sqlite_engine, write(tmp_path, content, name))
    assert count(sqlite_engine) == 0


def test_missing_file(sqlite_engine, tmp_path) -> None:
    with pytest.raises(InputError, match="找不到文件"):
        import_file(sqlite_engine, tmp_path / "nope.csv")


def test_xlsx_with_real_date_cells(sqlite_engine, tmp_path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["取水工程编号", "观测时间", "累计水量", "地下水埋深"])
    sheet.append(["370102-W-000009", datetime(2024, 5, 1, 8, 30), 1500, 12.35])
    sheet.append(["370102-W-000009", "2024-05-02 08:30", 1512.25, None])
    path = tmp_path / "manual.xlsx"
    book.save(path)
    result = import_file(sqlite_engine, path)
    assert result.counts.inserted == 2
    t = schema.reading
    with sqlite_engine.connect() as conn:
        got = conn.execute(
            sa.select(t.c.observed_at, t.c.volume_m3, t.c.depth_m).order_by(t.c.observed_at)
        ).all()
    assert got == [
        (datetime(2024, 5, 1, 8, 30), Decimal("1500.000"), Decimal("12.350")),
        (datetime(2024, 5, 2, 8, 30), Decimal("1512.250"), None),
    ]


def test_import_into_an_existing_chain_relinks_and_reports_conflicts(sqlite_engine, tmp_path) -> None:
    from zhengce.regimes.groundwater.telemetry.model import Reading

    ReadingStore(sqlite_engine, max_age=None).ingest(
        [Reading("W", datetime(2024, 5, 1, 8), volume_m3=Decimal(1), source="sl651")]
    )
    text = "works_id,observed_at,volume_m3\nW,2024-04-30 08:00,0.5\nW,2024-05-01 08:00,7\n"
    result = import_file(sqlite_engine, write(tmp_path, text))
    assert (result.counts.inserted, result.counts.late, result.counts.conflicts) == (1, 1, 1)
    assert verify_store(sqlite_engine).ok
