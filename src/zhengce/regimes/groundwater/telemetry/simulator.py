"""Field simulator: many terminals playing realistic water meters over TCP, misbehaving on demand.

Each terminal reports for one works: meters whose counters grow with a pumping flow, a
groundwater depth and a supply voltage. It sends one report, waits for the centre's
acknowledgement (as RTUs do), re-sends after a timeout, and measures the acknowledgement
latency. Half the terminals speak SZY206 (login first, then C0H self-reports with one measuring
point per meter), half SL651 (HEX mode: 32H timed reports of one observation, or with
``bundle`` > 1 34H hourly reports of several observation-time groups). ``bundled_profile``
sets the field-like mix: 5-minute readings, hourly SL651 reports, four meters per SZY206 works.

Bad behaviour (``Behaviour``): corrupted frames (CRC errors), duplicates, frames held back and
sent late (out of order), clocks that run ahead or behind, counters that roll over at 10⁸ or
reset to zero, and silences (the meter's clock runs on, nothing is sent: a gap).

Time: in *replay* mode (the default when a terminal sends more than one frame a minute) the
meter's clock starts ``backfill`` in the past and advances one ``step`` per frame, like a
terminal emptying its store; it never passes the real clock (a terminal that catches up
stops). In *realtime* mode every frame carries the current time.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from . import sl651, szy206
from .crc import crc8_szy206, crc16_modbus
from .model import now_cst

DIVISION = "370102"
ROLLOVER = 10**8  # the counter register wraps here
MAX_TERMINALS = 60_000  # SZY206 station numbers are 16-bit


@dataclass(frozen=True)
class SimTerminal:
    index: int
    protocol: str
    address: str
    works_id: str


def plan_terminals(count: int, protocols: tuple[str, ...] = ("szy206", "sl651")) -> list[SimTerminal]:
    """Deterministic identities: terminal i reports for works ``370102-W-{i+1:06d}``."""
    if not 1 <= count <= MAX_TERMINALS:
        raise ValueError(f"终端数须在 1–{MAX_TERMINALS} 之间 (terminals must be 1–{MAX_TERMINALS})")
    out = []
    for i in range(count):
        protocol = protocols[i % len(protocols)]
        address = szy206.make_address(DIVISION, i + 1) if protocol == "szy206" else f"{i + 1:010d}"
        out.append(SimTerminal(i, protocol, address, f"{DIVISION}-W-{i + 1:06d}"))
    return out


@dataclass
class Behaviour:
    crc_error: float = 0.0  # per frame: a corrupted copy is sent first
    duplicate: float = 0.0  # per frame: sent again after its acknowledgement
    late: float = 0.0  # per frame: held back and sent after the next three
    skew: float = 0.0  # share of terminals whose clock is 10–90 minutes off
    rollover: float = 0.0  # share of terminals whose counter is about to wrap
    reset: float = 0.0  # per frame: the counter resets to zero
    silence: float = 0.0  # per frame: the terminal goes quiet for a while

    @classmethod
    def realistic(cls) -> Behaviour:
        return cls(0.01, 0.01, 0.01, 0.05, 0.02, 0.0005, 0.002)


@dataclass
class SimConfig:
    host: str = "127.0.0.1"
    szy206_port: int | None = None
    sl651_port: int | None = None
    terminals: int = 10
    rate: float = 0.0  # frames per second per terminal; 0 = as fast as acknowledgements allow
    duration: float = 10.0
    seed: int = 1
    behaviour: Behaviour = field(default_factory=Behaviour)
    ack_timeout: float = 5.0
    retries: int = 2
    step: timedelta = timedelta(minutes=1)
    backfill: timedelta = timedelta(days=20)
    connect_concurrency: int = 200
    record: bool = False  # keep every acknowledged reading (durability test)
    meters: int = 1  # meters per SZY206 works: measuring points in each C0H report
    bundle: int = 1  # observations per SL651 report: 1 = 32H timed report, more = 34H hourly report


def bundled_profile(config: SimConfig) -> SimConfig:
    """Terminals that send what they store, as deployed groundwater RTUs commonly do: readings
    every 5 minutes; SL651 stations send an hourly report (34H) of twelve observations, SZY206
    terminals report four meters per works in each self-report."""
    config.step, config.bundle, config.meters = timedelta(minutes=5), 12, 4
    return config


@dataclass
class SimReport:
    terminals: int = 0
    connected: int = 0
    connect_failures: int = 0
    frames_sent: int = 0
    acked: int = 0  # frames acknowledged
    readings_acked: int = 0  # readings in those frames
    resent: int = 0
    lost: int = 0
    duplicates_sent: int = 0
    corrupted_sent: int = 0
    late_sent: int = 0
    resets: int = 0
    silences: int = 0
    elapsed: float = 0.0
    started_at: float = 0.0  # perf_counter() when the run began
    connected_at: float = 0.0  # perf_counter() when the last terminal got connected
    latencies: list[float] = field(default_factory=list)
    ack_times: list[float] = field(default_factory=list)  # perf_counter() of every acknowledgement
    ack_sizes: list[int] = field(default_factory=list)  # readings in each acknowledged frame
    acked_readings: list[tuple[str, int, datetime, Decimal]] = field(default_factory=list)

    def percentile(self, q: float) -> float | None:
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def summary(self) -> dict:
        ms = {f"p{int(q * 100)}_ms": self.percentile(q) for q in (0.5, 0.95, 0.99)}
        return {
            **{
                k: v
                for k, v in self.__dict__.items()
                if k
                not in ("latencies", "acked_readings", "ack_times", "ack_sizes", "started_at", "connected_at")
            },
            "elapsed": round(self.elapsed, 3),
            "acked_per_s": round(self.acked / self.elapsed, 1) if self.elapsed else 0.0,
            "readings_per_s": round(self.readings_acked / self.elapsed, 1) if self.elapsed else 0.0,
            **{k: (round(v * 1000, 2) if v is not None else None) for k, v in ms.items()},
            "mean_ms": round(statistics.fmean(self.latencies) * 1000, 2) if self.latencies else None,
        }


# ---------------------------------------------------------------------- the meter

Expected = tuple[str, int, datetime, Decimal]  # (works_id, meter, observed_at, volume) acknowledged


class Meter:
    """State of one simulated terminal (its works' meters and well) and the frames it sends.

    A frame reports ``config.bundle`` observations (SL651: one 32H timed report, or a 34H
    hourly report with one observation-time group per observation) of ``config.meters``
    meters (SZY206: one measuring point per meter in the C0H report). State is kept in integer
    units (litres, l/s, cm): the load generator's CPU counts, Decimal appears only in frames."""

    def __init__(self, terminal: SimTerminal, config: SimConfig, rng: random.Random, start: datetime) -> None:
        self.terminal = terminal
        self.rng = rng
        self.step = config.step
        self.step_seconds = int(config.step.total_seconds())
        self.realtime = config.rate and config.rate * 60 <= 1
        self.clock = start
        behaviour = config.behaviour
        sl651_station = terminal.protocol == "sl651"
        self.pumps = 1 if sl651_station else max(1, config.meters)
        self.observations = max(1, config.bundle) if sl651_station else 1
        self.record = config.record  # build the Expected tuples (durability test) or only count
        self.litres = [rng.randint(1_000, 5_000_000) * 1000 for _ in range(self.pumps)]  # counters
        if rng.random() < behaviour.rollover:
            self.litres[0] = (ROLLOVER - rng.randint(50, 400)) * 1000
        self.base_flows = [rng.randint(5, 60) for _ in range(self.pumps)]  # l/s while pumping
        self.flows = [0] * self.pumps  # l/s now
        self.depth_cm = rng.randint(500, 4000)
        self.offset = timedelta(0)
        if rng.random() < behaviour.skew:
            self.offset = timedelta(minutes=rng.choice((-1, 1)) * rng.randint(10, 90))
        self.serial = 0
        self.fcb = 0
        # (time, depth cm, flow l/s, litres) of meter 1 at each observation of the next SL651 report
        self.samples: list[tuple[datetime, int, int, int]] = []

    @property
    def volume(self) -> Decimal:
        """Meter 1's counter in m³."""
        return Decimal(self.litres[0]).scaleb(-3)

    @property
    def current_flow(self) -> Decimal:
        """Meter 1's flow in m³/s."""
        return Decimal(self.flows[0]).scaleb(-3)

    def _address_bytes(self) -> bytes:
        cached = self.__dict__.get("_address")
        if cached is None:
            cached = self.__dict__["_address"] = bytes.fromhex(self.terminal.address)
        return cached

    @property
    def exhausted(self) -> bool:
        return not self.realtime and self.clock + self.step * self.observations > now_cst()

    def advance(self) -> None:
        """Time up to the next frame: one step per observation it reports."""
        samples = self.samples
        samples.clear()
        for _ in range(self.observations):
            self._tick()
            samples.append((self.clock, self.depth_cm, self.flows[0], self.litres[0]))
        if self.realtime and self.observations > 1:  # a bundle of the last few steps, ending now
            last = samples[-1][0]
            samples[:] = [
                (last - self.step * (len(samples) - 1 - i), *rest) for i, (_, *rest) in enumerate(samples)
            ]

    def _tick(self) -> None:
        """One step of pumping (or idling)."""
        self.clock = now_cst() if self.realtime else self.clock + self.step
        random_ = self.rng.random
        litres, flows = self.litres, self.flows
        for i, base in enumerate(self.base_flows):
            # a real flow reading jitters; a constant one would look like a frozen sensor
            flow = max(1, base + int(random_() * 11) - 5)
            if random_() < 0.8:  # pumping
                litres[i] = (litres[i] + flow * self.step_seconds) % (ROLLOVER * 1000)
                flows[i] = flow
            else:
                flows[i] = 0
        self.depth_cm = max(50, self.depth_cm + int(random_() * 7) - 3)

    def reset(self) -> None:
        self.litres = [0] * self.pumps

    def frame(self) -> tuple[bytes, int | None, list[Expected]]:
        """(bytes, acknowledgement id, readings it reports) for the current state."""
        if not self.samples:
            self.advance()
        if self.terminal.protocol == "szy206":
            return self._szy206_frame()
        return self._sl651_frame()

    def _szy206_frame(self) -> tuple[bytes, None, list[Expected]]:
        terminal = self.terminal
        reported = (self.clock + self.offset).replace(microsecond=0)
        volumes = [litres // 1000 for litres in self.litres]  # whole m³ (SZY206 volume format)
        if self.record:
            expected = [(terminal.works_id, i + 1, reported, Decimal(v)) for i, v in enumerate(volumes)]
        else:
            expected = [None] * len(volumes)  # only counted: Decimals cost the load generator CPU
        self.fcb = (self.fcb + 1) % 4
        if _FAST_FRAMES and all(v < 10**10 for v in volumes) and all(f < 10**10 for f in self.flows):
            return (
                _szy206_report(self._address_bytes(), self.fcb, self.flows, volumes, reported),
                None,
                expected,
            )
        values: list[Decimal | int] = []
        for flow, volume in zip(self.flows, volumes, strict=True):
            values += [Decimal(flow).scaleb(-3), volume]
        data = szy206.encode_report(
            terminal.address, 3, values, szy206.Szy206Tp.from_datetime(reported, 5), fcb=self.fcb
        )
        return data, None, expected

    def _sl651_frame(self) -> tuple[bytes, int, list[Expected]]:
        terminal = self.terminal
        offset = self.offset
        minute = _minute
        samples = [
            (minute(at + offset if offset else at), depth, flow, litres)
            for at, depth, flow, litres in self.samples
        ]
        if self.record:
            expected = [
                (terminal.works_id, 1, at, Decimal(litres).scaleb(-3)) for at, _d, _f, litres in samples
            ]
        else:
            expected = [None] * len(samples)  # only counted
        self.serial = (self.serial + 1) % 0x10000
        function = 0x32 if len(samples) == 1 else 0x34  # timed report / hourly report
        if _FAST_FRAMES and all(
            2000 <= at.year <= 2099 and depth < 10**6 and flow < 10**10 and litres < 10**12
            for at, depth, flow, litres in samples
        ):
            data = _sl651_report(self._address_bytes(), self.serial, function, samples)
            return data, self.serial, expected
        elements: list = []
        for i, (at, depth, flow, litres) in enumerate(samples):
            if i:
                elements.append((sl651.TIME_GROUP, at))
            elements += [
                (0x0E, Decimal(depth).scaleb(-2)),
                (0x27, Decimal(flow).scaleb(-3)),
                (0x60, Decimal(litres).scaleb(-3)),
            ]
        elements.append((0x38, Decimal("12.60")))
        data = sl651.encode_report(
            centre=1,
            station=terminal.address,
            password=0,
            function=function,
            serial=self.serial,
            sent_at=samples[-1][0] + timedelta(seconds=5),
            station_type=ord("G"),
            observed_at=samples[0][0],
            elements=elements,
        )
        return data, self.serial, expected


# Frames built directly from their byte layout instead of through the codecs' general
# encoders: the benchmark's load generator shares the machine's two cores with the server, so
# its CPU per frame counts. tests/telemetry/test_telemetry_fastpath.py checks that they are
# byte-identical to the encoders' output.
_FAST_FRAMES = True


def _bcd(number: int, digits: int) -> bytes:
    """Big-endian packed BCD of a non-negative int that fits ``digits`` digits (even)."""
    return bytes.fromhex(f"{number:0{digits}d}")


def _szy206_report(
    address: bytes, fcb: int, flows: list[int], volumes: list[int], reported: datetime
) -> bytes:
    """``szy206.encode_report(address, 3, [flow1 (l/s → m³/s), volume1, …], Tp(reported, 5), fcb=fcb)``."""
    points = b"".join(
        _bcd(flow, 10)[::-1] + _bcd(volume, 10)[::-1] for flow, volume in zip(flows, volumes, strict=True)
    )
    user = b"".join(
        (
            bytes((0x80 | fcb << 4 | 3,)),
            address,
            b"\xc0",
            points,
            b"\x00\x00\x00\x00",
            bytes.fromhex(
                f"{reported.second:02d}{reported.minute:02d}{reported.hour:02d}{reported.day:02d}05"
            ),
        )
    )
    return b"\x68" + bytes((len(user),)) + b"\x68" + user + bytes((crc8_szy206(user), 0x16))


# Terminals replaying their store share the same clock values: floor and format each once.
_MINUTE: dict[datetime, datetime] = {}
_MINUTE_TEXT: dict[datetime, str] = {}
_CACHE_MAX = 50_000


def _minute(at: datetime) -> datetime:
    """``at`` floored to the minute (SL651 observation times carry no seconds)."""
    floored = _MINUTE.get(at)
    if floored is None:
        if len(_MINUTE) >= _CACHE_MAX:
            _MINUTE.clear()
        floored = _MINUTE[at] = at.replace(second=0, microsecond=0)
    return floored


def _minutes(at: datetime) -> str:
    """YYMMDDhhmm: as hex text, the packed-BCD bytes."""
    text = _MINUTE_TEXT.get(at)
    if text is None:
        if len(_MINUTE_TEXT) >= _CACHE_MAX:
            _MINUTE_TEXT.clear()
        text = _MINUTE_TEXT[at] = sl651._time_digits(at, with_seconds=False)  # the encoder's own
    return text


def _sl651_report(
    station: bytes, serial: int, function: int, samples: list[tuple[datetime, int, int, int]]
) -> bytes:
    """``sl651.encode_report`` of the simulator's reports: per observation 0EH depth (cm → m),
    27H flow (l/s → m³/s), 60H volume (l → m³), a TIME_GROUP before each but the first, then
    38H 12.60 V. Written as hex text and converted once: BCD digits are their own hex."""
    sent = samples[-1][0] + timedelta(seconds=5)
    first = samples[0]
    parts = [
        f"{serial:04x}{_minutes(sent)}{sent.second:02d}f1f1{station.hex()}47f0f0{_minutes(first[0])}"
        f"0e1a{first[1]:06d}272b{first[2]:010d}6033{first[3]:012d}"
    ]
    parts += [
        f"f0f0{_minutes(at)}0e1a{depth:06d}272b{flow:010d}6033{litres:012d}"
        for at, depth, flow, litres in samples[1:]
    ]
    parts.append("38121260")
    body = bytes.fromhex("".join(parts))
    frame = b"".join(
        (
            b"\x7e\x7e\x01",
            station,
            b"\x00\x00",
            bytes((function,)),
            len(body).to_bytes(2, "big"),
            b"\x02",
            body,
            b"\x03",
        )
    )
    return frame + crc16_modbus(frame).to_bytes(2, "big")


def corrupt(frame: bytes, rng: random.Random) -> bytes:
    """The frame with one payload byte flipped: its CRC no longer matches."""
    data = bytearray(frame)
    at = rng.randrange(3, len(data) - 3)
    data[at] ^= 0x5A
    return bytes(data)


# ---------------------------------------------------------------------- the link


class _AckLink(asyncio.Protocol):
    """Reads the centre's replies; resolves the waiter when the expected one arrives."""

    def __init__(self, protocol: str, waiting: set[_AckLink] | None = None) -> None:
        self.protocol = protocol
        self.waiting = waiting if waiting is not None else set()  # links with a reply due (swept)
        self.deadline = 0.0
        self.buf = bytearray()
        self.transport: asyncio.Transport | None = None
        self.waiter: asyncio.Future | None = None
        self.expect: tuple[str, int | None] | None = None
        self.lost = asyncio.get_running_loop().create_future()

    def connection_made(self, transport) -> None:
        self.transport = transport

    def connection_lost(self, exc) -> None:
        if not self.lost.done():
            self.lost.set_result(None)
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionResetError("connection lost"))

    def data_received(self, data: bytes) -> None:
        self.buf += data
        for kind, ident in self._replies():
            waiter = self.waiter
            if waiter is None or waiter.done() or self.expect is None:
                continue
            want_kind, want_id = self.expect
            if kind == want_kind and (want_id is None or want_id == ident):
                waiter.set_result(time.perf_counter())

    def _replies(self):
        buf = self.buf
        while buf:
            if self.protocol == "szy206":
                if buf[0] != 0x68:
                    del buf[0]
                    continue
                if len(buf) < 3 or len(buf) < buf[1] + 5:
                    return
                total = buf[1] + 5
                frame = bytes(buf[:total])
                if frame[2] != 0x68 or frame[-1] != 0x16 or crc8_szy206(frame[3:-2]) != frame[-2]:
                    del buf[0]
                    continue
                del buf[:total]
                yield ("link" if frame[9] == szy206.AFN_LINK_CHECK else "ack"), None
            else:
                if buf[:2] != b"\x7e\x7e":
                    del buf[0]
                    continue
                if len(buf) < 14:
                    return
                total = 14 + ((buf[11] & 0x0F) << 8 | buf[12]) + 3
                if len(buf) < total:
                    return
                frame = bytes(buf[:total])
                if crc16_modbus(frame[:-2]) != int.from_bytes(frame[-2:], "big"):
                    del buf[0]
                    continue
                del buf[:total]
                yield "ack", int.from_bytes(frame[14:16], "big")

    async def request(self, data: bytes, kind: str, ident: int | None, timeout: float) -> float | None:
        """Send and wait for the matching reply; its arrival time, or None on timeout.

        The timeout is enforced by ``expire_overdue`` (one sweep for all links, run by the
        simulation) rather than a timer per request: cheaper for the load generator."""
        loop = asyncio.get_running_loop()
        waiter = self.waiter = loop.create_future()
        self.expect = (kind, ident)
        self.deadline = loop.time() + timeout
        self.waiting.add(self)
        self.transport.write(data)
        try:
            return await waiter
        finally:
            self.waiting.discard(self)
            self.waiter = None
            self.expect = None


def expire_overdue(waiting: set[_AckLink], now: float) -> None:
    """Resolve with None every request whose reply is overdue."""
    for link in [link for link in waiting if link.deadline <= now]:
        waiter = link.waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)


# ---------------------------------------------------------------------- running


class Simulation:
    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.report = SimReport(terminals=config.terminals)
        self.stop = asyncio.Event()
        protocols = tuple(
            p for p, port in (("szy206", config.szy206_port), ("sl651", config.sl651_port)) if port
        )
        if not protocols:
            raise ValueError("至少需要一个端口 (give at least one port)")
        self.terminals = plan_terminals(config.terminals, protocols)
        self._connect_gate: asyncio.Semaphore | None = None
        self._waiting: set[_AckLink] = set()

    async def run(self) -> SimReport:
        loop = asyncio.get_running_loop()
        self._connect_gate = asyncio.Semaphore(self.config.connect_concurrency)
        started = self.report.started_at = time.perf_counter()
        self.end_at = loop.time() + self.config.duration
        start = now_cst() - self.config.backfill
        tasks = [
            loop.create_task(self._terminal(t, random.Random(self.config.seed * 1_000_003 + t.index), start))
            for t in self.terminals
        ]
        sweeper = loop.create_task(self._sweep())
        try:
            await asyncio.gather(*tasks)
        finally:
            sweeper.cancel()
            for task in tasks:
                task.cancel()
        self.report.elapsed = time.perf_counter() - started
        return self.report

    async def _sweep(self) -> None:
        """Time out overdue requests, every tenth of the timeout (at most 50 ms late)."""
        loop = asyncio.get_running_loop()
        interval = min(0.05, self.config.ack_timeout / 10)
        while True:
            await asyncio.sleep(interval)
            expire_overdue(self._waiting, loop.time())

    def _running(self) -> bool:
        return not self.stop.is_set() and asyncio.get_running_loop().time() < self.end_at

    async def _connect(self, terminal: SimTerminal) -> _AckLink | None:
        loop = asyncio.get_running_loop()
        port = self.config.szy206_port if terminal.protocol == "szy206" else self.config.sl651_port
        async with self._connect_gate:
            for attempt in range(5):
                try:
                    _, link = await loop.create_connection(
                        lambda: _AckLink(terminal.protocol, self._waiting), self.config.host, port
                    )
                    return link
                except OSError:
                    await asyncio.sleep(0.05 * (attempt + 1))
        self.report.connect_failures += 1
        return None

    async def _terminal(self, terminal: SimTerminal, rng: random.Random, start: datetime) -> None:
        link = await self._connect(terminal)
        if link is None:
            return
        self.report.connected += 1
        self.report.connected_at = time.perf_counter()
        try:
            await self._talk(terminal, link, rng, start)
        except (ConnectionError, OSError, RuntimeError):
            pass  # server gone (the durability test kills it): stop this terminal
        finally:
            if link.transport is not None:
                link.transport.close()

    async def _talk(self, terminal: SimTerminal, link: _AckLink, rng: random.Random, start: datetime) -> None:
        config, behaviour, report = self.config, self.config.behaviour, self.report
        loop = asyncio.get_running_loop()
        if terminal.protocol == "szy206":
            login = szy206.encode_link_check(terminal.address, szy206.LINK_LOGIN)
            if await link.request(login, "link", None, config.ack_timeout) is None:
                return
        meter = Meter(terminal, config, rng, start)
        held: list[tuple[bytes, int | None, list[Expected]]] = []
        countdown = 0
        next_at = loop.time()
        while self._running() and not meter.exhausted:
            if config.rate > 0:
                next_at += 1 / config.rate
                await asyncio.sleep(max(0.0, next_at - loop.time()))
            if rng.random() < behaviour.silence:
                report.silences += 1
                for _ in range(rng.randint(5, 30)):
                    meter.advance()  # time passes, nothing is sent: a gap
                await asyncio.sleep(min(1.0, max(0.0, self.end_at - loop.time())))
                continue
            if rng.random() < behaviour.reset:
                report.resets += 1
                meter.reset()
            meter.advance()
            frame = meter.frame()
            if not held and rng.random() < behaviour.late:
                held.append(frame)
                countdown = 3
                continue
            await self._send(link, frame, rng)
            if held:
                countdown -= 1
                if countdown <= 0:
                    report.late_sent += 1
                    await self._send(link, held.pop(), rng)
        for frame in held:
            report.late_sent += 1
            await self._send(link, frame, rng)

    async def _send(
        self, link: _AckLink, frame: tuple[bytes, int | None, list[Expected]], rng: random.Random
    ) -> None:
        data, ident, expected = frame
        behaviour, report = self.config.behaviour, self.report
        if rng.random() < behaviour.crc_error:
            report.corrupted_sent += 1
            link.transport.write(corrupt(data, rng))
        if await self._deliver(link, data, ident, expected) and rng.random() < behaviour.duplicate:
            report.duplicates_sent += 1
            await self._deliver(link, data, ident, expected)

    async def _deliver(
        self, link: _AckLink, data: bytes, ident: int | None, expected: list[Expected]
    ) -> bool:
        config, report = self.config, self.report
        for attempt in range(config.retries + 1):
            if attempt:
                report.resent += 1
            report.frames_sent += 1
            sent = time.perf_counter()
            arrived = await link.request(data, "ack", ident, config.ack_timeout)
            if arrived is not None:
                report.acked += 1
                report.readings_acked += len(expected)
                report.latencies.append(arrived - sent)
                report.ack_times.append(arrived)
                report.ack_sizes.append(len(expected))
                if config.record:
                    report.acked_readings.extend(expected)
                return True
        report.lost += 1
        return False


async def simulate(config: SimConfig) -> SimReport:
    return await Simulation(config).run()
