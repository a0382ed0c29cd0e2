"""The hash chain names every reading changed, deleted or inserted directly in the database."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from zhengce.regimes.groundwater.telemetry import schema
from zhengce.regimes.groundwater.telemetry.chain import GENESIS, Hasher, canonical
from zhengce.regimes.groundwater.telemetry.model import Reading
from zhengce.regimes.groundwater.telemetry.store import ReadingStore
from zhengce.regimes.groundwater.telemetry.verify import verify_store

WORKS = "370102-W-000007"
T0 = datetime(2024, 6, 1, 0, 0)
NOW = datetime(2024, 6, 2, 0, 0)
R = schema.reading


def at(hour: int) -> datetime:
    return T0 + timedelta(hours=hour)


def reading(hour: int, volume: int = 0, meter: int = 1) -> Reading:
    return Reading(WORKS, at(hour), meter=meter, volume_m3=Decimal(volume or 1000 + hour), source="sl651")


@pytest.fixture
def filled(engine):
    """Meter 1 with readings at hours 0..5, meter 2 with one reading."""
    ReadingStore(engine).ingest([reading(h) for h in range(6)] + [reading(0, meter=2)], now=NOW)
    return engine


def run_sql(engine, statement) -> None:
    with engine.begin() as conn:
        conn.execute(statement)


def one(engine, hour: int, meter: int = 1):
    with engine.connect() as conn:
        return (
            conn.execute(sa.select(R).where(R.c.meter == meter, R.c.observed_at == at(hour))).mappings().one()
        )


def kinds(report) -> list[tuple[str, int | None, datetime | None]]:
    return [(p.kind, p.meter, p.observed_at) for p in report.problems]


def test_clean_store_verifies(filled) -> None:
    report = verify_store(filled)
    assert report.ok and report.meters == 2 and report.readings == 7


def test_changed_value_is_named(filled) -> None:
    run_sql(filled, sa.update(R).where(R.c.observed_at == at(2), R.c.meter == 1).values(volume_m3=Decimal(1)))
    assert kinds(verify_store(filled)) == [("changed", 1, at(2))]


def test_changed_time_reads_as_delete_plus_insert(filled) -> None:
    run_sql(
        filled,
        sa.update(R)
        .where(R.c.observed_at == at(2), R.c.meter == 1)
        .values(observed_at=at(3) + timedelta(minutes=30)),
    )
    found = kinds(verify_store(filled))
    assert ("inserted", 1, at(3) + timedelta(minutes=30)) in found
    assert any(kind == "deleted" for kind, _, _ in found)


def test_changed_hash_column_is_named(filled) -> None:
    run_sql(filled, sa.update(R).where(R.c.observed_at == at(1), R.c.meter == 1).values(hash="f" * 64))
    assert kinds(verify_store(filled)) == [("changed", 1, at(1))]


def test_deleted_reading_is_placed_between_its_neighbours(filled) -> None:
    run_sql(filled, sa.delete(R).where(R.c.observed_at == at(3), R.c.meter == 1))
    report = verify_store(filled)
    assert kinds(report) == [("deleted", 1, at(2))]
    assert (
        "1 reading(s) deleted between 2024-06-01 02:00:00 and 2024-06-01 04:00:00"
        in report.problems[0].detail
    )


def test_deleted_newest_readings_are_found_from_the_head(filled) -> None:
    run_sql(filled, sa.delete(R).where(R.c.observed_at >= at(4), R.c.meter == 1))
    report = verify_store(filled)
    assert kinds(report) == [("deleted", 1, at(3))]
    assert "2 newest reading(s) deleted" in report.problems[0].detail


def test_meter_emptied_entirely(filled) -> None:
    run_sql(filled, sa.delete(R).where(R.c.meter == 2))
    assert kinds(verify_store(filled)) == [("deleted", 2, at(0))]


def test_inserted_row_is_named(filled) -> None:
    row = dict(one(filled, 2)) | {"observed_at": at(2) + timedelta(minutes=30), "volume_m3": Decimal(1002)}
    run_sql(filled, sa.insert(R).values(**row))
    assert kinds(verify_store(filled)) == [("inserted", 1, at(2) + timedelta(minutes=30))]


def test_inserted_row_at_the_end_is_named(filled) -> None:
    row = dict(one(filled, 5)) | {"observed_at": at(9)}
    run_sql(filled, sa.insert(R).values(**row))
    assert kinds(verify_store(filled)) == [("inserted", 1, at(9))]


def test_forged_row_with_recomputed_sha256_is_still_caught(filled) -> None:
    """Without a key an insider can compute a valid-looking link; the fork still shows."""
    prev = one(filled, 2)
    fake = Reading(
        WORKS, at(2) + timedelta(minutes=30), volume_m3=Decimal(1002), source="sl651", received_at=NOW
    )
    digest = Hasher().link(prev["hash"], prev["seq"] + 1, fake)
    row = {
        f: getattr(fake, f)
        for f in ("works_id", "meter", "observed_at", "volume_m3", "source", "received_at")
    }
    run_sql(filled, sa.insert(R).values(**row, seq=prev["seq"] + 1, prev_hash=prev["hash"], hash=digest))
    assert kinds(verify_store(filled)) == [("inserted", 1, at(2) + timedelta(minutes=30))]


def test_keyed_chain_defeats_recomputed_hashes(engine) -> None:
    key = Hasher(b"kept-off-the-database")
    ReadingStore(engine, hasher=key).ingest([reading(h) for h in range(4)], now=NOW)
    # The insider edits a value and re-computes the whole chain with plain SHA-256.
    with engine.begin() as conn:
        rows = conn.execute(sa.select(R).order_by(R.c.observed_at)).mappings().all()
        prev = GENESIS
        for row in rows:
            fields = {f: row[f] for f in Reading.__slots__ if f in row}
            if row["observed_at"] == at(1):
                fields["volume_m3"] = Decimal(1)
            digest = Hasher().link(prev, row["seq"], Reading(**fields))
            conn.execute(
                sa.update(R)
                .where(R.c.observed_at == row["observed_at"])
                .values(volume_m3=fields["volume_m3"], prev_hash=prev, hash=digest)
            )
            prev = digest
    report = verify_store(engine, hasher=key)
    assert not report.ok
    assert ("changed", 1, at(0)) in kinds(report)


def test_late_data_does_not_launder_earlier_tampering(filled) -> None:
    run_sql(filled, sa.update(R).where(R.c.observed_at == at(4), R.c.meter == 1).values(volume_m3=Decimal(7)))
    late = Reading(WORKS, at(3) + timedelta(minutes=10), volume_m3=Decimal(1003), source="sl651")
    counts = ReadingStore(filled).ingest([late], now=NOW)
    assert counts.inserted == 1 and counts.chain_alarms == 1
    report = verify_store(filled)
    # The re-link made the chain consistent again, but the damage was recorded before it.
    assert kinds(report) == [("alarm", 1, at(4))]
    assert "changed" in report.problems[0].detail


def test_canonical_text_is_backend_independent() -> None:
    base = Reading(
        WORKS, at(1), volume_m3=Decimal("12.5"), flow_m3s=Decimal("-0"), source="api", received_at=NOW
    )
    same = Reading(
        WORKS, at(1), volume_m3=Decimal("12.500"), flow_m3s=Decimal("0.000"), source="api", received_at=NOW
    )
    assert canonical(base) == canonical(same)
    assert "|12.500|" in canonical(base)
