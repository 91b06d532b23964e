"""Query execution isolated in worker processes.

pyoxigraph cannot cancel a running query, so each query runs in a worker process that opens
the on-disk store read-only; at the deadline the worker is killed and replaced, and the
server keeps answering. Writes (SPARQL Update, Graph Store Protocol) take the pool
exclusively: workers stop, the store is opened read-write in this process, then workers
restart on the new state.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import multiprocessing as mp
import os
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

log = logging.getLogger("quartiers.engine")


@dataclass
class QueryRequest:
    query: str
    kind_formats: dict[str, tuple[str, str] | None]  # result kind -> (format, media type)
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    base_iri: str | None = None
    max_results: int = 100_000
    prefixes: dict[str, str] = field(default_factory=dict)


@dataclass
class QueryResponse:
    status: int
    media_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    kind: str = ""
    rows: int = 0
    error: str | None = None


def execute(store: Any, req: QueryRequest) -> QueryResponse:
    """Run one query on an open pyoxigraph store and serialise the result (in the worker)."""
    import pyoxigraph as ox

    from quartiers.results import (
        TooManyResults,
        serialise_boolean,
        serialise_solutions,
        serialise_triples,
    )

    kwargs: dict[str, Any] = {}
    if req.default_graphs is not None:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in req.default_graphs]
    if req.named_graphs is not None:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in req.named_graphs]
        kwargs.setdefault("default_graph", ox.DefaultGraph())
    try:
        result = store.query(req.query, base_iri=req.base_iri, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            kind = "boolean"
        elif isinstance(result, ox.QuerySolutions):
            kind = "solutions"
        else:
            kind = "graph"
        chosen = req.kind_formats.get(kind)
        if chosen is None:
            return QueryResponse(
                406,
                kind=kind,
                error=f"no acceptable media type for this result ({kind}); see Accept",
            )
        fmt, media = chosen
        if kind == "boolean":
            body, rows = serialise_boolean(bool(result), fmt), 1
        elif kind == "solutions":
            body, rows = serialise_solutions(result, fmt, req.max_results)
        else:
            body, rows = serialise_triples(result, fmt, req.max_results, req.prefixes)
        charset = "" if fmt in ("rdfxml",) else "; charset=utf-8"
        return QueryResponse(200, media + charset, body, kind, rows)
    except SyntaxError as exc:
        return QueryResponse(400, error=f"SPARQL syntax error: {exc}")
    except TooManyResults as exc:
        return QueryResponse(413, error=str(exc))
    except (OSError, ValueError, RuntimeError) as exc:
        return QueryResponse(400, error=f"query evaluation error: {exc}")


def _worker_main(store_path: str, conn: Connection, in_memory: bool) -> None:
    import pyoxigraph as ox

    store = ox.Store.read_only(store_path)
    if in_memory:
        # queries run 1.6-5x faster on an in-memory copy than on read-only RocksDB
        # (bench/http_load.py); the copy costs memory and a few seconds at startup per 1M triples
        disk, store = store, ox.Store()
        store.bulk_extend(disk.quads_for_pattern(None, None, None, None))
        del disk
    conn.send("ready")
    while True:
        try:
            req = conn.recv()
        except EOFError:
            return
        if req is None:
            return
        conn.send(execute(store, req))


class Worker:
    def __init__(self, store_path: Path, in_memory: bool = True):
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(
            target=_worker_main, args=(str(store_path), child, in_memory), daemon=True
        )
        self.proc.start()
        child.close()
        if not self.conn.poll(60) or self.conn.recv() != "ready":
            self.kill()
            raise RuntimeError("query worker failed to start")

    def call(self, req: QueryRequest, timeout: float) -> QueryResponse:
        self.conn.send(req)
        if not self.conn.poll(timeout):
            raise TimeoutError
        resp = self.conn.recv()
        assert isinstance(resp, QueryResponse)
        return resp

    async def acall(self, req: QueryRequest, timeout: float) -> QueryResponse:
        """Send the request and wait for the answer on the event loop (no thread hop)."""
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        fd = self.conn.fileno()

        def readable() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(fd, readable)
        try:
            self.conn.send(req)
            await asyncio.wait_for(ready, timeout)  # raises TimeoutError at the deadline
        finally:
            loop.remove_reader(fd)
            os.set_blocking(fd, True)  # the loop made it non-blocking; the answer may be large
        resp = self.conn.recv()
        assert isinstance(resp, QueryResponse)
        return resp

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.proc.kill()
            self.proc.join(5)
        with contextlib.suppress(Exception):
            self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.send(None)
            self.proc.join(5)
        self.kill()


class Engine:
    """A pool of query workers over one on-disk store."""

    def __init__(
        self, store_path: Path, size: int = 2, timeout: float = 30.0, in_memory: bool = True
    ):
        self.store_path = store_path
        self.in_memory = in_memory
        self.size = max(1, size)
        self.timeout = timeout
        self.executor = ThreadPoolExecutor(max_workers=self.size + 2)
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.started = False
        self._starting: set[asyncio.Task[None]] = set()
        self.generation = 0  # bumped on every write, for ETags and caches

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        workers = await asyncio.gather(
            *[
                loop.run_in_executor(self.executor, Worker, self.store_path, self.in_memory)
                for _ in range(self.size)
            ]
        )
        for w in workers:
            self.idle.put_nowait(w)
        self.started = True

    async def stop(self) -> None:
        while not self.idle.empty():
            self.idle.get_nowait().stop()
        self.executor.shutdown(wait=False, cancel_futures=True)

    async def run(self, req: QueryRequest) -> QueryResponse:
        worker = await self.idle.get()
        start = time.monotonic()
        try:
            resp = await worker.acall(req, self.timeout)
        except TimeoutError:
            log.warning("query exceeded %.1fs: worker killed, a new one is starting", self.timeout)
            self._replace(worker)
            return QueryResponse(
                503,
                error=f"query timed out after {self.timeout:g} s (--query-timeout); it was stopped",
            )
        except (EOFError, BrokenPipeError, OSError) as exc:
            log.error("query worker died (%s): a new one is starting", exc)
            self._replace(worker)
            return QueryResponse(500, error="the query worker crashed; the query was not answered")
        log.debug("query ran %.3fs", time.monotonic() - start)
        self.idle.put_nowait(worker)
        return resp

    def _replace(self, worker: Worker) -> None:
        """Kill a worker and start its successor in the background: the answer to the client
        does not wait for the new process (seconds on a large store)."""
        worker.kill()
        loop = asyncio.get_running_loop()

        async def start() -> None:
            new = await loop.run_in_executor(self.executor, Worker, self.store_path, self.in_memory)
            self.idle.put_nowait(new)

        task = loop.create_task(start())
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    @contextlib.asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        """Take every worker, stop them, let the caller write, then restart the pool."""
        taken = [await self.idle.get() for _ in range(self.size)]
        loop = asyncio.get_running_loop()
        for w in taken:
            await loop.run_in_executor(self.executor, w.stop)
        gc.collect()
        try:
            yield
        finally:
            self.generation += 1
            gc.collect()
            workers = await asyncio.gather(
                *[
                    loop.run_in_executor(self.executor, Worker, self.store_path, self.in_memory)
                    for _ in range(self.size)
                ]
            )
            for w in workers:
                self.idle.put_nowait(w)

    async def write(self, fn: Callable[[Any], Any]) -> Any:
        """Run fn(store) with the store open read-write, no query running."""
        import pyoxigraph as ox

        async with self.exclusive():
            loop = asyncio.get_running_loop()

            def _do() -> Any:
                store = ox.Store(str(self.store_path))
                try:
                    return fn(store)
                finally:
                    store.flush()
                    del store
                    gc.collect()

            return await loop.run_in_executor(self.executor, _do)
