"""Human documentation of the ontology, generated from ontology/quartiers.ttl: one HTML page
(every class, property and controlled value with labels, definitions, domains, ranges) and an
SVG diagram of the main classes and the properties that link them."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from jinja2 import Environment
from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef
from rdflib.term import Node

from quartiers.iris import ONTOLOGY, ONTOLOGY_IRI

ONTOLOGY_FILE = Path(__file__).resolve().parent.parent / "ontology" / "quartiers.ttl"


@dataclass
class Term:
    iri: str
    local: str
    kind: str
    label_fr: str = ""
    label_en: str = ""
    definition_fr: str = ""
    definition_en: str = ""
    parents: list[str] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


def _lang(g: Graph, s: Node, p: URIRef, lang: str) -> str:
    for o in g.objects(s, p):
        if getattr(o, "language", None) == lang:
            return str(o)
    return ""


def _short(g: Graph, node: Node) -> str:
    if isinstance(node, URIRef):
        s = str(node)
        if s.startswith(ONTOLOGY):
            return "qk:" + s[len(ONTOLOGY) :]
        try:
            return g.namespace_manager.normalizeUri(node)
        except Exception:
            return s
    return "…"


def terms(g: Graph) -> dict[str, list[Term]]:
    groups: dict[str, list[Term]] = {"classes": [], "object": [], "datatype": [], "values": []}
    for s in sorted(set(g.subjects()), key=str):
        if not isinstance(s, URIRef) or not str(s).startswith(ONTOLOGY):
            continue
        types = set(g.objects(s, RDF.type))
        local = str(s)[len(ONTOLOGY) :]
        if OWL.Class in types:
            kind = "classes"
        elif OWL.ObjectProperty in types:
            kind = "object"
        elif OWL.DatatypeProperty in types:
            kind = "datatype"
        elif any(str(t).startswith(ONTOLOGY) for t in types):
            kind = "values"
        else:
            continue
        t = Term(
            str(s),
            local,
            kind,
            _lang(g, s, RDFS.label, "fr") or _lang(g, s, SKOS.prefLabel, "fr"),
            _lang(g, s, RDFS.label, "en") or _lang(g, s, SKOS.prefLabel, "en"),
            _lang(g, s, SKOS.definition, "fr"),
            _lang(g, s, SKOS.definition, "en"),
        )
        for p in g.objects(s, RDFS.subClassOf):
            if isinstance(p, URIRef):
                t.parents.append(_short(g, p))
            else:
                prop = g.value(p, OWL.onProperty)
                if prop is None:
                    continue
                for card in (OWL.cardinality, OWL.minCardinality, OWL.maxCardinality):
                    n = g.value(p, card)
                    if n is not None:
                        word = {
                            OWL.cardinality: "exactly",
                            OWL.minCardinality: "at least",
                            OWL.maxCardinality: "at most",
                        }[card]
                        t.extra.append(f"{_short(g, prop)} {word} {n}")
        for p in g.objects(s, RDFS.subPropertyOf):
            t.parents.append(_short(g, p))
        t.domain = [_short(g, d) for d in g.objects(s, RDFS.domain)]
        t.range = [_short(g, r) for r in g.objects(s, RDFS.range)]
        for d in g.objects(s, OWL.disjointWith):
            t.extra.append(f"disjoint with {_short(g, d)}")
        t.extra += [f"inverse of {_short(g, i)}" for i in g.objects(s, OWL.inverseOf)]
        if OWL.FunctionalProperty in types:
            t.extra.append("functional")
        if kind == "values":
            t.parents = [_short(g, x) for x in types]
        groups[kind].append(t)
    return groups


def ontology_html(env: Environment, path: Path = ONTOLOGY_FILE) -> str:
    g = Graph().parse(path, format="turtle")
    onto = URIRef(ONTOLOGY_IRI)
    meta = {
        "iri": ONTOLOGY_IRI,
        "version_iri": str(g.value(onto, OWL.versionIRI) or ""),
        "version": str(g.value(onto, OWL.versionInfo) or ""),
        "title_fr": _lang(g, onto, URIRef("http://purl.org/dc/terms/title"), "fr"),
        "title_en": _lang(g, onto, URIRef("http://purl.org/dc/terms/title"), "en"),
        "description_fr": _lang(g, onto, URIRef("http://purl.org/dc/terms/description"), "fr"),
        "description_en": _lang(g, onto, URIRef("http://purl.org/dc/terms/description"), "en"),
        "license": str(g.value(onto, URIRef("http://purl.org/dc/terms/license")) or ""),
    }
    return env.get_template("ontology.html").render(meta=meta, groups=terms(g))


# main classes and where they sit in the diagram (column, row)
LAYOUT: dict[str, tuple[int, int]] = {
    "ContratDeVille": (0, 0),
    "ConventionApplication": (1, 0),
    "Signature": (2, 0),
    "EPCI": (0, 1),
    "GovernanceBody": (2, 1),
    "SourceSelection": (3, 1),
    "Commune": (0, 2),
    "Quartier": (1, 2),
    "RetainedObjective": (2, 2),
    "Objectif": (3, 2),
    "Portrait": (0, 3),
    "Irritant": (1, 3),
    "Action": (2, 3),
    "Orientation": (3, 3),
    "Observation": (0, 4),
    "Partner": (2, 4),
    "Enjeu": (3, 4),
    "Indicator": (0, 5),
}
EDGES = [
    ("ConventionApplication", "partOfContract", "ContratDeVille"),
    ("ContratDeVille", "epci", "EPCI"),
    ("ConventionApplication", "commune", "Commune"),
    ("ConventionApplication", "signature", "Signature"),
    ("ConventionApplication", "governanceBody", "GovernanceBody"),
    ("ConventionApplication", "covers", "Quartier"),
    ("Quartier", "spansCommune", "Commune"),
    ("Portrait", "forQuartier", "Quartier"),
    ("Observation", "qb:dataSet", "Portrait"),
    ("Observation", "indicator", "Indicator"),
    ("Observation", "refArea", "Quartier"),
    ("ConventionApplication", "retains", "RetainedObjective"),
    ("RetainedObjective", "forQuartier", "Quartier"),
    ("RetainedObjective", "objective", "Objectif"),
    ("RetainedObjective", "hasAction", "Action"),
    ("Action", "involves", "Partner"),
    ("Objectif", "skos:broader", "Orientation"),
    ("Orientation", "skos:broader", "Enjeu"),
    ("Quartier", "irritant, opportunity, localPriority", "Irritant"),
    ("ConventionApplication", "source (every resource)", "SourceSelection"),
]


def ontology_diagram_svg() -> str:
    w, h, gx, gy, ox_, oy = 190, 40, 260, 110, 20, 20

    def box(name: str) -> tuple[float, float]:
        c, r = LAYOUT[name]
        return ox_ + c * gx, oy + r * gy

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {ox_ * 2 + 3 * gx + w} '
        f'{oy * 2 + 5 * gy + h}" font-family="sans-serif" font-size="12">',
        '<defs><marker id="a" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    ]
    for a, label, b in EDGES:
        (x1, y1), (x2, y2) = box(a), box(b)
        x1, y1, x2, y2 = x1 + w / 2, y1 + h / 2, x2 + w / 2, y2 + h / 2
        # clip the segment to the target box border
        dx, dy = x2 - x1, y2 - y1
        t = min(abs((w / 2) / dx) if dx else 1e9, abs((h / 2) / dy) if dy else 1e9)
        ex, ey = x2 - dx * t, y2 - dy * t
        sx, sy = x1 + dx * t, y1 + dy * t
        parts.append(
            f'<line x1="{sx:.0f}" y1="{sy:.0f}" x2="{ex:.0f}" y2="{ey:.0f}" stroke="#555" '
            f'marker-end="url(#a)"/>'
        )
        parts.append(
            f'<text x="{(sx + ex) / 2:.0f}" y="{(sy + ey) / 2 - 3:.0f}" fill="#333" '
            f'text-anchor="middle" font-size="10">{escape(label)}</text>'
        )
    for name in LAYOUT:
        x, y = box(name)
        label = "Quartier (QPV | QIC)" if name == "Quartier" else name
        label = "Irritant, Opportunity, LocalPriority" if name == "Irritant" else label
        parts.append(
            f'<a href="#{name}"><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6" '
            f'fill="#eef4fb" stroke="#2b5d8a"/><text x="{x + w / 2}" y="{y + h / 2 + 4}" '
            f'text-anchor="middle">qk:{escape(label)}</text></a>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
