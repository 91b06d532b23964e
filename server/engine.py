"""Query and write execution in engine processes, scheduled within limits.

pyoxigraph cannot cancel a running query, so every query runs in a reader process that is
killed and replaced at the deadline. The deadline counts from the request's arrival, so time
spent waiting for a free reader counts too; past `max_waiting` queued queries a request is
refused at once (503 with Retry-After) instead of joining an unbounded queue. The server's
own queries (pages, /id) wait ahead of clients' queries.

Writes go to one writer process that applies them to a copy of the current store
generation (server/generations.py). Readers keep answering from the old generation while a
write runs; once it succeeded, new readers open the new generation, the pointer moves in one
rename and the old readers retire. A write that fails or times out leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import pickle
import shutil
import socket
import struct
import subprocess
import sys
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from quartiers.generations import Generations
from server.worker import (
    QueryRequest,
    QueryResponse,
    WorkerConfig,
    WriteRequest,
)

__all__ = ["Engine", "EngineLimits", "QueryRequest", "QueryResponse", "WriteRequest"]
log = logging.getLogger("quartiers.engine")
ENTRY = "import sys; from server.worker import entry; entry(int(sys.argv[1]))"


@dataclass(frozen=True)
class EngineLimits:
    workers: int = 3
    timeout: float = 30.0  # seconds from arrival to answer, waiting included
    max_waiting: int = 32  # queries queued for a reader before 503
    in_memory: bool = False


class Busy(Exception):
    pass


def frame(obj: Any) -> bytes:
    """A message as multiprocessing.connection frames it (the engine process reads it with a
    Connection): a 4-byte length, or -1 and an 8-byte one past 2 GiB, then the pickle."""
    data = pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)
    if len(data) > 0x7FFFFFFF:
        return struct.pack("!iQ", -1, len(data)) + data
    return struct.pack("!i", len(data)) + data


class _Answers(asyncio.Protocol):
    """The server's end of an engine process's socket on the event loop: answers are
    gathered as they arrive (a large one never blocks the loop) and handed to the request
    waiting for them. The socket stays registered: no reader added and removed, no blocking
    mode switched, for each query."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.waiter: asyncio.Future[Any] | None = None
        self.closed = False

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) >= 4:
            (size,) = struct.unpack_from("!i", self.buffer)
            start = 4
            if size == -1:
                if len(self.buffer) < 12:
                    return
                (size,) = struct.unpack_from("!Q", self.buffer, 4)
                start = 12
            if len(self.buffer) < start + size:
                return
            message = pickle.loads(self.buffer[start : start + size])
            del self.buffer[: start + size]
            if self.waiter is not None and not self.waiter.done():
                self.waiter.set_result(message)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(EOFError("the engine process closed its connection"))


class Worker:
    """One engine process and the connection to it.

    Started as a fresh interpreter that imports only the engine's modules (`python -c`), not
    with multiprocessing's spawn: spawn re-imports the parent's main module in every child
    (the `quartiers` CLI: typer, rich, about 20 MB each) and starts a resource tracker
    process (13 MB) that the engine does not need."""

    def __init__(self, role: str, gen: Path | None, cfg: WorkerConfig, in_memory: bool):
        ours, theirs = socket.socketpair()
        self.sock: socket.socket | None = ours
        self.answers: _Answers | None = None
        self.transport: asyncio.Transport | None = None
        self.role, self.gen = role, gen
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", ENTRY, str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
            )
        finally:
            theirs.close()
        msg = None
        # the start-up, off the event loop, on the socket in blocking mode
        conn = Connection(os.dup(ours.fileno()))
        try:
            conn.send((role, str(gen) if gen else None, cfg, in_memory))
            # no fixed limit: a busy machine is slow to start a process, not a failure; a
            # process that died is one
            while not conn.poll(1.0):
                if self.proc.poll() is not None:
                    break
            else:
                msg = conn.recv()
        except (EOFError, OSError):
            msg = None
        finally:
            conn.close()
        if not (isinstance(msg, tuple) and msg[0] == "ready"):
            self.kill()
            raise RuntimeError(f"{role} process failed to start")
        self.sandbox: str = msg[1]

    async def acall(self, msg: Any, timeout: float) -> QueryResponse:
        """Send a message and wait for the answer on the event loop, up to timeout."""
        loop = asyncio.get_running_loop()
        if self.answers is None:
            assert self.sock is not None
            sock, self.sock = self.sock, None
            transport, self.answers = await loop.connect_accepted_socket(_Answers, sock)
            self.transport = transport
        if self.answers.closed:
            raise EOFError("the engine process closed its connection")
        assert self.transport is not None
        self.answers.waiter = waiter = loop.create_future()
        if isinstance(msg, tuple):  # a write: the body may be megabytes, pickled off the loop
            data = await loop.run_in_executor(None, frame, msg)
        else:
            data = frame(msg)
        self.transport.write(data)
        try:
            resp = await asyncio.wait_for(waiter, max(timeout, 0.001))
        finally:
            self.answers.waiter = None
        assert isinstance(resp, QueryResponse)
        return resp

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.proc.kill()
            self.proc.wait(5)
        self._close()

    def stop(self) -> None:
        """End the process (SIGTERM: an engine keeps nothing that a stop would lose)."""
        with contextlib.suppress(Exception):
            self.proc.terminate()
            self.proc.wait(5)
        self.kill()

    def _close(self) -> None:
        """Close the socket if no transport took it (a transport closes itself on the end of
        the connection, from the event loop)."""
        if self.sock is not None:
            with contextlib.suppress(Exception):
                self.sock.close()
            self.sock = None


class Engine:
    """Readers over the published generation, one writer, and the queue in front of them."""

    def __init__(
        self,
        gens: Generations,
        cfg: WorkerConfig,
        limits: EngineLimits,
        *,
        writable: bool = False,
    ):
        self.gens, self.cfg, self.limits, self.writable = gens, cfg, limits, writable
        self.size = max(1, limits.workers)
        current = gens.current()
        assert current is not None, "no published store generation"
        self.current: Path = current
        self.executor = ThreadPoolExecutor(max_workers=self.size + 3)
        self.idle: list[Worker] = []
        self.live: set[Worker] = set()
        # (the server's own queries, clients' queries): the first are served first
        self.waiters: tuple[deque[asyncio.Future[Worker]], ...] = (deque(), deque())
        self.client_busy = 0  # readers held by clients' queries
        self.writer: Worker | None = None
        self.write_lock = asyncio.Lock()
        self.writing: Path | None = None
        self.pinned: set[Path] = set()  # generations being read outside the readers (dumps)
        self.started = False
        self.generation = 0  # bumped on every published write, for ETags and caches
        self.sandbox = "none"
        self.service_seconds = 0.05  # moving average, for Retry-After
        self._tasks: set[asyncio.Task[Any]] = set()

    # -- processes --------------------------------------------------------------------------

    async def _spawn(self, role: str, gen: Path | None) -> Worker:
        loop = asyncio.get_running_loop()
        w = await loop.run_in_executor(
            self.executor, Worker, role, gen, self.cfg, self.limits.in_memory
        )
        self.sandbox = w.sandbox
        return w

    def _background(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def start(self) -> None:
        readers = await asyncio.gather(
            *[self._spawn("reader", self.current) for _ in range(self.size)]
        )
        for w in readers:
            self.live.add(w)
            self._release(w)
        if self.writable:
            self.writer = await self._spawn("writer", None)
        if self.cfg.allow:
            note = "off: SERVICE may call " + ", ".join(sorted(self.cfg.allow))
        elif self.sandbox == "none":
            note = "none available: queries are still checked on their parse"
        else:
            note = self.sandbox
        log.log(
            logging.WARNING if self.sandbox == "none" else logging.INFO,
            "engine: %d readers%s; network isolation: %s",
            self.size,
            " and a writer" if self.writable else "",
            note,
        )
        self.started = True

    async def stop(self) -> None:
        for w in [*self.live, *([self.writer] if self.writer else [])]:
            w.stop()
        self.live.clear()
        self.idle.clear()
        self.executor.shutdown(wait=False, cancel_futures=True)

    def _retire(self, w: Worker) -> None:
        self.live.discard(w)
        loop = asyncio.get_running_loop()

        async def stop() -> None:
            await loop.run_in_executor(self.executor, w.stop)
            self._collect()

        self._background(stop())

    def _collect(self) -> None:
        keep = {w.gen for w in self.live if w.gen} | {self.current} | self.pinned
        if self.writing:
            keep.add(self.writing)
        self.gens.collect(keep)

    def _replace(self, w: Worker) -> None:
        """Kill a reader and start its successor in the background: the client's answer does
        not wait for the new process (seconds on a large store)."""
        if w not in self.live:
            return
        w.kill()
        self.live.discard(w)

        async def start() -> None:
            try:
                new = await self._spawn("reader", self.current)
            except RuntimeError as exc:
                log.error("%s", exc)
                return
            self.live.add(new)
            self._release(new)

        self._background(start())

    # -- the queue ----------------------------------------------------------------------------

    @property
    def waiting(self) -> int:
        return sum(1 for q in self.waiters for f in q if not f.done())

    @property
    def client_limit(self) -> int:
        """Readers clients' queries may hold at once: with three or more, one stays free for
        the server's own queries, so pages, /id and /api keep answering during a flood. Counted
        on the readers alive now: while killed ones are being replaced, the reserved one must not
        go to the next client in the queue."""
        if self.size < 3:
            return self.size
        return max(len(self.live) - 1, 0)

    def retry_after(self) -> str:
        estimate = self.service_seconds * (self.waiting + self.size) / self.size
        return str(max(1, min(math.ceil(estimate), math.ceil(self.limits.timeout))))

    def unavailable(self, message: str) -> QueryResponse:
        """503 with an estimate of when to come back."""
        return QueryResponse(503, error=message, headers={"Retry-After": self.retry_after()})

    def _release(self, w: Worker) -> None:
        if w.gen != self.current or w not in self.live:
            self._retire(w)
            return
        internal, clients = self.waiters
        for queue in (internal, clients) if self.client_busy < self.client_limit else (internal,):
            while queue:
                fut = queue.popleft()
                if not fut.done():
                    self.client_busy += queue is clients
                    fut.set_result(w)
                    return
        self.idle.append(w)

    async def _acquire(self, deadline: float, internal: bool) -> Worker:
        if self.idle and (internal or self.client_busy < self.client_limit):
            self.client_busy += not internal
            return self.idle.pop()
        queue = self.waiters[0 if internal else 1]
        if sum(1 for f in queue if not f.done()) >= self.limits.max_waiting:
            raise Busy
        fut: asyncio.Future[Worker] = asyncio.get_running_loop().create_future()
        queue.append(fut)
        try:
            await asyncio.wait({fut}, timeout=max(deadline - time.monotonic(), 0))
        except BaseException:  # cancelled while waiting: hand on a reader given meanwhile
            if fut.done() and not fut.cancelled():
                self.client_busy -= not internal
                self._release(fut.result())
            fut.cancel()
            raise
        if fut.done() and not fut.cancelled():
            return fut.result()
        fut.cancel()
        raise TimeoutError

    async def run(self, req: QueryRequest) -> QueryResponse:
        start = time.monotonic()
        deadline = start + self.limits.timeout
        try:
            worker = await self._acquire(deadline, req.internal)
        except (Busy, TimeoutError) as exc:
            why = (
                f"the server is busy ({self.limits.max_waiting} queries waiting)"
                if isinstance(exc, Busy)
                else f"no query engine became free within {self.limits.timeout:g} s "
                "(--query-timeout counts the wait)"
            )
            return self.unavailable(f"{why}: retry later")
        try:
            resp, alive = await self._call(worker, req, deadline - time.monotonic())
        except BaseException:  # cancelled: the reader's answer will never be read
            self._replace(worker)
            raise
        finally:
            self.client_busy -= not req.internal
        if alive:
            self._release(worker)
        for w in list(self.idle):  # a client may be waiting for the slot just freed
            self.idle.remove(w)
            self._release(w)
        return resp

    async def _call(
        self, worker: Worker, req: QueryRequest, timeout: float
    ) -> tuple[QueryResponse, bool]:
        """The reader's answer, and whether the reader is still usable."""
        ran = time.monotonic()
        try:
            resp = await worker.acall(req, timeout)
        except TimeoutError:
            log.warning(
                "query exceeded %.1fs: reader killed, a new one is starting", self.limits.timeout
            )
            self._replace(worker)
            return self.unavailable(
                f"query timed out after {self.limits.timeout:g} s (--query-timeout); it was stopped"
            ), False
        except (EOFError, BrokenPipeError, OSError) as exc:
            log.error("reader died (%s): a new one is starting", exc)
            self._replace(worker)
            return QueryResponse(
                400, error="the query engine stopped on this query; it was not answered"
            ), False
        took = time.monotonic() - ran
        self.service_seconds = 0.9 * self.service_seconds + 0.1 * took
        return resp, True

    # -- writes -------------------------------------------------------------------------------

    async def write(self, req: WriteRequest) -> QueryResponse:
        """Apply a write to a copy of the current generation in the writer process, then
        publish the copy; reads go on meanwhile, from the old generation."""
        if self.writer is None:
            return QueryResponse(403, error="this server is read-only")
        deadline = time.monotonic() + self.limits.timeout
        try:
            await asyncio.wait_for(self.write_lock.acquire(), self.limits.timeout)
        except TimeoutError:
            return self.unavailable("another write is still running: retry later")
        try:
            return await self._write_locked(req, deadline)
        finally:
            self.writing = None
            self.write_lock.release()

    async def _write_locked(self, req: WriteRequest, deadline: float) -> QueryResponse:
        assert self.writer is not None
        src, dst = self.current, self.gens.fresh()
        self.writing = dst
        try:
            resp = await self.writer.acall((req, str(src), str(dst)), deadline - time.monotonic())
        except (TimeoutError, EOFError, OSError) as exc:
            timed_out = isinstance(exc, TimeoutError)
            log.warning(
                "write %s: writer replaced", "timed out" if timed_out else f"failed ({exc})"
            )
            self.writer.kill()
            shutil.rmtree(dst, ignore_errors=True)
            self.writer = await self._spawn("writer", None)
            if timed_out:
                return self.unavailable(
                    f"the write took longer than {self.limits.timeout:g} s; nothing was changed"
                )
            return QueryResponse(400, error="the write could not be applied; nothing was changed")
        if not resp.changed:
            shutil.rmtree(dst, ignore_errors=True)
            return resp
        try:
            readers = await asyncio.gather(*[self._spawn("reader", dst) for _ in range(self.size)])
        except RuntimeError as exc:
            log.error("new readers failed to start: %s", exc)
            shutil.rmtree(dst, ignore_errors=True)
            return QueryResponse(503, error="the write could not be published; nothing changed")
        self.gens.publish(dst)
        self.current = dst
        self.generation += 1
        old_idle, self.idle = self.idle, []
        for w in old_idle:
            self._retire(w)
        for w in readers:
            self.live.add(w)
            self._release(w)
        return resp
