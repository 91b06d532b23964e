"""The rdf:type closure of the ontology's class hierarchy, materialised in every graph written,
so that a plain query for a superclass finds the instances of its subclasses (`?q a
qk:Quartier` finds QPVs and QICs; `?c a skos:Concept` finds indicators and objectives) on any
SPARQL store, with no reasoner and no entailment regime to support."""

from __future__ import annotations

from functools import cache

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from quartiers.store import ONTOLOGY_FILE


@cache
def superclasses() -> dict[URIRef, frozenset[URIRef]]:
    """Every named class of the ontology -> all its named superclasses (transitively)."""
    onto = Graph().parse(ONTOLOGY_FILE, format="turtle")
    direct: dict[URIRef, set[URIRef]] = {}
    for c, sup in onto.subject_objects(RDFS.subClassOf):
        if isinstance(c, URIRef) and isinstance(sup, URIRef) and sup not in (OWL.Thing, c):
            direct.setdefault(c, set()).add(sup)
    closed: dict[URIRef, frozenset[URIRef]] = {}
    for c in direct:
        seen: set[URIRef] = set()
        todo = list(direct[c])
        while todo:
            s = todo.pop()
            if s not in seen and s != c:
                seen.add(s)
                todo += direct.get(s, ())
        closed[c] = frozenset(seen)
    return closed


def with_superclasses(g: Graph) -> Graph:
    """Add `s a C` for every superclass C of each class s is stated to belong to (in place)."""
    sup = superclasses()
    for s, cls in list(g.subject_objects(RDF.type)):
        for c in sup.get(cls, ()):  # type: ignore[call-overload]
            g.add((s, RDF.type, c))
    return g
