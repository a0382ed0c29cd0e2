"""Tamper-evident hash chain over each meter's readings, in observation-time order.

Every stored reading carries ``seq`` (its position, 1-based), ``prev_hash`` (the hash of the
reading before it, or GENESIS) and ``hash = H(prev_hash | seq | canonical(reading))``. H is
SHA-256, or HMAC-SHA-256 when a chain key is configured ($ZHENGCE_TELEMETRY_CHAIN_KEY): with a
key, someone who can write to the database but does not hold the key cannot recompute a valid
chain after editing it.

Because each row keeps its own ``prev_hash`` it can be checked on its own (content intact?) and
against its neighbour (linked?), which is what lets :func:`check_meter` say *which* reading was
changed, inserted or deleted rather than only "the chain breaks here". The head (seq, hash) of
each chain is also kept in ``telemetry_latest``, so deleting the newest readings shows too.
How late data re-chains is described in store.py and docs/telemetry.md.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any

from .model import QUANTA, SCALES, VALUE_FIELDS, Reading, memoised_isoformat

GENESIS = "0" * 64
_sha256 = hashlib.sha256
CHAIN_KEY_VAR = "ZHENGCE_TELEMETRY_CHAIN_KEY"


_values_of = attrgetter(*VALUE_FIELDS)

# Per value column: (scale, zeros appended to a whole number, text of -0 at that scale, quantum)
_COLUMNS = tuple(
    (SCALES[name], "." + "0" * SCALES[name], "-0." + "0" * SCALES[name], QUANTA[name])
    for name in VALUE_FIELDS
)


def _number(value: Decimal | None, quantum: Decimal) -> str:
    if value is None:
        return ""
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    value = value.quantize(quantum)
    return format(value if value else quantum * 0, "f")  # -0 and 0 hash alike


def _numbers(reading: Reading) -> str:
    """``"|".join(map(_number, values, quanta))``, with fast paths for the usual cases.

    A Decimal whose plain text ends in exactly ``scale`` decimals (what the store keeps and
    both backends give back) is at the column's scale: quantize would not change it, and
    ``str`` equals ``format(…, "f")``. A Decimal whose text is all digits is a non-negative
    integer with exponent 0: quantize only appends zeros. The length limits keep both cases
    to values whose quantized coefficient fits the default context's 28 digits, where
    quantize raises InvalidOperation instead. Anything else (other scales, exponent
    notation, NaN/Infinity, -0, non-Decimal input) goes through :func:`_number`.
    """
    parts = []
    for value, (scale, zeros, negative_zero, quantum) in zip(_values_of(reading), _COLUMNS, strict=True):
        if value is None:
            parts.append("")
            continue
        if type(value) is Decimal:
            text = str(value)
            if text[-scale - 1 : -scale] == "." and text != negative_zero and len(text) < 30:
                parts.append(text)
                continue
            if text.isdigit() and len(text) < 29 - scale:
                parts.append(text + zeros)
                continue
        parts.append(_number(value, quantum))
    return "|".join(parts)


_iso = memoised_isoformat("T")  # isoformat(timespec="microseconds")


def canonical(reading: Reading) -> str:
    """The exact text hashed for a reading; identical whether read from SQLite or PostgreSQL.

    works|meter|observed_at|volume|interval|flow|depth|level|voltage|alarm|status|source|address|received_at
    with times as ISO with microseconds, numbers at the column's scale, None as "".
    """
    observed, alarm, status, received = (
        reading.observed_at,
        reading.alarm,
        reading.status,
        reading.received_at,
    )
    received = "" if received is None else _iso(received)
    return (
        f"{reading.works_id}|{reading.meter}|{_iso(observed)}|{_numbers(reading)}|"
        f"{'' if alarm is None else alarm}|{'' if status is None else status}|{reading.source}|"
        f"{reading.address or ''}|{received}"
    )


class Hasher:
    """H(prev | seq | canonical): SHA-256, or HMAC-SHA-256 with a key."""

    def __init__(self, key: bytes | None = None) -> None:
        self.key = key or None
        self.mode = "hmac-sha256" if self.key else "sha256"
        self.key_id = hashlib.sha256(b"zhengce-chain-key|" + self.key).hexdigest()[:16] if self.key else ""
        self._pads: tuple[Any, Any] | None = None
        if self.key:
            # HMAC (RFC 2104) with the padded-key states hashed once: hmac.new redoes it per call.
            block = self.key if len(self.key) <= 64 else hashlib.sha256(self.key).digest()
            block = block.ljust(64, b"\0")
            self._pads = (
                hashlib.sha256(bytes(x ^ 0x36 for x in block)),
                hashlib.sha256(bytes(x ^ 0x5C for x in block)),
            )

    @classmethod
    def from_env(cls) -> Hasher:
        value = os.environ.get(CHAIN_KEY_VAR, "")
        return cls(value.encode("utf-8") if value else None)

    def digest(self, message: bytes) -> str:
        """Hex H(message): what hmac.new(key, message, sha256) or sha256(message) gives."""
        if self._pads is None:
            return _sha256(message).hexdigest()
        inner, outer = self._pads[0].copy(), self._pads[1].copy()
        inner.update(message)
        outer.update(inner.digest())
        return outer.hexdigest()

    def link(self, prev_hash: str, seq: int, reading: Reading) -> str:
        return self.digest(f"{prev_hash}|{seq}|{canonical(reading)}".encode())


@dataclass(frozen=True, slots=True)
class StoredReading:
    reading: Reading
    seq: int | None
    prev_hash: str | None
    hash: str | None


@dataclass(frozen=True, slots=True)
class Head:
    observed_at: datetime
    seq: int
    hash: str


@dataclass(frozen=True)
class ChainProblem:
    """One finding of :func:`check_meter`; ``observed_at`` names the reading concerned."""

    kind: str  # changed | inserted | deleted | head | alarm
    works_id: str
    meter: int
    observed_at: datetime | None
    seq: int | None
    detail: str

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "works_id": self.works_id,
            "meter": self.meter,
            "observed_at": self.observed_at.isoformat() if self.observed_at else None,
            "seq": self.seq,
            "detail": self.detail,
        }


KIND_LABELS = {
    "changed": "被修改",
    "inserted": "被插入",
    "deleted": "被删除",
    "head": "链头不符",
    "alarm": "已记录的链损坏",
}


def _intact(row: StoredReading, hasher: Hasher) -> bool:
    if row.seq is None or row.prev_hash is None or row.hash is None:
        return False
    return row.hash == hasher.link(row.prev_hash, row.seq, row.reading)


def _when(moment: datetime | None) -> str:
    return moment.isoformat(sep=" ") if moment else "链首 (chain start)"


def check_meter(
    works_id: str,
    meter: int,
    rows: Iterable[StoredReading],
    head: Head | None,
    hasher: Hasher,
    *,
    start_hash: str = GENESIS,
    start_seq: int = 0,
) -> list[ChainProblem]:
    """Walk one meter's rows (in observation-time order) and name every break in its chain.

    A row is *intact* when its stored hash matches its own content and chain fields, and
    *linked* when its prev_hash/seq follow the last accepted row. Rows that are neither are
    classified by looking one row ahead: if the chain skips the row it was inserted; if the
    chain passes through its stored hash it was changed. ``start_hash``/``start_seq`` let a
    slice of a chain be checked (the store audits the rows it is about to re-link).
    """
    problems: list[ChainProblem] = []
    rows = list(rows)
    last_hash, last_seq, last_time = start_hash, start_seq, None
    before_hash, before_seq = None, None  # the accepted row before the last one (fork check)

    def problem(kind: str, row: StoredReading | None, detail: str, when: datetime | None = None) -> None:
        moment = row.reading.observed_at if row else when
        problems.append(ChainProblem(kind, works_id, meter, moment, row.seq if row else None, detail))

    last_row: StoredReading | None = None

    def accept(digest: str, seq: int, moment: datetime, row: StoredReading | None = None) -> None:
        nonlocal last_hash, last_seq, last_time, before_hash, before_seq, last_row
        before_hash, before_seq = last_hash, last_seq
        last_hash, last_seq, last_time, last_row = digest, seq, moment, row

    for index, row in enumerate(rows):
        nxt = rows[index + 1] if index + 1 < len(rows) else None
        moment = _when(row.reading.observed_at)
        if _intact(row, hasher):
            if row.prev_hash == last_hash and row.seq == last_seq + 1:
                accept(row.hash, row.seq, row.reading.observed_at, row)
                continue
            if row.prev_hash == before_hash and row.seq == before_seq + 1:
                # Two intact rows claim the same predecessor (possible only without a key): the
                # one the rest of the chain does not continue from was inserted.
                continues = (nxt is not None and nxt.prev_hash == row.hash) or (
                    nxt is None and head is not None and head.hash == row.hash
                )
                forged = last_row if continues and last_row is not None else row
                problem(
                    "inserted",
                    forged,
                    f"{_when(forged.reading.observed_at)} 的读数伪造了链接，链并不经过它"
                    f" (forged link: the chain does not continue from this reading)",
                )
                if forged is last_row:
                    last_hash, last_seq, last_time, last_row = row.hash, row.seq, row.reading.observed_at, row
                continue
            if row.seq > last_seq + 1:
                missing = row.seq - last_seq - 1
                problem(
                    "deleted",
                    None,
                    f"{_when(last_time)} 与 {moment} 之间缺少 {missing} 条读数"
                    f" ({missing} reading(s) deleted between {_when(last_time)} and {moment})",
                    when=last_time,
                )
                accept(row.hash, row.seq, row.reading.observed_at, row)
                continue
            problem(
                "inserted",
                row,
                f"{moment} 的读数不在链中（序号 {row.seq}，应为 {last_seq + 1}）"
                f" (reading not part of the chain: seq {row.seq}, expected {last_seq + 1})",
            )
            continue
        skipped = nxt is not None and nxt.prev_hash == last_hash and nxt.seq == last_seq + 1
        tail_skipped = nxt is None and head is not None and head.hash == last_hash and head.seq == last_seq
        if skipped or tail_skipped:
            problem(
                "inserted",
                row,
                f"{moment} 的读数是直接插入数据库的 (reading inserted directly into the database)",
            )
            continue
        problem(
            "changed",
            row,
            f"{moment} 的读数内容或链字段被修改 (reading changed after it was stored)",
        )
        # Carry on from the hash the rest of the chain expects, not the (possibly edited) stored one.
        seq = last_seq + 1
        if nxt is not None and nxt.seq == seq + 1 and nxt.prev_hash:
            accept(nxt.prev_hash, seq, row.reading.observed_at)
        elif nxt is None and head is not None and head.seq == seq:
            accept(head.hash, seq, row.reading.observed_at)
        elif row.hash:
            accept(row.hash, seq, row.reading.observed_at)

    if head is None:
        if rows:
            problems.append(
                ChainProblem(
                    "head",
                    works_id,
                    meter,
                    last_time,
                    last_seq,
                    "最新值表中缺少该水表的链头 (chain head missing from telemetry_latest)",
                )
            )
    elif head.seq != last_seq or head.hash != last_hash:
        if head.seq > last_seq:
            missing = head.seq - last_seq
            detail = (
                f"{_when(last_time)} 之后的 {missing} 条最新读数被删除"
                f" ({missing} newest reading(s) deleted after {_when(last_time)})"
            )
            problems.append(ChainProblem("deleted", works_id, meter, last_time, last_seq, detail))
        else:
            detail = (
                f"链头（序号 {head.seq}，{_when(head.observed_at)}）与最后一条读数（序号 {last_seq}）不符"
                f" (chain head does not match the last reading)"
            )
            problems.append(ChainProblem("head", works_id, meter, head.observed_at, head.seq, detail))
    return problems


def relink(
    start_hash: str, start_seq: int, rows: list[Reading], hasher: Hasher
) -> list[tuple[int, str, str]]:
    """(seq, prev_hash, hash) for ``rows`` chained after (start_hash, start_seq)."""
    out = []
    prev, seq = start_hash, start_seq
    for reading in rows:
        seq += 1
        digest = hasher.link(prev, seq, reading)
        out.append((seq, prev, digest))
        prev = digest
    return out
