"""The real server on a loopback port, with real clients: SPARQLWrapper for every query form and
format, httpx for content negotiation and errors, rdflib to parse every RDF response."""

from __future__ import annotations

import concurrent.futures
import gzip
import html
import io
import json
import time

import httpx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from SPARQLWrapper import CSV, JSON, N3, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.Wrapper import POST, POSTDIRECTLY, URLENCODED

from tests.conftest import Server

QK = Namespace("https://w3id.org/quartiers-kg/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
BASE = "https://w3id.org/quartiers-kg/id/"
SAINT_ELIE = URIRef(BASE + "quartier/QN06216M")
SELECT = f"PREFIX qk: <{QK}> SELECT ?q ?name WHERE {{ ?q a qk:QPV ; qk:name ?name }} ORDER BY ?name"


def wrapper(server: Server, method: str = "GET", request: str | None = None) -> SPARQLWrapper:
    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setMethod(method)
    if request:
        sw.setRequestMethod(request)
    return sw


@pytest.mark.parametrize(
    ("method", "request_method"), [("GET", None), (POST, URLENCODED), (POST, POSTDIRECTLY)]
)
def test_select_in_every_format(server: Server, method: str, request_method: str | None) -> None:
    names = ["Cités 6 et 30", "Coteau Stade Parc - Cité 34", "Saint-Elie - Fosse 13"]
    sw = wrapper(server, method, request_method)
    sw.setQuery(SELECT)
    sw.setReturnFormat(JSON)
    res = sw.query().convert()
    assert [b["name"]["value"] for b in res["results"]["bindings"]] == names
    assert res["results"]["bindings"][0]["name"]["xml:lang"] == "fr"
    sw.setReturnFormat(XML)
    doc = sw.query().convert()
    assert [n.firstChild.data for n in doc.getElementsByTagName("literal")] == names
    sw.setReturnFormat(CSV)
    rows = sw.query().convert().decode().splitlines()
    assert rows[0] == "q,name" and rows[3].endswith(",Saint-Elie - Fosse 13")
    sw.setReturnFormat(TSV)
    rows = sw.query().convert().decode().splitlines()
    assert rows[0] == "?q\t?name" and rows[3] == f'<{SAINT_ELIE}>\t"Saint-Elie - Fosse 13"@fr'


def test_ask_construct_describe(server: Server) -> None:
    sw = wrapper(server)
    sw.setQuery(f"PREFIX qk: <{QK}> ASK {{ <{SAINT_ELIE}> a qk:QPV }}")
    for fmt in (JSON, XML):
        sw.setReturnFormat(fmt)
        res = sw.query().convert()
        assert (
            res["boolean"]
            if fmt == JSON
            else res.getElementsByTagName("boolean")[0].firstChild.data == "true"
        )
    sw.setQuery(
        f"PREFIX qk: <{QK}> CONSTRUCT {{ ?q qk:name ?n }} WHERE {{ ?q a qk:QPV ; qk:name ?n }}"
    )
    for fmt in (TURTLE, N3, XML):
        sw.setReturnFormat(fmt)
        g = sw.query().convert()
        if not isinstance(g, Graph):
            g = Graph().parse(data=g, format="turtle")
        assert (SAINT_ELIE, QK.name, Literal("Saint-Elie - Fosse 13", lang="fr")) in g
    for fmt in ("csv", "tsv"):
        r = httpx.get(
            server.url + "/sparql",
            params={"query": f"ASK {{ <{SAINT_ELIE}> ?p ?o }}", "format": fmt},
        )
        assert r.status_code == 200 and r.text.strip() == "true"
    sw.setQuery(f"DESCRIBE <{SAINT_ELIE}>")
    sw.setReturnFormat(TURTLE)
    g = Graph().parse(data=sw.query().convert(), format="turtle")
    assert (SAINT_ELIE, QK.qpvCode, Literal("QP062016")) in g


@pytest.mark.parametrize(
    ("accept", "fmt", "expected"),
    [
        ("application/ld+json", None, "application/ld+json"),
        ("application/n-triples", None, "application/n-triples"),
        ("application/rdf+xml", None, "application/rdf+xml"),
        ("text/turtle;q=0.2, application/rdf+xml;q=0.9", None, "application/rdf+xml"),
        ("*/*", None, "text/turtle"),
        (None, "jsonld", "application/ld+json"),
        ("text/turtle", "ntriples", "application/n-triples"),
    ],
)
def test_construct_negotiation(
    server: Server, accept: str | None, fmt: str | None, expected: str
) -> None:
    q = f"PREFIX qk: <{QK}> CONSTRUCT {{ ?q qk:name ?n }} WHERE {{ ?q a qk:QPV ; qk:name ?n }}"
    params = {"query": q} | ({"format": fmt} if fmt else {})
    r = httpx.get(
        server.url + "/sparql", params=params, headers={"Accept": accept} if accept else {}
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith(expected)
    rdflib_fmt = {
        "application/ld+json": "json-ld",
        "application/n-triples": "nt",
        "application/rdf+xml": "xml",
        "text/turtle": "turtle",
    }[expected]
    g = Graph().parse(data=r.text, format=rdflib_fmt)
    assert (SAINT_ELIE, QK.name, Literal("Saint-Elie - Fosse 13", lang="fr")) in g


def test_select_negotiation_with_q_values(server: Server) -> None:
    r = httpx.get(
        server.url + "/sparql",
        params={"query": SELECT},
        headers={"Accept": "text/csv;q=0.5, application/sparql-results+xml, */*;q=0.1"},
    )
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    r = httpx.get(
        server.url + "/sparql",
        params={"query": SELECT, "format": "csv"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.headers["content-type"].startswith("text/csv")


def test_errors(server: Server) -> None:
    r = httpx.get(server.url + "/sparql", params={"query": SELECT}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and "application/sparql-results+json" in r.text
    r = httpx.get(server.url + "/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p "})
    assert r.status_code == 400 and "syntax error at line 2, column" in r.text
    r = httpx.post(
        server.url + "/sparql",
        content="INSERT DATA { <a:b> <a:c> <a:d> }",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert r.status_code == 400 and "/update" in r.text
    r = httpx.post(server.url + "/sparql", content="ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    r = httpx.put(server.url + "/sparql", params={"query": "ASK {}"})
    assert r.status_code == 405


def test_service_description_and_query_page(server: Server) -> None:
    r = httpx.get(server.url + "/sparql", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.text, format="turtle")
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    ep = URIRef(server.url + "/sparql")
    assert (ep, sd.endpoint, ep) in g and (ep, sd.supportedLanguage, sd.SPARQL11Query) in g
    assert (ep, sd.supportedLanguage, sd.SPARQL11Update) not in g  # no token configured
    r = httpx.get(
        server.url + "/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    )
    assert r.status_code == 200 and "/vendor/yasgui/yasgui.min.js" in r.text
    assert "Objective coverage per quartier" in r.text  # named queries as examples
    assert httpx.get(server.url + "/vendor/yasgui/yasgui.min.js").status_code == 200


@pytest.mark.parametrize(
    ("accept", "rdflib_fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_dereference(server: Server, accept: str, rdflib_fmt: str) -> None:
    r = httpx.get(server.url + "/id/quartier/QN06216M", headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    g = Graph().parse(data=r.text, format=rdflib_fmt)
    assert (SAINT_ELIE, QK.name, Literal("Saint-Elie - Fosse 13", lang="fr")) in g
    haisnes = URIRef(BASE + "commune/62401")
    assert (SAINT_ELIE, QK.spansCommune, haisnes) in g
    assert (haisnes, QK.name, Literal("Haisnes", lang="fr")) in g  # labels of what it links to
    # its provenance in each document that describes it (one document here)
    source = g.value(SAINT_ELIE, QK.source)
    lines = URIRef(str(SAINT_ELIE) + "#lines-convention-haisnes")
    assert source is not None and (source, OA.hasSelector, lines) in g
    assert (lines, QK.firstLine, None) in g


def test_dereference_html_and_404(server: Server) -> None:
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    r = httpx.get(
        server.url
        + "/id/convention/62270/QN06213M/objectif/lever-les-freins-a-la-mobilite/action/1",
        headers=browser,
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Sensibiliser à l'utilisation de transports en commun" in html.unescape(r.text)
    assert "convention-divion.txt" in r.text and 'class="source"' in r.text  # the source lines
    assert 'href="/id/cadre/objectif/lever-les-freins-a-la-mobilite"' in r.text  # navigable
    page = html.unescape(httpx.get(server.url + "/id/quartier/QN06216M", headers=browser).text)
    # list items in document order: irritant 1 before irritant 11, although "Accès…" sorts first
    assert page.index("Taux de chômage élevé") < page.index("Accès limité aux soins de santé")
    for path in ("/id/quartier/QP999999", "/id/nothing/here"):
        assert httpx.get(server.url + path, headers={"Accept": "text/turtle"}).status_code == 404
    concept = httpx.get(server.url + "/id/cadre/enjeu/1", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=concept.text, format="turtle")
    assert any(True for _ in g.triples((URIRef(BASE + "cadre/enjeu/1"), None, None)))


def test_ontology_is_served_and_documented(server: Server) -> None:
    r = httpx.get(server.url + "/ontology", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.text, format="turtle")
    assert (URIRef("https://w3id.org/quartiers-kg/ontology"), None, None) in g
    r = httpx.get(server.url + "/ontology", headers={"Accept": "text/html"})
    assert r.status_code == 200 and 'id="RetainedObjective"' in r.text and "diagram.svg" in r.text
    svg = httpx.get(server.url + "/ontology/diagram.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and "qk:Quartier" in svg.text


def test_dumps(server: Server) -> None:
    listed = httpx.get(server.url + "/dumps").json()
    items = [i for i in listed if i["graph"] is None]  # the whole graph (the rest: one per graph)
    assert {i["name"] for i in items} == {
        f"quartiers-kg.{e}{z}" for e in ("ttl", "nt", "jsonld") for z in ("", ".gz")
    }
    fmts = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
    sizes = set()
    for item in items:
        r = httpx.get(item["url"])
        assert r.status_code == 200
        assert int(r.headers["content-length"]) == len(r.content) == item["bytes"]
        assert r.headers["etag"] and r.headers["last-modified"]
        body = gzip.decompress(r.content) if item["name"].endswith(".gz") else r.content
        g = Graph().parse(data=body, format=fmts[item["name"].split(".")[1]])
        assert (SAINT_ELIE, QK.qpvCode, Literal("QP062016")) in g
        sizes.add(len(g))
        again = httpx.get(item["url"], headers={"If-None-Match": r.headers["etag"]})
        assert again.status_code == 304
    assert len(sizes) == 1  # every dump holds the same graph


def test_named_query_api(server: Server) -> None:
    r = httpx.get(server.url + "/api/quartiers")
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert r.json()["head"]["vars"] == ["quartier", "name", "status", "code", "commune"]
    csv_text = httpx.get(server.url + "/api/objectives", params={"format": "csv"}).text
    assert (
        csv_text.splitlines()[0]
        == "quartier,quartierName,enjeu,orientation,objective,action,actionLabel"
    )
    docs = httpx.get(server.url + "/docs")
    assert docs.status_code == 200 and "/vendor/swagger/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()  # works offline
    assert httpx.get(server.url + "/vendor/swagger/swagger-ui-bundle.js").status_code == 200
    spec = httpx.get(server.url + "/openapi.json").json()
    assert "/api/objectives" in spec["paths"] and "/sparql" in spec["paths"]
    assert spec["paths"]["/api/coverage"]["get"]["summary"] == "Objective coverage per quartier"


def test_cors(server: Server) -> None:
    r = httpx.get(
        server.url + "/sparql",
        params={"query": "ASK {}"},
        headers={"Origin": "https://example.org"},
    )
    assert r.headers["access-control-allow-origin"] == "*"
    pre = httpx.options(
        server.url + "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    assert pre.status_code == 200 and "POST" in pre.headers["access-control-allow-methods"]


def test_runaway_query_is_stopped_and_others_are_answered(server: Server) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        start = time.monotonic()
        slow = pool.submit(httpx.get, server.url + "/sparql", params={"query": runaway}, timeout=60)
        time.sleep(0.5)
        quick_started = time.monotonic()
        quick = httpx.get(server.url + "/sparql", params={"query": "ASK {}"}, timeout=30)
        quick_elapsed = time.monotonic() - quick_started
        r = slow.result()
        elapsed = time.monotonic() - start
    assert quick.status_code == 200 and quick_elapsed < 3  # answered while the runaway ran
    assert r.status_code == 503 and "timed out" in r.text
    assert elapsed < 3 + 1.5  # --query-timeout 3, plus one second (and a little for the client)
    assert httpx.get(server.url + "/sparql", params={"query": "ASK {}"}).status_code == 200


def test_result_size_cap(server: Server) -> None:
    r = httpx.get(server.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 413 and "LIMIT" in r.text
    r = httpx.get(server.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"})
    assert r.status_code == 200


def test_writes_are_off_without_a_token(server: Server) -> None:
    before = httpx.get(server.url + "/health").json()["triples"]
    r = httpx.post(
        server.url + "/update",
        content="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer x"},
    )
    assert r.status_code == 403
    r = httpx.put(
        server.url + "/store",
        params={"graph": "urn:g"},
        content="<urn:a> <urn:b> <urn:c> .",
        headers={"Content-Type": "application/n-triples"},
    )
    assert r.status_code == 403
    assert httpx.get(server.url + "/health").json()["triples"] == before
    r = httpx.get(
        server.url + "/store",
        params={"graph": BASE + "graphe/cadre"},
        headers={"Accept": "text/turtle"},
    )
    assert (
        r.status_code == 200 and len(Graph().parse(data=r.text, format="turtle")) > 100
    )  # reads are public


def test_home_audit_health_and_access_log(server: Server) -> None:
    home = httpx.get(server.url + "/")
    assert (
        home.status_code == 200
        and "Saint-Elie - Fosse 13" in home.text
        and "Licence Ouverte" in home.text
    )
    audit = httpx.get(server.url + "/audit", timeout=60)  # built on first request
    assert "Objectif retenu sans action (7)" in audit.text and "lignes 179–182" in audit.text
    health = httpx.get(server.url + "/health").json()
    assert (
        health["status"] == "ok" and health["graphs"] == 5
    )  # 2 conventions, framework, reference, ontology
    httpx.get(server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"})
    time.sleep(0.3)
    assert any(
        '"GET /sparql" 200' in line and line.rstrip().endswith("ms")
        for line in server.logs().splitlines()
    )


def test_large_results_cross_the_worker_pipe(server: Server) -> None:
    from quartiers.query import named_queries

    for _ in range(3):  # larger than a pipe buffer, several times over
        r = httpx.post(
            server.url + "/sparql",
            content=named_queries()["objectives"].text,
            headers={
                "Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json",
            },
        )
        assert r.status_code == 200 and len(r.content) > 200_000
        assert len(r.json()["results"]["bindings"]) == 278


def test_json_results_are_valid_json_with_non_ascii(server: Server) -> None:
    r = httpx.get(server.url + "/sparql", params={"query": SELECT, "format": "json"})
    data = json.load(io.BytesIO(r.content))
    assert "Cités 6 et 30" in [b["name"]["value"] for b in data["results"]["bindings"]]
