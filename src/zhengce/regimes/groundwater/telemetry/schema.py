"""Tables of the telemetry store (own MetaData: nothing here depends on the registry's tables)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .model import PRECISION, SCALES, WORKS_ID_MAX

metadata = sa.MetaData()
_NO_ROWID = {"sqlite_with_rowid": False}  # SQLite: cluster rows by primary key


def _values() -> list[sa.Column]:
    columns = [sa.Column(name, sa.Numeric(PRECISION[name], SCALES[name])) for name in SCALES]
    return [*columns, sa.Column("alarm", sa.Integer), sa.Column("status", sa.BigInteger)]


# One row per (works, meter, observation time): re-sent readings are idempotent. The primary
# key doubles as the (meter, time) index every read path uses.
reading = sa.Table(
    "telemetry_reading",
    metadata,
    sa.Column("works_id", sa.String(WORKS_ID_MAX), primary_key=True),
    sa.Column("meter", sa.SmallInteger, primary_key=True),
    sa.Column("observed_at", sa.DateTime, primary_key=True),
    *_values(),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("address", sa.String(32)),
    sa.Column("received_at", sa.DateTime, nullable=False),
    # hash chain per meter in observation-time order (see chain.py)
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    **_NO_ROWID,
)

READING_COLUMNS: tuple[str, ...] = tuple(c.name for c in reading.columns)

# Latest value per meter and the head of its chain (so deleting the last reading shows).
latest = sa.Table(
    "telemetry_latest",
    metadata,
    sa.Column("works_id", sa.String(WORKS_ID_MAX), primary_key=True),
    sa.Column("meter", sa.SmallInteger, primary_key=True),
    sa.Column("observed_at", sa.DateTime, nullable=False),
    *_values(),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("address", sa.String(32)),
    sa.Column("received_at", sa.DateTime, nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    **_NO_ROWID,
)

LATEST_COLUMNS: tuple[str, ...] = tuple(c.name for c in latest.columns)

# Terminal (protocol + address) -> works. The registry may replace this map with its own lookup.
terminal = sa.Table(
    "telemetry_terminal",
    metadata,
    sa.Column("protocol", sa.String(8), primary_key=True),
    sa.Column("address", sa.String(32), primary_key=True),
    sa.Column("works_id", sa.String(WORKS_ID_MAX), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("note", sa.String(200)),
)

# Readings the store refused to chain: conflicting re-sends, impossible clocks. Kept as evidence.
rejected = sa.Table(
    "telemetry_rejected",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("works_id", sa.String(WORKS_ID_MAX), nullable=False),
    sa.Column("meter", sa.SmallInteger, nullable=False),
    sa.Column("observed_at", sa.DateTime, nullable=False),
    sa.Column("received_at", sa.DateTime, nullable=False),
    sa.Column("reason", sa.String(16), nullable=False),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("address", sa.String(32)),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Index("ix_telemetry_rejected_meter", "works_id", "meter", "observed_at"),
)

# Chain damage found while re-chaining for late data, recorded before the chain is rewritten.
chain_alarm = sa.Table(
    "telemetry_chain_alarm",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("works_id", sa.String(WORKS_ID_MAX), nullable=False),
    sa.Column("meter", sa.SmallInteger, nullable=False),
    sa.Column("observed_at", sa.DateTime),
    sa.Column("seq", sa.BigInteger),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("detected_at", sa.DateTime, nullable=False),
)

# Per-terminal link counters, flushed by the server now and then.
link_stats = sa.Table(
    "telemetry_link_stats",
    metadata,
    sa.Column("protocol", sa.String(8), primary_key=True),
    sa.Column("address", sa.String(32), primary_key=True),
    sa.Column("frames", sa.BigInteger, nullable=False, default=0),
    sa.Column("readings", sa.BigInteger, nullable=False, default=0),
    sa.Column("malformed", sa.BigInteger, nullable=False, default=0),
    sa.Column("unknown", sa.BigInteger, nullable=False, default=0),
    sa.Column("last_seen", sa.DateTime),
)

# Small key/value state: chain mode, write generation (lets a writer trust its head cache).
state = sa.Table(
    "telemetry_state",
    metadata,
    sa.Column("key", sa.String(32), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)


def ensure_schema(engine: Engine) -> None:
    metadata.create_all(engine, checkfirst=True)
