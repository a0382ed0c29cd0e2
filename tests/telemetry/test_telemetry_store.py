"""The readings store on SQLite and PostgreSQL: idempotent, late data in place, latest, paging."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from zhengce.errors import UserError
from zhengce.regimes.groundwater.telemetry import schema
from zhengce.regimes.groundwater.telemetry.chain import Hasher
from zhengce.regimes.groundwater.telemetry.model import Reading, now_cst
from zhengce.regimes.groundwater.telemetry.store import (
    ChainKeyError,
    ReadingsInvalid,
    ReadingStore,
    ingest_batch,
    latest_values,
    page_readings,
)
from zhengce.regimes.groundwater.telemetry.verify import verify_store

T0 = datetime(2024, 6, 1, 0, 0)
NOW = datetime(2024, 6, 2, 0, 0)


def reading(hour: int, volume: int | str, works: str = "370102-W-000001", meter: int = 1, **extra) -> Reading:
    return Reading(
        works, T0 + timedelta(hours=hour), meter=meter, volume_m3=Decimal(volume), source="szy206", **extra
    )


def stored(engine, works: str = "370102-W-000001") -> list[tuple]:
    t = schema.reading
    with engine.connect() as conn:
        return conn.execute(
            sa.select(t.c.meter, t.c.observed_at, t.c.volume_m3, t.c.seq)
            .where(t.c.works_id == works)
            .order_by(t.c.meter, t.c.observed_at)
        ).all()


def count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()


def test_resent_readings_are_idempotent(engine) -> None:
    store = ReadingStore(engine)
    batch = [reading(h, 100 + h) for h in range(5)]
    first = store.ingest(batch, now=NOW)
    again = store.ingest(batch + batch[:2], now=NOW)
    assert (first.inserted, first.duplicates) == (5, 0)
    assert (again.inserted, again.duplicates, again.conflicts) == (0, 7, 0)
    assert len(stored(engine)) == 5
    assert verify_store(engine).ok


def test_late_and_out_of_order_readings_land_in_place(engine) -> None:
    store = ReadingStore(engine)
    store.ingest([reading(h, 100 + h) for h in (0, 4, 8)], now=NOW)
    counts = store.ingest([reading(6, 106), reading(2, 102), reading(10, 110)], now=NOW)
    assert counts.inserted == 3
    assert counts.late == 2  # hours 2 and 6 arrived after hour 8
    assert counts.rechained == 2  # hours 4 and 8 moved down the chain
    rows = stored(engine)
    assert [r.observed_at.hour for r in rows] == [0, 2, 4, 6, 8, 10]
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5, 6]
    assert [r.volume_m3 for r in rows] == [Decimal(v) for v in (100, 102, 104, 106, 108, 110)]
    assert verify_store(engine).ok


def test_late_reading_older_than_the_whole_chain(engine) -> None:
    store = ReadingStore(engine)
    store.ingest([reading(5, 105), reading(6, 106)], now=NOW)
    store.ingest([reading(1, 101)], now=NOW)
    assert [r.seq for r in stored(engine)] == [1, 2, 3]
    assert verify_store(engine).ok


def test_conflicting_resend_keeps_the_first_and_records_the_other(engine) -> None:
    store = ReadingStore(engine)
    store.ingest([reading(1, 101), reading(2, 102)], now=NOW)
    counts = store.ingest([reading(1, 999), reading(3, 103), reading(3, 555)], now=NOW)
    assert (counts.inserted, counts.conflicts) == (1, 2)
    assert [r.volume_m3 for r in stored(engine)] == [Decimal(101), Decimal(102), Decimal(103)]
    t = schema.rejected
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.c.reason, t.c.observed_at, t.c.detail).order_by(t.c.id)).all()
    assert [(r.reason, r.observed_at.hour) for r in rows] == [("conflict", 3), ("conflict", 1)]
    assert "999" in rows[1].detail and "101.000" in rows[1].detail


def test_impossible_clocks_are_rejected_not_chained(engine) -> None:
    store = ReadingStore(engine)
    future = Reading("W", NOW + timedelta(days=3), volume_m3=Decimal(1), source="sl651")
    ancient = Reading("W", datetime(2000, 1, 1), volume_m3=Decimal(1), source="sl651")
    counts = store.ingest([future, ancient, reading(1, 1, works="W")], now=NOW)
    assert (counts.inserted, counts.rejected_future, counts.rejected_old) == (1, 1, 1)
    assert count(engine, schema.rejected) == 2
    assert [r["observed_at"] for r in latest_values(engine, "W")] == [T0 + timedelta(hours=1)]


def test_invalid_batch_writes_nothing(engine) -> None:
    store = ReadingStore(engine)
    good = reading(1, 100)
    bad_scale = Reading("W", T0, volume_m3=Decimal("1.2345"), source="api")
    bad_meter = Reading("W", T0, meter=0, volume_m3=Decimal(1), source="api")
    with pytest.raises(ReadingsInvalid) as caught:
        store.ingest([good, bad_scale, bad_meter], now=NOW)
    assert [index for index, _ in caught.value.problems] == [1, 2]
    assert "未写入" in str(caught.value) and "nothing written" in str(caught.value)
    assert count(engine, schema.reading) == 0
    assert count(engine, schema.latest) == 0


def test_latest_value_per_meter(engine) -> None:
    store = ReadingStore(engine)
    store.ingest([reading(1, 101), reading(3, 103), reading(2, 7, meter=2)], now=NOW)
    store.ingest([reading(2, 102)], now=NOW)  # late: latest stays at hour 3
    latest = {(r["meter"], r["observed_at"].hour, r["volume_m3"], r["seq"]) for r in latest_values(engine)}
    assert latest == {(1, 3, Decimal(103), 3), (2, 2, Decimal(7), 1)}


def test_cursor_paging_visits_every_reading_once(engine) -> None:
    store = ReadingStore(engine)
    store.ingest([reading(h, h, meter=m) for m in (1, 2) for h in range(7)], now=NOW)
    seen, cursor = [], None
    for _ in range(10):
        page = page_readings(engine, "370102-W-000001", limit=3, cursor=cursor)
        seen += [(r["meter"], r["observed_at"].hour) for r in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [(m, h) for m in (1, 2) for h in range(7)]
    since = page_readings(engine, "370102-W-000001", meter=2, since=T0 + timedelta(hours=5))
    assert [(r["meter"], r["observed_at"].hour) for r in since.rows] == [(2, 5), (2, 6)]
    with pytest.raises(UserError, match="游标"):
        page_readings(engine, "370102-W-000001", cursor="not-a-cursor")


def test_two_writers_keep_one_valid_chain(engine) -> None:
    """A second writer (an import while the server runs) invalidates the first one's head cache."""
    server, importer = ReadingStore(engine), ReadingStore(engine)
    server.ingest([reading(0, 100)], now=NOW)
    importer.ingest([reading(1, 101)], now=NOW)
    server.ingest([reading(2, 102)], now=NOW)
    importer.ingest([reading(3, 103)], now=NOW)
    assert [r.seq for r in stored(engine)] == [1, 2, 3, 4]
    assert verify_store(engine).ok


def test_ingest_batch_accepts_json_records(engine) -> None:
    day = (now_cst() - timedelta(days=1)).date().isoformat()
    counts = ingest_batch(
        engine,
        [
            {"works_id": "W-1", "observed_at": f"{day}T08:00:00+08:00", "volume_m3": "12.5"},
            {"works_id": "W-1", "observed_at": f"{day}T01:00:00Z", "volume_m3": 13, "flow_m3s": 0.012},
        ],
    )
    assert counts["inserted"] == 2
    rows = page_readings(engine, "W-1").rows
    assert [r["observed_at"].hour for r in rows] == [8, 9]
    assert rows[1]["flow_m3s"] == Decimal("0.012")
    with pytest.raises(ReadingsInvalid, match="unknown fields"):
        ingest_batch(engine, [{"works_id": "W-1", "observed_at": f"{day}T10:00", "volume": 1}])


def test_keyed_chain_refuses_a_different_key(engine) -> None:
    ReadingStore(engine, hasher=Hasher(b"secret")).ingest([reading(1, 1)], now=NOW)
    with pytest.raises(ChainKeyError, match="ZHENGCE_TELEMETRY_CHAIN_KEY"):
        ReadingStore(engine, hasher=Hasher(None)).ingest([reading(2, 2)], now=NOW)
    with pytest.raises(ChainKeyError):
        ReadingStore(engine, hasher=Hasher(b"other")).ingest([reading(2, 2)], now=NOW)
    assert verify_store(engine, hasher=Hasher(b"secret")).ok
    assert count(engine, schema.reading) == 1


def test_alarm_and_status_words_at_the_column_limits(engine) -> None:
    """alarm is INTEGER (2^31 - 1 at most on PostgreSQL), status BIGINT: the largest values are
    stored on both backends; one more is refused before anything is written."""
    store = ReadingStore(engine)
    top = reading(1, 100, alarm=2**31 - 1, status=2**63 - 1)
    assert store.ingest([top], now=NOW).inserted == 1
    for extra in ({"alarm": 2**31}, {"status": 2**63}):
        with pytest.raises(ReadingsInvalid, match=next(iter(extra))):
            store.ingest([reading(2, 101, **extra)], now=NOW)
    t = schema.reading
    with engine.connect() as conn:
        assert conn.execute(sa.select(t.c.alarm, t.c.status)).all() == [(2**31 - 1, 2**63 - 1)]
    assert verify_store(engine).ok
