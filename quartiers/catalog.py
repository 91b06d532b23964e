"""The DCAT-AP 3.0 catalogue of the published data, and its VoID description, for open-data
portals (data.gouv.fr's udata, data.europa.eu, CKAN's ckanext-dcat) and linked-data crawlers.

One catalogue, made from what the server holds: the whole knowledge graph as one dataset, each
convention (and the framework, the reference data) as a part of it, every dump as a
distribution with its exact size and SHA-256, and the SPARQL endpoint as a dcat:DataService.
Media types come from IANA's register, formats, themes, languages and statuses from the EU
Vocabularies' authority tables, as DCAT-AP asks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV

from quartiers.iris import ONTOLOGY, ONTOLOGY_IRI, Minter
from quartiers.to_rdf import DCAT, ETALAB, VOID, en, fr, new_graph

SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"  # the form udata recognises
THEMES = (URIRef(EU + "data-theme/REGI"), URIRef(EU + "data-theme/SOCI"))
FRANCE = URIRef(EU + "country/FRA")
FRENCH = URIRef(EU + "language/FRA")
PUBLIC = URIRef(EU + "access-right/PUBLIC")
COMPLETED = URIRef(EU + "distribution-status/COMPLETED")
THEME_SCHEME = URIRef(EU + "data-theme")
NON_PROFIT = URIRef("http://purl.org/adms/publishertype/NonProfitOrganisation")
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
SHA256 = SPDX.checksumAlgorithm_sha256
# file extension -> (IANA media type, EU file type)
FORMATS = {
    ".ttl": ("text/turtle", "RDF_TURTLE"),
    ".nt": ("application/n-triples", "RDF_N_TRIPLES"),
    ".jsonld": ("application/ld+json", "JSON_LD"),
    ".rdf": ("application/rdf+xml", "RDF_XML"),
}
GZIP = "application/gzip"
KEYWORDS = (
    "politique de la ville",
    "contrat de ville",
    "quartiers prioritaires",
    "QPV",
    "QIC",
    "Engagements Quartiers 2030",
)
# labels of the EU vocabulary terms used, so a page or a portal can show them without a lookup
LABELS = {
    THEMES[0]: ("Régions et villes", "Regions and cities"),
    THEMES[1]: ("Population et société", "Population and society"),
    FRANCE: ("France", "France"),
    FRENCH: ("français", "French"),
    PUBLIC: ("public", "public"),
    COMPLETED: ("complète", "completed"),
    ETALAB: ("Licence Ouverte / Open Licence version 2.0", "Open Licence version 2.0 (Etalab)"),
    NON_PROFIT: ("Organisation à but non lucratif", "Non-Profit Organisation"),
}


@dataclass(frozen=True)
class Dump:
    """A file under /dumps/: the whole graph (graph None) or one named graph."""

    name: str
    size: int
    sha256: str
    graph: str | None = None

    @property
    def compressed(self) -> bool:
        return self.name.endswith(".gz")

    @property
    def extension(self) -> str:
        stem = self.name[:-3] if self.compressed else self.name
        return "." + stem.rsplit(".", 1)[-1]

    @property
    def media_type(self) -> str:
        return FORMATS[self.extension][0]


@dataclass(frozen=True)
class Part:
    """A named graph published as a dataset of its own (a convention, the framework...)."""

    graph: str
    title_fr: str
    title_en: str
    triples: int
    about: tuple[str, ...] = ()  # what it describes: the convention, its commune
    derived_from: str | None = None  # the source document


@dataclass
class Catalogue:
    m: Minter
    public_url: str
    dumps: list[Dump]
    parts: list[Part]
    triples: int
    modified: datetime
    g: Graph = field(init=False)

    def __post_init__(self) -> None:
        if not self.public_url.endswith("/"):
            self.public_url += "/"
        self.g = new_graph(self.m)
        for prefix, ns in (("spdx", SPDX), ("vcard", VCARD), ("adms", ADMS)):
            self.g.bind(prefix, ns)
        self._build()

    # IRIs: everything the catalogue mints lives under {base}catalogue, {base}dataset and
    # {base}organisation/quartiers-kg, and dereferences on this server
    @property
    def iri(self) -> URIRef:
        return URIRef(self.m.catalog())

    @property
    def whole(self) -> URIRef:
        return URIRef(self.m.base + "dataset")

    @property
    def service(self) -> URIRef:
        return URIRef(self.m.catalog() + "/service/sparql")

    @property
    def endpoint(self) -> URIRef:
        return URIRef(self.public_url + "sparql")

    def dataset_of(self, graph: str | None) -> URIRef:
        if graph is None:
            return self.whole
        return URIRef(self.m.base + "dataset/" + graph[len(self.m.base) :])

    def web(self, iri: str) -> URIRef:
        """The page of one of our IRIs on this server (landing pages)."""
        if iri.startswith(self.m.base):
            return URIRef(self.public_url + "id/" + iri[len(self.m.base) :])
        return URIRef(iri)

    def subjects(self) -> set[str]:
        return {str(s) for s in self.g.subjects() if isinstance(s, URIRef)}

    # ---------------------------------------------------------------------------------
    def _build(self) -> None:
        g, cat = self.g, self.iri
        publisher = URIRef(self.m.base + "organisation/quartiers-kg")
        contact = URIRef(str(publisher) + "/contact")
        period = URIRef(self.m.base + "dataset/periode")
        g.add((cat, RDF.type, DCAT.Catalog))
        self._texts(
            cat,
            "Catalogue quartiers-kg",
            "quartiers-kg catalogue",
            "Données liées des contrats de ville « Engagements Quartiers 2030 » : le graphe "
            "complet, chaque convention d'application communale, le référentiel stratégique et "
            "les données de référence, leurs exports et le point d'accès SPARQL.",
            "Linked data of the 'Engagements Quartiers 2030' city contracts: the whole graph, "
            "each communal application agreement, the strategy framework and the reference "
            "data, their dumps and the SPARQL endpoint.",
        )
        g.add((cat, DCTERMS.publisher, publisher))
        g.add((cat, FOAF.homepage, URIRef(self.public_url)))
        g.add((cat, DCTERMS.license, ETALAB))
        g.add((cat, DCTERMS.language, FRENCH))
        g.add((cat, DCTERMS.spatial, FRANCE))
        g.add((cat, DCTERMS.modified, self._when()))
        g.add((cat, DCAT.themeTaxonomy, THEME_SCHEME))
        g.add((THEME_SCHEME, DCTERMS.title, fr("Thèmes des données (UE)")))
        g.add((THEME_SCHEME, DCTERMS.title, en("Data theme (EU)")))
        g.add((cat, DCAT.service, self.service))
        g.add((publisher, RDF.type, FOAF.Agent))
        g.add((publisher, FOAF.name, Literal("quartiers-kg")))
        g.add((publisher, DCTERMS.type, NON_PROFIT))
        g.add((publisher, FOAF.homepage, URIRef(self.public_url)))
        g.add((contact, RDF.type, VCARD.Kind))
        g.add((contact, VCARD.fn, Literal("quartiers-kg")))
        g.add((contact, VCARD.hasURL, URIRef(self.public_url)))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal("2024-01-01", datatype=XSD.date)))
        g.add((period, DCAT.endDate, Literal("2030-12-31", datatype=XSD.date)))
        g.add((period, RDFS.label, fr("Contrats de ville 2024-2030")))

        whole = self.whole
        self._dataset(
            whole,
            None,
            "Contrats de ville « Engagements Quartiers 2030 » : graphe de connaissances",
            "City contracts 'Engagements Quartiers 2030': knowledge graph",
            self.triples,
            publisher,
            contact,
            period,
        )
        g.add(
            (
                whole,
                DCTERMS.description,
                fr(
                    "Conventions d'application communales des contrats de ville 2024-2030 : quartiers "
                    "(QPV, QIC), portrait statistique, irritants, opportunités, objectifs retenus et "
                    "actions, partenaires, gouvernance et signataires, avec la provenance de chaque fait "
                    "jusqu'aux lignes du document."
                ),
            )
        )
        g.add(
            (
                whole,
                DCTERMS.description,
                en(
                    "Communal application agreements of the 2024-2030 city contracts: neighbourhoods "
                    "(QPV, QIC), statistical portrait, problems, assets, retained objectives and "
                    "actions, partners, governance and signatories, with each fact's provenance down "
                    "to the document lines."
                ),
            )
        )
        g.add((whole, DCAT.landingPage, URIRef(self.public_url)))
        g.add((whole, DCTERMS.spatial, FRANCE))
        g.add((whole, VOID.uriSpace, Literal(self.m.base)))
        g.add((whole, VOID.sparqlEndpoint, self.endpoint))
        self._sparql_distribution(whole)
        for p in self.parts:
            ds = self.dataset_of(p.graph)
            self._dataset(
                ds, p.graph, p.title_fr, p.title_en, p.triples, publisher, contact, period
            )
            g.add(
                (
                    ds,
                    DCTERMS.description,
                    fr(
                        f"{p.title_fr} : le graphe nommé <{p.graph}> du graphe de connaissances "
                        "quartiers-kg, avec la provenance de chaque fait."
                    ),
                )
            )
            g.add(
                (
                    ds,
                    DCTERMS.description,
                    en(
                        f"{p.title_en}: the named graph <{p.graph}> of the quartiers-kg knowledge "
                        "graph, with each fact's provenance."
                    ),
                )
            )
            g.add((ds, DCAT.landingPage, self.web(p.graph)))
            g.add((ds, DCTERMS.isPartOf, whole))
            g.add((whole, DCTERMS.hasPart, ds))
            g.add((whole, VOID.subset, ds))
            g.add((ds, FOAF.primaryTopic, URIRef(p.graph)))
            for about in p.about:
                g.add((ds, DCTERMS.spatial, URIRef(about)))
                g.add((URIRef(about), RDF.type, DCTERMS.Location))
            if p.derived_from:
                g.add((ds, PROV.wasDerivedFrom, URIRef(p.derived_from)))
        for d in self.dumps:
            self._distribution(d)
        self._service()
        self._type_references()

    def _texts(self, s: URIRef, title_fr: str, title_en: str, desc_fr: str, desc_en: str) -> None:
        self.g.add((s, DCTERMS.title, fr(title_fr)))
        self.g.add((s, DCTERMS.title, en(title_en)))
        self.g.add((s, DCTERMS.description, fr(desc_fr)))
        self.g.add((s, DCTERMS.description, en(desc_en)))

    def _when(self) -> Literal:
        return Literal(self.modified.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)

    def _dataset(
        self,
        ds: URIRef,
        graph: str | None,
        title_fr: str,
        title_en: str,
        triples: int,
        publisher: URIRef,
        contact: URIRef,
        period: URIRef,
    ) -> None:
        g = self.g
        g.add((self.iri, DCAT.dataset, ds))
        for t in (DCAT.Dataset, VOID.Dataset):
            g.add((ds, RDF.type, t))
        g.add((ds, DCTERMS.identifier, Literal(str(ds))))
        g.add((ds, DCTERMS.title, fr(title_fr)))
        g.add((ds, DCTERMS.title, en(title_en)))
        g.add((ds, DCTERMS.publisher, publisher))
        g.add((ds, DCAT.contactPoint, contact))
        g.add((ds, DCTERMS.license, ETALAB))
        g.add((ds, DCTERMS.accessRights, PUBLIC))
        g.add((ds, DCTERMS.language, FRENCH))
        g.add((ds, DCTERMS.temporal, period))
        g.add((ds, DCTERMS.modified, self._when()))
        g.add((ds, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
        for theme in THEMES:
            g.add((ds, DCAT.theme, theme))
        for kw in KEYWORDS:
            g.add((ds, DCAT.keyword, fr(kw)))
        g.add((ds, VOID.triples, Literal(triples, datatype=XSD.integer)))
        g.add((ds, VOID.vocabulary, URIRef(ONTOLOGY)))
        g.add((self.service, DCAT.servesDataset, ds))
        if graph is not None:
            g.add((ds, VOID.sparqlEndpoint, self.endpoint))

    def _distribution(self, d: Dump) -> None:
        g, ds = self.g, self.dataset_of(d.graph)
        dist = URIRef(f"{ds}/distribution/{d.name}")
        url = URIRef(self.public_url + "dumps/" + d.name)
        media, eu_format = FORMATS[d.extension]
        kind = {"text/turtle": "Turtle", "application/n-triples": "N-Triples"}.get(media, "JSON-LD")
        packed = ", gzip" if d.compressed else ""
        g.add((ds, DCAT.distribution, dist))
        g.add((ds, VOID.dataDump, url))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, fr(f"Export {kind}{packed} ({d.name})")))
        g.add((dist, DCTERMS.title, en(f"{kind} dump{packed} ({d.name})")))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.mediaType, URIRef(IANA + media)))
        g.add((dist, DCTERMS.format, URIRef(EU + "file-type/" + eu_format)))
        if d.compressed:
            g.add((dist, DCAT.compressFormat, URIRef(IANA + GZIP)))
        g.add((dist, DCAT.byteSize, Literal(d.size, datatype=XSD.nonNegativeInteger)))
        checksum = URIRef(f"{dist}#checksum")
        g.add((dist, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SHA256))
        g.add((checksum, SPDX.checksumValue, Literal(d.sha256, datatype=XSD.hexBinary)))
        g.add((dist, DCTERMS.license, ETALAB))
        g.add((dist, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
        g.add((dist, ADMS.status, COMPLETED))
        g.add((dist, DCTERMS.modified, self._when()))

    def _sparql_distribution(self, ds: URIRef) -> None:
        g = self.g
        dist = URIRef(f"{ds}/distribution/sparql")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, fr("Point d'accès SPARQL")))
        g.add((dist, DCTERMS.title, en("SPARQL endpoint")))
        g.add((dist, DCAT.accessURL, self.endpoint))
        g.add((dist, DCAT.accessService, self.service))
        g.add((dist, DCTERMS.license, ETALAB))
        g.add((dist, DCTERMS.conformsTo, SPARQL_PROTOCOL))

    def _service(self) -> None:
        g, svc = self.g, self.service
        g.add((svc, RDF.type, DCAT.DataService))
        self._texts(
            svc,
            "Point d'accès SPARQL de quartiers-kg",
            "quartiers-kg SPARQL endpoint",
            "SPARQL 1.1 (requête, tous formats de résultats) sur le graphe complet ; le graphe "
            "par défaut est l'union des graphes nommés, un par convention.",
            "SPARQL 1.1 (query, every result format) over the whole graph; the default graph "
            "is the union of the named graphs, one per agreement.",
        )
        g.add((svc, DCAT.endpointURL, self.endpoint))
        g.add((svc, DCAT.endpointDescription, self.endpoint))
        g.add((svc, DCAT.landingPage, self.endpoint))
        g.add((svc, DCTERMS.conformsTo, SPARQL_PROTOCOL))
        g.add((svc, DCTERMS.license, ETALAB))
        g.add((svc, DCTERMS.accessRights, PUBLIC))
        g.add((svc, DCTERMS.publisher, URIRef(self.m.base + "organisation/quartiers-kg")))

    def _type_references(self) -> None:
        """Give the referenced resources the classes DCAT-AP's range shapes expect, and
        labels of the EU vocabulary terms."""
        g = self.g
        ranges = {
            DCTERMS.license: DCTERMS.LicenseDocument,
            DCAT.mediaType: DCTERMS.MediaType,
            DCAT.compressFormat: DCTERMS.MediaType,
            DCTERMS.format: DCTERMS.MediaTypeOrExtent,
            DCTERMS.spatial: DCTERMS.Location,
            DCAT.theme: SKOS.Concept,
            DCAT.themeTaxonomy: SKOS.ConceptScheme,
            DCTERMS.language: DCTERMS.LinguisticSystem,
            DCTERMS.conformsTo: DCTERMS.Standard,
            DCTERMS.accessRights: DCTERMS.RightsStatement,
            DCTERMS.type: SKOS.Concept,
            ADMS.status: SKOS.Concept,
            DCTERMS.publisher: FOAF.Agent,
            FOAF.homepage: FOAF.Document,
            DCAT.landingPage: FOAF.Document,
        }
        for prop, cls in ranges.items():
            for o in set(g.objects(None, prop)):
                g.add((o, RDF.type, cls))
        for term, (label_fr, label_en) in LABELS.items():
            g.add((term, SKOS.prefLabel, fr(label_fr)))
            g.add((term, SKOS.prefLabel, en(label_en)))
        g.add((ETALAB, DCTERMS.identifier, Literal("etalab-2.0")))


def media_type_of(name: str) -> str:
    """The Content-Type a dump file is served with."""
    if name.endswith(".gz"):
        return GZIP
    return FORMATS.get("." + name.rsplit(".", 1)[-1], ("application/octet-stream", ""))[0]
