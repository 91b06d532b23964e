"""Property-based tests (hypothesis): the SPARQL text handling never fails in an unplanned
way and never lets through a SERVICE that the engine would call, with pyoxigraph itself as
the oracle; the converter, given mutated documents, never crashes nor hangs, and accounts
for every line."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quartiers.convert import convert
from quartiers.errors import InputError
from quartiers.sparqltext import SparqlError, add_using, analyse, analyse_query, nesting_depth
from tests.conftest import SOURCES

FAST = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# pieces of SPARQL that tokenisers get wrong: escapes in names, strings, IRIs and comments
NOISE = [
    "ex:a\\#b",
    "ex:a\\.b",
    "ex:c\\'d",
    "ex:%41",
    '"a\\"b"',
    "'a\\'b'",
    '"""x " "" y"""',
    "'''x ' '' y'''",
    '"\\u0022"',
    "<urn:a\\u003E",
    "# comment \\",
    "#",
    "\\u0023",
    "\n",
    " ",
    "{",
    "}",
    ".",
    ";",
    "?s",
    "?p",
    "?o",
    "\"'",
    "<urn:x>",
    "FILTER(",
    ")",
    "'",
    '"',
    "\\",
]
# well-formed pieces carrying the same escapes, so that most generated queries parse
FRAGMENTS = [
    "?s ex:a\\#b ?o .",
    "?s ex:a\\.b ?o .",
    "?s ex:c\\'d ?o .",
    "?s ex:%41 ?o .",
    'FILTER(?o != "a\\"b # c")',
    "FILTER(?o != 'a\\'b')",
    'FILTER(?o != """x " "" y""")',
    "FILTER(?o != '''x ' '' y''')",
    'FILTER(?o != "\\u0022")',
    "FILTER(?o != <urn:a\\u0020b>)",
    "# comment \\\n",
    "# comment\n",
    "\\u0023 an escaped hash\n",
    "?s ?p ?o .",
    "OPTIONAL { ?s ?p ?o }",
    "{ ?s ?p ?o } UNION { ?s ?p ?o }",
]
PIECE = st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(FRAGMENTS), st.sampled_from(NOISE))
KEYWORD = st.sampled_from(
    ["SERVICE", "service", "\\u0053ERVICE", "SERV\\u0049CE", "SERVICE SILENT"]
)


@pytest.fixture(scope="module")
def listener() -> Iterator[tuple[int, list[bytes]]]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.1)
    hits: list[bytes] = []
    stop = threading.Event()
    empty = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
    answer = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
        + f"Content-Length: {len(empty)}\r\n\r\n".encode()
        + empty
    )

    def run() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    hits.append(conn.recv(4096))
                    conn.sendall(answer)
                except OSError:
                    pass

    t = threading.Thread(target=run, daemon=True)
    t.start()
    yield sock.getsockname()[1], hits
    stop.set()
    t.join(2)
    sock.close()


def engine_calls_out(query: str, hits: list[bytes]) -> bool:
    """Whether pyoxigraph, the engine, calls the listener for this query (the oracle)."""
    before = len(hits)
    try:
        result = ox.Store().query(query)
        if isinstance(result, ox.QuerySolutions):
            list(result)
    except Exception:  # a syntax error, or the SERVICE failing: what counts is the hit
        pass
    return len(hits) > before


@settings(FAST, max_examples=150)
@given(
    before=st.lists(PIECE, max_size=6),
    after=st.lists(PIECE, max_size=4),
    keyword=KEYWORD,
    newline=st.booleans(),
)
def test_no_service_the_engine_would_call_gets_through(
    listener: tuple[int, list[bytes]],
    before: list[str],
    after: list[str],
    keyword: str,
    newline: bool,
) -> None:
    port, hits = listener
    # a UNION: the engine evaluates the SERVICE branch even when the store is empty
    query = (
        "PREFIX ex: <http://ex/>\nSELECT * WHERE { { ?s ?p ?o . "
        + " ".join(before)
        + " } UNION {"
        + ("\n" if newline else " ")
        + f"{keyword} <http://127.0.0.1:{port}/sparql> {{ }} }} "
        + " ".join(after)
        + "\n}"
    )
    try:
        analysis = analyse_query(query)
    except SparqlError:
        return  # refused: whatever the engine would have done
    if engine_calls_out(query, hits):
        assert analysis.services, f"missed a SERVICE the engine calls: {query!r}"


SPARQLISH = st.text(
    alphabet=st.sampled_from(list("{}()[]<>\"'#\\.;:?$ \n\tSERVICELOADselect*uU0123456789ab")),
    max_size=200,
)


@FAST
@given(text=st.one_of(SPARQLISH, st.text(max_size=200)))
def test_text_handling_fails_only_with_a_message(text: str) -> None:
    assert nesting_depth(text) >= 0
    for update in (False, True):
        try:
            a = analyse(text, "http://localhost/sparql", update=update)
        except SparqlError as exc:
            assert exc.message and exc.status == 400
            continue
        assert a.form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "UPDATE")
    with contextlib.suppress(SparqlError):
        analyse_query(text)


@FAST
@given(
    update=st.sampled_from(
        [
            "INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }",
            "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
            'INSERT DATA { <urn:a> <urn:b> "WHERE" } ; DELETE WHERE { ?s ?p ?o }',
            "PREFIX ex: <http://ex/> INSERT { ex:a\\#b ?p ?o } WHERE { ?s ?p ?o }",
        ]
    ),
    graphs=st.lists(st.sampled_from(["http://g/1", "urn:g:2", "http://g/a?b=c"]), max_size=2),
)
def test_using_graphs_land_where_the_protocol_says(update: str, graphs: list[str]) -> None:
    text = add_using(update, graphs, [])
    a = analyse(text, update=True)  # still parses
    assert a.dataset_clause == bool(graphs and "WHERE {" in update.replace("DELETE WHERE", ""))


def _mutate(lines: list[str], ops: list[tuple[str, int, str]]) -> list[str]:
    out = list(lines)
    for op, i, text in ops:
        if not out:
            out = [text]
            continue
        i %= len(out)
        if op == "delete":
            del out[i]
        elif op == "duplicate":
            out.insert(i, out[i])
        elif op == "insert":
            out.insert(i, text)
        elif op == "join" and i + 1 < len(out):
            out[i : i + 2] = [out[i] + out[i + 1]]
        elif op == "truncate":
            out[i] = out[i][: len(out[i]) // 2]
        elif op == "tabs":
            out[i] = "\t" + out[i].replace(" : ", "\t")
    return out


# no line separators other than \n: the report counts lines as the reader splits them
LINE_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=["Cs", "Zl", "Zp", "Cc"], blacklist_characters="\x85"
    ),
    max_size=80,
) | st.sampled_from(["\t", "• x", "· y", "→ z", "- a", "<li>b", "</ul>", "ENJEU 1 :", "QP 062 016"])
MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["delete", "duplicate", "insert", "join", "truncate", "tabs"]),
        st.integers(min_value=0, max_value=10_000),
        LINE_TEXT,
    ),
    min_size=1,
    max_size=12,
)
HAISNES = (SOURCES / "convention-haisnes.txt").read_text(encoding="utf-8").split("\n")


@settings(FAST, max_examples=15, deadline=timedelta(seconds=30))  # a hang fails, not waits
@given(ops=MUTATIONS)
def test_mutated_documents_convert_and_every_line_is_accounted_for(
    tmp_path_factory: pytest.TempPathFactory, ops: list[tuple[str, int, str]]
) -> None:
    tmp = tmp_path_factory.mktemp("mutated")
    src = tmp / "convention-haisnes.txt"
    text = "\n".join(_mutate(HAISNES, ops))
    src.write_text(text, encoding="utf-8")
    try:
        results = convert([src], tmp / "out")
    except InputError as exc:  # a document no longer readable as a convention: said clearly
        assert "convention-haisnes.txt" in str(exc)
        return
    report = json.loads(Path(results[0].report).read_text(encoding="utf-8"))
    lines = report["lines"]
    total = len(text.splitlines())
    assert lines["total"] == total
    uses = sum(v for k, v in lines.items() if k not in ("total", "blank"))
    assert lines["blank"] + uses == total
    detail = {int(n) for n in report["lines_detail"]}
    non_blank = {i for i, line in enumerate(text.splitlines(), 1) if line.strip()}
    assert detail == non_blank
