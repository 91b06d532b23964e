"""The store as a remote SPARQL 1.1 engine (Oxigraph server, Fuseki, Virtuoso, QLever…),
through the Query and Update protocols, with the same small API as the embedded store
(quartiers/store.py): queries return pyoxigraph results, so everything above (the server's
formats, limits, pages) is the same whatever the store.

The remote store holds what the embedded one holds: one named graph per file, and the default
graph as their merge, kept as data (a set) rather than left to each engine's "union default
graph" option, which some engines give as a bag (Oxigraph) and others do not have. Replacing a
graph touches only that graph's triples.

Credentials come from the environment: QUARTIERS_ENDPOINT_TOKEN (a bearer token) or
QUARTIERS_ENDPOINT_USER and QUARTIERS_ENDPOINT_PASSWORD (HTTP Basic, or Digest with
QUARTIERS_ENDPOINT_AUTH=digest, as Virtuoso's /sparql-auth asks). QUARTIERS_ENDPOINT_UNION_GRAPH
names the graph that holds the merge on an engine whose default graph cannot be written."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pyoxigraph as ox

from quartiers import messages as M
from quartiers.errors import QuartiersError
from quartiers.sparqltext import tokens

RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPHS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
ACCEPT = (
    "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
    "application/sparql-results+xml;q=0.5, application/rdf+xml;q=0.4"
)
# for CONSTRUCT and DESCRIBE: Virtuoso answers them in SPARQL results JSON if it may
ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.8, application/rdf+xml;q=0.4"


def _accept(sparql: str) -> str:
    """What to ask for, by the query's form (its first top-level keyword)."""
    for t in tokens(sparql):
        if t.kind == "word" and t.depth == 0:
            word = t.text.upper()
            if word in ("CONSTRUCT", "DESCRIBE"):
                return ACCEPT_GRAPH
            if word in ("SELECT", "ASK"):
                break
    return ACCEPT


BATCH = 2000  # triples per SPARQL Update request
PROBE_SECONDS = 10.0


class RemoteError(QuartiersError):
    """The remote engine refused or failed a request (named by its URL); `status` is its
    HTTP status when it answered."""

    def __init__(
        self, message: str | M.Message, url: str | None = None, *, status: int = 0
    ) -> None:
        super().__init__(message, url)
        self.status = status


def _reason(exc: httpx.HTTPError) -> str:
    """'connection refused', not '[Errno 111] Connection refused'."""
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", str(exc)) or type(exc).__name__
    return text[:1].lower() + text[1:]


@contextlib.contextmanager
def reaching(url: str) -> Iterator[None]:
    """A request that did not get an answer, as one line naming the engine's URL."""
    try:
        yield
    except httpx.HTTPError as exc:
        raise RemoteError(M.ENDPOINT_UNREACHABLE(reason=_reason(exc)), url) from None


class _Bearer(httpx.Auth):
    def __init__(self, token: str):
        self.header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self.header
        yield request


def _said(r: httpx.Response) -> str:
    """The start of the engine's own explanation: what to fix is usually said there."""
    return " ".join(r.text.split())[:300] or "no explanation given"


def _auth() -> httpx.Auth | None:
    token = os.environ.get("QUARTIERS_ENDPOINT_TOKEN")
    if token:
        return _Bearer(token)
    user = os.environ.get("QUARTIERS_ENDPOINT_USER")
    if user:
        password = os.environ.get("QUARTIERS_ENDPOINT_PASSWORD", "")
        if os.environ.get("QUARTIERS_ENDPOINT_AUTH", "basic").lower() == "digest":
            return httpx.DigestAuth(user, password)
        return httpx.BasicAuth(user, password)
    return None


@dataclass(frozen=True)
class Endpoint:
    """Where to send queries and updates. Oxigraph's `/query` implies its `/update`;
    otherwise updates go to the query URL (Virtuoso, QLever) unless given (Fuseki's
    `/ds/update`)."""

    query: str
    update: str
    # where the merge is kept on an engine whose default graph cannot be written (Virtuoso:
    # its default graph is every graph at once, a bag); queries are then sent with it as
    # their default graph (default-graph-uri)
    union: ox.NamedNode | None = None

    @classmethod
    def of(cls, url: str, update: str | None = None) -> Endpoint:
        update = update or os.environ.get("QUARTIERS_UPDATE_ENDPOINT")
        if update is None:
            update = url[: -len("/query")] + "/update" if url.endswith("/query") else url
        union = os.environ.get("QUARTIERS_ENDPOINT_UNION_GRAPH")
        return cls(url, update, ox.NamedNode(union) if union else None)


_VAR = r"[?$]{name}(?![\w\u00b7\u0300-\u036f\u203f-\u2040])"


_MODIFIER = re.compile(
    r"(?is)\b(?:GROUP|ORDER)\s+BY\b.*?(?=[{}]|\b(?:HAVING|LIMIT|OFFSET|VALUES|GROUP|ORDER)\b|$)"
)


def bind(query: str, bindings: dict[str, Any]) -> str:
    """Put terms in place of variables in one of the server's own fixed queries, as
    pyoxigraph's substitutions do (SEP-0007) for an engine that has no such API: each
    term written by pyoxigraph (a validated IRI or literal, in N-Triples form); a projected
    variable keeps its name, `(<term> AS ?var)`; in GROUP BY and ORDER BY, where a bare
    term is not allowed, it is an expression, `(<term>)`. Never used on a client's query."""
    for name, term in bindings.items():
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise ValueError(f"cannot bind ?{name} to {term!r}")
        text = str(term)
        pattern = re.compile(_VAR.format(name=re.escape(name)))

        def substitute(part: str, text: str = text, pattern: re.Pattern[str] = pattern) -> str:
            out, last = [], 0
            for m in _MODIFIER.finditer(part):
                out.append(pattern.sub(text, part[last : m.start()]))
                out.append(pattern.sub(f"({text})", m.group()))
                last = m.end()
            out.append(pattern.sub(text, part[last:]))
            return "".join(out)

        head = re.match(r"(?is)^(.*?\bSELECT\b)(.*?)(\bWHERE\b|\{)", query)
        if head:
            projection = pattern.sub(f"({text} AS ?{name})", head.group(2))
            query = head.group(1) + projection + substitute(query[head.end(2) :])
        else:
            query = substitute(query)
    return query


class RemoteStore:
    """A SPARQL 1.1 engine over HTTP, used like the embedded pyoxigraph store."""

    def __init__(self, endpoint: Endpoint, timeout: float = 60.0):
        self.endpoint = endpoint
        self.client = httpx.Client(auth=_auth(), timeout=timeout, follow_redirects=False)

    @classmethod
    def of(cls, url: str, update: str | None = None) -> RemoteStore:
        return cls(Endpoint.of(url, update))

    def close(self) -> None:
        self.client.close()

    def refused(self, r: httpx.Response, what: M.Text = M.A_QUERY) -> RemoteError:
        """A status other than success, in plain words: missing or refused credentials are
        named as such, with the variables that give them."""
        url = str(r.request.url)
        if r.status_code in (401, 403):
            text = M.ENDPOINT_CREDENTIALS if self.client.auth is None else M.ENDPOINT_REFUSED
            return RemoteError(text(status=r.status_code), url)
        said = _said(r)
        return RemoteError(
            M.ENDPOINT_STATUS(status=r.status_code, what=what(), said=said),
            url,
            status=r.status_code,
        )

    def check(self, *, write: bool = False) -> None:
        """Before any work: the engine answers a query (and, to `write`, an update that
        changes nothing), with the credentials given."""
        with reaching(self.endpoint.query):
            r = self.client.post(
                self.endpoint.query, data={"query": "ASK {}"}, timeout=PROBE_SECONDS
            )
        if r.status_code != 200:
            raise self.refused(r)
        if write:
            self._update("INSERT DATA { }", PROBE_SECONDS)

    # -- queries --------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        base_iri: str | None = None,
        default_graph: list[Any] | None = None,
        named_graphs: list[Any] | None = None,
        substitutions: dict[Any, Any] | None = None,
        timeout: float | None = None,
        use_default_graph_as_union: bool = False,
        union: bool = True,
    ) -> Any:
        """Results as pyoxigraph gives them: QuerySolutions, QueryBoolean, or triples."""
        if substitutions:
            sparql = bind(sparql, {str(k.value): v for k, v in substitutions.items()})
        form: dict[str, Any] = {"query": sparql}
        defaults = [g.value for g in default_graph or [] if isinstance(g, ox.NamedNode)]
        # a dataset given by the protocol has no named graphs unless listed: `union=False` for
        # the store's own GRAPH ?g queries
        merged = [self.endpoint.union.value] if self.endpoint.union and union else []
        if defaults or merged:
            form["default-graph-uri"] = defaults or merged
        if named_graphs:
            form["named-graph-uri"] = [g.value for g in named_graphs]
        with reaching(self.endpoint.query):
            try:
                r = self.client.post(
                    self.endpoint.query,
                    data=form,
                    headers={"Accept": _accept(sparql)},
                    timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
                )
            except httpx.TimeoutException:  # the server answers 503 + Retry-After
                raise TimeoutError("the remote engine did not answer in time") from None
        if r.status_code == 400:
            raise SyntaxError(r.text.strip()[:300] or "the remote engine refused the query")
        if r.status_code != 200:
            raise self.refused(r)
        media = r.headers.get("content-type", "").split(";")[0].strip().lower()
        if media in RESULTS:
            return ox.parse_query_results(r.content, format=RESULTS[media])
        if media in GRAPHS:
            return list(ox.parse(r.content, format=GRAPHS[media]))
        raise RemoteError(M.ENDPOINT_FORMAT(media=media), self.endpoint.query)

    def select(self, sparql: str, *, union: bool = True) -> list[tuple[Any, ...]]:
        result = self.query(sparql, union=union)
        names = [v.value for v in result.variables]
        return [tuple(s[n] for n in names) for s in result]

    def quads_for_subject(self, node: ox.NamedNode) -> Iterator[ox.Quad]:
        rows = self.select(f"SELECT ?p ?o WHERE {{ {node} ?p ?o }}")
        return (ox.Quad(node, p, o, ox.DefaultGraph()) for p, o in rows)

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0][0].value) if rows else 0

    def graphs(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        return sorted(
            g.value for (g,) in rows if isinstance(g, ox.NamedNode) and g != self.endpoint.union
        )

    # -- writes ---------------------------------------------------------------------------

    def update(self, sparql: str) -> None:
        self._update(sparql)

    def _update(self, sparql: str, timeout: float | None = None) -> None:
        with reaching(self.endpoint.update):
            r = self.client.post(
                self.endpoint.update,
                content=sparql.encode(),
                headers={"Content-Type": "application/sparql-update"},
                timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
            )
        if r.status_code not in (200, 204):
            raise self.refused(r, M.AN_UPDATE)

    def _data(self, op: str, triples: Iterable[ox.Triple], graph: ox.NamedNode | None) -> None:
        graph = graph or self.endpoint.union
        batch: list[str] = []
        for t in triples:
            batch.append(f"{t.subject} {t.predicate} {t.object} .")
            if len(batch) >= BATCH:
                self._send(op, batch, graph)
                batch = []
        if batch:
            self._send(op, batch, graph)

    def _send(self, op: str, lines: list[str], graph: ox.NamedNode | None) -> None:
        """One INSERT/DELETE DATA; a batch the engine refuses is sent again in halves, since
        engines cap a request's size their own way (Virtuoso: 10,000 lines of generated SQL,
        reached near 1,000 triples), and a truly bad triple still fails alone."""
        body = "\n".join(lines)
        inner = f"GRAPH {graph} {{ {body} }}" if graph is not None else body
        try:
            self.update(f"{op} DATA {{ {inner} }}")
        except RemoteError as exc:
            if exc.status != 400 or len(lines) == 1:
                raise
            half = len(lines) // 2
            self._send(op, lines[:half], graph)
            self._send(op, lines[half:], graph)

    def _elsewhere(self, triples: list[ox.Triple], graph: ox.NamedNode) -> set[str]:
        """Which of these triples another named graph states too (N-Triples keys)."""
        found: set[str] = set()
        union = f" && ?g != {self.endpoint.union}" if self.endpoint.union else ""
        for i in range(0, len(triples), 500):
            chunk = triples[i : i + 500]
            values = " ".join(f"({t.subject} {t.predicate} {t.object})" for t in chunk)
            rows = self.select(
                f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES (?s ?p ?o) {{ {values} }} "
                f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {graph}{union}) }}",
                union=False,
            )
            found |= {f"{s} {p} {o}" for s, p, o in rows}
        return found

    def replace_graph(self, graph: ox.NamedNode, triples: Iterable[ox.Triple]) -> None:
        """Replace a named graph; the default graph (the merge) changes by this graph's
        triples only."""
        old = [
            ox.Triple(s, p, o)
            for s, p, o in self.select(
                f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}", union=False
            )
        ]
        new = list(triples)
        key = lambda t: f"{t.subject} {t.predicate} {t.object}"  # noqa: E731
        new_keys = {key(t) for t in new}
        gone = [t for t in old if key(t) not in new_keys]
        kept_elsewhere = self._elsewhere(gone, graph) if gone else set()
        self.update(f"DROP SILENT GRAPH {graph}")
        self._data("INSERT", new, graph)
        self._data("DELETE", (t for t in gone if key(t) not in kept_elsewhere), None)
        self._data("INSERT", new, None)

    def load(self, files: list[tuple[Any, ox.NamedNode]]) -> None:
        """Each file into its named graph, replacing it."""
        for path, graph in files:
            triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            self.replace_graph(graph, skolemise(triples, graph))

    def dump(
        self,
        path: str,
        *,
        format: ox.RdfFormat,
        from_graph: ox.NamedNode | ox.DefaultGraph,
        prefixes: dict[str, str] | None = None,
    ) -> None:
        """One graph (the default graph: the merge) into a file, streamed: the engine's
        N-Triples go to disk, then are rewritten in `format`, never held in memory."""
        import tempfile

        if isinstance(from_graph, ox.DefaultGraph):
            from_graph = self.endpoint.union or from_graph
        where = (
            "{ ?s ?p ?o }"
            if isinstance(from_graph, ox.DefaultGraph)
            else f"{{ GRAPH {from_graph} {{ ?s ?p ?o }} }}"
        )
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {where}"
        with tempfile.NamedTemporaryFile(suffix=".nt", dir=os.path.dirname(path)) as raw:
            with (
                reaching(self.endpoint.query),
                self.client.stream(
                    "POST",
                    self.endpoint.query,
                    data={"query": query},
                    headers={"Accept": "application/n-triples"},
                    timeout=None,
                ) as r,
            ):
                if r.status_code != 200:
                    raise self.refused(r)
                for chunk in r.iter_bytes():
                    raw.write(chunk)
            raw.flush()
            triples = ox.parse(path=raw.name, format=ox.RdfFormat.N_TRIPLES)
            ox.serialize(triples, path, format=format, prefixes=prefixes)


def check(url: str, *, write: bool = False) -> None:
    """`RemoteStore.check` for a command that has not started its work yet."""
    store = RemoteStore.of(url)
    try:
        store.check(write=write)
    finally:
        store.close()


def skolemise(triples: Iterable[ox.Triple], graph: ox.NamedNode) -> Iterator[ox.Triple]:
    """Blank nodes (the ontology's OWL lists and restrictions) as IRIs, numbered in order of
    appearance: the same file gives the same IRIs, so replacing its graph can be compared
    triple by triple, and removed with DELETE DATA, which cannot name a blank node."""
    ids: dict[str, ox.NamedNode] = {}
    prefix = graph.value.split("#")[0].rstrip("/") + "/.well-known/genid/"

    def term(t: Any) -> Any:
        if isinstance(t, ox.BlankNode):
            return ids.setdefault(t.value, ox.NamedNode(f"{prefix}{len(ids)}"))
        return t

    for t in triples:
        yield ox.Triple(term(t.subject), t.predicate, term(t.object))
