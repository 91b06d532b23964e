"""Linked-data clients and people: rdflib's SPARQLStore queries the endpoint as a remote graph,
a link checker sweeps the site (HEAD, then GET, every link of every kind of page), and the
pages speak French or English, with labels in the page's language and source lines to link
to."""

from __future__ import annotations

import html
import re
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urljoin, urlsplit

import httpx
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from tests.conftest import Server

QK = Namespace("https://w3id.org/quartiers-kg/ontology#")
BASE = "https://w3id.org/quartiers-kg/id/"
HREF = re.compile(r'(?:href|src)="([^"#]*)(?:#[^"]*)?"')


def test_rdflib_sparqlstore_reads_the_endpoint(server: Server) -> None:
    g = Graph(store=SPARQLStore(server.url + "/sparql", returnFormat="json"))
    rows = g.query(
        """PREFIX qk: <https://w3id.org/quartiers-kg/ontology#>
        SELECT ?q ?name WHERE { ?c qk:covers ?q . ?q a qk:Quartier ; qk:name ?name }
        ORDER BY ?name"""
    )
    names = [str(r.name) for r in rows]  # type: ignore[union-attr]
    assert names == [
        "Cité de la Clarence",
        "Cité du Transvaal",
        "Cités 6 et 30",
        "Coteau Stade Parc - Cité 34",
        "Saint-Elie - Fosse 13",
    ]
    saint_elie = URIRef(BASE + "quartier/QN06216M")
    assert (saint_elie, QK.qpvCode, Literal("QP062016")) in g
    assert len(list(g.triples((saint_elie, QK.spansCommune, None)))) == 3
    # every 2024 QPV of the area, with its official name, whether a convention covers it or not
    qpvs = g.query(
        """PREFIX qk: <https://w3id.org/quartiers-kg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?q ?name WHERE { ?q a qk:QPV ; skos:prefLabel ?name }"""
    )
    assert len(list(qpvs)) == 16


# path segments that name a kind of resource; the others are identifiers
KINDS = {"objectif", "action", "irritant", "opportunite", "passage", "portrait", "priorite"}
KINDS |= {"gouvernance", "note", "periode", "section", "signature", "signataire", "enjeu"}
KINDS |= {"orientation", "cadre", "indicateurs"}


def kind(path: str) -> str:
    """Pages of the same kind (two actions, two communes) share a template: one is enough to
    crawl; every link found on it is still checked."""
    parts = [p for p in path.split("/") if p]
    if parts[:1] != ["id"] or len(parts) < 2:
        return path
    return (
        "/".join(parts[:2] if parts[1] in KINDS else [parts[1]])
        + "/"
        + "/".join(p if p in KINDS else "*" for p in parts[2:])
    )


def test_no_link_is_broken(server: Server) -> None:
    """Every link of every kind of page answers `curl -I` (HEAD) with no 4xx or 5xx, and
    every kind of page is fetched (GET) and its links followed. HEAD runs the GET route
    (test_http_semantics checks they agree on every route)."""
    seen_kinds: set[str] = set()
    checked: dict[str, int] = {}
    queue = deque(["/", "/audit", "/catalog", "/ontology", "/sparql", "/dumps", "/id/cadre"])
    pages = 0
    with httpx.Client(base_url=server.url, timeout=30, headers={"Accept": "text/html"}) as c:

        def head(url: str) -> tuple[str, int]:
            return url, c.head(url).status_code

        with ThreadPoolExecutor(4) as pool:
            while queue:
                path = queue.popleft()
                page = c.get(path)
                assert page.status_code == 200, path
                pages += 1
                if not page.headers["content-type"].startswith("text/html"):
                    continue
                links = set()
                for href in HREF.findall(page.text):
                    url = urljoin(server.url + path, html.unescape(href))
                    if url.startswith(server.url):
                        links.add(url[len(server.url) :] or "/")
                for url, status in pool.map(head, sorted(links - checked.keys())):
                    checked[url] = status
                for link in sorted(links):
                    p = urlsplit(link).path
                    if "." in p.rsplit("/", 1)[-1] or urlsplit(link).query:
                        continue  # files, and other formats of a page already crawled
                    if kind(p) not in seen_kinds:
                        seen_kinds.add(kind(p))
                        queue.append(link)
    broken = {u: s for u, s in checked.items() if s >= 400}
    assert broken == {}
    assert pages > 25 and len(checked) > 300, (pages, len(checked))


def test_pages_in_french_or_english(server: Server) -> None:
    url = server.url + "/id/cadre/enjeu/1"
    fr = httpx.get(url, headers={"Accept": "text/html"})
    en = httpx.get(
        url, headers={"Accept": "text/html", "Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"}
    )
    assert fr.headers["content-language"] == "fr" and '<html lang="fr">' in fr.text
    assert en.headers["content-language"] == "en" and '<html lang="en">' in en.text
    assert "Accept-Language" in en.headers["vary"]
    assert "Liens entrants" in fr.text and "Incoming links" in en.text
    assert "concept plus précis" in fr.text and "narrower concept" in en.text
    for page in (fr.text, en.text):
        for raw in (">broader<", ">prefLabel<", ">narrower<", ">inScheme<", "contribue à de"):
            assert raw not in page
    assert (
        httpx.get(url + "?lang=en", headers={"Accept": "text/html"}).headers["content-language"]
        == "en"
    )
    home = httpx.get(server.url + "/", headers={"Accept-Language": "en"})
    assert "Neighbourhoods" in home.text and "Named queries" in home.text
    onto = httpx.get(
        server.url + "/ontology", headers={"Accept": "text/html", "Accept-Language": "en"}
    )
    assert "Object properties" in onto.text


def test_english_catalogue_of_messages_is_complete() -> None:
    import json
    from pathlib import Path

    from server.i18n import CATALOGUE

    english = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    templates = Path(CATALOGUE).parent / "templates"
    used = {
        m for f in templates.glob("*.html") for m in re.findall(r'_\("([^"]*)"\)', f.read_text())
    }
    assert used and used <= english.keys(), sorted(used - english.keys())


def test_source_document_page_shows_its_text_with_line_anchors(server: Server) -> None:
    with httpx.Client(base_url=server.url, headers={"Accept": "text/html"}) as c:
        action = c.get("/id/quartier/QN06216M")
        links = re.findall(r'href="(/id/source/convention-haisnes#L(\d+))"', action.text)
        assert links, "the provenance links point to a line of the source page"
        doc = c.get("/id/source/convention-haisnes")
        assert doc.status_code == 200
        anchors = set(re.findall(r'id="L(\d+)"', doc.text))
        assert len(anchors) > 100
        assert {no for _, no in links} <= anchors
        assert "Saint-Elie" in doc.text
        # the audit's findings point to their lines too
        audit = c.get("/audit")
        assert re.search(r'href="/id/source/convention-[a-z]+#L\d+"', audit.text)


def test_favicon(server: Server) -> None:
    r = httpx.get(server.url + "/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"] == "image/vnd.microsoft.icon"
    assert r.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
