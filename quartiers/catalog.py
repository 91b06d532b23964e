"""DCAT catalogue and VoID description of the published data, for open-data harvesters
(CKAN, udata) and linked-data crawlers."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF

from quartiers.convert import serialise, write_atomic
from quartiers.iris import ONTOLOGY_IRI, Minter
from quartiers.to_rdf import DCAT, ETALAB, VOID, en, fr, new_graph

PUBLIC_URL = os.environ.get("QUARTIERS_PUBLIC_URL", "http://127.0.0.1:8000/")
CATALOG_FILE = "catalog.ttl"
MEDIA = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".gz": "application/gzip",
    ".rdf": "application/rdf+xml",
}
VCARD = "http://www.w3.org/2006/vcard/ns#"
ADMS = "http://www.w3.org/ns/adms#"
SD = "http://www.w3.org/ns/sparql-service-description#"
EUROVOC_THEME = URIRef("http://publications.europa.eu/resource/authority/data-theme/SOCI")
FRANCE = URIRef("http://publications.europa.eu/resource/authority/country/FRA")
LANG_FR = URIRef("http://publications.europa.eu/resource/authority/language/FRA")
PUBLISHER = "quartiers-kg"


@dataclass
class Dump:
    name: str  # file name under /dumps/
    media_type: str
    size: int
    compressed: bool = False


def catalog_graph(
    m: Minter, public_url: str, dumps: list[Dump], triples: int, modified: date | None = None
) -> Graph:
    """The catalogue: one dataset (the knowledge graph), its dump distributions, and the SPARQL
    endpoint as a dcat:DataService; the dataset is also a void:Dataset with its statistics."""
    g = new_graph(m)
    g.bind("vcard", VCARD)
    g.bind("sd", SD)
    pub = public_url if public_url.endswith("/") else public_url + "/"
    cat, ds = URIRef(m.catalog()), URIRef(m.base + "dataset")
    svc, publisher = URIRef(pub + "sparql"), URIRef(m.base + "organisation/quartiers-kg")
    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, fr("Catalogue quartiers-kg")))
    g.add((cat, DCTERMS.title, en("quartiers-kg catalogue")))
    g.add(
        (
            cat,
            DCTERMS.description,
            fr("Données liées des contrats de ville « Engagements Quartiers 2030 »."),
        )
    )
    g.add(
        (
            cat,
            DCTERMS.description,
            en("Linked data of the 'Engagements Quartiers 2030' city contracts."),
        )
    )
    g.add((cat, DCTERMS.publisher, publisher))
    g.add((cat, DCAT.dataset, ds))
    g.add((cat, DCAT.service, svc))
    g.add((cat, FOAF.homepage, URIRef(pub)))
    g.add((cat, DCTERMS.license, ETALAB))
    if modified:
        g.add((cat, DCTERMS.modified, Literal(modified)))
        g.add((ds, DCTERMS.modified, Literal(modified)))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal("quartiers-kg")))
    g.add(
        (
            publisher,
            DCTERMS.type,
            URIRef("http://purl.org/adms/publishertype/NonProfitOrganisation"),
        )
    )

    for t in (DCAT.Dataset, VOID.Dataset):
        g.add((ds, RDF.type, t))
    g.add((ds, DCTERMS.identifier, Literal(str(ds))))
    g.add(
        (
            ds,
            DCTERMS.title,
            fr("Contrats de ville « Engagements Quartiers 2030 » : graphe de connaissances"),
        )
    )
    g.add((ds, DCTERMS.title, en("City contracts 'Engagements Quartiers 2030': knowledge graph")))
    g.add(
        (
            ds,
            DCTERMS.description,
            fr(
                "Conventions d'application communales des contrats de ville 2024-2030 : quartiers (QPV, QIC), "
                "portrait statistique, irritants, opportunités, objectifs retenus et actions, partenaires, "
                "gouvernance et signataires, avec la provenance de chaque fait jusqu'aux lignes du document."
            ),
        )
    )
    g.add(
        (
            ds,
            DCTERMS.description,
            en(
                "Communal application agreements of the 2024-2030 city contracts: neighbourhoods (QPV, QIC), "
                "statistical portrait, problems, assets, retained objectives and actions, partners, "
                "governance and signatories, with each fact's provenance down to the document lines."
            ),
        )
    )
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((ds, DCTERMS.license, ETALAB))
    g.add((ds, DCTERMS.language, LANG_FR))
    g.add((ds, DCTERMS.spatial, FRANCE))
    g.add((ds, DCAT.theme, EUROVOC_THEME))
    g.add((ds, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
    for kw in (
        "politique de la ville",
        "contrat de ville",
        "quartiers prioritaires",
        "QPV",
        "QIC",
        "Engagements Quartiers 2030",
    ):
        g.add((ds, DCAT.keyword, fr(kw)))
    period = URIRef(m.base + "dataset/periode")
    g.add((ds, DCTERMS.temporal, period))
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    g.add((period, DCAT.startDate, Literal(date(2024, 1, 1))))
    g.add((period, DCAT.endDate, Literal(date(2030, 12, 31))))
    contact = URIRef(m.base + "organisation/quartiers-kg/contact")
    g.add((ds, DCAT.contactPoint, contact))
    g.add((contact, RDF.type, URIRef(VCARD + "Kind")))
    g.add((contact, URIRef(VCARD + "fn"), Literal("quartiers-kg")))
    g.add((ds, VOID.sparqlEndpoint, svc))
    g.add((ds, VOID.triples, Literal(triples, datatype=XSD.integer)))
    g.add((ds, VOID.uriSpace, Literal(m.base)))
    g.add((ds, VOID.vocabulary, URIRef(ONTOLOGY_IRI.rstrip("/") + "#")))
    for d in dumps:
        dist = URIRef(f"{m.base}dataset/distribution/{d.name}")
        url = URIRef(pub + "dumps/" + d.name)
        g.add((ds, DCAT.distribution, dist))
        g.add((ds, VOID.dataDump, url))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, fr(f"Export complet ({d.name})")))
        g.add((dist, DCTERMS.title, en(f"Full dump ({d.name})")))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.downloadURL, url))
        g.add(
            (
                dist,
                DCAT.mediaType,
                URIRef("https://www.iana.org/assignments/media-types/" + d.media_type),
            )
        )
        if d.compressed:
            g.add(
                (
                    dist,
                    DCAT.compressFormat,
                    URIRef("https://www.iana.org/assignments/media-types/application/gzip"),
                )
            )
        g.add(
            (dist, DCAT.byteSize, Literal(d.size, datatype=XSD.decimal))
        )  # DCAT-AP 3 asks xsd:decimal
        g.add((dist, DCTERMS.license, ETALAB))
    g.add((svc, RDF.type, DCAT.DataService))
    g.add((svc, DCTERMS.title, fr("Point d'accès SPARQL")))
    g.add((svc, DCTERMS.title, en("SPARQL endpoint")))
    g.add((svc, DCAT.endpointURL, svc))
    g.add((svc, DCAT.endpointDescription, svc))
    g.add((svc, DCAT.servesDataset, ds))
    g.add((svc, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((svc, DCTERMS.license, ETALAB))
    g.add((ds, RDFS.seeAlso, URIRef(pub)))
    _type_references(g)
    return g


def _type_references(g: Graph) -> None:
    """Give the referenced resources the classes DCAT-AP's range shapes expect."""
    skos_concept = URIRef("http://www.w3.org/2004/02/skos/core#Concept")
    ranges = {
        DCTERMS.license: DCTERMS.LicenseDocument,
        DCAT.mediaType: DCTERMS.MediaType,
        DCAT.compressFormat: DCTERMS.MediaType,
        DCTERMS.spatial: DCTERMS.Location,
        DCAT.theme: skos_concept,
        DCTERMS.language: DCTERMS.LinguisticSystem,
        DCTERMS.conformsTo: DCTERMS.Standard,
        DCTERMS.type: skos_concept,
        DCTERMS.publisher: FOAF.Agent,
        FOAF.homepage: FOAF.Document,
    }
    for prop, cls in ranges.items():
        for o in set(g.objects(None, prop)):
            g.add((o, RDF.type, cls))
    skos_label = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
    g.add((EUROVOC_THEME, skos_label, en("Population and society")))
    g.add((EUROVOC_THEME, skos_label, fr("Population et société")))
    npo = URIRef("http://purl.org/adms/publishertype/NonProfitOrganisation")
    g.add((npo, skos_label, en("Non-Profit Organisation")))
    lic = URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence")
    g.add((lic, DCTERMS.title, fr("Licence Ouverte / Open Licence version 2.0")))
    g.add((lic, DCTERMS.identifier, Literal("etalab-2.0")))


def write_catalog(out_dir: Path, base: str | None = None, public_url: str = PUBLIC_URL) -> Path:
    """Catalogue of what `build` wrote: each Turtle file as a distribution."""
    m = Minter(base) if base else Minter()
    files = sorted(p for p in out_dir.glob("*.ttl") if p.name != CATALOG_FILE)
    dumps = [Dump(f"files/{p.name}", MEDIA[".ttl"], p.stat().st_size) for p in files]
    triples = sum(sum(1 for _ in ox.parse(path=str(p), format=ox.RdfFormat.TURTLE)) for p in files)
    # no modification date here: the file must stay byte-identical when the data does not change
    g = catalog_graph(m, public_url, dumps, triples)
    path = out_dir / CATALOG_FILE
    write_atomic(path, serialise(g))
    return path
