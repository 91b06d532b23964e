"""What the running server holds: settings, the on-disk store, the query engine, the dumps."""

from __future__ import annotations

import gzip
import json
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from quartiers.iris import Minter
from quartiers.query import NamedQuery, named_queries
from quartiers.store import Store
from server.engine import Engine, QueryRequest, QueryResponse
from server.settings import Settings

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


@dataclass
class AppState:
    settings: Settings
    store_path: Path | None = None
    engine: Engine | None = None
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
    _dumps_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def minter(self) -> Minter:
        return Minter(self.settings.data_base)

    def prepare(self) -> None:
        """Load the data into the on-disk store (a temporary one unless --store is given)."""
        s = self.settings
        if s.store_dir is None:
            self._tmp = Path(tempfile.mkdtemp(prefix="quartiers-store-"))
            self.store_path = self._tmp / "store"
        else:
            self.store_path = s.store_dir
        self.store_path.mkdir(parents=True, exist_ok=True)
        store = Store(self.store_path)
        if s.data:
            store.load(s.data, ontology=s.load_ontology)
        store.ox.flush()
        del store
        import gc

        gc.collect()
        self.dumps_dir = self.store_path.parent / (self.store_path.name + "-dumps")
        self.queries = named_queries()

    async def start(self) -> None:
        assert self.store_path is not None
        self.engine = Engine(
            self.store_path,
            self.settings.workers,
            self.settings.query_timeout,
            in_memory=self.settings.worker_store != "disk",
        )
        await self.engine.start()
        await self.refresh_stats()

    async def stop(self) -> None:
        if self.engine:
            await self.engine.stop()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)

    async def select(self, query: str) -> list[dict[str, Any]]:
        """Run an internal SELECT and return plain bindings (values only)."""
        resp = await self.run(QueryRequest(query, JSON_ONLY, max_results=self.settings.max_results))
        if resp.status != 200:
            raise RuntimeError(resp.error or "query failed")
        data = json.loads(resp.body)
        return [{k: v for k, v in b.items()} for b in data["results"]["bindings"]]

    async def run(self, req: QueryRequest) -> QueryResponse:
        assert self.engine is not None
        return await self.engine.run(req)

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

    def dumps(self) -> dict[str, Path]:
        """Full dumps of the default graph (the union), regenerated after each write; one
        thread at a time (two requests at once would write the same files)."""
        with self._dumps_lock:
            return self._dumps()

    def _dumps(self) -> dict[str, Path]:
        assert self.dumps_dir is not None and self.engine is not None and self.store_path
        if self.dumps_generation == self.engine.generation and self.dumps_dir.exists():
            return {
                p.name: p for p in sorted(self.dumps_dir.iterdir()) if not p.name.startswith(".")
            }
        self.dumps_dir.mkdir(parents=True, exist_ok=True)
        store = ox.Store.read_only(str(self.store_path))
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
        self.dumps_generation = self.engine.generation
        return out

    def _graph_dumps(self, store: ox.Store) -> dict[str, Path]:
        """One Turtle file per named graph that describes itself as a dataset (a convention,
        the framework, the reference data): the distributions of the catalogue's parts."""
        assert self.dumps_dir is not None
        base = self.minter.base
        graphs = sorted(
            r["g"].value
            for r in store.query(GRAPH_DATASETS)  # type: ignore[union-attr]
            if r["g"].value.startswith(base)
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
