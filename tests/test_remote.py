"""The remote store: a real Oxigraph server (the `oxigraph` package from PyPI) started on a
loopback port, filled by `quartiers build --endpoint`, one graph per changed document, and
fronted by our server (`quartiers serve --endpoint`) with the same pages, formats and limits
as over the embedded store."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from quartiers import audit_report
from quartiers.cli import app
from quartiers.query import named_queries
from quartiers.remote import RemoteError, RemoteStore, bind
from quartiers.store import open_store
from tests.conftest import SOURCES, Server, free_port, start_server, stop_server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@contextlib.contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """Oxigraph's own server on a free loopback port; its query URL."""
    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = free_port()
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
         "--timeout-s", "10"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(100):
        try:
            httpx.post(url, data={"query": "ASK {}"}, timeout=2)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture(scope="module")
def loaded(oxigraph: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Path]:
    src = tmp_path_factory.mktemp("remote-sources")
    shutil.copytree(SOURCES, src, dirs_exist_ok=True)
    out = src / "ttl"
    r = CliRunner().invoke(
        app, ["build", "--sources", str(src), "--out", str(out), "--endpoint", oxigraph]
    )
    assert r.exit_code == 0, r.output
    return oxigraph, src, out


@pytest.fixture(scope="module")
def fronted(
    loaded: tuple[str, Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    s = start_server(
        tmp_path_factory.mktemp("front"), [], "--endpoint", loaded[0], "--max-results", "2000"
    )
    yield s
    stop_server(s)


def _count(store: object) -> int:
    rows = list(store.query(COUNT))  # type: ignore[attr-defined]
    return int(rows[0]["n"].value)


def test_the_remote_store_holds_what_the_embedded_one_holds(loaded: tuple[str, Path, Path]) -> None:
    url, _, out = loaded
    remote, local = RemoteStore.of(url), open_store([out])
    try:
        assert _count(remote) == _count(local) > 10000  # the default graph is a set, as here
        assert remote.graphs() == local.graphs()
    finally:
        remote.close()


def test_a_changed_document_replaces_its_graph_alone(loaded: tuple[str, Path, Path]) -> None:
    url, src, out = loaded
    f = src / "convention-haisnes.txt"
    f.write_text(
        f.read_text(encoding="utf-8").replace("Faible attractivité", "Très faible attractivité")
    )
    r = CliRunner().invoke(
        app, ["build", "--sources", str(src), "--out", str(out), "--endpoint", url]
    )
    assert r.exit_code == 0, r.output
    assert "1 document converted, 1 unchanged" in r.output
    assert "4 graphs replaced" in r.output  # the document's, framework, reference, ontology
    remote, local = RemoteStore.of(url), open_store([out])
    try:
        assert _count(remote) == _count(local)
        ask = 'ASK { ?s ?p "Très faible attractivité économique du quartier"@fr }'
        assert remote.query(ask)  # type: ignore[truthy-function]
    finally:
        remote.close()


def test_bound_terms_are_written_by_pyoxigraph() -> None:
    q = bind("SELECT ?s ?r WHERE { ?s ?p ?r . ?r ?q ?rest }", {"r": ox.NamedNode("http://x/a")})
    assert (
        q == "SELECT ?s (<http://x/a> AS ?r) WHERE { ?s ?p <http://x/a> . <http://x/a> ?q ?rest }"
    )
    with pytest.raises(ValueError):
        bind("SELECT * { ?r ?p ?o }", {"r": ox.BlankNode()})


def test_the_server_fronts_the_remote_store(fronted: Server) -> None:
    url = fronted.url
    r = httpx.get(url + "/sparql", params={"query": COUNT}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    r = httpx.get(url + "/id/quartier/QN06216M", headers={"Accept": "text/turtle"})
    g = ox.parse(r.content, format=ox.RdfFormat.TURTLE)
    assert r.status_code == 200 and any("Saint-Elie" in str(t.object) for t in g)
    page = httpx.get(url + "/id/quartier/QN06216M", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "convention-haisnes.txt" in page.text  # its source lines
    assert "Saint-Elie" in httpx.get(url + "/api/quartiers?format=csv").text
    assert "Saint-Elie" in httpx.get(url + "/audit", timeout=60).text  # many queries
    assert httpx.get(url + "/health").json()["triples"] > 10000
    dumps = httpx.get(url + "/dumps", timeout=60)
    assert dumps.status_code == 200 and "quartiers-kg.ttl" in dumps.text
    whole = httpx.get(url + "/dumps/quartiers-kg.nt", timeout=60)
    assert whole.status_code == 200 and len(whole.text.splitlines()) > 10000


def test_the_limits_hold_in_front_of_a_remote_store(fronted: Server) -> None:
    url = fronted.url + "/sparql"
    assert httpx.get(url, params={"query": "SELECT * WHERE { ?s ?p ?o }"}).status_code == 413
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    assert httpx.get(url, params={"query": service}).status_code == 403
    assert httpx.get(url, params={"query": "SELECT * WHERE { ?s ?p }"}).status_code == 400
    update = httpx.post(
        fronted.url + "/update",
        content="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer x"},
    )
    assert update.status_code == 403


def parts(value: str) -> str:
    """A GROUP_CONCAT's parts in a fixed order: SPARQL leaves theirs to each engine."""
    return " ; ".join(sorted(value.split(" ; ")))


def unordered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: parts(v) if isinstance(v, str) else v for k, v in r.items()} for r in rows]


def test_named_queries_and_the_audit_in_front_of_a_remote_store(
    fronted: Server, loaded: tuple[str, Path, Path]
) -> None:
    """Every /api/<name>, its parameters bound as terms in the text sent (quartiers.remote.bind),
    and the report answer what the embedded store answers over the same files."""
    local = open_store([loaded[2]])
    asked = {name: {} for name in named_queries()} | {
        "partner-actions": {"partner": "partenaire/ccas"},
        "search-actions": {"text": '" } } ASK { ?s ?p ?o } #'},
        "coverage-matrix": {"commune": "commune/62401"},
    }
    for name, params in asked.items():
        q = named_queries()[name]
        r = httpx.get(f"{fronted.url}/api/{name}", params=params, timeout=60)
        assert r.status_code == 200, (name, r.text)
        got = Counter(
            tuple(sorted((k, parts(v["value"])) for k, v in b.items()))
            for b in r.json()["results"]["bindings"]
        )
        result = local.query(q.text, bindings=q.bindings(params))
        assert isinstance(result, ox.QuerySolutions)
        variables = [v.value for v in result.variables]
        expected = Counter(
            tuple(sorted((v, parts(s[v].value)) for v in variables if s[v] is not None))
            for s in result
        )
        assert got == expected, name
        assert (sum(got.values()) == 0) == (name == "search-actions"), name
    served = httpx.get(fronted.url + "/audit/audit.json", timeout=60).json()
    built = json.loads(audit_report.build(audit_report.fetch(local), SOURCES).json())
    assert served.keys() == built.keys()
    for name, table in built.items():
        assert served[name]["columns"] == table["columns"], name
        assert unordered(served[name]["rows"]) == unordered(table["rows"]), name
    # written to behind the server's back, the store's new answers make a new report
    url, src, out = loaded
    f = src / "convention-haisnes.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("Taux de chômage élevé", "Chômage élevé"))
    r = CliRunner().invoke(
        app, ["build", "--sources", str(src), "--out", str(out), "--endpoint", url]
    )
    assert r.exit_code == 0, r.output
    diagnosis = httpx.get(fronted.url + "/audit/diagnosis.csv", timeout=60).text
    assert "Chômage élevé" in diagnosis and "Taux de chômage élevé" not in diagnosis


def test_the_merge_can_live_in_a_named_graph(
    loaded: tuple[str, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """For engines whose default graph cannot be written (Virtuoso): the merge is kept in
    QUARTIERS_ENDPOINT_UNION_GRAPH, which queries are then given as their default graph."""
    from quartiers.iris import ONTOLOGY_IRI
    from quartiers.store import ONTOLOGY_FILE, data_files, graph_of

    monkeypatch.setenv("QUARTIERS_ENDPOINT_UNION_GRAPH", "urn:x-test:union")
    out = loaded[2]
    local = open_store([out])
    with oxigraph_server(tmp_path / "ox") as url:
        remote = RemoteStore.of(url)
        try:
            files = [(f, graph_of(f)) for f in data_files([out])]
            remote.load([*files, (ONTOLOGY_FILE, ox.NamedNode(ONTOLOGY_IRI))])
            assert _count(remote) == _count(local)
            assert remote.graphs() == local.graphs()  # the merge's graph is not one of them
            # the engine's own default graph stays empty
            unqualified = RemoteStore(dataclasses.replace(remote.endpoint, union=None))
            assert _count(unqualified) == 0
            unqualified.close()
            described = remote.query(
                "DESCRIBE <https://w3id.org/quartiers-kg/id/quartier/QN06216M>"
            )
            assert any("Saint-Elie" in str(t.object) for t in described)  # type: ignore[attr-defined]
        finally:
            remote.close()


def test_a_refused_batch_is_sent_again_in_halves(oxigraph: str) -> None:
    """Engines cap an update's size their own way: halves go through, a bad triple fails alone."""
    remote = RemoteStore.of(oxigraph)
    g = ox.NamedNode("urn:x-test:halves")
    try:
        with pytest.raises(RemoteError) as err:
            remote._send("INSERT", ["<urn:x-test:a> <urn:x-test:b> <urn:x-test:c> .", "bad"], g)
        assert err.value.status == 400 and "error at 1:" in str(err.value)  # the engine's words
        assert remote.query(f"ASK {{ GRAPH {g} {{ <urn:x-test:a> ?p ?o }} }}")  # type: ignore[truthy-function]
    finally:
        remote.update(f"DROP SILENT GRAPH {g}")
        remote.close()
