"""`zhengce telemetry …`: serve, simulate, verify, import, quality, latest, readings, terminal.

Heavy imports stay inside the commands so `zhengce --help` stays fast.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(help="遥测：接收终端数据、校验防篡改链、数据质量、导入与模拟", no_args_is_help=True)
terminal_app = typer.Typer(help="终端登记：终端地址 → 取水工程", no_args_is_help=True)
app.add_typer(terminal_app, name="terminal")

DbOpt = Annotated[
    str | None, typer.Option("--db", help="数据库 URL 或 SQLite 文件路径（默认 $ZHENGCE_DB 或 ./zhengce.db）")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON")]


def _fail(message: str, code: int = 2) -> None:
    print(f"错误：{message}", file=sys.stderr)
    raise typer.Exit(code)


def _guarded(fn, *args, **kwargs) -> Any:
    """Run fn; user errors and unusable databases become a message and exit 2, never a traceback."""
    from sqlalchemy.exc import ArgumentError, DBAPIError

    from zhengce.errors import UserError

    try:
        return fn(*args, **kwargs)
    except UserError as exc:
        _fail(str(exc))
    except ArgumentError as exc:
        _fail(f"数据库 URL 无效 (invalid database URL): {exc}")
    except DBAPIError as exc:
        _fail(f"数据库不可用 (database error): {str(exc.orig).strip().splitlines()[0]}")
    except OSError as exc:
        _fail(f"{exc.strerror or exc} ({exc.filename or ''})")


def _engine(db: str | None):
    from zhengce.db import make_engine

    return make_engine(db)


def _json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=_default))


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    from decimal import Decimal

    if isinstance(value, Decimal):
        return format(value, "f")
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _time(text: str | None, name: str) -> datetime | None:
    if text is None:
        return None
    from zhengce.errors import UserError

    from .records import RecordError, parse_time

    try:
        if len(text.strip()) == 10:  # a bare date means its midnight here
            return datetime.fromisoformat(text.strip())
        return parse_time(text)
    except (RecordError, ValueError) as exc:
        raise UserError(f"--{name}：{exc}") from None


# ---------------------------------------------------------------------- serve


@app.command()
def serve(
    szy206_port: Annotated[
        int | None, typer.Option("--szy206-port", help="SZY206 监听端口（0 = 任意空闲端口）")
    ] = None,
    sl651_port: Annotated[
        int | None, typer.Option("--sl651-port", help="SL651 监听端口（0 = 任意空闲端口）")
    ] = None,
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    db: DbOpt = None,
    batch_max: Annotated[int, typer.Option(help="每个事务最多写入的读数")] = 5000,
    batch_delay_ms: Annotated[float, typer.Option(help="写入空闲时等待凑批的毫秒数")] = 2.0,
    writers: Annotated[
        int,
        typer.Option(
            help="每个进程的并行写入线程数（按取水工程分区）；0 = 自动：单进程用 PostgreSQL 时 2 个，否则 1 个"
        ),
    ] = 0,
    processes: Annotated[
        int,
        typer.Option(help="服务进程数（共用监听端口，各自提交后确认）；0 = 自动：CPU 核数（最多 8）"),
    ] = 0,
    idle_timeout: Annotated[float, typer.Option(help="关闭静默超过此秒数的连接")] = 900.0,
    sl651_60h: Annotated[
        str, typer.Option("--sl651-60h", help="SL651 60H–67H 的含义：cumulative（累计水量）或 ignore")
    ] = "cumulative",
    stats_interval: Annotated[float, typer.Option(help="统计写入与日志的间隔秒数")] = 30.0,
    log_level: Annotated[str, typer.Option(help="日志级别")] = "INFO",
) -> None:
    """接收 SZY206 / SL651 终端数据：提交后才确认；启动后在标准输出打印一行 JSON（端口）。"""
    import asyncio
    import logging
    import signal

    from .server import ServerConfig, run_server

    if szy206_port is None and sl651_port is None:
        _fail("至少需要一个端口：--szy206-port 或 --sl651-port (give at least one port)")
    if sl651_60h not in ("cumulative", "ignore"):
        _fail(f"--sl651-60h 只能是 cumulative 或 ignore: {sl651_60h!r}")
    if not 0 <= writers <= 16:
        _fail("--writers 须在 0–16 之间")
    if not 0 <= processes <= 64:
        _fail("--processes 须在 0–64 之间")
    processes = processes or max(1, min(8, os.cpu_count() or 1))
    if not 1 <= batch_max <= 100_000 or batch_delay_ms < 0:
        _fail("--batch-max 须在 1–100000 之间，--batch-delay-ms 不能为负")
    logging.basicConfig(
        level=getattr(logging, log_level.upper(), logging.INFO),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(message)s",
    )
    config = ServerConfig(
        host=host,
        szy206_port=szy206_port,
        sl651_port=sl651_port,
        batch_max=batch_max,
        batch_delay=batch_delay_ms / 1000,
        writers=writers or (0 if processes == 1 else 1),
        idle_timeout=idle_timeout,
        sl651_cumulative_60h=sl651_60h == "cumulative",
    )

    workers: list[int] = []

    def ready(ports: dict[str, int]) -> None:
        print(json.dumps({"event": "listening", "host": host, **ports, "processes": processes}), flush=True)

    async def main(on_ready=ready) -> dict:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        stats = await run_server(db, config, on_ready=on_ready, stop=stop, stats_interval=stats_interval)
        return stats.summary()

    if processes > 1:
        from .processes import bind_listeners, fork_workers, stop_workers

        ports = {"szy206": szy206_port, "sl651": sl651_port}
        config.sockets = _guarded(bind_listeners, host, ports, config.backlog)

        def worker(index: int) -> None:
            summary = asyncio.run(main(on_ready=None))
            logging.getLogger("zhengce.telemetry").info("进程 %d 停止 (worker stopped): %s", index, summary)

        workers = fork_workers(processes - 1, worker)
    try:
        summary = _guarded(asyncio.run, main())
    finally:
        if workers:
            stop_workers(workers)
    print(json.dumps({"event": "stopped", **summary}, ensure_ascii=False), flush=True)


# ---------------------------------------------------------------------- simulate


@app.command()
def simulate(
    terminals: Annotated[int, typer.Option(help="模拟终端数")] = 10,
    rate: Annotated[float, typer.Option(help="每个终端每秒发送帧数；0 = 收到确认即发下一帧")] = 0.0,
    duration: Annotated[float, typer.Option(help="持续秒数")] = 10.0,
    host: Annotated[str, typer.Option(help="服务器地址")] = "127.0.0.1",
    port: Annotated[int | None, typer.Option(help="服务器端口（协议由 --protocol 指定）")] = None,
    protocol: Annotated[str, typer.Option(help="--port 的协议：szy206 或 sl651")] = "szy206",
    szy206_port: Annotated[int | None, typer.Option("--szy206-port", help="SZY206 端口")] = None,
    sl651_port: Annotated[int | None, typer.Option("--sl651-port", help="SL651 端口")] = None,
    bad: Annotated[
        bool, typer.Option("--bad/--clean", help="模拟异常行为（CRC 错、重发、迟到、时钟偏差、回零、静默）")
    ] = True,
    seed: Annotated[int, typer.Option(help="随机种子")] = 1,
    bundled: Annotated[
        bool,
        typer.Option(
            "--bundled/--single",
            help="--bundled：每 5 分钟一个读数，SL651 小时报一帧 12 个、SZY206 每个工程 4 块水表；"
            "--single：每帧一个读数",
        ),
    ] = False,
    register: Annotated[bool, typer.Option(help="先在 --db 中登记模拟终端")] = False,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """模拟现场终端（水表）向服务器发送数据，并统计确认延迟。"""
    import asyncio

    from .simulator import MAX_TERMINALS, Behaviour, SimConfig, bundled_profile, plan_terminals
    from .simulator import simulate as run_simulation

    if port is not None:
        if protocol not in ("szy206", "sl651"):
            _fail(f"--protocol 只能是 szy206 或 sl651: {protocol!r}")
        if protocol == "szy206":
            szy206_port = szy206_port or port
        else:
            sl651_port = sl651_port or port
    if szy206_port is None and sl651_port is None:
        _fail("需要端口：--port、--szy206-port 或 --sl651-port (give a port)")
    if not 1 <= terminals <= MAX_TERMINALS:
        _fail(f"--terminals 须在 1–{MAX_TERMINALS} 之间")
    if rate < 0 or not 0 < duration <= 24 * 3600:
        _fail("--rate 不能为负，--duration 须在 0–86400 秒之间")
    config = SimConfig(
        host=host,
        szy206_port=szy206_port,
        sl651_port=sl651_port,
        terminals=terminals,
        rate=rate,
        duration=duration,
        seed=seed,
        behaviour=Behaviour.realistic() if bad else Behaviour(),
    )
    if bundled:
        bundled_profile(config)
    if register:
        from .terminals import add_terminals

        protocols = tuple(p for p, q in (("szy206", szy206_port), ("sl651", sl651_port)) if q)
        plan = plan_terminals(terminals, protocols)
        _guarded(add_terminals, _engine(db), [(t.protocol, t.address, t.works_id) for t in plan])
    report = asyncio.run(run_simulation(config))
    summary = report.summary()
    if as_json:
        _json(summary)
        return
    print(
        f"终端 {summary['connected']}/{summary['terminals']} 已连接；发送 {summary['frames_sent']} 帧，"
        f"确认 {summary['acked']}（{summary['acked_per_s']}/秒），含读数 {summary['readings_acked']}"
        f"（{summary['readings_per_s']}/秒），重发 {summary['resent']}，丢失 {summary['lost']}"
    )
    if summary["acked"]:
        print(f"确认延迟 p50 {summary['p50_ms']} ms，p95 {summary['p95_ms']} ms，p99 {summary['p99_ms']} ms")
    else:
        print("没有收到任何确认：终端是否已登记（--register）、端口是否正确？ (no acknowledgements)")
    print(
        f"异常：CRC 错 {summary['corrupted_sent']}，重复 {summary['duplicates_sent']}，迟到 {summary['late_sent']}，"
        f"清零 {summary['resets']}，静默 {summary['silences']}"
    )


# ---------------------------------------------------------------------- verify


@app.command()
def verify(
    works_id: Annotated[str | None, typer.Option("--works-id", help="只校验该取水工程")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """校验读数哈希链：指出在数据库中被直接修改、删除或插入的读数。发现问题时退出码为 1。"""
    from .chain import KIND_LABELS
    from .verify import verify_store

    report = _guarded(verify_store, _engine(db), works_id)
    if as_json:
        _json(report.as_dict())
    else:
        print(f"已校验 {report.meters} 块水表、{report.readings} 条读数。")
        for p in report.problems:
            when = p.observed_at.isoformat(sep=" ") if p.observed_at else "—"
            print(f"[{KIND_LABELS[p.kind]}] {p.works_id} 水表{p.meter} {when}：{p.detail}")
        print("链完整，未发现篡改。" if report.ok else f"发现 {len(report.problems)} 处问题。")
    if not report.ok:
        raise typer.Exit(1)


# ---------------------------------------------------------------------- import


@app.command("import")
def import_(
    path: Annotated[
        Path, typer.Argument(help="CSV 或 XLSX 文件（表头：取水工程编号/works_id、观测时间/observed_at…）")
    ],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """导入人工读数：先逐行校验，任何一行有误则指出行号且不写入任何数据。"""
    from .imports import import_file

    result = _guarded(import_file, _engine(db), path)
    if as_json:
        _json(result.as_dict())
        return
    c = result.counts
    print(
        f"{path.name}：{result.rows} 行，新增 {c.inserted} 条，已存在 {c.duplicates} 条，"
        f"与已存数据冲突 {c.conflicts} 条（保留原值，记入 telemetry_rejected）"
    )


# ---------------------------------------------------------------------- quality / latest / readings


@app.command()
def quality(
    works_id: Annotated[str, typer.Argument(help="取水工程编号")],
    since: Annotated[str | None, typer.Option(help="起始时间（ISO，默认 7 天前）")] = None,
    until: Annotated[str | None, typer.Option(help="截止时间（ISO，默认现在）")] = None,
    meter: Annotated[int | None, typer.Option(help="只看该水表")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """数据质量标记：中断、迟报、突变、倒退/回零/清零、停滞、时钟偏差。"""
    from .model import now_cst
    from .quality import quality_flags

    def run():
        end = _time(until, "until") or now_cst()
        start = _time(since, "since") or end - timedelta(days=7)
        if start >= end:
            from zhengce.errors import UserError

            raise UserError("--since 必须早于 --until (since must be before until)")
        return quality_flags(_engine(db), works_id, start, end, meter=meter)

    flags = _guarded(run)
    if as_json:
        _json([f.as_dict() for f in flags])
        return
    for f in flags:
        print(f"[{f.label}] 水表{f.meter} {f.start:%Y-%m-%d %H:%M} – {f.end:%Y-%m-%d %H:%M}：{f.message}")
    if not flags:
        print("未发现数据质量问题。")


@app.command()
def latest(
    works_id: Annotated[str | None, typer.Option("--works-id", help="只看该取水工程")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """各水表的最新读数。"""
    from .store import ensure_schema, latest_values

    def run():
        engine = _engine(db)
        ensure_schema(engine)
        return latest_values(engine, works_id)

    rows = _guarded(run)
    if as_json:
        _json(rows)
        return
    for r in rows:
        print(
            f"{r['works_id']} 水表{r['meter']} {r['observed_at']:%Y-%m-%d %H:%M:%S} "
            f"累计 {r['volume_m3'] if r['volume_m3'] is not None else '—'} m³ "
            f"流量 {r['flow_m3s'] if r['flow_m3s'] is not None else '—'} m³/s"
        )
    if not rows:
        print("还没有读数。")


@app.command()
def readings(
    works_id: Annotated[str, typer.Argument(help="取水工程编号")],
    since: Annotated[str | None, typer.Option(help="起始时间（ISO）")] = None,
    until: Annotated[str | None, typer.Option(help="截止时间（ISO）")] = None,
    meter: Annotated[int | None, typer.Option(help="只看该水表")] = None,
    cursor: Annotated[str | None, typer.Option(help="上一页返回的游标")] = None,
    limit: Annotated[int, typer.Option(help="每页条数（1–10000）")] = 100,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """按游标分页列出读数（按水表、观测时间排序）。"""
    from .store import ensure_schema, page_readings

    def run():
        engine = _engine(db)
        ensure_schema(engine)
        return page_readings(
            engine,
            works_id,
            meter=meter,
            since=_time(since, "since"),
            until=_time(until, "until"),
            cursor=cursor,
            limit=limit,
        )

    page = _guarded(run)
    if as_json:
        _json({"rows": page.rows, "next_cursor": page.next_cursor})
        return
    for r in page.rows:
        print(
            f"水表{r['meter']} {r['observed_at']:%Y-%m-%d %H:%M:%S} 累计 {r['volume_m3']} m³ "
            f"流量 {r['flow_m3s']} m³/s 序号 {r['seq']}"
        )
    if page.next_cursor:
        print(f"下一页：--cursor {page.next_cursor}")


# ---------------------------------------------------------------------- terminal


@terminal_app.command("add")
def terminal_add(
    protocol: Annotated[str, typer.Argument(help="szy206 或 sl651")],
    address: Annotated[str, typer.Argument(help="终端地址（10 位十六进制）")],
    works_id: Annotated[str, typer.Argument(help="取水工程编号")],
    note: Annotated[str | None, typer.Option(help="备注")] = None,
    db: DbOpt = None,
) -> None:
    """登记终端（已登记则改指向新的取水工程）。"""
    from .terminals import add_terminal

    _guarded(add_terminal, _engine(db), protocol, address, works_id, note)
    print(f"已登记 {protocol} {address.upper()} → {works_id}")


@terminal_app.command("remove")
def terminal_remove(
    protocol: Annotated[str, typer.Argument(help="szy206 或 sl651")],
    address: Annotated[str, typer.Argument(help="终端地址")],
    db: DbOpt = None,
) -> None:
    """注销终端。"""
    from .terminals import remove_terminal

    if not _guarded(remove_terminal, _engine(db), protocol, address):
        _fail(f"未登记的终端 (unknown terminal): {protocol} {address}")
    print(f"已注销 {protocol} {address.upper()}")


@terminal_app.command("list")
def terminal_list(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """列出已登记的终端及其链路统计。"""
    from .terminals import link_stats, list_terminals

    def run():
        engine = _engine(db)
        return list_terminals(engine), {(s["protocol"], s["address"]): s for s in link_stats(engine)}

    rows, stats = _guarded(run)
    if as_json:
        _json([r | {"stats": stats.get((r["protocol"], r["address"]))} for r in rows])
        return
    for r in rows:
        s = stats.get((r["protocol"], r["address"])) or {}
        print(
            f"{r['protocol']} {r['address']} → {r['works_id']}  帧 {s.get('frames', 0)} 读数 {s.get('readings', 0)} "
            f"坏帧 {s.get('malformed', 0)}"
        )
    if not rows:
        print("还没有登记终端。")
