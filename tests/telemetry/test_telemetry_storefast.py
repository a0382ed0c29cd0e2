"""The store's fast paths give exactly what the plain code gave: hash text, hashes, rows, retries."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from operator import attrgetter

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from zhengce.regimes.groundwater.telemetry import schema
from zhengce.regimes.groundwater.telemetry import store as store_module
from zhengce.regimes.groundwater.telemetry.chain import GENESIS, Hasher, canonical, relink
from zhengce.regimes.groundwater.telemetry.model import SCALES, VALUE_FIELDS, Reading
from zhengce.regimes.groundwater.telemetry.store import ReadingStore
from zhengce.regimes.groundwater.telemetry.verify import verify_store

NOW = datetime(2024, 6, 2, 0, 0)
T0 = datetime(2024, 6, 1, 0, 0)

# ---------------------------------------------------------------------- reference (chain.py before
# the fast paths, kept verbatim: every store written so far was hashed with exactly this text)

_REF_QUANTA = tuple(Decimal(1).scaleb(-SCALES[name]) for name in VALUE_FIELDS)
_ref_values_of = attrgetter(*VALUE_FIELDS)


def _ref_number(value, quantum: Decimal) -> str:
    if value is None:
        return ""
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    value = value.quantize(quantum)
    return format(value if value else quantum * 0, "f")  # -0 and 0 hash alike


def _ref_canonical(reading: Reading) -> str:
    numbers = "|".join(map(_ref_number, _ref_values_of(reading), _REF_QUANTA))
    alarm, status, received = reading.alarm, reading.status, reading.received_at
    return (
        f"{reading.works_id}|{reading.meter}|{reading.observed_at.isoformat(timespec='microseconds')}|{numbers}|"
        f"{'' if alarm is None else alarm}|{'' if status is None else status}|{reading.source}|"
        f"{reading.address or ''}|{'' if received is None else received.isoformat(timespec='microseconds')}"
    )


def _ref_link(key: bytes | None, prev_hash: str, seq: int, reading: Reading) -> str:
    message = f"{prev_hash}|{seq}|{_ref_canonical(reading)}".encode()
    if key:
        return hmac.new(key, message, hashlib.sha256).hexdigest()
    return hashlib.sha256(message).hexdigest()


def _outcome(fn, *args):
    try:
        return ("ok", fn(*args))
    except Exception as exc:  # the reference raises for some inputs: so must the fast path
        return ("raises", type(exc))


# ---------------------------------------------------------------------- hash text and hashes


def test_known_hashes_are_unchanged() -> None:
    """Computed with the code every existing store was written with."""
    r = Reading(
        "370102-W-000001",
        datetime(2024, 6, 1, 8, 30),
        meter=2,
        volume_m3=Decimal("1234.500"),
        interval_m3=Decimal(7),
        flow_m3s=Decimal("-0.000"),
        depth_m=Decimal("12.34"),
        voltage_v=Decimal("12.5"),
        alarm=3,
        source="sl651",
        address="0012345678",
        received_at=datetime(2024, 6, 1, 8, 31, 2, 5),
    )
    assert canonical(r) == (
        "370102-W-000001|2|2024-06-01T08:30:00.000000|1234.500|7.000|0.000|12.340||12.50|3||sl651|"
        "0012345678|2024-06-01T08:31:02.000005"
    )
    assert Hasher().link(GENESIS, 1, r) == "556d4bf8676c027c34b40dc4008e3c88e806532f6ab8606524c977c2ae4d8f83"
    assert (
        Hasher(b"secret").link(GENESIS, 1, r)
        == "b9c757244ee60a827a2981bab2757f11297b49be1e01b4ec29f09b29363481cd"
    )


_at_scale = st.integers(-(10**40), 10**40).flatmap(
    lambda n: st.sampled_from([Decimal(n).scaleb(-3), Decimal(n).scaleb(-2)])
)
_values = st.one_of(
    st.none(),
    _at_scale,  # the usual case, up to and past the 28-digit context precision
    st.integers(0, 10**30).map(Decimal),  # integral, exponent 0
    # around the context precision (28 digits), where quantize starts to raise
    st.integers(10**24, 10**27).map(Decimal),
    st.integers(10**25, 10**29).flatmap(
        lambda n: st.sampled_from([Decimal(n).scaleb(-3), Decimal(-n).scaleb(-3), Decimal(n).scaleb(-2)])
    ),
    st.sampled_from([Decimal("-0"), Decimal("-0.000"), Decimal("-0.00"), Decimal("0E+3"), Decimal("-0E-5")]),
    st.decimals(allow_nan=True, allow_infinity=True),  # any exponent, NaN, sNaN, ±Infinity
    st.decimals(places=4, allow_nan=False, allow_infinity=False),
    st.integers(),
    st.floats(),
    st.text(alphabet="0123456789.-+eE ", max_size=8),
)
_times = st.datetimes() | st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=8))]))


@st.composite
def _readings(draw) -> Reading:
    values = {name: draw(_values) for name in VALUE_FIELDS}
    return Reading(
        draw(st.text(max_size=12)),
        draw(_times),
        meter=draw(st.integers(-5, 40000)),
        **values,
        alarm=draw(st.none() | st.integers()),
        status=draw(st.none() | st.integers()),
        source=draw(st.text(max_size=6)),
        address=draw(st.none() | st.text(max_size=10)),
        received_at=draw(st.none() | _times),
    )


@settings(max_examples=600, deadline=None)
@given(_readings())
def test_canonical_matches_the_reference(reading: Reading) -> None:
    assert _outcome(canonical, reading) == _outcome(_ref_canonical, reading)


@settings(max_examples=300, deadline=None)
@given(
    st.none() | st.binary(min_size=1, max_size=200),
    st.text(max_size=70),
    st.integers(0, 10**12),
    _readings(),
)
def test_link_matches_the_reference(key: bytes | None, prev: str, seq: int, reading: Reading) -> None:
    assert _outcome(Hasher(key).link, prev, seq, reading) == _outcome(_ref_link, key, prev, seq, reading)


def test_equal_instants_in_other_zones_keep_their_own_text() -> None:
    """Memoised time text must not hand one zone's text to an equal instant in another."""
    base = datetime(2024, 6, 1, 8, 30)
    moments = [
        base,
        base.replace(tzinfo=UTC),
        base.replace(tzinfo=UTC).astimezone(timezone(timedelta(hours=8))),
    ]
    for _ in range(2):
        for moment in moments:
            r = Reading("w", moment, received_at=moment, source="api")
            assert canonical(r) == _ref_canonical(r)
            assert store_module._time_text(moment) == moment.isoformat(" ", "microseconds")


def test_quantize_limits_are_kept() -> None:
    for text in (
        "1" * 25,
        "1" * 26,
        "1" * 25 + ".000",
        "1" * 26 + ".000",
        "-" + "1" * 26 + ".000",
        "1" * 27 + ".00",
    ):
        r = Reading("w", T0, volume_m3=Decimal(text), voltage_v=Decimal(text), source="api")
        assert _outcome(canonical, r) == _outcome(_ref_canonical, r)


def test_relink_matches_the_reference() -> None:
    rows = [
        Reading("w", T0 + timedelta(minutes=i), volume_m3=Decimal(i).scaleb(-3), received_at=NOW)
        for i in range(20)
    ]
    for key in (None, b"k", b"x" * 64, b"y" * 65, b"z" * 200):
        prev, expected = GENESIS, []
        for seq, r in enumerate(rows, start=1):
            digest = _ref_link(key, prev, seq, r)
            expected.append((seq, prev, digest))
            prev = digest
        assert relink(GENESIS, 0, rows, Hasher(key)) == expected


# ---------------------------------------------------------------------- the store


def _rows(engine) -> list[tuple]:
    t = schema.reading
    with engine.connect() as conn:
        return [
            tuple(r) for r in conn.execute(sa.select(t).order_by(t.c.works_id, t.c.meter, t.c.observed_at))
        ]


def _spy_copies(monkeypatch) -> list[tuple[str, bool]]:
    """(table, sent as prepared CSV text) for each COPY the store makes on PostgreSQL."""
    seen: list[tuple[str, bool]] = []
    real = store_module._pg_copy

    def spy(conn, table, columns, rows):
        seen.append((table, isinstance(rows, str)))
        return real(conn, table, columns, rows)

    monkeypatch.setattr(store_module, "_pg_copy", spy)
    return seen


TRICKY_WORKS = ["w\tx", 'q"w', "back\\slash", "NaNjing", "济南-01", "w,comma", "nl\nx", "w|pipe", "a\\N"]


@pytest.mark.parametrize("address", [None, "", "0000000001", 'x"y', "t\tab", "\\N"])
def test_text_fields_round_trip_on_every_path(engine, monkeypatch, address) -> None:
    copies = _spy_copies(monkeypatch)
    store = ReadingStore(engine)

    def batch(minute: int, works: list[str]) -> list[Reading]:
        return [
            Reading(
                w,
                T0 + timedelta(minutes=minute),
                meter=m,
                volume_m3=Decimal(minute).scaleb(-3),
                flow_m3s=None if m == 2 else Decimal("-0.000"),
                depth_m=Decimal(12),
                alarm=None if m == 1 else 2**31 - 1,
                status=2**40,
                source="api",
                address=address,
            )
            for w in works
            for m in (1, 2)
        ]

    plain = ["370102-W-000001", "370102-W-000002"]
    sent = [batch(0, plain), batch(1, plain), batch(2, TRICKY_WORKS), batch(3, plain + TRICKY_WORKS)]
    sent.append(batch(-1, plain + TRICKY_WORKS))  # late for every meter: the temp-table path
    for readings in sent:
        counts = store.ingest(readings, now=NOW)
        assert counts.inserted == len(readings)
    rows = _rows(engine)
    expected = sorted(
        (r.works_id, r.meter, r.observed_at, r.volume_m3, r.flow_m3s, r.alarm, r.address)
        for readings in sent
        for r in readings
    )
    got = sorted((r[0], r[1], r[2], r[3], r[5], r[9], r[12]) for r in rows)
    assert [g[:3] for g in got] == [e[:3] for e in expected]
    for g, e in zip(got, expected, strict=True):
        assert g[3] == e[3] and g[5:] == e[5:]
        assert g[4] == (None if e[4] is None else Decimal("0.000"))
    assert verify_store(engine).ok
    if engine.dialect.name == "postgresql":
        # appends go straight into the table, as text when they can be; late data via the temp table
        text_ok = address in (None, "0000000001", "\\N")
        assert copies[0] == copies[2] == ("telemetry_reading", text_ok)
        assert ("telemetry_reading", False) in copies[4:8]  # the tricky works ids: psycopg's writer
        assert [c[0] for c in copies[8:]] == ["telemetry_reading_in", "telemetry_latest_in"]


def test_rows_written_without_the_lock_mean_a_cold_retry(engine, monkeypatch) -> None:
    """Another writer added a row and did not move the generation: the warm store's append
    collides, the transaction rolls back and the batch is redone from the database."""
    copies = _spy_copies(monkeypatch)
    hours = [Reading("w1", T0 + timedelta(hours=h), volume_m3=Decimal(h), source="api") for h in range(4)]
    other = Reading("w2", T0, volume_m3=Decimal(1), source="api")
    store = ReadingStore(engine)
    store.ingest(hours[:2], now=NOW)
    store.ingest(hours[2:3], now=NOW)  # warm: the cache is trusted from here on
    generation = store._generation["generation"]
    ReadingStore(engine).ingest(hours[3:], now=NOW)
    with engine.begin() as conn:  # as if that writer had not bumped the generation
        conn.execute(
            sa.update(schema.state).where(schema.state.c.key == "generation").values(value=generation)
        )
    copies.clear()
    counts = store.ingest([hours[3], other], now=NOW)
    assert (counts.inserted, counts.duplicates, counts.conflicts) == (1, 1, 0)
    assert len(_rows(engine)) == 5
    assert verify_store(engine).ok
    if engine.dialect.name == "postgresql":
        assert copies[0] == ("telemetry_reading", True)  # tried straight into the table ...
        assert ("telemetry_reading", True) not in copies[1:]  # ... then never again
        assert ("telemetry_reading_in", True) in copies[1:]


def test_sqlite_storage_is_unchanged(sqlite_engine) -> None:
    ReadingStore(sqlite_engine).ingest(
        [Reading("w", T0, volume_m3=Decimal("1.500"), voltage_v=Decimal("3.30"), source="api")], now=NOW
    )
    with sqlite_engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT observed_at, typeof(observed_at), volume_m3, typeof(volume_m3), typeof(flow_m3s),"
            " received_at, typeof(voltage_v) FROM telemetry_reading"
        ).one()
        latest = conn.exec_driver_sql(
            "SELECT observed_at, typeof(volume_m3), seq FROM telemetry_latest"
        ).one()
    assert tuple(row) == (
        "2024-06-01 00:00:00.000000",
        "text",
        1.5,
        "real",
        "null",
        "2024-06-02 00:00:00.000000",
        "real",
    )
    assert tuple(latest) == ("2024-06-01 00:00:00.000000", "real", 1)


def test_heads_read_under_the_lock_allow_direct_copy(engine, monkeypatch) -> None:
    """Another (locking) writer moved the generation: the store reloads its heads inside its own
    locked transaction, and appends past those fresh heads go straight into the table. (A writer
    that skips the lock is covered by test_rows_written_without_the_lock_mean_a_cold_retry.)"""
    copies = _spy_copies(monkeypatch)
    hours = [Reading("w1", T0 + timedelta(hours=h), volume_m3=Decimal(h), source="api") for h in range(5)]
    store = ReadingStore(engine)
    store.ingest(hours[:2], now=NOW)
    ReadingStore(engine).ingest(hours[2:3], now=NOW)  # another writer: the generation moves
    copies.clear()
    counts = store.ingest(hours[3:5], now=NOW)
    assert (counts.inserted, counts.duplicates) == (2, 0)
    assert [row[-3] for row in _rows(engine)] == [1, 2, 3, 4, 5]  # seq: chained past the fresh head
    assert verify_store(engine).ok
    if engine.dialect.name == "postgresql":
        assert copies[0] == ("telemetry_reading", True)  # cold cache, yet straight into the table
