"""OWL 2 DL reasoning (owlready2 + HermiT) over the ontology and the generated data.

HermiT accepts only the OWL 2 datatype map, which has no xsd:date (nor xsd:gYear): the
published data keeps xsd:date, as dates should be, and the reasoning view maps those literals
and ranges to xsd:dateTime (midnight), which changes no class membership."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, XSD, Graph, Literal

from quartiers.iris import ONTOLOGY
from quartiers.store import ONTOLOGY_FILE, data_files

_MAP = {XSD.date: XSD.dateTime}


def owl_view(paths: list[Path], extra: Graph | None = None) -> Graph:
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    for f in data_files(paths):
        g.parse(f, format="turtle")
    if extra is not None:
        g += extra
    for s, p, o in list(g):
        if isinstance(o, Literal) and o.datatype in _MAP:
            g.remove((s, p, o))
            g.add((s, p, Literal(f"{o}T00:00:00", datatype=_MAP[o.datatype])))
        elif o in _MAP:
            g.remove((s, p, o))
            g.add((s, p, _MAP[o]))  # type: ignore[index]
    return g


@dataclass
class Consistency:
    consistent: bool
    message: str
    individuals: int


def check(graph: Graph) -> Consistency:
    from owlready2 import OwlReadyInconsistentOntologyError, World, sync_reasoner

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "view.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = World()
        world.get_ontology(path.as_uri()).load()
        n = len({s for s, o in graph.subject_objects(RDF.type) if str(o).startswith(ONTOLOGY)})
        try:
            sync_reasoner(world, infer_property_values=False, debug=0)
        except OwlReadyInconsistentOntologyError as exc:
            return Consistency(False, f"HermiT: inconsistent {exc}".strip(), n)
        return Consistency(True, "HermiT: consistent", n)
