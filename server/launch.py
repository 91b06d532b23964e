"""`quartiers serve`, started in an order a user can trust: the port is taken, the store is
loaded, the engine processes are up, and only then is "serving on …" printed. A failure on
the way (a port in use, broken Turtle, an engine that does not start) is one line, not a
server that says it serves and then dies; it leaves no store behind."""

from __future__ import annotations

import contextlib
import errno
import logging
import socket
from collections.abc import AsyncIterator, Iterator
from typing import Any

import uvicorn
from fastapi import FastAPI

from quartiers import messages as M
from quartiers.cli_errors import note, warn
from quartiers.errors import InputError, QuartiersError
from quartiers.iris import ONTOLOGY_IRI
from server.app import create_app
from server.settings import Settings
from server.state import AppState


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound before any work, so a port in use is found at once (and
    no other process can take it while the store loads)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise InputError(M.PORT_IN_USE(port=port, host=host)) from None
        if exc.errno == errno.EACCES:
            raise InputError(M.PORT_DENIED(port=port)) from None
        reason = (exc.strerror or str(exc)).lower()
        raise InputError(M.CANNOT_LISTEN(host=host, port=port, reason=reason)) from None
    return sock


def data_triples(state: AppState) -> int:
    """Triples served besides the ontology, which is always loaded."""
    graphs: dict[str, int] = state.stats.get("graphs", {})
    return sum(n for g, n in graphs.items() if g != ONTOLOGY_IRI)


class _Server(uvicorn.Server):
    """uvicorn, telling when its start-up (the application's lifespan included) is done."""

    def __init__(self, config: uvicorn.Config, on_ready: Any):
        super().__init__(config)
        self.on_ready = on_ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and not self.should_exit:
            self.on_ready()


def _capture_startup(app: FastAPI, failures: list[BaseException]) -> None:
    """Keep what made the application's start-up fail, to report it in one line."""
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(application: Any) -> AsyncIterator[Any]:
        async with contextlib.AsyncExitStack() as stack:
            try:
                value = await stack.enter_async_context(inner(application))
            except Exception as exc:
                failures.append(exc)
                raise
            yield value

    app.router.lifespan_context = lifespan


@contextlib.contextmanager
def _quiet_after(failures: list[BaseException]) -> Iterator[None]:
    """uvicorn logs a failed start-up with a traceback: once it is captured, the command's
    own line says it (the traceback stays available with --verbose)."""
    log = logging.getLogger("uvicorn.error")

    def keep(record: logging.LogRecord) -> bool:
        return not failures or record.levelno < logging.ERROR

    log.addFilter(keep)
    try:
        yield
    finally:
        log.removeFilter(keep)


def serve(settings: Settings, host: str, port: int, *, allow_empty: bool = False) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per remote request otherwise
    sock = listen(host, port)
    try:
        application = create_app(settings)
        state: AppState = application.state.qk
        state.prepare()  # the store, loaded before anything listens (the lifespan skips it)
        failures: list[BaseException] = []
        _capture_startup(application, failures)
        bound = sock.getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        url = f"http://{shown}:{bound}/"

        def ready() -> None:
            if not allow_empty and data_triples(state) == 0:
                warn(M.EMPTY_DATASET())
            note(M.SERVING_ON(url=url))

        config = uvicorn.Config(
            application, host=host, port=bound, log_level="info", access_log=False
        )
        server = _Server(config, ready)
        with _quiet_after(failures):
            server.run(sockets=[sock])
        if failures:  # the lifespan stopped before its clean-up: the store made is removed
            state.remove_temporary()
            raise failures[0]
        if not server.started:
            raise QuartiersError(M.STARTUP_FAILED())
    finally:
        sock.close()
