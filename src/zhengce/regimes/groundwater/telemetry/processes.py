"""Several server processes on the same listening sockets (``telemetry serve --processes N``).

One Python process tops out at about one core of decoding, chaining and socket work (one GIL).
The parent binds the ports, then forks N - 1 workers that inherit the listening sockets; the
kernel hands each new terminal connection to whichever process accepts it first. Every process
runs the whole server (its own event loop, store objects and writer threads): each commits
before it acknowledges, and the store's locks and generation counters keep the per-meter
chains whole when two processes write the same database (see store.py).

Workers die with the parent (Linux ``PR_SET_PDEATHSIG``), so a parent killed with SIGKILL
leaves no process acknowledging readings behind it; a parent stopped with SIGTERM/SIGINT stops
its workers the same way, after they commit what they have queued.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import sys
import time
from collections.abc import Callable

PR_SET_PDEATHSIG = 1


def bind_listeners(host: str, ports: dict[str, int | None], backlog: int) -> dict[str, socket.socket]:
    """Listening sockets for the protocols given a port (0 = any free port)."""
    out = {}
    try:
        for name, port in ports.items():
            if port is None:
                continue
            sock = socket.create_server((host, port), backlog=backlog, reuse_port=False)
            sock.setblocking(False)
            out[name] = sock
    except OSError:
        for sock in out.values():
            sock.close()
        raise
    return out


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def fork_workers(count: int, work: Callable[[int], None]) -> list[int]:
    """Fork ``count`` workers running ``work(index)``; returns their pids (parent side)."""
    parent = os.getpid()
    pids = []
    for index in range(1, count + 1):
        pid = os.fork()
        if pid == 0:  # the worker: never returns into the caller's code
            code = 1
            try:
                _die_with_parent()
                if os.getppid() != parent:  # the parent died before the line above
                    os._exit(1)
                work(index)
                code = 0
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        pids.append(pid)
    return pids


def stop_workers(pids: list[int], timeout: float = 20.0) -> None:
    """SIGTERM the workers (they drain and exit), SIGKILL any still running after ``timeout``."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    waiting = set(pids)
    while waiting and time.monotonic() < deadline:
        for pid in list(waiting):
            with contextlib.suppress(ChildProcessError):
                done, _ = os.waitpid(pid, os.WNOHANG)
                if done == 0:
                    continue
            waiting.discard(pid)
        time.sleep(0.05)
    for pid in waiting:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
