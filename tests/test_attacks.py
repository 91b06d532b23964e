"""The endpoint attacked as an attacker would, on loopback: SERVICE and LOAD in every disguise,
injection through /id, /store and /api, oversized and deeply nested requests, a flood of slow
queries, slow and multi-step writes. A listener records any call-out: there must be none."""

from __future__ import annotations

import concurrent.futures
import http.client
import multiprocessing as mp
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import psutil
import pytest

from tests.conftest import Built, Server, start_server, stop_server

TOKEN = "attack-test-token"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SECRET = "SECRET-7f3a"


class Listener:
    """A TCP listener that records the first line of every connection and answers with
    `response` (a callable giving bytes)."""

    def __init__(self, response: bytes = b"", family: int = socket.AF_INET):
        self.sock = socket.socket(family)
        self.sock.bind(("::1" if family == socket.AF_INET6 else "127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.response = response
        self.hits: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    self.hits.append(conn.recv(4096).split(b"\r\n")[0])
                    conn.sendall(self.response)
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


def http_response(status: str, body: bytes, *headers: str) -> bytes:
    head = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", *headers, "", ""]
    return "\r\n".join(head).encode() + body


def results_json(value: str) -> bytes:
    return (
        '{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"'
        + value
        + '"}}]}}'
    ).encode()


@pytest.fixture(scope="module")
def listeners() -> Iterator[tuple[Listener, Listener]]:
    """An internal service on 127.0.0.1 and one on [::1] that an attacker wants to reach."""
    body = results_json(SECRET)
    answer = http_response("200 OK", body, "Content-Type: application/sparql-results+json")
    v4, v6 = Listener(answer), Listener(answer, socket.AF_INET6)
    yield v4, v6
    v4.close()
    v6.close()


STORE: dict[str, Path] = {}


@pytest.fixture(scope="module")
def attacked(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("attacked")
    s = start_server(
        tmp,
        [built.out],
        "--store",
        str(tmp / "store"),
        "--query-timeout",
        "3",
        "--max-waiting",
        "4",
        env={"QUARTIERS_UPDATE_TOKEN": TOKEN},
    )
    STORE[s.url] = tmp / "store"
    yield s
    stop_server(s)


def service_disguises(p: int, p6: int) -> list[str]:
    t = f"<http://127.0.0.1:{p}/sparql>"
    body = "{ ?s ?p ?o }"
    return [
        f"SELECT * WHERE {{ SERVICE {t} {body} }}",
        f"select * where {{ service silent {t} {body} }}",
        f"SELECT * WHERE {{ BIND({t} AS ?e) SERVICE ?e {body} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ {t} }} SERVICE SILENT ?e {body} }}",
        f"PREFIX ex: <http://127.0.0.1:{p}/> SELECT * WHERE {{ SERVICE ex:sparql {body} }}",
        f"BASE <http://127.0.0.1:{p}/> SELECT * WHERE {{ SERVICE <sparql> {body} }}",
        # \u escapes are decoded before parsing, anywhere in the text
        f"SELECT * WHERE {{ \\u0053ERVICE {t} {body} }}",
        f"SELECT * WHERE {{ SERV\\U00000049CE {t} {body} }}",
        f"SELECT * WHERE {{ SERVICE <http\\u003A//127.0.0.1:{p}/> {body} }}",
        # escapes in prefixed names, strings, IRIs and comments before the SERVICE
        f"PREFIX ex: <http://ex/> SELECT * WHERE {{ ?s ex:a\\#b ?o . SERVICE {t} {body} }}",
        f"PREFIX ex: <http://ex/> SELECT * WHERE {{ ?s ex:a\\#b ?o .\n SERVICE {t} {body} }}",
        f"PREFIX ex: <http://ex/> SELECT * WHERE {{ ?s ex:a\\.b ex:c\\'d . SERVICE {t} {body} }}",
        f'SELECT * WHERE {{ ?s ?p "a\\"b # no comment" . SERVICE {t} {body} }}',
        f"SELECT * WHERE {{ ?s ?p '''a ' '' \\''' x''' . SERVICE {t} {body} }}",
        f'SELECT * WHERE {{ ?s ?p "\\u0022" . SERVICE {t} {body} }}',
        f"SELECT * WHERE {{ # a comment ending in a backslash \\\n SERVICE {t} {body} }}",
        f"SELECT * WHERE {{ ?s ?p ?o \\u0023 an escaped hash\n SERVICE {t} {body} }}",
        f"SELECT * WHERE {{ ?s ?p <urn:a\\u003E . SERVICE {t} {body} }}",
        # nested in other patterns and forms
        f"SELECT * WHERE {{ FILTER EXISTS {{ SERVICE {t} {body} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE {t} {body} }} }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ GRAPH ?g {{ SERVICE {t} {body} }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE {t} {body} }} }}",
        f"ASK {{ {{ }} UNION {{ SERVICE {t} {body} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE {t} {body} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE {t} {body} }}",
        # other spellings of loopback
        f"SELECT * WHERE {{ SERVICE <http://[::1]:{p6}/> {body} }}",
        f"SELECT * WHERE {{ SERVICE <http://localhost.:{p}/> {body} }}",
        f"SELECT * WHERE {{ SERVICE <http://localhost:{p}/> {body} }}",
        f"SELECT * WHERE {{ SERVICE <http://2130706433:{p}/> {body} }}",
        f"SELECT * WHERE {{ SERVICE <http://127.1:{p}/> {body} }}",
        f"SELECT * WHERE {{ SERVICE <http://example.org@127.0.0.1:{p}/> {body} }}",
    ]


def test_service_in_every_disguise_never_calls_out(
    attacked: Server, listeners: tuple[Listener, Listener]
) -> None:
    v4, v6 = listeners
    for q in service_disguises(v4.port, v6.port):
        for r in (
            httpx.get(attacked.url + "/sparql", params={"query": q}, timeout=30),
            httpx.post(attacked.url + "/sparql", data={"query": q}, timeout=30),
        ):
            assert r.status_code in (400, 403), (q, r.status_code, r.text)
            assert SECRET not in r.text
    assert v4.hits == [] and v6.hits == []


def test_no_injection_through_id_store_and_api(
    attacked: Server, listeners: tuple[Listener, Listener]
) -> None:
    v4, _ = listeners
    service = f"SERVICE <http://127.0.0.1:{v4.port}/> {{ ?a ?b ?c }}"
    turtle = {"Accept": "text/turtle"}
    for path in (
        f"x> ?p ?o }} UNION {{ {service} }} #",
        f'x#"))) }} {service} #',
        "quartier/QN06216M> <http://www.w3.org/2000/01/rdf-schema#label> ?o } #",
    ):
        for accept in ("text/turtle", "text/html"):
            r = httpx.get(attacked.url + "/id/" + quote(path, safe=""), headers={"Accept": accept})
            assert r.status_code == 404, (path, r.status_code, r.text[:300])
    ok = httpx.get(attacked.url + "/id/quartier/QN06216M", headers=turtle)
    assert ok.status_code == 200 and "Saint-Elie" in ok.text
    r = httpx.get(attacked.url + "/store", params={"graph": f"http://x/> {{ }} }} {service} #"})
    assert r.status_code == 400
    r = httpx.get(attacked.url + "/api/quartiers", params={"format": f'json" {service}'})
    assert r.status_code == 406
    assert v4.hits == []


def test_updates_never_load_nor_call_out(
    attacked: Server, listeners: tuple[Listener, Listener]
) -> None:
    v4, _ = listeners
    url = f"http://127.0.0.1:{v4.port}/data.ttl"
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
    for update in (
        f"LOAD <{url}>",
        f"LOAD SILENT <{url}> INTO GRAPH <urn:x-test:g>",
        f"\\u004cOAD <{url}>",
        f"INSERT DATA {{ <urn:a> <urn:b> <urn:c> }} ; LOAD <{url}>",
        f"LOAD <{url}> ; INSERT DATA {{ this is not SPARQL",  # checked, never executed
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX ex: <http://ex/> INSERT {{ ?s ex:a\\#b ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ):
        r = httpx.post(attacked.url + "/update", content=update, headers=headers, timeout=30)
        assert r.status_code in (400, 403), (update, r.status_code, r.text)
    r = httpx.post(
        attacked.url + "/update",
        params={"using-graph-uri": f"http://x/> WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} #"},
        content="INSERT { <urn:a> <urn:b> ?o } WHERE { ?s ?p ?o }",
        headers=headers,
    )
    assert r.status_code == 400
    r = httpx.put(
        attacked.url + "/store",
        params={"graph": "a b"},
        content="<urn:a> <urn:b> <urn:c> .",
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/n-triples"},
    )
    assert r.status_code == 400
    ask = httpx.get(attacked.url + "/sparql", params={"query": "ASK { <urn:a> <urn:b> <urn:c> }"})
    assert ask.json()["boolean"] is False
    assert v4.hits == []


def get_raw(server: Server, target: str) -> int:
    """A GET with a URL no polite client sends (httpx refuses long query components)."""
    host, port = server.url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.request("GET", target)
        return conn.getresponse().status
    finally:
        conn.close()


def tree_rss(server: Server) -> tuple[int, int]:
    """Resident memory of the server and all its processes, and how many there are."""
    root = psutil.Process(server.proc.pid)
    procs = [root, *root.children(recursive=True)]
    return sum(p.memory_info().rss for p in procs if p.is_running()), len(procs)


def test_oversized_and_nested_requests_are_refused_and_cost_nothing(attacked: Server) -> None:
    url = attacked.url + "/sparql"
    direct = {"Content-Type": "application/sparql-query"}
    before, processes = tree_rss(attacked)
    big = "SELECT * WHERE { ?s ?p ?o } LIMIT 1 #" + "x" * 400_000
    r = httpx.post(url, content=big, headers=direct)
    assert r.status_code == 413 and "characters" in r.text
    assert httpx.post(url, data={"query": big}).status_code == 413
    assert 400 <= get_raw(attacked, "/sparql?query=" + quote(big)) < 500
    r = httpx.post(url, content=b"x" * (9 << 20), headers=direct)  # over --max-body (8 MiB)
    assert r.status_code == 413
    for deep in (
        "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
        "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000,
    ):
        r = httpx.post(url, content=deep, headers=direct)
        assert r.status_code == 400 and "nested 10" in r.text
    r = httpx.post(
        url, content="ASK { FILTER(" + "(" * 50 + "true" + ")" * 50 + ") }", headers=direct
    )
    assert r.status_code == 200 and r.json()["boolean"] is True
    for name in ("default-graph-uri", "named-graph-uri"):
        r = httpx.get(url, params={"query": "ASK {}", name: "a b"})
        assert r.status_code == 400 and name in r.text
    assert httpx.get(attacked.url + "/store", params={"graph": "a b"}).status_code == 400
    r = httpx.post(url, content=b"ASK { \xff\xfe }", headers=direct)
    assert r.status_code == 400
    for i in range(3):  # distinct near-limit queries: parsed, cached within a byte budget
        q = f'ASK {{ FILTER("{i}{"y" * 95_000}" != "") }}'
        assert httpx.post(url, content=q, headers=direct, timeout=30).status_code == 200
    after, processes_after = tree_rss(attacked)
    assert processes_after == processes
    assert after - before < 150 * 2**20, (before >> 20, after >> 20)
    assert httpx.get(url, params={"query": "ASK {}"}).json()["boolean"] is True
    assert "Traceback" not in attacked.logs() and "died" not in attacked.logs()


def test_a_flood_of_slow_queries_leaves_health_and_pages_answering(attacked: Server) -> None:
    before, processes = tree_rss(attacked)
    with concurrent.futures.ThreadPoolExecutor(12) as pool:
        flood = [
            pool.submit(
                httpx.get, attacked.url + "/sparql", params={"query": f"{SLOW} # {i}"}, timeout=60
            )
            for i in range(12)
        ]
        time.sleep(0.5)
        for _ in range(4):
            health = httpx.get(attacked.url + "/health", timeout=1.0)  # answered within 1 s
            assert health.status_code == 200
            time.sleep(0.2)
        # the server's own queries have a reader of their own
        assert httpx.get(attacked.url + "/api/quartiers", timeout=30).status_code == 200
        page = httpx.get(attacked.url + "/id/quartier/QN06216M", headers={"Accept": "text/html"})
        assert page.status_code == 200
        answers = [f.result() for f in flood]
    assert all(r.status_code == 503 for r in answers)
    busy = [r for r in answers if "busy" in r.text]
    assert busy and all(int(r.headers["retry-after"]) >= 1 for r in busy)  # queue bounded
    assert any("timed out" in r.text or "became free" in r.text for r in answers)
    ok = httpx.get(attacked.url + "/sparql", params={"query": "ASK {}"}, timeout=30)
    assert ok.status_code == 200
    deadline = time.monotonic() + 30  # killed readers are replaced
    while tree_rss(attacked)[1] != processes and time.monotonic() < deadline:
        time.sleep(0.2)
    after, processes_after = tree_rss(attacked)
    assert processes_after == processes
    assert after - before < 150 * 2**20, (before >> 20, after >> 20)


def test_writes_time_out_whole_and_never_block_or_half_show(attacked: Server) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
    first = "ASK { GRAPH <urn:x-test:first> { ?s ?p ?o } }"
    slow_update = (
        "INSERT DATA { GRAPH <urn:x-test:first> { <urn:a> <urn:b> <urn:c> } } ;\n"
        "INSERT { GRAPH <urn:x-test:slow> { ?a <urn:n> ?g } } "
        "WHERE { GRAPH ?x { ?a ?b ?c } GRAPH ?y { ?d ?e ?f } GRAPH ?z { ?g ?h ?i } "
        "FILTER(STRLEN(CONCAT(STR(?c), STR(?i))) < 0) }"
    )
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        write = pool.submit(
            httpx.post, attacked.url + "/update", content=slow_update, headers=headers, timeout=60
        )
        seen = []
        while not write.done():
            r = httpx.get(attacked.url + "/sparql", params={"query": first}, timeout=10)
            seen.append(r.json()["boolean"])  # answered while the write runs
            time.sleep(0.1)
        r = write.result()
    assert r.status_code == 503 and "nothing was changed" in r.text
    # reads answered while the write runs (two at least: a loaded CI machine answers slowly)
    assert len(seen) >= 2 and not any(seen)
    assert httpx.get(attacked.url + "/sparql", params={"query": first}).json()["boolean"] is False

    count = "SELECT (COUNT(*) AS ?n) WHERE { <urn:x-test:s> <urn:x-test:p> ?o }"
    two_steps = (
        'INSERT DATA { GRAPH <urn:x-test:g1> { <urn:x-test:s> <urn:x-test:p> "1" } } ;'
        'INSERT DATA { GRAPH <urn:x-test:g2> { <urn:x-test:s> <urn:x-test:p> "2" } }'
    )
    counts: list[int] = []
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        write = pool.submit(
            httpx.post, attacked.url + "/update", content=two_steps, headers=headers, timeout=60
        )
        while not write.done() or not counts:
            r = httpx.get(attacked.url + "/sparql", params={"query": count}, timeout=10)
            counts.append(int(r.json()["results"]["bindings"][0]["n"]["value"]))
        assert write.result().status_code == 204
    r = httpx.get(attacked.url + "/sparql", params={"query": count})
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == 2
    assert set(counts) <= {0, 2}, counts  # never half of the update


def _isolated_service_call(mode: str, port: int, out: mp.Queue) -> None:  # type: ignore[type-arg]
    from server.sandbox import isolate

    mechanism = isolate(mode)
    import pyoxigraph as ox

    try:
        q = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"
        list(ox.Store().query(q))  # type: ignore[call-overload]
        outcome = "answered"
    except Exception as exc:
        outcome = f"failed: {exc}"
    out.put((mechanism, outcome))


@pytest.mark.parametrize("mode", ["auto", "seccomp"])
def test_engine_processes_cannot_reach_the_network(
    mode: str, listeners: tuple[Listener, Listener], attacked: Server
) -> None:
    """Defence in depth: even a SERVICE the parse check missed finds no network."""
    v4, _ = listeners
    before = len(v4.hits)
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    proc = ctx.Process(target=_isolated_service_call, args=(mode, v4.port, out))
    proc.start()
    mechanism, outcome = out.get(timeout=60)
    proc.join(10)
    assert mechanism == ("netns" if mode == "auto" else mode)
    assert outcome.startswith("failed") and len(v4.hits) == before
    assert "network isolation: netns" in attacked.logs()


@pytest.fixture(scope="module")
def federating(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server that may call SERVICEs on localhost only."""
    s = start_server(
        tmp_path_factory.mktemp("federating"),
        [built.out],
        "--query-timeout",
        "5",
        env={"QUARTIERS_SERVICE_ALLOW": "localhost"},
    )
    yield s
    stop_server(s)


def test_allowed_services_answer_without_leaking_details(federating: Server) -> None:
    internal = Listener(http_response("200 OK", results_json(SECRET)))
    allowed = Listener(
        http_response(
            "200 OK", results_json("public"), "Content-Type: application/sparql-results+json"
        )
    )
    failing = Listener(http_response("500 Oops", f"{SECRET} at /srv/internal/db".encode()))
    redirect = Listener(
        http_response("302 Found", b"", f"Location: http://127.0.0.1:{internal.port}/sparql")
    )
    url = federating.url + "/sparql"

    def ask(target: str) -> httpx.Response:
        q = f"SELECT ?x WHERE {{ SERVICE <{target}> {{ ?x ?p ?o }} }}"
        return httpx.get(url, params={"query": q}, timeout=30)

    try:
        r = ask(f"http://localhost:{allowed.port}/sparql")
        assert r.status_code == 200 and "public" in r.text and len(allowed.hits) == 1
        for target in (f"http://localhost:{failing.port}/", f"http://localhost:{redirect.port}/"):
            r = ask(target)
            assert r.status_code == 400, r.text
            assert SECRET not in r.text and "/srv" not in r.text and "127.0.0.1" not in r.text
        assert len(failing.hits) == 1 and len(redirect.hits) == 1  # redirects are not followed
        for target in (
            f"http://127.0.0.1:{internal.port}/",
            f"http://localhost@127.0.0.1:{internal.port}/",
            f"http://127.0.0.1:{internal.port}\\u0040localhost/",
            f"http://localhost.evil:{internal.port}/",
        ):
            assert ask(target).status_code == 403, target
        assert internal.hits == []
        assert "network isolation: off: SERVICE may call localhost" in federating.logs()
    finally:
        for listener in (internal, allowed, failing, redirect):
            listener.close()


def test_the_store_keeps_only_the_published_generation(attacked: Server) -> None:
    """After the writes above (published, timed out, refused), one generation is left on
    disk: the published one."""
    root = STORE[attacked.url]
    deadline = time.monotonic() + 30  # old readers retire in the background
    while time.monotonic() < deadline:
        gens = sorted(p.name for p in root.iterdir() if p.name.startswith("gen-"))
        if len(gens) == 1:
            break
        time.sleep(0.2)
    assert len(gens) == 1 and (root / "current").resolve().name == gens[0]
    assert sorted(p.name for p in root.iterdir()) == ["current", gens[0]]
