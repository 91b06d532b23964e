"""Queries answered by a remote SPARQL engine (`--endpoint URL`) within the same limits as
the embedded engine processes: every query parsed first (SERVICE and LOAD refused, depth
bounded), at most `workers` queries sent at once, `max_waiting` queued before 503, a deadline
from arrival that counts the wait and is passed to the engine as the request's timeout, and
results counted and re-serialised here (formats and `--max-results` as with the embedded
store). The server is read-only in front of a remote store: data goes in with
`quartiers build --endpoint URL` (or the engine's own tools).

A timed-out query is abandoned by this server; the engine may go on evaluating it unless
it has its own limit (Oxigraph: `--timeout-s`; Fuseki: `arq:queryTimeout`; Virtuoso:
`MaxQueryExecutionTime`): set it, at or below --query-timeout."""

from __future__ import annotations

import asyncio
import logging
import math
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from quartiers.remote import RemoteStore
from server.engine import EngineLimits, QueryRequest, QueryResponse, WriteRequest
from server.worker import Gate, WorkerConfig, execute

log = logging.getLogger("quartiers.engine")


class _Deadline:
    """The store's query() with the time left as its HTTP timeout."""

    def __init__(self, store: RemoteStore, seconds: float):
        self.store, self.seconds = store, seconds

    def query(self, sparql: str, **kwargs: object) -> object:
        return self.store.query(sparql, timeout=max(self.seconds, 0.001), **kwargs)  # type: ignore[arg-type]


class RemoteEngine:
    def __init__(self, store: RemoteStore, cfg: WorkerConfig, limits: EngineLimits):
        self.store, self.cfg, self.limits = store, cfg, limits
        self.size = max(1, limits.workers)
        self.gate = Gate(cfg)
        self.executor = ThreadPoolExecutor(max_workers=self.size + 1, thread_name_prefix="remote")
        self.slots = asyncio.Semaphore(self.size)
        self.queued = 0
        self.generation = 0
        self.current: Path | None = None
        self.pinned: set[Path] = set()
        self.started = False
        self.sandbox = "remote"
        self.service_seconds = 0.05

    @property
    def waiting(self) -> int:
        return self.queued

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self.executor, self.gate.warm)
        log.info("engine: remote SPARQL endpoint %s (read-only)", self.store.endpoint.query)
        self.started = True

    async def stop(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.store.close()

    def unavailable(self, message: str) -> QueryResponse:
        estimate = self.service_seconds * (self.queued + self.size) / self.size
        retry = max(1, min(math.ceil(estimate), math.ceil(self.limits.timeout)))
        return QueryResponse(503, error=message, headers={"Retry-After": str(retry)})

    async def run(self, req: QueryRequest) -> QueryResponse:
        deadline = time.monotonic() + self.limits.timeout
        if self.queued >= self.limits.max_waiting and self.slots.locked():
            return self.unavailable(
                f"the server is busy ({self.limits.max_waiting} queries waiting): retry later"
            )
        self.queued += 1
        try:
            await asyncio.wait_for(self.slots.acquire(), max(deadline - time.monotonic(), 0))
        except TimeoutError:
            return self.unavailable(
                f"no query slot became free within {self.limits.timeout:g} s: retry later"
            )
        finally:
            self.queued -= 1
        loop = asyncio.get_running_loop()
        started = time.monotonic()
        try:
            store = _Deadline(self.store, deadline - started)
            resp = await loop.run_in_executor(self.executor, execute, store, req, self.gate)
        finally:
            self.slots.release()
        self.service_seconds = 0.9 * self.service_seconds + 0.1 * (time.monotonic() - started)
        if resp.status == 400 and time.monotonic() >= deadline:
            return self.unavailable(
                f"query timed out after {self.limits.timeout:g} s (--query-timeout)"
            )
        return resp

    async def write(self, req: WriteRequest) -> QueryResponse:
        return QueryResponse(
            403,
            error="this server is read-only in front of a remote store: "
            "write with quartiers build --endpoint, or to the engine itself",
        )
