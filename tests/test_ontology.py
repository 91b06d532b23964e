"""The ontology: well-formed Turtle, documented terms, OWL 2 DL consistency with the data."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef

from quartiers.iris import ONTOLOGY, ONTOLOGY_IRI
from quartiers.reasoning import check, owl_view
from quartiers.store import ONTOLOGY_FILE
from tests.conftest import Built


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def test_header(onto: Graph) -> None:
    o = URIRef(ONTOLOGY_IRI)
    assert (o, RDF.type, OWL.Ontology) in onto
    assert str(onto.value(o, OWL.versionIRI)).startswith(ONTOLOGY_IRI + "/")
    assert onto.value(o, OWL.versionInfo) is not None
    assert (
        str(onto.value(o, URIRef("http://purl.org/dc/terms/license")))
        == "https://www.etalab.gouv.fr/licence-ouverte-open-licence"
    )
    assert onto.value(o, URIRef("http://purl.org/dc/terms/creator")) is not None


def test_every_term_has_french_and_english_labels_and_a_definition(onto: Graph) -> None:
    terms = {s for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY)}
    assert len(terms) > 100
    for t in terms:
        labels = list(onto.objects(t, RDFS.label)) + list(onto.objects(t, SKOS.prefLabel))
        langs = {getattr(lbl, "language", None) for lbl in labels}
        assert {"fr", "en"} <= langs, t
        defs = {getattr(d, "language", None) for d in onto.objects(t, SKOS.definition)}
        assert {"fr", "en"} <= defs, t


def _note_kinds_in_code() -> set[str]:
    """Every kind of quality note the converter can write: the first argument of each
    `QualityNote(...)` call in its source."""
    import ast
    from pathlib import Path

    import quartiers

    kinds: set[str] = set()
    for path in Path(quartiers.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "QualityNote"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                kinds.add(str(node.args[0].value))
    return kinds


def test_every_kind_of_note_the_converter_writes_is_a_defined_term(onto: Graph) -> None:
    from quartiers.losses import LOSS_KINDS

    kinds = _note_kinds_in_code() | LOSS_KINDS
    assert len(kinds) > 25  # the scan found the calls
    defined = {
        str(s)[len(ONTOLOGY) :]
        for s in onto.subjects(RDF.type, URIRef(ONTOLOGY + "NoteKind"))
        if isinstance(s, URIRef)
    }
    assert kinds - defined == set()


def test_main_classes_and_reused_vocabularies(onto: Graph) -> None:
    qk = lambda n: URIRef(ONTOLOGY + n)  # noqa: E731
    for cls in (
        "ContratDeVille",
        "ConventionCadre",
        "ConventionApplication",
        "EPCI",
        "Commune",
        "Quartier",
        "QPV",
        "QIC",
        "Enjeu",
        "Orientation",
        "Objectif",
        "RetainedObjective",
        "Action",
        "Partner",
        "Observation",
        "Irritant",
        "Opportunity",
        "LocalPriority",
        "SteeringCommittee",
        "TechnicalCommittee",
        "MonitoringCommittee",
        "Signature",
        "SourceSelection",
        "LineSelector",
        "QualityNote",
    ):
        assert (qk(cls), RDF.type, OWL.Class) in onto, cls
    assert (qk("QPV"), OWL.disjointWith, qk("QIC")) in onto
    supers = {str(o) for o in onto.objects(None, RDFS.subClassOf) if isinstance(o, URIRef)}
    for reused in (
        "http://www.w3.org/ns/org#Organization",
        "http://data.europa.eu/m8g/PublicOrganisation",
        "http://www.w3.org/ns/prov#Entity",
        "http://purl.org/linked-data/cube#Observation",
        "http://www.w3.org/2004/02/skos/core#Concept",
        "http://www.w3.org/ns/oa#FragmentSelector",
        "http://www.w3.org/ns/dqv#QualityAnnotation",
    ):
        assert reused in supers, reused
    assert (
        qk("inseeCode"),
        RDFS.subPropertyOf,
        URIRef("http://rdf.insee.fr/def/geo#codeINSEE"),
    ) in onto


def test_hermit_finds_ontology_and_data_consistent(built: Built) -> None:
    result = check(owl_view([built.out]))
    assert result.consistent, result.message
    assert result.individuals > 1000


def test_hermit_catches_a_planted_inconsistency(built: Built) -> None:
    planted = Graph().parse(
        data="""
        @prefix qk: <https://w3id.org/quartiers-kg/ontology#> .
        <https://w3id.org/quartiers-kg/id/quartier/QN06216M> a qk:QIC .""",
        format="turtle",
    )
    result = check(owl_view([built.out], planted))
    assert not result.consistent  # the data types it qk:QPV; QPV and QIC are disjoint
