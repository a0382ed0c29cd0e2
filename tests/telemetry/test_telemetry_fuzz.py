"""Property tests: the chain names any single tampering; no byte stream can break the server."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhengce.regimes.groundwater.telemetry import sl651, szy206
from zhengce.regimes.groundwater.telemetry.chain import Hasher, Head, StoredReading, check_meter, relink
from zhengce.regimes.groundwater.telemetry.model import Reading, now_cst
from zhengce.regimes.groundwater.telemetry.server import ServerConfig, TelemetryServer, _Committer, _Link

T0 = datetime(2024, 6, 1)
HASHER = Hasher()


def chain(n: int) -> list[StoredReading]:
    readings = [
        Reading("W", T0 + timedelta(hours=i), volume_m3=Decimal(100 + i), source="api", received_at=T0)
        for i in range(n)
    ]
    return [
        StoredReading(r, *link)
        for r, link in zip(readings, relink("0" * 64, 0, readings, HASHER), strict=True)
    ]


def head(rows: list[StoredReading]) -> Head:
    return Head(rows[-1].reading.observed_at, rows[-1].seq, rows[-1].hash)


@settings(max_examples=150, deadline=None)
@given(n=st.integers(2, 12), data=st.data())
def test_any_single_tampering_is_named(n, data) -> None:
    rows = chain(n)
    real_head = head(rows)
    i = data.draw(st.integers(0, n - 1))
    op = data.draw(st.sampled_from(["value", "hash", "delete", "insert"]))
    target = rows[i].reading
    if op == "value":
        rows[i] = replace(rows[i], reading=replace(target, volume_m3=target.volume_m3 + 1))
        expected = ("changed", target.observed_at)
    elif op == "hash":
        rows[i] = replace(rows[i], hash="f" * 64)
        expected = ("changed", target.observed_at)
    elif op == "delete":
        del rows[i]
        expected = ("deleted", rows[i - 1].reading.observed_at if i else None)
    else:
        fake = replace(target, observed_at=target.observed_at + timedelta(minutes=30), volume_m3=Decimal(1))
        junk = data.draw(st.sampled_from([None, "0" * 64, rows[i].hash]))
        rows.insert(i + 1, StoredReading(fake, rows[i].seq + 1, rows[i].hash, junk))
        expected = ("inserted", fake.observed_at)
    problems = check_meter("W", 1, rows, real_head, HASHER)
    assert [(p.kind, p.observed_at) for p in problems] == [expected]


@settings(max_examples=10, deadline=None)
@given(n=st.integers(1, 10))
def test_untouched_chain_is_clean(n) -> None:
    rows = chain(n)
    assert check_meter("W", 1, rows, head(rows), HASHER) == []


class _Transport:
    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.sent.append(data)

    def pause_reading(self) -> None:
        pass

    def get_extra_info(self, name):
        return ("127.0.0.1", 1)


def _server() -> TelemetryServer:
    server = TelemetryServer(lambda readings: None, lambda protocol, address: "W", ServerConfig())
    server._committers = [_Committer(server, lambda readings: None)]
    return server


def _valid_frames() -> list[bytes]:
    moment = now_cst().replace(microsecond=0) - timedelta(minutes=5)
    return [
        szy206.encode_link_check("3701020100"),
        szy206.encode_report("3701020100", 3, [Decimal("0.01"), 5], szy206.Szy206Tp.from_datetime(moment)),
        sl651.encode_report(
            centre=1,
            station="0000000001",
            password=0,
            function=0x32,
            serial=1,
            sent_at=moment,
            station_type=ord("G"),
            observed_at=moment.replace(second=0),
            elements=[(0x60, Decimal("12.5")), (0x0E, Decimal("3.21"))],
        ),
    ]


FRAMES = _valid_frames()
chunks = st.lists(
    st.one_of(
        st.binary(max_size=80),
        st.sampled_from(FRAMES),
        st.tuples(st.sampled_from(FRAMES), st.integers(0, 200), st.integers(1, 255)).map(
            lambda t: (
                t[0][: t[1] % len(t[0])]
                + bytes([t[0][t[1] % len(t[0])] ^ t[2]])
                + t[0][t[1] % len(t[0]) + 1 :]
            )
        ),
    ),
    max_size=12,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(protocol=st.sampled_from(["szy206", "sl651"]), stream=chunks)
def test_no_byte_stream_breaks_the_link_handler(protocol, stream) -> None:
    server = _server()
    link = _Link(server, server.handlers[protocol])
    link.connection_made(_Transport())
    for chunk in stream:
        server._received(link, chunk)  # must never raise
    stats = server.stats
    assert stats.frames == sum(t.frames for t in stats.terminals.values())
    assert link.splitter.buffered <= link.splitter.max_frame_len
