"""One catalogue, as a portal harvests it: the same graph at /catalog and at its own IRIs,
every IRI in it dereferencing, every download exactly as described (size, SHA-256, media
type), DCAT-AP 3.0 shapes satisfied, and a page for a person."""

from __future__ import annotations

import gzip
import hashlib
import html
from datetime import UTC, datetime
from functools import cache

import httpx
import pyshacl
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, XSD

from quartiers.catalog import Catalogue, Dump, Part
from quartiers.iris import Minter
from tests.conftest import TEST_DATA, Server

BASE = "https://w3id.org/quartiers-kg/id/"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VOID = Namespace("http://rdfs.org/ns/void#")
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA = "https://www.iana.org/assignments/media-types/"


@cache
def catalogue(url: str) -> Graph:
    r = httpx.get(url + "/catalog", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    return Graph().parse(data=r.text, format="turtle")


def local(server: Server, iri: object) -> str:
    """Where an IRI of ours dereferences on the test server (the w3id base redirects there)."""
    s = str(iri)
    return server.url + "/id/" + s[len(BASE) :] if s.startswith(BASE) else s


def test_one_catalogue_at_every_address(server: Server) -> None:
    g = catalogue(server.url)
    for path in ("/id/dataset", "/id/catalogue", "/.well-known/void"):
        for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld")):
            r = httpx.get(server.url + path, headers={"Accept": accept})
            assert r.status_code == 200, path
            assert isomorphic(Graph().parse(data=r.text, format=fmt), g), path


def test_datasets_per_convention_and_the_whole(server: Server) -> None:
    g = catalogue(server.url)
    cat, whole = URIRef(BASE + "catalogue"), URIRef(BASE + "dataset")
    datasets = set(g.objects(cat, DCAT.dataset))
    assert datasets == {
        whole,
        URIRef(BASE + "dataset/convention/62270"),  # Divion
        URIRef(BASE + "dataset/convention/62401"),  # Haisnes
        URIRef(BASE + "dataset/graphe/cadre"),
        URIRef(BASE + "dataset/graphe/reference"),
    }
    assert set(g.objects(whole, DCTERMS.hasPart)) == datasets - {whole}
    divion = URIRef(BASE + "dataset/convention/62270")
    assert URIRef(BASE + "commune/62270") in set(g.objects(divion, DCTERMS.spatial))
    assert (
        divion,
        DCTERMS.title,
        Literal("Convention d'application communale de Divion", lang="fr"),
    ) in g
    assert int(g.value(whole, VOID.triples)) > 10000
    for ds in datasets:
        assert g.value(ds, DCTERMS.identifier) is not None  # udata keys datasets by it
        assert g.value(ds, DCTERMS.license) is not None
        assert set(g.objects(ds, DCAT.distribution)), ds
    svc = g.value(cat, DCAT.service)
    assert (svc, RDF.type, DCAT.DataService) in g
    assert g.value(svc, DCAT.endpointURL) == URIRef(server.url + "/sparql")
    assert set(g.objects(svc, DCAT.servesDataset)) == datasets


def test_every_download_is_as_described(server: Server) -> None:
    g = catalogue(server.url)
    dists = [d for d in g.subjects(RDF.type, DCAT.Distribution) if g.value(d, DCAT.downloadURL)]
    assert len(dists) == 6 + 4  # the whole graph in 3 formats, gzipped or not; each part
    for d in dists:
        size = g.value(d, DCAT.byteSize)
        assert size.datatype == XSD.nonNegativeInteger and str(size).isdigit()
        checksum = g.value(d, SPDX.checksum)
        assert g.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        media = str(g.value(d, DCAT.mediaType))
        assert media.startswith(IANA)
        assert str(g.value(d, DCTERMS.format)).startswith(EU_FILE_TYPE)
        r = httpx.get(str(g.value(d, DCAT.downloadURL)))
        assert r.status_code == 200
        assert len(r.content) == int(size)
        assert hashlib.sha256(r.content).hexdigest() == str(g.value(checksum, SPDX.checksumValue))
        packed = g.value(d, DCAT.compressFormat) is not None
        assert r.headers["content-type"].split(";")[0] == (
            "application/gzip" if packed else media[len(IANA) :]
        )
        body = gzip.decompress(r.content) if packed else r.content
        fmt = {"text/turtle": "turtle", "application/n-triples": "nt"}.get(
            media[len(IANA) :], "json-ld"
        )
        assert len(Graph().parse(data=body, format=fmt)) > 100


def test_every_iri_in_the_catalogue_dereferences(server: Server) -> None:
    g = catalogue(server.url)
    ours = {t for t in set(g.subjects()) | set(g.objects()) if isinstance(t, URIRef)}
    ours = {t for t in ours if str(t).startswith((BASE, server.url))}
    kinds = {DCAT.Catalog, DCAT.Dataset, DCAT.Distribution, DCAT.DataService}
    assert {k for t in ours for k in g.objects(t, RDF.type)} >= kinds
    with httpx.Client(timeout=30) as c:
        for iri in sorted(ours):
            url = local(server, iri).split("#", 1)[0]
            r = c.get(url, headers={"Accept": "text/turtle"})
            assert r.status_code == 200, (iri, r.status_code)
            if str(iri).startswith(BASE) and "#" not in str(iri):
                described = Graph().parse(data=r.text, format="turtle")
                assert (iri, None, None) in described, iri
            page = c.get(url, headers={"Accept": "text/html"})
            assert page.status_code == 200, iri
    assert httpx.get(server.url + "/id/dataset/no-such-thing").status_code == 404


def test_catalogue_conforms_to_dcat_ap_3(server: Server) -> None:
    data = catalogue(server.url)
    for shapes in ("shapes.ttl", "range.ttl"):
        conforms, _, text = pyshacl.validate(
            data,
            shacl_graph=str(TEST_DATA / "dcat-ap-3.0.1" / shapes),
            inference="none",
            allow_warnings=True,
            allow_infos=True,
        )
        assert conforms, f"{shapes}:\n{text[:3000]}"


def test_catalogue_page_for_a_person(server: Server) -> None:
    fr = httpx.get(server.url + "/catalog", headers={"Accept": "text/html"})
    assert fr.status_code == 200 and fr.headers["content-type"].startswith("text/html")
    assert "Convention d'application communale de Divion" in html.unescape(fr.text)
    assert 'href="' + server.url + '/dumps/quartiers-kg.ttl.gz"' in fr.text
    assert "Taille (octets)" in fr.text and "SHA-256" in fr.text
    en = httpx.get(
        server.url + "/catalog", headers={"Accept": "text/html", "Accept-Language": "en"}
    )
    assert "Communal application agreement of Divion" in en.text and "Size (bytes)" in en.text
    one = httpx.get(server.url + "/id/dataset/convention/62270", headers={"Accept": "text/html"})
    assert one.status_code == 200 and 'class="focus"' in one.text


def test_public_url_is_written_in_the_catalogue() -> None:
    cat = Catalogue(
        Minter(),
        "https://data.example.org/kg",
        [Dump("quartiers-kg.ttl.gz", 10, "ab" * 32), Dump("graph-x.ttl", 5, "cd" * 32, BASE + "x")],
        [Part(BASE + "x", "X", "X", 3)],
        100,
        datetime(2026, 11, 25, tzinfo=UTC),
    )
    downloads = {str(o) for o in cat.g.objects(None, DCAT.downloadURL)}
    assert downloads == {
        "https://data.example.org/kg/dumps/quartiers-kg.ttl.gz",
        "https://data.example.org/kg/dumps/graph-x.ttl",
    }
    assert cat.g.value(cat.service, DCAT.endpointURL) == URIRef(
        "https://data.example.org/kg/sparql"
    )


@pytest.mark.parametrize(
    "path", ["/catalog", "/id/dataset/convention/62270/distribution/graph-convention-62270.ttl"]
)
def test_catalogue_answers_head_and_conditional_requests(server: Server, path: str) -> None:
    r = httpx.get(server.url + path, headers={"Accept": "text/turtle"})
    head = httpx.head(server.url + path, headers={"Accept": "text/turtle"})
    assert head.status_code == 200 and head.headers["etag"] == r.headers["etag"]
    again = httpx.get(
        server.url + path, headers={"Accept": "text/turtle", "If-None-Match": r.headers["etag"]}
    )
    assert again.status_code == 304
