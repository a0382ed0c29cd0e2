"""The asyncio TCP receiving end: thousands of terminal links, group commit, ack after commit.

One ``asyncio.Protocol`` per connection owns a streaming splitter; decoded frames go through
a protocol handler (handlers.py). Readings from every link are queued; a committer takes
whatever has accumulated, writes it in one transaction on its writer thread (so the event
loop keeps reading while the database commits) and only then writes each frame's
acknowledgement. While one batch commits the next one fills up: group commit.

With several ingest functions (PostgreSQL: partitioned stores, see store.py) there is one
committer per partition and each frame's readings go to the committer owning its works, so
one partition's transaction runs while another's batch is being chained.

Nothing a terminal sends can stop the server: malformed bytes are counted per terminal,
unknown terminals are counted and logged (their data is not acknowledged, so they keep it
and send it again once registered), and a failing commit is retried without acknowledging.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from zhengce.errors import UserError

from .handlers import Decision, Sl651Handler, Szy206Handler
from .model import Reading, now_cst
from .terminals import Resolver

log = logging.getLogger("zhengce.telemetry")

IngestFn = Callable[[list[Reading]], Any]
RouteFn = Callable[[str], int]  # works_id -> index of the ingest function that owns it


@dataclass
class ServerConfig:
    host: str = "127.0.0.1"
    szy206_port: int | None = None  # 0 = any free port
    sl651_port: int | None = None
    batch_max: int = 5000  # readings per transaction at most
    batch_delay: float = 0.002  # seconds to let a batch fill when the writer is idle
    max_pending: int = 200_000  # readings queued before links stop being read (backpressure)
    idle_timeout: float = 900.0  # close links silent this long (half-open TCP after power loss)
    backlog: int = 4096
    unknown_log_interval: float = 300.0
    unknown_refresh_interval: float = 5.0  # reload the terminal map at most this often on unknowns
    sl651_cumulative_60h: bool = True
    flow_layout: str = "flow_volume"
    # parallel partitioned writers; 0 = 2 on PostgreSQL (its transactions overlap), 1 on SQLite
    # (one writer at a time there anyway)
    writers: int = 0
    # listening sockets bound by a parent process (several processes accept on the same ports)
    sockets: dict[str, Any] | None = None


@dataclass
class TerminalStats:
    frames: int = 0
    readings: int = 0
    malformed: int = 0
    unknown: int = 0
    unusable: int = 0
    last_seen: Any = None


@dataclass
class ServerStats:
    connections: int = 0
    connections_total: int = 0
    frames: int = 0
    readings_queued: int = 0
    readings_committed: int = 0
    inserted: int = 0
    duplicates: int = 0
    conflicts: int = 0
    acks: int = 0
    batches: int = 0
    commit_failures: int = 0
    malformed: int = 0
    unknown_frames: int = 0
    garbage_bytes: int = 0
    commit_seconds: float = 0.0
    terminals: dict[tuple[str, str], TerminalStats] = field(default_factory=dict)

    def summary(self) -> dict:
        out = {k: v for k, v in self.__dict__.items() if k != "terminals"}
        out["terminals_seen"] = len(self.terminals)
        out["commit_seconds"] = round(self.commit_seconds, 3)
        return out


class _Link(asyncio.Protocol):
    """One terminal connection."""

    def __init__(self, server: TelemetryServer, handler: Szy206Handler | Sl651Handler) -> None:
        self.server = server
        self.handler = handler
        self.splitter = handler.new_splitter()
        self.transport: asyncio.Transport | None = None
        self.address: str | None = None
        self.peer = "?"
        self.closed = False
        self.paused = False
        self.last_seen = time.monotonic()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        peer = transport.get_extra_info("peername")
        self.peer = f"{peer[0]}:{peer[1]}" if peer else "?"
        self.server._opened(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.server._closed(self)

    def data_received(self, data: bytes) -> None:
        self.last_seen = time.monotonic()
        try:
            self.server._received(self, data)
        except Exception:  # a bug must cost this link, never the server
            log.exception("终端 %s 的数据处理失败，断开连接 (link handler failed; closing)", self.peer)
            if self.transport is not None:
                self.transport.abort()

    def send(self, data: bytes) -> None:
        if not self.closed and self.transport is not None:
            self.transport.write(data)


class _Committer:
    """Group commit: one writer thread, batches of whatever is queued, acks after commit."""

    def __init__(self, server: TelemetryServer, ingest: IngestFn) -> None:
        self.server = server
        self.ingest = ingest
        self.queue: deque[tuple[list[Reading], _Link, bytes | None]] = deque()
        self.queued_readings = 0
        self.wake = asyncio.Event()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="telemetry-writer")
        self.stopping = False

    def submit(self, readings: list[Reading], link: _Link, ack: bytes | None) -> None:
        self.queue.append((readings, link, ack))
        self.queued_readings += len(readings)
        self.wake.set()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        config = self.server.config
        failures = 0
        while True:
            if not self.queue:
                if self.stopping:
                    return
                self.wake.clear()
                await self.wake.wait()
                continue
            if config.batch_delay and self.queued_readings < config.batch_max and not self.stopping:
                await asyncio.sleep(config.batch_delay)
            items, readings = self._take(config.batch_max)
            started = time.perf_counter()
            try:
                counts = (
                    await loop.run_in_executor(self.executor, self.ingest, readings) if readings else None
                )
            except UserError as exc:  # invalid readings: the handler should have caught them
                log.error("批次被拒绝，不予确认 (batch refused, not acknowledged): %s", exc)
                self.server.stats.commit_failures += 1
                continue
            except Exception:
                failures += 1
                self.server.stats.commit_failures += 1
                delay = min(failures, 5) * 0.2
                log.exception(
                    "写入失败，%.1f 秒后重试，未确认 (commit failed; retrying, nothing acknowledged)", delay
                )
                self.queue.extendleft(reversed(items))
                self.queued_readings += len(readings)
                await asyncio.sleep(delay)
                continue
            failures = 0
            self.server._committed(items, readings, counts, time.perf_counter() - started)

    def _take(self, limit: int) -> tuple[list[tuple[list[Reading], _Link, bytes | None]], list[Reading]]:
        items, readings = [], []
        while self.queue and (not readings or len(readings) + len(self.queue[0][0]) <= limit):
            item = self.queue.popleft()
            items.append(item)
            readings.extend(item[0])
        self.queued_readings -= len(readings)
        return items, readings


class TelemetryServer:
    def __init__(
        self,
        ingest: IngestFn | list[IngestFn],
        resolver: Resolver,
        config: ServerConfig | None = None,
        *,
        refresh: Callable[[], Any] | None = None,
        route: RouteFn | None = None,
    ) -> None:
        self.config = config or ServerConfig()
        self.resolver = resolver
        self._refresh = refresh  # reloads the resolver's map, off the loop, when unknowns appear
        self._refreshed_at = 0.0
        self.stats = ServerStats()
        self.handlers = {
            "szy206": Szy206Handler(flow_layout=self.config.flow_layout),  # type: ignore[arg-type]
            "sl651": Sl651Handler(cumulative_60h=self.config.sl651_cumulative_60h),
        }
        self._ingests = list(ingest) if isinstance(ingest, list) else [ingest]
        if len(self._ingests) > 1 and route is None:
            raise ValueError("several ingest functions need a route (works_id -> index)")
        self._route = route
        self._committers: list[_Committer] = []
        self._drains: list[asyncio.Task] = []
        self._servers: list[asyncio.Server] = []
        self._tasks: list[asyncio.Task] = []
        self._links: set[_Link] = set()
        self._paused: set[_Link] = set()
        self._unknown_logged: dict[tuple[str, str], float] = {}
        self._flushed: dict[tuple[str, str], tuple[int, ...]] = {}
        self._now_tick, self._now_value = -1.0, now_cst()
        self.ports: dict[str, int] = {}

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> dict[str, int]:
        loop = asyncio.get_running_loop()
        self._committers = [_Committer(self, ingest) for ingest in self._ingests]
        self._drains = [loop.create_task(c.run()) for c in self._committers]
        self._tasks.extend(self._drains)
        self._tasks.append(loop.create_task(self._reaper()))
        wanted = {"szy206": self.config.szy206_port, "sl651": self.config.sl651_port}
        for name, port in wanted.items():
            if port is None:
                continue
            handler = self.handlers[name]
            bound = (self.config.sockets or {}).get(name)  # from the parent (processes.py): shared
            where = {"sock": bound} if bound is not None else {"host": self.config.host, "port": port}
            server = await loop.create_server(
                lambda handler=handler: _Link(self, handler),
                backlog=self.config.backlog,
                reuse_address=True,  # ignored for an inherited socket
                **where,
            )
            self._servers.append(server)
            self.ports[name] = server.sockets[0].getsockname()[1]
        if not self._servers:
            raise UserError("至少需要一个端口：--szy206-port 或 --sl651-port (give at least one port)")
        return dict(self.ports)

    async def stop(self, drain_timeout: float = 10.0) -> None:
        """Stop accepting, commit and acknowledge what is queued, then close every link."""
        for server in self._servers:
            server.close()
        for link in list(self._links):
            if link.transport is not None:
                link.transport.pause_reading()
        for committer in self._committers:
            committer.stopping = True
            committer.wake.set()
        if self._committers:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.shield(asyncio.gather(*self._drains)), drain_timeout)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        for link in list(self._links):
            if link.transport is not None:
                link.transport.close()
        for server in self._servers:
            with contextlib.suppress(Exception):
                await server.wait_closed()
        for committer in self._committers:
            committer.executor.shutdown(wait=True)

    async def _reaper(self) -> None:
        """Close links silent for longer than idle_timeout."""
        interval = max(1.0, min(60.0, self.config.idle_timeout / 4))
        while True:
            await asyncio.sleep(interval)
            cutoff = time.monotonic() - self.config.idle_timeout
            for link in [x for x in self._links if x.last_seen < cutoff]:
                if link.transport is not None:
                    link.transport.close()

    # ------------------------------------------------------------------ link events

    def _opened(self, link: _Link) -> None:
        self._links.add(link)
        self.stats.connections = len(self._links)
        self.stats.connections_total += 1

    def _closed(self, link: _Link) -> None:
        self._links.discard(link)
        self._paused.discard(link)
        self.stats.connections = len(self._links)

    def _terminal(self, protocol: str, address: str) -> TerminalStats:
        key = (protocol, address)
        found = self.stats.terminals.get(key)
        if found is None:
            found = self.stats.terminals[key] = TerminalStats()
        return found

    def _now(self) -> datetime:
        """now_cst(), refreshed at most every 5 ms: thousands of links read in the same instant."""
        tick = time.monotonic()
        if tick - self._now_tick > 0.005:
            self._now_tick, self._now_value = tick, now_cst()
        return self._now_value

    def _received(self, link: _Link, data: bytes) -> None:
        splitter = link.splitter
        received = self._now()
        if hasattr(splitter, "reference_time"):
            splitter.reference_time = received  # SZY206 Tp carries no month/year: use ours
        before = splitter.bad_checksums + splitter.rejected_count, splitter.discarded
        frames = splitter.feed(data)
        bad = splitter.bad_checksums + splitter.rejected_count - before[0]
        handler = link.handler
        protocol = handler.protocol
        for frame in frames:
            decision: Decision = handler.decide(frame)
            link.address = decision.address
            stats = self._terminal(protocol, decision.address)
            stats.frames += 1
            stats.last_seen = received
            self.stats.frames += 1
            if decision.reply is not None:
                link.send(decision.reply)
            if not decision.data:
                if decision.ack is not None:
                    self._committer.submit([], link, decision.ack)  # acknowledged after the next commit
                continue
            works_id = self.resolver(protocol, decision.address)
            if works_id is None:
                self._unknown(protocol, decision.address, link, stats)
                continue
            readings, unusable = handler.readings(frame, works_id, received)
            stats.readings += len(readings)
            stats.unusable += unusable
            self.stats.readings_queued += len(readings)
            committers = self._committers
            committer = committers[self._route(works_id)] if len(committers) > 1 else committers[0]
            committer.submit(readings, link, decision.ack)
        if bad:
            self.stats.malformed += bad
            self._terminal(protocol, link.address or f"?{link.peer}").malformed += bad
        self.stats.garbage_bytes += splitter.discarded - before[1]
        if self._queued() > self.config.max_pending and link.transport is not None:
            link.transport.pause_reading()
            link.paused = True
            self._paused.add(link)

    @property
    def _committer(self) -> _Committer | None:
        """The first committer: also runs the terminal-map refreshes and acknowledges data-less frames."""
        return self._committers[0] if self._committers else None

    def _queued(self) -> int:
        return sum(c.queued_readings for c in self._committers)

    def _unknown(self, protocol: str, address: str, link: _Link, stats: TerminalStats) -> None:
        stats.unknown += 1
        self.stats.unknown_frames += 1
        now = time.monotonic()
        due = now - self._refreshed_at > self.config.unknown_refresh_interval
        if self._refresh is not None and due and self._committer is not None:
            # maybe registered since the last load: reload soon (its re-send will then be accepted)
            self._refreshed_at = now
            asyncio.get_running_loop().run_in_executor(self._committer.executor, self._safe_refresh)
        last = self._unknown_logged.get((protocol, address))
        if last is None or now - last > self.config.unknown_log_interval:
            self._unknown_logged[(protocol, address)] = now
            log.warning(
                "未登记的终端 %s %s（来自 %s），数据未确认 (unknown terminal; data not acknowledged)",
                protocol,
                address,
                link.peer,
            )

    def _committed(self, items, readings: list[Reading], counts, seconds: float) -> None:
        stats = self.stats
        stats.batches += 1
        stats.commit_seconds += seconds
        stats.readings_committed += len(readings)
        if counts is not None:
            stats.inserted += getattr(counts, "inserted", 0)
            stats.duplicates += getattr(counts, "duplicates", 0)
            stats.conflicts += getattr(counts, "conflicts", 0)
        for _readings, link, ack in items:
            if ack is not None and not link.closed:
                link.send(ack)
                stats.acks += 1
        if self._paused and self._queued() < self.config.max_pending // 2:
            for link in list(self._paused):
                if link.transport is not None and not link.closed:
                    link.transport.resume_reading()
                link.paused = False
            self._paused.clear()

    def _safe_refresh(self) -> None:
        try:
            self._refresh()
        except Exception:
            log.exception("终端登记表刷新失败 (terminal map refresh failed)")

    def link_stat_deltas(self) -> dict[tuple[str, str], dict]:
        """Counters since the last call, for ``terminals.flush_link_stats``."""
        out = {}
        names = ("frames", "readings", "malformed", "unknown")
        for key, stats in self.stats.terminals.items():
            now = tuple(getattr(stats, n) for n in names)
            previous = self._flushed.get(key, (0, 0, 0, 0))
            if now != previous:
                out[key] = {n: a - b for n, a, b in zip(names, now, previous, strict=True)}
                out[key]["last_seen"] = stats.last_seen
                self._flushed[key] = now
        return out


async def run_server(
    engine_url: str | None,
    config: ServerConfig,
    *,
    on_ready: Callable[[dict[str, int]], None] | None = None,
    stop: asyncio.Event | None = None,
    stats_interval: float = 30.0,
    terminal_refresh: float = 30.0,
) -> ServerStats:
    """Serve until ``stop`` is set: the production wiring of store, terminal map and server."""
    from zhengce.db import make_engine

    from .store import ReadingStore, partition_of
    from .terminals import TerminalMap, flush_link_stats

    engine = make_engine(engine_url)
    writers = config.writers or (2 if engine.dialect.name == "postgresql" else 1)
    if writers == 1:
        stores, route = [ReadingStore(engine)], None
    else:
        stores = [ReadingStore(engine, partition=(i, writers)) for i in range(writers)]
        route = partial(partition_of, count=writers)
    terminals = TerminalMap(engine)
    server = TelemetryServer(
        [partial(store.ingest, validated=True) for store in stores],
        terminals,
        config,
        refresh=terminals.refresh,
        route=route,
    )
    ports = await server.start()
    log.info("监听 (listening) %s，已登记终端 %d 个", ports, len(terminals))
    if on_ready:
        on_ready(ports)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    last_stats = last_refresh = time.monotonic()
    try:
        while not stop.is_set():
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), 1.0)
            now = time.monotonic()
            if now - last_refresh >= terminal_refresh:
                last_refresh = now
                with contextlib.suppress(Exception):
                    await loop.run_in_executor(server._committer.executor, terminals.refresh)
            if now - last_stats >= stats_interval:
                last_stats = now
                deltas = server.link_stat_deltas()
                with contextlib.suppress(Exception):
                    await loop.run_in_executor(server._committer.executor, flush_link_stats, engine, deltas)
                log.info("统计 (stats) %s", server.stats.summary())
    finally:
        await server.stop()
        with contextlib.suppress(Exception):
            flush_link_stats(engine, server.link_stat_deltas())
        engine.dispose()
    return server.stats
