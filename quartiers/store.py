"""The query store: embedded pyoxigraph (in memory or on disk), or any remote SPARQL 1.1
endpoint through the same small API. Each Turtle file goes into its own named graph; queries
see the union of all graphs as their default graph."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


def refresh_union(store: ox.Store) -> None:
    """Rebuild the default graph as the merge (a set) of all named graphs."""
    store.clear_graph(ox.DefaultGraph())
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


def run_update(store: ox.Store, update: str, base_iri: str | None = None) -> None:
    """Apply a SPARQL Update where "the default graph" means the explicitly written one, then
    rebuild the union that queries see."""
    g = ox.NamedNode(EXPLICIT_DEFAULT)
    store.clear_graph(ox.DefaultGraph())
    store.update(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{EXPLICIT_DEFAULT}> {{ ?s ?p ?o }} }}")
    try:
        store.update(update, base_iri=base_iri)
    finally:
        if store.contains_named_graph(g):
            store.remove_graph(g)
        store.update(f"INSERT {{ GRAPH <{EXPLICIT_DEFAULT}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}")
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


class Store:
    """Named graphs hold what each file says; the default graph is kept as their merge (a set:
    a triple stated by two conventions counts once), so plain queries see everything once."""

    def __init__(self, directory: Path | None = None):
        self.directory = directory
        self.ox = ox.Store(str(directory)) if directory else ox.Store()

    def load_file(
        self, path: Path, graph: ox.NamedNode | None = None, *, refresh: bool = True
    ) -> ox.NamedNode:
        """Load (or replace) one file's named graph."""
        g = graph or graph_of(path)
        if g in set(self.ox.named_graphs()):
            self.ox.remove_graph(g)
        try:
            self.ox.load(path=str(path), format=rdf_format(path), to_graph=g)
        except SyntaxError as exc:
            raise rdf_error(exc, path) from None
        if refresh:
            self.refresh_union()
        return g

    def refresh_union(self) -> None:
        refresh_union(self.ox)

    def load(self, paths: Iterable[Path], *, ontology: bool = True) -> list[ox.NamedNode]:
        graphs = [self.load_file(f, refresh=False) for f in data_files(paths)]
        if ontology and ONTOLOGY_FILE.exists():
            graphs.append(self.load_file(ONTOLOGY_FILE, ox.NamedNode(ONTOLOGY_IRI), refresh=False))
        self.refresh_union()
        if self.directory:
            self.ox.optimize()
        return graphs

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
