"""SHACL shapes, tested both ways: the real data passes the integrity shapes and triggers the
expected audit findings; a graph that breaks a shape is caught with that shape's message. A
second engine (pyshacl-turbo, Rust) must agree with pyshacl on the real data."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import RDF, Graph, Namespace

from quartiers.validate import load_data, load_shapes, validate
from tests.conftest import ROOT, Built

SHAPES = ROOT / "shapes"
SH = Namespace("http://www.w3.org/ns/shacl#")
QKS = "https://w3id.org/quartiers-kg/shapes#"
PREFIXES = """
PREFIX qk: <https://w3id.org/quartiers-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX id: <https://w3id.org/quartiers-kg/id/>
"""
DIVION = "<https://w3id.org/quartiers-kg/id/convention/62270>"
SIX = "<https://w3id.org/quartiers-kg/id/quartier/QN06214M>"
CLARENCE = "<https://w3id.org/quartiers-kg/id/quartier/qic-divion-cite-de-la-clarence>"
AUDIT_EXPECTED = {
    "EmptyObjectiveShape": ("Warning", 7),
    "UndatedConventionShape": ("Warning", 1),
    "DamagedTextShape": ("Warning", 8),
    "CopiedActionShape": ("Info", 202),
    "PortraitGapShape": ("Info", 14),
    "WorseThanAgglomerationShape": ("Info", 9),
    "SingleMentionPartnerShape": ("Info", 6),
    "MissingDataSourceShape": ("Info", 1),
}


@pytest.fixture(scope="module")
def data(built: Built) -> Graph:
    return load_data([built.out])


@pytest.fixture(scope="module")
def report(data: Graph):  # type: ignore[no-untyped-def]
    return validate([], SHAPES, data=data)


def test_real_data_has_no_violation(report) -> None:  # type: ignore[no-untyped-def]
    assert report.conforms, report.text()
    assert report.counts()["Violation"] == 0


def test_real_data_triggers_the_expected_audit_findings(report) -> None:  # type: ignore[no-untyped-def]
    got = Counter((f.shape.rsplit("#", 1)[-1], f.severity) for f in report.findings)
    assert {k: (sev, n) for (k, sev), n in got.items()} == AUDIT_EXPECTED
    empty = [f for f in report.findings if f.shape.endswith("EmptyObjectiveShape")]
    assert all(f.source and f.first_line and f.label for f in empty)
    assert {f.source for f in empty} == {"convention-divion.txt", "convention-haisnes.txt"}


def _count_shapes() -> tuple[set[str], set[str]]:
    g = load_shapes(SHAPES)
    names = {
        str(s).rsplit("#", 1)[-1]
        for s in g.subjects(RDF.type, SH.NodeShape)
        if str(s).startswith(QKS)
    }
    audit = set(AUDIT_EXPECTED)
    return names - audit, audit


BREAKS = {
    "ConventionShape": (f"DELETE WHERE {{ {DIVION} qk:commune ?c }}", "exactement une commune"),
    "CoveredQuartierShape": (f"DELETE WHERE {{ {SIX} qk:name ?n }}", "nom en français"),
    "QPVShape": (
        f'DELETE {{ {SIX} qk:qpvCode ?c }} INSERT {{ {SIX} qk:qpvCode "QP 06 20 14" }} '
        f"WHERE {{ {SIX} qk:qpvCode ?c }}",
        "QP suivi de 6 chiffres",
    ),
    "DescribedQPVShape": (
        f"DELETE WHERE {{ {SIX} qk:qpvCode ?c }}",
        "Un QPV décrit doit avoir un code",
    ),
    "QICShape": (
        f'INSERT DATA {{ {CLARENCE} qk:qpvCode "QP062099" }}',
        "ne doit pas avoir de code QPV",
    ),
    "CommuneShape": (
        'DELETE { ?c qk:inseeCode "62270" } INSERT { ?c qk:inseeCode "6227" } '
        'WHERE { ?c qk:inseeCode "62270" }',
        "code INSEE",
    ),
    "RetainedObjectiveShape": (
        "INSERT { ?r qk:objective <https://w3id.org/quartiers-kg/id/cadre/objectif/autre> } WHERE { "
        "{ SELECT ?r WHERE { ?r a qk:RetainedObjective } LIMIT 1 } }",
        "exactement un objectif du référentiel",
    ),
    "ActionShape": (
        "DELETE { ?a qk:inQuartier ?q } WHERE { { SELECT ?a WHERE { ?a a qk:Action } "
        "LIMIT 1 } ?a qk:inQuartier ?q }",
        "exactement un quartier",
    ),
    "ObservationShape": (
        "DELETE { ?o qk:value ?v } INSERT { ?o qk:value 132.5 } WHERE { "
        "?o qk:indicator <https://w3id.org/quartiers-kg/id/indicateur/taux_pauvrete> ; qk:value ?v ; qk:refArea "
        f"{SIX} }}",
        "entre 0 et 100",
    ),
    "StatementShape": (
        "DELETE { ?i rdfs:label ?l } WHERE { { SELECT ?i WHERE { ?i a qk:Irritant } "
        "LIMIT 1 } ?i rdfs:label ?l }",
        "exactement un texte en français",
    ),
    "ProvenanceShape": (
        "DELETE { ?a qk:source ?s } WHERE { { SELECT ?a WHERE { ?a a qk:Action } "
        "LIMIT 1 } ?a qk:source ?s }",
        "exactement une provenance",
    ),
    "SourceSelectionShape": (
        'INSERT { ?s rdfs:comment "x" } WHERE { { SELECT ?s WHERE { '
        "?s a qk:SourceSelection } LIMIT 1 } }",
        "oa:hasSource et oa:hasSelector",
    ),
    "LineSelectorShape": (
        "DELETE { ?l qk:firstLine ?f } INSERT { ?l qk:firstLine 999999 } WHERE { "
        "{ SELECT ?l WHERE { ?l a qk:LineSelector } LIMIT 1 } ?l qk:firstLine ?f }",
        "inférieur ou égal à la dernière",
    ),
    "ObjectiveConceptShape": (
        "DELETE { ?o qk:enjeuNumber ?n } INSERT { ?o qk:enjeuNumber 4 } WHERE "
        "{ { SELECT ?o WHERE { ?o a qk:Objectif } LIMIT 1 } ?o qk:enjeuNumber ?n }",
        "entier de 1 à 3",
    ),
    "SignatureShape": (
        'DELETE { ?s qk:signatureDate ?d } INSERT { ?s qk:signatureDate "9 juillet" } '
        "WHERE { ?s qk:signatureDate ?d }",
        "xsd:date unique",
    ),
    "PartnerShape": (
        "DELETE WHERE { <https://w3id.org/quartiers-kg/id/partenaire/caf> qk:name ?n }",
        "exactement un nom",
    ),
    # audit shapes: one more finding than in the real data
    "EmptyObjectiveShape": (
        "DELETE { ?r qk:hasAction ?a } WHERE { ?r qk:objective "
        "<https://w3id.org/quartiers-kg/id/cadre/objectif/lever-les-freins-a-la-mobilite> ; qk:forQuartier "
        f"{SIX} ; qk:hasAction ?a }}",
        "sans aucune action",
    ),
    "UndatedConventionShape": ("DELETE WHERE { ?s qk:signatureDate ?d }", "sans date de signature"),
    "DamagedTextShape": (
        "INSERT DATA { <https://w3id.org/quartiers-kg/id/convention/62270/note/999> "
        "a qk:QualityNote ; qk:noteKind qk:garbled }",
        "Texte illisible",
    ),
    "CopiedActionShape": (
        'INSERT { ?a rdfs:label "Développer un projet de Repair café"@fr } WHERE '
        "{ ?a a qk:Action ; qk:inQuartier <https://w3id.org/quartiers-kg/id/quartier/QN06216M> ; "
        "qk:position 1 ; qk:contributesTo "
        "<https://w3id.org/quartiers-kg/id/cadre/objectif/favoriser-l-entrepreneuriat> }",
        "Action identique",
    ),
    "PortraitGapShape": (
        "DELETE WHERE { ?o qk:indicator <https://w3id.org/quartiers-kg/id/indicateur/surface_ha> ; qk:refArea "
        f"{SIX} ; ?p ?v }}",
        "Indicateur absent",
    ),
    "WorseThanAgglomerationShape": (
        "DELETE { ?o qk:value ?v } INSERT { ?o qk:value 40.0 } WHERE { "
        "?o qk:indicator <https://w3id.org/quartiers-kg/id/indicateur/part_familles_monoparentales> ; "
        "qk:value ?v }",
        "Écart défavorable",
    ),
    "SingleMentionPartnerShape": (
        "INSERT { ?a qk:involves <https://w3id.org/quartiers-kg/id/partenaire/citeo> } WHERE "
        "{ { SELECT ?a WHERE { ?a a qk:Action } LIMIT 1 } }",
        "une seule action",
    ),
    "MissingDataSourceShape": (
        "DELETE { ?p qk:dataSource ?s } WHERE { ?p a qk:Portrait ; qk:dataSource ?s }",
        "sans source",
    ),
}


def test_every_shape_has_a_breaking_case() -> None:
    integrity, audit = _count_shapes()
    assert set(BREAKS) == integrity | audit


@pytest.mark.parametrize("shape", sorted(BREAKS))
def test_a_broken_graph_is_caught(data: Graph, report, shape: str) -> None:  # type: ignore[no-untyped-def]
    update, message = BREAKS[shape]
    g = Graph()
    g += data
    g.update(PREFIXES + update)
    assert len(g) != len(data) or set(g) != set(data), "the mutation changed nothing"
    broken = validate([], SHAPES, data=g, use_shapes=[QKS + shape])
    before = sum(1 for f in report.findings if f.shape == QKS + shape)
    hits = [f for f in broken.findings if f.shape == QKS + shape]
    assert len(hits) > before, broken.text()
    assert any(message in f.message for f in hits), [f.message for f in hits]
    if shape not in AUDIT_EXPECTED:
        assert not broken.conforms


def test_second_engine_agrees_on_the_real_data(data: Graph) -> None:
    import pyshacl
    import pyshacl_turbo

    shapes = load_shapes(SHAPES)
    results = []
    for engine in (pyshacl, pyshacl_turbo):
        conforms, graph, _ = engine.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            allow_warnings=True,
            allow_infos=True,
        )
        found = Counter(
            (
                str(graph.value(r, SH.focusNode)),
                str(graph.value(r, SH.resultSeverity)),
                str(graph.value(r, SH.sourceConstraintComponent)),
            )
            for r in graph.subjects(RDF.type, SH.ValidationResult)
        )
        results.append((conforms, found))
    assert results[0][0] == results[1][0]
    assert results[0][1] == results[1][1]


def test_sparql_audit_counts_match_plain_queries_on_the_store(store, report) -> None:  # type: ignore[no-untyped-def]
    """A third, independent count (pyoxigraph) of what the SHACL-SPARQL audit shapes report."""
    got = Counter(f.shape.rsplit("#", 1)[-1] for f in report.findings)
    copied = list(
        store.query(
            PREFIXES
            + """
        SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {
          ?a a qk:Action ; rdfs:label ?t ; qk:inQuartier ?q .
          ?b a qk:Action ; rdfs:label ?t ; qk:inQuartier ?r . FILTER(?q != ?r) }"""
        )
    )
    assert got["CopiedActionShape"] == int(copied[0]["n"].value)
    gaps = list(
        store.query(
            PREFIXES
            + """
        SELECT (COUNT(*) AS ?n) WHERE {
          { SELECT DISTINCT ?ind WHERE { ?o a qk:Observation ; qk:indicator ?ind } }
          ?p a qk:Portrait .
          MINUS { ?m qb:dataSet ?p ; qk:indicator ?ind } }"""
        )
    )
    assert got["PortraitGapShape"] == int(gaps[0]["n"].value)


def test_only_a_proposed_concept_may_lack_its_place_in_the_framework(data: Graph) -> None:
    """An objective a convention retains that the framework lacks is kept, for review; when
    the document says neither its orientation nor its enjeu, it has none, and the graph still
    conforms. A framework concept without them is broken."""
    g = Graph()
    g += data
    g.update(
        PREFIXES + "DELETE { ?o qk:enjeuNumber ?n ; skos:broader ?b } WHERE "
        "{ { SELECT ?o WHERE { ?o a qk:Objectif } ORDER BY ?o LIMIT 1 } "
        "?o qk:enjeuNumber ?n ; skos:broader ?b }"
    )
    shape = [QKS + "ObjectiveConceptShape"]
    broken = validate([], SHAPES, data=g, use_shapes=shape)
    assert any("numéro d'enjeu" in f.message for f in broken.findings), broken.text()
    g.update(
        PREFIXES + "INSERT { ?o qk:reviewStatus qk:proposed } WHERE "
        "{ ?o a qk:Objectif FILTER NOT EXISTS { ?o qk:enjeuNumber ?n } }"
    )
    assert validate([], SHAPES, data=g, use_shapes=shape).conforms
