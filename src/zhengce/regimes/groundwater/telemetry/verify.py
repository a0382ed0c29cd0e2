"""`zhengce telemetry verify`: walk every meter's chain and name each reading that was
changed, inserted or deleted directly in the database, plus damage recorded earlier."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from . import schema
from .chain import ChainProblem, Hasher, Head, StoredReading, check_meter
from .model import READING_FIELDS, Reading
from .store import ChainKeyError, chain_key_message, ensure_schema


@dataclass
class VerifyReport:
    meters: int = 0
    readings: int = 0
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "meters": self.meters,
            "readings": self.readings,
            "problems": [p.as_dict() for p in self.problems],
        }


def _rows(engine: Engine, works_id: str | None) -> Iterator[tuple[tuple[str, int], StoredReading]]:
    t = schema.reading
    query = sa.select(t).order_by(t.c.works_id, t.c.meter, t.c.observed_at)
    if works_id is not None:
        query = query.where(t.c.works_id == works_id)
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=5000).execute(query).mappings()
        for row in result:
            reading = Reading(**{f: row[f] for f in READING_FIELDS})
            yield (
                (row["works_id"], row["meter"]),
                StoredReading(reading, row["seq"], row["prev_hash"], row["hash"]),
            )


def _heads(engine: Engine, works_id: str | None) -> dict[tuple[str, int], Head]:
    t = schema.latest
    query = sa.select(t.c.works_id, t.c.meter, t.c.observed_at, t.c.seq, t.c.hash)
    if works_id is not None:
        query = query.where(t.c.works_id == works_id)
    with engine.connect() as conn:
        return {(w, m): Head(at, seq, h) for w, m, at, seq, h in conn.execute(query)}


def _alarms(engine: Engine, works_id: str | None) -> list[ChainProblem]:
    t = schema.chain_alarm
    query = sa.select(t).order_by(t.c.id)
    if works_id is not None:
        query = query.where(t.c.works_id == works_id)
    with engine.connect() as conn:
        return [
            ChainProblem(
                "alarm",
                r["works_id"],
                r["meter"],
                r["observed_at"],
                r["seq"],
                f"{r['detected_at']:%Y-%m-%d %H:%M:%S} 重排链时发现（{r['kind']}）：{r['detail']}"
                f" (found while re-chaining late data)",
            )
            for r in conn.execute(query).mappings()
        ]


def _stored_hasher(engine: Engine, hasher: Hasher) -> None:
    t = schema.state
    with engine.connect() as conn:
        stored = dict(conn.execute(sa.select(t.c.key, t.c.value)).all())
    mode, key_id = stored.get("chain_mode"), stored.get("chain_key_id", "")
    if mode is not None and (mode != hasher.mode or key_id != hasher.key_id):
        raise ChainKeyError(chain_key_message(mode, key_id, hasher))


def verify_store(engine: Engine, works_id: str | None = None, hasher: Hasher | None = None) -> VerifyReport:
    ensure_schema(engine)
    hasher = hasher or Hasher.from_env()
    _stored_hasher(engine, hasher)
    heads = _heads(engine, works_id)
    report = VerifyReport()
    current: tuple[str, int] | None = None
    batch: list[StoredReading] = []

    def finish() -> None:
        if current is None:
            return
        report.meters += 1
        report.problems.extend(check_meter(current[0], current[1], batch, heads.pop(current, None), hasher))

    for key, row in _rows(engine, works_id):
        report.readings += 1
        if key != current:
            finish()
            current, batch = key, []
        batch.append(row)
    finish()
    for (works, meter), head in sorted(heads.items()):  # chain heads whose readings are all gone
        report.meters += 1
        report.problems.append(
            ChainProblem(
                "deleted",
                works,
                meter,
                head.observed_at,
                head.seq,
                f"该水表的全部 {head.seq} 条读数被删除 (all {head.seq} readings of this meter were deleted)",
            )
        )
    report.problems.extend(_alarms(engine, works_id))
    return report
