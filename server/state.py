"""What the running server holds: settings, the on-disk store, the query engine, the dumps."""

from __future__ import annotations

import asyncio
import gzip
import json
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from quartiers.generations import Generations
from quartiers.iris import Minter
from quartiers.query import NamedQuery, named_queries
from quartiers.store import Store
from server.engine import Engine, EngineLimits, QueryRequest, QueryResponse, WriteRequest
from server.settings import Settings
from server.worker import WorkerConfig

DUMP_FORMATS = {
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
}
GRAPH_DATASETS = "SELECT ?g WHERE { GRAPH ?g { ?g a <http://rdfs.org/ns/void#Dataset> } }"
JSON_ONLY: dict[str, tuple[str, str] | None] = {
    "solutions": ("json", "application/sparql-results+json"),
    "boolean": ("json", "application/sparql-results+json"),
    "graph": ("ntriples", "application/n-triples"),
}


class EngineError(Exception):
    """One of the server's own queries was not answered (busy, timed out)."""

    def __init__(self, response: QueryResponse):
        super().__init__(response.error or "query failed")
        self.response = response


@dataclass
class AppState:
    settings: Settings
    gens: Generations | None = None
    engine: Any = None  # server/engine.py, or server/remote_engine.py for --endpoint
    remote: Any = None
    queries: dict[str, NamedQuery] = field(default_factory=dict)
    dumps_dir: Path | None = None
    dumps_generation: int = -1
    _tmp: Path | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    # when the served data last changed (load or write): Last-Modified of every page
    modified: float = field(default_factory=time.time)
    _stats_generation: int = -1
    dump_graphs: dict[str, str] = field(default_factory=dict)  # per-graph dump -> graph IRI
    cache: dict[str, Any] = field(default_factory=dict)  # derived views (catalogue, dump sums)
    _dump_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def minter(self) -> Minter:
        return Minter(self.settings.data_base)

    def prepare(self) -> None:
        """Load the data into a new store generation (under a temporary directory unless
        --store is given) and publish it; without data, serve the published one. Done once
        (`quartiers serve` loads before it listens; the app's start-up then skips it); on
        failure nothing is left behind: no new generation, no store directory it created."""
        if self.gens is not None:
            return
        s = self.settings
        self.queries = named_queries()
        if s.endpoint:  # the data is the remote engine's: nothing to load, it must answer
            from quartiers.remote import check

            check(s.endpoint)
            self._tmp = Path(tempfile.mkdtemp(prefix="quartiers-dumps-"))
            self.dumps_dir = self._tmp / "dumps"
            return
        if s.store_dir is None:
            self._tmp = Path(tempfile.mkdtemp(prefix="quartiers-store-"))
            root = self._tmp / "store"
        else:
            root = s.store_dir
        created = not root.exists()
        root.mkdir(parents=True, exist_ok=True)
        gens = Generations(root)
        gen: Path | None = None
        try:
            gens.check_layout()
            current = gens.current()
            if s.data or current is None:
                gen = gens.fresh()
                if current is not None:  # keep what earlier writes added
                    ox.Store.read_only(str(current)).backup(str(gen))
                store = Store(gen)
                if s.data:
                    store.load(s.data, ontology=s.load_ontology)
                store.ox.flush()
                del store
                import gc

                gc.collect()
                gens.publish(gen)
                gens.collect(set())
        except BaseException:
            if gen is not None:
                shutil.rmtree(gen, ignore_errors=True)
            if created:
                shutil.rmtree(root, ignore_errors=True)
            self.remove_temporary()
            raise
        self.gens = gens
        self.dumps_dir = root.parent / (root.name + "-dumps")

    async def start(self) -> None:
        s = self.settings
        if s.endpoint:
            from quartiers.remote import RemoteStore
            from server.remote_engine import RemoteEngine

            self.remote = RemoteStore.of(s.endpoint)
            self.engine = RemoteEngine(
                self.remote,
                WorkerConfig(allow=frozenset(s.service_allow), max_depth=s.max_depth),
                EngineLimits(workers=s.workers, timeout=s.query_timeout, max_waiting=s.max_waiting),
            )
            await self.engine.start()
            await self.refresh_stats()
            return
        assert self.gens is not None
        self.engine = Engine(
            self.gens,
            WorkerConfig(
                allow=frozenset(s.service_allow), sandbox=s.sandbox, max_depth=s.max_depth
            ),
            EngineLimits(
                workers=s.workers,
                timeout=s.query_timeout,
                max_waiting=s.max_waiting,
                in_memory=s.worker_store != "disk",
            ),
            writable=bool(s.update_token),
        )
        await self.engine.start()
        await self.refresh_stats()

    async def stop(self) -> None:
        if self.engine:
            await self.engine.stop()
        self.remove_temporary()

    def remove_temporary(self) -> None:
        """The store made for this run only (no --store), when the run ends or fails."""
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    async def select(self, query: str, **bindings: Any) -> list[dict[str, Any]]:
        """Run one of the server's own SELECTs, with terms bound to its variables (never
        pasted into its text), and return the JSON bindings."""
        resp = await self.run(
            QueryRequest(
                query,
                JSON_ONLY,
                max_results=self.settings.max_results,
                bindings=bindings,
                internal=True,
            )
        )
        if resp.status != 200:
            raise EngineError(resp)
        data = json.loads(resp.body)
        return [{k: v for k, v in b.items()} for b in data["results"]["bindings"]]

    async def run(self, req: QueryRequest) -> QueryResponse:
        assert self.engine is not None
        return await self.engine.run(req)

    async def write(self, req: WriteRequest) -> QueryResponse:
        assert self.engine is not None
        resp = await self.engine.write(req)
        if resp.changed:
            await self.refresh_stats()
        return resp

    async def refresh_stats(self) -> None:
        rows = await self.select("""
            SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g""")
        graphs = {r["g"]["value"]: int(r["n"]["value"]) for r in rows}
        total = await self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        self.stats = {"graphs": graphs, "triples": int(total[0]["n"]["value"]) if total else 0}
        assert self.engine is not None
        if self.engine.generation != self._stats_generation:
            self._stats_generation = self.engine.generation
            self.modified = time.time()

    async def dump_files(self) -> dict[str, Path]:
        """The dump files, regenerated off the event loop after a write: one at a time, from a
        store generation kept on disk while it is read."""
        assert self.engine is not None
        async with self._dump_lock:
            gen, generation = self.engine.current, self.engine.generation
            loop = asyncio.get_running_loop()
            if gen is None:  # a remote store
                return await loop.run_in_executor(None, self.dumps, None, generation)
            self.engine.pinned.add(gen)
            try:
                return await loop.run_in_executor(None, self.dumps, gen, generation)
            finally:
                self.engine.pinned.discard(gen)

    def dumps(self, gen: Path | None, generation: int) -> dict[str, Path]:
        """Full dumps of the default graph (the union), regenerated after each write."""
        assert self.dumps_dir is not None
        if self.dumps_generation == generation and self.dumps_dir.exists():
            return {
                p.name: p for p in sorted(self.dumps_dir.iterdir()) if not p.name.startswith(".")
            }
        self.dumps_dir.mkdir(parents=True, exist_ok=True)
        store = ox.Store.read_only(str(gen)) if gen is not None else self.remote
        prefixes = {"qk": "https://w3id.org/quartiers-kg/ontology#"}
        out: dict[str, Path] = {}
        for ext, (fmt, _) in DUMP_FORMATS.items():
            path = self.dumps_dir / f"quartiers-kg.{ext}"
            tmp = path.with_suffix(path.suffix + ".tmp")
            store.dump(
                str(tmp),
                format=fmt,
                from_graph=ox.DefaultGraph(),
                prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None,
            )
            tmp.replace(path)
            gz = path.with_name(path.name + ".gz")
            with (
                path.open("rb") as src,
                open(str(gz) + ".tmp", "wb") as raw,
                gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as dst,
            ):
                shutil.copyfileobj(src, dst)
            Path(str(gz) + ".tmp").replace(gz)
            out[path.name], out[gz.name] = path, gz
        out.update(self._graph_dumps(store))
        del store
        self.dumps_generation = generation
        return out

    def _graph_dumps(self, store: Any) -> dict[str, Path]:
        """One Turtle file per named graph that describes itself as a dataset (a convention,
        the framework, the reference data): the distributions of the catalogue's parts."""
        assert self.dumps_dir is not None
        base = self.minter.base
        graphs = sorted(
            r["g"].value for r in store.query(GRAPH_DATASETS) if r["g"].value.startswith(base)
        )
        for old in self.dumps_dir.glob("graph-*"):
            old.unlink()
        out: dict[str, Path] = {}
        self.dump_graphs = {}
        for g in graphs:
            name = "graph-" + g[len(base) :].strip("/").replace("/", "-") + ".ttl"
            path = self.dumps_dir / name
            tmp = path.with_suffix(".tmp")
            store.dump(
                str(tmp),
                format=ox.RdfFormat.TURTLE,
                from_graph=ox.NamedNode(g),
                prefixes={"qk": "https://w3id.org/quartiers-kg/ontology#"},
            )
            tmp.replace(path)
            out[name], self.dump_graphs[name] = path, g
        return out
