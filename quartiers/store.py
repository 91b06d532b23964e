"""The query store: embedded pyoxigraph (in memory or on disk), or any remote SPARQL 1.1
endpoint through the same small API. Each Turtle file goes into its own named graph; queries
see the union of all graphs as their default graph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox

from quartiers import messages as M
from quartiers.errors import InputError
from quartiers.inputs import rdf_error, rdf_format
from quartiers.iris import ONTOLOGY_IRI

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_FILE = ROOT / "ontology" / "quartiers.ttl"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
VOID_DATASET = ox.NamedNode("http://rdfs.org/ns/void#Dataset")
CONVENTION = ox.NamedNode("https://w3id.org/quartiers-kg/ontology#ConventionApplication")


# what SPARQL Update and the Graph Store Protocol write to "the default graph" is kept here;
# the default graph that queries see is the merge of every named graph, this one included
EXPLICIT_DEFAULT = "urn:x-quartiers-kg:default-graph"


def _named(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    return (q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph))


def refresh_union(store: ox.Store) -> None:
    """Rebuild the default graph as the merge (a set) of all named graphs. Bulk writes, not a
    transaction: no write-ahead log of the whole store, no copy of it in memory (the log
    of an INSERT … WHERE over every graph was two thirds of the store's size on disk)."""
    store.clear_graph(ox.DefaultGraph())
    store.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
        for q in _named(store.quads_for_pattern(None, None, None, None))
    )


def _in_other_graph(store: ox.Store, t: ox.Quad) -> bool:
    return any(True for _ in _named(store.quads_for_pattern(t.subject, t.predicate, t.object)))


def replace_graph(store: ox.Store, graph: ox.NamedNode, quads: Iterable[ox.Triple]) -> None:
    """Replace one named graph and keep the default graph the merge of all of them, touching
    only the triples of that graph: cost grows with the graph replaced, not with the store."""
    old = list(store.quads_for_pattern(None, None, None, graph))
    if old:
        store.remove_graph(graph)
    new = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in quads]
    store.add_graph(graph)
    store.extend(new)
    default = ox.DefaultGraph()
    for q in old:
        if not _in_other_graph(store, q):
            store.remove(ox.Quad(q.subject, q.predicate, q.object, default))
    store.extend(ox.Quad(q.subject, q.predicate, q.object, default) for q in new)


def remove_graph(store: ox.Store, graph: ox.NamedNode) -> bool:
    if not store.contains_named_graph(graph):
        return False
    replace_graph(store, graph, [])
    store.remove_graph(graph)
    return True


def run_update(store: ox.Store, update: str, base_iri: str | None = None) -> None:
    """Apply a SPARQL Update where "the default graph" means the explicitly written one, then
    rebuild the union that queries see."""
    g = ox.NamedNode(EXPLICIT_DEFAULT)
    store.clear_graph(ox.DefaultGraph())
    store.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
        for q in store.quads_for_pattern(None, None, None, g)
    )
    try:
        store.update(update, base_iri=base_iri)
    finally:
        if store.contains_named_graph(g):
            store.remove_graph(g)
        store.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object, g)
            for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        )
        refresh_union(store)


def graph_of(path: Path) -> ox.NamedNode:
    """The named graph a file describes: its convention, else the void:Dataset it declares,
    else a graph named after the file."""
    dataset: ox.NamedNode | None = None
    try:
        for t in ox.parse(path=str(path), format=rdf_format(path)):
            if t.predicate == RDF_TYPE and isinstance(t.subject, ox.NamedNode):
                if t.object == CONVENTION:
                    return t.subject
                if t.object == VOID_DATASET and dataset is None:
                    dataset = t.subject
    except SyntaxError as exc:
        raise rdf_error(exc, path) from None
    return dataset or ox.NamedNode(path.resolve().as_uri())


def data_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files += sorted(p.glob("*.ttl"))
        elif p.exists():
            files.append(p)
        else:
            raise InputError(M.NO_SUCH_FILE(), p)
    return files


def _quads(files: list[tuple[Path, ox.NamedNode]]) -> Iterator[ox.Quad]:
    """Each file's triples in its graph and in the default graph (the bulk loader keeps one
    of identical quads: the default graph is a set)."""
    default = ox.DefaultGraph()
    for f, g in files:
        try:
            for t in ox.parse(path=str(f), format=rdf_format(f)):
                yield ox.Quad(t.subject, t.predicate, t.object, g)
                yield ox.Quad(t.subject, t.predicate, t.object, default)
        except SyntaxError as exc:
            raise rdf_error(exc, f) from None


class Store:
    """Named graphs hold what each file says; the default graph is kept as their merge (a set:
    a triple stated by two conventions counts once), so plain queries see everything once."""

    def __init__(self, directory: Path | None = None):
        self.directory = directory
        self.ox = ox.Store(str(directory)) if directory else ox.Store()

    def load_file(
        self, path: Path, graph: ox.NamedNode | None = None, *, refresh: bool = True
    ) -> ox.NamedNode:
        """Load (or replace) one file's named graph, the default graph kept up to date."""
        g = graph or graph_of(path)
        try:
            triples = list(ox.parse(path=str(path), format=rdf_format(path)))
        except SyntaxError as exc:
            raise rdf_error(exc, path) from None
        if refresh:
            replace_graph(self.ox, g, triples)
        else:
            if self.ox.contains_named_graph(g):
                self.ox.remove_graph(g)
            self.ox.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in triples)
        return g

    def refresh_union(self) -> None:
        refresh_union(self.ox)

    def load(self, paths: Iterable[Path], *, ontology: bool = True) -> list[ox.NamedNode]:
        """Load files, each into its named graph (replacing it), the default graph kept the
        merge of them all. Into an empty store, one bulk stream of every quad: RocksDB then
        writes sorted files once (a store 1.4x Oxigraph's own for the same named graphs,
        where loading file by file left 2x); into a store that has data, graph by graph."""
        files = [(f, graph_of(f)) for f in data_files(paths)]
        if ontology and ONTOLOGY_FILE.exists():
            files.append((ONTOLOGY_FILE, ox.NamedNode(ONTOLOGY_IRI)))
        if next(iter(self.ox.quads_for_pattern(None, None, None, None)), None) is None:
            self.ox.bulk_extend(_quads(files))
        else:
            for f, g in files:
                self.load_file(f, g)
        if self.directory:
            self.ox.optimize()
        return [g for _, g in files]

    def __len__(self) -> int:
        return len(self.ox)

    def query(
        self,
        sparql: str,
        *,
        default_graph: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None,
        named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None,
        bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
    ) -> object:
        """`bindings`: terms for the query's (projected) variables, never pasted into its text."""
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): v for k, v in (bindings or {}).items()
        }
        return self.ox.query(
            sparql,
            default_graph=default_graph,
            named_graphs=named_graphs,
            substitutions=subs or None,
        )

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode))


def open_store(paths: Iterable[Path], directory: Path | None = None) -> Store:
    store = Store(directory)
    store.load(paths)
    return store
