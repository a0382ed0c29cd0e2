"""The readings store: idempotent, chained, batched writes on SQLite and PostgreSQL.

``ReadingStore.ingest(readings)`` writes one batch in one transaction:

* readings are unique per (works_id, meter, observed_at). A re-sent reading with the same
  values counts as a duplicate; one with different values is a *conflict*: the first stays,
  the newcomer is kept in ``telemetry_rejected`` as evidence and never replaces it;
* readings observed more than ``max_future`` after they were received (terminal clock far
  ahead) or more than ``max_age`` before (clock reset to 2000-01-01) are not chained either:
  they would become the meter's "latest" value or force a re-chain of its whole history;
* a reading newer than its meter's head is appended to the chain. A late reading (older than
  the head) lands in place: the chain is re-linked from that point on. Before rewriting, the
  rows being re-linked are checked; any damage found is written to
  ``telemetry_chain_alarm`` first, so a re-chain never launders tampering;
* SQLite: ``BEGIN IMMEDIATE`` (one writer), ``synchronous=FULL`` when ``durable`` (a
  committed batch survives power loss, not only a process kill), executemany.
  PostgreSQL: a transaction-level advisory lock, ``COPY`` into a temp table, then
  ``INSERT … SELECT … ON CONFLICT DO NOTHING``.

A store object caches each meter's chain head. The cache is trusted only while the
``generation`` counter in ``telemetry_state`` still holds the value this object last wrote,
so other writers (an import while the server runs) are safe.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from operator import attrgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from zhengce.errors import UserError

from . import schema
from .chain import GENESIS, Hasher, Head, StoredReading, check_meter, relink
from .model import READING_FIELDS, VALUE_FIELDS, Reading, invalid_reason, now_cst
from .records import RecordError, reading_from_record

_PG_LOCK_KEY = 0x7A6863_7465  # one writer at a time per database ("zhcte")
_CHUNK = 500


class ReadingsInvalid(UserError):
    """Some readings of a batch are invalid; nothing was written."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        shown = "；".join(f"第 {i + 1} 条：{reason}" for i, reason in problems[:10])
        more = f"（另有 {len(problems) - 10} 条）" if len(problems) > 10 else ""
        super().__init__(
            f"{len(problems)} 条读数无效，未写入任何数据 ({len(problems)} invalid readings, nothing written)："
            f"{shown}{more}"
        )


class ChainKeyError(UserError):
    """The chain key given does not match the one the store was written with."""


class _Race(Exception):
    """Rows appeared under us (another writer without the lock): retry with a cold cache."""


@dataclass
class IngestCounts:
    received: int = 0
    inserted: int = 0
    duplicates: int = 0
    conflicts: int = 0
    late: int = 0  # inserted before their meter's newest reading
    rechained: int = 0  # existing readings whose chain fields were re-linked
    rejected_future: int = 0
    rejected_old: int = 0
    chain_alarms: int = 0

    def add(self, other: IngestCounts) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class _Plan:
    """Everything one transaction will write."""

    inserts: list[tuple] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    latest: list[tuple] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)
    alarms: list[dict] = field(default_factory=list)
    heads: dict[tuple[str, int], Head] = field(default_factory=dict)
    alarm_count: int = 0


# telemetry_reading columns in table order, split into reading fields and chain fields
_READING_ORDER = tuple(c for c in schema.READING_COLUMNS if c not in ("seq", "prev_hash", "hash"))
_LATEST_ORDER = tuple(c for c in schema.LATEST_COLUMNS if c not in ("seq", "hash"))
assert set(_READING_ORDER) == set(READING_FIELDS)
_reading_values = attrgetter(*_READING_ORDER)
_latest_values = attrgetter(*_LATEST_ORDER)


def _row_tuple(reading: Reading, seq: int, prev: str, digest: str) -> tuple:
    return (*_reading_values(reading), seq, prev, digest)


class ReadingStore:
    def __init__(
        self,
        engine: Engine,
        *,
        hasher: Hasher | None = None,
        durable: bool = True,
        max_future: timedelta | None = timedelta(days=1),
        max_age: timedelta | None = timedelta(days=400),
        create: bool = True,
    ) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.hasher = hasher or Hasher.from_env()
        self.durable = durable
        self.max_future = max_future
        self.max_age = max_age
        self._heads: dict[tuple[str, int], Head | None] = {}
        self._generation: int | None = None
        self._lock = threading.Lock()
        if create:
            ensure_schema(engine)

    # ------------------------------------------------------------------ public

    def ingest(
        self,
        readings: Iterable[Reading | Mapping[str, Any]],
        *,
        now: datetime | None = None,
        validated: bool = False,
    ) -> IngestCounts:
        """Write one batch atomically; invalid input raises ReadingsInvalid and writes nothing.

        ``validated=True`` skips the per-reading check of Reading objects for callers that
        already made it (the server's protocol handlers drop invalid readings before queueing).
        """
        received = now or now_cst()
        batch = _normalise(readings, received, check=not validated)
        counts = IngestCounts(received=len(batch))
        if not batch:
            return counts
        with self._lock:
            for attempt in range(5):
                try:
                    return self._ingest_once(batch, received, counts)
                except (_Race, OperationalError) as exc:
                    self._forget()
                    if attempt == 4 or (isinstance(exc, OperationalError) and not _retryable(exc)):
                        raise
                    time.sleep(0.05 * (attempt + 1))
                except BaseException:
                    self._forget()
                    raise
        raise AssertionError("unreachable")

    # ------------------------------------------------------------------ planning

    def _ingest_once(self, batch: list[Reading], received: datetime, base: IngestCounts) -> IngestCounts:
        counts = IngestCounts(received=base.received)
        plan = _Plan()
        by_meter = self._screen(batch, received, counts, plan)
        with self.engine.connect() as conn:
            self._begin(conn)
            try:
                self._check_chain_mode(conn)
                generation = self._read_generation(conn)
                if generation != self._generation:
                    self._heads.clear()
                self._load_heads(conn, [k for k in by_meter if k not in self._heads])
                for key, readings in by_meter.items():
                    self._plan_meter(conn, key, readings, counts, plan, received)
                self._write(conn, plan)
                counts.chain_alarms = plan.alarm_count
                self._write_generation(conn, generation + 1)
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
        self._generation = generation + 1
        self._heads.update(plan.heads)
        return counts

    def _screen(
        self, batch: list[Reading], received: datetime, counts: IngestCounts, plan: _Plan
    ) -> dict[tuple[str, int], list[Reading]]:
        """Drop impossible clocks and in-batch repeats; group the rest by meter."""
        seen: dict[tuple, Reading] = {}
        by_meter: dict[tuple[str, int], list[Reading]] = defaultdict(list)
        for reading in batch:
            arrived = reading.received_at or received
            if self.max_future is not None and reading.observed_at > arrived + self.max_future:
                counts.rejected_future += 1
                plan.rejected.append(_rejected_row(reading, "future", "观测时间晚于接收时间超过允许值"))
                continue
            if self.max_age is not None and reading.observed_at < arrived - self.max_age:
                counts.rejected_old += 1
                plan.rejected.append(_rejected_row(reading, "too_old", "观测时间早于接收时间超过允许值"))
                continue
            first = seen.get(reading.key)
            if first is not None:
                if first.values() == reading.values():
                    counts.duplicates += 1
                else:
                    counts.conflicts += 1
                    plan.rejected.append(_rejected_row(reading, "conflict", _conflict_detail(first, reading)))
                continue
            seen[reading.key] = reading
            by_meter[(reading.works_id, reading.meter)].append(reading)
        return by_meter

    def _plan_meter(
        self,
        conn: Connection,
        key: tuple[str, int],
        readings: list[Reading],
        counts: IngestCounts,
        plan: _Plan,
        received: datetime,
    ) -> None:
        readings.sort(key=lambda r: r.observed_at)
        head = self._heads.get(key)
        if head is None or readings[0].observed_at > head.observed_at:
            start_hash, start_seq = (head.hash, head.seq) if head else (GENESIS, 0)
            links = relink(start_hash, start_seq, readings, self.hasher)
            plan.inserts.extend(_row_tuple(r, *link) for r, link in zip(readings, links, strict=True))
            counts.inserted += len(readings)
            self._set_head(plan, key, readings[-1], links[-1])
            return
        self._plan_late(conn, key, readings, counts, plan, received)

    def _plan_late(
        self,
        conn: Connection,
        key: tuple[str, int],
        readings: list[Reading],
        counts: IngestCounts,
        plan: _Plan,
        received: datetime,
    ) -> None:
        """Merge readings older than the head into the chain and re-link from the first of them."""
        works_id, meter = key
        first = readings[0].observed_at
        anchor = _predecessor(conn, works_id, meter, first)
        suffix = _rows_from(conn, works_id, meter, first)
        self._audit_suffix(key, anchor, suffix, plan, received)
        existing = {row.reading.observed_at: row for row in suffix}
        merged: list[Reading] = [row.reading for row in suffix]
        fresh: set[datetime] = set()
        for reading in readings:
            old = existing.get(reading.observed_at)
            if old is None:
                merged.append(reading)
                fresh.add(reading.observed_at)
            elif old.reading.values() == reading.values():
                counts.duplicates += 1
            else:
                counts.conflicts += 1
                plan.rejected.append(
                    _rejected_row(reading, "conflict", _conflict_detail(old.reading, reading))
                )
        if not fresh:
            return
        merged.sort(key=lambda r: r.observed_at)
        start_hash, start_seq = (anchor.hash, anchor.seq) if anchor else (GENESIS, 0)
        links = relink(start_hash, start_seq, merged, self.hasher)
        newest = self._heads[key].observed_at if self._heads.get(key) else None
        for reading, link in zip(merged, links, strict=True):
            if reading.observed_at in fresh:
                plan.inserts.append(_row_tuple(reading, *link))
                counts.inserted += 1
                if newest is not None and reading.observed_at < newest:
                    counts.late += 1
                continue
            old = existing[reading.observed_at]
            if (old.seq, old.prev_hash, old.hash) != link:
                plan.updates.append(
                    {"b_works": works_id, "b_meter": meter, "b_time": reading.observed_at}
                    | dict(zip(("seq", "prev_hash", "hash"), link, strict=True))
                )
                counts.rechained += 1
        self._set_head(plan, key, merged[-1], links[-1])

    def _audit_suffix(
        self,
        key: tuple[str, int],
        anchor: StoredReading | None,
        suffix: list[StoredReading],
        plan: _Plan,
        received: datetime,
    ) -> None:
        """Record damage in the rows about to be re-linked, so re-chaining cannot hide it."""
        rows = ([anchor] if anchor else []) + suffix
        if not rows:
            return
        start_hash, start_seq = GENESIS, 0
        if anchor is not None and anchor.prev_hash and anchor.seq:
            start_hash, start_seq = anchor.prev_hash, anchor.seq - 1
        problems = check_meter(
            key[0],
            key[1],
            rows,
            self._heads.get(key),
            self.hasher,
            start_hash=start_hash,
            start_seq=start_seq,
        )
        for problem in problems:
            plan.alarms.append(
                {
                    "works_id": key[0],
                    "meter": key[1],
                    "observed_at": problem.observed_at,
                    "seq": problem.seq,
                    "kind": problem.kind,
                    "detail": problem.detail,
                    "detected_at": received,
                }
            )
        plan.alarm_count += len(problems)

    @staticmethod
    def _set_head(plan: _Plan, key: tuple[str, int], reading: Reading, link: tuple[int, str, str]) -> None:
        seq, _prev, digest = link
        plan.heads[key] = Head(reading.observed_at, seq, digest)
        plan.latest.append((*_latest_values(reading), seq, digest))

    def _forget(self) -> None:
        self._heads.clear()
        self._generation = None

    # ------------------------------------------------------------------ SQL

    def _begin(self, conn: Connection) -> None:
        if self.dialect == "sqlite":
            if self.durable:
                conn.exec_driver_sql("PRAGMA synchronous=FULL")
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif self.dialect == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")

    def _check_chain_mode(self, conn: Connection) -> None:
        stored = dict(conn.execute(sa.select(schema.state.c.key, schema.state.c.value)).all())
        mode, key_id = stored.get("chain_mode"), stored.get("chain_key_id", "")
        if mode is None:
            conn.execute(
                schema.state.insert(),
                [
                    {"key": "chain_mode", "value": self.hasher.mode},
                    {"key": "chain_key_id", "value": self.hasher.key_id},
                    {"key": "generation", "value": "0"},
                ],
            )
            return
        if mode != self.hasher.mode or key_id != self.hasher.key_id:
            raise ChainKeyError(chain_key_message(mode, key_id, self.hasher))

    def _read_generation(self, conn: Connection) -> int:
        value = conn.execute(
            sa.select(schema.state.c.value).where(schema.state.c.key == "generation")
        ).scalar()
        return int(value or 0)

    def _write_generation(self, conn: Connection, value: int) -> None:
        conn.execute(
            sa.update(schema.state).where(schema.state.c.key == "generation").values(value=str(value))
        )

    def _load_heads(self, conn: Connection, keys: list[tuple[str, int]]) -> None:
        if not keys:
            return
        wanted = set(keys)
        for key in keys:
            self._heads[key] = None
        works = sorted({w for w, _ in keys})
        t = schema.latest
        for i in range(0, len(works), _CHUNK):
            rows = conn.execute(
                sa.select(t.c.works_id, t.c.meter, t.c.observed_at, t.c.seq, t.c.hash).where(
                    t.c.works_id.in_(works[i : i + _CHUNK])
                )
            )
            for works_id, meter, observed_at, seq, digest in rows:
                if (works_id, meter) in wanted:
                    self._heads[(works_id, meter)] = Head(observed_at, seq, digest)

    def _write(self, conn: Connection, plan: _Plan) -> None:
        if plan.updates:
            t = schema.reading
            stmt = (
                sa.update(t)
                .where(
                    t.c.works_id == sa.bindparam("b_works"),
                    t.c.meter == sa.bindparam("b_meter"),
                    t.c.observed_at == sa.bindparam("b_time"),
                )
                .values(
                    seq=sa.bindparam("seq"), prev_hash=sa.bindparam("prev_hash"), hash=sa.bindparam("hash")
                )
            )
            conn.execute(stmt, plan.updates)
        if plan.inserts:
            if self.dialect == "postgresql":
                written = _pg_copy_insert(conn, plan.inserts)
            else:
                written = _sqlite_insert(conn, plan.inserts)
            if written != len(plan.inserts):
                raise _Race(f"expected {len(plan.inserts)} new rows, wrote {written}")
        if plan.latest:
            if self.dialect == "postgresql":
                _pg_upsert_latest(conn, plan.latest)
            else:
                _sqlite_upsert_latest(conn, plan.latest)
        if plan.rejected:
            conn.execute(schema.rejected.insert(), plan.rejected)
        if plan.alarms:
            conn.execute(schema.chain_alarm.insert(), plan.alarms)


# ---------------------------------------------------------------------- helpers


def ensure_schema(engine: Engine) -> None:
    try:
        schema.ensure_schema(engine)
    except DBAPIError:  # another process created the tables between check and create
        schema.ensure_schema(engine)


def chain_key_message(mode: str, key_id: str, hasher: Hasher) -> str:
    if mode == "hmac-sha256" and not hasher.key:
        return (
            "该库的读数链使用了密钥，请设置 $ZHENGCE_TELEMETRY_CHAIN_KEY "
            "(this store's chain is keyed: set $ZHENGCE_TELEMETRY_CHAIN_KEY)"
        )
    if mode == "sha256" and hasher.key:
        return (
            "该库的读数链未使用密钥，请取消 $ZHENGCE_TELEMETRY_CHAIN_KEY "
            "(this store's chain is not keyed: unset $ZHENGCE_TELEMETRY_CHAIN_KEY)"
        )
    return f"链密钥与该库不符 (chain key does not match the store: expected key id {key_id})"


def _retryable(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "locked" in text or "busy" in text or "deadlock" in text or "serialize" in text


def _normalise(
    readings: Iterable[Reading | Mapping[str, Any]], received: datetime, check: bool = True
) -> list[Reading]:
    batch: list[Reading] = []
    problems: list[tuple[int, str]] = []
    for index, item in enumerate(readings):
        try:
            reading = item if isinstance(item, Reading) else reading_from_record(item)
        except RecordError as exc:
            problems.append((index, str(exc)))
            continue
        except (TypeError, AttributeError):
            problems.append((index, f"不是读数对象 (not a reading): {type(item).__name__}"))
            continue
        reason = invalid_reason(reading) if check or reading is not item else None
        if reason:
            problems.append((index, reason))
            continue
        if reading.received_at is None:
            reading = reading.with_received(received)
        batch.append(reading)
    if problems:
        raise ReadingsInvalid(problems)
    return batch


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _rejected_row(reading: Reading, reason: str, why: str) -> dict:
    values = {name: _jsonable(getattr(reading, name)) for name in (*VALUE_FIELDS, "alarm", "status")}
    return {
        "works_id": reading.works_id,
        "meter": reading.meter,
        "observed_at": reading.observed_at,
        "received_at": reading.received_at,
        "reason": reason,
        "source": reading.source,
        "address": reading.address,
        "detail": json.dumps({"why": why, "values": values}, ensure_ascii=False, sort_keys=True),
    }


def _conflict_detail(kept: Reading, other: Reading) -> str:
    diff = [
        f"{name}: {_jsonable(getattr(kept, name))} → {_jsonable(getattr(other, name))}"
        for name in (*VALUE_FIELDS, "alarm", "status")
        if getattr(kept, name) != getattr(other, name)
    ]
    return "同一时刻重发的读数与已存读数不同（保留先到者）: " + "; ".join(diff)


def _stored(row: Mapping) -> StoredReading:
    reading = Reading(**{f: row[f] for f in READING_FIELDS})
    return StoredReading(reading, row["seq"], row["prev_hash"], row["hash"])


def _predecessor(conn: Connection, works_id: str, meter: int, before: datetime) -> StoredReading | None:
    t = schema.reading
    row = (
        conn.execute(
            sa.select(t)
            .where(t.c.works_id == works_id, t.c.meter == meter, t.c.observed_at < before)
            .order_by(t.c.observed_at.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    return _stored(row) if row else None


def _rows_from(conn: Connection, works_id: str, meter: int, start: datetime) -> list[StoredReading]:
    t = schema.reading
    rows = conn.execute(
        sa.select(t)
        .where(t.c.works_id == works_id, t.c.meter == meter, t.c.observed_at >= start)
        .order_by(t.c.observed_at)
    ).mappings()
    return [_stored(row) for row in rows]


def _indexes(table: sa.Table, kind: type) -> tuple[int, ...]:
    return tuple(i for i, c in enumerate(table.columns) if isinstance(c.type, kind))


_TIME_COLUMNS = {t.name: _indexes(t, sa.DateTime) for t in (schema.reading, schema.latest)}
_NUMERIC_COLUMNS = {t.name: _indexes(t, sa.Numeric) for t in (schema.reading, schema.latest)}


def _sqlite_rows(table: str, rows: Sequence[tuple]) -> list[list]:
    """Rows as sqlite3 takes them: the DateTime text SQLAlchemy writes, NUMERIC as a double
    (exact to 15 digits, see model.PRECISION). Only the typed columns are touched (hot path)."""
    times, numbers = _TIME_COLUMNS[table], _NUMERIC_COLUMNS[table]
    out = []
    for row in rows:
        row = list(row)
        for i in times:
            row[i] = row[i].isoformat(" ", "microseconds")
        for i in numbers:
            if row[i] is not None:
                row[i] = float(row[i])
        out.append(row)
    return out


def _sqlite_insert(conn: Connection, rows: list[tuple]) -> int:
    columns = ", ".join(schema.READING_COLUMNS)
    marks = ", ".join("?" * len(schema.READING_COLUMNS))
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.executemany(
            f"INSERT INTO telemetry_reading ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING",
            _sqlite_rows("telemetry_reading", rows),
        )
        return cursor.rowcount
    finally:
        cursor.close()


def _latest_update_sql(source: str) -> str:
    names = [c for c in schema.LATEST_COLUMNS if c not in ("works_id", "meter")]
    sets = ", ".join(f"{c} = {source}.{c}" for c in names)
    return f"ON CONFLICT (works_id, meter) DO UPDATE SET {sets}"


def _sqlite_upsert_latest(conn: Connection, rows: list[tuple]) -> None:
    columns = ", ".join(schema.LATEST_COLUMNS)
    marks = ", ".join("?" * len(schema.LATEST_COLUMNS))
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.executemany(
            f"INSERT INTO telemetry_latest ({columns}) VALUES ({marks}) {_latest_update_sql('excluded')}",
            _sqlite_rows("telemetry_latest", rows),
        )
    finally:
        cursor.close()


def _pg_temp(conn: Connection, name: str, like: str) -> None:
    # Every batch: a flag kept across transactions would lie after a rollback dropped the table.
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {name} (LIKE {like} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
    )


def _pg_copy(conn: Connection, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    finally:
        cursor.close()


def _pg_copy_insert(conn: Connection, rows: list[tuple]) -> int:
    _pg_temp(conn, "telemetry_reading_in", "telemetry_reading")
    _pg_copy(conn, "telemetry_reading_in", schema.READING_COLUMNS, rows)
    columns = ", ".join(schema.READING_COLUMNS)
    result = conn.exec_driver_sql(
        f"INSERT INTO telemetry_reading ({columns}) SELECT {columns} FROM telemetry_reading_in "
        "ON CONFLICT DO NOTHING"
    )
    return result.rowcount


def _pg_upsert_latest(conn: Connection, rows: list[tuple]) -> None:
    _pg_temp(conn, "telemetry_latest_in", "telemetry_latest")
    _pg_copy(conn, "telemetry_latest_in", schema.LATEST_COLUMNS, rows)
    columns = ", ".join(schema.LATEST_COLUMNS)
    conn.exec_driver_sql(
        f"INSERT INTO telemetry_latest ({columns}) SELECT {columns} FROM telemetry_latest_in "
        f"{_latest_update_sql('EXCLUDED')}"
    )


# ---------------------------------------------------------------------- API for other modules


def ingest_batch(engine: Engine, readings: Iterable[Reading | Mapping[str, Any]]) -> dict[str, int]:
    """Write a batch of readings (Reading objects or JSON-like mappings); returns the counts.

    The HTTP batch endpoint calls this. Invalid input raises :class:`ReadingsInvalid` (a
    UserError: answer 4xx) and nothing is written.
    """
    return ReadingStore(engine).ingest(readings).as_dict()


@dataclass(frozen=True)
class Page:
    rows: list[dict]
    next_cursor: str | None


def _encode_cursor(meter: int, moment: datetime) -> str:
    raw = json.dumps([meter, moment.isoformat()]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(token: str) -> tuple[int, datetime]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        meter, moment = json.loads(raw)
        return int(meter), datetime.fromisoformat(moment)
    except (ValueError, TypeError):
        raise UserError(f"分页游标无效 (invalid page cursor): {token!r}") from None


def page_readings(
    engine: Engine,
    works_id: str,
    *,
    meter: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    cursor: str | None = None,
    limit: int = 1000,
) -> Page:
    """Readings of one works ordered by (meter, observed_at), paged by cursor (never OFFSET)."""
    if not 1 <= limit <= 10_000:
        raise UserError(f"每页条数须在 1–10000 之间 (limit must be 1–10000): {limit}")
    t = schema.reading
    query = sa.select(*[t.c[c] for c in schema.READING_COLUMNS]).where(t.c.works_id == works_id)
    if meter is not None:
        query = query.where(t.c.meter == meter)
    if since is not None:
        query = query.where(t.c.observed_at >= since)
    if until is not None:
        query = query.where(t.c.observed_at < until)
    if cursor:
        after_meter, after_time = _decode_cursor(cursor)
        query = query.where(sa.tuple_(t.c.meter, t.c.observed_at) > sa.tuple_(after_meter, after_time))
    query = query.order_by(t.c.meter, t.c.observed_at).limit(limit + 1)
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    more = len(rows) > limit
    rows = rows[:limit]
    token = _encode_cursor(rows[-1]["meter"], rows[-1]["observed_at"]) if more and rows else None
    return Page(rows, token)


def latest_values(engine: Engine, works_id: str | None = None) -> list[dict]:
    t = schema.latest
    query = sa.select(t).order_by(t.c.works_id, t.c.meter)
    if works_id is not None:
        query = query.where(t.c.works_id == works_id)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]
