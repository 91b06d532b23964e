"""The W3C SPARQL 1.1 Protocol test suite (34 tests, vendored in tests/data/sparql11-protocol/),
read from its written-out form and run against a real server with updates enabled."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.dom import minidom

import httpx
import pytest

from tests.conftest import TEST_DATA, Server, start_server, stop_server

SUITE = TEST_DATA / "sparql11-protocol"
TOKEN = "w3c-test-token"


@dataclass
class Request:
    method: str
    target: str
    content_type: str | None
    utf16: bool
    body: str | None
    status: str  # "2xx" or "4xx"
    fmt: str | None  # boolean | tabular | RDF
    ask: bool | None


@dataclass
class Case:
    number: str
    id: str
    preload: list[tuple[str, str]] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)


def parse_suite(text: str) -> list[Case]:
    details = text.split("## Details per test", 1)[1].split("## Appendix", 1)[0]
    cases = []
    for block in re.split(r"\n### ", details)[1:]:
        m = re.match(r"(\d+)\. `([\w_]+)`", block)
        assert m, block[:80]
        case = Case(m.group(1), m.group(2))
        pre = re.search(r"^Preload: (.*)$", block, re.M)
        if pre:
            case.preload = re.findall(r"`(data\d\.nt)` as named graph `<([^>]+)>`", pre.group(1))
        for req in re.split(r"\nRequest \d+: ", block)[1:]:
            head = re.match(r"\*\*(\w+)\*\* `([^`]+)`", req)
            assert head, req[:80]
            ctype = re.search(r"- Content-Type: `([^`]+)`(.*)$", req, re.M)
            ct = ctype.group(1) if ctype and ctype.group(1) != "(none)" else None
            body = re.search(r"- body:\n\n?```\n(.*?)\n```", req, re.S)
            expected = re.search(r"- expected: (.*)$", req, re.M)
            assert expected
            exp = expected.group(1)
            fmt = next((f for f in ("boolean", "tabular", "RDF") if f"format {f}" in exp), None)
            ask = re.search(r"ASK result `(true|false)`", exp)
            case.requests.append(
                Request(
                    head.group(1),
                    head.group(2),
                    ct,
                    bool(ctype and "UTF-16" in ctype.group(2)),
                    body.group(1) if body else None,
                    "4xx" if "4xx" in exp else "2xx",
                    fmt,
                    None if not ask else ask.group(1) == "true",
                )
            )
        cases.append(case)
    return cases


def load_cases() -> list[Case]:
    return parse_suite((SUITE / "tests.md").read_text(encoding="utf-8"))


CASES = load_cases()


@pytest.fixture(scope="module")
def w3c_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    empty = tmp_path_factory.mktemp("empty")
    s = start_server(tmp_path_factory.mktemp("w3c"), [empty], env={"QUARTIERS_UPDATE_TOKEN": TOKEN})
    yield s
    stop_server(s)


def test_the_suite_has_34_tests() -> None:
    assert len(CASES) == 34
    assert sum(1 for c in CASES if c.id.startswith("query_")) == 13
    assert sum(1 for c in CASES if c.id.startswith("bad_")) == 14


def is_update(req: Request) -> bool:
    return (
        (req.content_type or "").startswith("application/sparql-update")
        or (req.body or "").startswith("update=")
        or "update=" in req.target
    )


def send(server: Server, req: Request) -> httpx.Response:
    path, _, query = req.target.partition("?")
    endpoint = "/update" if is_update(req) else "/sparql"
    assert path in ("/sparql/", "/sparql")
    headers = {"Authorization": f"Bearer {TOKEN}"}
    if req.content_type:
        headers["Content-Type"] = req.content_type
    content: bytes | None = None
    if req.body is not None:
        content = req.body.encode("utf-16") if req.utf16 else req.body.encode("utf-8")
    return httpx.request(
        req.method,
        f"{server.url}{endpoint}" + (f"?{query}" if query else ""),
        content=content,
        headers=headers,
        timeout=30,
    )


def check(resp: httpx.Response, req: Request) -> None:
    if req.status == "4xx":
        assert 400 <= resp.status_code < 500, (resp.status_code, resp.text)
        return
    assert 200 <= resp.status_code < 400, (resp.status_code, resp.text)
    ctype = resp.headers.get("content-type", "").split(";")[0]
    if req.fmt == "boolean":
        assert ctype in ("application/sparql-results+json", "application/sparql-results+xml")
        if ctype.endswith("json"):
            value = json.loads(resp.text)["boolean"]
        else:
            value = (
                minidom.parseString(resp.text).getElementsByTagName("boolean")[0].firstChild.data
                == "true"
            )
        if req.ask is not None:
            assert value is req.ask
    elif req.fmt == "tabular":
        assert ctype in (
            "application/sparql-results+json",
            "application/sparql-results+xml",
            "text/csv",
            "text/tab-separated-values",
        )
    elif req.fmt == "RDF":
        assert ctype in ("application/rdf+xml", "text/turtle", "application/n-triples")


@pytest.mark.parametrize("case", CASES, ids=[f"{c.number}-{c.id}" for c in CASES])
def test_protocol(w3c_server: Server, case: Case) -> None:
    for file, graph in case.preload:
        r = httpx.put(
            f"{w3c_server.url}/store",
            params={"graph": graph},
            content=(SUITE / file).read_bytes(),
            headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {TOKEN}"},
        )
        assert r.status_code in (201, 204), r.text
    for req in case.requests:
        check(send(w3c_server, req), req)


def test_update_needs_the_token(w3c_server: Server) -> None:
    url = w3c_server.url + "/update"
    body = "INSERT DATA { GRAPH <urn:x-test:auth> { <urn:a> <urn:b> <urn:c> } }"
    r = httpx.post(url, content=body, headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    r = httpx.post(
        url,
        content=body,
        headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer wrong"},
    )
    assert r.status_code == 403
    ask = {"query": "ASK { GRAPH <urn:x-test:auth> { ?s ?p ?o } }"}
    assert httpx.get(w3c_server.url + "/sparql", params=ask).json()["boolean"] is False
    r = httpx.post(
        url,
        content=body,
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    assert r.status_code == 204
    assert httpx.get(w3c_server.url + "/sparql", params=ask).json()["boolean"] is True
    # the default graph that queries see is the union of the named graphs
    assert httpx.get(
        w3c_server.url + "/sparql", params={"query": "ASK { <urn:a> <urn:b> <urn:c> }"}
    ).json()["boolean"]


def test_graph_store_protocol(w3c_server: Server) -> None:
    url, auth = w3c_server.url + "/store", {"Authorization": f"Bearer {TOKEN}"}
    g = "http://www.example/gsp/person/1.ttl"
    ttl = '<http://www.example/p1> <http://xmlns.com/foaf/0.1/name> "Jane" .'
    r = httpx.put(
        url,
        params={"graph": g},
        content=ttl,
        headers={"Content-Type": "text/turtle; charset=utf-8", **auth},
    )
    assert r.status_code == 201
    r = httpx.put(
        url, params={"graph": g}, content=ttl, headers={"Content-Type": "text/turtle", **auth}
    )
    assert r.status_code == 204
    r = httpx.get(url, params={"graph": g}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and "Jane" in r.text
    assert httpx.head(url, params={"graph": g}).status_code == 200
    r = httpx.post(
        url,
        params={"graph": g},
        content="<http://www.example/p1> <http://xmlns.com/foaf/0.1/age> 42 .",
        headers={"Content-Type": "text/turtle", **auth},
    )
    assert r.status_code == 204
    assert (
        "42"
        in httpx.get(url, params={"graph": g}, headers={"Accept": "application/n-triples"}).text
    )
    r = httpx.post(url, content=ttl, headers={"Content-Type": "text/turtle", **auth})
    assert (
        r.status_code == 201
        and httpx.get(url, params={"graph": r.headers["location"]}).status_code == 200
    )
    r = httpx.put(
        url, params={"default": ""}, content=ttl, headers={"Content-Type": "text/turtle", **auth}
    )
    assert r.status_code in (200, 201, 204)
    assert "Jane" in httpx.get(url, params={"default": ""}, headers={"Accept": "text/turtle"}).text
    assert httpx.delete(url, params={"graph": g}, headers=auth).status_code == 204
    assert httpx.get(url, params={"graph": g}).status_code == 404
    assert httpx.delete(url, params={"graph": g}, headers=auth).status_code == 404
    assert (
        httpx.head(url, params={"graph": "http://www.example/gsp/person/4.ttl"}).status_code == 404
    )
    assert (
        httpx.put(
            url, params={"graph": g}, content=ttl, headers={"Content-Type": "text/turtle"}
        ).status_code
        == 401
    )
    assert (
        httpx.put(
            url,
            params={"graph": g},
            content="not turtle {",
            headers={"Content-Type": "text/turtle", **auth},
        ).status_code
        == 400
    )
