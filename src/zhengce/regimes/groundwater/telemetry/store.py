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
``generation`` counters in ``telemetry_state`` still hold the values this object last saw,
so other writers (an import while the server runs) are safe.

Partitioned writers (``partition=(i, k)``): works are hashed into ``BUCKETS`` buckets; writer
i of k owns the buckets b with b % k == i and only ever writes meters of those works. On
PostgreSQL it holds the global advisory lock *shared* and one exclusive lock per owned bucket,
so the k writers of a server commit in parallel while a whole-store writer (import, API),
which takes the global lock exclusively, still excludes them all. Each bucket has its own
generation counter (``generation:b``), bumped by whoever writes that bucket; a whole-store
writer bumps ``generation``. A partitioned writer trusts its cache while ``generation`` and its
own buckets' counters are unchanged; a whole-store writer while no counter has changed.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from operator import attrgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from zhengce.errors import UserError

from . import schema
from .chain import GENESIS, Hasher, Head, StoredReading, check_meter, relink
from .model import READING_FIELDS, VALUE_FIELDS, Reading, invalid_reason, memoised_isoformat, now_cst
from .records import RecordError, reading_from_record

_PG_LOCK_KEY = 0x7A6863_7465  # one writer at a time per database ("zhcte")
BUCKETS = 64  # works hash into this many buckets; partitioned writers own whole buckets
_GENERATION = "generation"


def bucket_of(works_id: str) -> int:
    """The works' bucket: stable across processes and runs (CRC-32 of the id)."""
    return zlib.crc32(works_id.encode("utf-8")) % BUCKETS


def partition_of(works_id: str, count: int) -> int:
    """Which of ``count`` partitioned writers owns this works."""
    return bucket_of(works_id) % count


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


# A cached chain head: (observed_at, seq, hash), as chain.Head but cheaper to build.
_CachedHead = tuple[datetime, int, str]


@dataclass
class _Plan:
    """Everything one transaction will write.

    New rows are ``readings[i]`` chained as ``links[i]`` = (seq, prev_hash, hash). Each
    ``latest`` entry is (reading, seq, hash, i): the meter's new head, with i its index in
    ``readings`` when the head is one of the new rows, else -1.
    """

    readings: list[Reading] = field(default_factory=list)
    links: list[tuple[int, str, str]] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    latest: list[tuple[Reading, int, str, int]] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)
    alarms: list[dict] = field(default_factory=list)
    heads: dict[tuple[str, int], _CachedHead] = field(default_factory=dict)
    alarm_count: int = 0
    late: bool = False  # some meter took the late-data (re-chain) path


# telemetry_reading columns in table order, split into reading fields and chain fields
_READING_ORDER = tuple(c for c in schema.READING_COLUMNS if c not in ("seq", "prev_hash", "hash"))
assert set(_READING_ORDER) == set(READING_FIELDS)
# The row builders below rely on these layouts: a reading row is the reading's fields in this
# order then (seq, prev_hash, hash); a telemetry_latest row is the same without prev_hash.
assert (
    "works_id",
    "meter",
    "observed_at",
    *VALUE_FIELDS,
    "alarm",
    "status",
    "source",
    "address",
    "received_at",
) == _READING_ORDER, "update the row builders in store.py for the new column order"
assert (*_READING_ORDER, "seq", "prev_hash", "hash") == schema.READING_COLUMNS
assert (*_READING_ORDER, "seq", "hash") == schema.LATEST_COLUMNS
_reading_values = attrgetter(*_READING_ORDER)
_values_of = attrgetter(*VALUE_FIELDS)
_observed_at = attrgetter("observed_at")


def _row_tuple(reading: Reading, seq: int, prev: str, digest: str) -> tuple:
    return (*_reading_values(reading), seq, prev, digest)


def _latest_tuple(reading: Reading, seq: int, digest: str) -> tuple:
    return (*_reading_values(reading), seq, digest)


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
        partition: tuple[int, int] | None = None,
    ) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.hasher = hasher or Hasher.from_env()
        self.durable = durable
        self.max_future = max_future
        self.max_age = max_age
        self._heads: dict[tuple[str, int], _CachedHead | None] = {}
        self._generation: dict[str, str] | None = None  # the counters as this object left them
        self._lock = threading.Lock()
        self.partition = partition
        self._buckets: tuple[int, ...] = ()
        if partition is not None:
            index, count = partition
            if not (1 <= count <= BUCKETS and 0 <= index < count):
                raise ValueError(f"partition must be (index, count) with 0 <= index < count <= {BUCKETS}")
            self._buckets = tuple(b for b in range(BUCKETS) if b % count == index)
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
        if self.partition is not None:
            index, count = self.partition
            stray = next((r.works_id for r in batch if partition_of(r.works_id, count) != index), None)
            if stray is not None:  # the caller's routing is wrong: writing it would break exclusion
                raise ValueError(f"works {stray!r} is not in partition {index}/{count}")
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
                generation = self._check_chain_mode(conn)
                trusted = self._generation is not None and self._watched(generation) == self._watched(
                    self._generation
                )
                if not trusted:
                    self._heads.clear()
                self._load_heads(conn, [k for k in by_meter if k not in self._heads])
                self._plan(conn, by_meter, counts, plan, received)
                # Appends past heads that are current (trusted, or just read under the lock): the
                # rows cannot exist yet, so PostgreSQL may COPY them straight into the table. A
                # writer that skipped the lock shows as a unique violation: rolled back, retried
                # with every head re-read.
                self._write(conn, plan, direct=not plan.late)
                counts.chain_alarms = plan.alarm_count
                after = self._write_generation(conn, generation)
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
        self._generation = after
        self._heads.update(plan.heads)
        return counts

    def _screen(
        self, batch: list[Reading], received: datetime, counts: IngestCounts, plan: _Plan
    ) -> dict[tuple[str, int], dict[datetime, Reading]]:
        """Drop impossible clocks and in-batch repeats; group the rest by meter and time."""
        by_meter: dict[tuple[str, int], dict[datetime, Reading]] = {}
        max_future, max_age = self.max_future, self.max_age
        arrived_last: datetime | None = None
        newest_ok = oldest_ok = None
        for reading in batch:
            arrived = reading.received_at or received
            if arrived is not arrived_last:  # a batch shares one or a few reception times
                arrived_last, oldest_ok = arrived, None
                newest_ok = arrived + max_future if max_future is not None else None
            observed = reading.observed_at
            if newest_ok is not None and observed > newest_ok:
                counts.rejected_future += 1
                plan.rejected.append(_rejected_row(reading, "future", "观测时间晚于接收时间超过允许值"))
                continue
            if max_age is not None and oldest_ok is None:  # only now, as before (it may overflow)
                oldest_ok = arrived - max_age
            if oldest_ok is not None and observed < oldest_ok:
                counts.rejected_old += 1
                plan.rejected.append(_rejected_row(reading, "too_old", "观测时间早于接收时间超过允许值"))
                continue
            key = (reading.works_id, reading.meter)
            group = by_meter.get(key)
            if group is None:
                by_meter[key] = {observed: reading}
                continue
            first = group.get(observed)
            if first is None:
                group[observed] = reading
            elif first.values() == reading.values():
                counts.duplicates += 1
            else:
                counts.conflicts += 1
                plan.rejected.append(_rejected_row(reading, "conflict", _conflict_detail(first, reading)))
        return by_meter

    def _plan(
        self,
        conn: Connection,
        by_meter: dict[tuple[str, int], dict[datetime, Reading]],
        counts: IngestCounts,
        plan: _Plan,
        received: datetime,
    ) -> None:
        """Chain each meter's readings: appended past its head, or merged in as late data."""
        heads, link = self._heads, self.hasher.link
        readings_out, latest, new_heads = plan.readings, plan.latest, plan.heads
        add_link = plan.links.append
        inserted = 0
        for key, group in by_meter.items():
            readings = list(group.values()) if len(group) == 1 else sorted(group.values(), key=_observed_at)
            head = heads.get(key)
            if head is None:
                prev, seq = GENESIS, 0
            elif readings[0].observed_at > head[0]:
                _, seq, prev = head
            else:
                plan.late = True
                self._plan_late(conn, key, readings, counts, plan, received)
                continue
            for reading in readings:  # chain.relink, inlined: this is the hot path
                seq += 1
                digest = link(prev, seq, reading)
                add_link((seq, prev, digest))
                prev = digest
            readings_out += readings
            inserted += len(readings)
            last = readings[-1]
            new_heads[key] = (last.observed_at, seq, prev)
            latest.append((last, seq, prev, len(readings_out) - 1))
        counts.inserted += inserted

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
        merged.sort(key=_observed_at)
        start_hash, start_seq = (anchor.hash, anchor.seq) if anchor else (GENESIS, 0)
        links = relink(start_hash, start_seq, merged, self.hasher)
        head = self._heads.get(key)
        newest = head[0] if head else None
        for reading, link in zip(merged, links, strict=True):
            if reading.observed_at in fresh:
                plan.readings.append(reading)
                plan.links.append(link)
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
        seq, _prev, digest = links[-1]
        plan.heads[key] = (merged[-1].observed_at, seq, digest)
        fresh_head = merged[-1].observed_at in fresh
        plan.latest.append((merged[-1], seq, digest, len(plan.readings) - 1 if fresh_head else -1))

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
        head = self._heads.get(key)
        problems = check_meter(
            key[0],
            key[1],
            rows,
            Head(*head) if head else None,
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
            if self.partition is None:
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
            else:  # shared with the other partitions, exclusive per bucket (in order: no deadlock)
                locks = ", ".join(f"pg_advisory_xact_lock({_PG_LOCK_KEY + 1 + b})" for b in self._buckets)
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock_shared({_PG_LOCK_KEY}), {locks}")

    def _check_chain_mode(self, conn: Connection) -> dict[str, str]:
        """Refuse a hasher the store was not written with; return the generation counters."""
        stored = dict(conn.execute(sa.select(schema.state.c.key, schema.state.c.value)).all())
        mode, key_id = stored.get("chain_mode"), stored.get("chain_key_id", "")
        if mode is None:
            try:
                conn.execute(
                    schema.state.insert(),
                    [
                        {"key": "chain_mode", "value": self.hasher.mode},
                        {"key": "chain_key_id", "value": self.hasher.key_id},
                        {"key": _GENERATION, "value": "0"},
                    ],
                )
            except IntegrityError as exc:  # a parallel partitioned writer set the store up first
                raise _Race("chain mode written concurrently") from exc
            return {_GENERATION: "0"}
        if mode != self.hasher.mode or key_id != self.hasher.key_id:
            raise ChainKeyError(chain_key_message(mode, key_id, self.hasher))
        return {k: v for k, v in stored.items() if k == _GENERATION or k.startswith(_GENERATION + ":")}

    def _watched(self, generation: dict[str, str]) -> dict[str, str]:
        """The counters whose change means someone else may have written this object's meters."""
        if self.partition is None:
            return generation
        keys = (_GENERATION, *(f"{_GENERATION}:{b}" for b in self._buckets))
        return {k: generation.get(k, "0") for k in keys}

    def _write_generation(self, conn: Connection, before: dict[str, str]) -> dict[str, str]:
        """Bump this writer's counters; return all counters as they will be after the commit."""
        after = dict(before)
        keys = [f"{_GENERATION}:{b}" for b in self._buckets] if self.partition is not None else [_GENERATION]
        t = schema.state
        missing = [k for k in keys if k not in before]
        if missing:
            conn.execute(t.insert(), [{"key": k, "value": "0"} for k in missing])
        conn.execute(
            sa.update(t)
            .where(t.c.key.in_(keys))
            .values(value=sa.cast(sa.cast(t.c.value, sa.BigInteger) + 1, sa.String))
        )
        for k in keys:
            after[k] = str(int(before.get(k, "0")) + 1)
        return after

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
                    self._heads[(works_id, meter)] = (observed_at, seq, digest)

    def _write(self, conn: Connection, plan: _Plan, *, direct: bool = False) -> None:
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
        if self.dialect == "postgresql":
            _pg_write(conn, plan, direct)
        else:
            _sqlite_write(conn, plan)
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


# Text of naive datetimes as written to the database: isoformat(" ", "microseconds") is the
# text SQLAlchemy's SQLite DateTime writes and what psycopg sends (str(), up to trailing zeros).
_time_text = memoised_isoformat(" ")


def _sqlite_rows(readings: Sequence[Reading], links: Sequence[tuple[int, str, str]]) -> list[tuple]:
    """telemetry_reading rows as sqlite3 takes them: the DateTime text SQLAlchemy writes,
    NUMERIC as a double (exact to 15 digits, see model.PRECISION). Hot path: one tuple each."""
    text = _time_text
    rows = []
    append = rows.append
    for r, (seq, prev, digest) in zip(readings, links, strict=True):
        a, b, c, d, e, f = _values_of(r)
        append(
            (
                r.works_id,
                r.meter,
                text(r.observed_at),
                None if a is None else float(a),
                None if b is None else float(b),
                None if c is None else float(c),
                None if d is None else float(d),
                None if e is None else float(e),
                None if f is None else float(f),
                r.alarm,
                r.status,
                r.source,
                r.address,
                text(r.received_at),
                seq,
                prev,
                digest,
            )
        )
    return rows


def _executemany(conn: Connection, sql: str, rows: list[tuple]) -> int:
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.executemany(sql, rows)
        return cursor.rowcount
    finally:
        cursor.close()


def _latest_update_sql(source: str) -> str:
    names = [c for c in schema.LATEST_COLUMNS if c not in ("works_id", "meter")]
    sets = ", ".join(f"{c} = {source}.{c}" for c in names)
    return f"ON CONFLICT (works_id, meter) DO UPDATE SET {sets}"


_SQLITE_INSERT = (
    f"INSERT INTO telemetry_reading ({', '.join(schema.READING_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(schema.READING_COLUMNS))}) ON CONFLICT DO NOTHING"
)
_SQLITE_UPSERT_LATEST = (
    f"INSERT INTO telemetry_latest ({', '.join(schema.LATEST_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(schema.LATEST_COLUMNS))}) {_latest_update_sql('excluded')}"
)


def _sqlite_write(conn: Connection, plan: _Plan) -> None:
    rows: list[tuple] = []
    if plan.readings:
        rows = _sqlite_rows(plan.readings, plan.links)
        written = _executemany(conn, _SQLITE_INSERT, rows)
        if written != len(rows):
            raise _Race(f"expected {len(rows)} new rows, wrote {written}")
    if plan.latest:
        # a head that is one of the new rows: that row without prev_hash (same seq and hash)
        latest = [
            rows[i][:-2] + rows[i][-1:]
            if i >= 0
            else _sqlite_rows([r], [(seq, "", digest)])[0][:-2] + (digest,)
            for r, seq, digest, i in plan.latest
        ]
        _executemany(conn, _SQLITE_UPSERT_LATEST, latest)


# PostgreSQL rows are sent as COPY CSV text with tab separators, built here (psycopg's row
# writer costs more than the rest of the hot path). In CSV, NULL is an empty unquoted field
# and only quotes, separators and line ends are special: text holding a quote, CR or NUL,
# an extra tab or newline (counted), or "NaN" (psycopg sends sNaN as NaN) is not sent this
# way but through psycopg's own row writer. A field that is empty but not None (it would
# read back as NULL) or None where NULL is not allowed is written as a lone quote, sending
# its batch the same way.
_COPY_CSV = "(FORMAT csv, DELIMITER E'\\t')"
_COPY_SPECIAL = ('"', "\r", "\x00", "NaN")
_BAD = '"'


def _pg_prefix(r: Reading) -> str:
    """The reading's columns as COPY CSV text, each followed by a tab (see _copy_safe)."""
    a, b, c, d, e, f = _values_of(r)
    alarm, status, address, observed, received = r.alarm, r.status, r.address, r.observed_at, r.received_at
    return (
        f"{r.works_id or _BAD}\t{_BAD if r.meter is None else r.meter}\t"
        f"{_BAD if observed is None else _time_text(observed)}\t"
        f"{'' if a is None else str(a)}\t{'' if b is None else str(b)}\t{'' if c is None else str(c)}\t"
        f"{'' if d is None else str(d)}\t{'' if e is None else str(e)}\t{'' if f is None else str(f)}\t"
        f"{'' if alarm is None else str(alarm) or _BAD}\t{'' if status is None else str(status) or _BAD}\t"
        f"{r.source or _BAD}\t"
        f"{'' if address is None else address or _BAD}\t{_BAD if received is None else _time_text(received)}\t"
    )


def _copy_safe(text: str, rows: int, columns: int) -> bool:
    """True when ``text`` is ``rows`` lines of ``columns`` fields that COPY CSV reads as meant."""
    return (
        text.count("\n") == rows
        and text.count("\t") == rows * (columns - 1)
        and not any(special in text for special in _COPY_SPECIAL)
    )


def _pg_write(conn: Connection, plan: _Plan, direct: bool) -> None:
    """New rows and heads by COPY (as CSV text built here when it can be, see _COPY_CSV).

    ``direct``: every new row is an append past a head nothing else has moved, so the rows
    are copied straight into telemetry_reading; should one exist after all (a writer that
    ignored the lock) the unique violation aborts the transaction and the batch is retried
    with a cold cache, which takes the temp-table path with ``ON CONFLICT DO NOTHING``.
    """
    prefixes: list[str] = []
    if plan.readings:
        prefixes = [_pg_prefix(r) for r in plan.readings]
        text = "".join(
            [
                f"{p}{seq}\t{prev or _BAD}\t{digest or _BAD}\n"
                for p, (seq, prev, digest) in zip(prefixes, plan.links, strict=True)
            ]
        )
        rows: str | list[tuple] = text
        if not _copy_safe(text, len(prefixes), len(schema.READING_COLUMNS)):
            rows = [_row_tuple(r, *link) for r, link in zip(plan.readings, plan.links, strict=True)]
        if direct:
            try:
                written = _pg_copy(conn, "telemetry_reading", schema.READING_COLUMNS, rows)
            except conn.dialect.loaded_dbapi.IntegrityError as exc:
                if getattr(exc, "sqlstate", None) != "23505":  # not unique_violation: not a race
                    raise
                raise _Race(f"rows appeared under the cached chain heads: {exc}") from exc
        else:
            written = _pg_copy_insert(conn, rows)
        if written != len(plan.readings):
            raise _Race(f"expected {len(plan.readings)} new rows, wrote {written}")
    if plan.latest:
        text = "".join(
            [
                f"{prefixes[i] if i >= 0 else _pg_prefix(r)}{seq}\t{digest or _BAD}\n"
                for r, seq, digest, i in plan.latest
            ]
        )
        latest: str | list[tuple] = text
        if not _copy_safe(text, len(plan.latest), len(schema.LATEST_COLUMNS)):
            latest = [_latest_tuple(r, seq, digest) for r, seq, digest, _i in plan.latest]
        _pg_upsert_latest(conn, latest)


def _pg_temp(conn: Connection, name: str, like: str) -> None:
    # Every batch: a flag kept across transactions would lie after a rollback dropped the table.
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {name} (LIKE {like} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
    )


def _pg_copy(conn: Connection, table: str, columns: Sequence[str], rows: str | Iterable[tuple]) -> int:
    """COPY rows (tuples, or CSV text from _pg_write) into ``table``; the number of rows copied."""
    csv = isinstance(rows, str)
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        with cursor.copy(f"{statement} {_COPY_CSV}" if csv else statement) as copy:
            if csv:
                copy.write(rows)
            else:
                for row in rows:
                    copy.write_row(row)
        return cursor.rowcount
    finally:
        cursor.close()


def _pg_copy_insert(conn: Connection, rows: str | list[tuple]) -> int:
    _pg_temp(conn, "telemetry_reading_in", "telemetry_reading")
    _pg_copy(conn, "telemetry_reading_in", schema.READING_COLUMNS, rows)
    columns = ", ".join(schema.READING_COLUMNS)
    result = conn.exec_driver_sql(
        f"INSERT INTO telemetry_reading ({columns}) SELECT {columns} FROM telemetry_reading_in "
        "ON CONFLICT DO NOTHING"
    )
    return result.rowcount


def _pg_upsert_latest(conn: Connection, rows: str | list[tuple]) -> None:
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
