"""The TCP receiving end in-process: protocol replies, ack after commit, bad input contained."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from zhengce.regimes.groundwater.telemetry import schema, sl651, szy206
from zhengce.regimes.groundwater.telemetry.model import now_cst
from zhengce.regimes.groundwater.telemetry.server import ServerConfig, TelemetryServer
from zhengce.regimes.groundwater.telemetry.store import ReadingStore
from zhengce.regimes.groundwater.telemetry.terminals import TerminalMap, add_terminal, link_stats

SZY_ADDR = szy206.make_address("370102", 7)
SL_STATION = "0012345678"
WORKS_SZY, WORKS_SL = "370102-W-000007", "370102-W-000008"


@pytest.fixture
def engine(sqlite_engine):
    add_terminal(sqlite_engine, "szy206", SZY_ADDR, WORKS_SZY)
    add_terminal(sqlite_engine, "sl651", SL_STATION, WORKS_SL)
    return sqlite_engine


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 30))


class Server:
    """A server on free ports; ``ingest`` may be wrapped to observe or break commits."""

    def __init__(self, engine, wrap=None, refresh=False, **config) -> None:
        self.engine = engine
        self.store = ReadingStore(engine)
        self.terminals = TerminalMap(engine)
        ingest = wrap(self.store.ingest) if wrap else self.store.ingest
        self.server = TelemetryServer(
            ingest,
            self.terminals,
            ServerConfig(szy206_port=0, sl651_port=0, **config),
            refresh=self.terminals.refresh if refresh else None,
        )

    async def __aenter__(self):
        self.ports = await self.server.start()
        return self

    async def __aexit__(self, *exc):
        await self.server.stop()

    async def connect(self, protocol: str):
        reader, writer = await asyncio.open_connection("127.0.0.1", self.ports[protocol])
        return Client(protocol, reader, writer)


class Client:
    def __init__(self, protocol, reader, writer) -> None:
        self.protocol, self.reader, self.writer = protocol, reader, writer
        self.splitter = szy206.Szy206Splitter() if protocol == "szy206" else sl651.Sl651Splitter()
        self.pending: list = []

    def send(self, data: bytes) -> None:
        self.writer.write(data)

    async def reply(self, timeout: float = 3.0):
        """The next frame the centre sends, or None if nothing comes within ``timeout``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self.pending:
            left = deadline - loop.time()
            if left <= 0:
                return None
            try:
                chunk = await asyncio.wait_for(self.reader.read(4096), left)
            except TimeoutError:
                return None
            if not chunk:
                return None
            self.pending += self.splitter.feed(chunk)
        return self.pending.pop(0)

    async def close(self) -> None:
        self.writer.close()
        await self.writer.wait_closed()


def szy_report(moment, volume: int, fcb: int = 1) -> bytes:
    tp = szy206.Szy206Tp.from_datetime(moment, 5)
    return szy206.encode_report(SZY_ADDR, 3, [Decimal("0.012"), volume], tp, fcb=fcb)


def sl_report(moment, volume: str, serial: int, function: int = 0x32, mode: sl651.Mode = "hex") -> bytes:
    return sl651.encode_report(
        centre=1,
        station=SL_STATION,
        password=0,
        function=function,
        serial=serial,
        sent_at=moment,
        station_type=ord("G"),
        observed_at=moment,
        elements=[(0x0E, Decimal("12.34")), (0x27, Decimal("0.020")), (0x60, Decimal(volume))],
        mode=mode,
    )


def rows(engine, works: str) -> list[tuple]:
    t = schema.reading
    with engine.connect() as conn:
        return conn.execute(
            sa.select(t.c.observed_at, t.c.volume_m3, t.c.flow_m3s, t.c.depth_m)
            .where(t.c.works_id == works)
            .order_by(t.c.observed_at)
        ).all()


def minute_ago(minutes: int = 1):
    return (now_cst() - timedelta(minutes=minutes)).replace(second=0, microsecond=0)


def test_szy206_login_reply_and_ack_only_after_commit(engine) -> None:
    committed: list = []

    def wrap(ingest):
        def observed(readings):
            counts = ingest(readings)
            committed.extend(r.key for r in readings)
            return counts

        return observed

    async def scenario():
        async with Server(engine, wrap) as srv:
            client = await srv.connect("szy206")
            client.send(szy206.encode_link_check(SZY_ADDR, szy206.LINK_LOGIN))
            login = await client.reply()
            assert (login.afn, login.link_code, login.control.uplink) == (2, szy206.LINK_LOGIN, False)
            moment = minute_ago(3)
            client.send(szy_report(moment, 123456))
            ack = await client.reply()
            assert (ack.afn, ack.address, ack.data, ack.control.uplink) == (0xC0, SZY_ADDR, b"\x00", False)
            assert (WORKS_SZY, 1, moment) in committed  # committed before the ack left
            await client.close()

    run(scenario())
    assert rows(engine, WORKS_SZY)[0][:3] == (minute_ago(3), Decimal(123456), Decimal("0.012"))


def test_sl651_keepalive_test_report_and_confirmations(engine) -> None:
    async def scenario():
        async with Server(engine) as srv:
            client = await srv.connect("sl651")
            moment = minute_ago(2)
            client.send(
                sl651.encode_keepalive(centre=1, station=SL_STATION, password=0, serial=1, sent_at=moment)
            )
            assert await client.reply(timeout=0.5) is None  # 2FH: no downlink
            client.send(sl_report(moment, "1.000", serial=2, function=0x30))
            test = await client.reply()
            assert (test.function, test.serial, test.end_char, test.uplink) == (0x30, 2, sl651.ESC, False)
            client.send(sl_report(moment, "1234.567", serial=3))
            confirmation = await client.reply()
            assert (confirmation.function, confirmation.serial, confirmation.mode) == (0x32, 3, "hex")
            client.send(sl_report(moment + timedelta(minutes=1), "1235.000", serial=4, mode="ascii"))
            ascii_reply = await client.reply()
            assert (ascii_reply.mode, ascii_reply.serial) == ("ascii", 4)
            await client.close()

    run(scenario())
    stored = rows(engine, WORKS_SL)
    # the 30H test report was confirmed but not stored
    assert [(r[0], r[1], r[3]) for r in stored] == [
        (minute_ago(2), Decimal("1234.567"), Decimal("12.340")),
        (minute_ago(1), Decimal("1235.000"), Decimal("12.340")),
    ]


def test_malformed_input_is_counted_and_contained(engine) -> None:
    async def scenario():
        async with Server(engine) as srv:
            good = await srv.connect("sl651")
            noisy = await srv.connect("szy206")
            noisy.send(szy206.encode_link_check(SZY_ADDR, szy206.LINK_HEARTBEAT))
            assert (await noisy.reply()).link_code == szy206.LINK_HEARTBEAT
            frame = bytearray(szy_report(minute_ago(5), 1000))
            frame[12] ^= 0xFF  # CRC no longer matches
            noisy.send(bytes(frame) + random.Random(1).randbytes(3000))
            noisy.send(szy_report(minute_ago(4), 1001))
            ack = await noisy.reply()
            assert ack is not None and ack.afn == 0xC0  # the good frame after the noise still counts
            good.send(sl_report(minute_ago(4), "5.000", serial=9))
            assert (await good.reply()).serial == 9
            stats = srv.server.stats
            assert stats.terminals[("szy206", SZY_ADDR)].malformed >= 1
            assert stats.garbage_bytes >= 3000
            assert stats.connections == 2  # nobody was dropped
            deltas = srv.server.link_stat_deltas()
            await noisy.close()
            await good.close()
            return deltas

    deltas = run(scenario())
    assert [r[1] for r in rows(engine, WORKS_SZY)] == [Decimal(1001)]
    from zhengce.regimes.groundwater.telemetry.terminals import flush_link_stats

    flush_link_stats(engine, deltas)
    saved = {(s["protocol"], s["address"]): s for s in link_stats(engine)}
    assert saved[("szy206", SZY_ADDR)]["malformed"] >= 1 and saved[("szy206", SZY_ADDR)]["readings"] == 1


def test_unknown_terminal_is_counted_and_not_acknowledged(engine) -> None:
    stranger = szy206.make_address("370102", 999)

    async def scenario():
        async with Server(engine) as srv:
            client = await srv.connect("szy206")
            tp = szy206.Szy206Tp.from_datetime(minute_ago(3))
            client.send(szy206.encode_report(stranger, 3, [Decimal("0.010"), 5], tp))
            assert await client.reply(timeout=0.5) is None
            assert srv.server.stats.terminals[("szy206", stranger)].unknown == 1
            # registered later: the terminal's re-send is now accepted
            add_terminal(engine, "szy206", stranger, "370102-W-000999")
            srv.terminals.refresh()
            client.send(szy206.encode_report(stranger, 3, [Decimal("0.010"), 5], tp))
            assert (await client.reply()).afn == 0xC0
            await client.close()

    run(scenario())
    assert len(rows(engine, "370102-W-000999")) == 1


def test_failed_commit_is_retried_and_acknowledged_only_once_stored(engine) -> None:
    failures = {"left": 2}

    def wrap(ingest):
        def flaky(readings):
            if failures["left"]:
                failures["left"] -= 1
                raise OperationalError("INSERT", {}, Exception("disk I/O error"))
            return ingest(readings)

        return flaky

    async def scenario():
        async with Server(engine, wrap) as srv:
            client = await srv.connect("sl651")
            client.send(sl_report(minute_ago(2), "77.000", serial=5))
            confirmation = await client.reply(timeout=5)
            assert confirmation is not None and confirmation.serial == 5
            assert srv.server.stats.commit_failures == 2
            await client.close()

    run(scenario())
    assert failures["left"] == 0
    assert [r[1] for r in rows(engine, WORKS_SL)] == [Decimal("77.000")]


def test_resent_frame_is_acknowledged_again_but_stored_once(engine) -> None:
    async def scenario():
        async with Server(engine) as srv:
            client = await srv.connect("sl651")
            frame = sl_report(minute_ago(2), "10.000", serial=6)
            for _ in range(3):
                client.send(frame)
                assert (await client.reply()).serial == 6
            await client.close()
            return srv.server.stats

    stats = run(scenario())
    assert (stats.inserted, stats.duplicates, stats.acks) == (1, 2, 3)
    assert len(rows(engine, WORKS_SL)) == 1


def test_hundreds_of_concurrent_links(engine) -> None:
    from zhengce.regimes.groundwater.telemetry.simulator import SimConfig, Simulation, plan_terminals
    from zhengce.regimes.groundwater.telemetry.terminals import add_terminals

    add_terminals(engine, [(t.protocol, t.address, t.works_id) for t in plan_terminals(300)])

    async def scenario():
        async with Server(engine) as srv:
            sim = Simulation(
                SimConfig(
                    szy206_port=srv.ports["szy206"],
                    sl651_port=srv.ports["sl651"],
                    terminals=300,
                    duration=1.5,
                )
            )
            report = await sim.run()
            assert srv.server.stats.connections_total == 300
            return report

    report = run(scenario())
    assert report.connected == 300 and report.lost == 0
    assert report.acked >= 300
    t = schema.reading
    with engine.connect() as conn:
        stored = conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
    assert stored == report.acked  # clean run: one stored reading per acknowledged frame


def test_stop_commits_and_acknowledges_what_is_queued(engine) -> None:
    import time

    def wrap(ingest):
        def slow(readings):
            time.sleep(0.3)  # a commit still running when the stop comes
            return ingest(readings)

        return slow

    async def scenario():
        srv = Server(engine, wrap)
        await srv.__aenter__()
        client = await srv.connect("sl651")
        client.send(sl_report(minute_ago(2), "3.000", serial=11))
        await asyncio.sleep(0.1)
        client.send(sl_report(minute_ago(1), "4.000", serial=12))
        await asyncio.sleep(0.05)
        started = time.monotonic()
        await srv.server.stop()
        took = time.monotonic() - started
        replies = [await client.reply(timeout=1), await client.reply(timeout=1)]
        await client.close()
        return took, replies

    took, replies = run(scenario())
    assert took < 3
    assert [r.serial for r in replies] == [11, 12]
    assert [r[1] for r in rows(engine, WORKS_SL)] == [Decimal("3.000"), Decimal("4.000")]


def test_terminal_registered_while_running_is_picked_up(engine) -> None:
    stranger = szy206.make_address("370102", 555)

    async def scenario():
        async with Server(engine, refresh=True, unknown_refresh_interval=0.1) as srv:
            client = await srv.connect("szy206")
            tp = szy206.Szy206Tp.from_datetime(minute_ago(3))
            frame = szy206.encode_report(stranger, 3, [Decimal("0.010"), 9], tp)
            client.send(frame)
            assert await client.reply(timeout=0.3) is None
            add_terminal(engine, "szy206", stranger, "370102-W-000555")  # no manual refresh
            reply = None
            for _ in range(20):
                await asyncio.sleep(0.15)
                client.send(frame)  # the terminal re-sends until acknowledged
                reply = await client.reply(timeout=0.3)
                if reply is not None:
                    break
            await client.close()
            return reply

    reply = run(scenario())
    assert reply is not None and reply.afn == 0xC0
    assert len(rows(engine, "370102-W-000555")) == 1


def test_simulator_times_out_and_resends_when_no_acknowledgement_comes() -> None:
    """A centre that reads but never answers: each SL651 report is sent 1 + retries times,
    then counted lost (the one sweep that enforces every request's timeout)."""
    from zhengce.regimes.groundwater.telemetry.simulator import SimConfig, Simulation

    async def scenario():
        received = bytearray()

        async def silent(reader, writer):
            while chunk := await reader.read(4096):
                received.extend(chunk)

        server = await asyncio.start_server(silent, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        config = SimConfig(sl651_port=port, terminals=1, duration=0.5, ack_timeout=0.2, retries=1)
        report = await Simulation(config).run()  # hangs (wait_for fails) if a timeout never fires
        server.close()
        return report, received

    report, received = asyncio.run(asyncio.wait_for(scenario(), 30))
    assert report.acked == 0 and report.lost >= 1
    assert report.resent == report.lost  # one re-send per lost report
    assert report.frames_sent == 2 * report.lost
    assert received.count(b"\x7e\x7e") >= report.frames_sent
