"""What runs inside an engine process, cut off the network (server/sandbox.py).

A reader answers queries from one store generation: it parses each query first (rdflib, in
quartiers/sparqltext.py), refuses SERVICE and LOAD on the parse, then executes on pyoxigraph.
The writer checks an update the same way without executing anything, copies the current
generation, applies the write to the copy and reports; the server publishes the copy."""

from __future__ import annotations

import logging
import shutil
import sys
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

log = logging.getLogger("quartiers.worker")
WORKER_STACK = 256 * 1024 * 1024  # Rust recursion in the engine's parser and evaluator


@dataclass(frozen=True)
class WorkerConfig:
    allow: frozenset[str] = frozenset()  # hosts SERVICE may call; empty: no network at all
    sandbox: str = "auto"  # server/sandbox.py: auto, netns, userns+netns, seccomp, off
    max_depth: int = 64
    cache_bytes: int = 4 * 1024 * 1024


@dataclass
class QueryRequest:
    query: str
    kind_formats: dict[str, tuple[str, str] | None]  # result kind -> (format, media type)
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    base_iri: str | None = None
    max_results: int = 100_000
    prefixes: dict[str, str] = field(default_factory=dict)
    bindings: dict[str, Any] = field(default_factory=dict)  # variable -> pyoxigraph term
    internal: bool = False  # the server's own query (pages, /id): served before clients'


@dataclass
class WriteRequest:
    """A SPARQL Update (`update`), or a Graph Store write (`method` PUT, POST or DELETE on
    `graph`, None meaning the explicit default graph, with an RDF `body`)."""

    update: str | None = None
    using: list[str] = field(default_factory=list)
    using_named: list[str] = field(default_factory=list)
    base_iri: str | None = None
    method: str | None = None
    graph: str | None = None
    body: bytes = b""
    rdf_format: str | None = None  # a pyoxigraph RdfFormat name


@dataclass
class QueryResponse:
    status: int
    media_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    kind: str = ""
    rows: int = 0
    error: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    changed: bool = False  # a write that must be published
    existed: bool = False  # a Graph Store target that existed before the write
    details: dict[str, Any] | None = None  # a syntax error's position, for a JSON error body


KINDS = {"SELECT": "solutions", "ASK": "boolean", "CONSTRUCT": "graph", "DESCRIBE": "graph"}


class Gate:
    """Parse, then decide, before anything runs; analyses cached within a byte budget."""

    def __init__(self, cfg: WorkerConfig):
        from cachetools import LRUCache

        self.cfg = cfg
        self.cache: LRUCache[tuple[str, str | None, bool], Any] = LRUCache(
            maxsize=cfg.cache_bytes, getsizeof=lambda a: a.size
        )

    def check(self, text: str, base: str | None, *, update: bool = False) -> Any:
        """The Analysis, or a QueryResponse refusing the text."""
        from quartiers.sparqltext import SparqlError, analyse, analyse_query, refusal

        key = (text, base, update)
        a = self.cache.get(key)
        if a is None:
            depth = self._depth(text)
            if depth > self.cfg.max_depth:
                return QueryResponse(
                    400,
                    error=f"the {'update' if update else 'query'} is nested {depth} levels deep; "
                    f"this endpoint accepts at most {self.cfg.max_depth}",
                )
            try:
                a = analyse(text, base, update=True) if update else analyse_query(text, base)
            except SparqlError as exc:
                return rejected(exc)
            if a.size <= self.cfg.cache_bytes // 8:
                self.cache[key] = a
        refused = refusal(a, set(self.cfg.allow))
        if refused:
            return QueryResponse(403, error=refused)
        return a

    @staticmethod
    def _depth(text: str) -> int:
        from quartiers.sparqltext import nesting_depth

        return nesting_depth(text)

    def warm(self) -> None:
        """Import rdflib and build its grammar before the first client waits for it."""
        self.check("ASK {}", None)


def rejected(exc: Any) -> QueryResponse:
    """A SparqlError as an answer: the text with the query's line and a caret, and the same
    as fields for a JSON body."""
    return QueryResponse(exc.status, error=exc.text(), details=exc.fields())


def _safe(exc: BaseException) -> str:
    """An engine error for the client: the first line, without what a remote service or
    the file system said (the full text goes to the log)."""
    log.warning("evaluation error: %s", exc)
    return "the query could not be evaluated"


def execute(store: Any, req: QueryRequest, gate: Gate) -> QueryResponse:
    """Parse, check, run one query and serialise its result."""
    import pyoxigraph as ox

    from quartiers.results import (
        TooManyResults,
        serialise_boolean,
        serialise_solutions,
        serialise_triples,
    )

    analysis = gate.check(req.query, req.base_iri)
    if isinstance(analysis, QueryResponse):
        return analysis
    expected = KINDS.get(analysis.form)
    if expected and req.kind_formats.get(expected) is None:
        return QueryResponse(
            406,
            kind=expected,
            error=f"no acceptable media type for a {analysis.form} result; see Accept or format",
        )
    kwargs: dict[str, Any] = {}
    try:
        if req.default_graphs is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in req.default_graphs]
        if req.named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in req.named_graphs]
            kwargs.setdefault("default_graph", ox.DefaultGraph())
        if req.bindings:
            kwargs["substitutions"] = {ox.Variable(k): v for k, v in req.bindings.items()}
    except (ValueError, TypeError) as exc:
        return QueryResponse(400, error=f"invalid graph IRI or binding: {exc}")
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
                406, kind=kind, error=f"no acceptable media type for this result ({kind})"
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
    except SyntaxError as exc:  # what rdflib accepted and the engine does not
        from quartiers.sparqltext import engine_error

        return rejected(engine_error(exc, req.query))
    except TooManyResults as exc:
        return QueryResponse(413, error=str(exc))
    except Exception as exc:  # evaluation errors: never a 500, never remote details
        return QueryResponse(400, error=_safe(exc))


def _open_reader(gen: str, in_memory: bool) -> Any:
    import pyoxigraph as ox

    store = ox.Store.read_only(gen)
    if in_memory:
        # queries run 1.6-5x faster on an in-memory copy than on read-only RocksDB
        # (bench/http_load.py); the copy costs memory and a few seconds at startup per 1M triples
        disk, store = store, ox.Store()
        store.bulk_extend(disk.quads_for_pattern(None, None, None, None))
        del disk
    return store


def _serve(
    role: str, gen: str | None, conn: Connection, cfg: WorkerConfig, mech: str, in_memory: bool
) -> None:
    from server.writes import apply_write

    logging.getLogger("rdflib").setLevel(logging.ERROR)  # "does not look like a valid URI"
    gate = Gate(cfg)
    store = _open_reader(gen, in_memory) if role == "reader" and gen else None
    gate.warm()
    conn.send(("ready", mech))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        if isinstance(msg, QueryRequest):
            conn.send(execute(store, msg, gate))
        else:
            req, src, dst = msg
            try:
                conn.send(apply_write(req, Path(src), Path(dst), gate))
            except BaseException:
                shutil.rmtree(dst, ignore_errors=True)
                raise


def entry(fd: int) -> None:
    """An engine process started by the server (server/engine.py): the connection is the
    inherited socket `fd`, and its first message says what to serve."""
    conn = Connection(fd)
    role, gen, cfg, in_memory = conn.recv()
    worker_main(role, gen, conn, cfg, in_memory)


def worker_main(
    role: str, gen: str | None, conn: Connection, cfg: WorkerConfig, in_memory: bool
) -> None:
    """Entry point of an engine process: leave the network first (while single-threaded),
    then serve on a thread with a large stack."""
    from server.sandbox import isolate

    mech = isolate("off" if cfg.allow else cfg.sandbox)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20_000))
    threading.stack_size(WORKER_STACK)
    t = threading.Thread(target=_serve, args=(role, gen, conn, cfg, mech, in_memory), name=role)
    t.start()
    t.join()
