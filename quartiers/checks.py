"""Validation that scales: the same findings as the SHACL shapes over the whole graph, computed
in parts whose cost grows with the data, not with its square.

- Per document: each convention's graph, with the framework, the reference data and the
  ontology, against every shape that looks at one resource and its neighbours (all of
  `integrity.ttl`, most of `audit.ttl`), with pyshacl-turbo. Documents are independent, so
  this runs in the build's worker processes, and an unchanged document keeps its findings.
- Shared resources: a resource described by more than one graph (a QPV spanning two
  communes, a partner, a signatory, a commune also in the reference data) is validated once
  more on the union of its descriptions, which is what the shapes see in the whole graph; its
  per-document findings are dropped.
- Across documents: the three audit shapes that compare documents (copied actions, portrait
  gaps, partners named once) run as plain store queries, indexed lookups grouped in Python,
  instead of SHACL-SPARQL evaluated once per focus node (which grows with the square of the
  repetition: bench/validate.py).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, SKOS, Graph, Namespace, URIRef

from quartiers.iris import DEFAULT_BASE
from quartiers.validate import (
    QK,
    SH,
    Finding,
    Report,
    engine_module,
    findings_of,
    load_shapes,
    run_shapes,
    shape_name,
)

QKS = "https://w3id.org/quartiers-kg/shapes#"
CROSS_DOCUMENT = ("CopiedActionShape", "PortraitGapShape", "SingleMentionPartnerShape")
OA = Namespace("http://www.w3.org/ns/oa#")
PREFIXES = """
PREFIX qk: <https://w3id.org/quartiers-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""


def finding_key(f: Finding) -> tuple[str, ...]:
    return (f.severity, f.shape, f.focus, f.path, f.value, f.message)


@dataclass
class DocumentChecks:
    """What one document's check found: its findings, and the resources it describes that
    other graphs may describe too (everything outside its own IRI space)."""

    graph: str = ""
    findings: list[Finding] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    # the triples about those resources (N-Triples lines, datatypes as written: a store may
    # normalise them, pyoxigraph stores xsd:positiveInteger as xsd:integer)
    outside_triples: list[str] = field(default_factory=list)
    ttl: Path | None = None  # the document's Turtle file


class Shapes:
    """The shapes, split into those checked per document and those checked across documents."""

    def __init__(self, shapes_dir: Path, base: str = DEFAULT_BASE, engine: str = "turbo"):
        self.graph = load_shapes(shapes_dir, base)
        self.engine = engine_module(engine)
        names = {
            str(s) for s in self.graph.subjects(RDF.type, SH.NodeShape) if str(s).startswith(QKS)
        }
        self.cross = [QKS + n for n in CROSS_DOCUMENT if QKS + n in names]
        self.local = sorted(names - set(self.cross))

    def check(self, g: Graph) -> list[Finding]:
        if not self.local:
            return []
        results = run_shapes(self.engine, g, self.graph, use_shapes=self.local)
        return findings_of(results, self.graph, g)


def check_document(shapes: Shapes, g: Graph, context: Graph, convention: str) -> DocumentChecks:
    """Validate one convention's graph, with `context` beside it (`document_context`); `g`
    receives the context's triples."""
    own = convention.rstrip("/") + "/"
    outside = {
        s
        for s in g.subjects()
        if isinstance(s, URIRef) and s != URIRef(convention) and not str(s).startswith(own)
    }
    lines = sorted(
        f"{s.n3()} {p.n3()} {o.n3()} ." for s in outside for p, o in g.predicate_objects(s)
    )
    g += context
    return DocumentChecks(convention, shapes.check(g), sorted(map(str, outside)), lines)


def document_context(shared: Iterable[Graph]) -> Graph:
    """What a document's own resources need from the shared graphs (framework, reference
    data, ontology): the classes of what they link to (sh:class) and the indicators'
    notations. The shared graphs' own resources are checked apart (`check_shared`), so
    findings about them here are dropped."""
    out = Graph()
    for g in shared:
        for t in g.triples((None, RDF.type, None)):
            out.add(t)
        for t in g.triples((None, SKOS.notation, None)):
            out.add(t)
    return out


def shared_subjects(graphs: Iterable[Graph]) -> set[str]:
    return {str(s) for g in graphs for s in g.subjects() if isinstance(s, URIRef)}


class _Describer:
    """A focus node's label and source lines, read in the union of all graphs the way
    `_label` and `_source` read them in an rdflib graph: only the focus's labels and the
    chain to its lines (qk:source, the selector, the source document's label) are looked up,
    one focus at a time, so memory does not grow with the findings nor with the corpus."""

    LABELS = (RDFS.label, SKOS.prefLabel, QK.name)

    def __init__(self, store: Any):
        self.store = store
        self.names: dict[str, str] = {}  # source document -> its label (one per document)

    def objects(self, s: Any, p: URIRef) -> list[Any]:
        """Distinct objects, in the store's order; blank nodes left out (not followed)."""
        import pyoxigraph as ox

        out: list[Any] = []
        for q in self.store.quads_for_pattern(s, ox.NamedNode(str(p))):
            if not isinstance(q.object, ox.BlankNode) and q.object not in out:
                out.append(q.object)
        return out

    def label(self, focus: str) -> str:
        import pyoxigraph as ox

        node = ox.NamedNode(focus)
        for p in self.LABELS:
            values = self.objects(node, p)
            fr = [v for v in values if isinstance(v, ox.Literal) and v.language == "fr"]
            if fr or values:
                return str((fr or values)[0].value)[:160]
        return ""

    def name(self, doc: Any) -> str:
        if doc.value not in self.names:
            labels = [str(v.value) for v in self.objects(doc, RDFS.label)]
            self.names[doc.value] = min(labels, default=doc.value)
        return self.names[doc.value]

    def source(self, focus: str) -> tuple[str, int | None, int | None]:
        import pyoxigraph as ox

        def first(node: Any, p: URIRef) -> int:
            return min((int(v.value) for v in self.objects(node, p)), default=0)

        found = []
        for sel in self.objects(ox.NamedNode(focus), QK.source):
            if not isinstance(sel, ox.NamedNode):
                continue
            lines = [x for x in self.objects(sel, OA.hasSelector) if isinstance(x, ox.NamedNode)]
            for doc in self.objects(sel, OA.hasSource):
                if not isinstance(doc, ox.NamedNode):
                    continue
                name = self.name(doc)
                for ln in lines:
                    found.append((name, first(ln, QK.firstLine), first(ln, QK.lastLine)))
        if not found:
            return "", None, None
        name, first_no, last_no = min(found)
        return name, first_no or None, last_no or None


def check_shared(
    shapes: Shapes, nodes: set[str], triples: Iterable[str], shared_graphs: list[Graph]
) -> list[Finding]:
    """Validate resources described by several graphs on the union of their descriptions
    (`triples`: N-Triples lines from the documents), with the shared graphs beside them."""
    if not nodes:
        return []
    g = Graph()
    g.parse(data="\n".join(triples), format="nt")
    for sg in shared_graphs:
        g += sg
    return [f for f in shapes.check(g) if f.focus in nodes]


# -- across documents ---------------------------------------------------------------------


def _rows(store: Any, query: str) -> list[tuple[str, ...]]:
    return [tuple(t.value for t in sol) for sol in store.query(PREFIXES + query)]


def _message(shapes: Shapes, shape: str, value: str | None = None) -> str:
    """The shape's French message with {?var} filled in, as pyshacl fills it."""
    sg = shapes.graph
    node = URIRef(shape)
    templates = [m for c in sg.objects(node, SH.sparql) for m in sg.objects(c, SH.message)]
    templates += list(sg.objects(node, SH.message))
    fr = next((str(t) for t in templates if getattr(t, "language", None) == "fr"), "")
    if value is not None and "{" in fr:
        head, _, rest = fr.partition("{")
        return head + value + rest.split("}", 1)[1]
    return fr


def copied_actions(store: Any) -> list[tuple[str, str]]:
    """(action, the smallest name of another quartier with an action of the same text)."""
    texts: dict[str, set[str]] = defaultdict(set)
    mine: dict[str, set[tuple[str, str]]] = defaultdict(set)
    actions = {r[0] for r in _rows(store, "SELECT ?a WHERE { ?a a qk:Action }")}
    for s, text, q in _rows(store, "SELECT ?s ?t ?q WHERE { ?s rdfs:label ?t ; qk:inQuartier ?q }"):
        texts[text].add(q)
        if s in actions:
            mine[s].add((text, q))
    names: dict[str, str] = {}
    for q, n in _rows(store, "SELECT ?q ?n WHERE { ?x qk:inQuartier ?q . ?q qk:name ?n }"):
        names[q] = min(n, names.get(q, n))
    out = []
    for a, pairs in mine.items():
        others = [names[oq] for t, q in pairs for oq in texts[t] if oq != q and oq in names]
        if others:
            out.append((a, min(others)))
    return out


def portrait_gaps(store: Any) -> list[tuple[str, str]]:
    """(portrait, notation of an indicator other portraits give and it does not)."""
    query = "SELECT ?i ?n WHERE { ?o a qk:Observation ; qk:indicator ?i . ?i skos:notation ?n }"
    notation = {i: n for i, n in _rows(store, query)}
    has: dict[str, set[str]] = defaultdict(set)
    for _o, p, i in _rows(store, "SELECT ?o ?p ?i WHERE { ?o qb:dataSet ?p ; qk:indicator ?i }"):
        has[p].add(i)
    portraits = {r[0] for r in _rows(store, "SELECT ?p WHERE { ?p a qk:Portrait }")}
    return sorted(
        {(p, n) for p in portraits for i, n in notation.items() if i not in has.get(p, set())}
    )


def single_mention_partners(store: Any) -> list[str]:
    return [
        r[0]
        for r in _rows(
            store,
            """SELECT ?p WHERE { ?p a qk:Partner . ?a a qk:Action ; qk:involves ?p }
               GROUP BY ?p HAVING (COUNT(DISTINCT ?a) = 1)""",
        )
    ]


def check_across(shapes: Shapes, store: Any) -> list[Finding]:
    """The cross-document audit shapes, as store queries."""
    found: list[tuple[str, str, str]] = []  # (shape, focus, value)
    wanted = {s.rsplit("#", 1)[1] for s in shapes.cross}
    if "CopiedActionShape" in wanted:
        found += [(QKS + "CopiedActionShape", a, n) for a, n in copied_actions(store)]
    if "PortraitGapShape" in wanted:
        found += [(QKS + "PortraitGapShape", p, n) for p, n in portrait_gaps(store)]
    if "SingleMentionPartnerShape" in wanted:
        found += [
            (QKS + "SingleMentionPartnerShape", p, "") for p in single_mention_partners(store)
        ]
    if not found:
        return []
    about = _Describer(store)
    out = []
    for shape, focus, value in found:
        node = URIRef(shape)
        sev = str(shapes.graph.value(node, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
        src, first, last = about.source(focus)
        filled = value if shape.endswith(("CopiedActionShape", "PortraitGapShape")) else None
        out.append(
            Finding(
                severity=sev,
                shape=shape,
                shape_name=shape_name(shapes.graph, node),
                focus=focus,
                label=about.label(focus),
                path="",
                value=value if shape.endswith("PortraitGapShape") else focus,
                message=_message(shapes, shape, filled),
                source=src,
                first_line=first,
                last_line=last,
            )
        )
    return out


# -- putting it together --------------------------------------------------------------------


def assemble(
    shapes: Shapes,
    store: Any,
    documents: Iterable[DocumentChecks],
    shared_graphs: list[Graph],
) -> Report:
    """One report from the documents' checks, the shared resources and the cross checks.
    `store` holds every graph (conventions, framework, reference, ontology). `documents` is
    read three times (a list, or a view that reads each document's record again), one
    document at a time: what is kept between passes is only what several documents share."""
    in_shared = shared_subjects(shared_graphs)
    seen_in: dict[str, int] = defaultdict(int)
    per_graph: dict[str, list[Path | None]] = defaultdict(list)
    for d in documents:
        per_graph[d.graph].append(d.ttl)
        for s in d.outside:
            seen_in[s] += 1
    # described by two documents or more, or by a shared graph (then checked on them)
    shared = {s for s, n in seen_in.items() if n > 1} | in_shared
    del seen_in
    # two documents of one commune (a convention and its amendment) share their IRIs: all
    # their resources are described twice, and checked on the union
    whole: list[str] = []
    for group in (g for g in per_graph.values() if len(g) > 1):
        for ttl in group:
            assert ttl is not None
            for triple in Graph().parse(ttl, format="turtle"):
                shared.add(str(triple[0]))
                whole.append(" ".join(x.n3() for x in triple) + " .")
    del per_graph
    triples = [t for d in documents for t in d.outside_triples if _subject(t) in shared]
    # and what they point to (the class of a linked resource: sh:class)
    pointed = {t[t.rindex("<") + 1 : -3] for t in triples if t.endswith("> .")} - shared
    triples += whole
    # a resource of one document only is checked once, with its document; all the others
    # once, on the union: no finding is counted twice, none is merged with another
    findings: list[Finding] = []
    for d in documents:
        triples += [t for t in d.outside_triples if _subject(t) in pointed]
        findings += [compact(f) for f in d.findings if f.focus not in shared]
    findings += check_shared(shapes, shared, triples, shared_graphs)
    del triples
    findings += check_across(shapes, store)
    findings.sort(key=finding_key)
    return Report(not any(f.severity == "Violation" for f in findings), findings, Graph())


def _subject(triple: str) -> str:
    """The subject IRI of an N-Triples line."""
    return triple[1 : triple.index(">")]


def compact(f: Finding) -> Finding:
    """A finding whose repeated texts (shape, message, source…) are shared with the other
    findings': tens of thousands of them are kept until the report."""
    for name in ("severity", "shape", "shape_name", "path", "message", "source"):
        setattr(f, name, sys.intern(getattr(f, name)))
    return f


def validate_files(
    files: list[Path],
    shapes_dir: Path,
    *,
    base: str = DEFAULT_BASE,
    engine: str = "turbo",
    jobs: int | None = None,
) -> Report:
    """`quartiers validate --engine store`: Turtle files, each a graph, validated in parts, in
    bounded memory: every file goes into an on-disk store in a scratch directory, and each
    convention is parsed and checked alone (in parallel), then forgotten but for its findings
    and what it says of resources outside its IRI space."""
    import tempfile

    import pyoxigraph as ox

    from quartiers.errors import InputError
    from quartiers.store import ONTOLOGY_FILE, graph_of

    if not files:
        raise InputError("no Turtle files to validate", ".")
    with tempfile.TemporaryDirectory(prefix="quartiers-validate-") as scratch:
        store = ox.Store(scratch)  # on disk: its memory does not grow with the corpus
        names: list[tuple[str, Path]] = []  # two files may be one graph (an amendment)
        for f in [*files, ONTOLOGY_FILE]:
            name = graph_of(f)
            try:
                store.bulk_load(path=str(f), format=ox.RdfFormat.TURTLE, to_graph=name)
            except (SyntaxError, ValueError) as exc:
                raise InputError(f"invalid Turtle: {str(exc).splitlines()[0]}", f) from None
            names.append((name.value, f))
        found = store.query(
            PREFIXES + "SELECT ?g WHERE { GRAPH ?g { ?g a qk:ConventionApplication } }"
        )
        assert isinstance(found, ox.QuerySolutions)
        conventions = {str(s["g"].value) for s in found}
        shared = [Graph().parse(f, format="turtle") for n, f in names if n not in conventions]
        todo = [(n, f) for n, f in names if n in conventions]
        checks = list(_check_files(todo, shapes_dir, base, engine, shared, jobs))
        try:
            return assemble(Shapes(shapes_dir, base, engine), UnionView(store), checks, shared)
        finally:
            del store


_checker: dict[str, Any] = {}


def _init_checker(shapes_dir: Path, base: str, engine: str, context: Graph) -> None:
    _checker.update(shapes=Shapes(shapes_dir, base, engine), context=context)


def _check_file(graph: str, path: Path) -> DocumentChecks:
    g = Graph().parse(path, format="turtle")
    checks = check_document(_checker["shapes"], g, _checker["context"], graph)
    checks.ttl = path
    return checks


def _check_files(
    todo: list[tuple[str, Path]],
    shapes_dir: Path,
    base: str,
    engine: str,
    shared: list[Graph],
    jobs: int | None,
) -> Iterable[DocumentChecks]:
    """Each convention's checks, in order, from a pool of processes (one per core)."""
    import os

    from quartiers import pool

    args = (shapes_dir, base, engine, document_context(shared))
    jobs = jobs or min(len(os.sched_getaffinity(0)), max(1, len(todo) // 8))
    yield from pool.run(
        _check_file, todo, jobs=jobs, initializer=_init_checker, initargs=args, ordered=True
    )


class UnionView:
    """A store queried with its default graph as the union of its named graphs."""

    def __init__(self, store: Any):
        self.store = store

    def query(self, sparql: str) -> Any:
        return self.store.query(sparql, use_default_graph_as_union=True)

    def quads_for_pattern(self, s: Any, p: Any) -> Any:
        return self.store.quads_for_pattern(s, p, None, None)
