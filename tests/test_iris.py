"""IRIs fit to last: the named resources of the two conventions keep today's IRIs whatever
variant of the documents is converted, and names become readable, unstemmed slugs."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, SKOS, Graph, Namespace, URIRef
from rdflib.namespace import FOAF, PROV

from quartiers.convert import convert
from quartiers.iris import DEFAULT_BASE, Minter
from quartiers.textnorm import slug
from tests.conftest import SOURCES, TEST_DATA, Built

QK = Namespace("https://w3id.org/quartiers-kg/ontology#")
NAMED = ("quartier/", "commune/", "convention/", "personne/", "partenaire/", "source/")
NAMED += ("epci/", "contrat/", "indicateur/")


def published() -> list[str]:
    lines = (TEST_DATA / "published-iris.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def named_iris(out: Path) -> list[str]:
    g = Graph()
    for f in out.glob("*.ttl"):
        g.parse(f, format="turtle")
    paths = {
        str(s)[len(DEFAULT_BASE) :]
        for s in g.subjects()
        if isinstance(s, URIRef) and str(s).startswith(DEFAULT_BASE) and "#" not in str(s)
    }
    return sorted(p for p in paths if p.startswith(NAMED) and p.count("/") == 1)


def variant(text: str) -> str:
    """The same document as another extraction tool writes it (saved with a BOM): CRLF,
    non-breaking and doubled spaces, typographic apostrophes, trailing blanks."""
    text = text.replace("'", "\u2019").replace(" : ", "\u00a0: ").replace(", ", ",  ")
    return "\r\n".join(line + "  " for line in text.splitlines()) + "\r\n"


def test_todays_iris_are_kept(built: Built) -> None:
    assert named_iris(built.out) == published()


def test_iris_do_not_change_across_variants_of_the_documents(tmp_path: Path) -> None:
    src = tmp_path / "sources"
    src.mkdir()
    for f in sorted(SOURCES.glob("*.txt")):
        text = variant(f.read_text(encoding="utf-8"))
        (src / f.name).write_bytes(text.encode("utf-8-sig"))  # with a byte-order mark
    convert(sorted(src.glob("*.txt")), tmp_path / "ttl")
    assert named_iris(tmp_path / "ttl") == published()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Cités 6 et 30", "cites-6-et-30"),  # plural kept: slugs never stem
        ("Cité de la Clarence", "cite-de-la-clarence"),
        ("Acteurs économiques et sociaux", "acteurs-economiques-et-sociaux"),
        ("Olivier GACQUERRE", "olivier-gacquerre"),
        ("Nœux-les-Mines", "noeux-les-mines"),
        ("Francas du Pas-de-Calais", "francas-du-pas-de-calais"),
    ],
)
def test_slugs_fold_accents_and_never_stem(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_minting_rule() -> None:
    m = Minter()
    assert m.commune("62270", "Divion") == DEFAULT_BASE + "commune/62270"
    assert m.commune(None, "Hameau des Écoles") == DEFAULT_BASE + "commune/hameau-des-ecoles"
    assert m.qpv("QN06216M") == DEFAULT_BASE + "quartier/QN06216M"
    assert (
        m.qic("Divion", "Cité du Transvaal")
        == DEFAULT_BASE + "quartier/qic-divion-cite-du-transvaal"
    )
    assert m.person("Jacky Lemoine") == DEFAULT_BASE + "personne/jacky-lemoine"


def test_subclass_instances_carry_their_superclasses(built: Built) -> None:
    g = Graph().parse(built.out / "convention-divion.ttl", format="turtle")
    quartiers = set(g.subjects(RDF.type, QK.Quartier))
    assert quartiers == set(g.subjects(RDF.type, QK.QPV)) | set(g.subjects(RDF.type, QK.QIC))
    assert len(quartiers) == 4
    people = set(g.subjects(RDF.type, QK.Signatory))
    assert people and people <= set(g.subjects(RDF.type, FOAF.Person))
    assert people <= set(g.subjects(RDF.type, PROV.Agent))  # two levels: Signatory ⊑ prov:Agent
    ref = Graph().parse(built.out / "reference.ttl", format="turtle")
    qpvs = set(ref.subjects(RDF.type, QK.QPV))
    assert len(qpvs) == 16 and qpvs <= set(ref.subjects(RDF.type, QK.Quartier))
    # reference-only QPVs carry their official names
    assert all(ref.value(q, SKOS.prefLabel) is not None for q in qpvs)
