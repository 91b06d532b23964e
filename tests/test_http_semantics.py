"""HEAD, OPTIONS and conditional requests on every GET route of the real server, as link
checkers, harvesters and caches use them."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from quartiers.errors import InputError
from server.redirects import read_redirects
from tests.conftest import ROOT, Server

# headers that legitimately differ between two responses to the same request
VOLATILE = {"date", "server-timing"}


def get_routes(server: Server) -> list[str]:
    """One concrete URL per GET route: the OpenAPI paths, their parameters filled with real
    values, plus the pages the OpenAPI description leaves out."""
    spec = httpx.get(server.url + "/openapi.json").json()
    samples = {
        "/id/{path}": "/id/quartier/QN06216M",
        "/dumps/{name}": "/dumps/quartiers-kg.ttl.gz",
        "/store": "/store?graph=https://w3id.org/quartiers-kg/id/graphe/reference",
    }
    urls = [samples.get(p, p) for p, ops in spec["paths"].items() if "get" in ops]
    urls += ["/", "/audit", "/health", "/docs", "/ontology/diagram.svg", "/static/style.css"]
    assert not [u for u in urls if "{" in u], urls
    return sorted(set(urls))


def test_head_answers_every_get_route_with_the_same_headers_and_no_body(server: Server) -> None:
    urls = get_routes(server)
    assert len(urls) > 15
    with httpx.Client(base_url=server.url, timeout=30) as c:
        for url in urls:
            got, head = c.get(url), c.head(url)
            # /update refuses GET (405, Allow: POST) and so refuses HEAD the same way
            assert got.status_code == (405 if url == "/update" else 200), url
            assert head.status_code == got.status_code, url
            assert head.content == b"", url
            same = {k: v for k, v in got.headers.items() if k not in VOLATILE}
            assert {k: v for k, v in head.headers.items() if k not in VOLATILE} == same, url
            assert int(head.headers["content-length"]) == len(got.content), url


def test_options_lists_the_allowed_methods(server: Server) -> None:
    with httpx.Client(base_url=server.url) as c:
        for url, expected in (
            ("/id/quartier/QN06216M", {"GET", "HEAD", "OPTIONS"}),
            ("/sparql", {"GET", "HEAD", "POST", "OPTIONS"}),
            ("/store", {"GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"}),
            ("/static/style.css", {"GET", "HEAD", "OPTIONS"}),
        ):
            r = c.options(url)
            assert r.status_code == 204, url
            assert set(r.headers["allow"].split(", ")) == expected, url
        assert c.options("/no/such/page").status_code == 404
        assert c.put("/audit").status_code == 405


@pytest.mark.parametrize(
    "url", ["/", "/audit", "/catalog", "/id/quartier/QN06216M", "/ontology", "/api/quartiers"]
)
def test_conditional_requests(server: Server, url: str) -> None:
    with httpx.Client(base_url=server.url) as c:
        first = c.get(url, headers={"Accept": "text/html"})
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        again = c.get(url, headers={"Accept": "text/html", "If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag
        assert c.get(url, headers={"If-Modified-Since": modified}).status_code == 304
        assert c.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200
        assert c.get(url, headers={"If-Match": '"stale"'}).status_code == 412
        html_again = {"Accept": "text/html", "If-None-Match": etag}
        assert c.head(url, headers=html_again).status_code == 304


def test_each_representation_has_its_own_tag(server: Server) -> None:
    url = server.url + "/id/quartier/QN06216M"
    html = httpx.get(url, headers={"Accept": "text/html"})
    nt = httpx.get(
        url, headers={"Accept": "application/n-triples", "If-None-Match": html.headers["etag"]}
    )
    assert nt.status_code == 200 and nt.headers["etag"] != html.headers["etag"]
    assert "Accept" in nt.headers["vary"]


def test_old_iris_answer_301_to_their_new_path(server: Server) -> None:
    # the session server reads tests/data/iri-redirects.csv (a chain of two, and a code change)
    for old in ("/id/cadre/objectif/old-stemmed-slug", "/id/quartier/qp062016"):
        r = httpx.get(server.url + old, params={"format": "turtle"})
        assert r.status_code == 301, old
        assert r.headers["location"] == "/id/quartier/QN06216M?format=turtle"
        moved = httpx.get(server.url + old, follow_redirects=True)
        assert moved.status_code == 200 and moved.url.path == "/id/quartier/QN06216M"
    assert httpx.head(server.url + "/id/quartier/qp062016").status_code == 301
    assert httpx.get(server.url + "/id/quartier/QN06216M").status_code == 200


def test_redirect_table_is_checked(tmp_path: Path) -> None:
    ok = tmp_path / "ok.csv"
    ok.write_text("old,new\na/1,a/2\na/2,a/3\n", encoding="utf-8")
    assert read_redirects(ok) == {"a/1": "a/3", "a/2": "a/3"}
    assert read_redirects(tmp_path / "absent.csv") == {}
    # the real table: every old framework IRI leads to a concept of the reference framework
    real = read_redirects(ROOT / "data" / "reference" / "iri-redirects.csv")
    framework = (ROOT / "data" / "reference" / "framework.ttl").read_text(encoding="utf-8")
    partners = (ROOT / "data" / "reference" / "partners.csv").read_text(encoding="utf-8")
    concepts = {o: n for o, n in real.items() if n.startswith("cadre/")}
    assert concepts and all(f"/id/{new}>" in framework for new in concepts.values())
    assert not any(f"/id/{old}>" in framework for old in concepts)
    moved = [n.split("/", 1)[1] for n in real.values() if n.startswith("partenaire/")]
    assert all(f"\n{pid}," in partners for pid in moved)
    for body, message in (
        ("old,new\na,b\nb,a\n", "loop"),
        ("old,new\na,b\na,c\n", "twice"),
        ("from,to\na,b\n", "old,new"),
        ("old,new\na,\n", "empty"),
    ):
        bad = tmp_path / "bad.csv"
        bad.write_text(body, encoding="utf-8")
        with pytest.raises(InputError, match=message):
            read_redirects(bad)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("old,new\ncadre/été,cadre/x\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin\.csv:2:7: not valid UTF-8: CSV files"):
        read_redirects(latin)
    with pytest.raises(InputError, match=r": is a directory, not a file"):
        read_redirects(tmp_path)
